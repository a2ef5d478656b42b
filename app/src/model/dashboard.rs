//! Dashboards as data: a widget is a kind + its settings + a position in its column.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WidgetKind {
    CustomerUsers,
    ReminderTickets,
    EscalatedTickets,
    NewTickets,
    OpenTickets,
    CompanyStatus,
    CustomerInformation,
    CustomerUserInformation,
    CustomerCompanies,
    Settings,
}

/// The two dashboards: a company's (CIC) and a customer user's (CUIC). Each has its own default layout
/// and its own saved preferences per agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Board {
    Cic,
    Cuic,
}

impl Board {
    /// The stored form (widget_prefs.dashboard).
    pub fn key(self) -> &'static str {
        match self {
            Board::Cic => "cic",
            Board::Cuic => "cuic",
        }
    }
    /// Every widget of the board, in its default order.
    pub fn widgets(self) -> &'static [WidgetKind] {
        match self {
            Board::Cic => &WidgetKind::CIC,
            Board::Cuic => &WidgetKind::CUIC,
        }
    }
}

/// Whose tickets a dashboard's ticket widgets show: a company's, or a customer user's — either the tickets
/// assigned to them, or all they may see in the portal (their own plus their companies' where they may
/// view organization requests).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Company(String),
    CustomerUser { login: String, accessible: bool },
}

impl Scope {
    pub fn board(&self) -> Board {
        match self {
            Scope::Company(_) => Board::Cic,
            Scope::CustomerUser { .. } => Board::Cuic,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    Main,
    Side,
}

/// The three filter tabs of every ticket widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketTab {
    Locked,
    MyQueues,
    All,
}

impl TicketTab {
    pub const ALL: [TicketTab; 3] = [TicketTab::Locked, TicketTab::MyQueues, TicketTab::All];
    pub fn label(self) -> &'static str {
        match self {
            TicketTab::Locked => "My locked tickets",
            TicketTab::MyQueues => "Tickets in My Queues",
            TicketTab::All => "All tickets",
        }
    }
    /// The stored form (widget_prefs.tab).
    pub fn key(self) -> &'static str {
        match self {
            TicketTab::Locked => "locked",
            TicketTab::MyQueues => "my_queues",
            TicketTab::All => "all",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        TicketTab::ALL.into_iter().find(|t| t.key() == s)
    }
}

impl WidgetKind {
    /// The CIC's default layout, in order, per column.
    pub const CIC: [WidgetKind; 8] = [
        WidgetKind::CustomerUsers,
        WidgetKind::ReminderTickets,
        WidgetKind::EscalatedTickets,
        WidgetKind::NewTickets,
        WidgetKind::OpenTickets,
        WidgetKind::CompanyStatus,
        WidgetKind::CustomerInformation,
        WidgetKind::Settings,
    ];
    /// The CUIC's default layout.
    pub const CUIC: [WidgetKind; 7] = [
        WidgetKind::ReminderTickets,
        WidgetKind::EscalatedTickets,
        WidgetKind::NewTickets,
        WidgetKind::OpenTickets,
        WidgetKind::CustomerUserInformation,
        WidgetKind::CustomerCompanies,
        WidgetKind::Settings,
    ];

    /// The visible title, which is also the region's accessible name.
    pub fn title(self) -> &'static str {
        match self {
            WidgetKind::CustomerUsers => "Customer Users",
            WidgetKind::ReminderTickets => "Reminder Tickets",
            WidgetKind::EscalatedTickets => "Escalated Tickets",
            WidgetKind::NewTickets => "New Tickets",
            WidgetKind::OpenTickets => "Open Tickets",
            WidgetKind::CompanyStatus => "Company Status",
            WidgetKind::CustomerInformation => "Customer Information",
            WidgetKind::CustomerUserInformation => "Customer User Information",
            WidgetKind::CustomerCompanies => "Customer Companies",
            WidgetKind::Settings => "Settings",
        }
    }
    /// The stored form (widget_prefs.widget).
    pub fn key(self) -> &'static str {
        match self {
            WidgetKind::CustomerUsers => "customer_users",
            WidgetKind::ReminderTickets => "reminder_tickets",
            WidgetKind::EscalatedTickets => "escalated_tickets",
            WidgetKind::NewTickets => "new_tickets",
            WidgetKind::OpenTickets => "open_tickets",
            WidgetKind::CompanyStatus => "company_status",
            WidgetKind::CustomerInformation => "customer_information",
            WidgetKind::CustomerUserInformation => "customer_user_information",
            WidgetKind::CustomerCompanies => "customer_companies",
            WidgetKind::Settings => "settings",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        WidgetKind::CIC
            .into_iter()
            .chain(WidgetKind::CUIC)
            .find(|w| w.key() == s)
    }
    pub fn column(self) -> Column {
        match self {
            WidgetKind::CompanyStatus
            | WidgetKind::CustomerInformation
            | WidgetKind::CustomerUserInformation
            | WidgetKind::CustomerCompanies
            | WidgetKind::Settings => Column::Side,
            _ => Column::Main,
        }
    }
    pub fn is_ticket_list(self) -> bool {
        matches!(
            self,
            WidgetKind::ReminderTickets
                | WidgetKind::EscalatedTickets
                | WidgetKind::NewTickets
                | WidgetKind::OpenTickets
        )
    }
    /// Spec: Reminder Tickets open on "My locked tickets", the others on "All tickets".
    pub fn default_tab(self) -> TicketTab {
        match self {
            WidgetKind::ReminderTickets => TicketTab::Locked,
            _ => TicketTab::All,
        }
    }
    /// Spec: reminders by pending time, escalations by escalation time, the others oldest first.
    pub fn default_sort(self) -> Sort {
        let column = match self {
            WidgetKind::ReminderTickets => TicketColumn::PendingUntil,
            WidgetKind::EscalatedTickets => TicketColumn::Escalation,
            _ => TicketColumn::Created,
        };
        Sort {
            column,
            descending: false,
        }
    }
    pub fn closable(self) -> bool {
        self != WidgetKind::Settings
    }
}

/// The counts every ticket widget shows on its tabs, for one company and one agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabCounts {
    pub locked: i64,
    pub my_queues: i64,
    pub all: i64,
}

impl TabCounts {
    pub fn get(&self, tab: TicketTab) -> i64 {
        match tab {
            TicketTab::Locked => self.locked,
            TicketTab::MyQueues => self.my_queues,
            TicketTab::All => self.all,
        }
    }
}

/// The columns a ticket widget can show; the first three are the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketColumn {
    Number,
    Age,
    Title,
    State,
    Queue,
    Priority,
    Owner,
    CustomerUser,
    Created,
    Changed,
    PendingUntil,
    Escalation,
}

impl TicketColumn {
    pub const ALL: [TicketColumn; 12] = [
        TicketColumn::Number,
        TicketColumn::Age,
        TicketColumn::Title,
        TicketColumn::State,
        TicketColumn::Queue,
        TicketColumn::Priority,
        TicketColumn::Owner,
        TicketColumn::CustomerUser,
        TicketColumn::Created,
        TicketColumn::Changed,
        TicketColumn::PendingUntil,
        TicketColumn::Escalation,
    ];
    pub const DEFAULT: [TicketColumn; 3] =
        [TicketColumn::Number, TicketColumn::Age, TicketColumn::Title];

    pub fn label(self) -> &'static str {
        match self {
            TicketColumn::Number => "Ticket",
            TicketColumn::Age => "Age",
            TicketColumn::Title => "Title",
            TicketColumn::State => "State",
            TicketColumn::Queue => "Queue",
            TicketColumn::Priority => "Priority",
            TicketColumn::Owner => "Owner",
            TicketColumn::CustomerUser => "Customer user",
            TicketColumn::Created => "Created",
            TicketColumn::Changed => "Changed",
            TicketColumn::PendingUntil => "Pending until",
            TicketColumn::Escalation => "Escalation",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            TicketColumn::Number => "number",
            TicketColumn::Age => "age",
            TicketColumn::Title => "title",
            TicketColumn::State => "state",
            TicketColumn::Queue => "queue",
            TicketColumn::Priority => "priority",
            TicketColumn::Owner => "owner",
            TicketColumn::CustomerUser => "customer_user",
            TicketColumn::Created => "created",
            TicketColumn::Changed => "changed",
            TicketColumn::PendingUntil => "pending_until",
            TicketColumn::Escalation => "escalation",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        TicketColumn::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// A sort: a column and a direction. Stored as "column" or "-column" (descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub column: TicketColumn,
    pub descending: bool,
}

impl Sort {
    pub fn key(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.column.key()
        )
    }
    pub fn from_key(s: &str) -> Option<Self> {
        let (descending, col) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        TicketColumn::from_key(col).map(|column| Sort { column, descending })
    }
}

pub const PAGE_SIZES: [u8; 6] = [5, 10, 15, 20, 25, 50];
pub const DEFAULT_PAGE_SIZE: u8 = 10;

/// Everything an agent chose for one widget, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetPrefs {
    pub kind: WidgetKind,
    pub visible: bool,
    pub tab: TicketTab,
    pub page_size: u8,
    pub columns: Vec<TicketColumn>,
    pub sort: Sort,
}

impl WidgetPrefs {
    pub fn default_for(kind: WidgetKind) -> Self {
        WidgetPrefs {
            kind,
            visible: true,
            tab: kind.default_tab(),
            page_size: DEFAULT_PAGE_SIZE,
            columns: TicketColumn::DEFAULT.to_vec(),
            sort: kind.default_sort(),
        }
    }
}

/// One stored row of widget_prefs, as read from Postgres (unknown or missing values fall back to defaults).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredPrefs {
    pub widget: String,
    pub position: i16,
    pub visible: bool,
    pub tab: Option<String>,
    pub page_size: Option<i16>,
    pub columns: Option<Vec<String>>,
    pub sort: Option<String>,
}

/// The layout an agent sees: every widget once, in column order. Stored positions win; widgets the agent
/// has never moved (or that are new in this version) keep their default place.
pub fn resolve_layout(board: Board, stored: &[StoredPrefs]) -> Vec<WidgetPrefs> {
    let mut out: Vec<(i16, usize, WidgetPrefs)> = board
        .widgets()
        .iter()
        .copied()
        .enumerate()
        .map(|(i, kind)| {
            let mut p = WidgetPrefs::default_for(kind);
            let mut pos = i as i16;
            if let Some(s) = stored.iter().find(|s| s.widget == kind.key()) {
                pos = s.position;
                p.visible = s.visible || !kind.closable();
                p.tab = s
                    .tab
                    .as_deref()
                    .and_then(TicketTab::from_key)
                    .unwrap_or(p.tab);
                p.page_size = s
                    .page_size
                    .and_then(|n| u8::try_from(n).ok())
                    .filter(|n| (5..=50).contains(n))
                    .unwrap_or(p.page_size);
                if let Some(cols) = &s.columns {
                    let cols: Vec<_> = cols
                        .iter()
                        .filter_map(|c| TicketColumn::from_key(c))
                        .collect();
                    if !cols.is_empty() {
                        p.columns = cols;
                    }
                }
                p.sort = s.sort.as_deref().and_then(Sort::from_key).unwrap_or(p.sort);
            }
            (pos, i, p)
        })
        .collect();
    out.sort_by_key(|(pos, i, _)| (*pos, *i));
    out.into_iter().map(|(_, _, p)| p).collect()
}

/// Moves a widget one place up or down among the widgets of its column. Hidden widgets keep their slot,
/// so showing them again puts them back where they were. Returns false when it is already at the end.
pub fn move_widget(layout: &mut [WidgetPrefs], kind: WidgetKind, up: bool) -> bool {
    let col = kind.column();
    let slots: Vec<usize> = (0..layout.len())
        .filter(|&i| layout[i].kind.column() == col && layout[i].visible)
        .collect();
    let Some(at) = slots.iter().position(|&i| layout[i].kind == kind) else {
        return false;
    };
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|&j| j < slots.len())
    };
    match other {
        Some(j) => {
            layout.swap(slots[at], slots[j]);
            true
        }
        None => false,
    }
}

/// Drag and drop: puts `kind` just before `target` (or after it when `after`), within one column.
pub fn drop_widget(
    layout: &mut Vec<WidgetPrefs>,
    kind: WidgetKind,
    target: WidgetKind,
    after: bool,
) -> bool {
    if kind == target || kind.column() != target.column() {
        return false;
    }
    let Some(from) = layout.iter().position(|p| p.kind == kind) else {
        return false;
    };
    let moved = layout.remove(from);
    let Some(mut to) = layout.iter().position(|p| p.kind == target) else {
        layout.insert(from, moved);
        return false;
    };
    if after {
        to += 1;
    }
    layout.insert(to, moved);
    true
}

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUserPage {
    pub rows: Vec<CustomerUserRow>,
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_defaults_follow_the_spec() {
        for w in WidgetKind::CIC {
            assert_eq!(WidgetKind::from_key(w.key()), Some(w));
        }
        for t in TicketTab::ALL {
            assert_eq!(TicketTab::from_key(t.key()), Some(t));
        }
        assert_eq!(WidgetKind::ReminderTickets.default_tab(), TicketTab::Locked);
        assert_eq!(WidgetKind::EscalatedTickets.default_tab(), TicketTab::All);
        assert!(!WidgetKind::Settings.closable());
        assert_eq!(
            WidgetKind::CIC
                .iter()
                .filter(|w| w.column() == Column::Side)
                .count(),
            3
        );
    }
}
