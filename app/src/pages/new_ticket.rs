//! `/tickets/new`: ticket creation, prefilled from the CIC's Create Phone/Email Ticket.
use super::ticket::{is_pending, options, state_options, PendingUntil};
use crate::components::page_data::page_data;
use crate::{
    api::ticket::{create_ticket, ticket_form_options},
    components::{
        error_view::load_page,
        form::{field_error, focus_first_error, form_error, Field, SelectField},
    },
    error::AppError,
    model::{
        ticket_edit::{Channel, NewTicketData, NewTicketForm},
        viewer::Realm,
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/tickets/new?type=phone|email&company=<customer_id>&customer_user=<login>`, and for "Initiate service"
/// `&contract=<number>&item=<covered item id>`.
#[component]
pub fn NewTicket() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("company").filter(|c| !c.is_empty()),
                q.get("customer_user").filter(|c| !c.is_empty()),
                q.get("type").unwrap_or_else(|| "phone".into()),
                q.get("contract").filter(|c| !c.is_empty()),
                q.get("item").and_then(|i| i.parse::<i64>().ok()),
            )
        })
    };
    let data = page_data(args, |(company, login, kind, contract, item)| async move {
        ticket_form_options(company, login, contract, item)
            .await
            .map(|d| (d, kind))
    });
    view! {
        {load_page(data, Realm::Agent, move |(d, kind)| view! { <NewTicketView d kind/> }.into_any())}
    }
}

#[component]
fn NewTicketView(d: NewTicketData, kind: String) -> impl IntoView {
    let email = kind == "email";
    let heading = if email {
        "New email ticket"
    } else {
        "New phone ticket"
    };
    let channel = RwSignal::new(if email { "email" } else { "phone" }.to_string());
    let customer_id = RwSignal::new(d.customer_id.clone());
    let login = RwSignal::new(d.customer_login.clone());
    let title = RwSignal::new(String::new());
    let queue = RwSignal::new(d.default_queue.to_string());
    let priority = RwSignal::new("3".to_string());
    let first_state = d
        .choices
        .states
        .first()
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let state = RwSignal::new(first_state);
    let sla = RwSignal::new(d.sla_id.map(|s| s.to_string()).unwrap_or_default());
    let contract = StoredValue::new((d.contract.clone(), d.contract_item));
    let pending = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let states = StoredValue::new(d.choices.states.clone());
    let navigate = use_navigate();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let num = |s: RwSignal<String>| s.get_untracked().parse::<i64>().unwrap_or(0);
        let form = NewTicketForm {
            customer_id: customer_id.get_untracked(),
            customer_login: login.get_untracked(),
            channel: Channel::from_key(&channel.get_untracked()).unwrap_or_default(),
            title: title.get_untracked(),
            queue_id: num(queue),
            priority_id: num(priority),
            state_id: num(state),
            sla_id: sla.get_untracked().parse::<i64>().ok(),
            pending_until: pending.get_untracked(),
            body: body.get_untracked(),
            contract: contract.get_value().0,
            contract_item: contract.get_value().1,
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match create_ticket(form).await {
                Ok(number) => navigate(&format!("/tickets/{number}"), Default::default()),
                Err(e) => {
                    focus_first_error(&e, "ticket");
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let mut slas = vec![(String::new(), "No SLA".to_string())];
    slas.extend(options(&d.choices.slas));
    let channels = vec![
        (
            "phone".to_string(),
            "Phone call from the customer".to_string(),
        ),
        ("email".to_string(), "Email to the customer".to_string()),
    ];
    let pending_shown = move || states.with_value(|s| is_pending(s, &state.get()));
    let body_label = move || {
        if channel.get() == "email" {
            "Email text (recorded on the ticket; no mail is sent in this version)"
        } else {
            "What the customer said"
        }
    };
    let context = (!d.company.is_empty()).then(|| {
        let who = if d.customer_name.is_empty() {
            String::new()
        } else {
            format!(" — {} ({})", d.customer_name, d.customer_login)
        };
        view! { <p class="meta">{format!("For {} ({}){who}", d.company, d.customer_id)}</p> }
    });
    let service = (!d.contract.is_empty()).then(|| {
        view! {
            <p class="meta" id="ticket-contract">{format!("Under contract {}", d.contract_label)}</p>
            <p class="field-error" id="ticket-contract-error">{field_error(error, "contract")}</p>
            <p class="field-error">{field_error(error, "contract_item")}</p>
        }
    });
    view! {
        <Title text=format!("{heading} — Panorama")/>
        <main class="page narrow">
            <h1>{heading}</h1>
            {context}
            {service}
            <form class="edit" on:submit=submit novalidate=true>
                <SelectField id="ticket-channel".into() label="Channel" value=channel options=channels error=field_error(error, "channel")/>
                <Field id="ticket-customer_id".into() label="Customer ID" value=customer_id error=field_error(error, "customer_id")/>
                <Field id="ticket-customer_login".into() label="Customer user (login)" value=login error=field_error(error, "customer_login")/>
                <Field id="ticket-title".into() label="Title" value=title error=field_error(error, "title")/>
                <SelectField id="ticket-queue_id".into() label="Queue" value=queue options=options(&d.choices.queues) error=field_error(error, "queue_id")/>
                <SelectField id="ticket-priority_id".into() label="Priority" value=priority options=options(&d.choices.priorities) error=field_error(error, "priority_id")/>
                <SelectField id="ticket-state_id".into() label="State" value=state options=state_options(&d.choices.states) error=field_error(error, "state_id")/>
                <PendingUntil prefix="ticket" zone=d.zone.clone() value=pending error shown=Signal::derive(pending_shown)/>
                <SelectField id="ticket-sla_id".into() label="SLA" value=sla options=slas error=field_error(error, "sla_id")/>
                <label for="ticket-body">{body_label}</label>
                <textarea
                    id="ticket-body"
                    rows="8"
                    aria-invalid=move || field_error(error, "body").with(|e| e.is_some()).to_string()
                    aria-describedby="ticket-body-error"
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" id="ticket-body-error">{field_error(error, "body")}</p>
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || busy.get()>"Create ticket"</button>
                </div>
            </form>
        </main>
    }
}
