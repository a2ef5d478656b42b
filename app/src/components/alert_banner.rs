//! The alerts banner at the top of the CIC, the CUIC and the ticket page: a company's active alerts, most
//! severe first, each with its company's name where a page shows several companies' alerts, and "End
//! alert" for agents who may post them. Severity is a word, not only a colour.
use crate::{
    components::layout::signed_in,
    model::{alert::Alert, permission::Action},
};
use leptos::prelude::*;

#[component]
pub fn AlertBanner(
    alerts: RwSignal<Vec<Alert>>,
    #[prop(optional)] labelled: bool,
) -> impl IntoView {
    let may_end = signed_in().may(Action::PostAlerts);
    let status = RwSignal::new(String::new());
    let row = move |a: Alert| {
        let class = format!("alert {}", a.severity.key());
        let (id, customer_id) = (a.id, a.customer_id.clone());
        view! {
            <li class=class id=format!("alert-{id}")>
                <strong>{a.severity.label()}":"</strong>" "
                <span class="alert-body">{a.body}</span>
                {labelled.then(|| view! { " " <a href=format!("/customers/{}", a.customer_id)>{a.company}</a> })}
                {a.expires.map(|e| view! { <span class="muted">" (until "{e}")"</span> })}
                {may_end.then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| {
                        leptos::task::spawn_local(end_alert_now(alerts, status, customer_id.clone(), id));
                    }>"End alert"</button>
                })}
            </li>
        }
    };
    view! {
        <section class="alerts" aria-label="Alerts" hidden=move || alerts.with(Vec::is_empty)>
            <ul>
                <For each=move || alerts.get() key=|a| a.id let:a>{row(a)}</For>
            </ul>
        </section>
        <p class="visually-hidden" role="status">{move || status.get()}</p>
    }
}

/// "End alert": a lazy chunk of the wasm, fetched on the first click.
#[lazy]
async fn end_alert_now(
    alerts: RwSignal<Vec<Alert>>,
    status: RwSignal<String>,
    customer_id: String,
    id: i64,
) {
    match crate::api::alerts::end_alert(customer_id, id).await {
        Ok(_) => {
            alerts.try_update(|list| list.retain(|a| a.id != id));
            status.try_set("Alert ended.".into());
        }
        Err(e) => {
            status.try_set(e.to_string());
        }
    }
}
