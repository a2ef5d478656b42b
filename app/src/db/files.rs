//! `stored_files`: an upload's content, written once (see `crate::upload`).
use crate::model::ids::{AgentId, CustomerUserId};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// Who uploaded a file.
#[derive(Debug, Clone, Copy)]
pub enum Uploader {
    Agent(AgentId),
    CustomerUser(CustomerUserId),
}

pub struct StoredFile {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Stores a checked upload in one statement; returns its id.
pub async fn insert(
    db: impl sqlx::PgExecutor<'_>,
    by: Uploader,
    name: &str,
    content_type: &str,
    data: &[u8],
) -> sqlx::Result<i64> {
    let (agent, contact) = match by {
        Uploader::Agent(a) => (Some(a.0), None),
        Uploader::CustomerUser(c) => (None, Some(c.0)),
    };
    let sha256 = Sha256::digest(data);
    sqlx::query_scalar!(
        "INSERT INTO stored_files (name, content_type, size, sha256, data, agent_id, customer_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        name,
        content_type,
        data.len() as i64,
        sha256.as_slice(),
        data,
        agent,
        contact,
    )
    .fetch_one(db)
    .await
}

pub async fn get(pool: &PgPool, id: i64) -> sqlx::Result<Option<StoredFile>> {
    sqlx::query_as!(
        StoredFile,
        "SELECT name, content_type, data FROM stored_files WHERE id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}
