use crate::{
    components::{layout::Shell, not_found::NotFound},
    error::AppError,
    model::{input::url_encode, viewer::Realm},
};
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

/// The one shape of a signed-in page with data: the shell (top bar) for `realm`, "Loading…" while the data
/// comes, `page` once it is there, and the error view (sign-in redirect, the 404 page, a message with its
/// HTTP status) when it failed.
pub fn load_page<T, V>(
    data: super::page_data::PageData<T>,
    realm: Realm,
    page: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Shell realm>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let page = page.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => page(d).into_any(),
                        Err(error) => view! { <ErrorView error realm/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        </Shell>
    }
}

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
