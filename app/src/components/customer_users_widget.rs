//! The Customer Users widget: the company's contacts with their open and closed counts, ticket creation and
//! edit links, paged by login.
use crate::{
    api::{admin::StartImpersonation, dashboard::customer_users_page},
    components::{
        layout::signed_in,
        pager::{PagerButtons, Pages},
        widget::use_dash,
    },
    model::{
        dashboard::PAGE_SIZES, input::url_encode, permission::Action,
        ticket_widget::CustomerUserPage, widgets::CustomerUsersSettings,
    },
};
use leptos::prelude::*;

#[component]
pub fn CustomerUsersWidget(
    initial: Option<CustomerUserPage>,
    page_size: u8,
    settings: CustomerUsersSettings,
) -> impl IntoView {
    let dash = use_dash();
    // Each row offers what the agent's role may do: create tickets, edit the user, and (admins) "View
    // portal as …" (read-only impersonation).
    let me = signed_in();
    let (works, edits, admin) = (
        me.may(Action::WorkTickets),
        me.may(Action::EditCustomerUsers),
        me.may(Action::Impersonate),
    );
    let impersonate = ServerAction::<StartImpersonation>::new();
    let needs_load = initial.is_none();
    let page = RwSignal::new(initial);
    let pages = Pages::<String>::new();
    let size = RwSignal::new(page_size);
    // The widget's own setting (model::widgets), saved with the page size on every load.
    let deactivated = RwSignal::new(settings.show_deactivated);
    let error = RwSignal::new(None::<String>);
    let load = move |after: Option<String>| {
        let customer_id = dash.customer_id();
        leptos::task::spawn_local(async move {
            let (n, all) = (size.get_untracked(), deactivated.get_untracked());
            match fetch_users(customer_id, after.clone(), n, all).await {
                // try_set: the page may have been left while the request ran.
                Ok(p) => {
                    pages.shown(after);
                    page.try_set(Some(p));
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    if needs_load {
        Effect::new(move |_| load(None));
    }
    let company = move || url_encode(&dash.customer_id());
    let rows = move || {
        let Some(p) = page.get() else {
            return view! { <p class="empty">"Loading…"</p> }.into_any();
        };
        if p.rows.is_empty() {
            return view! { <p class="empty">"This company has no customer users."</p> }.into_any();
        }
        let rows = p
            .rows
            .into_iter()
            .map(|u| {
                let login = url_encode(&u.login);
                let list = |class: &str| format!("/tickets?customer_user={login}&class={class}");
                let create = |kind: &str| format!("/tickets/new?type={kind}&company={}&customer_user={login}", company());
                view! {
                    <tr>
                        <td>
                            <a href=format!("/customer-users/{login}")>{u.name.clone()}</a>
                            {(!u.active).then(|| view! { " " <span class="badge">"Deactivated"</span> })}
                        </td>
                        <td>{u.login.clone()}</td>
                        <td>{u.email}</td>
                        <td class="num">
                            <a href=list("open") aria-label=format!("Open tickets of {}: {}", u.name, u.open)>{u.open}</a>
                        </td>
                        <td class="num">
                            <a href=list("closed") aria-label=format!("Closed tickets of {}: {}", u.name, u.closed)>
                                {u.closed}
                            </a>
                        </td>
                        <td class="actions">
                            {works.then(|| view! {
                                <a href=create("phone")>"Create Phone Ticket"</a>
                                <a href=create("email")>"Create Email Ticket"</a>
                            })}
                            {edits.then(|| view! {
                                <a href=format!("/customer-users/{login}/edit") aria-label=format!("Edit {}", u.name)>
                                    "✎"
                                </a>
                            })}
                            {admin
                                .then(|| {
                                    view! {
                                        <ActionForm action=impersonate attr:class="inline">
                                            <input type="hidden" name="login" value=u.login.clone()/>
                                            <button type="submit" class="secondary small" aria-label=format!("View portal as {}", u.name)>
                                                "View portal"
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Login"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Open"</th>
                        <th scope="col">"Closed"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let next = move || {
        let last = page.with_untracked(|p| {
            p.as_ref()
                .and_then(|p| p.rows.last().map(|r| r.login.clone()))
        });
        if let Some(after) = last.and_then(|l| pages.forward(l)) {
            load(Some(after));
        }
    };
    let previous = move || {
        if let Some(after) = pages.back() {
            load(after);
        }
    };
    let more = move || page.with(|p| p.as_ref().is_some_and(|p| p.more));
    view! {
        <p class="error" role="alert">{move || error.get()}</p>
        {rows}
        <PagerButtons at_start=Signal::derive(move || pages.at_start()) more=Signal::derive(more) on_previous=previous on_next=next>
            <a class="button" href=move || format!("/customer-users/new?company={}", company())>"Add Customer User"</a>
            <label for="customer-users-page-size" class="inline-label">"Rows per page"</label>
            <select
                id="customer-users-page-size"
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u8>() {
                        size.set(n);
                        pages.reset();
                        load(None);
                    }
                }
            >
                {PAGE_SIZES
                    .into_iter()
                    .map(|n| view! { <option value=n.to_string() selected=move || size.get() == n>{n}</option> })
                    .collect_view()}
            </select>
            <label class="inline-label">
                <input
                    type="checkbox"
                    prop:checked=move || deactivated.get()
                    on:change=move |ev| {
                        deactivated.set(event_target_checked(&ev));
                        pages.reset();
                        load(None);
                    }
                />
                " Show deactivated users"
            </label>
        </PagerButtons>
    }
}

/// Customer Users' next page, size or filter: the call is a lazy chunk of the wasm (the first paint has
/// its rows already).
#[lazy]
async fn fetch_users(
    customer_id: String,
    after: Option<String>,
    size: u8,
    deactivated: bool,
) -> Result<crate::model::ticket_widget::CustomerUserPage, crate::error::AppError> {
    customer_users_page(customer_id, after, size, deactivated).await
}
