//! The append-only audit log: one insert per event, in the transaction of the change it records.
use crate::model::audit::{AuditEntry, AuditFilter};
use chrono::NaiveDate;
use sqlx::PgExecutor;

/// Who did it and to whom; ids are the surrogate keys.
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub event: &'a str,
    pub actor_agent: Option<i64>,
    pub actor_contact: Option<i64>,
    pub company: Option<i64>,
    pub target_contact: Option<i64>,
    pub client_addr: Option<&'a str>,
    pub detail: serde_json::Value,
}

pub async fn record(db: impl PgExecutor<'_>, e: Event<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO audit_log (event, actor_agent_id, actor_customer_user_id, company_id, target_customer_user_id,
                                client_addr, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)",
        e.event,
        e.actor_agent,
        e.actor_contact,
        e.company,
        e.target_contact,
        e.client_addr,
        e.detail.to_string(),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Newest first, keyset on id; every filter optional. `tz` renders times and bounds dates in the agent's zone.
pub async fn page(
    db: impl PgExecutor<'_>,
    f: &AuditFilter,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: &str,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query_as!(
        AuditEntry,
        r#"SELECT l.id, to_char(l.at AT TIME ZONE $8, 'YYYY-MM-DD HH24:MI:SS') AS "at!", l.event,
                coalesce(a.login || ' (agent)', u.login, '') AS "actor!", coalesce(c.customer_id, '') AS "company!",
                coalesce(t.login, '') AS "target!", coalesce(l.client_addr, '') AS "client_addr!",
                l.detail::text AS "detail!"
         FROM audit_log l
         LEFT JOIN agents a ON a.id = l.actor_agent_id
         LEFT JOIN customer_users u ON u.id = l.actor_customer_user_id
         LEFT JOIN companies c ON c.id = l.company_id
         LEFT JOIN customer_users t ON t.id = l.target_customer_user_id
         WHERE ($1 = '' OR c.customer_id = $1)
           AND ($2 = '' OR lower(u.login) = lower($2) OR lower(t.login) = lower($2) OR lower(a.login) = lower($2))
           AND ($3 = '' OR l.event = $3)
           AND ($4::date IS NULL OR l.at >= ($4::date)::timestamp AT TIME ZONE $8)
           AND ($5::date IS NULL OR l.at < ($5::date + 1)::timestamp AT TIME ZONE $8)
           AND ($6::bigint IS NULL OR l.id < $6)
         ORDER BY l.id DESC LIMIT $7"#,
        f.company,
        f.user,
        f.event,
        from,
        to,
        before,
        limit,
        tz,
    )
    .fetch_all(db)
    .await
}
