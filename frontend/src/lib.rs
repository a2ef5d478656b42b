//! The browser entry: hydrate the server-rendered app. Nothing else lives here.
#![recursion_limit = "256"]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
