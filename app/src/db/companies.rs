use crate::model::{
    customer::{Company, CompanyFields},
    input::CustomerKey,
};

pub async fn by_key(db: impl sqlx::PgExecutor<'_>, key: &CustomerKey) -> sqlx::Result<Company> {
    let r = sqlx::query!(
        r#"SELECT c.id, c.customer_id, c.name, c.phone AS company_phone, c.email AS company_email,
                  coalesce(l.street, '') AS "street!", coalesce(l.zip, '') AS "zip!", coalesce(l.city, '') AS "city!", coalesce(l.country, '') AS "country!",
                  c.url, c.comment, c.version, c.logo_file_id,
                  c.state AS "state: crate::model::object_state::ObjectState", (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into
         FROM companies c
         LEFT JOIN company_locations l ON l.company_id = c.id AND l.is_primary
         WHERE c.customer_id = $1"#,
        key.as_str()
    )
    .fetch_one(db)
    .await?;
    Ok(company_of!(r))
}

/// Saves only when nobody saved in between (optimistic concurrency): `None` means the version was stale.
pub async fn update(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    version: i32,
    f: &CompanyFields,
) -> sqlx::Result<Option<Company>> {
    let r = sqlx::query!(
        r#"WITH c AS (
             UPDATE companies c SET name = $3, url = $8, comment = $9, phone = $10, email = $11,
                    version = version + 1, changed_at = now()
             WHERE customer_id = $1 AND version = $2 AND state IN ('active', 'archived')
             RETURNING c.id, c.customer_id, c.name, c.phone, c.email, c.url, c.comment, c.version, c.logo_file_id,
                       c.state, c.merged_into),
           -- The address is the primary location's (every company has one; the upsert keeps that true).
           l AS (
             INSERT INTO company_locations (company_id, kind, street, zip, city, country, is_primary)
             SELECT c.id, 'headquarters', $4, $5, $6, $7, true FROM c
             ON CONFLICT (company_id) WHERE is_primary DO UPDATE
               SET street = EXCLUDED.street, zip = EXCLUDED.zip, city = EXCLUDED.city, country = EXCLUDED.country,
                   version = company_locations.version
                     + (ROW(company_locations.street, company_locations.zip, company_locations.city, company_locations.country)
                        IS DISTINCT FROM ROW(EXCLUDED.street, EXCLUDED.zip, EXCLUDED.city, EXCLUDED.country))::int,
                   changed_at = now()
             RETURNING street, zip, city, country)
         SELECT c.id, c.customer_id, c.name, c.phone AS company_phone, c.email AS company_email,
                l.street AS "street!", l.zip AS "zip!", l.city AS "city!", l.country AS "country!",
                c.url, c.comment, c.version, c.logo_file_id,
                c.state AS "state: crate::model::object_state::ObjectState",
                (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into
         FROM c, l"#,
        key.as_str(),
        version,
        f.name,
        f.street,
        f.zip,
        f.city,
        f.country,
        f.url,
        f.comment,
        f.phone,
        f.email,
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| company_of!(r)))
}

/// Sets or removes a company's logo (a stored file; `None` removes), as a change of the company.
pub async fn set_logo(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    file: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE companies SET logo_file_id = $2, version = version + 1, changed_at = now() WHERE id = $1",
        company.0,
        file,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A current logo's type and bytes by its file id; any other stored file is no logo.
pub async fn logo(pool: &sqlx::PgPool, file: i64) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    let r = sqlx::query!(
        "SELECT f.content_type, f.data FROM stored_files f
         WHERE f.id = $1 AND EXISTS (SELECT 1 FROM companies c WHERE c.logo_file_id = f.id)",
        file
    )
    .fetch_optional(pool)
    .await?;
    Ok(r.map(|r| (r.content_type, r.data)))
}
