//! Linked accounts (issue 18, part 5): a company's parent account and its child accounts (a corporate
//! structure), each with its open and escalated counts. The widget's list is markup made on the server
//! ([`markup`]), like the Locations widget's.
use serde::{Deserialize, Serialize};

/// What the Linked Accounts widget asks the server to do; accounts by customer ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkChange {
    /// This company becomes a child of that one.
    SetParent(String),
    /// That company becomes a child of this one.
    AddChild(String),
    /// Ends the link between this company and that one (its parent or one of its children).
    Unlink(String),
}

#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedAccount {
    pub customer_id: String,
    pub name: String,
    /// The parent (else a child).
    pub parent: bool,
    pub open: i64,
    pub escalated: i64,
}

/// The widget's body: the parent, then the children, each linking to its CIC with its counts; "Unlink",
/// "Set parent account" and "Link child account" for agents who may edit companies.
#[cfg(feature = "ssr")]
pub fn markup(linked: &[LinkedAccount], may_edit: bool) -> String {
    use crate::model::input::{html_escape as esc, url_encode};
    let mut html = String::new();
    for (parent, heading, empty, add, arg) in [
        (
            true,
            "Parent account",
            "No parent account.",
            "Set parent account",
            "parent",
        ),
        (
            false,
            "Child accounts",
            "No child accounts.",
            "Link child account",
            "child",
        ),
    ] {
        html += &format!("<h3>{heading}</h3>");
        let rows: Vec<_> = linked.iter().filter(|l| l.parent == parent).collect();
        if rows.is_empty() {
            html += &format!("<p class=\"muted\">{empty}</p>");
        } else {
            html += &format!("<ul class=\"linked\" aria-label=\"{heading}\">");
            for l in rows {
                html += &format!(
                    "<li><a href=\"/customers/{}\">{} ({})</a> <span class=\"muted\">{} open, {} escalated</span>",
                    esc(&url_encode(&l.customer_id)),
                    esc(&l.name),
                    esc(&l.customer_id),
                    l.open,
                    l.escalated
                );
                if may_edit {
                    html += &format!(
                        " <button type=\"button\" class=\"secondary\" data-act=\"unlink\" data-arg=\"{0}\" \
                         aria-label=\"Unlink {0}\">Unlink</button>",
                        esc(&l.customer_id)
                    );
                }
                html += "</li>";
            }
            html += "</ul>";
        }
        // A company has one parent: "Set parent account" only while it has none.
        if may_edit && !(parent && linked.iter().any(|l| l.parent)) {
            html += &format!(
                "<button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{arg}\">{add}</button>"
            );
        }
    }
    html
}
