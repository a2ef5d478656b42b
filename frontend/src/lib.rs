//! The browser entry: hydrate the server-rendered app. Nothing else lives here. `hydrate_lazy`: most routes
//! are lazy (their code is a wasm chunk fetched on first use), so hydration may have to wait for a chunk.
#![recursion_limit = "256"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
