//! `/customers`: every organization (issue 18), searched, filtered (Active / Archived / All), sorted and paged
//! by links and a GET form, so all of it works without JavaScript. `/organizations/new` makes one.
use crate::components::page_data::page_data;
use crate::{
    api::organizations::{create_organization, new_organization_form, organizations},
    components::{error_view::load_page, form::form_error, layout::signed_in},
    error::AppError,
    model::{
        customer::CompanyEdit,
        input::url_encode,
        organization::{NewOrganization, OrgFilter, OrgSort},
        permission::Action,
        viewer::Realm,
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's query: what is searched, shown, in which order, from where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct ListQuery {
    q: String,
    filter: OrgFilter,
    sort: OrgSort,
    after: String,
}

impl ListQuery {
    fn href(&self, sort: OrgSort, after: &str) -> String {
        let mut h = format!(
            "/customers?q={}&filter={}&sort={}",
            url_encode(&self.q),
            self.filter.key(),
            sort.key()
        );
        if !after.is_empty() {
            h.push_str(&format!("&after={}", url_encode(after)));
        }
        h
    }
}

const COLUMNS: [(OrgSort, &str); 4] = [
    (OrgSort::CustomerId, "Customer ID"),
    (OrgSort::Name, "Name"),
    (OrgSort::Open, "Open tickets"),
    (OrgSort::Changed, "Last change"),
];

/// The list or the new-organization form, by path: one lazy chunk of the wasm for both.
#[component]
pub fn OrganizationPages() -> impl IntoView {
    if leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        == "/organizations/new"
    {
        view! { <NewOrganizationPage/> }.into_any()
    } else {
        view! { <Organizations/> }.into_any()
    }
}

#[component]
fn Organizations() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|p| ListQuery {
            q: p.get("q").unwrap_or_default(),
            filter: OrgFilter::from_key(&p.get("filter").unwrap_or_default()),
            sort: OrgSort::from_key(&p.get("sort").unwrap_or_default()),
            after: p.get("after").unwrap_or_default(),
        })
    };
    let data = page_data(params, |l| async move {
        let page = organizations(
            l.q.clone(),
            l.sort.key().into(),
            l.filter.key().into(),
            l.after.clone(),
        )
        .await?;
        Ok::<_, AppError>((l, page))
    });
    view! {
        <Title text="Organizations — Panorama"/>
        {load_page(data, Realm::Agent, move |(l, page)| {
            let header = |(s, label): (OrgSort, &'static str)| {
                // Names and IDs run A→Z, open tickets and changes newest/most first.
                let aria = match (l.sort == s, s) {
                    (false, _) => "none",
                    (true, OrgSort::Name | OrgSort::CustomerId) => "ascending",
                    (true, _) => "descending",
                };
                view! { <th scope="col" aria-sort=aria><a href=l.href(s, "")>{label}</a></th> }
            };
            let rows = page
                .rows
                .iter()
                .map(|r| {
                    let href = format!("/customers/{}", url_encode(&r.customer_id));
                    view! {
                        <tr>
                            <td><a href=href>{r.customer_id.clone()}</a></td>
                            <td>
                                {r.logo.map(|id| view! { <img class="logo small" src=format!("/logos/{id}") alt=""/> " " })}
                                {r.name.clone()}
                                {r.archived.then(|| view! { " " <span class="badge">"Archived"</span> })}
                            </td>
                            <td class="num">{r.open}</td>
                            <td>{r.changed.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let next = page.next.as_deref().map(|n| l.href(l.sort, n));
            let filters = OrgFilter::ALL
                .into_iter()
                .map(|f| view! { <option value=f.key() selected=f == l.filter>{f.label()}</option> })
                .collect_view();
            view! {
                <main class="page">
                    <h1>"Organizations"</h1>
                    {signed_in().may(Action::EditCompanies).then(|| view! {
                        <p><a class="button" href="/organizations/new">"New organization"</a></p>
                    })}
                    <form method="get" action="/customers" class="inline" role="search" aria-label="Organizations">
                        <label for="org-q" class="inline-label">"Search"</label>
                        <input id="org-q" type="search" name="q" value=l.q.clone()/>
                        <label for="org-filter" class="inline-label">"Show"</label>
                        <select id="org-filter" name="filter">{filters}</select>
                        <input type="hidden" name="sort" value=l.sort.key()/>
                        <button type="submit">"Apply"</button>
                    </form>
                    {if page.rows.is_empty() {
                        view! { <p class="empty">"No organizations match."</p> }.into_any()
                    } else {
                        view! {
                            <table class="list" aria-label="Organizations">
                                <thead><tr>{COLUMNS.into_iter().map(header).collect_view()}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    }}
                    <div class="pager">
                        {(!l.after.is_empty()).then(|| view! { <a class="button" href=l.href(l.sort, "")>"First page"</a> })}
                        {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
                    </div>
                </main>
            }
            .into_any()
        })}
    }
}

const NEW_FIELDS: [(&str, &str); 10] = [
    ("customer_id", "Customer ID"),
    ("name", "Name"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("url", "Website"),
    ("street", "Street"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("country", "Country"),
    ("comment", "Comment"),
];

fn field<'a>(f: &'a NewOrganization, name: &str) -> &'a str {
    let c: &CompanyEdit = &f.fields;
    match name {
        "customer_id" => &f.customer_id,
        "name" => &c.name,
        "phone" => &c.phone,
        "email" => &c.email,
        "url" => &c.url,
        "street" => &c.street,
        "zip" => &c.zip,
        "city" => &c.city,
        "country" => &c.country,
        _ => &c.comment,
    }
}

fn field_mut<'a>(f: &'a mut NewOrganization, name: &str) -> &'a mut String {
    let c: &mut CompanyEdit = &mut f.fields;
    match name {
        "customer_id" => &mut f.customer_id,
        "name" => &mut c.name,
        "phone" => &mut c.phone,
        "email" => &mut c.email,
        "url" => &mut c.url,
        "street" => &mut c.street,
        "zip" => &mut c.zip,
        "city" => &mut c.city,
        "country" => &mut c.country,
        _ => &mut c.comment,
    }
}

/// `/organizations/new`: the fields, each error at its field, everything typed kept until it is saved.
#[component]
fn NewOrganizationPage() -> impl IntoView {
    let data = page_data(|| (), |_| new_organization_form());
    view! {
        <Title text="New organization — Panorama"/>
        {load_page(data, Realm::Agent, |f| view! { <NewOrganizationForm f/> })}
    }
}

#[component]
fn NewOrganizationForm(f: NewOrganization) -> impl IntoView {
    let form = RwSignal::new(f);
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        saving.set(true);
        let navigate = navigate.clone();
        let f = form.get_untracked();
        leptos::task::spawn_local(async move {
            match create_organization(f).await {
                Ok(id) => navigate(
                    &format!("/customers/{}", url_encode(&id)),
                    Default::default(),
                ),
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            saving.try_set(false);
        });
    };
    let inputs = NEW_FIELDS
        .into_iter()
        .map(|(f, label)| {
            let id = format!("org-{f}");
            let err_id = format!("org-{f}-error");
            let message = move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
            let value = move || form.with(|x| field(x, f).to_string());
            let input = move |ev: ev::Event| form.update(|x| *field_mut(x, f) = event_target_value(&ev));
            let required = matches!(f, "customer_id" | "name");
            let control = if f == "comment" {
                view! {
                    <textarea id=id.clone() name=f rows="3" aria-invalid=move || message().is_some().to_string()
                        aria-describedby=err_id.clone() prop:value=value on:input=input></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input type="text" id=id.clone() name=f required=required
                        aria-invalid=move || message().is_some().to_string()
                        aria-describedby=err_id.clone() prop:value=value on:input=input/>
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
    view! {
        <main class="page narrow">
            <h1>"New organization"</h1>
            <form class="edit" on:submit=submit novalidate>
                {inputs}
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || saving.get()>"Create organization"</button>
                    <a href="/customers">"Cancel"</a>
                </div>
            </form>
        </main>
    }
}
