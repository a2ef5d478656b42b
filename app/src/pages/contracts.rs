//! Contracts (issue 19): `/contracts` (Service Contracts: every contract, filtered, sorted, keyset paged by
//! links and a GET form), `/contracts/<number>` (the contract with its covered items, its tickets and its
//! history; Initiate service, Edit, Cancel), and the form at `/contracts/new?company=<customer_id>` and
//! `/contracts/<number>/edit`. One lazy chunk of the wasm for all four.
use crate::components::page_data::page_data;
use crate::{
    api::contracts::{
        cancel_contract, contract_list, load_contract, load_contract_form, save_contract,
    },
    components::{
        error_view::load_page,
        form::{field_error, focus_first_error, form_error, Field, Saves, SelectField},
    },
    error::AppError,
    model::{
        contract::{status_label, ContractListQuery, ContractPage},
        contract_form::{ContractForm, ContractFormData, ItemForm, ITEM_KINDS, KINDS},
        input::url_encode,
        viewer::Realm,
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// The contract number in `/contracts/<number>` and `/contracts/<number>/edit` ("" in `/contracts/new`).
/// Numbers are letters, digits, `.`, `_` and `-`: nothing to decode.
fn number_in(path: &str) -> String {
    let rest = path.strip_prefix("/contracts/").unwrap_or_default();
    match rest.strip_suffix("/edit").unwrap_or(rest) {
        "new" => String::new(),
        n => n.to_string(),
    }
}

/// The page the path names, built afresh when the path changes (one route serves all: saving the form
/// goes from `/contracts/new` to `/contracts/<number>` within it). The Billing page rides in this chunk.
#[component]
pub fn ContractPages() -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        let number = number_in(&path);
        if let Some(customer_id) = super::billing::customer_in(&path) {
            view! { <super::billing::Billing customer_id/> }.into_any()
        } else if let Some(customer_id) = crate::model::overview::customer_in(&path) {
            view! { <super::overview::Overview customer_id/> }.into_any()
        } else if path.starts_with("/customers/") {
            view! { <crate::components::not_found::NotFound/> }.into_any()
        } else if path == "/contracts" {
            view! { <ContractList/> }.into_any()
        } else if path == "/contracts/new" || path.ends_with("/edit") {
            view! { <ContractFormPage number/> }.into_any()
        } else {
            view! { <Contract number/> }.into_any()
        }
    }
}

fn status_badge(status: &str) -> impl IntoView {
    view! { <span class=format!("badge {status}")>{status_label(status)}</span> }
}

#[component]
fn Contract(number: String) -> impl IntoView {
    let saves = Saves::default();
    let data = page_data(
        move || (number.clone(), saves.version()),
        |(number, _)| load_contract(number),
    );
    view! {
        {load_page(data, Realm::Agent, move |c: ContractPage| view! { <ContractView c saves/> })}
    }
}

#[component]
fn ContractView(c: ContractPage, saves: Saves) -> impl IntoView {
    let number = url_encode(&c.number);
    let active = c.status == "active";
    let service = if active {
        view! { <a class="button" href=format!("/tickets/new?contract={number}")>"Initiate service"</a> }.into_any()
    } else {
        view! {
            <p class="muted">
                {format!("Service cannot be initiated: this contract is {}.", status_label(&c.status).to_lowercase())}
            </p>
        }
        .into_any()
    };
    let confirm = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let (num, version) = (c.number.clone(), c.version);
    let cancel = move |_| {
        let num = num.clone();
        leptos::task::spawn_local(async move {
            match cancel_contract(num, version).await {
                Ok(()) => saves.saved(),
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let editing = (c.may_edit).then(|| {
        let cancellable = c.status != "cancelled";
        view! {
            <a class="button" href=format!("/contracts/{number}/edit")>"Edit contract"</a>
            {cancellable.then(|| view! {
                <Show
                    when=move || confirm.get()
                    fallback=move || view! { <button type="button" on:click=move |_| confirm.set(true)>"Cancel contract"</button> }
                >
                    <span role="group" aria-label="Cancel this contract?">
                        "Cancel this contract from now on? "
                        <button type="button" class="danger" on:click=cancel.clone()>"Yes, cancel contract"</button>
                        " "
                        <button type="button" on:click=move |_| confirm.set(false)>"Keep it"</button>
                    </span>
                </Show>
            })}
        }
    });
    let items = c
        .items
        .iter()
        .map(|i| {
            let label = if i.identifier.is_empty() {
                i.name.clone()
            } else {
                format!("{} ({})", i.name, i.identifier)
            };
            let link = active.then(|| {
                view! {
                    <a href=format!("/tickets/new?contract={number}&item={}", i.id)
                        aria-label=format!("Initiate service for {label}")>"Initiate service"</a>
                }
            });
            view! {
                <tr>
                    <td>{i.kind.clone()}</td>
                    <td>{i.name.clone()}</td>
                    <td>{i.identifier.clone()}</td>
                    <td>{link}</td>
                </tr>
            }
        })
        .collect_view();
    let history = c
        .history
        .iter()
        .map(|h| {
            view! {
                <tr>
                    <td>{h.at.clone()}</td>
                    <td>{h.by.clone()}</td>
                    <td>{h.what.replace('_', " ")}</td>
                    <td class="detail">{h.detail.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let tickets = match c.tickets {
        1 => "1 ticket raised under this contract".to_string(),
        n => format!("{n} tickets raised under this contract"),
    };
    view! {
        <Title text=format!("Contract {} — Panorama", c.number)/>
        <main class="page">
            <h1>{format!("Contract {}", c.number)} " " {status_badge(&c.status)}</h1>
            <p class="meta">{c.name.clone()}</p>
            <div class="form-actions">{service} {editing}</div>
            <p class="error" role="alert">{form_error(error)}</p>
            <section class="panel" aria-labelledby="contract-fields">
                <h2 id="contract-fields">"Contract information"</h2>
                <dl class="fields">
                    <dt>"Number"</dt><dd>{c.number.clone()}</dd>
                    <dt>"Name"</dt><dd>{c.name.clone()}</dd>
                    <dt>"Type"</dt><dd>{c.kind.clone()}</dd>
                    <dt>"Customer"</dt>
                    <dd><a href=format!("/customers/{}", url_encode(&c.customer_id))>{format!("{} ({})", c.company, c.customer_id)}</a></dd>
                    <dt>"Start"</dt><dd>{c.starts_on.clone()}</dd>
                    <dt>"End"</dt><dd>{format!("{} (days count in {})", c.ends_on, c.time_zone)}</dd>
                    <dt>"Value"</dt><dd>{c.value.clone()}</dd>
                    <dt>"SLA"</dt><dd>{c.sla.clone()}</dd>
                    <dt>"Status"</dt><dd>{status_label(&c.status)}</dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="contract-items">
                <h2 id="contract-items">"Covered items"</h2>
                {if c.items.is_empty() {
                    view! { <p class="empty">"This contract lists no covered items."</p> }.into_any()
                } else {
                    view! {
                        <table class="list" aria-labelledby="contract-items">
                            <thead><tr>
                                <th scope="col">"Kind"</th><th scope="col">"What"</th>
                                <th scope="col">"Identifier"</th><th scope="col">"Service"</th>
                            </tr></thead>
                            <tbody>{items}</tbody>
                        </table>
                    }
                    .into_any()
                }}
            </section>
            <section class="panel" aria-labelledby="contract-tickets">
                <h2 id="contract-tickets">"Tickets"</h2>
                <p><a href=format!("/tickets?contract={number}&class=all")>{tickets}</a></p>
            </section>
            <section class="panel" aria-labelledby="contract-history">
                <h2 id="contract-history">"History"</h2>
                <table class="list" aria-labelledby="contract-history">
                    <thead><tr>
                        <th scope="col">"When"</th><th scope="col">"By"</th>
                        <th scope="col">"What"</th><th scope="col">"Detail"</th>
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </section>
        </main>
    }
}

#[component]
fn ContractFormPage(number: String) -> impl IntoView {
    let query = use_query_map();
    let data = page_data(
        move || {
            (
                number.clone(),
                query.with(|q| q.get("company").unwrap_or_default()),
            )
        },
        |(number, company)| load_contract_form(number, company),
    );
    view! {
        <Title text="Contract — Panorama"/>
        {load_page(data, Realm::Agent, |d| view! { <ContractFormView d/> })}
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect()
}

#[component]
fn ContractFormView(d: ContractFormData) -> impl IntoView {
    let f = d.form;
    let new = f.original.is_empty();
    let text = |s: &str| RwSignal::new(s.to_string());
    let (number, name, kind, starts_on, ends_on, value, currency, sla) = (
        text(&f.number),
        text(&f.name),
        text(&f.kind),
        text(&f.starts_on),
        text(&f.ends_on),
        text(&f.value),
        text(&f.currency),
        text(&f.sla_id),
    );
    let items = RwSignal::new(f.items.clone());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(f);
    let navigate = use_navigate();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let form = ContractForm {
            number: number.get_untracked(),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
            value: value.get_untracked(),
            currency: currency.get_untracked(),
            sla_id: sla.get_untracked(),
            items: items.get_untracked(),
            ..base.get_value()
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match save_contract(form).await {
                Ok(n) => navigate(
                    &format!("/contracts/{}", url_encode(&n)),
                    Default::default(),
                ),
                Err(e) => {
                    focus_first_error(&e, "contract");
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let mut slas = vec![(String::new(), "No SLA".to_string())];
    slas.extend(d.slas);
    let item_rows = move || {
        let count = items.with(Vec::len);
        (0..count)
            .map(|i| {
                let get = move |pick: fn(&ItemForm) -> String| {
                    move || items.with(|l| l.get(i).map(pick).unwrap_or_default())
                };
                let set = move |put: fn(&mut ItemForm, String)| {
                    move |ev: ev::Event| items.update(|l| {
                        if let Some(x) = l.get_mut(i) {
                            put(x, event_target_value(&ev))
                        }
                    })
                };
                let message = move |field: &'static str| {
                    move || error.with(|e| e.as_ref().and_then(|e| e.field_message(&format!("item-{i}-{field}"))))
                };
                let n = i + 1;
                let kinds = ITEM_KINDS
                    .iter()
                    .map(|(k, l)| {
                        let k = *k;
                        view! { <option value=k selected=move || items.with(|x| x.get(i).is_some_and(|x| x.kind == k))>{*l}</option> }
                    })
                    .collect_view();
                view! {
                    <fieldset class="item" aria-label=format!("Covered item {n}")>
                        <label for=format!("contract-item-{i}-kind")>"Kind"</label>
                        <select id=format!("contract-item-{i}-kind") on:change=set(|x, v| x.kind = v)>{kinds}</select>
                        <p class="field-error">{message("kind")}</p>
                        <label for=format!("contract-item-{i}-name")>"What is covered"</label>
                        <input type="text" id=format!("contract-item-{i}-name") prop:value=get(|x| x.name.clone()) on:input=set(|x, v| x.name = v)/>
                        <p class="field-error">{message("name")}</p>
                        <label for=format!("contract-item-{i}-identifier")>"Identifier (serial number)"</label>
                        <input type="text" id=format!("contract-item-{i}-identifier") prop:value=get(|x| x.identifier.clone()) on:input=set(|x, v| x.identifier = v)/>
                        <p class="field-error">{message("identifier")}</p>
                        <button type="button" on:click=move |_| items.update(|l| { if i < l.len() { l.remove(i); } })>
                            {format!("Remove covered item {n}")}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let heading = if new { "New contract" } else { "Edit contract" };
    view! {
        <main class="page narrow">
            <h1>{heading}</h1>
            <p class="meta">{format!("For {}", d.company)}</p>
            <form class="edit" on:submit=submit novalidate=true>
                <Field id="contract-number".into() label="Number" value=number error=field_error(error, "number")/>
                <Field id="contract-name".into() label="Name" value=name error=field_error(error, "name")/>
                <SelectField id="contract-kind".into() label="Type" value=kind options=pairs(&KINDS) error=field_error(error, "kind")/>
                <Field id="contract-starts_on".into() label="Start date" kind="date" value=starts_on error=field_error(error, "starts_on")/>
                <Field id="contract-ends_on".into() label="End date" kind="date" value=ends_on error=field_error(error, "ends_on")/>
                <Field id="contract-value".into() label="Value" value=value error=field_error(error, "value")/>
                <Field id="contract-currency".into() label="Currency (ISO 4217)" value=currency error=field_error(error, "currency")/>
                <SelectField id="contract-sla_id".into() label="SLA" value=sla options=slas error=field_error(error, "sla_id")/>
                <h2>"Covered items"</h2>
                <p class="field-error" id="contract-items">{field_error(error, "items")}</p>
                {item_rows}
                <p>
                    <button type="button" on:click=move |_| items.update(|l| l.push(ItemForm { kind: "product".into(), ..Default::default() }))>
                        "Add covered item"
                    </button>
                </p>
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || busy.get()>{if new { "Create contract" } else { "Save contract" }}</button>
                    <a href=if new { format!("/customers/{}", url_encode(&base.with_value(|b| b.customer_id.clone()))) } else { format!("/contracts/{}", url_encode(&base.with_value(|b| b.original.clone()))) }>"Cancel"</a>
                </div>
            </form>
        </main>
    }
}

/// The list's columns: (sort key, heading); `None` is not sortable.
const COLUMNS: [(Option<&str>, &str); 7] = [
    (Some("number"), "Number"),
    (None, "Name"),
    (None, "Type"),
    (Some("company"), "Customer"),
    (Some("ends"), "End"),
    (None, "Value"),
    (None, "Status"),
];

fn list_href(q: &ContractListQuery, sort: &str, after: &str) -> String {
    let mut h = format!(
        "/contracts?status={}&kind={}&company={}&ends_within={}&sort={sort}",
        url_encode(&q.status),
        url_encode(&q.kind),
        url_encode(&q.company),
        url_encode(&q.ends_within),
    );
    if !after.is_empty() {
        h += &format!("&after={}", url_encode(after));
    }
    h
}

#[component]
fn ContractList() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|p| {
            let get = |k: &str| p.get(k).unwrap_or_default();
            ContractListQuery {
                status: get("status"),
                kind: get("kind"),
                company: get("company"),
                ends_within: get("ends_within"),
                sort: get("sort"),
                after: get("after"),
            }
        })
    };
    let data = page_data(params, |q| async move {
        let page = contract_list(q.clone()).await?;
        Ok::<_, AppError>((q, page))
    });
    view! {
        <Title text="Service Contracts — Panorama"/>
        {load_page(data, Realm::Agent, move |(q, page)| {
            let sort = if q.sort.is_empty() { "ends".to_string() } else { q.sort.clone() };
            let header = |(key, label): (Option<&'static str>, &'static str)| match key {
                Some(k) => {
                    let aria = if k == sort { "ascending" } else { "none" };
                    view! { <th scope="col" aria-sort=aria><a href=list_href(&q, k, "")>{label}</a></th> }.into_any()
                }
                None => view! { <th scope="col">{label}</th> }.into_any(),
            };
            let rows = page
                .rows
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td><a href=format!("/contracts/{}", url_encode(&r.number))>{r.number.clone()}</a></td>
                            <td>{r.name.clone()}</td>
                            <td>{r.kind.clone()}</td>
                            <td><a href=format!("/customers/{}", url_encode(&r.customer_id))>{format!("{} ({})", r.company, r.customer_id)}</a></td>
                            <td>{r.ends_on.clone()}</td>
                            <td class="num">{r.value.clone()}</td>
                            <td>{status_badge(&r.status)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let options = |list: Vec<(&'static str, &'static str)>, chosen: &str| {
                list.into_iter()
                    .map(|(k, l)| view! { <option value=k selected=k == chosen>{l}</option> })
                    .collect_view()
            };
            let mut statuses = vec![("", "Any status")];
            statuses.extend(["upcoming", "active", "expired", "cancelled"].map(|s| (s, status_label(s))));
            let mut kinds = vec![("", "Any type")];
            kinds.extend(KINDS);
            let next = page.next.as_deref().map(|n| list_href(&q, &sort, n));
            view! {
                <main class="page">
                    <h1>"Service Contracts"</h1>
                    <form method="get" action="/contracts" class="inline" role="search" aria-label="Service Contracts">
                        <label for="contracts-status" class="inline-label">"Status"</label>
                        <select id="contracts-status" name="status">{options(statuses, &q.status)}</select>
                        <label for="contracts-kind" class="inline-label">"Type"</label>
                        <select id="contracts-kind" name="kind">{options(kinds, &q.kind)}</select>
                        <label for="contracts-company" class="inline-label">"Customer ID"</label>
                        <input id="contracts-company" type="text" name="company" value=q.company.clone()/>
                        <label for="contracts-ends" class="inline-label">"Ends within (days)"</label>
                        <input id="contracts-ends" type="number" min="0" max="3660" name="ends_within" value=q.ends_within.clone()/>
                        <input type="hidden" name="sort" value=sort.clone()/>
                        <button type="submit">"Apply"</button>
                    </form>
                    {if page.rows.is_empty() {
                        view! { <p class="empty">"No contracts match."</p> }.into_any()
                    } else {
                        view! {
                            <table class="list" aria-label="Service Contracts">
                                <thead><tr>{COLUMNS.into_iter().map(header).collect_view()}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    }}
                    <div class="pager">
                        {(!q.after.is_empty()).then(|| view! { <a class="button" href=list_href(&q, &sort, "")>"First page"</a> })}
                        {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
                    </div>
                </main>
            }
            .into_any()
        })}
    }
}
