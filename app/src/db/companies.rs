use crate::model::{
    customer::{Company, CompanyFields},
    input::CustomerKey,
};

pub async fn by_key(db: impl sqlx::PgExecutor<'_>, key: &CustomerKey) -> sqlx::Result<Company> {
    sqlx::query_as(concat!(
        "SELECT ",
        company_columns!(""),
        " FROM companies WHERE customer_id = $1"
    ))
    .bind(key.as_str())
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
    sqlx::query_as(concat!(
        "UPDATE companies SET name = $3, street = $4, zip = $5, city = $6, country = $7, url = $8, comment = $9,
                version = version + 1, changed_at = now()
         WHERE customer_id = $1 AND version = $2
         RETURNING ",
        company_columns!("")
    ))
    .bind(key.as_str())
    .bind(version)
    .bind(&f.name)
    .bind(&f.street)
    .bind(&f.zip)
    .bind(&f.city)
    .bind(&f.country)
    .bind(&f.url)
    .bind(&f.comment)
    .fetch_optional(db)
    .await
}
