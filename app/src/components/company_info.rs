//! Customer Information: the company's fields, edited in place. Errors appear at their fields, a stale edit
//! is refused by the server, and what the agent typed stays in the form until it is saved or cancelled.
use crate::{
    api::dashboard::update_company,
    components::{
        form::form_error,
        layout::signed_in,
        widget::{focus_by_id, use_dash},
    },
    error::AppError,
    model::{customer::CompanyEdit, permission::Action},
};
use leptos::{ev, prelude::*};

const FIELDS: [(&str, &str); 9] = [
    ("name", "Name"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("street", "Street"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("country", "Country"),
    ("url", "URL"),
    ("comment", "Comment"),
];

fn get(e: &CompanyEdit, field: &str) -> String {
    match field {
        "name" => &e.name,
        "phone" => &e.phone,
        "email" => &e.email,
        "street" => &e.street,
        "zip" => &e.zip,
        "city" => &e.city,
        "country" => &e.country,
        "url" => &e.url,
        _ => &e.comment,
    }
    .clone()
}

fn set(e: &mut CompanyEdit, field: &str, v: String) {
    match field {
        "name" => e.name = v,
        "phone" => e.phone = v,
        "email" => e.email = v,
        "street" => e.street = v,
        "zip" => e.zip = v,
        "city" => e.city = v,
        "country" => e.country = v,
        "url" => e.url = v,
        _ => e.comment = v,
    }
}

#[component]
pub fn CompanyInfoWidget(logo_error: Option<String>) -> impl IntoView {
    let dash = use_dash();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(CompanyEdit::default());
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    // Read-only agents see the fields without "Edit".
    let may_edit = signed_in().may(Action::EditCompanies);

    let start = move |_| {
        let c = dash.company.get_untracked();
        draft.set(CompanyEdit {
            customer_id: c.customer_id,
            version: c.version,
            name: c.name,
            phone: c.phone,
            email: c.email,
            street: c.street,
            zip: c.zip,
            city: c.city,
            country: c.country,
            url: c.url,
            comment: c.comment,
        });
        error.set(None);
        editing.set(true);
    };
    // Back from a refused logo upload (app::logo): said under "Edit" (and at the logo field in the form).
    // Not by opening the form for the server's render: a lazy form does not hydrate from there.
    let refused = StoredValue::new(logo_error.clone());
    let view_mode = move || {
        let c = dash.company.get();
        let rows = FIELDS
            .into_iter()
            .filter(|(f, _)| *f != "name")
            .map(|(f, label)| {
                let v = match f {
                    "phone" => c.phone.clone(),
                    "email" => c.email.clone(),
                    "street" => c.street.clone(),
                    "zip" => c.zip.clone(),
                    "city" => c.city.clone(),
                    "country" => c.country.clone(),
                    "url" => c.url.clone(),
                    _ => c.comment.clone(),
                };
                // Phone and email open the agent's phone or mail program.
                let href = match f {
                    "url" => v.clone(),
                    "phone" => format!("tel:{}", v.replace(' ', "")),
                    "email" => format!("mailto:{v}"),
                    _ => String::new(),
                };
                let value = if !href.is_empty() && !v.is_empty() {
                    view! { <a href=href rel="noopener noreferrer">{v.clone()}</a> }.into_any()
                } else {
                    view! { <span>{if v.is_empty() { "—".to_string() } else { v }}</span> }
                        .into_any()
                };
                view! {
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                }
            })
            .collect_view();
        view! {
            <dl class="fields">
                <dt>"Customer ID"</dt>
                <dd>{c.customer_id.clone()}</dd>
                <dt>"Name"</dt>
                <dd>{c.name.clone()}</dd>
                {rows}
            </dl>
            {may_edit.then(|| view! { <button type="button" id="company-edit" on:click=start>"Edit"</button> })}
            {refused.get_value().map(|m| view! { <p class="field-error" role="alert">"The logo was not saved: "{m}</p> })}
        }
    };

    // The form and its save call are a lazy chunk of the wasm, fetched on the first "Edit".
    let logo_error = StoredValue::new(logo_error);
    let edit_mode = move || {
        let logo_error = logo_error.get_value();
        Suspend::new(async move {
            company_edit_form(dash, draft, error, saving, editing, logo_error).await
        })
    };

    view! {
        <Show when=move || editing.get() fallback=view_mode>
            {crate::components::lazy_view::lazy_view(move || Some(edit_mode()))}
        </Show>
    }
}

/// The edit form of Customer Information (see `edit_mode`).
#[lazy]
fn company_edit_form(
    dash: crate::components::widget::Dash,
    draft: RwSignal<CompanyEdit>,
    error: RwSignal<Option<AppError>>,
    saving: RwSignal<bool>,
    editing: RwSignal<bool>,
    logo_error: Option<String>,
) -> AnyView {
    let save = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        saving.set(true);
        let edit = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match update_company(edit).await {
                Ok(c) => {
                    dash.company.try_set(c);
                    editing.try_set(false);
                    error.try_set(None);
                    dash.announcement
                        .try_set("Customer information saved.".into());
                    request_animation_frame(|| focus_by_id("company-edit"));
                }
                Err(e) => {
                    let first = e.first_field().map(|f| format!("company-{f}"));
                    error.try_set(Some(e));
                    if let Some(id) = first {
                        request_animation_frame(move || focus_by_id(&id));
                    }
                }
            }
            saving.try_set(false);
        });
    };

    let inputs = FIELDS
        .into_iter()
        .map(|(f, label)| {
            let id = format!("company-{f}");
            let err_id = format!("company-{f}-error");
            let message = move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
            let input = move |ev: ev::Event| draft.update(|d| set(d, f, event_target_value(&ev)));
            let control = if f == "comment" {
                view! {
                    <textarea
                        id=id.clone()
                        name=f
                        rows="3"
                        aria-invalid=move || message().is_some().to_string()
                        aria-describedby=err_id.clone()
                        prop:value=move || draft.with(|d| get(d, f))
                        on:input=input
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        type="text"
                        id=id.clone()
                        name=f
                        aria-invalid=move || message().is_some().to_string()
                        aria-describedby=err_id.clone()
                        prop:value=move || draft.with(|d| get(d, f))
                        on:input=input
                    />
                }
                .into_any()
            };
            view! {
                <label for=id>{label}</label>
                {control}
                <p class="field-error" id=err_id>{message}</p>
            }
        })
        .collect_view();
    let general = form_error(error);
    // Runs once the chunk has arrived and the form is in the page.
    // In the browser only: the server renders this form too when a refused logo brings the agent back.
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| focus_by_id("company-name"));
    // The logo: plain forms (app::logo answers with a redirect back here), beside the edit form.
    let (key, has_logo) = dash.company.with_untracked(|c| {
        (
            crate::model::input::url_encode(&c.customer_id),
            c.logo.is_some(),
        )
    });
    let logo = view! {
        <form class="logo-form" method="post" enctype="multipart/form-data" action=format!("/customers/{key}/logo")>
            <label for="company-logo">"Logo (PNG, JPEG or WebP; at most 1 MiB and 2048 × 2048 pixels)"</label>
            <input type="file" id="company-logo" name="logo" accept="image/png,image/jpeg,image/webp"
                aria-invalid=logo_error.is_some().to_string() aria-describedby="company-logo-error"/>
            <p class="field-error" id="company-logo-error">{logo_error}</p>
            <button type="submit" class="secondary">"Upload logo"</button>
        </form>
        {has_logo.then(|| view! {
            <form method="post" action=format!("/customers/{key}/logo/remove")>
                <button type="submit" class="secondary">"Remove logo"</button>
            </form>
        })}
    };
    view! {
        <form class="edit" on:submit=save novalidate=true>
            {inputs}
            <p class="error" role="alert">{general}</p>
            <div class="form-actions">
                <button type="submit" disabled=move || saving.get()>"Save"</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </form>
        {logo}
    }
    .into_any()
}
