//! What the customer portal shows: request lists with their counts, and the new-request choices.
use super::ticket::RequestRow;
use serde::{Deserialize, Serialize};

/// Whose requests a portal list shows: the contact's own, or a company's they may view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequestScope {
    #[default]
    Mine,
    Company,
}

impl RequestScope {
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "mine" => Some(RequestScope::Mine),
            "company" => Some(RequestScope::Company),
            _ => None,
        }
    }
}

/// A portal list's order by last change: newest first (the default) or oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequestOrder {
    #[default]
    Newest,
    Oldest,
}

/// The portal's filters (spec: Open is the default; "open" means the open class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequestClass {
    #[default]
    Open,
    Closed,
    All,
}

impl RequestClass {
    pub const ALL: [RequestClass; 3] =
        [RequestClass::Open, RequestClass::Closed, RequestClass::All];
    pub fn key(self) -> &'static str {
        match self {
            RequestClass::Open => "open",
            RequestClass::Closed => "closed",
            RequestClass::All => "all",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RequestClass::Open => "Open",
            RequestClass::Closed => "Closed",
            RequestClass::All => "All",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        RequestClass::ALL.into_iter().find(|c| c.key() == s)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCounts {
    pub open: i64,
    pub closed: i64,
    pub all: i64,
}

impl RequestCounts {
    pub fn get(&self, c: RequestClass) -> i64 {
        match c {
            RequestClass::Open => self.open,
            RequestClass::Closed => self.closed,
            RequestClass::All => self.all,
        }
    }
}

/// A company whose requests the contact may view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgCompany {
    pub customer_id: String,
    pub name: String,
}

/// One page of "My requests" or "Company requests".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestList {
    pub rows: Vec<RequestRow>,
    pub counts: RequestCounts,
    /// The cursor of the next page ("changed_at|id"), when there is one.
    pub next: Option<String>,
    /// Companies offered under "Company requests"; empty means the contact has none.
    pub companies: Vec<OrgCompany>,
    /// The company shown, for company requests.
    pub company: Option<OrgCompany>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestChoices {
    pub queues: Vec<Choice>,
    pub priorities: Vec<Choice>,
}

/// One active contract on the portal's Contracts page: what the customer may know, never the internal
/// fields (value, liability, customer since, SLA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalContract {
    pub company: String,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    /// What it covers: (kind, name, identifier).
    pub items: Vec<(String, String, String)>,
}
