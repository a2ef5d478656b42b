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
    Settings,
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
            WidgetKind::Settings => "settings",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        WidgetKind::CIC.into_iter().find(|w| w.key() == s)
    }
    pub fn column(self) -> Column {
        match self {
            WidgetKind::CompanyStatus | WidgetKind::CustomerInformation | WidgetKind::Settings => {
                Column::Side
            }
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
