//! A view whose code is a lazy chunk of the wasm, shown in a `Suspense` while the chunk arrives. Every lazy
//! view of the app goes through this one function, so the browser carries one copy of `Suspense`'s
//! rendering and hydration code instead of one per place (each `<Suspense>` with its own children type is
//! its own copy: about a kilobyte of the CIC's first load each).
use leptos::prelude::*;
use std::sync::Arc;

/// `load` gives the lazy view to show now, or `None` for nothing (a closed form); it is re-run when the
/// signals it reads change.
pub fn lazy_view(load: impl Fn() -> Option<Suspend<AnyView>> + Send + Sync + 'static) -> AnyView {
    let load: Arc<dyn Fn() -> Option<Suspend<AnyView>> + Send + Sync> = Arc::new(load);
    view! { <Suspense fallback=|| ()>{move || load()}</Suspense> }.into_any()
}
