//! The CIC's numbers: every tab count of every ticket widget plus Company Status, in one statement.
//! State counts come from the exact counters; the time-dependent sets (escalated, reminder reached) from
//! counters at a moving watermark plus the short range of their partial indexes between it and the clock.
use crate::model::{
    customer::Company,
    dashboard::{Board, StoredPrefs, TabCounts, WidgetKind, WidgetPrefs},
    ids::{AgentId, CompanyId},
    input::CustomerKey,
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
struct Row {
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

/// Every tab count and Company Status in one statement. `$1` company, `$2` agent, `$3` the page's clock.
pub const COUNTS_SQL: &str = r#"WITH mq AS (SELECT queue_id FROM agent_queues WHERE agent_id = $2),
           c AS (
             SELECT
               coalesce(sum(n) FILTER (WHERE state_type = 'new'), 0)::bigint AS new_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND locked AND owner_id = $2), 0)::bigint AS new_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND mq.queue_id IS NOT NULL), 0)::bigint AS new_mq,
               coalesce(sum(n) FILTER (WHERE state_type = 'open'), 0)::bigint AS open_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND locked AND owner_id = $2), 0)::bigint AS open_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND mq.queue_id IS NOT NULL), 0)::bigint AS open_mq,
               coalesce(sum(n) FILTER (WHERE state_type IN ('new', 'open', 'pending_reminder', 'pending_auto')), 0)::bigint
                 AS open_class,
               coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS closed_class
             FROM ticket_counts tc LEFT JOIN mq ON mq.queue_id = tc.queue_id
             WHERE tc.company_id = $1),
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
             WHERE dc.company_id = $1),
           e AS (
             SELECT coalesce(sum(s), 0) AS esc_all, coalesce(sum(s) FILTER (WHERE locked AND owner_id = $2), 0) AS esc_locked,
                    coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0) AS esc_mq
             FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.escalation_at <= $3 THEN 1 ELSE -1 END AS s
                   FROM tickets t WHERE t.company_id = $1
                     AND t.escalation_at > (SELECT lo FROM w) AND t.escalation_at <= (SELECT hi FROM w)) t
             LEFT JOIN mq ON mq.queue_id = t.queue_id),
           r AS (
             SELECT coalesce(sum(s), 0) AS rem_all, coalesce(sum(s) FILTER (WHERE locked AND owner_id = $2), 0) AS rem_locked,
                    coalesce(sum(s) FILTER (WHERE mq.queue_id IS NOT NULL), 0) AS rem_mq
             FROM (SELECT t.queue_id, t.owner_id, t.locked, CASE WHEN t.pending_until <= $3 THEN 1 ELSE -1 END AS s
                   FROM tickets t WHERE t.company_id = $1 AND t.state_type = 'pending_reminder'
                     AND t.pending_until > (SELECT lo FROM w) AND t.pending_until <= (SELECT hi FROM w)) t
             LEFT JOIN mq ON mq.queue_id = t.queue_id)
           SELECT c.*, d.esc_all + e.esc_all AS esc_all, d.esc_locked + e.esc_locked AS esc_locked,
                  d.esc_mq + e.esc_mq AS esc_mq, d.rem_all + r.rem_all AS rem_all,
                  d.rem_locked + r.rem_locked AS rem_locked, d.rem_mq + r.rem_mq AS rem_mq
           FROM c, d, e, r"#;

/// `now` is the page's one clock: the lists of the same page filter with the same instant.
pub async fn counts(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<DashboardCounts> {
    let r: Row = sqlx::query_as(COUNTS_SQL)
        .bind(company)
        .bind(agent)
        .bind(now)
        .fetch_one(db)
        .await?;
    Ok(r.into())
}

impl From<Row> for DashboardCounts {
    fn from(r: Row) -> Self {
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

/// A stored widget preference as it comes out of a LEFT JOIN on widget_prefs (all NULL: none stored).
#[derive(sqlx::FromRow)]
struct PrefCols {
    widget: Option<String>,
    position: Option<i16>,
    visible: Option<bool>,
    tab: Option<String>,
    page_size: Option<i16>,
    columns: Option<Vec<String>>,
    sort: Option<String>,
}

impl PrefCols {
    fn stored(self) -> Option<StoredPrefs> {
        Some(StoredPrefs {
            widget: self.widget?,
            position: self.position?,
            visible: self.visible?,
            tab: self.tab,
            page_size: self.page_size,
            columns: self.columns,
            sort: self.sort,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CompanyPrefRow {
    #[sqlx(flatten)]
    company: Company,
    #[sqlx(flatten)]
    counts: Row,
    #[sqlx(flatten)]
    prefs: PrefCols,
}

/// The CIC's first statement: the company by its customer id, its counts for the agent at `$3`, and the
/// agent's stored widget preferences (one row per stored widget). One round trip instead of two: on 2 cores
/// each statement's protocol and wake-ups cost Postgres about as much as these statements' execution.
static COMPANY_PREFS_COUNTS_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "WITH co AS (SELECT id, customer_id, name, street, zip, city, country, url, comment, valid, version
                     FROM companies WHERE customer_id = $1),
              n AS ({counts})
         SELECT co.*, n.*, p.widget, p.position, p.visible, p.tab, p.page_size, p.columns, p.sort
         FROM co CROSS JOIN n
         LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cic'",
        // COUNTS_SQL binds only $1..$3, so "$1" names the company and nothing else.
        counts = COUNTS_SQL.replace("$1", "(SELECT id FROM co)")
    )
});

/// The company, the agent's stored widget preferences and every count of its CIC, in one statement.
pub async fn company_prefs_and_counts(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<(Company, Vec<StoredPrefs>, DashboardCounts)> {
    let rows: Vec<CompanyPrefRow> = sqlx::query_as(&COMPANY_PREFS_COUNTS_SQL)
        .bind(key.as_str())
        .bind(agent)
        .bind(now)
        .fetch_all(db)
        .await?;
    let mut rows = rows.into_iter();
    let first = rows.next().ok_or(sqlx::Error::RowNotFound)?;
    let prefs = std::iter::once(first.prefs)
        .chain(rows.map(|r| r.prefs))
        .filter_map(PrefCols::stored)
        .collect();
    Ok((first.company, prefs, first.counts.into()))
}

/// Saves order and visibility of every widget (positions are the layout's order).
pub async fn save_layout(
    pool: &PgPool,
    agent: AgentId,
    board: Board,
    layout: &[WidgetPrefs],
) -> sqlx::Result<()> {
    let widgets: Vec<&str> = layout.iter().map(|p| p.kind.key()).collect();
    let positions: Vec<i16> = (0..layout.len() as i16).collect();
    let visible: Vec<bool> = layout.iter().map(|p| p.visible).collect();
    sqlx::query(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible)
         SELECT $1, $5, w, p, v FROM unnest($2::text[], $3::smallint[], $4::boolean[]) AS x(w, p, v)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE SET position = EXCLUDED.position, visible = EXCLUDED.visible",
    )
    .bind(agent)
    .bind(&widgets)
    .bind(&positions)
    .bind(&visible)
    .bind(board.key())
    .execute(pool)
    .await?;
    Ok(())
}

/// Saves one ticket widget's tab, page size, columns and sort; a new row takes the widget's default place.
pub async fn save_widget_query(
    pool: &PgPool,
    agent: AgentId,
    board: Board,
    p: &WidgetPrefs,
) -> sqlx::Result<()> {
    let default_position = board
        .widgets()
        .iter()
        .position(|k| *k == p.kind)
        .unwrap_or(0) as i16;
    let columns: Vec<&str> = p.columns.iter().map(|c| c.key()).collect();
    sqlx::query(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible, tab, page_size, columns, sort)
         VALUES ($1, $8, $2, $3, true, $4, $5, $6, $7)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE
         SET tab = EXCLUDED.tab, page_size = EXCLUDED.page_size, columns = EXCLUDED.columns, sort = EXCLUDED.sort",
    )
    .bind(agent)
    .bind(p.kind.key())
    .bind(default_position)
    .bind(p.tab.key())
    .bind(i16::from(p.page_size))
    .bind(&columns)
    .bind(p.sort.key())
    .bind(board.key())
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets all of an agent's choices on one dashboard; the defaults apply again.
pub async fn reset(pool: &PgPool, agent: AgentId, board: Board) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM widget_prefs WHERE agent_id = $1 AND dashboard = $2")
        .bind(agent)
        .bind(board.key())
        .execute(pool)
        .await?;
    Ok(())
}

/// Saves one widget's page size (the Customer Users widget has no tabs or columns).
pub async fn save_page_size(
    pool: &PgPool,
    agent: AgentId,
    kind: WidgetKind,
    size: u8,
) -> sqlx::Result<()> {
    let default_position = WidgetKind::CIC.iter().position(|k| *k == kind).unwrap_or(0) as i16;
    sqlx::query(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible, page_size)
         VALUES ($1, 'cic', $2, $3, true, $4)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE SET page_size = EXCLUDED.page_size",
    )
    .bind(agent)
    .bind(kind.key())
    .bind(default_position)
    .bind(i16::from(size))
    .execute(pool)
    .await?;
    Ok(())
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

/// The CUIC's head: the customer user (with their primary company) and the agent's stored CUIC layout.
pub async fn customer_user_and_prefs(
    pool: &PgPool,
    login: &str,
    agent: AgentId,
) -> sqlx::Result<(
    crate::model::customer::CustomerUserInfo,
    Company,
    Vec<StoredPrefs>,
)> {
    #[derive(sqlx::FromRow)]
    struct UserRow {
        #[sqlx(flatten)]
        user: crate::model::customer::CustomerUserInfo,
        #[sqlx(flatten)]
        company: Company,
        #[sqlx(flatten)]
        prefs: PrefCols,
    }
    let rows: Vec<UserRow> = sqlx::query_as(
        "SELECT cu.id AS user_id, cu.login, cu.email, cu.first_name, cu.last_name, cu.phone, cu.title,
                cu.active, c.id, c.customer_id, c.name, c.street, c.zip, c.city, c.country, c.url, c.comment,
                c.valid, c.version, p.widget, p.position, p.visible, p.tab, p.page_size, p.columns, p.sort
         FROM customer_users cu JOIN companies c ON c.id = cu.company_id
         LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cuic'
         WHERE lower(cu.login) = lower($1)",
    )
    .bind(login)
    .bind(agent)
    .fetch_all(pool)
    .await?;
    let first = rows.first().ok_or(sqlx::Error::RowNotFound)?;
    let (user, company) = (first.user.clone(), first.company.clone());
    let prefs = rows.into_iter().filter_map(|r| r.prefs.stored()).collect();
    Ok((user, company, prefs))
}

/// The plan of every statement the CIC runs on tickets for one company (counts, and each ticket widget's
/// first page for every tab with its default sort), as `(what, EXPLAIN text)`. The benchmark and a test use
/// it to prove no page query scans the tickets table sequentially.
pub async fn explain_cic(
    pool: &PgPool,
    key: &CustomerKey,
    agent_login: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    use crate::db::ticket_widgets::{page_sql, PageQuery, Shown, TicketScope};
    use crate::model::dashboard::TicketTab;
    let (company, agent): (CompanyId, AgentId) = sqlx::query_as(
        "SELECT c.id, a.id FROM companies c, agents a WHERE c.customer_id = $1 AND lower(a.login) = lower($2)",
    )
    .bind(key.as_str())
    .bind(agent_login)
    .fetch_one(pool)
    .await?;
    let now = Utc::now();
    let mut statements = vec![("counts".to_string(), COUNTS_SQL.to_string())];
    for w in WidgetKind::CIC.into_iter().filter(|w| w.is_ticket_list()) {
        for tab in TicketTab::ALL {
            // Every column shown: the plan with all name lookups.
            let q = PageQuery {
                widget: w,
                tab,
                sort: w.default_sort(),
                shown: Shown::ALL,
                page_size: 10,
            };
            let sql = page_sql(&q, TicketScope::Company(company), 11, None);
            statements.push((format!("{} / {}", w.title(), tab.label()), sql));
        }
    }
    let explain = |sql: &str| format!("EXPLAIN {sql}");
    let mut plans = Vec::new();
    for (what, sql) in statements {
        let lines: Vec<String> = sqlx::query_scalar(&explain(&sql))
            .bind(company)
            .bind(agent)
            .bind(now)
            .fetch_all(pool)
            .await?;
        plans.push((what, lines.join("\n")));
    }
    // The page's first statement takes the customer id, not the company's key.
    let lines: Vec<String> = sqlx::query_scalar(&explain(&COMPANY_PREFS_COUNTS_SQL))
        .bind(key.as_str())
        .bind(agent)
        .bind(now)
        .fetch_all(pool)
        .await?;
    plans.push((
        "company, preferences and counts".to_string(),
        lines.join("\n"),
    ));
    Ok(plans)
}
