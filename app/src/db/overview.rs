//! The Overview's page of business events, in one statement over the change record (`changes`, newest first,
//! keyset on its id — the order the changes were written in — through `changes_company_idx`). Which changes
//! are events, and what each says, is decided in SQL by `event_kind` and `event_text` (shared with the
//! follow feed, `db::follows`); field diffs stay in History.
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
             SELECT c.id, c.at, c.actor_label, c.object_id, c.object_label, c.action, c.changes, k.kind
             FROM changes c, LATERAL (SELECT event_kind(c.action, c.changes) AS kind) k
             WHERE c.company_id = $1 AND ($3::bigint IS NULL OR c.id < $3)
               AND k.kind IS NOT NULL AND ($2::text IS NULL OR k.kind = $2)
             ORDER BY c.id DESC LIMIT $4)
           SELECT ev.id AS "id!", ev.at AS "at!", ev.actor_label AS "actor!", ev.kind AS "kind!",
                  t.what AS "what!", t.detail AS "detail!", t.href
           FROM ev, LATERAL event_text(ev.kind, ev.action, ev.object_id, ev.object_label, ev.changes, $5) t
           ORDER BY ev.id DESC"#,
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
