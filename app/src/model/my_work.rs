//! My work, `/my-work` (issue 20, part 3): the signed-in agent's open tasks in due buckets — overdue, due
//! today, upcoming (in the agent's zone) — each with where it belongs and "Mark done". Markup made on the
//! server; "Mark done" is a plain form, so the page works without JavaScript and comes back with the top
//! bar's overdue count up to date. Mentions (part 2) and the feed of followed customers (part 4) join here.

/// Open tasks the page lists at most (the counts are exact).
pub const LIST_ROWS: i64 = 100;

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use crate::model::input::html_escape as esc;
    use crate::model::task::{bucket, item, where_link, Due, TaskRow};
    use chrono::{DateTime, Utc};

    /// The page's body: the counts, then each bucket that has tasks.
    pub fn markup(
        tasks: &[TaskRow],
        [overdue, today, total]: [i64; 3],
        now: DateTime<Utc>,
        tz: chrono_tz::Tz,
        may_work: bool,
    ) -> String {
        let mut html = format!(
            "<section aria-labelledby=\"my-tasks\"><h2 id=\"my-tasks\">My tasks</h2>\
             <p class=\"muted\" id=\"my-task-counts\">{overdue} overdue · {today} due today · {total} open</p>"
        );
        if tasks.is_empty() {
            html += "<p class=\"empty\">No open tasks.</p>";
        }
        if tasks.len() < total as usize {
            html += &format!(
                "<p class=\"muted\">The {} due first are shown.</p>",
                tasks.len()
            );
        }
        for due in Due::ALL {
            let mine: Vec<&TaskRow> = tasks
                .iter()
                .filter(|t| bucket(t.due_at, now, tz) == due)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let title = due.title();
            html += &format!(
                "<h3>{title} ({})</h3><ul class=\"tasks\" aria-label=\"{title}\">",
                mine.len()
            );
            for t in mine {
                let mut after = format!("<p>{}</p>", where_link(t));
                if may_work {
                    after += &format!(
                        "<form method=\"post\" action=\"/api/complete_task\" class=\"inline\">\
                         <input type=\"hidden\" name=\"id\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{}\">\
                         <button type=\"submit\" aria-label=\"Mark done: {}\">Mark done</button></form>",
                        t.id,
                        t.version,
                        esc(&t.title)
                    );
                }
                html += &item(t, now, tz, &after);
            }
            html += "</ul>";
        }
        html + "</section>"
    }
}
