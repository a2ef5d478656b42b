use crate::model::{
    customer::{Company, CompanyFields},
    input::CustomerKey,
};

pub async fn by_key(db: impl sqlx::PgExecutor<'_>, key: &CustomerKey) -> sqlx::Result<Company> {
    sqlx::query_as!(
        Company,
        r#"SELECT id AS "id: _", customer_id, name, street, zip, city, country, url, comment, valid, version
         FROM companies WHERE customer_id = $1"#,
        key.as_str()
    )
    .fetch_one(db)
    .await
}

/// Saves only when nobody saved in between (optimistic concurrency): `None` means the version was stale.
pub async fn update(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    version: i32,
    f: &CompanyFields,
) -> sqlx::Result<Option<Company>> {
    sqlx::query_as!(
        Company,
        r#"UPDATE companies SET name = $3, street = $4, zip = $5, city = $6, country = $7, url = $8, comment = $9,
                version = version + 1, changed_at = now()
         WHERE customer_id = $1 AND version = $2
         RETURNING id AS "id: _", customer_id, name, street, zip, city, country, url, comment, valid, version"#,
        key.as_str(),
        version,
        f.name,
        f.street,
        f.zip,
        f.city,
        f.country,
        f.url,
        f.comment,
    )
    .fetch_optional(db)
    .await
}
