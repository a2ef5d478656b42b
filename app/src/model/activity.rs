//! Activities (issue 20, part 1): what a team did with a customer outside a ticket. The Activities widget's
//! body is markup made on the server ([`markup`]); its form and changes are the deferred widgets' lazy chunk.
use serde::{Deserialize, Serialize};

/// The kinds, as stored (`activity_kind`) and as shown.
pub const KINDS: [(&str, &str); 7] = [
    ("call_in", "Call (inbound)"),
    ("call_out", "Call (outbound)"),
    ("meeting", "Meeting"),
    ("site_visit", "Site visit"),
    ("review", "Review"),
    ("note", "Note"),
    ("email", "Email sent outside the help desk"),
];

pub fn kind_label(key: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("Activity", |(_, l)| l)
}

/// The form as typed: `happened` is a `datetime-local` value in the agent's zone, `minutes` (calls) text,
/// `people` the logins of the customer users involved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub id: Option<i64>,
    pub version: i32,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub happened: String,
    pub minutes: String,
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityChange {
    Save(ActivityForm),
    Delete { id: i64, version: i32 },
}

/// Activities per page of the widget.
pub const PAGE_ROWS: i64 = 10;

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::{kind_label, ActivityForm, KINDS};
    use crate::error::{AppError, FieldErrors, Rule};
    use crate::model::input::{clean_text, html_escape as esc, TextKind};
    use chrono::{DateTime, Utc};

    /// One activity as the widget shows it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivityRow {
        pub id: i64,
        pub kind: String,
        pub subject: String,
        pub body: String,
        pub happened_at: DateTime<Utc>,
        pub minutes: Option<i32>,
        pub author_id: i64,
        pub author: String,
        pub version: i32,
        /// (login, name) of the customer users involved.
        pub people: Vec<(String, String)>,
    }

    /// What the widget shows and for whom.
    pub struct Shown<'a> {
        /// The kind filter ("" = all).
        pub kind: &'a str,
        /// The next page's position, when there is one.
        pub next: Option<String>,
        pub tz: chrono_tz::Tz,
        /// The viewer (may edit their own), whether an admin (any), whether they may log at all.
        pub agent: i64,
        pub admin: bool,
        pub may_log: bool,
        /// The company's customer users, for the form.
        pub choices: &'a [(String, String)],
    }

    /// What "Log activity" and "Edit" open the form with (the button's `data-arg`).
    fn seed(form: &ActivityForm) -> String {
        esc(&serde_json::to_string(form).unwrap_or_default())
    }

    /// The widget's body: the kind filter, "Log activity", the list (newest first) and "Older activities".
    pub fn markup(rows: &[ActivityRow], s: &Shown) -> String {
        let mut html = String::from("<div class=\"filters\" role=\"group\" aria-label=\"Show\">");
        for (key, label) in std::iter::once(("", "All")).chain(KINDS) {
            html += &format!(
                "<button type=\"button\" class=\"secondary\" data-act=\"filter\" data-arg=\"{key}\" aria-pressed=\"{}\">{label}</button>",
                key == s.kind
            );
        }
        html += "</div>";
        if s.may_log {
            let start = ActivityForm {
                kind: "call_out".into(),
                happened: crate::model::time::local_input(Utc::now(), s.tz),
                ..Default::default()
            };
            // The people the form offers, once for every form of the widget.
            html += &format!(
                "<div hidden id=\"activity-choices\" data-choices=\"{}\"></div>\
                 <button type=\"button\" data-act=\"form\" data-arg=\"{}\">Log activity</button>",
                esc(&serde_json::to_string(s.choices).unwrap_or_default()),
                seed(&start)
            );
        }
        if rows.is_empty() {
            html += "<p class=\"empty\">No activities.</p>";
        } else {
            html += "<ul class=\"activities\" aria-label=\"Activities\">";
        }
        for a in rows {
            let mut facts = vec![crate::model::time::local(a.happened_at, s.tz)];
            if let Some(m) = a.minutes {
                facts.push(format!("{m} min"));
            }
            facts.push(format!("by {}", a.author));
            if !a.people.is_empty() {
                let names: Vec<&str> = a.people.iter().map(|(_, n)| n.as_str()).collect();
                facts.push(format!("with {}", names.join(", ")));
            }
            html += &format!(
                "<li id=\"activity-{}\" aria-label=\"{}\"><p><strong>{}</strong> · {}</p><p class=\"muted\">{}</p>",
                a.id,
                esc(&a.subject),
                kind_label(&a.kind),
                esc(&a.subject),
                esc(&facts.join(" · "))
            );
            if !a.body.is_empty() {
                html += &format!("<p class=\"body\">{}</p>", esc(&a.body));
            }
            if s.may_log && (s.admin || a.author_id == s.agent) {
                let form = ActivityForm {
                    id: Some(a.id),
                    version: a.version,
                    kind: a.kind.clone(),
                    subject: a.subject.clone(),
                    body: a.body.clone(),
                    happened: crate::model::time::local_input(a.happened_at, s.tz),
                    minutes: a.minutes.map(|m| m.to_string()).unwrap_or_default(),
                    people: a.people.iter().map(|(l, _)| l.clone()).collect(),
                };
                html += &format!(
                    "<button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{}\" aria-label=\"Edit {}\">Edit</button> \
                     <button type=\"button\" class=\"danger\" data-act=\"delete\" data-arg=\"{}.{}\" aria-label=\"Delete {}\">Delete</button>",
                    seed(&form),
                    esc(&a.subject),
                    a.id,
                    a.version,
                    esc(&a.subject)
                );
            }
            html += "</li>";
        }
        if !rows.is_empty() {
            html += "</ul>";
        }
        if let Some(next) = &s.next {
            html += &format!(
                "<button type=\"button\" class=\"secondary\" data-act=\"page\" data-arg=\"{}|{}\">Older activities</button>",
                s.kind,
                esc(next)
            );
        }
        html
    }

    /// The checked fields: (kind, subject, body, happened, minutes, people).
    pub struct ActivityFields {
        pub kind: String,
        pub subject: String,
        pub body: String,
        pub happened_at: DateTime<Utc>,
        pub minutes: Option<i32>,
        pub people: Vec<String>,
    }

    impl ActivityForm {
        /// Every field checked at once (the time in the agent's zone, not in the future).
        pub fn parse(
            &self,
            tz: chrono_tz::Tz,
            now: DateTime<Utc>,
        ) -> Result<ActivityFields, AppError> {
            use chrono::{NaiveDateTime, TimeZone};
            let mut f = FieldErrors::default();
            let kind = KINDS.iter().find(|(k, _)| *k == self.kind).map(|(k, _)| *k);
            if kind.is_none() {
                f.add("kind", Rule::Required("a kind"));
            }
            let mut text = |field: &str,
                            value: &str,
                            max: usize,
                            required: Option<&'static str>,
                            kind: TextKind| {
                clean_text(value, max, required, kind)
                    .map_err(|rule| f.add(field, rule))
                    .ok()
            };
            let subject = text(
                "subject",
                &self.subject,
                200,
                Some("a subject"),
                TextKind::Line,
            );
            let body = text("body", &self.body, 20_000, None, TextKind::Lines);
            let happened = NaiveDateTime::parse_from_str(self.happened.trim(), "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|n| tz.from_local_datetime(&n).earliest())
                .map(|t| t.with_timezone(&Utc));
            let happened = match happened {
                Some(t) if t > now + chrono::Duration::minutes(5) => {
                    f.add("happened", Rule::Happened);
                    None
                }
                Some(t) => Some(t),
                None => {
                    f.add("happened", Rule::Happened);
                    None
                }
            };
            let minutes = match self.minutes.trim() {
                "" => Some(None),
                m => match m.parse::<i32>() {
                    Ok(m) if (0..=1440).contains(&m) => Some(Some(m)),
                    _ => {
                        f.add("minutes", Rule::Minutes);
                        None
                    }
                },
            };
            f.finish()?;
            match (kind, subject, body, happened, minutes) {
                (Some(kind), Some(subject), Some(body), Some(happened_at), Some(minutes)) => {
                    Ok(ActivityFields {
                        kind: kind.into(),
                        subject,
                        body,
                        happened_at,
                        minutes,
                        people: self.people.clone(),
                    })
                }
                _ => Err(AppError::Internal),
            }
        }
    }
}
