use crate::components::page_data::page_data;
use crate::{
    api::customers::search_customers,
    components::{error_view::load_page, search_box::SearchBox},
    error::AppError,
    model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The agent's landing page: the customer search itself.
#[component]
pub fn Home() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u32>().ok())
                    .unwrap_or(0),
            )
        })
    };
    let data = page_data(params, |(q, page)| async move {
        let results = if q.is_empty() {
            None
        } else {
            Some(search_customers(q.clone(), page).await?)
        };
        Ok::<_, AppError>((q, results, page))
    });
    view! {
        <Title text="Panorama — Customer search"/>
        {load_page(data, Realm::Agent, move |(q, results, page)| view! {
                <main class="page narrow">
                    <h1>"Find a customer"</h1>
                    <SearchBox initial_query=q initial=results page/>
                </main>
            }
            .into_any())}
    }
}
