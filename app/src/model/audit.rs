//! The audit log as the Audit page shows it.
use serde::{Deserialize, Serialize};

/// The events the audit log records (the stored `event` text).
pub const EVENTS: [(&str, &str); 9] = [
    ("sign_in", "Sign-in"),
    ("sign_in_failed", "Failed sign-in"),
    ("permission_change", "Permission change"),
    ("impersonation_start", "Impersonation started"),
    ("impersonation_end", "Impersonation ended"),
    ("request_cancel", "Request cancelled"),
    ("deactivation", "Deactivation"),
    ("company_edit", "Company edit"),
    ("customer_user_edit", "Customer user saved"),
];

pub fn event_label(key: &str) -> &str {
    EVENTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| l)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub id: i64,
    /// Already in the agent's zone.
    pub at: String,
    pub event: String,
    pub actor: String,
    pub company: String,
    pub target: String,
    pub client_addr: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub company: String,
    pub user: String,
    pub event: String,
    /// `YYYY-MM-DD`, inclusive, in the agent's zone.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditEntry>,
    /// The id to continue after (newest first), when there is more.
    pub next: Option<i64>,
}
