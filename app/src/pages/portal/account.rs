//! `/portal/account`: the customer user's own account: password and signed-in devices.
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{
    api::{devices::signed_in_devices, portal::change_password},
    components::{devices::SignedInDevices, error_view::load_page},
    error::AppError,
    model::viewer::Realm,
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;

/// `/portal/account`: change password, see and end the other sessions.
#[component]
pub fn Account() -> impl IntoView {
    let devices = page_data(|| (), |_| signed_in_devices(Realm::Contact));
    view! {
        <Title text="My account — Panorama portal"/>
        {load_page(devices, Realm::Contact, |devices| view! {
            <main class="page narrow">
                <PortalNav current="account"/>
                <h1>"My account"</h1>
                <h2>"Password"</h2>
                <PasswordForm/>
                <SignedInDevices realm=Realm::Contact devices/>
            </main>
        })}
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let fields = [
        ("current", "Current password"),
        ("new", "New password"),
        ("confirm", "Repeat new password"),
    ];
    let values = fields.map(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let [c, n, r] = values.map(|v| v.get_untracked());
        leptos::task::spawn_local(async move {
            match change_password(c, n, r).await {
                Ok(()) => {
                    values.iter().for_each(|v| {
                        v.try_set(String::new());
                    });
                    error.try_set(None);
                    done.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                    done.try_set(false);
                }
            }
        });
    };
    let inputs = fields
        .into_iter()
        .zip(values)
        .map(|((f, label), v)| {
            let id = format!("password-{f}");
            let err_id = format!("password-{f}-error");
            let msg = move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
            view! {
                <label for=id.clone()>{label}</label>
                <input
                    type="password"
                    id=id
                    autocomplete=if f == "current" { "current-password" } else { "new-password" }
                    aria-invalid=move || msg().is_some().to_string()
                    aria-describedby=err_id.clone()
                    prop:value=move || v.get()
                    on:input=move |ev| v.set(event_target_value(&ev))
                />
                <p class="field-error" id=err_id>{msg}</p>
            }
        })
        .collect_view();
    view! {
        <form class="edit" on:submit=submit>
            {inputs}
            <p role="status">{move || done.get().then_some("Your password was changed.")}</p>
            <div class="form-actions">
                <button type="submit">"Change password"</button>
            </div>
        </form>
    }
}
