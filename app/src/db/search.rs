use crate::model::{customer::SearchHit, ids::CustomerUserId, input::SearchTerm};
use sqlx::PgPool;

/// Companies and customer users matching the term, companies first; `limit + 1` rows tell "more".
/// The trigram indexes on the lowered concatenations answer the LIKE patterns.
pub async fn search(
    pool: &PgPool,
    term: &SearchTerm,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<SearchHit>> {
    let pattern = match term {
        SearchTerm::All => "%".to_string(),
        SearchTerm::Pattern(p) => p.clone(),
    };
    let rows = sqlx::query!(
        r#"(SELECT 'company' AS "kind!", NULL::bigint AS id, customer_id AS "key!", name AS "name!",
                   '' AS "email!", 0 AS ord
            FROM companies WHERE lower(customer_id || ' ' || name) LIKE $1 AND state = 'active')
           UNION ALL
           (SELECT 'user', id, login, first_name || ' ' || last_name, email, 1
            FROM customer_users
            WHERE lower(login || ' ' || email || ' ' || first_name || ' ' || last_name) LIKE $1 AND active)
           ORDER BY ord, 4, 3 LIMIT $2 OFFSET $3"#,
        pattern,
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| match (r.kind.as_str(), r.id) {
            ("user", Some(id)) => SearchHit::CustomerUser {
                id: CustomerUserId(id),
                login: r.key,
                name: r.name,
                email: r.email,
            },
            _ => SearchHit::Company {
                customer_id: r.key,
                name: r.name,
            },
        })
        .collect())
}
