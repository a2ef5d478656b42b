//! The rows of the CIC's and CUIC's ticket widgets. A widget's set is (widget filter AND tab filter), the same
//! predicates the counts use, so a count always equals the rows reachable by paging. Pages are keyset
//! pages over (sort key, id): no OFFSET, stable under inserts.
use crate::model::{
    dashboard::{Sort, TicketColumn, TicketTab, WidgetKind},
    ids::{AgentId, CompanyId, CustomerUserId},
    ticket_widget::Cursor,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Whose tickets a dashboard shows (already resolved and authorized). Bound as `$1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketScope {
    Company(CompanyId),
    /// The customer user's own tickets.
    Assigned(CustomerUserId),
    /// Everything the customer user may see in the portal: own tickets plus those of every company where
    /// they may view organization requests (the same rule the portal's row-level security applies).
    Accessible(CustomerUserId),
}

impl TicketScope {
    pub fn id(self) -> i64 {
        match self {
            TicketScope::Company(c) => c.0,
            TicketScope::Assigned(u) | TicketScope::Accessible(u) => u.0,
        }
    }
    pub fn filter(self) -> &'static str {
        match self {
            TicketScope::Company(_) => "t.company_id = $1",
            TicketScope::Assigned(_) => "t.customer_user_id = $1",
            TicketScope::Accessible(_) => {
                "(t.customer_user_id = $1 OR t.company_id IN
                   (SELECT company_id FROM customer_user_companies WHERE customer_user_id = $1 AND may_view_org))"
            }
        }
    }
}

/// Which tickets a widget shows. `$3` is the page's clock.
pub fn widget_filter(w: WidgetKind) -> &'static str {
    match w {
        WidgetKind::NewTickets => "t.state_type = 'new'",
        WidgetKind::OpenTickets => "t.state_type = 'open'",
        WidgetKind::EscalatedTickets => "t.escalation_at <= $3",
        WidgetKind::ReminderTickets => {
            "t.state_type = 'pending_reminder' AND t.pending_until <= $3"
        }
        // Not a ticket widget: no rows rather than all rows.
        _ => "false",
    }
}

/// The three tabs. `$2` is the agent.
pub fn tab_filter(t: TicketTab) -> &'static str {
    match t {
        TicketTab::Locked => "t.locked AND t.owner_id = $2",
        TicketTab::MyQueues => {
            "t.queue_id IN (SELECT queue_id FROM agent_queues WHERE agent_id = $2)"
        }
        TicketTab::All => "true",
    }
}

/// The sort key of a column as a non-null SQL expression, and the type its text form casts back to.
/// Where the widget's filter already guarantees a value, the bare column is used so its index gives the order.
pub fn sort_key(c: TicketColumn, w: WidgetKind) -> (&'static str, &'static str) {
    match (c, w) {
        (TicketColumn::Escalation, WidgetKind::EscalatedTickets) => {
            ("t.escalation_at", "timestamptz")
        }
        (TicketColumn::PendingUntil, WidgetKind::ReminderTickets) => {
            ("t.pending_until", "timestamptz")
        }
        (TicketColumn::Number, _) => ("t.number", "text"),
        (TicketColumn::Age | TicketColumn::Created, _) => ("t.created_at", "timestamptz"),
        (TicketColumn::Title, _) => ("t.title", "text"),
        (TicketColumn::State, _) => ("t.state_id", "smallint"),
        (TicketColumn::Queue, _) => ("(SELECT name FROM queues WHERE id = t.queue_id)", "text"),
        (TicketColumn::Priority, _) => ("t.priority_id", "smallint"),
        (TicketColumn::Owner, _) => ("(SELECT login FROM agents WHERE id = t.owner_id)", "text"),
        (TicketColumn::CustomerUser, _) => (
            "coalesce((SELECT login FROM customer_users WHERE id = t.customer_user_id), '')",
            "text",
        ),
        (TicketColumn::Changed, _) => ("t.changed_at", "timestamptz"),
        (TicketColumn::PendingUntil, _) => ("coalesce(t.pending_until, 'infinity')", "timestamptz"),
        (TicketColumn::Escalation, _) => ("coalesce(t.escalation_at, 'infinity')", "timestamptz"),
    }
}

/// Ascending by age means youngest first, i.e. descending by creation time.
pub fn descending(s: Sort) -> bool {
    s.descending != (s.column == TicketColumn::Age)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub widget: String,
    pub number: String,
    pub title: String,
    pub state: String,
    pub queue: String,
    pub priority: String,
    pub owner: String,
    pub customer_user: String,
    pub created_at: DateTime<Utc>,
    pub changed_at: DateTime<Utc>,
    pub pending_until: Option<DateTime<Utc>>,
    pub escalation_at: Option<DateTime<Utc>>,
    pub sort_key: String,
    pub id: i64,
}

/// The columns a widget shows, as a set. Only these are looked up and formatted: the five name columns
/// are one primary-key lookup per row each, most of a first page's work, and the default shows none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown(u16);

impl Shown {
    pub const ALL: Shown = Shown(u16::MAX);

    pub fn of(columns: &[TicketColumn]) -> Shown {
        Shown(columns.iter().fold(0, |m, c| m | Self::bit(*c)))
    }
    pub fn has(self, c: TicketColumn) -> bool {
        self.0 & Self::bit(c) != 0
    }
    fn bit(c: TicketColumn) -> u16 {
        1 << (c as u16)
    }
    /// The SQL of a name column when shown, else an empty string.
    fn name(self, c: TicketColumn, sql: &'static str) -> &'static str {
        if self.has(c) {
            sql
        } else {
            "''"
        }
    }
}

/// One widget's page as a parenthesised SELECT; `after` names the bind positions of a cursor. The page is
/// cut from `tickets` alone (an index scan for the default sorts); names are looked up for its rows only,
/// by primary key (subselects, not joins, keep planning time near zero), and only for shown columns.
pub fn page_sql(
    q: &PageQuery,
    scope: TicketScope,
    limit: i64,
    after: Option<(usize, usize)>,
) -> String {
    let PageQuery {
        widget: w,
        tab,
        sort,
        shown,
        ..
    } = *q;
    let (key, ty) = sort_key(sort.column, w);
    let (cmp, dir) = if descending(sort) {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let keyset = after
        .map(|(k, id)| format!("AND ({key}, t.id) {cmp} (${k}::{ty}, ${id})"))
        .unwrap_or_default();
    format!(
        "(SELECT '{widget}' AS widget, t.number, t.title, {state} AS state, {queue} AS queue,
                 {priority} AS priority, {owner} AS owner, {customer_user} AS customer_user,
                 t.created_at, t.changed_at, t.pending_until, t.escalation_at, t.k::text AS sort_key, t.id
          FROM (SELECT t.*, {key} AS k FROM tickets t
                WHERE {sf} AND {wf} AND {tf} {keyset}
                ORDER BY {key} {dir}, t.id {dir} LIMIT {limit}) t
          ORDER BY t.k {dir}, t.id {dir})",
        widget = w.key(),
        state = shown.name(TicketColumn::State, "(SELECT name FROM states WHERE id = t.state_id)"),
        queue = shown.name(TicketColumn::Queue, "(SELECT name FROM queues WHERE id = t.queue_id)"),
        priority = shown.name(
            TicketColumn::Priority,
            "(SELECT name FROM priorities WHERE id = t.priority_id)"
        ),
        owner = shown.name(TicketColumn::Owner, "(SELECT login FROM agents WHERE id = t.owner_id)"),
        customer_user = shown.name(
            TicketColumn::CustomerUser,
            "coalesce((SELECT login FROM customer_users WHERE id = t.customer_user_id), '')"
        ),
        sf = scope.filter(),
        wf = widget_filter(w),
        tf = tab_filter(tab),
    )
}

/// What to fetch for one widget: tab, sort, shown columns and page size (rows beyond the page tell "there is
/// more").
#[derive(Debug, Clone, Copy)]
pub struct PageQuery {
    pub widget: WidgetKind,
    pub tab: TicketTab,
    pub sort: Sort,
    pub shown: Shown,
    pub page_size: u8,
}

/// The first page of several widgets in one statement (the CIC's first paint).
pub async fn first_pages(
    db: impl sqlx::PgExecutor<'_>,
    scope: TicketScope,
    agent: AgentId,
    now: DateTime<Utc>,
    queries: &[PageQuery],
) -> sqlx::Result<Vec<Row>> {
    if queries.is_empty() {
        return Ok(vec![]);
    }
    let sql = queries
        .iter()
        .map(|q| page_sql(q, scope, i64::from(q.page_size) + 1, None))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    sqlx::query_as(&sql)
        .bind(scope.id())
        .bind(agent)
        .bind(now)
        .fetch_all(db)
        .await
}

/// One page of one widget, after a cursor (or the first page).
pub async fn page(
    pool: &PgPool,
    scope: TicketScope,
    agent: AgentId,
    now: DateTime<Utc>,
    q: PageQuery,
    after: Option<&Cursor>,
) -> sqlx::Result<Vec<Row>> {
    let sql = page_sql(&q, scope, i64::from(q.page_size) + 1, after.map(|_| (4, 5)));
    let query = sqlx::query_as(&sql).bind(scope.id()).bind(agent).bind(now);
    let query = match after {
        Some(c) => query.bind(&c.key).bind(c.id),
        None => query,
    };
    query.fetch_all(pool).await
}
