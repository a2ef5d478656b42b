//! The one place that answers "who is asking, and may they do this". Every server function starts here.
use crate::{
    error::AppError,
    model::viewer::{AgentViewer, ContactViewer, Viewer},
    state::{AppState, ClientAddr},
};
use leptos::prelude::use_context;

/// The viewer the session middleware put into the request; anonymous when there is none.
pub fn viewer() -> Viewer {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

pub fn client_addr() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddr>().map(|a| a.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

/// Agent-only functions: a portal session (or none) is refused.
pub fn require_agent() -> Result<AgentViewer, AppError> {
    viewer().agent.ok_or(AppError::Unauthorized)
}

/// Portal functions: only a signed-in customer user.
pub fn require_contact() -> Result<ContactViewer, AppError> {
    viewer().contact.ok_or(AppError::Unauthorized)
}

/// Portal mutations: a signed-in customer user, and not an agent viewing the portal as one (read-only).
pub fn require_contact_writer() -> Result<ContactViewer, AppError> {
    let me = require_contact()?;
    match &me.impersonator {
        Some(_) => Err(AppError::Conflict(
            "Read-only: you are viewing the portal as this customer user. End impersonation to act as yourself."
                .into(),
        )),
        None => Ok(me),
    }
}

/// Admin-only agent functions (impersonation, the audit log): other agents get 403.
pub fn require_admin() -> Result<AgentViewer, AppError> {
    let agent = require_agent()?;
    match agent.role {
        crate::model::viewer::AgentRole::Admin => Ok(agent),
        _ => Err(AppError::Forbidden),
    }
}

/// The agent's time zone: their preference, else the zone the browser reported in the `tz` cookie, else UTC.
/// An unknown name falls back too: a zone never fails a page.
pub fn time_zone(agent: &AgentViewer) -> chrono_tz::Tz {
    let cookie = || {
        let parts = use_context::<http::request::Parts>()?;
        let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
        header
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == "tz")
            .and_then(|(_, v)| percent_decode(v))
    };
    agent
        .time_zone
        .clone()
        .or_else(cookie)
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// `%XX` escapes of a cookie value written by encodeURIComponent; anything malformed is no value.
fn percent_decode(v: &str) -> Option<String> {
    let mut out = Vec::with_capacity(v.len());
    let mut bytes = v.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn zone_cookies_decode() {
        assert_eq!(
            super::percent_decode("Europe%2FBerlin").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            super::percent_decode("Etc%2FGMT%2B1").as_deref(),
            Some("Etc/GMT+1")
        );
        assert_eq!(super::percent_decode("bad%2"), None);
    }
}
