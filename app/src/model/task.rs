//! Tasks (issue 20, part 3): a to-do on a company or one of its customer users, with a due time in the
//! agent's zone, an assignee, a priority and a done flag. A call-back is a task about a customer user (their
//! phone shown); a reminder is a task one sets for oneself with a note. The Tasks widget's body is markup
//! made on the server ([`markup`]); its form and changes are the deferred widgets' lazy chunk. My work
//! (`model::my_work`) lists an agent's open ones in the same due buckets ([`Due`]).
use serde::{Deserialize, Serialize};

/// The kinds, as stored (`task_kind`) and as shown.
pub const KINDS: [(&str, &str); 3] = [
    ("task", "Task"),
    ("call_back", "Call-back"),
    ("reminder", "Reminder"),
];

/// The priorities, as stored (`task_priority`) and as shown, highest first.
pub const PRIORITIES: [(&str, &str); 3] = [("high", "High"), ("normal", "Normal"), ("low", "Low")];

pub fn label(list: &[(&str, &'static str)], key: &str) -> &'static str {
    list.iter().find(|(k, _)| *k == key).map_or("", |(_, l)| l)
}

/// The form as typed: `due` is a `datetime-local` value in the agent's zone, `assignee` an agent's id,
/// `login` the customer user it is about ("" for the company).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskForm {
    pub id: Option<i64>,
    pub version: i32,
    pub kind: String,
    pub title: String,
    pub note: String,
    pub due: String,
    pub assignee: String,
    pub priority: String,
    pub login: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskChange {
    Save(TaskForm),
    /// Mark done (`done`) or open again.
    Done {
        id: i64,
        version: i32,
        done: bool,
    },
    Delete {
        id: i64,
        version: i32,
    },
}

/// Tasks the widget lists at most (open ones by due time; done ones, the latest).
pub const LIST_ROWS: i64 = 50;

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::{label, TaskForm, KINDS, PRIORITIES};
    use crate::error::{AppError, FieldErrors, Rule};
    use crate::model::input::{clean_text, html_escape as esc, url_encode, TextKind};
    use chrono::{DateTime, Utc};

    /// Where an open task stands for an agent: My work's sections, in this order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Due {
        Overdue,
        Today,
        Upcoming,
    }

    impl Due {
        pub const ALL: [Due; 3] = [Due::Overdue, Due::Today, Due::Upcoming];
        pub fn title(self) -> &'static str {
            match self {
                Due::Overdue => "Overdue",
                Due::Today => "Due today",
                Due::Upcoming => "Upcoming",
            }
        }
    }

    /// The end of the agent's day (the next local midnight), as UTC: what "due today" is before.
    pub fn end_of_day(now: DateTime<Utc>, tz: chrono_tz::Tz) -> DateTime<Utc> {
        use chrono::TimeZone;
        let tomorrow = now.with_timezone(&tz).date_naive() + chrono::Days::new(1);
        let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default();
        // A zone whose clocks skip midnight starts that day at the first time that exists.
        (0..=3)
            .find_map(|h| {
                tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                    .earliest()
            })
            .map_or(now + chrono::Duration::days(1), |t| t.with_timezone(&Utc))
    }

    /// Overdue before `now`, today before the end of the agent's day, else upcoming.
    pub fn bucket(due: DateTime<Utc>, now: DateTime<Utc>, tz: chrono_tz::Tz) -> Due {
        if due < now {
            Due::Overdue
        } else if due < end_of_day(now, tz) {
            Due::Today
        } else {
            Due::Upcoming
        }
    }

    /// One task as the widget and My work show it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TaskRow {
        pub id: i64,
        pub version: i32,
        pub kind: String,
        pub title: String,
        pub note: String,
        pub due_at: DateTime<Utc>,
        pub priority: String,
        pub assignee_id: i64,
        pub assignee: String,
        pub created_by: i64,
        pub done_at: Option<DateTime<Utc>>,
        /// The customer user it is about: login, name, phone.
        pub about: Option<(String, String, String)>,
        /// The company's customer ID and name (My work links to it).
        pub customer_id: String,
        pub company: String,
    }

    impl TaskRow {
        /// Its creator, its assignee and admins may change it.
        pub fn changeable_by(&self, agent: i64, admin: bool) -> bool {
            admin || self.created_by == agent || self.assignee_id == agent
        }

        /// "Due … · High priority · for … · call … on …", the facts under its title.
        pub fn facts(&self, tz: chrono_tz::Tz) -> String {
            let mut facts = vec![format!(
                "Due {}",
                crate::model::time::local(self.due_at, tz)
            )];
            if self.priority != "normal" {
                facts.push(format!("{} priority", label(&PRIORITIES, &self.priority)));
            }
            facts.push(format!("for {}", self.assignee));
            if let Some((_, name, phone)) = &self.about {
                facts.push(match (self.kind.as_str(), phone.is_empty()) {
                    ("call_back", false) => format!("call {name} on {phone}"),
                    ("call_back", true) => format!("call {name} (no phone number on record)"),
                    _ => format!("about {name}"),
                });
            }
            if let Some(done) = self.done_at {
                facts.push(format!("done {}", crate::model::time::local(done, tz)));
            }
            facts.join(" · ")
        }
    }

    /// The item of one task: kind, title, an "Overdue" mark, its facts and note, and its buttons.
    pub fn item(t: &TaskRow, now: DateTime<Utc>, tz: chrono_tz::Tz, buttons: &str) -> String {
        let overdue = if t.done_at.is_none() && t.due_at < now {
            " <span class=\"badge overdue\">Overdue</span>"
        } else {
            ""
        };
        let mut html = format!(
            "<li id=\"task-{}\" aria-label=\"{}\"><p><strong>{}</strong> · {}{overdue}</p><p class=\"muted\">{}</p>",
            t.id,
            esc(&t.title),
            label(&KINDS, &t.kind),
            esc(&t.title),
            esc(&t.facts(tz))
        );
        if !t.note.is_empty() {
            html += &format!("<p class=\"body\">{}</p>", esc(&t.note));
        }
        html + buttons + "</li>"
    }

    /// What the widget shows and for whom.
    pub struct Shown<'a> {
        pub now: DateTime<Utc>,
        pub tz: chrono_tz::Tz,
        /// Done tasks instead of open ones.
        pub done: bool,
        pub agent: i64,
        pub admin: bool,
        pub may_work: bool,
        /// On a CUIC: the customer user's login (new tasks are about them).
        pub login: Option<&'a str>,
        /// The agents a task may be assigned to (id, name) and the company's customer users (login, name).
        pub agents: &'a [(String, String)],
        pub users: &'a [(String, String)],
    }

    fn seed(form: &TaskForm) -> String {
        esc(&serde_json::to_string(form).unwrap_or_default())
    }

    /// The widget's body: Open / Done, the three ways to add one, and the list.
    pub fn markup(rows: &[TaskRow], s: &Shown) -> String {
        let mut html = String::from("<div class=\"filters\" role=\"group\" aria-label=\"Show\">");
        for (arg, text) in [("open", "Open tasks"), ("done", "Done tasks")] {
            html += &format!(
                "<button type=\"button\" class=\"secondary\" data-act=\"filter\" data-arg=\"{arg}\" aria-pressed=\"{}\">{text}</button>",
                s.done == (arg == "done")
            );
        }
        html += "</div>";
        if s.may_work {
            let due = crate::model::time::local_input(end_of_day(s.now, s.tz), s.tz);
            let start = |kind: &str| TaskForm {
                kind: kind.into(),
                due: due.clone(),
                assignee: s.agent.to_string(),
                priority: "normal".into(),
                login: s.login.unwrap_or_default().into(),
                ..Default::default()
            };
            html += &format!(
                "<div hidden id=\"task-choices\" data-agents=\"{}\" data-users=\"{}\"></div>\
                 <div class=\"actions\">\
                 <button type=\"button\" data-act=\"form\" data-arg=\"{}\">Add task</button> \
                 <button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{}\">Schedule a call-back</button> \
                 <button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{}\">Reminder</button></div>",
                esc(&serde_json::to_string(s.agents).unwrap_or_default()),
                esc(&serde_json::to_string(s.users).unwrap_or_default()),
                seed(&start("task")),
                seed(&start("call_back")),
                seed(&start("reminder")),
            );
        }
        if rows.is_empty() {
            html += if s.done {
                "<p class=\"empty\">No done tasks.</p>"
            } else {
                "<p class=\"empty\">No open tasks.</p>"
            };
            return html;
        }
        html += "<ul class=\"tasks\" aria-label=\"Tasks\">";
        for t in rows {
            let mut buttons = String::new();
            if s.may_work && t.changeable_by(s.agent, s.admin) {
                let title = esc(&t.title);
                let (act, text) = if t.done_at.is_some() {
                    ("reopen", "Reopen")
                } else {
                    ("done", "Mark done")
                };
                let form = TaskForm {
                    id: Some(t.id),
                    version: t.version,
                    kind: t.kind.clone(),
                    title: t.title.clone(),
                    note: t.note.clone(),
                    due: crate::model::time::local_input(t.due_at, s.tz),
                    assignee: t.assignee_id.to_string(),
                    priority: t.priority.clone(),
                    login: t.about.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
                };
                buttons = format!(
                    "<button type=\"button\" data-act=\"{act}\" data-arg=\"{}.{}\" aria-label=\"{text}: {title}\">{text}</button> \
                     <button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{}\" aria-label=\"Edit {title}\">Edit</button> \
                     <button type=\"button\" class=\"danger\" data-act=\"delete\" data-arg=\"{}.{}\" aria-label=\"Delete {title}\">Delete</button>",
                    t.id,
                    t.version,
                    seed(&form),
                    t.id,
                    t.version,
                );
            }
            html += &item(t, s.now, s.tz, &buttons);
        }
        html + "</ul>"
    }

    /// A link to the company (and the customer user) a task is about, for My work.
    pub fn where_link(t: &TaskRow) -> String {
        let company = format!(
            "<a href=\"/customers/{}\">{}</a>",
            url_encode(&t.customer_id),
            esc(&format!("{} ({})", t.company, t.customer_id))
        );
        match &t.about {
            Some((login, name, _)) => format!(
                "{company} · <a href=\"/customer-users/{}\">{}</a>",
                url_encode(login),
                esc(name)
            ),
            None => company,
        }
    }

    /// The checked fields.
    #[derive(Debug)]
    pub struct TaskFields {
        pub kind: &'static str,
        pub title: String,
        pub note: String,
        pub due_at: DateTime<Utc>,
        pub assignee: i64,
        pub priority: &'static str,
        pub login: Option<String>,
    }

    impl TaskForm {
        /// Every field checked at once (the due time in the agent's zone; a past one is allowed: a task
        /// written down late is overdue at once). A reminder is the agent's own, and its note is what it
        /// says: its title is the note's first line when none is given.
        pub fn parse(&self, tz: chrono_tz::Tz, me: i64) -> Result<TaskFields, AppError> {
            use chrono::{NaiveDateTime, TimeZone};
            let mut f = FieldErrors::default();
            let kind = KINDS.iter().find(|(k, _)| *k == self.kind).map(|(k, _)| *k);
            if kind.is_none() {
                f.add("kind", Rule::NotListed("kinds"));
            }
            let reminder = kind == Some("reminder");
            let note = clean_text(
                &self.note,
                20_000,
                reminder.then_some("a note"),
                TextKind::Lines,
            )
            .map_err(|rule| f.add("note", rule))
            .ok();
            let title = match (self.title.trim(), &note) {
                ("", Some(n)) if reminder && !n.is_empty() => {
                    let line = n.lines().next().unwrap_or_default().trim();
                    let mut short: String = line.chars().take(80).collect();
                    if short.len() < line.len() {
                        short.push('…');
                    }
                    Some(short)
                }
                ("", None) if reminder => Some(String::new()),
                _ => clean_text(&self.title, 200, Some("a title"), TextKind::Line)
                    .map_err(|rule| f.add("title", rule))
                    .ok(),
            };
            let due = NaiveDateTime::parse_from_str(self.due.trim(), "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|n| tz.from_local_datetime(&n).earliest())
                .map(|t| t.with_timezone(&Utc));
            if due.is_none() {
                f.add("due", Rule::Required("when it is due, as a date and time"));
            }
            let assignee = if reminder {
                Some(me)
            } else {
                let id = self.assignee.trim().parse::<i64>().ok();
                if id.is_none() {
                    f.add("assignee", Rule::NotListed("agents"));
                }
                id
            };
            let priority = PRIORITIES
                .iter()
                .find(|(k, _)| *k == self.priority)
                .map(|(k, _)| *k);
            if priority.is_none() {
                f.add("priority", Rule::NotListed("priorities"));
            }
            let login = Some(self.login.trim()).filter(|l| !l.is_empty());
            if kind == Some("call_back") && login.is_none() {
                f.add("login", Rule::Required("the customer user to call back"));
            }
            f.finish()?;
            match (kind, title, note, due, assignee, priority) {
                (
                    Some(kind),
                    Some(title),
                    Some(note),
                    Some(due_at),
                    Some(assignee),
                    Some(priority),
                ) => Ok(TaskFields {
                    kind,
                    title,
                    note,
                    due_at,
                    assignee,
                    priority,
                    login: login.map(str::to_string),
                }),
                _ => Err(AppError::Internal),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        #[test]
        fn due_buckets_follow_the_agents_midnight_not_utcs() {
            let berlin: chrono_tz::Tz = "Europe/Berlin".parse().expect("zone");
            let utc = chrono_tz::UTC;
            // 22:30 UTC is 23:30 in Berlin (winter): Berlin's day ends in 30 minutes, UTC's in 90.
            let now = Utc
                .with_ymd_and_hms(2026, 12, 5, 22, 30, 0)
                .single()
                .expect("time");
            let at = |h, m| {
                Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0)
                    .single()
                    .expect("time")
            };
            assert_eq!(bucket(at(22, 29), now, berlin), Due::Overdue);
            assert_eq!(bucket(at(22, 45), now, berlin), Due::Today);
            // 23:10 UTC is 00:10 tomorrow in Berlin, still today in UTC.
            assert_eq!(bucket(at(23, 10), now, berlin), Due::Upcoming);
            assert_eq!(bucket(at(23, 10), now, utc), Due::Today);
            assert_eq!(
                end_of_day(now, berlin),
                at(23, 0),
                "Berlin's midnight is 23:00 UTC"
            );
            // Just after the agent's midnight, yesterday's evening is overdue and tonight is today.
            let after_midnight = at(23, 5);
            assert_eq!(bucket(at(22, 59), after_midnight, berlin), Due::Overdue);
            assert_eq!(
                bucket(
                    Utc.with_ymd_and_hms(2026, 12, 6, 22, 0, 0)
                        .single()
                        .expect("time"),
                    after_midnight,
                    berlin
                ),
                Due::Today
            );
        }

        #[test]
        fn a_form_is_checked_field_by_field_and_a_reminder_is_ones_own() {
            let tz = chrono_tz::UTC;
            let bad = TaskForm {
                kind: "call_back".into(),
                title: " ".into(),
                due: "tomorrow".into(),
                assignee: "x".into(),
                priority: "urgent".into(),
                ..Default::default()
            };
            let Err(AppError::Invalid(errors)) = bad.parse(tz, 7) else {
                panic!("field errors expected");
            };
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["title", "due", "assignee", "priority", "login"]);
            let reminder = TaskForm {
                kind: "reminder".into(),
                note: "Ask about the renewal\nThey said after Christmas".into(),
                due: "2026-12-01T09:00".into(),
                assignee: "99".into(),
                priority: "normal".into(),
                ..Default::default()
            };
            let got = reminder.parse(tz, 7).expect("a valid reminder");
            assert_eq!(got.title, "Ask about the renewal");
            assert_eq!(got.assignee, 7, "a reminder is assigned to its author");
            assert_eq!(
                got.due_at,
                Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
                    .single()
                    .expect("time")
            );
        }
    }
}
