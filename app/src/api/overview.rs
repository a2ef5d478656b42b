//! The Overview (issue 20, part 6): a page of the company's business events as markup, for the widget (its
//! filter and pager are buttons for the deferred widgets' click handler) and for the page
//! `/customers/<id>/overview` (links, so it works without JavaScript). Reading takes `Read`.
use crate::error::AppError;
use leptos::prelude::*;

/// The markup of one page: events of `kind` ("" = all) before the change `after` ("" = the newest).
#[cfg(feature = "ssr")]
pub async fn markup(
    conn: &mut sqlx::PgConnection,
    company: &crate::model::customer::Company,
    agent: &crate::model::viewer::AgentViewer,
    kind: &str,
    after: &str,
    on_page: bool,
) -> Result<String, AppError> {
    use crate::model::overview::{self, Controls, KINDS, PAGE_ROWS};
    if !kind.is_empty() && !KINDS.iter().any(|(k, _)| *k == kind) {
        return Err(AppError::NotFound);
    }
    let after = match after {
        "" => None,
        a => Some(a.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let mut events = crate::db::overview::page(
        &mut *conn,
        company.id,
        &company.customer_id,
        (!kind.is_empty()).then_some(kind),
        after,
        PAGE_ROWS + 1,
    )
    .await?;
    let next = (events.len() > PAGE_ROWS as usize).then(|| {
        events.truncate(PAGE_ROWS as usize);
        events.last().map_or(0, |e| e.id)
    });
    let controls = if on_page {
        Controls::Page {
            customer_id: &company.customer_id,
        }
    } else {
        Controls::WidgetOf {
            customer_id: &company.customer_id,
        }
    };
    Ok(overview::markup(
        &events,
        kind,
        next,
        crate::session::time_zone(agent),
        controls,
    ))
}

/// A page of events: the widget's (buttons) or the Overview page's (links, `page=true`).
#[server(endpoint = "overview_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn overview_page(
    customer_id: String,
    #[server(default)] kind: String,
    #[server(default)] after: String,
    #[server(default)] page: bool,
) -> Result<(String, String), AppError> {
    use crate::model::permission::Action;
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            let mut conn = state.pool.acquire().await?;
            let html = markup(&mut conn, &company, &agent, &kind, &after, page).await?;
            Ok((company.name, html))
        }
        .await,
    )
}
