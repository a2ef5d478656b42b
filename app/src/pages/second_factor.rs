//! `/login/second-factor`: after a right password, an agent with a second factor types the code their app
//! shows (or a recovery code); an admin without one sets it up here first. Without JS the form is a plain
//! POST answered by a redirect (back here with `failed=` on error).
use crate::{
    api::second_factor::{second_factor_challenge, VerifySecondFactor},
    components::{page_data::page_data, second_factor::KeySetup},
    error::AppError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactor() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with_untracked(|q| q.get(k));
    let next = param("next").unwrap_or_default();
    let failed_before = param("failed");
    let challenge = page_data(|| (), |_| second_factor_challenge());
    let action = ServerAction::<VerifySecondFactor>::new();
    let error = move || match action.value().get() {
        Some(Err(AppError::Unauthorized)) => Some(EXPIRED.to_string()),
        Some(Err(e)) => Some(e.field_message("code").unwrap_or_else(|| e.to_string())),
        Some(Ok(())) => None,
        None => failed_before.clone().map(|f| {
            match f.as_str() {
                "wait" => "Too many failed attempts. Try again in a few minutes.",
                "expired" => EXPIRED,
                _ => "Wrong or already used code: type the one your app shows now.",
            }
            .to_string()
        }),
    };
    let form = move |setup_first: bool| {
        let next = next.clone();
        view! {
            <ActionForm action attr:class="login" attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <p role="alert" class="error" id="second-factor-error">{error}</p>
                <label for="second-factor-code">
                    {if setup_first { "Code from the app" } else { "Authentication code" }}
                </label>
                <input id="second-factor-code" name="code" type="text" autocomplete="one-time-code" spellcheck="false"
                    required aria-describedby="second-factor-error second-factor-hint"/>
                <p id="second-factor-hint" class="hint">"Six digits from your authenticator app, or a recovery code."</p>
                <button type="submit" disabled=move || action.pending().get()>"Verify"</button>
            </ActionForm>
        }
    };
    view! {
        <Title text="Two-factor authentication — Panorama"/>
        <main class="page narrow">
            <h1>"Two-factor authentication"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match challenge.await {
                            Ok(c) => match c.setup {
                                Some(setup) => view! {
                                    <p>"Your role signs in with a second factor. Set it up now:"</p>
                                    <KeySetup setup/>
                                    {form(true)}
                                }.into_any(),
                                None => form(false).into_any(),
                            },
                            Err(_) => view! {
                                <p role="alert">{EXPIRED}" "<a href="/login">"Sign in again"</a></p>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

const EXPIRED: &str = "This sign-in has expired (after five minutes or five wrong codes).";
