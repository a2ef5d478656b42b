//! The Overview (issue 20, part 6): one chronological stream of the business events about a company —
//! tickets created and closed, activities logged, files uploaded, contracts added or cancelled, alerts
//! posted, the account's details changed — read from the change record (its field diffs stay in History).
//! A widget (deferred: markup made on the server) and the page `/customers/<id>/overview`.

/// The filter: (key, label); "" is every kind.
pub const KINDS: [(&str, &str); 6] = [
    ("tickets", "Tickets"),
    ("activities", "Activities"),
    ("files", "Files"),
    ("contracts", "Contracts"),
    ("alerts", "Alerts"),
    ("account", "Account"),
];

/// Events per page.
pub const PAGE_ROWS: i64 = 15;

/// The customer ID in `/customers/<id>/overview`.
pub fn customer_in(path: &str) -> Option<String> {
    path.strip_prefix("/customers/")?
        .strip_suffix("/overview")
        .map(|id| id.to_string())
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::KINDS;
    use crate::model::input::{html_escape as esc, url_encode};
    use chrono::{DateTime, Utc};

    /// One event as the change record has it, classified by `db::overview`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Event {
        /// The change's id: the page position.
        pub id: i64,
        pub at: DateTime<Utc>,
        /// One of [`KINDS`]' keys.
        pub kind: String,
        /// What happened ("Ticket closed").
        pub what: String,
        /// Which object ("#2026… Printer offline").
        pub detail: String,
        /// Where it lives, when it still does.
        pub href: Option<String>,
        pub actor: String,
    }

    /// Where the filter and the pager lead: buttons for the widget's click handler, or links on the page.
    pub enum Controls<'a> {
        WidgetOf { customer_id: &'a str },
        Page { customer_id: &'a str },
    }

    /// One event's item: what happened, its object (a link while it lives), and `facts` (when, by whom).
    pub fn item(kind: &str, what: &str, detail: &str, href: Option<&str>, facts: &str) -> String {
        let detail = match href {
            Some(h) => format!("<a href=\"{}\">{}</a>", esc(h), esc(detail)),
            None => esc(detail),
        };
        format!(
            "<li data-kind=\"{kind}\"><p><strong>{}</strong> · {detail}</p><p class=\"muted\">{}</p></li>",
            esc(what),
            esc(facts)
        )
    }

    /// The stream: the kind filter, the events newest first, and "Older events".
    pub fn markup(
        events: &[Event],
        kind: &str,
        next: Option<i64>,
        tz: chrono_tz::Tz,
        controls: Controls,
    ) -> String {
        let control = |label: &str, k: &str, after: Option<i64>, pressed: Option<bool>| {
            match &controls {
            Controls::WidgetOf { .. } => format!(
                "<button type=\"button\" class=\"secondary\" data-act=\"{}\" data-arg=\"{k}|{}\"{}>{label}</button>",
                if after.is_some() { "page" } else { "filter" },
                after.map_or(String::new(), |a| a.to_string()),
                pressed.map_or(String::new(), |p| format!(" aria-pressed=\"{p}\""))
            ),
            Controls::Page { customer_id } => format!(
                "<a class=\"button secondary\" href=\"/customers/{}/overview?kind={k}{}\"{}>{label}</a>",
                url_encode(customer_id),
                after.map_or(String::new(), |a| format!("&after={a}")),
                pressed
                    .filter(|p| *p)
                    .map_or(String::new(), |_| " aria-current=\"true\"".into())
            ),
        }
        };
        let mut html = String::from("<div class=\"filters\" role=\"group\" aria-label=\"Show\">");
        for (key, label) in std::iter::once(("", "All")).chain(KINDS) {
            html += &control(label, key, None, Some(key == kind));
        }
        html += "</div>";
        if events.is_empty() {
            html += "<p class=\"empty\">Nothing has happened yet.</p>";
        } else {
            html += "<ol class=\"overview\" aria-label=\"Events\">";
        }
        for e in events {
            let when = crate::model::time::local(e.at, tz);
            html += &item(
                &e.kind,
                &e.what,
                &e.detail,
                e.href.as_deref(),
                &format!("{when} · by {}", e.actor),
            );
        }
        if !events.is_empty() {
            html += "</ol>";
        }
        if let Some(after) = next {
            html += &control("Older events", kind, Some(after), None);
        }
        if let Controls::WidgetOf { customer_id } = controls {
            html += &format!(
                "<p><a href=\"/customers/{}/overview\">Open the Overview page</a></p>",
                url_encode(customer_id)
            );
        }
        html
    }
}
