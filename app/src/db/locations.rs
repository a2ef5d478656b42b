//! A company's locations. Every change first moves the company's version (so an open Customer Information
//! form, which edits the primary location's address, cannot overwrite a newer one) and so also holds the
//! company's row lock: two changes of one company's locations run one after the other, and the "one
//! primary" index never sees a race.
use crate::model::{
    ids::CompanyId,
    location::{Location, LocationFields, LocationKind},
};
use sqlx::PgConnection;

pub async fn list(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
) -> sqlx::Result<Vec<Location>> {
    sqlx::query_as!(
        Location,
        r#"SELECT id, kind AS "kind: LocationKind", name, street, zip, city, country, phone,
                  is_primary AS "primary", version
           FROM company_locations WHERE company_id = $1 ORDER BY is_primary DESC, id"#,
        company.0
    )
    .fetch_all(db)
    .await
}

async fn touch_company(conn: &mut PgConnection, company: CompanyId) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE companies SET version = version + 1, changed_at = now() WHERE id = $1",
        company.0
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a location (primary only when the company has none), or edits one at `version`. False when the
/// location is not the company's or the version is stale.
pub async fn save(
    conn: &mut PgConnection,
    company: CompanyId,
    id: Option<i64>,
    version: i32,
    f: &LocationFields,
) -> sqlx::Result<bool> {
    touch_company(conn, company).await?;
    let done = match id {
        None => sqlx::query!(
            "INSERT INTO company_locations (company_id, kind, name, street, zip, city, country, phone, is_primary)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8,
                    NOT EXISTS (SELECT 1 FROM company_locations WHERE company_id = $1 AND is_primary)",
            company.0,
            f.kind as LocationKind,
            f.name,
            f.street,
            f.zip,
            f.city,
            f.country,
            f.phone,
        )
        .execute(conn)
        .await?,
        Some(id) => sqlx::query!(
            "UPDATE company_locations SET kind = $4, name = $5, street = $6, zip = $7, city = $8, country = $9,
                    phone = $10, version = version + 1, changed_at = now()
             WHERE id = $1 AND company_id = $2 AND version = $3",
            id,
            company.0,
            version,
            f.kind as LocationKind,
            f.name,
            f.street,
            f.zip,
            f.city,
            f.country,
            f.phone,
        )
        .execute(conn)
        .await?,
    };
    Ok(done.rows_affected() == 1)
}

/// Moves the primary mark to location `id` of the company. False when it is not the company's.
pub async fn make_primary(
    conn: &mut PgConnection,
    company: CompanyId,
    id: i64,
) -> sqlx::Result<bool> {
    touch_company(conn, company).await?;
    // Two statements: the unique index is checked row by row, so the old mark goes first.
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM company_locations WHERE id = $1 AND company_id = $2) AS "e!""#,
        id,
        company.0
    )
    .fetch_one(&mut *conn)
    .await?;
    if !exists {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE company_locations SET is_primary = false, version = version + 1, changed_at = now()
         WHERE company_id = $1 AND is_primary AND id <> $2",
        company.0,
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE company_locations SET is_primary = true, version = version + 1, changed_at = now()
         WHERE id = $1 AND company_id = $2 AND NOT is_primary",
        id,
        company.0
    )
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// What removing a location did.
#[derive(Debug, PartialEq, Eq)]
pub enum Removed {
    Done,
    /// The primary location stays until another one is made primary.
    Primary,
    NotFound,
}

pub async fn remove(conn: &mut PgConnection, company: CompanyId, id: i64) -> sqlx::Result<Removed> {
    touch_company(conn, company).await?;
    let primary = sqlx::query_scalar!(
        "DELETE FROM company_locations WHERE id = $1 AND company_id = $2 AND NOT is_primary RETURNING is_primary",
        id,
        company.0
    )
    .fetch_optional(&mut *conn)
    .await?;
    if primary.is_some() {
        return Ok(Removed::Done);
    }
    let is_primary = sqlx::query_scalar!(
        "SELECT is_primary FROM company_locations WHERE id = $1 AND company_id = $2",
        id,
        company.0
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match is_primary {
        Some(true) => Removed::Primary,
        _ => Removed::NotFound,
    })
}
