use crate::{
    api::{admin::EndImpersonation, session::SignOut},
    components::{error_view::ErrorView, search_box::SearchBox},
    error::AppError,
    model::{
        permission::Action,
        viewer::{Realm, SignedIn},
    },
};
use leptos::{html, prelude::*};
use leptos_router::{components::A, hooks::use_location};

/// The shell of every signed-in page: the top bar for `realm`'s viewer around the page, or the sign-in
/// redirect when nobody is signed in there. The page itself stays in `children`, so a page whose data reloads
/// (new query, next page) keeps its bar.
#[component]
pub fn Shell(realm: Realm, children: Children) -> impl IntoView {
    let me = signed_in();
    match me.name(realm) {
        Some(name) => view! { <TopBar realm name=name.to_string() me/> {children()} }.into_any(),
        None => view! { <ErrorView error=AppError::Unauthorized realm/> }.into_any(),
    }
}

/// Who is signed in (the context `provide_signed_in` set up for this document).
pub fn signed_in() -> SignedIn {
    use_context::<SignedIn>().unwrap_or_default()
}

/// Puts who is signed in into the context, from the session on the server and from `#app`'s `data-`
/// attributes (which `App` writes from it) in the browser.
pub fn provide_signed_in() -> SignedIn {
    #[cfg(feature = "ssr")]
    let me = SignedIn::of(&crate::authz::viewer());
    #[cfg(not(feature = "ssr"))]
    let me = {
        let app = document().get_element_by_id("app");
        let get = |name: &str| app.as_ref().and_then(|a| a.get_attribute(name));
        let has = |name: &str| app.as_ref().is_some_and(|a| a.has_attribute(name));
        SignedIn {
            agent: get("data-agent"),
            role: get("data-role").and_then(|r| crate::model::viewer::AgentRole::from_key(&r)),
            contact: get("data-contact"),
            impersonator: get("data-impersonator"),
            org_admin: has("data-org-admin"),
            overdue: get("data-overdue"),
        }
    };
    provide_context(me.clone());
    me
}

/// The bar on every signed-in page: product name, the customer search dialog (agents; button and the
/// "/" or Ctrl+K shortcut), who is signed in, and Sign out (a real form POST). Admin agents get a link to
/// the audit log, every agent one to My work with their overdue count (My work links to Preferences); an
/// admin viewing the portal as a customer user gets a banner and no Sign out.
#[component]
fn TopBar(realm: Realm, name: String, me: SignedIn) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let end = ServerAction::<EndImpersonation>::new();
    let agent = realm == Realm::Agent;
    let (audit, new_ticket) = (
        agent && me.may(Action::ReadAudit),
        agent && me.may(Action::WorkTickets),
    );
    let impersonator = if agent { None } else { me.impersonator };
    let impersonating = impersonator.is_some();
    let home = realm.home_path();
    let realm_value = realm.as_str();
    // The landing page shows the search itself, so it has no dialog.
    let with_search = agent && use_location().pathname.get_untracked() != "/";
    view! {
        <header class="topbar">
            <A href=home attr:class="brand">"Panorama"</A>
            {with_search.then(|| view! { <SearchDialog/> })}
            {agent.then(|| view! { <a href="/customers" class="nav">"Organizations"</a> })}
            {new_ticket.then(|| view! { <a href="/tickets/new" class="nav">"New ticket"</a> })}
            {audit.then(|| view! { <a href="/audit" class="nav">"Audit"</a> })}
            // The overdue count is the link's attribute, which the style sheet shows after "My work" (and so
            // it is part of the link's name): no view code of its own in the wasm every page loads.
            {agent.then(|| view! { <a href="/my-work" class="nav" data-overdue=me.overdue>"My work"</a> })}
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
            {crate::components::lazy_view::lazy_view(move || {
                opened.get().then(|| Suspend::new(async { dialog_search_box().await }))
            })}
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
