//! Who is asking: resolved once per request from the session cookies.
use super::ids::{AgentId, CustomerUserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "agent_role", rename_all = "lowercase")
)]
pub enum AgentRole {
    Admin,
    Agent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentViewer {
    pub id: AgentId,
    pub role: AgentRole,
    pub name: String,
    /// The agent's chosen zone; `None` follows the browser.
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactViewer {
    pub id: CustomerUserId,
    pub name: String,
    /// Set when an admin agent views the portal as this contact: everything is read-only then.
    pub impersonator: Option<String>,
    /// Organization admin of at least one company (the Colleagues page).
    pub org_admin: bool,
}

/// The two realms are independent: one browser may hold an agent and a portal session at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub agent: Option<AgentViewer>,
    pub contact: Option<ContactViewer>,
}

/// Which sign-in form, cookie and session table realm a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "session_realm", rename_all = "lowercase")
)]
pub enum Realm {
    Agent,
    Contact,
}

impl Realm {
    pub fn login_path(self) -> &'static str {
        match self {
            Realm::Agent => "/login",
            Realm::Contact => "/portal/login",
        }
    }
    pub fn home_path(self) -> &'static str {
        match self {
            Realm::Agent => "/",
            Realm::Contact => "/portal",
        }
    }
    pub fn cookie_name(self) -> &'static str {
        match self {
            Realm::Agent => "__Host-panorama-agent",
            Realm::Contact => "__Host-panorama-portal",
        }
    }
}
