//! Linked accounts: a company's parent and children, links made and ended, and the counts of a company
//! with all its descendants ("Include child accounts").
use crate::model::{ids::CompanyId, linked_account::LinkedAccount, ticket::CompanyStatus};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// The parent (first) and the children by name, each with its open and escalated counts at `now`;
/// trashed and merged companies are no longer linked accounts.
pub async fn linked(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: crate::model::ids::AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<LinkedAccount>> {
    sqlx::query_as!(
        LinkedAccount,
        r#"WITH me AS (SELECT parent_id FROM companies WHERE id = $1)
           SELECT c.customer_id, c.name, c.id IS NOT DISTINCT FROM (SELECT parent_id FROM me) AS "parent!",
                  n.open_class AS "open!", n.esc_all AS "escalated!"
           FROM companies c CROSS JOIN LATERAL cic_counts(c.id, $2, $3) n
           WHERE (c.id = (SELECT parent_id FROM me) OR c.parent_id = $1) AND c.state IN ('active', 'archived')
           ORDER BY 3 DESC, c.name, c.customer_id"#,
        company.0,
        agent.0,
        now
    )
    .fetch_all(db)
    .await
}

/// Why a link was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The parent is the child or one of its descendants.
    Cycle,
    /// The child already has a parent (its customer ID).
    HasParent(String),
}

/// Makes `child` a child of `parent`. The check and the write hold one transaction-level advisory lock,
/// so two links that would close a cycle together cannot both pass the check.
pub async fn link(
    conn: &mut PgConnection,
    child: CompanyId,
    parent: CompanyId,
) -> sqlx::Result<Result<(), Refused>> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('panorama.company_links'))")
        .execute(&mut *conn)
        .await?;
    let r = sqlx::query!(
        r#"SELECT $2::bigint IN (SELECT id FROM company_tree($1)) AS "cycle!",
                  (SELECT p.customer_id FROM companies c JOIN companies p ON p.id = c.parent_id
                   WHERE c.id = $1) AS has_parent"#,
        child.0,
        parent.0
    )
    .fetch_one(&mut *conn)
    .await?;
    if r.cycle {
        return Ok(Err(Refused::Cycle));
    }
    if let Some(p) = r.has_parent {
        return Ok(Err(Refused::HasParent(p)));
    }
    sqlx::query!(
        "UPDATE companies SET parent_id = $2, version = version + 1, changed_at = now() WHERE id = $1",
        child.0,
        parent.0
    )
    .execute(&mut *conn)
    .await?;
    Ok(Ok(()))
}

/// Ends the link between two companies, whichever is the parent. False when they were not linked.
pub async fn unlink(conn: &mut PgConnection, a: CompanyId, b: CompanyId) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE companies SET parent_id = NULL, version = version + 1, changed_at = now()
         WHERE (id = $1 AND parent_id = $2) OR (id = $2 AND parent_id = $1)",
        a.0,
        b.0
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Company Status over the company and all its descendants: one aggregate over the per-company counters.
pub async fn tree_status(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: crate::model::ids::AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<CompanyStatus> {
    let r = sqlx::query!(
        r#"SELECT coalesce(sum(n.esc_all), 0)::bigint AS "escalated!", coalesce(sum(n.open_class), 0)::bigint AS "open!",
                  coalesce(sum(n.closed_class), 0)::bigint AS "closed!"
           FROM company_tree($1) t CROSS JOIN LATERAL cic_counts(t.id, $2, $3) n"#,
        company.0,
        agent.0,
        now
    )
    .fetch_one(db)
    .await?;
    Ok(CompanyStatus {
        escalated: r.escalated,
        open: r.open,
        closed: r.closed,
        all: r.open + r.closed,
    })
}
