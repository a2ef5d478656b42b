//! `GET /lookup?phone=<number>`: the telephony pop-up's way in. One caller → 303 to their CUIC or their
//! company's CIC; several → a chooser page; none → 303 to the customer search with the number filled in
//! (which also matches phone numbers). Agents only: anyone else is sent to the agent sign-in, which comes
//! back here. A plain axum handler rather than a page: a redirect must be decided before any HTML, and the
//! browser's wasm has nothing to do here.
use crate::{
    db::phone_lookup::{self, Caller},
    model::{
        input::{allowed_char, html_escape, url_encode, TextKind},
        permission::Action,
        viewer::{Realm, Viewer},
    },
    state::AppState,
};
use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Deserialize;

/// More matches than this on one number is not a caller but a switchboard: the chooser shows the first.
const CHOOSER_MAX: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct LookupQuery {
    #[serde(default)]
    phone: String,
}

pub async fn lookup(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Query(q): Query<LookupQuery>,
) -> Response {
    let phone = q.phone.trim();
    let Some(agent) = viewer.and_then(|Extension(v)| v.agent) else {
        // Through the sign-in as digits only (`+` as `00`, which the normalisation reads alike): the
        // round trip through `next` then needs no escaping to survive.
        let digits: String = phone
            .strip_prefix('+')
            .map_or_else(String::new, |_| "00".into())
            .chars()
            .chain(phone.chars().filter(char::is_ascii_digit))
            .collect();
        let back = format!("/lookup?phone={digits}");
        return see_other(&format!(
            "{}?next={}",
            Realm::Agent.login_path(),
            url_encode(&back)
        ));
    };
    if !Action::Read.allows(agent.role) {
        return (
            StatusCode::FORBIDDEN,
            "Your role may not read customer data.",
        )
            .into_response();
    }
    let search = format!("/?q={}", url_encode(phone));
    if phone.is_empty()
        || phone.chars().count() > 50
        || !phone.chars().all(|c| allowed_char(c, TextKind::Line))
    {
        return see_other(&search);
    }
    let callers = match phone_lookup::callers(&state.pool, phone, CHOOSER_MAX).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "phone lookup failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                "The lookup is unavailable right now; try again.",
            )
                .into_response();
        }
    };
    match callers.as_slice() {
        [] => see_other(&search),
        [one] => see_other(&target(one)),
        several => chooser(phone, several),
    }
}

fn target(caller: &Caller) -> String {
    match caller {
        Caller::CustomerUser { login, .. } => format!("/customer-users/{}", url_encode(login)),
        Caller::Company { customer_id, .. } => format!("/customers/{}", url_encode(customer_id)),
    }
}

pub fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// The chooser: a small document of its own (no wasm: nothing on it but links), styled by the app's sheet.
fn chooser(phone: &str, callers: &[Caller]) -> Response {
    let items: String = callers
        .iter()
        .map(|c| {
            let (label, detail) = match c {
                Caller::CustomerUser { name, company, .. } => {
                    (name, format!("Customer user, {company}"))
                }
                Caller::Company { name, customer_id } => (name, format!("Company {customer_id}")),
            };
            format!(
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">{}</span></li>",
                html_escape(&target(c)),
                html_escape(label),
                html_escape(&detail)
            )
        })
        .collect();
    let phone = html_escape(phone);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Panorama — Who is calling {phone}?</title><link rel=\"stylesheet\" href=\"/pkg/panorama.css\"></head>\
         <body><main class=\"page narrow\"><h1>Who is calling {phone}?</h1>\
         <p>{n} customers have this number.</p><ul class=\"chooser\">{items}</ul>\
         <p><a href=\"/\">Search customers instead</a></p></main></body></html>",
        n = callers.len()
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            // Its own policy: the app's style sheet and nothing else (no script at all).
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ],
        page,
    )
        .into_response()
}
