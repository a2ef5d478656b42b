//! The body of a deferred widget (`FirstPaint::Deferred`: Locations, Linked Accounts): markup made on the
//! server, shown as it comes, and one delegated click handler. Its buttons say what they do in
//! `data-act` ("form" opens the widget's form with `data-arg` as its seed; anything else is a change
//! with `data-arg` as its argument). Loading the markup, the changes and the forms are lazy chunks of the
//! wasm: the CIC's first load carries this file only.
use crate::{
    components::{
        form::{field_error, focus_first_error, form_error, Field, SelectField},
        task_form,
        widget::Dash,
    },
    error::AppError,
    model::{
        activity::{ActivityChange, ActivityForm, KINDS},
        dashboard::WidgetKind,
        linked_account::LinkChange,
        location::{LocationChange, LocationEdit, LocationKind},
        task::TaskChange,
    },
};
use leptos::{ev, prelude::*};

/// The marker the server's HTML carries where the lazy body is, read by [`preload_shown`].
const MARK: &str = "deferred";

#[component]
pub fn DeferredWidget(kind: WidgetKind, dash: Dash, markup: Option<String>) -> impl IntoView {
    let markup = StoredValue::new(markup);
    crate::components::lazy_view::lazy_view(move || {
        let markup = markup.get_value();
        Some(Suspend::new(async move {
            deferred_body(kind, dash, markup).await
        }))
    })
}

/// A deferred widget at first paint: its markup from the page's payload, taken once (shown again later, it
/// loads its own), and the title's count that markup states (the frame renders it).
pub fn from_page(
    kind: WidgetKind,
    dash: Dash,
    payload: StoredValue<Vec<(WidgetKind, String)>>,
) -> (AnyView, Option<String>) {
    let markup = payload
        .try_update_value(|d| {
            let at = d.iter().position(|(k, _)| *k == kind)?;
            Some(d.swap_remove(at).1)
        })
        .flatten();
    let count = markup.as_deref().and_then(title_count);
    (
        view! { <DeferredWidget kind dash markup/> }.into_any(),
        count,
    )
}

/// The title's count a widget's markup states (`data-count="N"`, as Files does): " (N)".
pub fn title_count(markup: &str) -> Option<String> {
    markup
        .split_once("data-count=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(n, _)| format!(" ({n})"))
}

/// New markup from a change or a late load: the title's count follows it (the frame rendered it once).
fn count_in_title(kind: WidgetKind, markup: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(span) = document().get_element_by_id(&format!("widget-count-{}", kind.key())) {
        span.set_text_content(title_count(markup).as_deref());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, markup);
}

/// Loads the body's chunk when the server-rendered document shows a deferred widget; the frontend awaits
/// this before hydrating (as for Company Status).
#[cfg(feature = "hydrate")]
pub async fn preload_shown() {
    let selector = format!("[data-lazy=\"{MARK}\"]");
    if document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .is_some()
    {
        __preload_deferred_body().await;
    }
}

/// The whole body, a lazy chunk: the CIC's first load carries only the wrapper above.
#[lazy]
fn deferred_body(kind: WidgetKind, dash: Dash, markup: Option<String>) -> AnyView {
    let html = RwSignal::new(markup);
    let form = RwSignal::new(None::<String>);
    // Turned on after the page loaded: not in the page's payload, so it asks for its markup.
    #[cfg(feature = "hydrate")]
    if html.get_untracked().is_none() {
        leptos::task::spawn_local(load_markup(kind, dash, html));
    }
    let on_click = move |ev: ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let button = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("[data-act]").ok().flatten());
            let attr = |name| button.as_ref().and_then(|b| b.get_attribute(name));
            match (attr("data-act"), attr("data-arg")) {
                (Some(act), arg) if act == "form" => form.set(Some(arg.unwrap_or_default())),
                (Some(act), Some(arg)) => {
                    leptos::task::spawn_local(act_now(kind, dash, html, act, arg))
                }
                _ => {}
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, act_now, load_markup);
    };
    let body_id = format!("{}-body", kind.key());
    view! {
        <div class="deferred" data-lazy=MARK id=body_id inner_html=move || html.get().unwrap_or_default() on:click=on_click on:submit=too_large></div>
        <p class="muted" hidden=move || html.with(Option::is_some)>"Loading…"</p>
        {move || form.get().map(|seed| deferred_form(kind, dash, html, form, seed))}
    }
    .into_any()
}

/// An upload form of the markup (`data-max`: bytes per file) is not sent when a chosen file is larger: the
/// field says which, and what was typed stays. Without JavaScript the server refuses it (a 413 page).
/// The file list is read as plain properties (`Reflect.get`), not through typed bindings: each typed
/// binding adds its own glue to the JavaScript every page loads first.
fn too_large(ev: ev::SubmitEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let get = |on: &JsValue, key: &str| {
            web_sys::js_sys::Reflect::get(on, &JsValue::from_str(key)).unwrap_or_default()
        };
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(max) = form
            .get_attribute("data-max")
            .and_then(|m| m.parse::<f64>().ok())
        else {
            return;
        };
        let Some(input) = form.query_selector("input[type=file]").ok().flatten() else {
            return;
        };
        let files = get(&input, "files");
        let count = get(&files, "length").as_f64().unwrap_or(0.0) as u32;
        let over = (0..count)
            .map(|i| get(&files, &i.to_string()))
            .find(|f| get(f, "size").as_f64().is_some_and(|size| size > max));
        if let Some(file) = over {
            ev.prevent_default();
            if let Some(said) = form.query_selector(".field-error").ok().flatten() {
                said.set_text_content(Some(&format!(
                    "“{}” is larger than 25 MB: each file may be at most 25 MB.",
                    get(&file, "name").as_string().unwrap_or_default()
                )));
            }
            let _ = input.set_attribute("aria-invalid", "true");
            if let Some(input) = input.dyn_ref::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// On a CUIC, whose it is ("" on the CIC): the Contracts widget there shows all the user's companies.
pub(crate) fn cuic_login(dash: Dash) -> String {
    dash.scope.with_untracked(|s| match s {
        crate::model::dashboard::Scope::CustomerUser { login, .. } => login.clone(),
        _ => String::new(),
    })
}

/// The markup of a widget turned on after the page loaded.
async fn load_markup(kind: WidgetKind, dash: Dash, html: RwSignal<Option<String>>) {
    let got = crate::api::company_widgets::widget_markup(
        dash.customer_id(),
        kind.key().into(),
        cuic_login(dash),
    )
    .await;
    if let Ok(markup) = &got {
        count_in_title(kind, markup);
    }
    html.try_set(Some(got.unwrap_or_else(|e| {
        format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            crate::model::input::html_escape(&e.to_string())
        )
    })));
}

/// A change without a form: "Make primary", "Remove" (a location), "Unlink" (an account).
async fn act_now(
    kind: WidgetKind,
    dash: Dash,
    html: RwSignal<Option<String>>,
    act: String,
    arg: String,
) {
    use crate::api::company_widgets::{change_link, change_location};
    let id = arg.parse::<i64>().unwrap_or(0);
    let done = match (kind, act.as_str()) {
        (WidgetKind::Locations, "primary" | "remove") => {
            let change = if act == "primary" {
                LocationChange::MakePrimary(id)
            } else {
                LocationChange::Remove(id)
            };
            change_location(dash.customer_id(), change)
                .await
                .map(|now| {
                    dash.company.try_set(now.company);
                    html.try_set(Some(now.markup));
                    if act == "primary" {
                        "Primary location changed."
                    } else {
                        "Location removed."
                    }
                })
        }
        (WidgetKind::Contracts, "inactive") => {
            crate::api::company_widgets::show_inactive_contracts(
                dash.customer_id(),
                arg == "1",
                cuic_login(dash),
            )
            .await
            .map(|markup| {
                html.try_set(Some(markup));
                if arg == "1" {
                    "Inactive contracts shown."
                } else {
                    "Inactive contracts hidden."
                }
            })
        }
        (WidgetKind::Activities, "filter" | "page") => {
            let (kind, after) = arg.split_once('|').unwrap_or((&arg, ""));
            crate::api::activities::activities_page(dash.customer_id(), kind.into(), after.into())
                .await
                .map(|markup| {
                    html.try_set(Some(markup));
                    if act == "page" {
                        "Older activities shown."
                    } else {
                        "Activities filtered."
                    }
                })
        }
        (WidgetKind::Overview, "filter" | "page") => {
            let (kind, after) = arg.split_once('|').unwrap_or((&arg, ""));
            crate::api::overview::overview_page(
                dash.customer_id(),
                kind.into(),
                after.into(),
                false,
            )
            .await
            .map(|(_, markup)| {
                html.try_set(Some(markup));
                if act == "page" {
                    "Older events shown."
                } else {
                    "Events filtered."
                }
            })
        }
        (WidgetKind::Activities, "delete") => {
            let (id, version) = id_version(&arg);
            let change = ActivityChange::Delete { id, version };
            crate::api::activities::change_activity(dash.customer_id(), change)
                .await
                .map(|markup| {
                    html.try_set(Some(markup));
                    "Activity deleted."
                })
        }
        (WidgetKind::Tasks, "filter") => {
            let done = arg == "done";
            crate::api::tasks::tasks_page(dash.customer_id(), cuic_login(dash), done)
                .await
                .map(|markup| {
                    html.try_set(Some(markup));
                    if done {
                        "Done tasks shown."
                    } else {
                        "Open tasks shown."
                    }
                })
        }
        (WidgetKind::Tasks, "done" | "reopen" | "delete") => {
            let (id, version) = id_version(&arg);
            let change = match act.as_str() {
                "delete" => TaskChange::Delete { id, version },
                _ => TaskChange::Done {
                    id,
                    version,
                    done: act == "done",
                },
            };
            crate::api::tasks::change_task(dash.customer_id(), cuic_login(dash), change)
                .await
                .map(|markup| {
                    html.try_set(Some(markup));
                    match act.as_str() {
                        "delete" => "Task deleted.",
                        "done" => "Task done.",
                        _ => "Task open again.",
                    }
                })
        }
        (WidgetKind::Followers, "follow") => {
            let on = arg == "1";
            crate::api::follows::set_follow(dash.customer_id(), cuic_login(dash), on)
                .await
                .map(|markup| {
                    count_in_title(kind, &markup);
                    html.try_set(Some(markup));
                    if on {
                        "You follow it now."
                    } else {
                        "You no longer follow it."
                    }
                })
        }
        (WidgetKind::Files, "delete") => {
            crate::api::files::delete_customer_file(dash.customer_id(), id)
                .await
                .map(|markup| {
                    count_in_title(kind, &markup);
                    html.try_set(Some(markup));
                    "File deleted."
                })
        }
        (WidgetKind::LinkedAccounts, "unlink") => {
            change_link(dash.customer_id(), LinkChange::Unlink(arg))
                .await
                .map(|markup| {
                    html.try_set(Some(markup));
                    "Accounts unlinked."
                })
        }
        _ => return,
    };
    dash.announcement.try_set(match done {
        Ok(said) => said.to_string(),
        Err(e) => e.to_string(),
    });
}

/// A row's "<id>.<version>" (`data-arg` of Delete, Mark done, ...); a damaged one is no row (a 404).
fn id_version(arg: &str) -> (i64, i32) {
    let (id, version) = arg.split_once('.').unwrap_or_default();
    (id.parse().unwrap_or(0), version.parse().unwrap_or(0))
}

/// A widget's form: a location's fields (seed: its JSON, empty for a new one), or the customer ID of the
/// account to link (seed: "parent" or "child").
fn deferred_form(
    kind: WidgetKind,
    dash: Dash,
    html: RwSignal<Option<String>>,
    open: RwSignal<Option<String>>,
    seed: String,
) -> AnyView {
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // The edited location's own "Edit" again, else the widget's last "open a form" button.
    let back_to = match serde_json::from_str::<LocationEdit>(&seed)
        .ok()
        .and_then(|e| e.id)
    {
        _ if kind == WidgetKind::Tasks => task_form::opener(&seed),
        Some(id) => format!("#location-{id} button[data-act=\"form\"]"),
        None => format!(
            "#{}-body > button[data-act=\"form\"]:last-of-type",
            kind.key()
        ),
    };
    let back_to = StoredValue::new(back_to);
    let closed = move |said: &str| {
        open.try_set(None);
        dash.announcement.try_set(said.into());
        focus_selected(back_to.get_value());
    };
    let actions = move |submit: &'static str| {
        view! {
            <p class="form-error" role="alert">{form_error(error)}</p>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{submit}</button>
                <button type="button" class="secondary" on:click=move |_| { open.set(None); focus_selected(back_to.get_value()) }>"Cancel"</button>
            </div>
        }
    };
    if kind == WidgetKind::Activities {
        return activity_form(dash, html, error, busy, seed, closed, actions).into_any();
    }
    if kind == WidgetKind::Tasks {
        return task_form::task_form(dash, html, error, busy, seed, closed, actions).into_any();
    }
    if kind == WidgetKind::LinkedAccounts {
        let parent = seed == "parent";
        let key = RwSignal::new(String::new());
        let submit = move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            busy.set(true);
            let other = key.get_untracked();
            let change = if parent {
                LinkChange::SetParent(other)
            } else {
                LinkChange::AddChild(other)
            };
            let call = crate::api::company_widgets::change_link(dash.customer_id(), change);
            leptos::task::spawn_local(async move {
                match call.await {
                    Ok(markup) => {
                        html.try_set(Some(markup));
                        closed("Accounts linked.");
                    }
                    Err(e) => {
                        focus_first_error(&e, "link");
                        error.try_set(Some(e));
                    }
                }
                busy.try_set(false);
            });
        };
        let (title, label) = if parent {
            ("Set parent account", "Customer ID of the parent account")
        } else {
            ("Link child account", "Customer ID of the child account")
        };
        #[cfg(feature = "hydrate")]
        request_animation_frame(|| crate::components::widget::focus_by_id("link-customer_id"));
        return view! {
            <form class="edit" aria-label=title on:submit=submit novalidate=true>
                <Field id="link-customer_id".into() label value=key error=field_error(error, "customer_id")/>
                {actions("Link")}
            </form>
        }
        .into_any();
    }
    let start: LocationEdit = serde_json::from_str(&seed).unwrap_or_else(|_| LocationEdit {
        kind: LocationKind::ServiceSite.key().into(),
        ..Default::default()
    });
    let id = start.id;
    let version = start.version;
    let kind_of = RwSignal::new(start.kind);
    let text = [
        start.name,
        start.street,
        start.zip,
        start.city,
        start.country,
        start.phone,
    ]
    .map(RwSignal::new);
    let [name, street, zip, city, country, phone] = text;
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let edit = LocationEdit {
            id,
            version,
            kind: kind_of.get_untracked(),
            name: name.get_untracked(),
            street: street.get_untracked(),
            zip: zip.get_untracked(),
            city: city.get_untracked(),
            country: country.get_untracked(),
            phone: phone.get_untracked(),
        };
        let call = crate::api::company_widgets::change_location(
            dash.customer_id(),
            LocationChange::Save(edit),
        );
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(now) => {
                    dash.company.try_set(now.company);
                    html.try_set(Some(now.markup));
                    closed("Location saved.");
                }
                Err(e) => {
                    focus_first_error(&e, "location");
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let kinds = LocationKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect();
    let field = |f: &'static str, label: &'static str, value| {
        view! { <Field id=format!("location-{f}") label value error=field_error(error, f)/> }
    };
    let title = if id.is_some() {
        "Edit location"
    } else {
        "Add location"
    };
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| crate::components::widget::focus_by_id("location-kind"));
    view! {
        <form class="edit" aria-label=title on:submit=submit novalidate=true>
            <SelectField id="location-kind".into() label="Kind" value=kind_of options=kinds
                error=field_error(error, "kind")/>
            {field("name", "Name", name)}
            {field("street", "Street", street)}
            {field("zip", "ZIP", zip)}
            {field("city", "City", city)}
            {field("country", "Country", country)}
            {field("phone", "Phone", phone)}
            {actions("Save location")}
        </form>
    }
    .into_any()
}

/// After a form closes, the keyboard goes back to the button that opened it (the markup is new by then).
fn focus_selected(selector: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}

/// "Log activity" / "Edit": kind, subject, text, when (the agent's zone), minutes, the people involved.
fn activity_form<V: IntoView>(
    dash: Dash,
    html: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
    seed: String,
    closed: impl Fn(&str) + Copy + 'static,
    actions: impl Fn(&'static str) -> V,
) -> impl IntoView {
    let form: ActivityForm = serde_json::from_str(&seed).unwrap_or_default();
    // The company's customer users, which the widget's markup carries once (`#activity-choices`).
    #[cfg(feature = "hydrate")]
    let choices: Vec<(String, String)> = document()
        .get_element_by_id("activity-choices")
        .and_then(|e| e.get_attribute("data-choices"))
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let choices: Vec<(String, String)> = Vec::new();
    let (id, version) = (form.id, form.version);
    let [kind, subject, body, happened, minutes] = [
        form.kind,
        form.subject,
        form.body,
        form.happened,
        form.minutes,
    ]
    .map(RwSignal::new);
    let people = RwSignal::new(form.people);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let form = ActivityForm {
            id,
            version,
            kind: kind.get_untracked(),
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            happened: happened.get_untracked(),
            minutes: minutes.get_untracked(),
            people: people.get_untracked(),
        };
        let call =
            crate::api::activities::change_activity(dash.customer_id(), ActivityChange::Save(form));
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(markup) => {
                    html.try_set(Some(markup));
                    closed("Activity saved.");
                }
                Err(e) => {
                    focus_first_error(&e, "activity");
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let kinds = KINDS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let boxes = choices
        .into_iter()
        .map(|(login, name)| {
            let checked = {
                let login = login.clone();
                move || people.with(|p| p.contains(&login))
            };
            let toggle = {
                let login = login.clone();
                move |ev: ev::Event| {
                    let on = event_target_checked(&ev);
                    people.update(|p| {
                        p.retain(|l| *l != login);
                        if on {
                            p.push(login.clone());
                        }
                    });
                }
            };
            view! { <label class="check"><input type="checkbox" prop:checked=checked on:change=toggle/>{name}</label> }
        })
        .collect_view();
    let title = if id.is_some() {
        "Edit activity"
    } else {
        "Log activity"
    };
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| crate::components::widget::focus_by_id("activity-kind"));
    view! {
        <form class="edit" aria-label=title on:submit=submit novalidate=true>
            <SelectField id="activity-kind".into() label="Kind" value=kind options=kinds error=field_error(error, "kind")/>
            <Field id="activity-subject".into() label="Subject" value=subject error=field_error(error, "subject")/>
            <Field id="activity-body".into() label="What happened" value=body rows=5 error=field_error(error, "body")/>
            <Field id="activity-happened".into() label="When" kind="datetime-local" value=happened error=field_error(error, "happened")/>
            <Field id="activity-minutes".into() label="Minutes (calls)" kind="number" value=minutes error=field_error(error, "minutes")/>
            <fieldset id="activity-people">
                <legend>"Customer users involved"</legend>
                {boxes}
                <p class="field-error">{move || field_error(error, "people").get()}</p>
            </fieldset>
            {actions("Save activity")}
        </form>
    }
}
