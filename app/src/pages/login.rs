use crate::{api::session::SignIn, model::viewer::Realm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgentLogin() -> impl IntoView {
    view! { <LoginForm realm=Realm::Agent title="Agent sign-in"/> }
}

#[component]
pub fn PortalLogin() -> impl IntoView {
    view! { <LoginForm realm=Realm::Contact title="Customer portal sign-in"/> }
}

/// One form for both realms. Without JS it is a plain POST answered by a redirect (back here with
/// `failed=1` on error, `failed=wait` when throttled, keeping the login typed); hydrated, the error shows
/// without a reload.
#[component]
fn LoginForm(realm: Realm, title: &'static str) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with_untracked(|q| q.get(k));
    let failed_before = param("failed");
    let action = ServerAction::<SignIn>::new();
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(())) => None,
        None => failed_before.clone().map(|f| match f.as_str() {
            "wait" => "Too many failed attempts. Try again in a few minutes.".to_string(),
            _ => "Wrong login or password.".to_string(),
        }),
    };
    view! {
        <Title text=format!("{title} — Panorama")/>
        <main class="page narrow">
            <h1>{title}</h1>
            <ActionForm action attr:class="login" attr:novalidate=true>
                <input type="hidden" name="realm" value=realm.as_str()/>
                <input type="hidden" name="next" value=param("next").unwrap_or_default()/>
                <p role="alert" class="error" id="login-error">{error}</p>
                <label for="login">"Login or email"</label>
                <input id="login" name="login" type="text" autocomplete="username" required value=param("login")/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
        </main>
    }
}
