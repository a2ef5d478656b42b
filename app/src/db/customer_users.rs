//! The Customer Users widget: a company's contacts (primary and linked) with their exact ticket counters.
use crate::model::{dashboard::CustomerUserRow, ids::CompanyId};
use sqlx::PgPool;

/// One keyset page ordered by login (unique, case-insensitive); `after` is the last login shown.
pub async fn page(
    pool: &PgPool,
    company: CompanyId,
    after: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<CustomerUserRow>> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT cu.login, trim(cu.first_name || ' ' || cu.last_name), cu.email,
                coalesce(sum(c.n) FILTER (WHERE c.state_type IN ('new', 'open', 'pending_reminder', 'pending_auto')), 0)::bigint,
                coalesce(sum(c.n) FILTER (WHERE c.state_type = 'closed'), 0)::bigint
         FROM customer_user_companies l
         JOIN customer_users cu ON cu.id = l.customer_user_id
         LEFT JOIN customer_user_ticket_counts c ON c.customer_user_id = cu.id
         WHERE l.company_id = $1 AND ($2::text IS NULL OR lower(cu.login) > lower($2))
         GROUP BY cu.id
         ORDER BY lower(cu.login)
         LIMIT $3",
    )
    .bind(company)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(login, name, email, open, closed)| CustomerUserRow {
            name: if name.is_empty() { login.clone() } else { name },
            login,
            email,
            open,
            closed,
        })
        .collect())
}

/// An active customer user's id and primary company, by login.
pub async fn id_and_company(pool: &PgPool, login: &str) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "SELECT id, company_id FROM customer_users WHERE lower(login) = lower($1) AND active",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
}
