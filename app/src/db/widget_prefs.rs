//! The agents' stored dashboard preferences (widget order, visibility, tab, page size, columns, sort), and
//! the two statements that read them together with what a dashboard's first paint needs.
use super::counts::{counts_sql, CountsRow, DashboardCounts};
use crate::model::{
    customer::{Company, CustomerUserInfo},
    dashboard::{Board, StoredPrefs, WidgetKind, WidgetPrefs},
    ids::AgentId,
    input::CustomerKey,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

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
    counts: CountsRow,
    #[sqlx(flatten)]
    prefs: PrefCols,
}

/// The CIC's first statement: the company by its customer id, its counts for the agent at `$3`, and the
/// agent's stored widget preferences (one row per stored widget). One round trip instead of two: on 2 cores
/// each statement's protocol and wake-ups cost Postgres about as much as these statements' execution.
pub const COMPANY_PREFS_COUNTS_SQL: &str = concat!(
    "WITH co AS (SELECT ",
    company_columns!(""),
    " FROM companies WHERE customer_id = $1),
          n AS (",
    counts_sql!("(SELECT id FROM co)"),
    ")
     SELECT co.*, n.*, p.widget, p.position, p.visible, p.tab, p.page_size, p.columns, p.sort
     FROM co CROSS JOIN n
     LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cic'"
);

/// The company, the agent's stored widget preferences and every count of its CIC, in one statement.
pub async fn company_prefs_and_counts(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<(Company, Vec<StoredPrefs>, DashboardCounts)> {
    let rows: Vec<CompanyPrefRow> = sqlx::query_as(COMPANY_PREFS_COUNTS_SQL)
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

/// The CUIC's head: the customer user (with their primary company) and the agent's stored CUIC layout.
pub async fn customer_user_and_prefs(
    pool: &PgPool,
    login: &str,
    agent: AgentId,
) -> sqlx::Result<(CustomerUserInfo, Company, Vec<StoredPrefs>)> {
    #[derive(sqlx::FromRow)]
    struct UserRow {
        #[sqlx(flatten)]
        user: CustomerUserInfo,
        #[sqlx(flatten)]
        company: Company,
        #[sqlx(flatten)]
        prefs: PrefCols,
    }
    let rows: Vec<UserRow> = sqlx::query_as(concat!(
        "SELECT cu.id AS user_id, cu.login, cu.email, cu.first_name, cu.last_name, cu.phone, cu.title,
                cu.active, ", company_columns!("c."), ", p.widget, p.position, p.visible, p.tab, p.page_size, p.columns, p.sort
         FROM customer_users cu JOIN companies c ON c.id = cu.company_id
         LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cuic'
         WHERE lower(cu.login) = lower($1)",
    ))
    .bind(login)
    .bind(agent)
    .fetch_all(pool)
    .await?;
    let first = rows.first().ok_or(sqlx::Error::RowNotFound)?;
    let (user, company) = (first.user.clone(), first.company.clone());
    let prefs = rows.into_iter().filter_map(|r| r.prefs.stored()).collect();
    Ok((user, company, prefs))
}
