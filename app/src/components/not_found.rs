//! The 404 page, shown for unknown addresses and for objects a viewer may not see.
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    AppError::NotFound.set_response_status();
    view! {
        <Title text="Not found — Panorama"/>
        <main class="page narrow">
            <h1>"Not found"</h1>
            <p>"There is nothing at this address, or you may not see it."</p>
            <p><a href="/">"Go to the start page"</a></p>
        </main>
    }
}
