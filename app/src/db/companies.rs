use crate::model::{customer::Company, input::CustomerKey};
use sqlx::PgPool;

pub async fn by_key(pool: &PgPool, key: &CustomerKey) -> sqlx::Result<Company> {
    sqlx::query_as(
        "SELECT id, customer_id, name, street, zip, city, country, url, comment, valid, version
         FROM companies WHERE customer_id = $1",
    )
    .bind(key.as_str())
    .fetch_one(pool)
    .await
}
