//! Agents, looked up by login (tools; sign-in reads `sessions::credentials`).
use crate::model::ids::AgentId;
use sqlx::PgPool;

/// An agent's id by login (case-insensitive), active or not.
pub async fn id_by_login(pool: &PgPool, login: &str) -> sqlx::Result<AgentId> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id: AgentId" FROM agents WHERE lower(login) = lower($1)"#,
        login
    )
    .fetch_one(pool)
    .await
}

/// An agent's login (what their authenticator app shows beside the code).
pub async fn login(pool: &PgPool, agent: AgentId) -> sqlx::Result<String> {
    sqlx::query_scalar!("SELECT login FROM agents WHERE id = $1", agent.0)
        .fetch_one(pool)
        .await
}
