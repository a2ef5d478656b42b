//! Following (issue 20, part 4): an agent follows a company or a customer user and sees in My work every new
//! ticket, activity, file and alert there, newest first (read from the change record). The Followers widget
//! (deferred, on both boards) says how many agents follow it and whether the viewer does, with Follow /
//! Unfollow; its title counts them ("Followers (2)").

/// Events My work's feed shows.
pub const FEED_ROWS: i64 = 20;

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use crate::model::ids::CompanyId;
    use crate::model::input::html_escape as esc;
    use chrono::{DateTime, Utc};

    /// What is followed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Followed {
        Company(CompanyId),
        CustomerUser(i64),
    }

    impl Followed {
        /// (company id, customer user id): one of them.
        pub fn ids(self) -> (Option<i64>, Option<i64>) {
            match self {
                Followed::Company(c) => (Some(c.0), None),
                Followed::CustomerUser(u) => (None, Some(u)),
            }
        }
        fn noun(self) -> &'static str {
            match self {
                Followed::Company(_) => "company",
                Followed::CustomerUser(_) => "customer user",
            }
        }
    }

    /// The Followers widget's body: how many follow and whether the viewer does, the button, the names.
    pub fn markup(what: Followed, names: &[String], mine: bool) -> String {
        let n = names.len();
        let who = match n {
            0 => "No agent follows".to_string(),
            1 => "1 agent follows".to_string(),
            n => format!("{n} agents follow"),
        };
        let (you, act, arg) = if mine {
            ("You follow it.", "Unfollow", "0")
        } else {
            ("You do not follow it.", "Follow", "1")
        };
        let mut html = format!(
            "<p data-count=\"{n}\">{who} this {}. {you}</p>\
             <button type=\"button\" data-act=\"follow\" data-arg=\"{arg}\">{act}</button>",
            what.noun()
        );
        if n > 0 {
            html += "<ul aria-label=\"Followers\">";
            for name in names {
                html += &format!("<li>{}</li>", esc(name));
            }
            html += "</ul>";
        }
        html + "<p class=\"muted\">Followers see its new tickets, activities, files and alerts in My work.</p>"
    }

    /// One event of the feed.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FeedEvent {
        pub at: DateTime<Utc>,
        /// One of the Overview's kinds.
        pub kind: String,
        /// What happened ("Ticket created").
        pub what: String,
        /// Which object.
        pub detail: String,
        pub href: Option<String>,
        /// The followed company or customer user it is about.
        pub about: String,
        pub actor: String,
    }

    /// My work's "Following" section: what the agent follows, then the events there, newest first.
    pub fn feed_markup(
        followed: &[(String, String)],
        events: &[FeedEvent],
        tz: chrono_tz::Tz,
    ) -> String {
        let mut html = String::from(
            "<section aria-labelledby=\"following\"><h2 id=\"following\">Following</h2>",
        );
        if followed.is_empty() {
            return html
                + "<p class=\"empty\">You follow no company or customer user: Follow is in their Followers widget.</p></section>";
        }
        let links: Vec<String> = followed
            .iter()
            .map(|(label, href)| format!("<a href=\"{}\">{}</a>", esc(href), esc(label)))
            .collect();
        html += &format!("<p>You follow {}.</p>", links.join(", "));
        if events.is_empty() {
            return html + "<p class=\"empty\">Nothing has happened there yet.</p></section>";
        }
        html += "<ol class=\"overview\" aria-label=\"News from what you follow\">";
        for e in events {
            let when = crate::model::time::local(e.at, tz);
            html += &crate::model::overview::item(
                &e.kind,
                &e.what,
                &e.detail,
                e.href.as_deref(),
                &format!("{} · {when} · by {}", e.about, e.actor),
            );
        }
        html + "</ol></section>"
    }
}
