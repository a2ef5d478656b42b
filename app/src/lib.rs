//! Panorama: the application. Rendered on the server (feature `ssr`) and hydrated in the browser (`hydrate`).
#![recursion_limit = "256"]
pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod authz;
#[cfg(feature = "ssr")]
pub mod credentials;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod logo;
#[cfg(feature = "ssr")]
pub mod lookup;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod second_factor;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod slots;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod upload;
#[cfg(feature = "ssr")]
pub mod views;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

/// The HTML document. The CSP header is built here because only here is the per-response nonce known.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Panorama customer information center"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <script nonce=leptos::nonce::use_nonce() inner_html=TZ_SCRIPT></script>
            </body>
        </html>
    }
}

/// Tells the server the browser's time zone in a cookie, so agents' times render in their zone on the server
/// (the spec's "no time-zone database in the wasm"). An agent's saved zone takes precedence.
const TZ_SCRIPT: &str = "try{var z=encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);\
if(z&&document.cookie.indexOf('tz='+z)<0)document.cookie='tz='+z+';path=/;max-age=31536000;samesite=lax'}catch(e){}";

#[cfg(feature = "ssr")]
fn content_security_policy() {
    use leptos::nonce::use_nonce;
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self'"
    );
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&csp),
    ) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
    }
}

/// Every page but the CIC is a lazy route: `cargo leptos build --split` moves each one's code into a wasm
/// chunk of its own, fetched when the page is first shown (hydration waits for it), so the CIC, the page
/// agents spend their day on, loads only the shell and its own code. A page has no data half here: its
/// resources start inside its component, which the server renders either way.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        struct $route;
        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}
lazy_pages! {
    HomeRoute => pages::home::Home,
    AgentLoginRoute => pages::login::AgentLogin,
    NewCustomerUserRoute => pages::customer_user_edit::NewCustomerUser,
    CuicRoute => pages::cuic::Cuic,
    EditCustomerUserRoute => pages::customer_user_edit::EditCustomerUser,
    PortalLoginRoute => pages::login::PortalLogin,
    PortalHomeRoute => pages::portal::home::PortalHome,
    NewRequestRoute => pages::portal::new_request::NewRequest,
    RequestRoute => pages::portal::request::RequestPage,
    AccountRoute => pages::portal::account::Account,
    PortalContractsRoute => pages::portal::contracts::PortalContracts,
    PasswordResetRoute => pages::portal::reset::PasswordReset,
    ColleaguesRoute => pages::colleagues::Colleagues,
    AuditRoute => pages::audit::Audit,
    PreferencesRoute => pages::my_work::PersonalPages,
    SecondFactorRoute => pages::second_factor::SecondFactor,
    // Both pages of organizations, one chunk: `/customers` and `/organizations/new`.
    OrganizationsRoute => pages::organizations::OrganizationPages,
    TicketsRoute => pages::tickets::Tickets,
    NewTicketRoute => pages::new_ticket::NewTicket,
    TicketRoute => pages::ticket::TicketPage,
    // `/contracts`, a contract, its form: one chunk.
    ContractsRoute => pages::contracts::ContractPages,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let me = components::layout::provide_signed_in();
    view! {
        <Stylesheet id="leptos" href="/pkg/panorama.css"/>
        <Title text="Panorama"/>
        <Router>
            // "true" once the browser has hydrated the whole page (set by the frontend crate's entry). The
            // `data-` attributes say who is signed in, for the shell after hydration (`SignedIn`).
            <div
                id="app"
                data-hydrated="false"
                data-agent=me.agent
                data-role=me.role.map(|r| r.key())
                data-contact=me.contact
                data-impersonator=me.impersonator
                data-org-admin=me.org_admin.then_some("")
                data-overdue=me.overdue.clone()
            >
                <Routes fallback=components::not_found::NotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view={Lazy::<AgentLoginRoute>::new()}/>
                    <Route path=path!("/login/second-factor") view={Lazy::<SecondFactorRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customers") view={Lazy::<OrganizationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/organizations/new") view={Lazy::<OrganizationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customers/:customer_id") view=pages::cic::Cic ssr=SsrMode::Async/>
                    // Billing and Overview (pages/contracts.rs picks by path; any other section is its 404).
                    <Route path=path!("/customers/:customer_id/:section") view={Lazy::<ContractsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customer-users/new") view={Lazy::<NewCustomerUserRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customer-users/:login") view={Lazy::<CuicRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/customer-users/:login/edit") view={Lazy::<EditCustomerUserRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/login") view={Lazy::<PortalLoginRoute>::new()}/>
                    <Route path=path!("/portal") view={Lazy::<PortalHomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/requests/new") view={Lazy::<NewRequestRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/reset/:token") view={Lazy::<PasswordResetRoute>::new()}/>
                    <Route path=path!("/portal/requests/:id") view={Lazy::<RequestRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/contracts") view={Lazy::<PortalContractsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/files") view={Lazy::<PortalContractsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/portal/colleagues") view={Lazy::<ColleaguesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/preferences") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/my-work") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/tickets") view={Lazy::<TicketsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/tickets/new") view={Lazy::<NewTicketRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/tickets/:number") view={Lazy::<TicketRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/contracts") view={Lazy::<ContractsRoute>::new()} ssr=SsrMode::Async/>
                    // A contract, its edit form, the new-contract form: the page reads the path (one route).
                    <Route path=path!("/contracts/*path") view={Lazy::<ContractsRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </div>
        </Router>
    }
}
