//! Company alerts: posted, ended, and the active ones (not ended, not expired at the statement's clock).
use crate::model::{
    alert::{from_json, Alert, Severity},
    ids::{AgentId, CompanyId},
};
use sqlx::PgConnection;

pub async fn post(
    conn: &mut PgConnection,
    company: CompanyId,
    agent: AgentId,
    body: &str,
    severity: Severity,
    expires_in_hours: u32,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO company_alerts (company_id, body, severity, expires_at, posted_by)
         VALUES ($1, $2, $3, now() + make_interval(hours => nullif($4, 0)), $5)",
        company.0,
        body,
        severity as Severity,
        expires_in_hours as i32,
        agent.0,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether an active alert of `company` was ended.
pub async fn end(
    conn: &mut PgConnection,
    company: CompanyId,
    id: i64,
    agent: AgentId,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE company_alerts SET ended_at = now(), ended_by = $3
         WHERE id = $1 AND company_id = $2 AND ended_at IS NULL",
        id,
        company.0,
        agent.0,
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn active(db: impl sqlx::PgExecutor<'_>, company: CompanyId) -> sqlx::Result<Vec<Alert>> {
    let text = sqlx::query_scalar!(
        r#"SELECT active_alerts(ARRAY[$1::bigint], now())::text AS "alerts!""#,
        company.0
    )
    .fetch_one(db)
    .await?;
    Ok(from_json(&text))
}
