//! The ticket page and ticket creation on the wire: what the agent sees of one ticket and what they may do.
use super::ticket::StateType;
use serde::{Deserialize, Serialize};

/// The kinds of article an agent adds (and the first article of a new ticket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArticleKind {
    /// An answer to the customer by email (recorded only: no mail is sent in this version).
    Reply,
    /// Internal: never shown to the customer.
    InternalNote,
    /// A phone call with the customer, noted by the agent; the customer sees it in the portal.
    PhoneNote,
    /// A phone ticket's first article: what the customer said on the phone.
    CustomerPhone,
}

impl ArticleKind {
    pub const AGENT: [ArticleKind; 3] = [
        ArticleKind::Reply,
        ArticleKind::InternalNote,
        ArticleKind::PhoneNote,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ArticleKind::Reply => "Reply to customer",
            ArticleKind::InternalNote => "Internal note",
            ArticleKind::PhoneNote => "Phone note",
            ArticleKind::CustomerPhone => "Phone call from customer",
        }
    }
    /// (sender, channel, customer visible) as stored.
    pub fn shape(self) -> (&'static str, &'static str, bool) {
        match self {
            ArticleKind::Reply => ("agent", "email", true),
            ArticleKind::InternalNote => ("agent", "note", false),
            ArticleKind::PhoneNote => ("agent", "phone", true),
            ArticleKind::CustomerPhone => ("customer", "phone", true),
        }
    }
}

/// How a new ticket starts: the CIC's "Create Phone Ticket" / "Create Email Ticket".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    Phone,
    Email,
}

impl Channel {
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "phone" => Some(Channel::Phone),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
        }
    }
    pub fn first_article(self) -> ArticleKind {
        match self {
            Channel::Phone => ArticleKind::CustomerPhone,
            Channel::Email => ArticleKind::Reply,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChoice {
    pub id: i64,
    pub name: String,
    /// Pending states need a "pending until" time.
    pub pending: bool,
}

/// The lists the ticket forms choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketChoices {
    pub states: Vec<StateChoice>,
    pub queues: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub agents: Vec<Choice>,
    pub slas: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub kind: String,
    pub author: String,
    pub body: String,
    pub internal: bool,
    pub from_customer: bool,
    pub created: String,
    pub age: String,
}

/// A due time as shown: absolute in the agent's zone and how long until or since the breach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub label: String,
    pub at: String,
    pub relative: String,
    pub breached: bool,
}

/// Everything the ticket page shows; times are formatted on the server in the agent's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub number: String,
    pub title: String,
    pub state: String,
    pub state_id: i64,
    pub state_type: StateType,
    pub queue: String,
    pub queue_id: i64,
    pub priority: String,
    pub priority_id: i64,
    pub owner: String,
    pub owner_id: i64,
    pub responsible: String,
    pub locked: bool,
    pub customer_id: String,
    pub company: String,
    /// The company's active alerts, shown as a banner.
    pub alerts: super::alert::Banner,
    pub customer_login: Option<String>,
    pub customer_name: String,
    pub sla: String,
    pub sla_id: Option<i64>,
    /// The contract's number, the covered item, and false when the contract was not active on the day
    /// the ticket was created ("Not covered").
    pub contract: Option<String>,
    pub contract_item: String,
    pub covered: bool,
    pub created: String,
    pub changed: String,
    pub age: String,
    pub pending_until: String,
    /// The pending time as a `datetime-local` value in the agent's zone (for the form).
    pub pending_until_input: String,
    pub due: Vec<Due>,
    pub escalated: bool,
    pub version: i32,
    pub articles: Vec<ArticleView>,
    pub choices: TicketChoices,
    /// The agent's zone, named next to time inputs.
    pub zone: String,
}

/// One action of the ticket page, sent with the version the page was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TicketChange {
    Article {
        kind: ArticleKind,
        body: String,
    },
    Fields {
        state_id: i64,
        queue_id: i64,
        priority_id: i64,
        owner_id: i64,
        sla_id: Option<i64>,
        /// `YYYY-MM-DDTHH:MM` in the agent's zone; required for pending states.
        pending_until: String,
    },
    Lock,
    Unlock,
}

/// The new-ticket form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicketForm {
    pub customer_id: String,
    pub customer_login: String,
    pub channel: Channel,
    pub title: String,
    pub queue_id: i64,
    pub priority_id: i64,
    pub state_id: i64,
    pub sla_id: Option<i64>,
    pub pending_until: String,
    pub body: String,
    /// A contract's number ("" for none) and one of its covered items, from "Initiate service".
    #[serde(default)]
    pub contract: String,
    #[serde(default)]
    pub contract_item: Option<i64>,
}

/// What the new-ticket page needs: the choices plus the prefilled customer, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicketData {
    pub choices: TicketChoices,
    pub customer_id: String,
    pub company: String,
    pub customer_login: String,
    pub customer_name: String,
    pub default_queue: i64,
    pub zone: String,
    /// "Initiate service": the contract's number, its covered item and what to call them, its SLA.
    pub contract: String,
    pub contract_item: Option<i64>,
    pub contract_label: String,
    pub sla_id: Option<i64>,
}
