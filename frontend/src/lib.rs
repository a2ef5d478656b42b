//! The browser entry: hydrate the server-rendered app. Nothing else lives here. Hydration is async because
//! most routes are lazy (their code is a wasm chunk fetched on first use): a lazy page is hydrated only once
//! its chunk has arrived, so the "hydrated" mark is set here, after the whole page, not by the shell.
#![recursion_limit = "256"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; a release build leaves out the formatting they need
    // (a panic there still shows as a RuntimeError, which the Playwright console checks catch).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // A server function redirects only when it changed who is signed in (sign in or out, impersonation):
    // follow it with a document load, so the page shell reads the new viewer. The router's own hook (a
    // client-side navigation) would keep the old one; the first hook set wins.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|path: &str| {
        let _ = leptos::prelude::window().location().assign(path);
    });
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        // Lazy widgets on the page: their chunks first, so hydration finds their views ready (see
        // app::components::company_status).
        app::components::company_status::preload_shown().await;
        app::components::deferred_widget::preload_shown().await;
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Tests wait for this: SSR alone looks right even when the wasm failed to load or a chunk is missing.
        if let Some(app) = leptos::prelude::document().get_element_by_id("app") {
            let _ = app.set_attribute("data-hydrated", "true");
        }
    });
}
