//! The Overview's page of business events, in one statement over the change record (`changes`, newest first,
//! keyset on its id — the order the changes were written in — through `changes_company_idx`). Which changes
//! are events, and what each says, is decided here in SQL; field diffs stay in History.
use crate::model::{ids::CompanyId, overview::Event};
use sqlx::PgExecutor;

/// Up to `limit` events of the company before the change `after` (newest first), of one kind or all.
pub async fn page(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    customer_id: &str,
    kind: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<Event>> {
    let rows = sqlx::query!(
        r#"WITH ev AS (
             SELECT c.id, c.at, c.actor_label, c.object_id, c.object_label, c.action, c.changes, k.kind,
                    (SELECT e ->> 'new' FROM jsonb_array_elements(c.changes) e
                     WHERE e ->> 'field' = CASE c.object_kind WHEN 'activity' THEN 'subject' WHEN 'company_alert' THEN 'body'
                                                              WHEN 'contract' THEN 'name' END) AS said
             FROM changes c,
                  LATERAL (SELECT CASE
                      WHEN c.action IN ('ticket_create', 'ticket_update') THEN 'tickets'
                      WHEN c.action = 'activity_create' THEN 'activities'
                      WHEN c.action = 'customer_file_create' THEN 'files'
                      WHEN c.action IN ('contract_create', 'contract_update') THEN 'contracts'
                      WHEN c.action = 'company_alert_create' THEN 'alerts'
                      WHEN c.action = 'company_update' THEN 'account'
                    END AS kind) k
             WHERE c.company_id = $1 AND ($3::bigint IS NULL OR c.id < $3)
               AND k.kind IS NOT NULL AND ($2::text IS NULL OR k.kind = $2)
               -- A ticket's update is an event when it closed the ticket; a contract's when it cancelled it.
               AND (c.action NOT IN ('ticket_update', 'contract_update') OR EXISTS (
                      SELECT 1 FROM jsonb_array_elements(c.changes) e
                      WHERE (c.action = 'ticket_update' AND e ->> 'field' = 'state'
                             AND EXISTS (SELECT 1 FROM states s WHERE s.name = e ->> 'new' AND s.type = 'closed'))
                         OR (c.action = 'contract_update' AND e ->> 'field' = 'cancelled_at'
                             AND e -> 'new' <> 'null'::jsonb)))
             ORDER BY c.id DESC LIMIT $4)
           SELECT ev.id AS "id!", ev.at AS "at!", ev.actor_label AS "actor!", ev.kind AS "kind!",
                  CASE ev.action
                    WHEN 'ticket_create' THEN 'Ticket created' WHEN 'ticket_update' THEN 'Ticket closed'
                    WHEN 'activity_create' THEN 'Activity logged' WHEN 'customer_file_create' THEN 'File uploaded'
                    WHEN 'contract_create' THEN 'Contract added' WHEN 'contract_update' THEN 'Contract cancelled'
                    WHEN 'company_alert_create' THEN 'Alert posted'
                    ELSE 'Account details changed' END AS "what!",
                  CASE
                    WHEN ev.kind = 'tickets' THEN
                      coalesce(ev.object_label || ' ' || (SELECT t.title FROM tickets t WHERE t.id = ev.object_id), ev.object_label)
                    WHEN ev.kind = 'files' THEN
                      coalesce((SELECT f.name FROM customer_files cf JOIN stored_files f ON f.id = cf.file_id
                                WHERE cf.id = ev.object_id), 'a file')
                    WHEN ev.kind = 'contracts' THEN
                      coalesce((SELECT k.number || ' ' || k.name FROM contracts k WHERE k.id = ev.object_id), coalesce(ev.said, ''))
                    WHEN ev.kind = 'account' THEN
                      (SELECT string_agg(e ->> 'field', ', ' ORDER BY e ->> 'field') FROM jsonb_array_elements(ev.changes) e)
                    ELSE coalesce(ev.said, '')
                  END AS "detail!",
                  CASE
                    WHEN ev.kind = 'tickets' THEN '/tickets/' || ev.object_label
                    WHEN ev.kind = 'files' AND EXISTS (SELECT 1 FROM customer_files cf WHERE cf.id = ev.object_id
                                                        AND cf.deleted_at IS NULL)
                      THEN '/customers/' || $5 || '/files/' || ev.object_id
                    WHEN ev.kind = 'contracts' THEN
                      (SELECT '/contracts/' || k.number FROM contracts k WHERE k.id = ev.object_id)
                    WHEN ev.kind = 'activities' THEN '/customers/' || $5 || '#widget-activities'
                    ELSE '/customers/' || $5
                  END AS href
           FROM ev ORDER BY ev.id DESC"#,
        company.0,
        kind,
        after,
        limit,
        customer_id,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Event {
            id: r.id,
            at: r.at,
            kind: r.kind,
            what: r.what,
            detail: r.detail,
            href: r.href,
            actor: r.actor,
        })
        .collect())
}
