//! The portal's read model: a contact's own requests. Organization requests and RLS come with the portal issue.
use crate::model::{
    ids::{CustomerUserId, TicketId},
    ticket::{PublicArticle, RequestRow},
};
use sqlx::PgPool;

pub async fn my_requests(
    pool: &PgPool,
    me: CustomerUserId,
    limit: i64,
) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(
        r#"SELECT t.id, t.number, t.title, s.name AS state, t.changed_at
           FROM tickets t JOIN states s ON s.id = t.state_id
           WHERE t.customer_user_id = $1 AND t.state_type NOT IN ('merged', 'removed')
           ORDER BY t.changed_at DESC, t.id DESC LIMIT $2"#,
    )
    .bind(me)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The request only if it is the contact's own; anything else is "not found".
pub async fn my_request(
    pool: &PgPool,
    me: CustomerUserId,
    id: TicketId,
) -> sqlx::Result<RequestRow> {
    sqlx::query_as(
        r#"SELECT t.id, t.number, t.title, s.name AS state, t.changed_at
           FROM tickets t JOIN states s ON s.id = t.state_id
           WHERE t.id = $1 AND t.customer_user_id = $2 AND t.state_type NOT IN ('merged', 'removed')"#,
    )
    .bind(id)
    .bind(me)
    .fetch_one(pool)
    .await
}

/// Customer-visible articles only: internal notes never leave the server.
pub async fn public_articles(pool: &PgPool, ticket: TicketId) -> sqlx::Result<Vec<PublicArticle>> {
    sqlx::query_as(
        r#"SELECT a.sender = 'customer' AS from_customer,
                  coalesce(ag.first_name || ' ' || ag.last_name, cu.first_name || ' ' || cu.last_name, 'System') AS author,
                  a.body, a.created_at
           FROM articles a
           LEFT JOIN agents ag ON ag.id = a.author_agent_id
           LEFT JOIN customer_users cu ON cu.id = a.author_customer_user_id
           WHERE a.ticket_id = $1 AND a.customer_visible
           ORDER BY a.created_at, a.id"#,
    )
    .bind(ticket)
    .fetch_all(pool)
    .await
}
