//! The ticket list (`/tickets?…`): the destination of every count link. Its filters are the same
//! predicates the counts use, so the total it shows equals the number that linked to it.
use super::{
    dashboard::{Sort, TicketColumn},
    ticket::StateType,
    ticket_widget::{Cursor, TicketRow},
};
use crate::error::{AppError, Rule};
use serde::{Deserialize, Serialize};

/// A list's class of states: the open class (all but closed), closed, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListClass {
    Open,
    Closed,
    All,
}

impl ListClass {
    pub fn key(self) -> &'static str {
        match self {
            ListClass::Open => "open",
            ListClass::Closed => "closed",
            ListClass::All => "all",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        [ListClass::Open, ListClass::Closed, ListClass::All]
            .into_iter()
            .find(|c| c.key() == s)
    }
}

/// The filters and view of a list, as they appear in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketListQuery {
    /// A company's customer_id.
    pub company: Option<String>,
    /// With the company's child accounts at every depth (Company Status, "Include child accounts").
    #[serde(default)]
    pub include_children: bool,
    /// A customer user's login.
    pub customer_user: Option<String>,
    /// A contract's number: the tickets raised under it.
    #[serde(default)]
    pub contract: Option<String>,
    pub class: Option<ListClass>,
    /// One state type (never merged or removed).
    pub state_type: Option<StateType>,
    /// Escalation time reached.
    pub escalated: bool,
    /// Pending reminder time reached.
    pub reminder: bool,
    /// Locked by the agent asking.
    pub mine_locked: bool,
    /// In the agent's queues.
    pub my_queues: bool,
    /// One queue, by name.
    pub queue: Option<String>,
    /// One owner, by agent login.
    pub owner: Option<String>,
    /// Locked (true) or unlocked (false).
    pub locked: Option<bool>,
    pub sort: Option<String>,
    pub page_size: Option<u8>,
    pub after: Option<Cursor>,
}

impl TicketListQuery {
    /// Reads the URL's query parameters: unknown ones are ignored, a class or state type that is none is
    /// a field error (the page says so instead of listing something else).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, AppError> {
        let flag = |k: &str| get(k).is_some_and(|v| v == "1" || v == "true");
        let after = get("after").and_then(|a| {
            let (id, key) = a.split_once('|')?;
            Some(Cursor {
                key: key.to_string(),
                id: id.parse().ok()?,
            })
        });
        let class =
            match get("class").filter(|v| !v.is_empty()) {
                Some(c) => Some(ListClass::from_key(&c).ok_or_else(|| {
                    AppError::invalid("class", Rule::OneOf("open, closed or all"))
                })?),
                None => None,
            };
        let state_type = match get("state_type").filter(|v| !v.is_empty()) {
            Some(t) => Some(
                StateType::from_listed_key(&t)
                    .ok_or_else(|| AppError::invalid("state_type", Rule::Unknown("state type")))?,
            ),
            None => None,
        };
        Ok(TicketListQuery {
            company: get("company").filter(|v| !v.is_empty()),
            include_children: flag("include_children"),
            customer_user: get("customer_user").filter(|v| !v.is_empty()),
            contract: get("contract").filter(|v| !v.is_empty()),
            class,
            state_type,
            escalated: flag("escalated"),
            reminder: flag("reminder"),
            mine_locked: flag("mine_locked"),
            my_queues: flag("my_queues"),
            queue: get("queue").filter(|v| !v.is_empty()),
            owner: get("owner").filter(|v| !v.is_empty()),
            locked: get("locked").and_then(|v| match v.as_str() {
                "1" | "true" => Some(true),
                "0" | "false" => Some(false),
                _ => None,
            }),
            sort: get("sort").filter(|v| !v.is_empty()),
            page_size: get("page_size").and_then(|v| v.parse().ok()),
            after,
        })
    }

    /// The query's parameters, in URL order; `without` drops one (a chip's remove link), `after` adds a page.
    pub fn pairs(
        &self,
        without: Option<&str>,
        after: Option<&Cursor>,
    ) -> Vec<(&'static str, String)> {
        let mut p: Vec<(&'static str, String)> = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if without != Some(k) {
                if let Some(v) = v {
                    p.push((k, v));
                }
            }
        };
        put("company", self.company.clone());
        put(
            "include_children",
            self.include_children.then(|| "1".into()),
        );
        put("customer_user", self.customer_user.clone());
        put("contract", self.contract.clone());
        put("class", self.class.map(|c| c.key().to_string()));
        put(
            "state_type",
            self.state_type
                .and_then(StateType::listed_key)
                .map(str::to_string),
        );
        put("escalated", self.escalated.then(|| "1".into()));
        put("reminder", self.reminder.then(|| "1".into()));
        put("mine_locked", self.mine_locked.then(|| "1".into()));
        put("my_queues", self.my_queues.then(|| "1".into()));
        put("queue", self.queue.clone());
        put("owner", self.owner.clone());
        put(
            "locked",
            self.locked.map(|l| if l { "1" } else { "0" }.into()),
        );
        put("sort", self.sort.clone());
        put("page_size", self.page_size.map(|n| n.to_string()));
        put("after", after.map(|c| format!("{}|{}", c.id, c.key)));
        p
    }

    /// The URL of this list (paging restarts unless `after` is given).
    pub fn href(&self, without: Option<&str>, after: Option<&Cursor>) -> String {
        let q: Vec<String> = self
            .pairs(without, after)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", super::input::url_encode(&v)))
            .collect();
        format!("/tickets?{}", q.join("&"))
    }

    /// The active filters as (parameter, label) chips.
    pub fn chips(&self) -> Vec<(&'static str, String)> {
        let mut c = Vec::new();
        if let Some(v) = &self.company {
            c.push(("company", format!("Company: {v}")));
        }
        if self.include_children {
            c.push(("include_children", "With child accounts".into()));
        }
        if let Some(v) = &self.customer_user {
            c.push(("customer_user", format!("Customer user: {v}")));
        }
        if let Some(v) = &self.contract {
            c.push(("contract", format!("Contract: {v}")));
        }
        if let Some(v) = self.class {
            c.push(("class", format!("State class: {}", v.key())));
        }
        if let Some(v) = self.state_type.and_then(StateType::listed_key) {
            c.push(("state_type", format!("State type: {}", v.replace('_', " "))));
        }
        if self.escalated {
            c.push(("escalated", "Escalated".into()));
        }
        if self.reminder {
            c.push(("reminder", "Reminder reached".into()));
        }
        if self.mine_locked {
            c.push(("mine_locked", "Locked by me".into()));
        }
        if self.my_queues {
            c.push(("my_queues", "In my queues".into()));
        }
        if let Some(v) = &self.queue {
            c.push(("queue", format!("Queue: {v}")));
        }
        if let Some(v) = &self.owner {
            c.push(("owner", format!("Owner: {v}")));
        }
        if let Some(l) = self.locked {
            c.push(("locked", if l { "Locked" } else { "Unlocked" }.into()));
        }
        c
    }

    pub fn sort(&self) -> Sort {
        self.sort
            .as_deref()
            .and_then(Sort::from_key)
            .unwrap_or(Sort {
                column: TicketColumn::Changed,
                descending: true,
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketListPage {
    /// Every ticket the filters select, over all pages.
    pub total: i64,
    pub rows: Vec<TicketRow>,
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_round_trip_and_chips_remove_one_filter() {
        let q = TicketListQuery {
            company: Some("ACME-01".into()),
            class: Some(ListClass::Open),
            escalated: true,
            ..Default::default()
        };
        let href = q.href(None, None);
        assert_eq!(href, "/tickets?company=ACME-01&class=open&escalated=1");
        let parsed = TicketListQuery::from_params(|k| {
            href.split_once('?')?
                .1
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_string))
        });
        assert_eq!(parsed, Ok(q.clone()));
        assert_eq!(
            q.href(Some("escalated"), None),
            "/tickets?company=ACME-01&class=open"
        );
        assert_eq!(q.chips().len(), 3);
    }

    #[test]
    fn a_class_or_state_type_that_is_none_is_a_field_error() {
        let only =
            |k: &'static str, v: &'static str| move |key: &str| (key == k).then(|| v.to_string());
        let e = TicketListQuery::from_params(only("class", "bogus")).expect_err("bad class");
        assert!(e.field_message("class").is_some());
        let e = TicketListQuery::from_params(only("state_type", "merged")).expect_err("not listed");
        assert!(e.field_message("state_type").is_some());
        let q = TicketListQuery::from_params(only("state_type", "pending_reminder")).expect("ok");
        assert_eq!(q.state_type, Some(StateType::PendingReminder));
        assert_eq!(q.href(None, None), "/tickets?state_type=pending_reminder");
    }
}
