//! The customer portal: one file per page, and what every portal page shares (who is signed in, the
//! portal's navigation under the top bar).
pub mod account;
pub mod home;
pub mod new_request;
pub mod request;

use crate::{api::session::current_viewer, error::AppError, model::viewer::ContactViewer};
use leptos::prelude::*;

pub async fn contact() -> Result<ContactViewer, AppError> {
    current_viewer()
        .await?
        .contact
        .ok_or(AppError::Unauthorized)
}

/// The portal's navigation, under the top bar (Colleagues only for organization admins).
#[component]
pub fn PortalNav(current: &'static str, #[prop(default = false)] admin: bool) -> impl IntoView {
    let mut links = vec![
        ("requests", "/portal", "Requests"),
        ("new", "/portal/requests/new", "New request"),
        ("account", "/portal/account", "My account"),
    ];
    if admin {
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
