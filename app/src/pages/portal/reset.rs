//! `/portal/reset/<token>`: a customer user sets their password with the one-time link a help-desk agent
//! gave them (no session needed; the link is the proof). Every session of the account ends.
use crate::{api::session::reset_password, error::AppError};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PasswordReset() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with_untracked(|p| p.get("token").unwrap_or_default());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let (n, c) = (new.get_untracked(), confirm.get_untracked());
        leptos::task::spawn_local(async move {
            match reset_password(token(), n, c).await {
                Ok(()) => {
                    error.try_set(None);
                    done.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let field = move |f: &'static str, label: &'static str, v: RwSignal<String>| {
        let msg = move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
        view! {
            <label for=format!("reset-{f}")>{label}</label>
            <input
                type="password"
                id=format!("reset-{f}")
                autocomplete="new-password"
                aria-invalid=move || msg().is_some().to_string()
                aria-describedby=format!("reset-{f}-error")
                prop:value=move || v.get()
                on:input=move |ev| v.set(event_target_value(&ev))
            />
            <p class="field-error" id=format!("reset-{f}-error")>{msg}</p>
        }
    };
    let other_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.first_field().is_none())
                .map(|e| e.to_string())
        })
    };
    view! {
        <Title text="Set your password — Panorama portal"/>
        <main class="page narrow">
            <h1>"Set your portal password"</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <form class="edit" on:submit=submit>
                        {field("new", "New password", new)}
                        {field("confirm", "Repeat new password", confirm)}
                        <p class="error" role="alert">{other_error}</p>
                        <div class="form-actions">
                            <button type="submit">"Set password"</button>
                        </div>
                    </form>
                }
            >
                <p role="status">"Your password is set. "<a href="/portal/login">"Sign in"</a></p>
            </Show>
        </main>
    }
}
