//! Company Status: escalated, open, closed and all tickets of the company, each a link to the ticket list
//! filtered the same way (so the list's total equals the number shown).
//!
//! Also the proof of the lazy-widget technique (docs/ARCHITECTURE.md, "What the browser loads"): the
//! widget's view is a `#[lazy]` function, so its code is a wasm chunk, not part of the CIC's main wasm. On the
//! server the lazy call resolves at once and its HTML is in the document. In the browser, the frontend
//! loads the chunks of the lazy widgets the document shows *before* hydrating ([`preload_shown`]), so the
//! `Suspend` below is ready when hydration reaches it and hydrates the server's nodes instead of
//! replacing them. A widget that is not on the page costs no download.
use crate::{
    components::widget::{use_dash, Dash},
    model::{input::url_encode, ticket::CompanyStatus},
};
use leptos::prelude::*;

/// The marker the server's HTML carries where the lazy view is, read by [`preload_shown`].
const MARK: &str = "company-status";

#[component]
pub fn CompanyStatusWidget() -> impl IntoView {
    let dash = use_dash();
    crate::components::lazy_view::lazy_view(move || {
        Some(Suspend::new(async move { status_list(dash).await }))
    })
}

#[lazy]
fn status_list(dash: Dash) -> AnyView {
    // "Include child accounts" (issue 18): the counts of the company and all its descendants, asked for
    // when ticked; the links then list the same tickets.
    let tree = RwSignal::new(None::<CompanyStatus>);
    let include = RwSignal::new(false);
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        include.set(on);
        tree.set(None);
        if on {
            let call = crate::api::company_widgets::tree_status(dash.customer_id());
            leptos::task::spawn_local(async move {
                match call.await {
                    Ok(s) => {
                        tree.try_set(Some(s));
                    }
                    Err(e) => {
                        dash.announcement.try_set(e.to_string());
                    }
                }
            });
        }
    };
    let link = move |filter: &str| {
        let children = if include.get() {
            "&include_children=1"
        } else {
            ""
        };
        format!(
            "/tickets?company={}&{filter}{children}",
            url_encode(&dash.customer_id())
        )
    };
    type Pick = fn(&CompanyStatus) -> i64;
    let rows: [(&str, &str, Pick); 4] = [
        ("Escalated", "escalated=1", |s| s.escalated),
        ("Open", "class=open", |s| s.open),
        ("Closed", "class=closed", |s| s.closed),
        ("All", "class=all", |s| s.all),
    ];
    view! {
        <ul class="status" data-lazy=MARK>
            {rows
                .into_iter()
                .map(|(label, filter, n)| {
                    view! {
                        <li>
                            <a href=move || link(filter)>
                                <span class="label">{label}</span>
                                " "
                                <span class="count">{move || match (include.get(), tree.get()) {
                                    (false, _) => dash.counts.with(|c| n(&c.status)).to_string(),
                                    (true, Some(t)) => n(&t).to_string(),
                                    (true, None) => "…".to_string(),
                                }}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <label class="check">
            <input type="checkbox" prop:checked=move || include.get() on:change=toggle/>
            " Include child accounts"
        </label>
    }
    .into_any()
}

/// Loads the chunks of the lazy widgets the server-rendered document shows; the frontend awaits this
/// before hydrating.
#[cfg(feature = "hydrate")]
pub async fn preload_shown() {
    let shown = |mark: &str| {
        document()
            .query_selector(&format!("[data-lazy=\"{mark}\"]"))
            .ok()
            .flatten()
            .is_some()
    };
    if shown(MARK) {
        __preload_status_list().await;
    }
}
