//! Agents: looked up by login for sign-in and for tools.
use crate::model::ids::AgentId;
use sqlx::PgPool;

/// An agent's id by login (case-insensitive), active or not.
pub async fn id_by_login(pool: &PgPool, login: &str) -> sqlx::Result<AgentId> {
    sqlx::query_scalar("SELECT id FROM agents WHERE lower(login) = lower($1)")
        .bind(login)
        .fetch_one(pool)
        .await
}

/// An active agent's id and password hash, by login or email (case-insensitive), for sign-in.
pub async fn credentials(
    pool: &PgPool,
    login: &str,
) -> sqlx::Result<Option<(AgentId, Option<String>)>> {
    sqlx::query_as(
        "SELECT id, password_hash FROM agents
         WHERE (lower(login) = lower($1) OR lower(email) = lower($1)) AND active",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
}
