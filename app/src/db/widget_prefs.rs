//! The agents' stored dashboard preferences (widget order, visibility, tab, page size, columns, sort), and
//! the two statements that read them together with what a dashboard's first paint needs.
use super::counts::DashboardCounts;
use crate::model::{
    alert::{self, Alert},
    customer::{Company, CustomerUserInfo},
    dashboard::{Board, StoredPrefs, WidgetKind, WidgetPrefs},
    ids::{AgentId, CustomerUserId},
    input::CustomerKey,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// A stored widget preference as it comes out of a LEFT JOIN on widget_prefs (all NULL: none stored).
macro_rules! stored_prefs {
    ($r:ident) => {
        match ($r.widget, $r.position, $r.visible) {
            (Some(widget), Some(position), Some(visible)) => Some(StoredPrefs {
                widget,
                position,
                visible,
                tab: $r.tab,
                page_size: $r.page_size,
                columns: $r.columns,
                sort: $r.sort,
                settings: $r.settings,
            }),
            _ => None,
        }
    };
}

/// The CIC's first statement (`sql/cic_head.sql`), for the explain tool: one round trip instead of two; on 2
/// cores each statement's protocol and wake-ups cost Postgres about as much as these statements' execution.
pub const COMPANY_PREFS_COUNTS_SQL: &str = include_str!("sql/cic_head.sql");

/// The CIC's head: the company, its active alerts, the agent's stored widget preferences and every count.
pub struct CicHead {
    pub company: Company,
    pub alerts: Vec<Alert>,
    pub prefs: Vec<StoredPrefs>,
    pub counts: DashboardCounts,
}

/// The company, its alerts, the agent's stored widget preferences and every count of its CIC, in one
/// statement.
pub async fn company_prefs_and_counts(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    agent: AgentId,
    now: DateTime<Utc>,
) -> sqlx::Result<CicHead> {
    let rows = sqlx::query_file!("src/db/sql/cic_head.sql", key.as_str(), agent.0, now)
        .fetch_all(db)
        .await?;
    let (counts, alerts) = match rows.first() {
        Some(r) => (super::counts::counts_of!(r), alert::from_json(&r.alerts)),
        None => return Err(sqlx::Error::RowNotFound),
    };
    let mut company = None;
    let mut prefs = Vec::new();
    for r in rows {
        prefs.extend(stored_prefs!(r));
        if company.is_none() {
            company = Some(company_of!(r));
        }
    }
    let company = company.ok_or(sqlx::Error::RowNotFound)?;
    Ok(CicHead {
        company,
        alerts,
        prefs,
        counts,
    })
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
    sqlx::query!(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible)
         SELECT $1, $5, w, p, v FROM unnest($2::text[], $3::smallint[], $4::boolean[]) AS x(w, p, v)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE SET position = EXCLUDED.position, visible = EXCLUDED.visible",
        agent.0,
        &widgets as &[&str],
        &positions,
        &visible,
        board.key(),
    )
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
    sqlx::query!(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible, tab, page_size, columns, sort)
         VALUES ($1, $8, $2, $3, true, $4, $5, $6, $7)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE
         SET tab = EXCLUDED.tab, page_size = EXCLUDED.page_size, columns = EXCLUDED.columns, sort = EXCLUDED.sort",
        agent.0,
        p.kind.key(),
        default_position,
        p.tab.key(),
        i16::from(p.page_size),
        &columns as &[&str],
        p.sort.key(),
        board.key(),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets all of an agent's choices on one dashboard; the defaults apply again.
pub async fn reset(pool: &PgPool, agent: AgentId, board: Board) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM widget_prefs WHERE agent_id = $1 AND dashboard = $2",
        agent.0,
        board.key()
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Where a CIC widget stands in the default layout: the position of a row first stored by a setting.
fn cic_default_position(kind: WidgetKind) -> i16 {
    Board::Cic
        .widgets()
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0) as i16
}

/// Saves one CIC widget's page size and its own settings (JSON, `model::widgets::stored::json`): the
/// Customer Users widget has no tabs or columns.
pub async fn save_page_size_and_settings(
    pool: &PgPool,
    agent: AgentId,
    kind: WidgetKind,
    size: u8,
    settings: &str,
) -> sqlx::Result<()> {
    let default_position = cic_default_position(kind);
    sqlx::query!(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible, page_size, settings)
         VALUES ($1, 'cic', $2, $3, true, $4, $5::text::jsonb)
         ON CONFLICT (agent_id, dashboard, widget)
           DO UPDATE SET page_size = EXCLUDED.page_size, settings = EXCLUDED.settings",
        agent.0,
        kind.key(),
        default_position,
        i16::from(size),
        settings,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The CUIC's head: the customer user (with their primary company), the active alerts of all their
/// companies and the agent's stored CUIC layout.
pub async fn customer_user_and_prefs(
    pool: &PgPool,
    login: &str,
    agent: AgentId,
) -> sqlx::Result<(CustomerUserInfo, Company, Vec<Alert>, Vec<StoredPrefs>)> {
    let rows = sqlx::query!(
        r#"SELECT cu.id AS user_id, cu.login, cu.email, cu.first_name, cu.last_name, cu.phone, cu.title,
                  cu.active, c.id, c.customer_id, c.name, c.phone AS company_phone, c.email AS company_email,
                  coalesce(loc.street, '') AS "street!", coalesce(loc.zip, '') AS "zip!", coalesce(loc.city, '') AS "city!", coalesce(loc.country, '') AS "country!", c.url, c.comment,
                  c.version, c.logo_file_id, c.state AS "state: crate::model::object_state::ObjectState",
                  (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into,
                  cu.state AS "user_state: crate::model::object_state::ObjectState",
                  (SELECT m.login FROM customer_users m WHERE m.id = cu.merged_into) AS user_merged_into, p.widget AS "widget?", p.position AS "position?", p.visible AS "visible?",
                  p.tab AS "tab?", p.page_size AS "page_size?", p.columns AS "columns?", p.sort AS "sort?",
                  p.settings::text AS "settings?", al.alerts AS "alerts!"
           FROM customer_users cu JOIN companies c ON c.id = cu.company_id
           LEFT JOIN company_locations loc ON loc.company_id = c.id AND loc.is_primary
           CROSS JOIN LATERAL (SELECT active_alerts(ARRAY(SELECT l.company_id FROM customer_user_companies l
                                                          WHERE l.customer_user_id = cu.id), now())::text AS alerts) al
           LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cuic'
           WHERE lower(cu.login) = lower($1)"#,
        login,
        agent.0,
    )
    .fetch_all(pool)
    .await?;
    let mut head = None;
    let mut prefs = Vec::new();
    for r in rows {
        prefs.extend(stored_prefs!(r));
        if head.is_none() {
            let user = CustomerUserInfo {
                user_id: CustomerUserId(r.user_id),
                login: r.login,
                email: r.email,
                first_name: r.first_name,
                last_name: r.last_name,
                phone: r.phone,
                title: r.title,
                active: r.active,
                lifecycle: crate::model::object_state::Lifecycle {
                    state: r.user_state,
                    merged_into: r.user_merged_into,
                },
            };
            let alerts = alert::from_json(&r.alerts);
            head = Some((user, company_of!(r), alerts));
        }
    }
    let (user, company, alerts) = head.ok_or(sqlx::Error::RowNotFound)?;
    Ok((user, company, alerts, prefs))
}

/// The agent's stored row of one CIC widget (its settings for a widget turned on after the page loaded).
pub async fn cic_widget(
    db: impl sqlx::PgExecutor<'_>,
    agent: AgentId,
    kind: WidgetKind,
) -> sqlx::Result<Vec<StoredPrefs>> {
    sqlx::query_as!(
        StoredPrefs,
        r#"SELECT widget, position, visible, tab, page_size, columns, sort, settings::text AS settings
           FROM widget_prefs WHERE agent_id = $1 AND dashboard = 'cic' AND widget = $2"#,
        agent.0,
        kind.key(),
    )
    .fetch_all(db)
    .await
}

/// Saves one CIC widget's own settings (JSON, `model::widgets::stored::json`), keeping the rest of its row.
pub async fn save_settings(
    db: impl sqlx::PgExecutor<'_>,
    agent: AgentId,
    kind: WidgetKind,
    settings: &str,
) -> sqlx::Result<()> {
    let default_position = cic_default_position(kind);
    sqlx::query!(
        "INSERT INTO widget_prefs (agent_id, dashboard, widget, position, visible, settings)
         VALUES ($1, 'cic', $2, $3, true, $4::text::jsonb)
         ON CONFLICT (agent_id, dashboard, widget) DO UPDATE SET settings = EXCLUDED.settings",
        agent.0,
        kind.key(),
        default_position,
        settings,
    )
    .execute(db)
    .await?;
    Ok(())
}
