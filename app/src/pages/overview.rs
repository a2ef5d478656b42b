//! The Overview page, `/customers/<id>/overview` (issue 20, part 6): the company's business events, newest
//! first, with the kind filter and "Older events" as links (it works without JavaScript). The markup is
//! the Overview widget's, made on the server. Served by the contracts' lazy route, like Billing.
use crate::{
    api::overview::overview_page,
    components::{error_view::load_page, page_data::page_data},
    model::{input::url_encode, viewer::Realm},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Overview(customer_id: String) -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                customer_id.clone(),
                q.get("kind").unwrap_or_default(),
                q.get("after").unwrap_or_default(),
            )
        })
    };
    let back = StoredValue::new(params().0);
    let data = page_data(params, |(id, kind, after)| {
        overview_page(id, kind, after, true)
    });
    view! {
        {load_page(data, Realm::Agent, move |(name, html): (String, String)| {
            let id = back.get_value();
            view! {
                <Title text=format!("Overview — {name} — Panorama")/>
                <main class="page narrow">
                    <p><a href=format!("/customers/{}", url_encode(&id))>{format!("Back to {name}")}</a></p>
                    <h1>{format!("Overview — {name} ({id})")}</h1>
                    <div class="deferred" inner_html=html></div>
                </main>
            }
        })}
    }
}
