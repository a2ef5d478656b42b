//! `/portal/requests/<id>`: one request, its public conversation, reply and cancel.
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{
    api::portal::{cancel_request, reply_request, request_detail},
    components::{error_view::load_page, form::Saves},
    error::AppError,
    model::viewer::Realm,
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One request, its public conversation, reply and cancel.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let saves = Saves::default();
    let data = page_data(
        move || (id(), saves.version()),
        |(id, _)| request_detail(id),
    );
    view! {
        {load_page(data, Realm::Contact, move |d| {
                let id = d.request.id.0.to_string();
                view! {
                    <Title text=format!("{} — Panorama portal", d.request.title)/>
                    <main class="page narrow">
                        <PortalNav current="requests"/>
                        <h1>{d.request.title.clone()}</h1>
                        <p class="meta">
                            {format!("Request {} · {} · raised by {}", d.request.number, d.request.state, d.request.requester)}
                        </p>
                        <ol class="conversation">
                            {d
                                .articles
                                .into_iter()
                                .map(|a| {
                                    view! {
                                        <li class:customer=a.from_customer>
                                            <p class="meta">
                                                {a.author}
                                                " · "
                                                <time datetime=a.created.iso title=a.created.absolute>{a.created.age}</time>
                                            </p>
                                            <p class="body">{a.body}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                        {d.open.then(|| view! { <ReplyForm id=id.clone() saves/> })}
                        {d.may_cancel.then(|| view! { <CancelRequest id=id.clone() saves/> })}
                    </main>
                }
                .into_any()
            })}
    }
}

#[component]
fn ReplyForm(id: String, saves: Saves) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let send = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let (id, text) = (id.clone(), body.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match reply_request(id, text).await {
                Ok(()) => saves.saved(),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let message = move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_message("body").unwrap_or_else(|| e.to_string()))
        })
    };
    view! {
        <form class="edit" on:submit=send>
            <label for="reply">"Reply"</label>
            <textarea
                id="reply"
                rows="5"
                aria-invalid=move || message().is_some().to_string()
                aria-describedby="reply-error"
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" id="reply-error" role="alert">{message}</p>
            <div class="form-actions">
                <button type="submit" disabled=move || busy.get()>"Send reply"</button>
            </div>
        </form>
    }
}

#[component]
fn CancelRequest(id: String, saves: Saves) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let cancel = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match cancel_request(id).await {
                Ok(()) => saves.saved(),
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <div class="form-actions">
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>
                            "Cancel request"
                        </button>
                    }
                }
            >
                <p>"Cancel this request? It will be closed as cancelled."</p>
                <button type="button" on:click=cancel.clone()>"Yes, cancel request"</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Keep request"</button>
            </Show>
        </div>
        <p class="error" role="alert">{move || error.get()}</p>
    }
}
