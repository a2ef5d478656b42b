//! What the dashboards' server functions share (CIC, CUIC, ticket list): turning rows into the pages the
//! browser shows, resolving a dashboard's scope, and its counts. Server only; no HTTP, no rendering.
use crate::{
    db::{
        self,
        ticket_widgets::{PageQuery, Shown, TicketScope},
    },
    model::{
        dashboard::{Scope, TicketColumn},
        ids::{AgentId, CompanyId},
        input::CustomerKey,
        ticket_widget::{Cursor, TicketRow},
        time,
    },
};
use crate::{
    error::{AppError, Rule},
    model::{
        cic::Counts,
        dashboard::{Board, WidgetKind, WidgetPrefs},
        ticket_widget::{CustomerUserPage, TicketPage},
        widgets::CustomerUsersSettings,
    },
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub fn counts_of(c: db::counts::DashboardCounts) -> Counts {
    let mut tabs: Vec<_> = c.tabs.into_iter().collect();
    let order = Board::Cic.widgets();
    tabs.sort_by_key(|(k, _)| order.iter().position(|w| w == k));
    Counts {
        tabs,
        status: c.status,
    }
}

/// Rows as the browser shows them: times in the agent's zone and ages against the page's clock. Only
/// shown columns are formatted (the others stay empty: adding a column reloads the page).
pub fn to_page(
    rows: Vec<db::ticket_widgets::Row>,
    size: u8,
    shown: Shown,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> TicketPage {
    let more = rows.len() > usize::from(size);
    let opt = |c: TicketColumn, t: Option<DateTime<Utc>>, f: &dyn Fn(DateTime<Utc>) -> String| {
        t.filter(|_| shown.has(c)).map(f).unwrap_or_default()
    };
    let rows = rows
        .into_iter()
        .take(usize::from(size))
        .map(|r| TicketRow {
            age: opt(TicketColumn::Age, Some(r.created_at), &|t| {
                time::age(t, now)
            }),
            created: opt(TicketColumn::Created, Some(r.created_at), &|t| {
                time::local(t, tz)
            }),
            changed: opt(TicketColumn::Changed, Some(r.changed_at), &|t| {
                time::local(t, tz)
            }),
            pending_until: opt(TicketColumn::PendingUntil, r.pending_until, &|t| {
                time::local(t, tz)
            }),
            escalation: opt(TicketColumn::Escalation, r.escalation_at, &|t| {
                format!("{} ({})", time::breach(t, now), time::local(t, tz))
            }),
            number: r.number,
            title: r.title,
            state: r.state,
            queue: r.queue,
            priority: r.priority,
            owner: r.owner,
            customer_user: r.customer_user,
            cursor: Cursor {
                key: r.sort_key,
                id: r.id,
            },
        })
        .collect();
    TicketPage { rows, more }
}

/// The rows of several widgets' first pages (one statement) split into one page per widget.
pub fn first_paint_pages(
    queries: &[PageQuery],
    rows: &[db::ticket_widgets::Row],
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Vec<(WidgetKind, TicketPage)> {
    queries
        .iter()
        .map(|q| {
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| r.widget == q.widget.key())
                .cloned()
                .collect();
            (q.widget, to_page(mine, q.page_size, q.shown, tz, now))
        })
        .collect()
}

pub async fn users_page(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    after: Option<&str>,
    size: u8,
    settings: CustomerUsersSettings,
) -> Result<CustomerUserPage, AppError> {
    let limit = i64::from(size) + 1;
    let mut rows =
        db::customer_users::page(db, company, after, limit, settings.show_deactivated).await?;
    let more = rows.len() > usize::from(size);
    rows.truncate(usize::from(size));
    Ok(CustomerUserPage { rows, more })
}

pub async fn company_id(pool: &PgPool, key: &CustomerKey) -> Result<CompanyId, AppError> {
    Ok(db::companies::by_key(pool, key).await?.id)
}

pub fn query_of(p: &WidgetPrefs) -> PageQuery {
    PageQuery {
        widget: p.kind,
        tab: p.tab,
        sort: p.sort,
        shown: Shown::of(&p.columns),
        page_size: p.page_size,
    }
}

/// The scope a dashboard request names, as ids (404 for an unknown company or customer user).
pub async fn resolve_scope(pool: &PgPool, scope: &Scope) -> Result<TicketScope, AppError> {
    Ok(match scope {
        Scope::Company(key) => {
            TicketScope::Company(company_id(pool, &CustomerKey::parse(key)?).await?)
        }
        Scope::CustomerUser { login, accessible } => {
            if login.len() > 100 {
                return Err(AppError::NotFound);
            }
            let id = db::customer_users::id_by_login(pool, login).await?;
            if *accessible {
                TicketScope::Accessible(id)
            } else {
                TicketScope::Assigned(id)
            }
        }
    })
}

/// Fresh numbers for a scope: a company's from its counters, a customer user's counted.
pub async fn scope_counts(
    pool: &PgPool,
    scope: TicketScope,
    agent: AgentId,
    now: DateTime<Utc>,
) -> Result<Counts, AppError> {
    match scope {
        TicketScope::Company(c) => fresh_counts(pool, c, agent, now).await,
        _ => Ok(counts_of(db::counts::DashboardCounts {
            tabs: db::counts::scope_counts(pool, scope, agent, now).await?,
            status: Default::default(),
        })),
    }
}

pub async fn fresh_counts(
    db: impl sqlx::PgExecutor<'_>,
    company: CompanyId,
    agent: AgentId,
    now: DateTime<Utc>,
) -> Result<Counts, AppError> {
    Ok(counts_of(
        db::counts::counts(db, company, agent, now).await?,
    ))
}

/// A tampered cursor fails the cast in Postgres: that is bad input, not a server fault.
pub fn cursor_error(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(d) if d.code().is_some_and(|c| c.starts_with("22")) => {
            AppError::invalid("page", Rule::PagePosition)
        }
        _ => e.into(),
    }
}
