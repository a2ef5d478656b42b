use crate::{error::AppError, model::customer::SearchResults};
use leptos::prelude::*;

pub const SEARCH_PAGE: i64 = 20;

/// The customer search: companies and customer users. Fewer than two characters is no search at all.
#[server(endpoint = "search_customers")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(page)))]
pub async fn search_customers(query: String, page: u32) -> Result<SearchResults, AppError> {
    use crate::{authz, db, model::input::SearchTerm};
    crate::api::finish(
        async {
            authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let Some(term) = SearchTerm::parse(&query)? else {
                return Ok(SearchResults {
                    hits: vec![],
                    more: false,
                });
            };
            let offset = i64::from(page.min(10_000)) * SEARCH_PAGE;
            let mut hits = db::search::search(
                &state.pool,
                &term,
                db::search::phone_like(&query),
                SEARCH_PAGE + 1,
                offset,
            )
            .await?;
            let more = hits.len() as i64 > SEARCH_PAGE;
            hits.truncate(SEARCH_PAGE as usize);
            Ok(SearchResults { hits, more })
        }
        .await,
    )
}
