//! `/portal/contracts`: the active contracts of the customer user's companies whose requests they may view,
//! with what each covers. Read-only, and never the internal fields (the portal role cannot read them).
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{
    api::portal::portal_contracts, components::error_view::load_page, model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/portal/contracts`, and `/portal/files` in the same chunk (both small, read-only lists).
#[component]
pub fn PortalContracts() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    if path == "/portal/files" {
        return view! { <super::files::PortalFiles/> }.into_any();
    }
    contracts().into_any()
}

fn contracts() -> impl IntoView {
    let data = page_data(|| (), |_| portal_contracts());
    view! {
        <Title text="Contracts — Panorama portal"/>
        {load_page(data, Realm::Contact, |contracts| {
            let empty = contracts.is_empty();
            let list = contracts
                .into_iter()
                .map(|c| {
                    let items = c
                        .items
                        .into_iter()
                        .map(|(kind, name, id)| {
                            let id = (!id.is_empty()).then(|| format!(" ({id})"));
                            view! { <li>{format!("{kind}: {name}")}{id}</li> }
                        })
                        .collect_view();
                    view! {
                        <li aria-label=c.number.clone()>
                            <strong>{c.number.clone()}</strong> " — " {c.name} <br/>
                            {format!("{} · {} · {} to {}", c.company, c.kind, c.starts_on, c.ends_on)}
                            <ul class="covered">{items}</ul>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <main class="page narrow">
                    <PortalNav current="contracts"/>
                    <h1>"Contracts"</h1>
                    {if empty {
                        view! {
                            <p class="empty">
                                "No active contracts to show. Contracts appear here for organizations whose requests you may view."
                            </p>
                        }
                        .into_any()
                    } else {
                        view! { <ul class="contracts" aria-label="Active contracts">{list}</ul> }.into_any()
                    }}
                </main>
            }
        })}
    }
}
