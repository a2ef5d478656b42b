use crate::{api::set_page_status, error::AppError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(&AppError::NotFound);
    view! {
        <Title text="Not found — Panorama"/>
        <main class="page narrow">
            <h1>"Not found"</h1>
            <p>"There is nothing at this address, or you may not see it."</p>
            <p><a href="/">"Go to the start page"</a></p>
        </main>
    }
}
