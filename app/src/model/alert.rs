//! Alerts on a company (issue 18, part 6): what every agent must know before talking to this customer
//! ("Site down since 9:00", "Overdue invoices: talk to Finance first"). Internal: never in a portal payload.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "alert_severity", rename_all = "lowercase")
)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Critical];

    pub fn key(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Info",
            Severity::Warning => "Warning",
            Severity::Critical => "Critical",
        }
    }
}

/// An active alert as the banners show it, most severe first, then newest (the SQL function
/// `active_alerts` orders them and formats the expiry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub id: i64,
    pub body: String,
    pub severity: Severity,
    /// The company's name and customer ID: a CUIC shows the alerts of all the user's companies, labelled.
    pub company: String,
    pub customer_id: String,
    /// "2026-12-05 14:00 UTC", when it ends by itself.
    pub expires: Option<String>,
}

/// The expiry choices of "Post alert", in hours (0: until ended).
pub const EXPIRY_HOURS: [(u32, &str); 6] = [
    (0, "Until ended"),
    (1, "In 1 hour"),
    (8, "In 8 hours"),
    (24, "In 1 day"),
    (168, "In 1 week"),
    (720, "In 30 days"),
];

/// The banner's rows from the pages' statements (`active_alerts(…)::text`); a malformed value is no alert
/// rather than a failed page.
#[cfg(feature = "ssr")]
pub fn from_json(text: &str) -> Vec<Alert> {
    serde_json::from_str(text).unwrap_or_default()
}
