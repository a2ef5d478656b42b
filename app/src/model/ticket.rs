use super::{ids::TicketId, time::Shown};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "state_type", rename_all = "snake_case")
)]
pub enum StateType {
    New,
    Open,
    PendingReminder,
    PendingAuto,
    Closed,
    Merged,
    Removed,
}

impl StateType {
    /// The state types a list can filter by (merged and removed appear in no list), with their URL keys.
    pub const LISTED: [(StateType, &'static str); 5] = [
        (StateType::New, "new"),
        (StateType::Open, "open"),
        (StateType::PendingReminder, "pending_reminder"),
        (StateType::PendingAuto, "pending_auto"),
        (StateType::Closed, "closed"),
    ];
    pub fn listed_key(self) -> Option<&'static str> {
        Self::LISTED
            .iter()
            .find(|(t, _)| *t == self)
            .map(|(_, k)| *k)
    }
    pub fn from_listed_key(s: &str) -> Option<Self> {
        Self::LISTED.iter().find(|(_, k)| *k == s).map(|(t, _)| *t)
    }
    /// The spec's "open class": what Company Status, the Customer Users counts and the portal call open.
    pub fn is_open_class(self) -> bool {
        matches!(
            self,
            StateType::New | StateType::Open | StateType::PendingReminder | StateType::PendingAuto
        )
    }
    /// Pending states wait for a "pending until" time (a reminder, or an automatic state change).
    pub fn is_pending(self) -> bool {
        matches!(self, StateType::PendingReminder | StateType::PendingAuto)
    }
    pub fn is_closed_class(self) -> bool {
        self == StateType::Closed
    }
    /// Merged and removed tickets appear in no count and no list except an explicit search.
    pub fn in_all(self) -> bool {
        self.is_open_class() || self.is_closed_class()
    }
}

/// The Company Status widget: every number comes from the exact counters plus one partial index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyStatus {
    pub escalated: i64,
    pub open: i64,
    pub closed: i64,
    pub all: i64,
}

/// A customer's request as the portal lists it (times formatted on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: TicketId,
    pub number: String,
    pub title: String,
    pub state: String,
    pub changed: Shown,
    /// Who raised it (shown on company requests).
    pub requester: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicArticle {
    pub from_customer: bool,
    pub author: String,
    pub body: String,
    pub created: Shown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestThread {
    pub request: RequestRow,
    pub articles: Vec<PublicArticle>,
    /// Still in the open class: it can be replied to and cancelled.
    pub open: bool,
    /// Own request, or "may cancel organization requests" on its company.
    pub may_cancel: bool,
}
