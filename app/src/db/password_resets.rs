//! One-time password reset links (`password_resets`): only the token's SHA-256 is kept.
use super::sessions::token_hash;
use crate::model::ids::{AgentId, CustomerUserId};
use sqlx::{PgConnection, PgPool};

/// Stores a new link for the customer user, voiding any unused one.
pub async fn issue(
    conn: &mut PgConnection,
    user: CustomerUserId,
    agent: AgentId,
    token: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM password_resets WHERE customer_user_id = $1 AND used_at IS NULL",
        user.0
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO password_resets (token_hash, customer_user_id, issued_by) VALUES ($1, $2, $3)",
        token_hash(token),
        user.0,
        agent.0,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The active customer user a usable link is for (unused, not expired), without using it.
pub async fn peek(pool: &PgPool, token: &str) -> sqlx::Result<Option<CustomerUserId>> {
    sqlx::query_scalar!(
        r#"SELECT r.customer_user_id AS "id: CustomerUserId" FROM password_resets r
           JOIN customer_users u ON u.id = r.customer_user_id AND u.active
           WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()"#,
        token_hash(token)
    )
    .fetch_optional(pool)
    .await
}

/// Uses the link (once: the row is marked in the same statement that checks it); its customer user.
pub async fn take(conn: &mut PgConnection, token: &str) -> sqlx::Result<Option<CustomerUserId>> {
    sqlx::query_scalar!(
        r#"UPDATE password_resets SET used_at = now()
           WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
           RETURNING customer_user_id AS "id: CustomerUserId""#,
        token_hash(token)
    )
    .fetch_optional(conn)
    .await
}
