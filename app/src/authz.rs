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
        Some(_) => Err(AppError::ReadOnly(
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
