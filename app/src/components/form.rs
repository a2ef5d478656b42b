//! Form pieces shared by the agent's edit pages: a labelled field whose error sits next to it (and is
//! named by `aria-describedby`), and the focus move to the first bad field after a refused save.
use crate::{components::widget::focus_by_id, error::AppError};
use leptos::prelude::*;

/// The message for `field` in the current error, if any.
pub fn field_error(
    error: RwSignal<Option<AppError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field_message(field))))
}

/// After a refused save: focus the first field with an error (ids are `{prefix}-{field}`).
pub fn focus_first_error(e: &AppError, prefix: &str) {
    if let Some(f) = e.first_field() {
        let id = format!("{prefix}-{f}");
        request_animation_frame(move || focus_by_id(&id));
    }
}

/// A message for the whole form: the error's text, or for field errors the request to correct them.
pub fn form_error(error: RwSignal<Option<AppError>>) -> impl Fn() -> Option<String> + Copy {
    move || {
        error.with(|e| match e {
            None => None,
            // The fields carry their own messages; the form says (and announces) that some need care.
            Some(AppError::Invalid(_)) => Some("Please correct the marked fields.".into()),
            Some(e) => Some(e.to_string()),
        })
    }
}

/// A text input or textarea bound to `value`, with its label and error.
#[component]
pub fn Field(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = 0)] rows: u8,
    #[prop(default = "")] autocomplete: &'static str,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    let invalid = move || error.with(|e| e.is_some()).to_string();
    let input = if rows > 0 {
        view! {
            <textarea
                id=id.clone()
                rows=rows.to_string()
                aria-invalid=invalid
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type=kind
                id=id.clone()
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-invalid=invalid
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <label for=id>{label}</label>
        {input}
        <p class="field-error" id=err_id>{move || error.get()}</p>
    }
}

/// A select of (value, text) options bound to `value`, with its label and error.
#[component]
pub fn SelectField(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    let options = options
        .into_iter()
        .map(|(v, text)| {
            let selected = {
                let v = v.clone();
                move || value.with(|cur| *cur == v)
            };
            view! { <option value=v selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <label for=id.clone()>{label}</label>
        <select
            id=id
            aria-invalid=move || error.with(|e| e.is_some()).to_string()
            aria-describedby=err_id.clone()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {options}
        </select>
        <p class="field-error" id=err_id>{move || error.get()}</p>
    }
}

/// Refetch by version: a page keys its data on this counter and a successful save bumps it, so the page
/// shows the saved state (new version, recomputed times) from one server-function call instead of a
/// document load. The view is built afresh from the new data, so the form that saved is empty again.
#[derive(Clone, Copy, Default)]
pub struct Saves(RwSignal<u32>);

impl Saves {
    /// Read in the page's resource key.
    pub fn version(self) -> u32 {
        self.0.get()
    }
    pub fn saved(self) {
        self.0.try_update(|n| *n += 1);
    }
}
