//! `/portal`: My requests and Company requests (lists render without JS; filters and paging are links).
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{
    api::portal::portal_requests,
    components::error_view::load_page,
    error::AppError,
    model::{
        input::url_encode,
        portal::{RequestClass, RequestList, RequestOrder, RequestScope},
        viewer::Realm,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/portal?scope=mine|company&company=…&class=open|closed|all&after=…`
#[component]
pub fn PortalHome() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("scope")
                    .and_then(|s| RequestScope::from_key(&s))
                    .unwrap_or_default(),
                q.get("company"),
                q.get("class")
                    .and_then(|c| RequestClass::from_key(&c))
                    .unwrap_or_default(),
                (q.get("order").as_deref() == Some("oldest")).then_some(RequestOrder::Oldest),
                q.get("after"),
            )
        })
    };
    let data = page_data(params, |(scope, company, class, order, after)| async move {
        let oldest = order.is_some();
        let list = portal_requests(scope, company, class, order, after).await?;
        Ok::<_, AppError>((scope, class, oldest, list))
    });
    view! {
        {load_page(data, Realm::Contact, move |(scope, class, oldest, list)| {
                let company_scope = scope == RequestScope::Company;
                let heading = if company_scope { "Company requests" } else { "My requests" };
                view! {
                    <Title text=format!("{heading} — Panorama portal")/>
                    <main class="page">
                        <PortalNav current="requests"/>
                        <h1>{heading}</h1>
                        <Requests list class company_scope oldest/>
                    </main>
                }
                .into_any()
            })}
    }
}

#[component]
fn Requests(
    list: RequestList,
    class: RequestClass,
    company_scope: bool,
    oldest: bool,
) -> impl IntoView {
    let company = list.company.as_ref().map(|c| c.customer_id.clone());
    let href = |scope: &str, company: Option<&str>, class: RequestClass| {
        let mut h = format!("/portal?scope={scope}&class={}", class.key());
        if let Some(c) = company {
            h.push_str(&format!("&company={}", url_encode(c)));
        }
        h
    };
    let scope = if company_scope { "company" } else { "mine" };
    let scopes = {
        let mut v = vec![(
            "My requests",
            href("mine", None, RequestClass::Open),
            !company_scope,
        )];
        if !list.companies.is_empty() {
            v.push((
                "Company requests",
                href("company", None, RequestClass::Open),
                company_scope,
            ));
        }
        v
    };
    let classes = RequestClass::ALL
        .into_iter()
        .map(|c| {
            let n = list.counts.get(c);
            let current = c == class;
            view! {
                <a href=href(scope, company.as_deref(), c) aria-current=current.then_some("page") class="filter">
                    {c.label()}
                    " "
                    <span class="count">{n}</span>
                </a>
            }
        })
        .collect_view();
    let company_filter = (company_scope && list.companies.len() > 1).then(|| {
        let options = list
            .companies
            .iter()
            .map(|c| {
                let selected = Some(&c.customer_id) == company.as_ref();
                view! { <option value=c.customer_id.clone() selected=selected>{c.name.clone()}</option> }
            })
            .collect_view();
        view! {
            <form method="get" action="/portal" class="company-filter">
                <input type="hidden" name="scope" value="company"/>
                <input type="hidden" name="class" value=class.key()/>
                <label for="company">"Company"</label>
                <select id="company" name="company">{options}</select>
                <button type="submit">"Show"</button>
            </form>
        }
    });
    let shown = list
        .company
        .as_ref()
        .map(|c| view! { <p class="meta">{format!("Requests of {}", c.name)}</p> });
    // The header flips the order and starts again at the first page.
    let sort_href = format!(
        "{}{}",
        href(scope, company.as_deref(), class),
        if oldest { "" } else { "&order=oldest" }
    );
    let table = if list.rows.is_empty() {
        view! { <p class="empty">{format!("No {} requests.", class.label().to_lowercase())}</p> }
            .into_any()
    } else {
        let rows = list
            .rows
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <td>
                            <a href=format!("/portal/requests/{}", r.id.0)>{r.number}</a>
                        </td>
                        <td>{r.title}</td>
                        {company_scope.then(|| view! { <td>{r.requester}</td> })}
                        <td>{r.state}</td>
                        <td>
                            <time datetime=r.changed.iso title=r.changed.absolute>
                                {r.changed.age}
                            </time>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Title"</th>
                        {company_scope.then(|| view! { <th scope="col">"Raised by"</th> })}
                        <th scope="col">"State"</th>
                        <th scope="col" aria-sort=if oldest { "ascending" } else { "descending" }>
                            <a href=sort_href.clone()>
                                "Last change"
                                <span aria-hidden="true">{if oldest { " ▲" } else { " ▼" }}</span>
                            </a>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let order = if oldest { "&order=oldest" } else { "" };
    let first = format!("{}{order}", href(scope, company.as_deref(), class));
    let next = list
        .next
        .map(|n| format!("{first}&after={}", url_encode(&n)));
    view! {
        <nav class="scopes" aria-label="Whose requests">
            {scopes
                .into_iter()
                .map(|(label, h, current)| view! { <a href=h aria-current=current.then_some("page")>{label}</a> })
                .collect_view()}
        </nav>
        {company_filter}
        {shown}
        <nav class="filters" aria-label="Filter by state">{classes}</nav>
        {table}
        <div class="pager">
            <a class="button" href=first>"First page"</a>
            {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
        </div>
    }
}
