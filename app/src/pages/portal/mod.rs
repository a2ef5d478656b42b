//! The customer portal: one file per page, and what every portal page shares (who is signed in, the
//! portal's navigation under the top bar).
pub mod account;
pub mod contracts;
pub mod files;
pub mod home;
pub mod new_request;
pub mod request;
pub mod reset;

use crate::components::layout::signed_in;
use leptos::prelude::*;

/// The portal's navigation, under the top bar (Colleagues only for organization admins).
#[component]
pub fn PortalNav(current: &'static str) -> impl IntoView {
    let mut links = vec![
        ("requests", "/portal", "Requests"),
        ("new", "/portal/requests/new", "New request"),
        ("contracts", "/portal/contracts", "Contracts"),
        ("files", "/portal/files", "Files"),
        ("account", "/portal/account", "My account"),
    ];
    if signed_in().org_admin {
        links.push(("colleagues", "/portal/colleagues", "Colleagues"));
    }
    view! {
        <nav class="portal-nav" aria-label="Portal">
            {links
                .into_iter()
                .map(|(key, href, label)| {
                    view! {
                        <a href=href aria-current=(key == current).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
