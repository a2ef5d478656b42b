//! The audit log as the Audit page shows it.
use serde::{Deserialize, Serialize};

/// The events the Audit page offers: the change record's actions (`<object>_<create|update|delete>` from
/// its trigger, named events) and the sign-in log's two.
pub const EVENTS: [(&str, &str); 19] = [
    ("company_update", "Company edited"),
    ("customer_user_create", "Customer user created"),
    ("customer_user_update", "Customer user edited"),
    (
        "customer_user_link_create",
        "Customer user linked to a company",
    ),
    (
        "customer_user_link_update",
        "Customer user's permissions changed",
    ),
    (
        "customer_user_link_delete",
        "Customer user unlinked from a company",
    ),
    ("ticket_create", "Ticket created"),
    ("ticket_update", "Ticket changed"),
    ("article_create", "Article added"),
    ("impersonation_start", "Impersonation started"),
    ("impersonation_end", "Impersonation ended"),
    (
        "other_sessions_ended",
        "Password changed: other sessions ended",
    ),
    ("password_reset_issued", "Password reset link issued"),
    (
        "password_reset_used",
        "Password set with a reset link: sessions ended",
    ),
    ("second_factor_on", "Two-factor authentication turned on"),
    ("second_factor_off", "Two-factor authentication turned off"),
    (
        "second_factor_recovery_code",
        "Signed in with a recovery code",
    ),
    ("sign_in", "Sign-in"),
    ("sign_in_failed", "Failed sign-in"),
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
