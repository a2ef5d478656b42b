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
/// `active_alerts` orders them and formats the expiry). Server-side: pages receive the banner as markup.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

/// The banner as the browser gets it: its list's markup, made on the server ([`Banner::of`]), so the wasm
/// carries neither the alerts' decoder nor a view per row (that cost the CIC's first load kilobytes).
/// Empty: no active alert.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banner(pub String);

#[cfg(feature = "ssr")]
impl Banner {
    /// Every text escaped; the company linked when `labelled` (pages that show several companies'
    /// alerts); an "End alert" button per alert when the viewer `may_end` them.
    pub fn of(alerts: &[Alert], labelled: bool, may_end: bool) -> Banner {
        use crate::model::input::{html_escape, url_encode};
        if alerts.is_empty() {
            return Banner::default();
        }
        let mut html = String::from("<ul>");
        for a in alerts {
            html += &format!(
                "<li class=\"alert {}\" id=\"alert-{}\"><strong>{}:</strong> <span class=\"alert-body\">{}</span>",
                a.severity.key(),
                a.id,
                a.severity.label(),
                html_escape(&a.body)
            );
            if labelled {
                html += &format!(
                    " <a href=\"/customers/{}\">{}</a>",
                    html_escape(&url_encode(&a.customer_id)),
                    html_escape(&a.company)
                );
            }
            if let Some(e) = &a.expires {
                html += &format!(" <span class=\"muted\">(until {})</span>", html_escape(e));
            }
            if may_end {
                html += &format!(
                    " <button type=\"button\" class=\"secondary\" data-alert=\"{}\" data-company=\"{}\">End alert</button>",
                    a.id,
                    html_escape(&a.customer_id)
                );
            }
            html += "</li>";
        }
        Banner(html + "</ul>")
    }
}
