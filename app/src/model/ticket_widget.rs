//! What a ticket widget and the Customer Users widget carry over the wire: rows already formatted on the
//! server, keyset cursors, and the request a widget sends when the agent changes it.
use super::dashboard::{Scope, Sort, TicketColumn, TicketTab, WidgetKind};
use serde::{Deserialize, Serialize};

/// A keyset position in a ticket list: the sort value (as Postgres prints it) and the id after which a
/// page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: String,
    pub id: i64,
}

/// One row of a ticket widget; times are already formatted on the server in the agent's zone, so the
/// browser renders exactly what the server did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub number: String,
    pub title: String,
    pub state: String,
    pub queue: String,
    pub priority: String,
    pub owner: String,
    pub customer_user: String,
    pub age: String,
    pub created: String,
    pub changed: String,
    pub pending_until: String,
    pub escalation: String,
    pub cursor: Cursor,
}

impl TicketRow {
    pub fn cell(&self, c: TicketColumn) -> &str {
        match c {
            TicketColumn::Number => &self.number,
            TicketColumn::Age => &self.age,
            TicketColumn::Title => &self.title,
            TicketColumn::State => &self.state,
            TicketColumn::Queue => &self.queue,
            TicketColumn::Priority => &self.priority,
            TicketColumn::Owner => &self.owner,
            TicketColumn::CustomerUser => &self.customer_user,
            TicketColumn::Created => &self.created,
            TicketColumn::Changed => &self.changed,
            TicketColumn::PendingUntil => &self.pending_until,
            TicketColumn::Escalation => &self.escalation,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketPage {
    pub rows: Vec<TicketRow>,
    /// Whether a next page exists (one row more than the page was fetched).
    pub more: bool,
}

/// What the browser asks for when an agent changes a ticket widget's tab, sort, size, columns or page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketWidgetRequest {
    pub scope: Scope,
    pub widget: WidgetKind,
    pub tab: TicketTab,
    pub sort: Sort,
    pub page_size: u8,
    pub columns: Vec<TicketColumn>,
    pub after: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUserRow {
    pub login: String,
    pub name: String,
    pub email: String,
    pub open: i64,
    pub closed: i64,
    /// False for a deactivated (archived) user, listed when the widget's setting asks for them.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUserPage {
    pub rows: Vec<CustomerUserRow>,
    pub more: bool,
}
