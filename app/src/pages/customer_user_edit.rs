//! `/customer-users/new?company=…` and `/customer-users/<login>/edit`: the customer-user form with its
//! companies and per-company portal permissions. A refused save keeps everything typed.
use crate::components::page_data::{page_data, PageData};
use crate::{
    api::customer_user::{edit_customer_user, issue_password_reset, save_customer_user},
    components::{
        error_view::load_page,
        form::{field_error, focus_first_error, form_error, Field},
    },
    error::AppError,
    model::{
        customer::{CompanyLink, CustomerUserForm},
        input::url_encode,
        viewer::Realm,
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn NewCustomerUser() -> impl IntoView {
    let query = use_query_map();
    let company = move || query.with(|q| q.get("company"));
    let data = page_data(company, |c| edit_customer_user(None, c));
    view! { <FormPage data/> }
}

#[component]
pub fn EditCustomerUser() -> impl IntoView {
    let params = use_params_map();
    let login = move || params.with(|p| p.get("login").unwrap_or_default());
    let data = page_data(login, |l| edit_customer_user(Some(l), None));
    view! { <FormPage data/> }
}

#[component]
fn FormPage(data: PageData<CustomerUserForm>) -> impl IntoView {
    view! {
        {load_page(data, Realm::Agent, move |f| view! { <CustomerUserFormView f/> }.into_any())}
    }
}

#[derive(Clone, Copy)]
struct LinkRow {
    key: usize,
    customer_id: RwSignal<String>,
    view: RwSignal<bool>,
    cancel: RwSignal<bool>,
    admin: RwSignal<bool>,
}

impl LinkRow {
    fn new(key: usize, l: &CompanyLink) -> Self {
        LinkRow {
            key,
            customer_id: RwSignal::new(l.customer_id.clone()),
            view: RwSignal::new(l.may_view_org),
            cancel: RwSignal::new(l.may_cancel_org),
            admin: RwSignal::new(l.org_admin),
        }
    }
}

#[component]
fn CustomerUserFormView(f: CustomerUserForm) -> impl IntoView {
    let is_new = f.original_login.is_empty();
    let heading = if is_new {
        "New customer user".to_string()
    } else {
        format!("Edit customer user {}", f.original_login)
    };
    let login = RwSignal::new(f.login.clone());
    let email = RwSignal::new(f.email.clone());
    let first_name = RwSignal::new(f.first_name.clone());
    let last_name = RwSignal::new(f.last_name.clone());
    let phone = RwSignal::new(f.phone.clone());
    let title = RwSignal::new(f.title.clone());
    let active = RwSignal::new(f.active);
    let primary = RwSignal::new(f.primary.clone());
    let next_key = StoredValue::new(f.links.len());
    let links = RwSignal::new(
        f.links
            .iter()
            .enumerate()
            .map(|(i, l)| LinkRow::new(i, l))
            .collect::<Vec<_>>(),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let (original_login, version) = (f.original_login.clone(), f.version);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let form = CustomerUserForm {
            original_login: original_login.clone(),
            version,
            login: login.get_untracked(),
            email: email.get_untracked(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            phone: phone.get_untracked(),
            title: title.get_untracked(),
            active: active.get_untracked(),
            primary: primary.get_untracked(),
            links: links.with_untracked(|l| {
                l.iter()
                    .map(|r| CompanyLink {
                        customer_id: r.customer_id.get_untracked(),
                        company: String::new(),
                        may_view_org: r.view.get_untracked(),
                        may_cancel_org: r.cancel.get_untracked(),
                        org_admin: r.admin.get_untracked(),
                    })
                    .collect()
            }),
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match save_customer_user(form).await {
                Ok(login) => navigate(
                    &format!("/customer-users/{}", url_encode(&login)),
                    Default::default(),
                ),
                Err(e) => {
                    focus_first_error(&e, "cu");
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let add_link = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        links.update(|l| l.push(LinkRow::new(key, &CompanyLink::default())));
        request_animation_frame(move || {
            crate::components::widget::focus_by_id(&format!("link-{key}"))
        });
    };
    let link_rows = move || {
        links
            .get()
            .into_iter()
            .map(|r| {
                let name = move || {
                    let k = r.customer_id.get();
                    if k.is_empty() {
                        "new company".to_string()
                    } else {
                        k
                    }
                };
                let check = move |sig: RwSignal<bool>, what: &'static str| {
                    view! {
                        <td>
                            <input
                                type="checkbox"
                                aria-label=move || format!("{what} ({})", name())
                                prop:checked=move || sig.get()
                                on:change=move |ev| sig.set(event_target_checked(&ev))
                            />
                        </td>
                    }
                };
                view! {
                    <tr>
                        <td>
                            <input
                                type="text"
                                id=format!("link-{}", r.key)
                                aria-label="Customer ID"
                                prop:value=move || r.customer_id.get()
                                on:input=move |ev| r.customer_id.set(event_target_value(&ev))
                            />
                        </td>
                        {check(r.view, "May view organization requests")}
                        {check(r.cancel, "May cancel organization requests")}
                        {check(r.admin, "Organization admin")}
                        <td>
                            <button
                                type="button"
                                class="secondary small"
                                aria-label=move || format!("Remove company {}", name())
                                on:click=move |_| links.update(|l| l.retain(|x| x.key != r.key))
                            >
                                "Remove"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let back = if is_new {
        format!("/customers/{}", url_encode(&f.primary))
    } else {
        format!("/customer-users/{}", url_encode(&f.original_login))
    };
    view! {
        <Title text=format!("{heading} — Panorama")/>
        <main class="page narrow">
            <h1>{heading}</h1>
            <form class="edit" on:submit=submit novalidate=true>
                <Field id="cu-login".into() label="Login" value=login error=field_error(error, "login") autocomplete="off"/>
                <Field id="cu-email".into() label="Email" kind="email" value=email error=field_error(error, "email")/>
                <Field id="cu-first_name".into() label="First name" value=first_name error=field_error(error, "first_name")/>
                <Field id="cu-last_name".into() label="Last name" value=last_name error=field_error(error, "last_name")/>
                <Field id="cu-phone".into() label="Phone" kind="tel" value=phone error=field_error(error, "phone")/>
                <Field id="cu-title".into() label="Title" value=title error=field_error(error, "title")/>
                <label class="check">
                    <input type="checkbox" prop:checked=move || active.get() on:change=move |ev| active.set(event_target_checked(&ev))/>
                    "Active (an inactive user cannot sign in; deactivating ends their sessions)"
                </label>
                <Field id="cu-primary".into() label="Primary company (customer ID)" value=primary error=field_error(error, "primary")/>
                <fieldset>
                    <legend>"Companies and portal permissions"</legend>
                    <table class="links">
                        <thead>
                            <tr>
                                <th scope="col">"Customer ID"</th>
                                <th scope="col">"May view organization requests"</th>
                                <th scope="col">"May cancel organization requests"</th>
                                <th scope="col">"Organization admin"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>{link_rows}</tbody>
                    </table>
                    <p class="field-error" id="cu-links" tabindex="-1">{field_error(error, "links")}</p>
                    <button type="button" class="secondary" on:click=add_link>"Add company"</button>
                </fieldset>
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || busy.get()>"Save customer user"</button>
                    <a href=back>"Cancel"</a>
                </div>
            </form>
            {(!is_new).then(|| view! { <ResetLink login=f.original_login.clone()/> })}
        </main>
    }
}

/// A one-time link with which the customer user sets their portal password (agents never set it): shown
/// once, here, valid for 24 hours; a new link voids the old one.
#[component]
fn ResetLink(login: String) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let login = StoredValue::new(login);
    let issue = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match issue_password_reset(login.get_value()).await {
                Ok(path) => {
                    let origin = window().location().origin().unwrap_or_default();
                    link.try_set(Some(format!("{origin}{path}")));
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section aria-labelledby="reset-heading">
            <h2 id="reset-heading">"Portal password"</h2>
            <p>"Create a one-time link and give it to the customer user: with it they set their own password. It works once, for 24 hours, and signs the user out everywhere."</p>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=issue>
                "Create password reset link"
            </button>
            {move || link.get().map(|l| view! {
                <p>
                    <label for="reset-link">"Password reset link (shown once)"</label>
                    <input id="reset-link" type="text" readonly=true value=l/>
                </p>
            })}
            <p class="error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </section>
    }
}
