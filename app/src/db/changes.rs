//! The change record (`changes`): one append-only row per write to customer data, made by the
//! `record_change` trigger in the writing transaction (migrations/20261203000002_change_record.sql), so no
//! write path can forget it. Rust's part is saying who writes ([`begin`]), recording the few events that are
//! not row writes ([`record_event`]), and reading ([`page`]).
use crate::model::{
    audit::{AuditEntry, AuditFilter},
    ids::{AgentId, CustomerUserId},
};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres, Transaction};

/// Who a write is by, as the trigger records it (`change_actor` in SQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Agent(AgentId),
    /// A contact acting on their own account outside the portal's role (their password). The portal's
    /// data writes need no actor here: `db::portal::begin`'s transaction names the contact already.
    Contact(CustomerUserId),
    /// CSV import (a later issue).
    Import,
}

impl Actor {
    /// `panorama.actor` and `panorama.contact_id`, as `change_actor()` reads them.
    fn settings(self) -> (String, String) {
        match self {
            Actor::Agent(a) => (format!("agent:{}", a.0), String::new()),
            Actor::Contact(c) => (String::new(), c.0.to_string()),
            Actor::Import => ("import".into(), String::new()),
        }
    }
}

/// A write transaction that records `actor` and the client's address on every change it makes.
pub async fn begin(
    pool: &PgPool,
    actor: Actor,
    addr: &str,
) -> sqlx::Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    set_actor(&mut tx, actor, addr).await?;
    Ok(tx)
}

/// Names the writer for the rest of this transaction (transaction-local settings).
pub async fn set_actor(conn: &mut PgConnection, actor: Actor, addr: &str) -> sqlx::Result<()> {
    let (actor, contact) = actor.settings();
    sqlx::query!(
        r#"SELECT set_config('panorama.actor', $1, true) AS "actor",
                  set_config('panorama.client_addr', $2, true) AS "addr",
                  set_config('panorama.contact_id', $3, true) AS "contact""#,
        actor,
        addr,
        contact,
    )
    .fetch_one(conn)
    .await?;
    Ok(())
}

/// An event that is not a row write (impersonation): recorded with the transaction's actor.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: &'a str,
    pub customer_user: CustomerUserId,
    pub security: bool,
}

pub async fn record_event(conn: &mut PgConnection, e: Event<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO changes (object_kind, object_id, object_label, company_id, customer_user_id, actor_kind,
                              actor_id, actor_label, action, class, client_addr)
         SELECT 'customer_user', u.id, u.login, u.company_id, u.id, a.kind, a.actor, a.label, $2,
                CASE WHEN $3 THEN 'security' ELSE 'history' END::change_class,
                nullif(current_setting('panorama.client_addr', true), '')
         FROM customer_users u, change_actor() a WHERE u.id = $1",
        e.customer_user.0,
        e.action,
        e.security,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A security event of an agent's own account (their second factor), with the transaction's actor.
pub async fn record_agent_event(
    conn: &mut PgConnection,
    agent: AgentId,
    action: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO changes (object_kind, object_id, object_label, actor_kind, actor_id, actor_label, action,
                              class, client_addr)
         SELECT 'agent', g.id, g.login, a.kind, a.actor, a.label, $2, 'security',
                nullif(current_setting('panorama.client_addr', true), '')
         FROM agents g, change_actor() a WHERE g.id = $1",
        agent.0,
        action,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A page of a log: dates (inclusive, in the agent's zone `tz`, which also renders the times), the id to
/// continue before, and how many rows.
pub struct Window<'a> {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub tz: &'a str,
    pub before: Option<i64>,
    pub limit: i64,
}

/// Newest first, keyset on id; every filter optional. The user filter matches the actor or the customer
/// user concerned.
pub async fn page(
    db: impl PgExecutor<'_>,
    f: &AuditFilter,
    w: &Window<'_>,
) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query_as!(
        AuditEntry,
        r#"SELECT l.id, to_char(l.at AT TIME ZONE $8, 'YYYY-MM-DD HH24:MI:SS') AS "at!", l.action AS event,
                l.actor_label || CASE l.actor_kind WHEN 'agent' THEN ' (agent)' ELSE '' END AS "actor!",
                coalesce(c.customer_id, '') AS "company!", l.object_label AS target,
                coalesce(l.client_addr, '') AS "client_addr!",
                coalesce((SELECT string_agg((e ->> 'field') || ': ' || coalesce(e ->> 'old', '—') || ' → '
                                            || coalesce(e ->> 'new', '—'), '; ')
                          FROM jsonb_array_elements(l.changes) e), '') AS "detail!"
         FROM changes l
         LEFT JOIN companies c ON c.id = l.company_id
         WHERE ($1 = '' OR l.company_id = (SELECT id FROM companies WHERE customer_id = $1))
           AND ($2 = '' OR lower(l.actor_label) = lower($2)
                OR l.customer_user_id = (SELECT id FROM customer_users WHERE lower(login) = lower($2)))
           AND ($3 = '' OR l.action = $3)
           AND ($4::date IS NULL OR l.at >= ($4::date)::timestamp AT TIME ZONE $8)
           AND ($5::date IS NULL OR l.at < ($5::date + 1)::timestamp AT TIME ZONE $8)
           AND ($6::bigint IS NULL OR l.id < $6)
         ORDER BY l.id DESC LIMIT $7"#,
        f.company,
        f.user,
        f.event,
        w.from,
        w.to,
        w.before,
        w.limit,
        w.tz,
    )
    .fetch_all(db)
    .await
}
