//! "Post alert" on the CIC: text, severity, expiry. The form and its call are a lazy chunk of the wasm,
//! fetched when the agent first opens it; the banner shows the company's alerts as the server has them
//! after posting.
use crate::{
    api::alerts::post_alert,
    components::{
        form::{field_error, focus_first_error, form_error, Field, SelectField},
        widget::{focus_by_id, Dash},
    },
    error::AppError,
    model::alert::{Banner, Severity, EXPIRY_HOURS},
};
use leptos::{ev, prelude::*};

#[lazy]
pub fn post_alert_form(dash: Dash, alerts: RwSignal<Banner>, open: RwSignal<bool>) -> AnyView {
    let body = RwSignal::new(String::new());
    let severity = RwSignal::new(Severity::Warning.key().to_string());
    let expires = RwSignal::new("0".to_string());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let hours = expires.get_untracked().parse().unwrap_or(u32::MAX);
        let call = post_alert(
            dash.customer_id(),
            body.get_untracked(),
            severity.get_untracked(),
            hours,
        );
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(now) => {
                    alerts.try_set(now);
                    open.try_set(false);
                    dash.announcement.try_set("Alert posted.".into());
                    request_animation_frame(|| focus_by_id("post-alert"));
                }
                Err(e) => {
                    focus_first_error(&e, "alert");
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let severities = Severity::ALL
        .iter()
        .map(|s| (s.key().to_string(), s.label().to_string()))
        .collect();
    let expiries = EXPIRY_HOURS
        .iter()
        .map(|(h, text)| (h.to_string(), text.to_string()))
        .collect();
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| focus_by_id("alert-body"));
    view! {
        <form class="post-alert" aria-label="Post alert" on:submit=submit>
            <Field id="alert-body".into() label="Alert text" value=body rows=3 error=field_error(error, "body")/>
            <SelectField id="alert-severity".into() label="Severity" value=severity options=severities
                error=field_error(error, "severity")/>
            <SelectField id="alert-expires".into() label="Ends" value=expires options=expiries
                error=field_error(error, "expires")/>
            <p class="form-error" role="alert">{form_error(error)}</p>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>"Post"</button>
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
