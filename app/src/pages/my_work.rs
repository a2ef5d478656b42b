//! My work, `/my-work` (issue 20, part 3): the agent's open tasks by due bucket. The markup is made on the
//! server (`model::my_work`), so the page works without JavaScript; it shares the lazy route of the agent's
//! other own page, Preferences.
use crate::{
    api::tasks::my_work_page,
    components::{error_view::load_page, page_data::page_data},
    model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// `/my-work` or `/preferences`, by the path (one chunk for both).
#[component]
pub fn PersonalPages() -> impl IntoView {
    let path = use_location().pathname;
    move || {
        if path.get() == "/my-work" {
            view! { <MyWork/> }.into_any()
        } else {
            view! { <super::preferences::Preferences/> }.into_any()
        }
    }
}

#[component]
fn MyWork() -> impl IntoView {
    let data = page_data(|| (), |_| my_work_page());
    view! {
        <Title text="My work — Panorama"/>
        {load_page(data, Realm::Agent, |html: String| view! {
            <main class="page narrow">
                <h1>"My work"</h1>
                <p><a href="/preferences">"Preferences"</a>" — your two-factor authentication and signed-in devices"</p>
                <div class="deferred" inner_html=html></div>
            </main>
        })}
    }
}
