//! The Customer User Information Center: the CIC's dashboard for one customer user, in one call.
use crate::{error::AppError, model::cic::CuicData};
use leptos::prelude::*;

/// Everything the CUIC of `login` shows for the signed-in agent.
#[server(endpoint = "cuic_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(login = %login, accessible)))]
pub async fn cuic_page(login: String, accessible: bool) -> Result<CuicData, AppError> {
    use crate::{
        authz, db,
        db::ticket_widgets::TicketScope,
        model::{dashboard::Board, layout::resolve_layout},
        service::dashboard::{first_paint_pages, query_of, scope_counts},
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let pool = &state.pool;
            if login.is_empty() || login.len() > 100 {
                return Err(AppError::NotFound);
            }
            let (user, company, alerts, stored) =
                db::widget_prefs::customer_user_and_prefs(pool, &login, agent.id).await?;
            user.lifecycle.reachable("/customer-users/")?;
            state.views.seen(
                agent.id,
                crate::views::ViewedKind::CustomerUser,
                user.user_id.0,
            );
            let layout = resolve_layout(Board::Cuic, &stored);
            let scope = if accessible {
                TicketScope::Accessible(user.user_id)
            } else {
                TicketScope::Assigned(user.user_id)
            };
            let now = chrono::Utc::now();
            let queries: Vec<_> = layout
                .iter()
                .filter(|p| p.visible && p.kind.is_ticket_list())
                .map(query_of)
                .collect();
            let (counts, rows, companies) = tokio::try_join!(
                scope_counts(pool, scope, agent.id, now),
                async {
                    Ok::<_, AppError>(
                        db::ticket_widgets::first_pages(pool, scope, agent.id, now, &queries)
                            .await?,
                    )
                },
                async { Ok::<_, AppError>(db::customer_users::links(pool, user.user_id).await?) },
            )?;
            let tickets =
                first_paint_pages(&queries, &rows, crate::session::time_zone(&agent), now);
            // The deferred widgets the agent shows here (Contracts: of each of the user's companies).
            let mut deferred = Vec::new();
            for p in layout.iter().filter(|p| p.visible) {
                if p.kind.spec().first_paint != crate::model::widgets::FirstPaint::Deferred {
                    continue;
                }
                let mut conn = pool.acquire().await?;
                let stored = db::widget_prefs::cic_widget(&mut *conn, agent.id, p.kind).await?;
                let markup = crate::api::company_widgets::cuic_markup(
                    &mut conn,
                    p.kind,
                    &company,
                    &user.login,
                    &agent,
                    &stored,
                )
                .await?;
                if let Some(markup) = markup {
                    deferred.push((p.kind, markup));
                }
            }
            let alerts = crate::model::alert::Banner::of(
                &alerts,
                true,
                authz::Action::PostAlerts.allows(agent.role),
            );
            Ok(CuicData {
                user,
                company,
                alerts,
                companies,
                accessible,
                layout,
                counts,
                tickets,
                deferred,
            })
        }
        .await,
    )
}
