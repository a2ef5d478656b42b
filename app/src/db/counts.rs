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

/// The counts as `cic_counts` returns them (migration *_shared_sql.sql).
pub(super) struct CountsRow {
    pub(super) new_all: i64,
    pub(super) new_locked: i64,
    pub(super) new_mq: i64,
    pub(super) open_all: i64,
    pub(super) open_locked: i64,
    pub(super) open_mq: i64,
    pub(super) open_class: i64,
    pub(super) closed_class: i64,
    pub(super) esc_all: i64,
    pub(super) esc_locked: i64,
    pub(super) esc_mq: i64,
    pub(super) rem_all: i64,
    pub(super) rem_locked: i64,
    pub(super) rem_mq: i64,
}

/// [`DashboardCounts`] from a `query!` record that has `cic_counts`' columns under their own names.
macro_rules! counts_of {
    ($r:ident) => {
        $crate::db::counts::DashboardCounts::from($crate::db::counts::CountsRow {
            new_all: $r.new_all,
            new_locked: $r.new_locked,
            new_mq: $r.new_mq,
            open_all: $r.open_all,
            open_locked: $r.open_locked,
            open_mq: $r.open_mq,
            open_class: $r.open_class,
            closed_class: $r.closed_class,
            esc_all: $r.esc_all,
            esc_locked: $r.esc_locked,
            esc_mq: $r.esc_mq,
            rem_all: $r.rem_all,
            rem_locked: $r.rem_locked,
            rem_mq: $r.rem_mq,
        })
    };
}
pub(super) use counts_of;

/// The counts statement (`sql/counts.sql`), for the explain tool.
pub const COUNTS_SQL: &str = include_str!("sql/counts.sql");

/// Every tab count and Company Status in one statement (the SQL function `cic_counts`, which the planner
/// inlines). `now` is the page's one clock: the lists of the same page filter with the same instant.
pub async fn counts(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<DashboardCounts> {
    let r = sqlx::query_file_as!(CountsRow, "src/db/sql/counts.sql", company.0, agent.0, now)
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
    sqlx::query_scalar!(r#"SELECT due_counts_advance(now()) AS "moved!""#)
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
