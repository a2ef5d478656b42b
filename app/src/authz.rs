//! The one place that answers "who is asking, and may they do this". Every server function starts here.
use crate::{
    error::AppError,
    model::viewer::{AgentViewer, ContactViewer, Viewer},
    state::{AppState, ClientAddr},
};
use leptos::prelude::use_context;

pub use crate::model::permission::Action;

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

/// A signed-in agent, whatever their role (`require` is what server functions call).
fn require_agent() -> Result<AgentViewer, AppError> {
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

/// Agent functions: a signed-in agent whose role may do `action` (the table in `model::permission`); a
/// portal session (or none) is 401, another role 403 with the reason.
pub fn require(action: Action) -> Result<AgentViewer, AppError> {
    let agent = require_agent()?;
    if action.allows(agent.role) {
        Ok(agent)
    } else {
        Err(AppError::ReadOnly(format!(
            "Your role ({}) may not {}.",
            agent.role.label(),
            action.describe()
        )))
    }
}

/// "Signed-in devices": the caller's own account in `realm` (an agent's or a customer user's id) and their
/// session token there, if the session is their own. Ending sessions (`write`) is refused to an agent viewing
/// the portal as a customer user (read-only); no session in `realm` is 401.
pub fn require_own(
    realm: crate::model::viewer::Realm,
    write: bool,
) -> Result<(i64, Option<String>), AppError> {
    use crate::model::viewer::Realm;
    let owner = match realm {
        Realm::Agent => require_agent()?.id.0,
        Realm::Contact if write => require_contact_writer()?.id.0,
        Realm::Contact => require_contact()?.id.0,
    };
    Ok((owner, crate::session::cookie_from_request(realm)))
}
