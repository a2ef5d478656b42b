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

/// Who signs in: an active agent's or customer user's id and password hash, by login or email
/// (case-insensitive). Two fixed statements, one per realm's table.
pub async fn credentials(
    pool: &PgPool,
    realm: Realm,
    login: &str,
) -> sqlx::Result<Option<(i64, Option<String>)>> {
    let row = match realm {
        Realm::Agent => sqlx::query!(
            "SELECT id, password_hash FROM agents
             WHERE (lower(login) = lower($1) OR lower(email) = lower($1)) AND active",
            login
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.password_hash)),
        Realm::Contact => sqlx::query!(
            "SELECT id, password_hash FROM customer_users
             WHERE (lower(login) = lower($1) OR lower(email) = lower($1)) AND active",
            login
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.password_hash)),
    };
    Ok(row)
}

/// Where a session was opened from, as its owner sees it in "Signed-in devices".
pub struct Origin<'a> {
    pub user_agent: &'a str,
    pub addr: &'a str,
}

pub async fn create(
    pool: &PgPool,
    realm: Realm,
    agent: Option<AgentId>,
    contact: Option<CustomerUserId>,
    origin: &Origin<'_>,
) -> sqlx::Result<String> {
    let token = new_token();
    // Capped by characters, as the table's checks count them.
    let cap = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    sqlx::query!(
        "INSERT INTO sessions (token_hash, realm, agent_id, customer_user_id, expires_at, user_agent, client_addr)
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5), $6, $7)",
        token_hash(&token),
        realm as _,
        agent.map(|a| a.0),
        contact.map(|c| c.0),
        ABSOLUTE_HOURS,
        cap(origin.user_agent, 300),
        cap(origin.addr, 100),
    )
    .execute(pool)
    .await?;
    Ok(token)
}

pub async fn delete(pool: &PgPool, token: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM sessions WHERE token_hash = $1",
        token_hash(token)
    )
    .execute(pool)
    .await?;
    Ok(())
}

struct SessionRow {
    token_hash: Vec<u8>,
    realm: Realm,
    agent_id: Option<AgentId>,
    agent_role: Option<AgentRole>,
    agent_name: Option<String>,
    agent_tz: Option<String>,
    customer_user_id: Option<CustomerUserId>,
    contact_name: Option<String>,
    impersonated_id: Option<CustomerUserId>,
    impersonated_name: Option<String>,
    org_admin: bool,
    overdue_tasks: i64,
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
    let rows = sqlx::query_as!(
        SessionRow,
        r#"WITH s AS (
             SELECT s.token_hash, s.realm, s.agent_id, s.customer_user_id, s.impersonating, s.last_seen_at
             FROM sessions s
             WHERE s.token_hash = ANY($1) AND s.expires_at > now()
               AND s.last_seen_at > now() - make_interval(mins => CASE s.realm WHEN 'agent' THEN $2::integer ELSE $3::integer END)
           ), touch AS (
             UPDATE sessions t SET last_seen_at = now()
             FROM s WHERE t.token_hash = s.token_hash AND s.last_seen_at < now() - interval '1 minute'
           )
           SELECT s.token_hash AS "token_hash!", s.realm AS "realm!: Realm", a.id AS "agent_id?: AgentId",
                  a.role AS "agent_role?: AgentRole",
                  a.first_name || ' ' || a.last_name AS agent_name, a.time_zone AS "agent_tz?",
                  c.id AS "customer_user_id?: CustomerUserId", c.first_name || ' ' || c.last_name AS contact_name,
                  i.id AS "impersonated_id?: CustomerUserId", i.first_name || ' ' || i.last_name AS impersonated_name,
                  EXISTS (SELECT 1 FROM customer_user_companies l
                          WHERE l.customer_user_id = coalesce(i.id, c.id) AND l.org_admin) AS "org_admin!",
                  -- The top bar's count (customer_tasks_assignee_open_idx), counted up to 100 so a long
                  -- backlog does not slow every request down.
                  (SELECT count(*) FROM (SELECT 1 FROM customer_tasks t
                   WHERE t.assignee_id = a.id AND t.done_at IS NULL AND t.deleted_at IS NULL
                     AND t.due_at < now() LIMIT 100) o) AS "overdue_tasks!"
           FROM s
           LEFT JOIN agents a ON a.id = s.agent_id AND a.active
           LEFT JOIN customer_users c ON c.id = s.customer_user_id AND c.active
           LEFT JOIN customer_users i ON i.id = s.impersonating AND i.active AND a.role = 'admin'"#,
        &hashes,
        AGENT_IDLE_MINUTES,
        CONTACT_IDLE_MINUTES,
    )
    .fetch_all(pool)
    .await?;
    let mut viewer = Viewer::default();
    for r in rows {
        // A token is only good in the cookie of its own realm.
        let from_agent_cookie = agent_hash.as_ref() == Some(&r.token_hash);
        let from_contact_cookie = contact_hash.as_ref() == Some(&r.token_hash);
        match (r.realm, r.agent_id, r.agent_role, r.customer_user_id) {
            (Realm::Agent, Some(id), Some(role), _) if from_agent_cookie => {
                let name = r.agent_name.unwrap_or_default();
                // An admin viewing the portal as a contact: the portal sees that contact, marked read-only.
                if let Some(target) = r.impersonated_id {
                    viewer.contact = Some(ContactViewer {
                        id: target,
                        name: r.impersonated_name.unwrap_or_default(),
                        impersonator: Some(name.clone()),
                        org_admin: r.org_admin,
                    });
                }
                viewer.agent = Some(AgentViewer {
                    id,
                    role,
                    name,
                    time_zone: r.agent_tz,
                    overdue_tasks: r.overdue_tasks,
                })
            }
            // While impersonating, the agent's view of the portal wins over a real portal session.
            (Realm::Contact, _, _, Some(id)) if from_contact_cookie && viewer.contact.is_none() => {
                viewer.contact = Some(ContactViewer {
                    id,
                    name: r.contact_name.unwrap_or_default(),
                    impersonator: None,
                    org_admin: r.org_admin,
                })
            }
            _ => {}
        }
    }
    Ok(viewer)
}

/// Deletes the sessions that ended by time (absolute lifetime or idle timeout); returns how many. Their
/// impersonations' ends are recorded by the sessions trigger.
pub async fn expire(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM sessions WHERE expires_at < now()
            OR last_seen_at < now() - make_interval(mins => CASE realm WHEN 'agent' THEN $1::integer ELSE $2::integer END)",
        AGENT_IDLE_MINUTES,
        CONTACT_IDLE_MINUTES,
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Starts or ends an agent session's impersonation of a contact (None ends it).
pub async fn set_impersonating(
    db: impl sqlx::PgExecutor<'_>,
    agent_token: &str,
    target: Option<CustomerUserId>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE sessions SET impersonating = $2 WHERE token_hash = $1 AND realm = 'agent'",
        token_hash(agent_token),
        target.map(|t| t.0),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A contact's current password hash, read on its own (no transaction is held while it is checked).
pub async fn contact_password_hash(
    pool: &PgPool,
    id: CustomerUserId,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "SELECT password_hash FROM customer_users WHERE id = $1 AND active",
        id.0
    )
    .fetch_one(pool)
    .await
}

/// Sets a contact's password hash if it is still `old` (a change that raced this one wins; this one is
/// refused): false when it was not.
pub async fn replace_contact_password(
    conn: &mut sqlx::PgConnection,
    id: CustomerUserId,
    old: Option<&str>,
    new: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE customer_users SET password_hash = $3, changed_at = now(), version = version + 1
         WHERE id = $1 AND password_hash IS NOT DISTINCT FROM $2",
        id.0,
        old,
        new,
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a contact's password hash (a reset link was used).
pub async fn set_contact_password(
    conn: &mut sqlx::PgConnection,
    id: CustomerUserId,
    new: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE customer_users SET password_hash = $2, changed_at = now(), version = version + 1 WHERE id = $1",
        id.0,
        new,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// One of a user's live sessions, as "Signed-in devices" lists it.
pub struct DeviceRow {
    pub id: i64,
    pub user_agent: String,
    pub client_addr: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub current: bool,
}

/// The live sessions of `owner` (an agent's or a customer user's id, by `realm`), most recently active
/// first; `current` marks the one whose token is `mine`. Ended ones (expired, idle) are left out, as
/// `resolve` would refuse them.
pub async fn devices(
    pool: &PgPool,
    realm: Realm,
    owner: i64,
    mine: &str,
) -> sqlx::Result<Vec<DeviceRow>> {
    sqlx::query_as!(
        DeviceRow,
        r#"SELECT id AS "id!", user_agent, client_addr, created_at, last_seen_at, token_hash = $3 AS "current!"
           FROM sessions
           WHERE realm = $1 AND (agent_id = $2 OR customer_user_id = $2) AND expires_at > now()
             AND last_seen_at > now() - make_interval(mins => CASE realm WHEN 'agent' THEN $4::integer ELSE $5::integer END)
           ORDER BY last_seen_at DESC, id DESC"#,
        realm as _,
        owner,
        token_hash(mine),
        AGENT_IDLE_MINUTES,
        CONTACT_IDLE_MINUTES,
    )
    .fetch_all(pool)
    .await
}

/// Ends `owner`'s sessions in `realm` (an agent's or a customer user's id): the one with `id`, or with
/// `id` None all of them; never the one whose token is `keep`. Returns how many ended (0: no such session
/// of theirs).
pub async fn end_sessions(
    db: impl sqlx::PgExecutor<'_>,
    realm: Realm,
    owner: i64,
    id: Option<i64>,
    keep: Option<&str>,
) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM sessions
         WHERE realm = $1 AND (agent_id = $2 OR customer_user_id = $2)
           AND ($3::bigint IS NULL OR id = $3) AND token_hash IS DISTINCT FROM $4",
        realm as _,
        owner,
        id,
        keep.map(token_hash),
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
