//! Who is asking: resolved once per request from the session cookies.
use super::ids::{AgentId, CustomerUserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "agent_role", rename_all = "lowercase")
)]
/// What each role may do is `model::permission`'s table.
pub enum AgentRole {
    Admin,
    Agent,
    /// Reads everything an agent reads; changes nothing but their own dashboards.
    #[cfg_attr(feature = "ssr", sqlx(rename = "read_only"))]
    ReadOnly,
}

impl AgentRole {
    /// The stable key (as Postgres stores it, and as `#app`'s `data-role` carries it).
    pub fn key(self) -> &'static str {
        match self {
            AgentRole::Admin => "admin",
            AgentRole::Agent => "agent",
            AgentRole::ReadOnly => "read_only",
        }
    }
    /// Admins sign in with a second factor (issue 17); for the others it is their choice.
    pub fn requires_second_factor(self) -> bool {
        self == AgentRole::Admin
    }
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentViewer {
    pub id: AgentId,
    pub role: AgentRole,
    pub name: String,
    /// The agent's chosen zone; `None` follows the browser.
    pub time_zone: Option<String>,
    /// Their open tasks due before now, counted up to 100 (the top bar's count; read with the session).
    pub overdue_tasks: i64,
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
    /// The name a form sends (the variant's, as serde reads it).
    pub fn as_str(self) -> &'static str {
        match self {
            Realm::Agent => "Agent",
            Realm::Contact => "Contact",
        }
    }
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

/// Who is signed in, as the page shell shows it (top bar, portal navigation). The server writes it on `#app`
/// as `data-` attributes and the browser reads it back once at hydration: no request and no decoder. A tab's
/// viewer changes only through a server redirect (sign in or out, impersonation), which the browser follows
/// with a document load (the frontend crate's redirect hook), so once per document is enough.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignedIn {
    /// The agent's name and role.
    pub agent: Option<String>,
    pub role: Option<AgentRole>,
    /// The customer user's name.
    pub contact: Option<String>,
    pub impersonator: Option<String>,
    pub org_admin: bool,
    /// The agent's overdue tasks, when there are any (the top bar's "My work" shows the number).
    pub overdue: Option<String>,
}

impl SignedIn {
    pub fn of(v: &Viewer) -> Self {
        SignedIn {
            agent: v.agent.as_ref().map(|a| a.name.clone()),
            role: v.agent.as_ref().map(|a| a.role),
            contact: v.contact.as_ref().map(|c| c.name.clone()),
            impersonator: v.contact.as_ref().and_then(|c| c.impersonator.clone()),
            org_admin: v.contact.as_ref().is_some_and(|c| c.org_admin),
            overdue: v.agent.as_ref().filter(|a| a.overdue_tasks > 0).map(|a| {
                match a.overdue_tasks {
                    100.. => "99+".into(),
                    n => n.to_string(),
                }
            }),
        }
    }

    /// Whether the signed-in agent may do `action` (the page offers only that).
    pub fn may(&self, action: super::permission::Action) -> bool {
        self.role.is_some_and(|r| action.allows(r))
    }

    /// The name shown for `realm`, when someone is signed in there.
    pub fn name(&self, realm: Realm) -> Option<&str> {
        match realm {
            Realm::Agent => self.agent.as_deref(),
            Realm::Contact => self.contact.as_deref(),
        }
    }
}
