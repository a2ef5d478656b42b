//! Activities (`activities`, `activity_participants`): the widget's page in one statement (with the
//! company's customer users for the form), saving with the people involved, soft deleting.
use crate::model::{
    activity::{ActivityFields, ActivityRow},
    ids::{AgentId, CompanyId},
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

/// A page position: the last row's time and id.
pub type After = Option<(DateTime<Utc>, i64)>;

/// The company's live activities older than `after`, newest first, of one kind or all; with the company's
/// active customer users (login, name) for the form.
pub async fn page(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    kind: Option<&str>,
    after: After,
    limit: i64,
) -> sqlx::Result<(Vec<ActivityRow>, Vec<(String, String)>)> {
    let (at, id) = after.unzip();
    let rows = sqlx::query!(
        r#"WITH choices AS (
             SELECT coalesce(json_agg(json_build_array(u.login, u.first_name || ' ' || u.last_name)
                                      ORDER BY u.last_name, u.first_name, u.login), '[]')::text AS people
             FROM customer_user_companies l JOIN customer_users u ON u.id = l.customer_user_id
             WHERE l.company_id = $1 AND u.active)
           SELECT c.people AS "choices!", a.id AS "id?", a.kind AS "kind?", a.subject AS "subject?", a.body AS "body?",
                  a.happened_at AS "happened_at?", a.minutes, a.author_id AS "author_id?", a.author AS "author?",
                  a.version AS "version?", a.people AS "people?"
           FROM choices c
           LEFT JOIN LATERAL (
             SELECT a.id, a.kind::text AS kind, a.subject, a.body, a.happened_at, a.minutes, a.author_id,
                    g.first_name || ' ' || g.last_name AS author, a.version,
                    (SELECT coalesce(json_agg(json_build_array(u.login, u.first_name || ' ' || u.last_name)
                                              ORDER BY u.last_name, u.first_name), '[]')
                     FROM activity_participants p JOIN customer_users u ON u.id = p.customer_user_id
                     WHERE p.activity_id = a.id)::text AS people
             FROM activities a JOIN agents g ON g.id = a.author_id
             WHERE a.company_id = $1 AND a.deleted_at IS NULL AND ($2::text IS NULL OR a.kind::text = $2)
               AND ($3::timestamptz IS NULL OR (a.happened_at, a.id) < ($3, $4::bigint))
             ORDER BY a.happened_at DESC, a.id DESC LIMIT $5) a ON true
           ORDER BY a.happened_at DESC, a.id DESC"#,
        company.0,
        kind,
        at,
        id,
        limit,
    )
    .fetch_all(db)
    .await?;
    let choices = rows
        .first()
        .map(|r| serde_json::from_str(&r.choices).unwrap_or_default())
        .unwrap_or_default();
    let list = rows
        .into_iter()
        .filter_map(|r| {
            Some(ActivityRow {
                id: r.id?,
                kind: r.kind?,
                subject: r.subject?,
                body: r.body?,
                happened_at: r.happened_at?,
                minutes: r.minutes,
                author_id: r.author_id?,
                author: r.author?,
                version: r.version?,
                people: serde_json::from_str(&r.people?).unwrap_or_default(),
            })
        })
        .collect();
    Ok((list, choices))
}

/// The author of a live activity of the company (`None`: no such activity there).
pub async fn author(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!(
        "SELECT author_id FROM activities WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        id,
        company.0,
    )
    .fetch_optional(db)
    .await
}

/// Of these logins, the ones that are not the company's active customer users.
pub async fn strangers(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    logins: &[String],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"SELECT l AS "login!" FROM unnest($2::text[]) l
           WHERE NOT EXISTS (SELECT 1 FROM customer_user_companies c JOIN customer_users u ON u.id = c.customer_user_id
                             WHERE c.company_id = $1 AND u.login = l AND u.active)"#,
        company.0,
        logins,
    )
    .fetch_all(db)
    .await
}

/// Inserts (no `id`) or updates the activity at `version`, then makes its people these; `false` when the
/// activity is not the company's live one at that version (changed or deleted meanwhile).
pub async fn save(
    conn: &mut PgConnection,
    company: CompanyId,
    author: AgentId,
    id: Option<i64>,
    version: i32,
    f: &ActivityFields,
) -> sqlx::Result<bool> {
    let id = match id {
        None => sqlx::query_scalar!(
            "INSERT INTO activities (company_id, kind, subject, body, happened_at, minutes, author_id)
             VALUES ($1, $2::text::activity_kind, $3, $4, $5, $6, $7) RETURNING id",
            company.0,
            f.kind,
            f.subject,
            f.body,
            f.happened_at,
            f.minutes,
            author.0,
        )
        .fetch_one(&mut *conn)
        .await?,
        Some(id) => {
            let updated = sqlx::query_scalar!(
                "UPDATE activities SET kind = $3::text::activity_kind, subject = $4, body = $5, happened_at = $6,
                        minutes = $7, version = version + 1, changed_at = now()
                 WHERE id = $1 AND company_id = $2 AND version = $8 AND deleted_at IS NULL RETURNING id",
                id,
                company.0,
                f.kind,
                f.subject,
                f.body,
                f.happened_at,
                f.minutes,
                version,
            )
            .fetch_optional(&mut *conn)
            .await?;
            match updated {
                Some(id) => id,
                None => return Ok(false),
            }
        }
    };
    sqlx::query!(
        "DELETE FROM activity_participants p USING customer_users u
         WHERE p.activity_id = $1 AND u.id = p.customer_user_id AND u.login <> ALL ($2)",
        id,
        &f.people,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO activity_participants (activity_id, company_id, customer_user_id)
         SELECT $1, $2, u.id FROM customer_users u WHERE u.login = ANY ($3)
         ON CONFLICT (activity_id, customer_user_id) DO NOTHING",
        id,
        company.0,
        &f.people,
    )
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Soft-deletes the company's live activity at `version`; `false` when there is none.
pub async fn delete(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
    version: i32,
    by: AgentId,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE activities SET deleted_at = now(), deleted_by = $4, version = version + 1, changed_at = now()
         WHERE id = $1 AND company_id = $2 AND version = $3 AND deleted_at IS NULL",
        id,
        company.0,
        version,
        by.0,
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}
