use crate::model::{
    ids::{AgentId, CustomerUserId},
    viewer::{AgentRole, AgentViewer, ContactViewer, Realm, Viewer},
};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// Idle timeouts (spec): agents 8 h, contacts 30 min; absolute lifetime 12 h for both.
pub const AGENT_IDLE_MINUTES: i32 = 8 * 60;
pub const CONTACT_IDLE_MINUTES: i32 = 30;
pub const ABSOLUTE_HOURS: i32 = 12;

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub fn new_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub async fn create(
    pool: &PgPool,
    realm: Realm,
    agent: Option<AgentId>,
    contact: Option<CustomerUserId>,
) -> sqlx::Result<String> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, realm, agent_id, customer_user_id, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))",
    )
    .bind(token_hash(&token))
    .bind(realm)
    .bind(agent)
    .bind(contact)
    .bind(ABSOLUTE_HOURS)
    .execute(pool)
    .await?;
    Ok(token)
}

pub async fn delete(pool: &PgPool, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: Vec<u8>,
    realm: Realm,
    agent_id: Option<AgentId>,
    agent_role: Option<AgentRole>,
    agent_name: Option<String>,
    agent_tz: Option<String>,
    customer_user_id: Option<CustomerUserId>,
    contact_name: Option<String>,
}

/// Resolves both session cookies in one statement; also refreshes `last_seen_at` at most once a minute
/// so a page view does not write on every request.
pub async fn resolve(
    pool: &PgPool,
    agent_token: Option<&str>,
    contact_token: Option<&str>,
) -> sqlx::Result<Viewer> {
    let agent_hash = agent_token.map(token_hash);
    let contact_hash = contact_token.map(token_hash);
    let hashes: Vec<Vec<u8>> = [&agent_hash, &contact_hash]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if hashes.is_empty() {
        return Ok(Viewer::default());
    }
    let rows: Vec<SessionRow> = sqlx::query_as(
        r#"WITH s AS (
             SELECT s.token_hash, s.realm, s.agent_id, s.customer_user_id, s.last_seen_at
             FROM sessions s
             WHERE s.token_hash = ANY($1) AND s.expires_at > now()
               AND s.last_seen_at > now() - make_interval(mins => CASE s.realm WHEN 'agent' THEN $2 ELSE $3 END)
           ), touch AS (
             UPDATE sessions t SET last_seen_at = now()
             FROM s WHERE t.token_hash = s.token_hash AND s.last_seen_at < now() - interval '1 minute'
           )
           SELECT s.token_hash, s.realm, a.id AS agent_id, a.role AS agent_role,
                  a.first_name || ' ' || a.last_name AS agent_name, a.time_zone AS agent_tz,
                  c.id AS customer_user_id, c.first_name || ' ' || c.last_name AS contact_name
           FROM s
           LEFT JOIN agents a ON a.id = s.agent_id AND a.active
           LEFT JOIN customer_users c ON c.id = s.customer_user_id AND c.active"#,
    )
    .bind(&hashes)
    .bind(AGENT_IDLE_MINUTES)
    .bind(CONTACT_IDLE_MINUTES)
    .fetch_all(pool)
    .await?;
    let mut viewer = Viewer::default();
    for r in rows {
        // A token is only good in the cookie of its own realm.
        let from_agent_cookie = agent_hash.as_ref() == Some(&r.token_hash);
        let from_contact_cookie = contact_hash.as_ref() == Some(&r.token_hash);
        match (r.realm, r.agent_id, r.agent_role, r.customer_user_id) {
            (Realm::Agent, Some(id), Some(role), _) if from_agent_cookie => {
                viewer.agent = Some(AgentViewer {
                    id,
                    role,
                    name: r.agent_name.unwrap_or_default(),
                    time_zone: r.agent_tz,
                })
            }
            (Realm::Contact, _, _, Some(id)) if from_contact_cookie => {
                viewer.contact = Some(ContactViewer {
                    id,
                    name: r.contact_name.unwrap_or_default(),
                })
            }
            _ => {}
        }
    }
    Ok(viewer)
}
