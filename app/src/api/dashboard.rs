//! The CIC's server functions: the whole first paint in one call, then one call per agent action
//! (a ticket widget's tab/sort/page, a page of customer users, a layout change, a company edit).
use crate::{
    error::AppError,
    model::{
        customer::Company,
        dashboard::{
            Board, CustomerUserPage, TabCounts, TicketPage, TicketWidgetRequest, WidgetKind,
            WidgetPrefs,
        },
        ticket::CompanyStatus,
    },
};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

/// Every number of a dashboard: the tabs of each ticket widget and Company Status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tabs: Vec<(WidgetKind, TabCounts)>,
    pub status: CompanyStatus,
}

impl Counts {
    pub fn tab(&self, w: WidgetKind) -> TabCounts {
        self.tabs
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }
}

/// The CIC's first paint: everything every visible widget shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CicData {
    pub agent_name: String,
    /// Admins may open the portal as a customer user (impersonation) and read the audit log.
    pub agent_is_admin: bool,
    pub company: Company,
    pub layout: Vec<WidgetPrefs>,
    pub counts: Counts,
    pub tickets: Vec<(WidgetKind, TicketPage)>,
    pub users: CustomerUserPage,
    pub users_page_size: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketWidgetData {
    pub page: TicketPage,
    /// Fresh numbers for the whole page, from the same clock as the rows.
    pub counts: Counts,
}

/// The editable company fields plus the version the form was loaded from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyEdit {
    pub customer_id: String,
    pub version: i32,
    pub name: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub url: String,
    pub comment: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::{
        components::time,
        db::{
            self,
            ticket_widgets::{PageQuery, Shown, TicketScope},
        },
        model::{
            dashboard::{Cursor, Scope, TicketColumn, TicketRow},
            ids::{AgentId, CompanyId},
            input::CustomerKey,
        },
    };
    use chrono::{DateTime, Utc};
    use sqlx::PgPool;

    pub fn counts_of(c: db::dashboard::DashboardCounts) -> Counts {
        let mut tabs: Vec<_> = c.tabs.into_iter().collect();
        tabs.sort_by_key(|(k, _)| WidgetKind::CIC.iter().position(|w| w == k));
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
        let opt =
            |c: TicketColumn, t: Option<DateTime<Utc>>, f: &dyn Fn(DateTime<Utc>) -> String| {
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
    ) -> Result<CustomerUserPage, AppError> {
        let mut rows = db::customer_users::page(db, company, after, i64::from(size) + 1).await?;
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
            _ => Ok(counts_of(db::dashboard::DashboardCounts {
                tabs: db::dashboard::scope_counts(pool, scope, agent, now).await?,
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
            db::dashboard::counts(db, company, agent, now).await?,
        ))
    }

    /// A tampered cursor fails the cast in Postgres: that is bad input, not a server fault.
    pub fn cursor_error(e: sqlx::Error) -> AppError {
        match &e {
            sqlx::Error::Database(d) if d.code().is_some_and(|c| c.starts_with("22")) => {
                AppError::validation(
                    "page",
                    "That page position is no longer valid. Go back to the first page.",
                )
            }
            _ => e.into(),
        }
    }
}

/// Everything the CIC of one company shows, for the signed-in agent: 4 SQL statements in all (session, then
/// company + preferences + counts, ticket lists and customer users on one connection: sqlx pings a
/// connection each time it goes back to the pool, so one checkout saves round trips, which under load are
/// worth more than running small queries side by side).
#[server(endpoint = "cic_page")]
pub async fn cic_page(customer_id: String) -> Result<CicData, AppError> {
    use crate::{authz, db, db::ticket_widgets::TicketScope, model::input::CustomerKey};
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let key = CustomerKey::parse(&customer_id)?;
            let now = chrono::Utc::now();
            let mut conn = state.pool.acquire().await?;
            let (company, stored, counts) =
                db::dashboard::company_prefs_and_counts(&mut *conn, &key, agent.id, now).await?;
            let counts = counts_of(counts);
            let layout = crate::model::dashboard::resolve_layout(Board::Cic, &stored);
            let tz = authz::time_zone(&agent);
            let queries: Vec<_> = layout
                .iter()
                .filter(|p| p.visible && p.kind.is_ticket_list())
                .map(query_of)
                .collect();
            let users_prefs = layout.iter().find(|p| p.kind == WidgetKind::CustomerUsers);
            let users_size =
                users_prefs.map_or(crate::model::dashboard::DEFAULT_PAGE_SIZE, |p| p.page_size);
            let users_visible = users_prefs.is_some_and(|p| p.visible);
            let rows = db::ticket_widgets::first_pages(
                &mut *conn,
                TicketScope::Company(company.id),
                agent.id,
                now,
                &queries,
            )
            .await?;
            let users = if users_visible {
                users_page(&mut *conn, company.id, None, users_size).await?
            } else {
                CustomerUserPage {
                    rows: vec![],
                    more: false,
                }
            };
            let tickets = first_paint_pages(&queries, &rows, tz, now);
            Ok(CicData {
                agent_is_admin: agent.role == crate::model::viewer::AgentRole::Admin,
                agent_name: agent.name,
                company,
                layout,
                counts,
                tickets,
                users,
                users_page_size: users_size,
            })
        }
        .await,
    )
}

/// A ticket widget's rows for a tab, sort, size and page; the choice is saved for the agent at once.
#[server(endpoint = "ticket_widget", input = Json)]
pub async fn ticket_widget(req: TicketWidgetRequest) -> Result<TicketWidgetData, AppError> {
    use crate::{authz, db};
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let pool = &state.pool;
            if !req.widget.is_ticket_list() {
                return Err(AppError::validation("widget", "Not a ticket widget."));
            }
            if !(5..=50).contains(&req.page_size) {
                return Err(AppError::validation(
                    "page_size",
                    "Choose a page size from 5 to 50.",
                ));
            }
            let mut columns = req.columns.clone();
            columns.dedup();
            if columns.is_empty() || columns.len() > 12 {
                return Err(AppError::validation(
                    "columns",
                    "Choose at least one column.",
                ));
            }
            let scope = resolve_scope(pool, &req.scope).await?;
            let prefs = WidgetPrefs {
                kind: req.widget,
                visible: true,
                tab: req.tab,
                page_size: req.page_size,
                columns,
                sort: req.sort,
            };
            db::dashboard::save_widget_query(pool, agent.id, req.scope.board(), &prefs).await?;
            let now = chrono::Utc::now();
            let q = query_of(&prefs);
            let (rows, counts) = tokio::try_join!(
                async {
                    db::ticket_widgets::page(pool, scope, agent.id, now, q, req.after.as_ref())
                        .await
                        .map_err(cursor_error)
                },
                scope_counts(pool, scope, agent.id, now),
            )?;
            Ok(TicketWidgetData {
                page: to_page(rows, q.page_size, q.shown, authz::time_zone(&agent), now),
                counts,
            })
        }
        .await,
    )
}

/// A page of the Customer Users widget, after the last login shown; the page size is saved for the agent.
#[server(endpoint = "customer_users_page")]
pub async fn customer_users_page(
    customer_id: String,
    after: Option<String>,
    page_size: u8,
) -> Result<CustomerUserPage, AppError> {
    use crate::{authz, db, model::input::CustomerKey};
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            if !(5..=50).contains(&page_size) {
                return Err(AppError::validation(
                    "page_size",
                    "Choose a page size from 5 to 50.",
                ));
            }
            if after.as_ref().is_some_and(|a| a.len() > 100) {
                return Err(AppError::validation("after", "Not a login."));
            }
            let key = CustomerKey::parse(&customer_id)?;
            let company = company_id(&state.pool, &key).await?;
            db::dashboard::save_page_size(
                &state.pool,
                agent.id,
                WidgetKind::CustomerUsers,
                page_size,
            )
            .await?;
            users_page(&state.pool, company, after.as_deref(), page_size).await
        }
        .await,
    )
}

/// Order and visibility of every widget, as the agent arranged them (drag and drop, move up/down, close,
/// Settings, Reset layout). The whole layout is sent, so a save is idempotent.
#[server(endpoint = "save_layout", input = Json)]
pub async fn save_layout(board: Board, layout: Vec<(WidgetKind, bool)>) -> Result<(), AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let complete = layout.len() == board.widgets().len()
                && board
                    .widgets()
                    .iter()
                    .all(|k| layout.iter().filter(|(w, _)| w == k).count() == 1);
            if !complete {
                return Err(AppError::validation(
                    "layout",
                    "Every widget must appear exactly once.",
                ));
            }
            if layout.iter().any(|(w, visible)| !w.closable() && !visible) {
                return Err(AppError::validation("layout", "Settings cannot be hidden."));
            }
            let prefs: Vec<WidgetPrefs> = layout
                .into_iter()
                .map(|(kind, visible)| WidgetPrefs {
                    visible,
                    ..WidgetPrefs::default_for(kind)
                })
                .collect();
            db::dashboard::save_layout(&state.pool, agent.id, board, &prefs).await?;
            Ok(())
        }
        .await,
    )
}

/// "Reset layout": forgets every choice the agent made on one dashboard (order, visibility, tabs, columns,
/// sort).
#[server(endpoint = "reset_layout", input = Json)]
pub async fn reset_layout(board: Board) -> Result<(), AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            db::dashboard::reset(&state.pool, agent.id, board).await?;
            Ok(())
        }
        .await,
    )
}

/// Customer Information, edited in place: every field checked, a stale version refused.
#[server(endpoint = "update_company", input = Json)]
pub async fn update_company(edit: CompanyEdit) -> Result<Company, AppError> {
    use crate::{authz, db, model::input::CustomerKey};
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let key = CustomerKey::parse(&edit.customer_id)?;
            let fields = validate_company(&edit)?;
            // The edit and its audit row commit together.
            let mut tx = state.pool.begin().await?;
            match db::companies::update(&mut *tx, &key, edit.version, &fields).await? {
                Some(c) => {
                    let event = db::audit::Event {
                        event: "company_edit",
                        actor_agent: Some(agent.id.0),
                        company: Some(c.id.0),
                        client_addr: Some(&authz::client_addr()),
                        detail: serde_json::json!({ "version": c.version, "name": c.name, "url": c.url }),
                        ..Default::default()
                    };
                    db::audit::record(&mut *tx, event).await?;
                    tx.commit().await?;
                    Ok(c)
                }
                None => {
                    // Missing stays a 404; present means someone saved first.
                    db::companies::by_key(&state.pool, &key).await?;
                    Err(AppError::Conflict(
                        "This company was changed by someone else since you opened it. Reload to see the changes, \
                         then edit again."
                            .into(),
                    ))
                }
            }
        }
        .await,
    )
}

/// Field rules for a company; every failing field is reported at once.
#[cfg(feature = "ssr")]
pub fn validate_company(e: &CompanyEdit) -> Result<crate::db::companies::CompanyFields, AppError> {
    let mut errors = Vec::new();
    let mut field = |name: &str, value: &str, max: usize, required: bool| -> String {
        let v = value.trim().to_string();
        if required && v.is_empty() {
            errors.push((name.to_string(), "Enter a name.".to_string()));
        } else if v.chars().count() > max {
            errors.push((name.to_string(), format!("Use at most {max} characters.")));
        }
        v
    };
    let fields = crate::db::companies::CompanyFields {
        name: field("name", &e.name, 200, true),
        street: field("street", &e.street, 200, false),
        zip: field("zip", &e.zip, 20, false),
        city: field("city", &e.city, 100, false),
        country: field("country", &e.country, 100, false),
        url: field("url", &e.url, 500, false),
        comment: field("comment", &e.comment, 2000, false),
    };
    let url_ok = fields.url.is_empty()
        || ((fields.url.starts_with("https://") || fields.url.starts_with("http://"))
            && fields.url.len() > 8
            && !fields.url.contains(char::is_whitespace));
    if !url_ok && !errors.iter().any(|(f, _)| f == "url") {
        errors.push((
            "url".into(),
            "Enter a web address starting with https:// or http://.".into(),
        ));
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(AppError::Fields(errors))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn company_rules_report_every_bad_field() {
        let ok = CompanyEdit {
            name: " Acme ".into(),
            url: "https://acme.example".into(),
            ..Default::default()
        };
        assert_eq!(validate_company(&ok).expect("valid").name, "Acme");
        let bad = CompanyEdit {
            name: "  ".into(),
            url: "acme.example".into(),
            zip: "1".repeat(21),
            ..Default::default()
        };
        let err = validate_company(&bad).expect_err("invalid");
        assert_eq!(err.field_message("name").as_deref(), Some("Enter a name."));
        assert!(err.field_message("url").is_some());
        assert!(err.field_message("zip").is_some());
        assert_eq!(err.field_message("city"), None);
    }
}
