//! A company's files (`customer_files`, content in `stored_file_chunks`): the widget's list with its count
//! in one statement, storing an upload from its spool file one chunk at a time, soft deleting, and the
//! reads a download streams from — one chunk per statement, on the agent's pool or in the portal's
//! row-level-secured transaction.
use crate::{
    db::portal::PortalTx,
    model::{
        customer_file::{size_label, FileRow, NewFile, PortalFile},
        ids::{AgentId, CompanyId},
    },
    upload::Spooled,
};
use sqlx::{PgConnection, PgExecutor};
use tokio::io::AsyncReadExt;

/// The size of a stored chunk, and so the most a download or an upload holds in memory at once.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// What a download needs before its first chunk.
#[derive(Debug)]
pub struct Download {
    pub file_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub chunks: i32,
}

/// The company's live files, newest first (at most `limit`), and how many it has in all.
pub async fn list(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    limit: i64,
) -> sqlx::Result<(i64, Vec<FileRow>)> {
    let rows = sqlx::query!(
        r#"SELECT count(*) OVER () AS "total!", c.id, f.name, f.content_type, f.size, c.description,
                  c.category, c.portal_visible, c.uploaded_at, g.first_name || ' ' || g.last_name AS "uploader!"
           FROM customer_files c JOIN stored_files f ON f.id = c.file_id JOIN agents g ON g.id = c.uploaded_by
           WHERE c.company_id = $1 AND c.deleted_at IS NULL
           ORDER BY c.uploaded_at DESC, c.id DESC LIMIT $2"#,
        company.0,
        limit,
    )
    .fetch_all(db)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok((
        total,
        rows.into_iter()
            .map(|r| FileRow {
                id: r.id,
                name: r.name,
                content_type: r.content_type,
                size: r.size,
                description: r.description,
                category: r.category,
                portal_visible: r.portal_visible,
                uploaded_at: r.uploaded_at,
                uploader: r.uploader,
            })
            .collect(),
    ))
}

/// Stores one checked upload as the company's file: the content row, then its chunks read from the spool
/// file one at a time, then the file's row. In the caller's transaction: all of it or none.
pub async fn store(
    tx: &mut PgConnection,
    company: CompanyId,
    by: AgentId,
    new: &NewFile,
    spooled: &Spooled,
) -> sqlx::Result<i64> {
    let chunks = spooled.size.div_ceil(CHUNK_BYTES as u64) as i32;
    let file = sqlx::query_scalar!(
        "INSERT INTO stored_files (name, content_type, size, sha256, data, chunks, agent_id)
         VALUES ($1, $2, $3, $4, '', $5, $6) RETURNING id",
        new.name,
        new.content_type,
        spooled.size as i64,
        spooled.sha256.as_slice(),
        chunks,
        by.0,
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut content = spooled.open().await?;
    let mut buf = vec![0u8; CHUNK_BYTES];
    for seq in 0..chunks {
        let mut filled = 0;
        while filled < CHUNK_BYTES {
            let n = content.read(&mut buf[filled..]).await?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        sqlx::query!(
            "INSERT INTO stored_file_chunks (file_id, seq, data) VALUES ($1, $2, $3)",
            file,
            seq,
            &buf[..filled],
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query_scalar!(
        "INSERT INTO customer_files (company_id, file_id, description, category, portal_visible, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        company.0,
        file,
        new.description,
        new.category,
        new.portal_visible,
        by.0,
    )
    .fetch_one(&mut *tx)
    .await
}

/// Soft-deletes a live file of the company; false when there is none with that id.
pub async fn delete(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
    by: AgentId,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE customer_files SET deleted_at = now(), deleted_by = $3
         WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        id,
        company.0,
        by.0,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A live file of the company, for an agent's download.
pub async fn for_agent(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
) -> sqlx::Result<Option<Download>> {
    sqlx::query_as!(
        Download,
        "SELECT f.id AS file_id, f.name, f.content_type, f.size, f.chunks
         FROM customer_files c JOIN stored_files f ON f.id = c.file_id
         WHERE c.id = $1 AND c.company_id = $2 AND c.deleted_at IS NULL",
        id,
        company.0,
    )
    .fetch_optional(db)
    .await
}

/// One chunk of a stored file's content.
pub async fn chunk(db: impl PgExecutor<'_>, file: i64, seq: i32) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar!(
        "SELECT data FROM stored_file_chunks WHERE file_id = $1 AND seq = $2",
        file,
        seq
    )
    .fetch_optional(db)
    .await
}

/// The files visible in the portal to this contact (checked here and again by row-level security), newest first.
pub async fn portal_list(tx: &mut PortalTx) -> sqlx::Result<Vec<PortalFile>> {
    let rows = sqlx::query!(
        r#"SELECT c.id, co.name || ' (' || co.customer_id || ')' AS "company!", f.name, f.size, c.description,
                  c.category, to_char(c.uploaded_at AT TIME ZONE co.time_zone, 'YYYY-MM-DD') AS "uploaded_on!"
           FROM customer_files c JOIN stored_files f ON f.id = c.file_id JOIN companies co ON co.id = c.company_id
           WHERE c.portal_visible AND c.deleted_at IS NULL AND c.company_id = ANY (portal_view_companies())
           ORDER BY c.uploaded_at DESC, c.id DESC LIMIT 500"#
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PortalFile {
            id: r.id,
            company: r.company,
            name: r.name,
            size: size_label(r.size),
            description: r.description,
            category: r.category,
            uploaded_on: r.uploaded_on,
        })
        .collect())
}

/// A file the contact may download (checked here and again by row-level security).
pub async fn for_portal(tx: &mut PortalTx, id: i64) -> sqlx::Result<Option<Download>> {
    sqlx::query_as!(
        Download,
        "SELECT f.id AS file_id, f.name, f.content_type, f.size, f.chunks
         FROM customer_files c JOIN stored_files f ON f.id = c.file_id
         WHERE c.id = $1 AND c.portal_visible AND c.deleted_at IS NULL
           AND c.company_id = ANY (portal_view_companies())",
        id,
    )
    .fetch_optional(&mut **tx)
    .await
}
