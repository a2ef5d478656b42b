//! The CIC's server functions: the whole first paint in one call, then one call per agent action
//! (a ticket widget's tab/sort/page, a page of customer users, a layout change, a company edit).
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{
    error::AppError,
    model::{
        cic::{CicData, TicketWidgetData},
        customer::{Company, CompanyEdit},
        dashboard::{Board, WidgetKind},
        ticket_widget::{CustomerUserPage, TicketWidgetRequest},
    },
};
use leptos::{prelude::*, server_fn::codec::Json};

/// Everything the CIC of one company shows, for the signed-in agent: 4 SQL statements in all (session, then
/// company + preferences + counts, ticket lists and customer users on one connection: sqlx pings a
/// connection each time it goes back to the pool, so one checkout saves round trips, which under load are
/// worth more than running small queries side by side).
#[server(endpoint = "cic_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn cic_page(customer_id: String) -> Result<CicData, AppError> {
    use crate::{
        authz, db, db::ticket_widgets::TicketScope, model::input::CustomerKey,
        service::dashboard::*,
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let key = CustomerKey::parse(&customer_id)?;
            let now = chrono::Utc::now();
            let mut conn = state.pool.acquire().await?;
            let db::widget_prefs::CicHead {
                company,
                alerts,
                prefs: stored,
                counts,
            } = db::widget_prefs::company_prefs_and_counts(&mut *conn, &key, agent.id, now).await?;
            company.lifecycle.reachable("/customers/")?;
            state
                .views
                .seen(agent.id, crate::views::ViewedKind::Company, company.id.0);
            let counts = counts_of(counts);
            let layout = crate::model::layout::resolve_layout(Board::Cic, &stored);
            let tz = crate::session::time_zone(&agent);
            let queries: Vec<_> = layout
                .iter()
                .filter(|p| p.visible && p.kind.is_ticket_list())
                .map(query_of)
                .collect();
            let users_prefs = layout.iter().find(|p| p.kind == WidgetKind::CustomerUsers);
            let users_size =
                users_prefs.map_or(crate::model::dashboard::DEFAULT_PAGE_SIZE, |p| p.page_size);
            let users_visible = users_prefs.is_some_and(|p| p.visible);
            let users_settings: crate::model::widgets::CustomerUsersSettings =
                crate::model::widgets::stored::settings(&stored);
            let rows = db::ticket_widgets::first_pages(
                &mut *conn,
                TicketScope::Company(company.id),
                agent.id,
                now,
                &queries,
            )
            .await?;
            let users = if users_visible {
                users_page(&mut *conn, company.id, None, users_size, users_settings).await?
            } else {
                CustomerUserPage {
                    rows: vec![],
                    more: false,
                }
            };
            let tickets = first_paint_pages(&queries, &rows, tz, now);
            let mut deferred = Vec::new();
            for p in layout.iter().filter(|p| p.visible) {
                let markup = crate::api::company_widgets::markup_of(
                    &mut conn, p.kind, &company, &agent, now, &stored,
                )
                .await?;
                deferred.extend(markup.map(|m| (p.kind, m)));
            }
            // The poster's own page: "End alert" for whoever may post them.
            let alerts = crate::model::alert::Banner::of(
                &alerts,
                false,
                authz::Action::PostAlerts.allows(agent.role),
            );
            Ok(CicData {
                company,
                alerts,
                layout,
                counts,
                tickets,
                users,
                users_page_size: users_size,
                users_settings,
                deferred,
                logo_error: crate::logo::refusal_on_page(),
            })
        }
        .await,
    )
}

/// A ticket widget's rows for a tab, sort, size and page; the choice is saved for the agent at once.
#[server(endpoint = "ticket_widget", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(widget = ?req.widget, scope = ?req.scope)))]
pub async fn ticket_widget(req: TicketWidgetRequest) -> Result<TicketWidgetData, AppError> {
    use crate::{
        authz, db,
        model::{
            dashboard::{TicketColumn, WidgetPrefs},
            input::PageSize,
        },
        service::dashboard::*,
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let pool = &state.pool;
            if !req.widget.is_ticket_list() {
                return Err(AppError::invalid("widget", Rule::Unknown("ticket widget")));
            }
            let page_size = PageSize::parse(req.page_size)?.get();
            let columns = TicketColumn::parse_list(&req.columns)?;
            let scope = resolve_scope(pool, &req.scope).await?;
            let prefs = WidgetPrefs {
                kind: req.widget,
                visible: true,
                tab: req.tab,
                page_size,
                columns,
                sort: req.sort,
            };
            db::widget_prefs::save_widget_query(pool, agent.id, req.scope.board(), &prefs).await?;
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
                page: to_page(
                    rows,
                    q.page_size,
                    q.shown,
                    crate::session::time_zone(&agent),
                    now,
                ),
                counts,
            })
        }
        .await,
    )
}

/// A page of the Customer Users widget, after the last login shown; the page size is saved for the agent.
#[server(endpoint = "customer_users_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn customer_users_page(
    customer_id: String,
    after: Option<String>,
    page_size: u8,
    // The widget's setting; an older client that does not send it gets the default (active users only).
    #[server(default)] show_deactivated: bool,
) -> Result<CustomerUserPage, AppError> {
    use crate::{
        authz, db,
        model::input::{CustomerKey, PageSize},
        service::dashboard::*,
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let page_size = PageSize::parse(page_size)?.get();
            if after.as_ref().is_some_and(|a| a.len() > 100) {
                return Err(AppError::invalid("after", Rule::TooLong(100)));
            }
            let key = CustomerKey::parse(&customer_id)?;
            let company = company_id(&state.pool, &key).await?;
            let settings = crate::model::widgets::CustomerUsersSettings { show_deactivated };
            db::widget_prefs::save_page_size_and_settings(
                &state.pool,
                agent.id,
                WidgetKind::CustomerUsers,
                page_size,
                &crate::model::widgets::stored::json(&settings),
            )
            .await?;
            users_page(&state.pool, company, after.as_deref(), page_size, settings).await
        }
        .await,
    )
}

/// Order and visibility of every widget, as the agent arranged them (drag and drop, move up/down, close,
/// Settings, Reset layout). The whole layout is sent, so a save is idempotent.
#[server(endpoint = "save_layout", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(board = ?board)))]
pub async fn save_layout(board: Board, layout: Vec<(WidgetKind, bool)>) -> Result<(), AppError> {
    use crate::{authz, db, model::dashboard::WidgetPrefs};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::ArrangeDashboard)?;
            let state = authz::state()?;
            let complete = layout.len() == board.widgets().len()
                && board
                    .widgets()
                    .iter()
                    .all(|k| layout.iter().filter(|(w, _)| w == k).count() == 1);
            if !complete {
                return Err(AppError::invalid("layout", Rule::LayoutIncomplete));
            }
            if layout.iter().any(|(w, visible)| !w.closable() && !visible) {
                return Err(AppError::invalid("layout", Rule::SettingsHidden));
            }
            let prefs: Vec<WidgetPrefs> = layout
                .into_iter()
                .map(|(kind, visible)| WidgetPrefs {
                    visible,
                    ..WidgetPrefs::default_for(kind)
                })
                .collect();
            db::widget_prefs::save_layout(&state.pool, agent.id, board, &prefs).await?;
            Ok(())
        }
        .await,
    )
}

/// "Reset layout": forgets every choice the agent made on one dashboard (order, visibility, tabs, columns,
/// sort).
#[server(endpoint = "reset_layout", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(board = ?board)))]
pub async fn reset_layout(board: Board) -> Result<(), AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::ArrangeDashboard)?;
            let state = authz::state()?;
            db::widget_prefs::reset(&state.pool, agent.id, board).await?;
            Ok(())
        }
        .await,
    )
}

/// Customer Information, edited in place: every field checked, a stale version refused.
#[server(endpoint = "update_company", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %edit.customer_id, version = edit.version)))]
pub async fn update_company(edit: CompanyEdit) -> Result<Company, AppError> {
    use crate::{authz, db, model::input::CustomerKey};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::EditCompanies)?;
            let state = authz::state()?;
            let key = CustomerKey::parse(&edit.customer_id)?;
            let fields = edit.parse()?;
            // The edit and its change record (old → new, by the trigger) commit together.
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            match db::companies::update(&mut *tx, &key, edit.version, &fields).await? {
                Some(c) => {
                    tx.commit().await?;
                    Ok(c)
                }
                None => {
                    // Missing stays a 404; present means someone saved first. Read inside the
                    // transaction: a second pool connection here could wait on the one this holds.
                    db::companies::by_key(&mut *tx, &key)
                        .await?
                        .lifecycle
                        .reachable("/customers/")?;
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
