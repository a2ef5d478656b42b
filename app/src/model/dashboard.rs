//! Dashboards as data: a widget is a kind + its settings + a position in its column.
use crate::error::{AppError, Rule};
use serde::{Deserialize, Serialize};

/// Every widget there is; what each one is and does is its row in the registry (`model::widgets`).
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
    Locations,
    LinkedAccounts,
    Contracts,
    AccountSummary,
    Activities,
    Files,
    Overview,
    Tasks,
    Followers,
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
    /// The visible title, which is also the region's accessible name (from the registry).
    pub fn title(self) -> &'static str {
        self.spec().title
    }
    /// The stored form (widget_prefs.widget).
    pub fn key(self) -> &'static str {
        self.spec().key
    }
    pub fn from_key(s: &str) -> Option<Self> {
        super::widgets::REGISTRY
            .iter()
            .find(|w| w.key == s)
            .map(|w| w.kind)
    }
    pub fn column(self) -> Column {
        self.spec().column
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
        self.spec().closable
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

    /// The columns a widget is asked to show, in the order asked, each once; none is an error.
    pub fn parse_list(asked: &[TicketColumn]) -> Result<Vec<TicketColumn>, AppError> {
        let mut shown: Vec<TicketColumn> = Vec::with_capacity(TicketColumn::ALL.len());
        for c in asked {
            if !shown.contains(c) {
                shown.push(*c);
            }
        }
        if shown.is_empty() {
            return Err(AppError::invalid("columns", Rule::NoneChosen("column")));
        }
        Ok(shown)
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
            visible: kind.spec().visible_by_default,
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
    /// The kind's own settings as JSON (`model::widgets::stored::settings` reads them typed).
    pub settings: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_kept_in_order_once_each_and_more_than_twelve_asked_is_not_none() {
        use TicketColumn::*;
        // Unsorted duplicates used to survive a plain dedup(): 13 asked reported "at least one column".
        let mut asked = TicketColumn::ALL.to_vec();
        asked.push(Number);
        asked.insert(1, Title);
        assert_eq!(
            TicketColumn::parse_list(&asked),
            // First Number, then the Title asked second, then the rest of ALL in its order.
            Ok([Number, Title]
                .into_iter()
                .chain(
                    TicketColumn::ALL
                        .into_iter()
                        .filter(|c| ![Number, Title].contains(c))
                )
                .collect())
        );
        assert_eq!(
            TicketColumn::parse_list(&[Title, Number, Title]),
            Ok(vec![Title, Number])
        );
        assert!(TicketColumn::parse_list(&[]).is_err());
    }

    #[test]
    fn keys_round_trip_and_defaults_follow_the_spec() {
        for w in Board::Cic.widgets() {
            assert_eq!(WidgetKind::from_key(w.key()), Some(w));
        }
        for t in TicketTab::ALL {
            assert_eq!(TicketTab::from_key(t.key()), Some(t));
        }
        assert_eq!(WidgetKind::ReminderTickets.default_tab(), TicketTab::Locked);
        assert_eq!(WidgetKind::EscalatedTickets.default_tab(), TicketTab::All);
        assert!(!WidgetKind::Settings.closable());
        assert_eq!(
            Board::Cic
                .widgets()
                .iter()
                .filter(|w| w.column() == Column::Side && w.spec().visible_by_default)
                .count(),
            3
        );
    }
}
