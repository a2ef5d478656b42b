//! `/portal/requests/new`: a new request.
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{
    api::portal::{create_request, request_form_options},
    components::{error_view::load_page, form::form_error, widget::focus_by_id},
    error::AppError,
    model::viewer::Realm,
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// `/portal/requests/new`
#[component]
pub fn NewRequest() -> impl IntoView {
    let data = page_data(|| (), |_| request_form_options());
    view! {
        <Title text="New request — Panorama portal"/>
        {load_page(data, Realm::Contact, move |choices| view! {
                <main class="page narrow">
                    <PortalNav current="new"/>
                    <h1>"New request"</h1>
                    <NewRequestForm choices/>
                </main>
            }
            .into_any())}
    }
}

#[component]
fn NewRequestForm(choices: crate::model::portal::RequestChoices) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let queue = RwSignal::new(
        choices
            .queues
            .first()
            .map(|q| q.id.to_string())
            .unwrap_or_default(),
    );
    let priority = RwSignal::new("3".to_string());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let navigate = navigate.clone();
        let args = (
            title.get_untracked(),
            body.get_untracked(),
            queue.get_untracked(),
            priority.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match create_request(args.0, args.1, args.2, args.3).await {
                Ok(id) => navigate(&format!("/portal/requests/{}", id.0), Default::default()),
                Err(e) => {
                    let first = e.first_field().map(|f| format!("request-{f}"));
                    error.try_set(Some(e));
                    busy.try_set(false);
                    if let Some(id) = first {
                        request_animation_frame(move || focus_by_id(&id));
                    }
                }
            }
        });
    };
    let msg =
        move |f: &'static str| move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
    let invalid = move |f: &'static str| {
        move || {
            error
                .with(|e| e.as_ref().and_then(|e| e.field_message(f)).is_some())
                .to_string()
        }
    };
    let select =
        |id: &'static str, sig: RwSignal<String>, list: Vec<crate::model::portal::Choice>| {
            let options = list
                .into_iter()
                .map(|c| {
                    let v = c.id.to_string();
                    let selected = {
                        let v = v.clone();
                        move || sig.get() == v
                    };
                    view! { <option value=v selected=selected>{c.name}</option> }
                })
                .collect_view();
            view! {
                <select id=id on:change=move |ev| sig.set(event_target_value(&ev))>
                    {options}
                </select>
            }
        };
    view! {
        <form class="edit" on:submit=submit novalidate=true>
            <label for="request-title">"Title"</label>
            <input
                type="text"
                id="request-title"
                aria-invalid=invalid("title")
                aria-describedby="request-title-error"
                prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev))
            />
            <p class="field-error" id="request-title-error">{msg("title")}</p>
            <label for="request-body">"Description"</label>
            <textarea
                id="request-body"
                rows="6"
                aria-invalid=invalid("body")
                aria-describedby="request-body-error"
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" id="request-body-error">{msg("body")}</p>
            <label for="request-queue">"Queue"</label>
            {select("request-queue", queue, choices.queues)}
            <p class="field-error">{msg("queue")}</p>
            <label for="request-priority">"Priority"</label>
            {select("request-priority", priority, choices.priorities)}
            <p class="field-error">{msg("priority")}</p>
            <p class="error" role="alert">{form_error(error)}</p>
            <div class="form-actions">
                <button type="submit" disabled=move || busy.get()>"Create request"</button>
            </div>
        </form>
    }
}
