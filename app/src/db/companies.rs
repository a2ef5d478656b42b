use crate::model::{customer::Company, ids::CompanyId, input::CustomerKey, ticket::CompanyStatus};
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

/// All four Company Status numbers in one statement: the exact counters give open/closed/all,
/// the partial escalation index gives escalated (a small set).
pub async fn status(pool: &PgPool, company: CompanyId) -> sqlx::Result<CompanyStatus> {
    let (open, closed, escalated): (i64, i64, i64) = sqlx::query_as(
        r#"SELECT
             coalesce(sum(n) FILTER (WHERE state_type IN ('new', 'open', 'pending_reminder', 'pending_auto')), 0)::bigint,
             coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint,
             (SELECT count(*) FROM tickets WHERE company_id = $1 AND escalation_at <= now())
           FROM ticket_counts WHERE company_id = $1"#,
    )
    .bind(company)
    .fetch_one(pool)
    .await?;
    Ok(CompanyStatus {
        escalated,
        open,
        closed,
        all: open + closed,
    })
}
