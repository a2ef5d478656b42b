//! The alerts banner at the top of the CIC, the CUIC and the ticket page: a company's active alerts, most
//! severe first, each with its company's name where a page shows several companies' alerts, and "End
//! alert" for agents who may post them. Severity is a word, not only a colour.
//!
//! The list is markup made on the server (`model::alert::Banner`) and one delegated click handler: a view
//! per row (and the alerts' decoder) cost the CIC's first load kilobytes of wasm; this costs a few hundred
//! bytes.
use crate::model::alert::Banner;
use leptos::{ev, prelude::*};

#[component]
pub fn AlertBanner(alerts: RwSignal<Banner>) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let on_click = move |ev: ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let button = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("button[data-alert]").ok().flatten());
            let attr = |name| button.as_ref().and_then(|b| b.get_attribute(name));
            if let (Some(id), Some(company)) = (attr("data-alert"), attr("data-company")) {
                leptos::task::spawn_local(end_alert_now(alerts, status, company, id));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, end_alert_now);
    };
    view! {
        <section
            class="alerts"
            aria-label="Alerts"
            hidden=move || alerts.with(|b| b.0.is_empty())
            inner_html=move || alerts.get().0
            on:click=on_click
        ></section>
        <p class="visually-hidden" role="status">{move || status.get()}</p>
    }
}

/// "End alert": a lazy chunk of the wasm, fetched on the first click. The ended alert's row leaves the
/// list (a page may show several companies' alerts); the banner hides with its last row.
#[lazy]
async fn end_alert_now(
    alerts: RwSignal<Banner>,
    status: RwSignal<String>,
    company: String,
    id: String,
) {
    let Ok(number) = id.parse::<i64>() else {
        return;
    };
    match crate::api::alerts::end_alert(company, number).await {
        Ok(()) => {
            #[cfg(feature = "hydrate")]
            if let Some(row) = document().get_element_by_id(&format!("alert-{id}")) {
                let list = row.parent_element();
                row.remove();
                if list.is_some_and(|l| l.child_element_count() == 0) {
                    alerts.try_set(Banner::default());
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = alerts;
            status.try_set("Alert ended.".into());
        }
        Err(e) => {
            status.try_set(e.to_string());
        }
    }
}
