//! Agents' second factor (`second_factors`, `recovery_codes`) and the sign-in challenge between a right
//! password and its code (`sign_in_challenges`; only the token's SHA-256 is kept).
use super::sessions::token_hash;
use crate::model::ids::AgentId;
use sqlx::{PgConnection, PgPool};

/// An agent's key as the sign-in and the preferences page need it.
pub struct Factor {
    pub secret: Vec<u8>,
    /// The recovery codes in clear while the key is being set up; `None` once it is on.
    pub pending_codes: Option<Vec<String>>,
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_step: i64,
    pub codes_left: i64,
}

impl Factor {
    pub fn is_on(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

pub async fn get(conn: &mut PgConnection, agent: AgentId) -> sqlx::Result<Option<Factor>> {
    sqlx::query_as!(
        Factor,
        r#"SELECT f.secret, f.pending_codes, f.confirmed_at, f.last_step,
                  (SELECT count(*) FROM recovery_codes c WHERE c.agent_id = f.agent_id AND c.used_at IS NULL) AS "codes_left!"
           FROM second_factors f WHERE f.agent_id = $1"#,
        agent.0
    )
    .fetch_optional(conn)
    .await
}

/// A new key being set up (replacing any earlier one, on or not: setting up again means new codes too).
pub async fn start(
    conn: &mut PgConnection,
    agent: AgentId,
    secret: &[u8],
    codes: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO second_factors (agent_id, secret, pending_codes) VALUES ($1, $2, $3)
         ON CONFLICT (agent_id) DO UPDATE
             SET secret = EXCLUDED.secret, pending_codes = EXCLUDED.pending_codes, confirmed_at = NULL, last_step = 0",
        agent.0,
        secret,
        codes,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM recovery_codes WHERE agent_id = $1", agent.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that the code of `step` was used; false when it (or a later one) already was.
pub async fn use_step(conn: &mut PgConnection, agent: AgentId, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE second_factors SET last_step = $2 WHERE agent_id = $1 AND last_step < $2",
        agent.0,
        step
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns a key being set up on: its recovery codes are kept only as hashes from now on.
pub async fn confirm(
    conn: &mut PgConnection,
    agent: AgentId,
    hashes: &[Vec<u8>],
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE second_factors SET confirmed_at = now(), pending_codes = NULL WHERE agent_id = $1",
        agent.0
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO recovery_codes (agent_id, code_hash) SELECT $1, h FROM unnest($2::bytea[]) h",
        agent.0,
        hashes
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses a recovery code (once: marked in the statement that finds it).
pub async fn use_recovery_code(
    conn: &mut PgConnection,
    agent: AgentId,
    hash: &[u8],
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE recovery_codes SET used_at = now() WHERE agent_id = $1 AND code_hash = $2 AND used_at IS NULL",
        agent.0,
        hash
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove(conn: &mut PgConnection, agent: AgentId) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM second_factors WHERE agent_id = $1", agent.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// A challenge for the agent whose password was right; replaces theirs and clears expired ones.
pub async fn challenge(
    pool: &PgPool,
    agent: AgentId,
    attempt: i64,
    token: &str,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "DELETE FROM sign_in_challenges WHERE agent_id = $1 OR expires_at < now()",
        agent.0
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO sign_in_challenges (token_hash, agent_id, attempt) VALUES ($1, $2, $3)",
        token_hash(token),
        agent.0,
        attempt
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The live challenge of a token: its agent and the password's sign-in event.
pub async fn challenged(
    conn: &mut PgConnection,
    token: &str,
) -> sqlx::Result<Option<(AgentId, i64)>> {
    let row = sqlx::query!(
        r#"SELECT c.agent_id AS "agent: AgentId", c.attempt FROM sign_in_challenges c
           JOIN agents a ON a.id = c.agent_id AND a.active
           WHERE c.token_hash = $1 AND c.expires_at > now()"#,
        token_hash(token)
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.agent, r.attempt)))
}

/// A wrong code: the challenge ends after the fifth (the password must be typed again).
pub async fn failed(pool: &PgPool, token: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE sign_in_challenges
         SET failures = failures + 1, expires_at = CASE WHEN failures >= 4 THEN now() ELSE expires_at END
         WHERE token_hash = $1",
        token_hash(token)
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn end_challenge(conn: &mut PgConnection, token: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM sign_in_challenges WHERE token_hash = $1",
        token_hash(token)
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the agent's sign-in needs a code: their role and whether their key is on.
pub async fn needed(
    pool: &PgPool,
    agent: AgentId,
) -> sqlx::Result<(crate::model::viewer::AgentRole, bool)> {
    let row = sqlx::query!(
        r#"SELECT a.role AS "role: crate::model::viewer::AgentRole",
                  EXISTS (SELECT 1 FROM second_factors f WHERE f.agent_id = a.id AND f.confirmed_at IS NOT NULL) AS "on!"
           FROM agents a WHERE a.id = $1"#,
        agent.0
    )
    .fetch_one(pool)
    .await?;
    Ok((row.role, row.on))
}
