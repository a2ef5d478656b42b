use crate::{
    api::{admin::EndImpersonation, session::SignOut},
    components::search_box::SearchBox,
    model::viewer::Realm,
};
use leptos::{html, prelude::*};
use leptos_router::components::A;

/// The bar on every signed-in page: product name, the customer search dialog (agents; button and the
/// "/" or Ctrl+K shortcut), who is signed in, and Sign out (a real form POST).
#[component]
pub fn TopBar(
    realm: Realm,
    #[prop(into)] name: String,
    /// The landing page shows the search itself, so it has no dialog.
    #[prop(default = true)]
    search: bool,
    /// Admin agents get a link to the audit log.
    #[prop(default = false)]
    admin: bool,
    /// Set when an admin agent views the portal as this contact: a banner, and no Sign out.
    #[prop(default = None)]
    impersonator: Option<String>,
) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let end = ServerAction::<EndImpersonation>::new();
    let impersonating = impersonator.is_some();
    let home = realm.home_path();
    let realm_value = format!("{realm:?}");
    let with_search = search && realm == Realm::Agent;
    view! {
        <header class="topbar">
            <A href=home attr:class="brand">"Panorama"</A>
            {with_search.then(|| view! { <SearchDialog/> })}
            {(realm == Realm::Agent).then(|| view! { <a href="/tickets/new" class="nav">"New ticket"</a> })}
            {admin.then(|| view! { <a href="/audit" class="nav">"Audit"</a> })}
            <span class="who">{name.clone()}</span>
            {(!impersonating)
                .then(|| {
                    view! {
                        <ActionForm action=sign_out attr:class="inline">
                            <input type="hidden" name="realm" value=realm_value/>
                            <button type="submit">"Sign out"</button>
                        </ActionForm>
                    }
                })}
        </header>
        {impersonating
            .then(|| {
                view! {
                    <div class="banner" role="status">
                        {format!("Viewing as {name} — ")}
                        <ActionForm action=end attr:class="inline">
                            <button type="submit">"End impersonation"</button>
                        </ActionForm>
                        " (read-only)"
                    </div>
                }
            })}
    }
    .into_any()
}

#[component]
fn SearchDialog() -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    // The search box inside is a lazy chunk of the wasm, fetched when the dialog is first opened.
    let opened = RwSignal::new(false);
    let open = move || {
        opened.set(true);
        #[cfg(feature = "hydrate")]
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let close = move || {
        #[cfg(feature = "hydrate")]
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    #[cfg(feature = "hydrate")]
    {
        let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
            use wasm_bindgen::JsCast;
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            let ctrl_k = (ev.ctrl_key() || ev.meta_key()) && ev.key() == "k";
            if ctrl_k || (ev.key() == "/" && !typing) {
                ev.prevent_default();
                open();
            }
        });
        on_cleanup(move || shortcut.remove());
    }
    view! {
        <button type="button" class="search-open" aria-haspopup="dialog" aria-keyshortcuts="/ Control+K" on:click=move |_| open()>
            "Search"
            <kbd aria-hidden="true">"/"</kbd>
        </button>
        <dialog node_ref=dialog class="search-dialog" aria-labelledby="search-dialog-title">
            <h2 id="search-dialog-title">"Find a customer"</h2>
            <Suspense fallback=|| ()>
                {move || opened.get().then(|| Suspend::new(async { dialog_search_box().await }))}
            </Suspense>
            <button type="button" class="secondary" on:click=move |_| close()>"Close search"</button>
        </dialog>
    }
    .into_any()
}

/// The dialog's search box. On the first opening it arrives after `showModal` has focused the dialog, so it
/// takes the focus itself; later openings find it and focus it as the dialog's first control.
#[lazy]
fn dialog_search_box() -> AnyView {
    request_animation_frame(|| crate::components::widget::focus_by_id("dialog-search"));
    view! { <SearchBox initial_query="" initial=None page=0 id="dialog-search"/> }.into_any()
}
