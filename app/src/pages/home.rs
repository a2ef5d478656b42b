use crate::{
    api::{customers::search_customers, session::current_viewer},
    components::{error_view::load_page, layout::TopBar, search_box::SearchBox},
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
    let data = Resource::new_blocking(params, |(q, page)| async move {
        let agent = current_viewer()
            .await?
            .agent
            .ok_or(AppError::Unauthorized)?;
        let results = if q.is_empty() {
            None
        } else {
            Some(search_customers(q.clone(), page).await?)
        };
        Ok::<_, AppError>((agent, q, results, page))
    });
    view! {
        <Title text="Panorama — Customer search"/>
        {load_page(data, Realm::Agent, move |(agent, q, results, page)| view! {
                <TopBar
                    realm=Realm::Agent
                    name=agent.name
                    search=false
                    admin=agent.role == crate::model::viewer::AgentRole::Admin
                />
                <main class="page narrow">
                    <h1>"Find a customer"</h1>
                    <SearchBox initial_query=q initial=results page/>
                </main>
            }
            .into_any())}
    }
}
