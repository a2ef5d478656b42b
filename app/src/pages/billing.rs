//! The Billing page, `/customers/<id>/billing` (issue 19, part 5): the Account Summary, then the invoices
//! and the transactions (payments, credit notes), each newest first and paged by a link to its older rows.
//! Read-only. Served by the contracts' lazy route (`pages/contracts.rs` picks it by path): one chunk, and the
//! CIC's first load pays only the route entry.
use crate::{
    api::billing::load_billing,
    components::{error_view::load_page, page_data::page_data},
    model::{
        billing::{status_label, BillingPage},
        input::url_encode,
        viewer::Realm,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The customer ID in `/customers/<id>/billing` (customer IDs are letters, digits, `.`, `_` and `-`:
/// nothing to decode; the server checks it).
pub fn customer_in(path: &str) -> Option<String> {
    path.strip_prefix("/customers/")?
        .strip_suffix("/billing")
        .map(|id| id.to_string())
}

#[component]
pub fn Billing(customer_id: String) -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|p| {
            (
                customer_id.clone(),
                p.get("invoices").unwrap_or_default(),
                p.get("transactions").unwrap_or_default(),
            )
        })
    };
    let data = page_data(params, |(id, invoices, transactions)| {
        load_billing(id, invoices, transactions)
    });
    view! { {load_page(data, Realm::Agent, |p: BillingPage| view! { <BillingView p/> })} }
}

#[component]
fn BillingView(p: BillingPage) -> impl IntoView {
    let id = url_encode(&p.customer_id);
    let href = |invoices: &str, transactions: &str| {
        format!(
            "/customers/{id}/billing?invoices={}&transactions={}",
            url_encode(invoices),
            url_encode(transactions)
        )
    };
    let query = use_query_map();
    let at = |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let (inv_at, tx_at) = (at("invoices"), at("transactions"));
    let pager = |first: Option<String>, next: Option<String>, label: &'static str| {
        view! {
            <div class="pager">
                {first.map(|h| view! { <a class="button" href=h>{format!("Newest {label}")}</a> })}
                {next.map(|h| view! { <a class="button" href=h>{format!("Older {label}")}</a> })}
            </div>
        }
    };
    let (no_invoices, no_transactions) = (p.invoices.is_empty(), p.transactions.is_empty());
    let invoices = p
        .invoices
        .into_iter()
        .map(|i| {
            view! {
                <tr>
                    <td>{i.number}</td>
                    <td>{i.date}</td>
                    <td>{i.due}</td>
                    <td class="num">{i.amount}</td>
                    <td class="num">{i.open}</td>
                    <td><span class=format!("badge {}", i.status)>{status_label(&i.status)}</span></td>
                </tr>
            }
        })
        .collect_view();
    let transactions = p
        .transactions
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{t.date}</td>
                    <td>{t.kind}</td>
                    <td>{t.number}</td>
                    <td>{t.method}</td>
                    <td class="num">{t.amount}</td>
                </tr>
            }
        })
        .collect_view();
    let title = format!("Billing — {} ({})", p.company, p.customer_id);
    view! {
        <Title text=format!("{title} — Panorama")/>
        <main class="page">
            <p><a href=format!("/customers/{id}")>{format!("Back to {}", p.company)}</a></p>
            <h1>{title}</h1>
            <section aria-labelledby="billing-summary">
                <h2 id="billing-summary">"Account Summary"</h2>
                <div inner_html=p.summary></div>
            </section>
            <section aria-labelledby="billing-invoices">
                <h2 id="billing-invoices">"Invoices"</h2>
                {if no_invoices {
                    view! { <p class="empty">"No invoices."</p> }.into_any()
                } else {
                    view! {
                        <table class="list" aria-labelledby="billing-invoices">
                            <thead><tr>
                                <th scope="col">"Number"</th><th scope="col">"Date"</th><th scope="col">"Due"</th>
                                <th scope="col" class="num">"Amount"</th><th scope="col" class="num">"Open"</th>
                                <th scope="col">"Status"</th>
                            </tr></thead>
                            <tbody>{invoices}</tbody>
                        </table>
                    }.into_any()
                }}
                {pager(
                    (!inv_at.is_empty()).then(|| href("", &tx_at)),
                    p.invoices_next.as_deref().map(|n| href(n, &tx_at)),
                    "invoices",
                )}
            </section>
            <section aria-labelledby="billing-transactions">
                <h2 id="billing-transactions">"Transactions"</h2>
                {if no_transactions {
                    view! { <p class="empty">"No payments or credit notes."</p> }.into_any()
                } else {
                    view! {
                        <table class="list" aria-labelledby="billing-transactions">
                            <thead><tr>
                                <th scope="col">"Date"</th><th scope="col">"Type"</th><th scope="col">"Number"</th>
                                <th scope="col">"Method"</th><th scope="col" class="num">"Amount"</th>
                            </tr></thead>
                            <tbody>{transactions}</tbody>
                        </table>
                    }.into_any()
                }}
                {pager(
                    (!tx_at.is_empty()).then(|| href(&inv_at, "")),
                    p.transactions_next.as_deref().map(|n| href(&inv_at, n)),
                    "transactions",
                )}
            </section>
        </main>
    }
}
