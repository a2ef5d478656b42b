//! The CIC's numbers: every tab count of every ticket widget plus Company Status, in one statement.
//! State counts come from the exact counters; the time-dependent sets (escalated, reminder reached) from
//! counters at a moving watermark plus the short range of their partial indexes between it and the clock.
use crate::model::{
    dashboard::{TabCounts, WidgetKind},
    ids::{AgentId, CompanyId},
    ticket::CompanyStatus,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashboardCounts {
    pub tabs: HashMap<WidgetKind, TabCounts>,
    pub status: CompanyStatus,
}

#[derive(sqlx::FromRow)]
pub(super) struct CountsRow {
    new_all: i64,
    new_locked: i64,
    new_mq: i64,
    open_all: i64,
    open_locked: i64,
    open_mq: i64,
    open_class: i64,
    closed_class: i64,
    esc_all: i64,
    esc_locked: i64,
    esc_mq: i64,
    rem_all: i64,
    rem_locked: i64,
    rem_mq: i64,
}

/// Every tab count and Company Status in one statement. `$2` agent, `$3` the page's clock, and the company as
/// the SQL expression given (`"$1"` for a parameter; the CIC's first statement names a CTE instead). Built
/// at compile time, so the statement is one literal either way.
macro_rules! counts_sql {
    ($company:literal) => {
        concat!(r#"WITH mq AS (SELECT queue_id FROM agent_queues WHERE agent_id = $2),
           c AS (
             SELECT
               coalesce(sum(n) FILTER (WHERE state_type = 'new'), 0)::bigint AS new_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND locked AND owner_id = $2), 0)::bigint AS new_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND mq.queue_id IS NOT NULL), 0)::bigint AS new_mq,
               coalesce(sum(n) FILTER (WHERE state_type = 'open'), 0)::bigint AS open_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND locked AND owner_id = $2), 0)::bigint AS open_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND mq.queue_id IS NOT NULL), 0)::bigint AS open_mq,
               coalesce(sum(n) FILTER (WHERE state_type IN "#, $crate::db::open_states!(), r#"), 0)::bigint
                 AS open_class,
               coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS closed_class
             FROM ticket_counts tc LEFT JOIN mq ON mq.queue_id = tc.queue_id
             WHERE tc.company_id = "#, $company, r#"),
           -- The due sets: their counters at the watermark (migration *_due_counts.sql), corrected by the
           -- tickets between the watermark and the page's clock: +1 each when the clock is ahead, -1 when behind.
           w AS (SELECT least(at, $3) AS lo, greatest(at, $3) AS hi FROM due_watermark),
           d AS (
             SELECT coalesce(sum(n) FILTER (WHERE kind = 'escalated'), 0)::bigint AS esc_all,
                    coalesce(sum(n) FILTER (WHERE kind = 'escalated' AND locked AND owner_id = $2), 0)::bigint AS esc_locked,
                    coalesce(sum(n) FILTER (WHERE kind = 'escalated' AND mq.queue_id IS NOT NULL), 0)::bigint AS esc_mq,
                    coalesce(sum(n) FILTER (WHERE kind = 'reminder'), 0)::bigint AS rem_all,
                    coalesce(sum(n) FILTER (WHERE kind = 'reminder' AND locked AND owner_id = $2), 0)::bigint AS rem_locked,
                    coalesce(sum(n) FILTER (WHERE kind = 'reminder' AND mq.queue_id IS NOT NULL), 0)::bigint AS rem_mq
             FROM due_counts dc LEFT JOIN mq ON mq.queue_id = dc.queue_id
             WHERE dc.company_id = "#, $company, r#"),
           e AS (
             SELECT coalesce(sum(s), 0) AS esc_all, coalesce(sum(s) FILTER (WHERE locked AND owner_id = $2), 0) AS esc_locked,
                    coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0) AS esc_mq
             FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.escalation_at <= $3 THEN 1 ELSE -1 END AS s
                   FROM tickets t WHERE t.company_id = "#, $company, r#"
                     AND t.escalation_at > (SELECT lo FROM w) AND t.escalation_at <= (SELECT hi FROM w)) t
             LEFT JOIN mq ON mq.queue_id = t.queue_id),
           r AS (
             SELECT coalesce(sum(s), 0) AS rem_all, coalesce(sum(s) FILTER (WHERE locked AND owner_id = $2), 0) AS rem_locked,
                    coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0) AS rem_mq
             FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.pending_until <= $3 THEN 1 ELSE -1 END AS s
                   FROM tickets t WHERE t.company_id = "#, $company, r#" AND t.state_type = 'pending_reminder'
                     AND t.pending_until > (SELECT lo FROM w) AND t.pending_until <= (SELECT hi FROM w)) t
             LEFT JOIN mq ON mq.queue_id = t.queue_id)
           SELECT c.*, d.esc_all + e.esc_all AS esc_all, d.esc_locked + e.esc_locked AS esc_locked,
                  d.esc_mq + e.esc_mq AS esc_mq, d.rem_all + r.rem_all AS rem_all,
                  d.rem_locked + r.rem_locked AS rem_locked, d.rem_mq + r.rem_mq AS rem_mq
           FROM c, d, e, r"#)
    };
}
pub(super) use counts_sql;

/// The counts statement with the company as `$1`.
pub const COUNTS_SQL: &str = counts_sql!("$1");

/// `now` is the page's one clock: the lists of the same page filter with the same instant.
pub async fn counts(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<DashboardCounts> {
    let r: CountsRow = sqlx::query_as(COUNTS_SQL)
        .bind(company)
        .bind(agent)
        .bind(now)
        .fetch_one(db)
        .await?;
    Ok(r.into())
}

impl From<CountsRow> for DashboardCounts {
    fn from(r: CountsRow) -> Self {
        let tabs = HashMap::from([
            (
                WidgetKind::NewTickets,
                TabCounts {
                    locked: r.new_locked,
                    my_queues: r.new_mq,
                    all: r.new_all,
                },
            ),
            (
                WidgetKind::OpenTickets,
                TabCounts {
                    locked: r.open_locked,
                    my_queues: r.open_mq,
                    all: r.open_all,
                },
            ),
            (
                WidgetKind::EscalatedTickets,
                TabCounts {
                    locked: r.esc_locked,
                    my_queues: r.esc_mq,
                    all: r.esc_all,
                },
            ),
            (
                WidgetKind::ReminderTickets,
                TabCounts {
                    locked: r.rem_locked,
                    my_queues: r.rem_mq,
                    all: r.rem_all,
                },
            ),
        ]);
        let status = CompanyStatus {
            escalated: r.esc_all,
            open: r.open_class,
            closed: r.closed_class,
            all: r.open_class + r.closed_class,
        };
        DashboardCounts { tabs, status }
    }
}

/// Moves the due-set watermark to the database's clock, counting the tickets that fell due since the last
/// move (the server does this every few seconds). `false`: ticket writes held the lock; the next move
/// catches up. Counts are exact either way; a recent watermark keeps the CIC's range of due tickets short.
pub async fn advance_due_watermark(db: impl sqlx::PgExecutor<'_>) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT due_counts_advance(now())")
        .fetch_one(db)
        .await
}

/// The tab counts of a customer user's ticket widgets, counted from the tickets of the scope in one
/// statement with the same predicates the lists use (a customer user's set is small: their own tickets
/// are an index range; "accessible" adds the companies they may view).
pub async fn scope_counts(
    pool: &PgPool,
    scope: crate::db::ticket_widgets::TicketScope,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<HashMap<WidgetKind, TabCounts>> {
    use crate::db::ticket_widgets::{tab_filter, widget_filter};
    use crate::model::dashboard::TicketTab;
    let widgets = [
        WidgetKind::NewTickets,
        WidgetKind::OpenTickets,
        WidgetKind::EscalatedTickets,
        WidgetKind::ReminderTickets,
    ];
    let columns: Vec<String> = widgets
        .iter()
        .flat_map(|w| {
            TicketTab::ALL.into_iter().map(move |t| {
                format!(
                    "count(*) FILTER (WHERE {} AND {})",
                    widget_filter(*w),
                    tab_filter(t)
                )
            })
        })
        .collect();
    let sql = format!(
        "SELECT ARRAY[{}]::bigint[] FROM tickets t WHERE {}",
        columns.join(", "),
        scope.filter()
    );
    let n: Vec<i64> = sqlx::query_scalar(&sql)
        .bind(scope.id())
        .bind(agent)
        .bind(now)
        .fetch_one(pool)
        .await?;
    Ok(widgets
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let at = |j: usize| n.get(i * 3 + j).copied().unwrap_or(0);
            (
                *w,
                TabCounts {
                    locked: at(0),
                    my_queues: at(1),
                    all: at(2),
                },
            )
        })
        .collect())
}
