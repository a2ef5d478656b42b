use crate::{
    components::not_found::NotFound,
    error::AppError,
    model::{input::url_encode, viewer::Realm},
};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

/// How a page shows a failed load: sign-in redirect, a real 404 page, or a plain message.
#[component]
pub fn ErrorView(error: AppError, realm: Realm) -> impl IntoView {
    match error {
        AppError::Unauthorized => {
            let loc = use_location();
            let next = format!(
                "{}{}",
                loc.pathname.get_untracked(),
                loc.search.get_untracked()
            );
            let path = format!("{}?next={}", realm.login_path(), url_encode(&next));
            view! { <Redirect path/> }.into_any()
        }
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        e => {
            e.set_response_status();
            view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any()
        }
    }
}
