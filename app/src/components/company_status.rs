//! Company Status: escalated, open, closed and all tickets of the company, each a link to the ticket list
//! filtered the same way (so the list's total equals the number shown).
use crate::{
    components::widget::use_dash,
    model::{input::url_encode, ticket::CompanyStatus},
};
use leptos::prelude::*;

#[component]
pub fn CompanyStatusWidget() -> impl IntoView {
    let dash = use_dash();
    let link = move |filter: &str| {
        format!(
            "/tickets?company={}&{filter}",
            url_encode(&dash.customer_id())
        )
    };
    type Pick = fn(&CompanyStatus) -> i64;
    let rows: [(&str, &str, Pick); 4] = [
        ("Escalated", "escalated=1", |s| s.escalated),
        ("Open", "class=open", |s| s.open),
        ("Closed", "class=closed", |s| s.closed),
        ("All", "class=all", |s| s.all),
    ];
    view! {
        <ul class="status">
            {rows
                .into_iter()
                .map(|(label, filter, n)| {
                    view! {
                        <li>
                            <a href=link(filter)>
                                <span class="label">{label}</span>
                                " "
                                <span class="count">{move || dash.counts.with(|c| n(&c.status))}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
