//! The widget registry: one row per [`WidgetKind`] says everything a dashboard needs to know about it —
//! its stored key, its title (the region's accessible name), the boards it appears on, its column,
//! whether it shows before the agent chose (new kinds: hidden, offered in Settings), whether it can be
//! closed, and how its data arrives on first paint. `WidgetKind`'s methods and `Board::widgets` read it;
//! a new widget is one enum variant and one row here (a unit test checks the rows line up with the enum).
use super::dashboard::{Board, Column, WidgetKind};
use serde::{Deserialize, Serialize};

/// How a widget's data arrives on first paint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstPaint {
    /// In the page's own payload, read by the page's statements (the default CIC: 4 in all).
    InPage,
    /// Nothing to load.
    Static,
    /// Markup made on the server (no decoder or view code in the first-load wasm; its actions are a lazy
    /// chunk): in the page's payload when shown at first paint (one statement each, none with the default
    /// layout, and so without JavaScript too), else fetched by its own server-function call with a loading
    /// state in its region. The way for widgets of later issues.
    Deferred,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WidgetSpec {
    pub kind: WidgetKind,
    /// The stored form (`widget_prefs.widget`).
    pub key: &'static str,
    /// The visible title, which is also the region's accessible name.
    pub title: &'static str,
    pub boards: &'static [Board],
    pub column: Column,
    /// Shown to an agent who never chose: true for the reference's widgets, false for every later one.
    pub visible_by_default: bool,
    pub closable: bool,
    pub first_paint: FirstPaint,
}

const CIC: &[Board] = &[Board::Cic];
const CUIC: &[Board] = &[Board::Cuic];
const BOTH: &[Board] = &[Board::Cic, Board::Cuic];

const fn spec(
    kind: WidgetKind,
    key: &'static str,
    title: &'static str,
    boards: &'static [Board],
    column: Column,
    first_paint: FirstPaint,
) -> WidgetSpec {
    WidgetSpec {
        kind,
        key,
        title,
        boards,
        column,
        visible_by_default: true,
        closable: true,
        first_paint,
    }
}

/// In `WidgetKind` order; within a board, this order is the default layout.
pub const REGISTRY: [WidgetSpec; 19] = {
    use Column::*;
    use FirstPaint::*;
    use WidgetKind as W;
    [
        spec(
            W::CustomerUsers,
            "customer_users",
            "Customer Users",
            CIC,
            Main,
            InPage,
        ),
        spec(
            W::ReminderTickets,
            "reminder_tickets",
            "Reminder Tickets",
            BOTH,
            Main,
            InPage,
        ),
        spec(
            W::EscalatedTickets,
            "escalated_tickets",
            "Escalated Tickets",
            BOTH,
            Main,
            InPage,
        ),
        spec(
            W::NewTickets,
            "new_tickets",
            "New Tickets",
            BOTH,
            Main,
            InPage,
        ),
        spec(
            W::OpenTickets,
            "open_tickets",
            "Open Tickets",
            BOTH,
            Main,
            InPage,
        ),
        spec(
            W::CompanyStatus,
            "company_status",
            "Company Status",
            CIC,
            Side,
            InPage,
        ),
        spec(
            W::CustomerInformation,
            "customer_information",
            "Customer Information",
            CIC,
            Side,
            InPage,
        ),
        spec(
            W::CustomerUserInformation,
            "customer_user_information",
            "Customer User Information",
            CUIC,
            Side,
            InPage,
        ),
        spec(
            W::CustomerCompanies,
            "customer_companies",
            "Customer Companies",
            CUIC,
            Side,
            InPage,
        ),
        WidgetSpec {
            closable: false,
            ..spec(W::Settings, "settings", "Settings", BOTH, Side, Static)
        },
        // Issue 18: a company's addresses and its corporate structure.
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Locations, "locations", "Locations", CIC, Side, Deferred)
        },
        WidgetSpec {
            visible_by_default: false,
            ..spec(
                W::LinkedAccounts,
                "linked_accounts",
                "Linked Accounts",
                CIC,
                Side,
                Deferred,
            )
        },
        // Issue 19: what the company is entitled to.
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Contracts, "contracts", "Contracts", BOTH, Main, Deferred)
        },
        // Issue 19: what the company owes (read-only, from the billing system).
        WidgetSpec {
            visible_by_default: false,
            ..spec(
                W::AccountSummary,
                "account_summary",
                "Account Summary",
                CIC,
                Side,
                Deferred,
            )
        },
        // Issue 20: what the team did with the customer outside tickets.
        WidgetSpec {
            visible_by_default: false,
            ..spec(
                W::Activities,
                "activities",
                "Activities",
                CIC,
                Main,
                Deferred,
            )
        },
        // Issue 20: the company's documents; the title counts them ("Files (3)", from the markup).
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Files, "files", "Files", CIC, Main, Deferred)
        },
        // Issue 20: every business event about the company in one stream (also a page of its own).
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Overview, "overview", "Overview", CIC, Main, Deferred)
        },
        // Issue 20: to-dos, call-backs and reminders on the company (on a CUIC: about that customer user).
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Tasks, "tasks", "Tasks", BOTH, Main, Deferred)
        },
        // Issue 20: who follows the company (or customer user), Follow / Unfollow; the title counts them.
        WidgetSpec {
            visible_by_default: false,
            ..spec(W::Followers, "followers", "Followers", BOTH, Side, Deferred)
        },
    ]
};

impl WidgetKind {
    pub fn spec(self) -> &'static WidgetSpec {
        &REGISTRY[self as usize]
    }
}

impl Board {
    /// Every widget of the board, in its default order.
    pub fn widgets(self) -> Vec<WidgetKind> {
        REGISTRY
            .iter()
            .filter(|s| s.boards.contains(&self))
            .map(|s| s.kind)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_line_up_with_the_enum_and_keys_are_unique() {
        for (i, s) in REGISTRY.iter().enumerate() {
            assert_eq!(s.kind as usize, i, "{:?} is row {i}", s.kind);
            assert_eq!(WidgetKind::from_key(s.key), Some(s.kind));
            assert!(
                s.key.len() <= 40 && s.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            );
        }
        let mut keys: Vec<_> = REGISTRY.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), REGISTRY.len());
    }

    #[test]
    fn boards_keep_the_reference_layout() {
        use WidgetKind::*;
        assert_eq!(
            Board::Cic.widgets(),
            [
                CustomerUsers,
                ReminderTickets,
                EscalatedTickets,
                NewTickets,
                OpenTickets,
                CompanyStatus,
                CustomerInformation,
                Settings,
                Locations,
                LinkedAccounts,
                Contracts,
                AccountSummary,
                Activities,
                Files,
                Overview,
                Tasks,
                Followers
            ]
        );
        assert_eq!(
            Board::Cuic.widgets(),
            [
                ReminderTickets,
                EscalatedTickets,
                NewTickets,
                OpenTickets,
                CustomerUserInformation,
                CustomerCompanies,
                Settings,
                Contracts,
                Tasks,
                Followers
            ]
        );
        // Later widgets are offered in Settings, not shown to an agent who never chose them.
        for later in [
            Locations,
            LinkedAccounts,
            Contracts,
            AccountSummary,
            Activities,
            Files,
            Overview,
        ] {
            assert!(!later.spec().visible_by_default);
        }
        // Every board has Settings, which cannot be closed (it is where closed widgets come back).
        for board in [Board::Cic, Board::Cuic] {
            assert!(board.widgets().contains(&Settings));
        }
        assert!(!Settings.spec().closable);
    }
}

/// A deferred widget after a change made from it: its markup, and its company as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetNow {
    pub markup: String,
    pub company: super::customer::Company,
}

/// A widget kind's own settings: stored per agent as JSON (`widget_prefs.settings`), read back typed.
/// Whatever does not parse as the current shape (an unknown field, a wrong type: settings of an older
/// version) or fails `valid` gives the defaults, never an error.
pub trait WidgetSettings:
    Serialize + serde::de::DeserializeOwned + Default + Clone + PartialEq
{
    const KIND: WidgetKind;
    fn valid(&self) -> bool {
        true
    }
}

/// Customer Users: whether deactivated (archived) users are listed too; active ones always are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerUsersSettings {
    #[serde(default)]
    pub show_deactivated: bool,
}

impl WidgetSettings for CustomerUsersSettings {
    const KIND: WidgetKind = WidgetKind::CustomerUsers;
}

/// Contracts: whether expired and cancelled contracts are listed too ("Display inactive contracts").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractsSettings {
    #[serde(default)]
    pub show_inactive: bool,
}

impl WidgetSettings for ContractsSettings {
    const KIND: WidgetKind = WidgetKind::Contracts;
}

#[cfg(feature = "ssr")]
pub mod stored {
    use super::WidgetSettings;
    use crate::model::dashboard::StoredPrefs;

    /// The agent's settings of `T`'s kind among the stored rows, or the defaults.
    pub fn settings<T: WidgetSettings>(stored: &[StoredPrefs]) -> T {
        stored
            .iter()
            .find(|s| s.widget == T::KIND.key())
            .and_then(|s| s.settings.as_deref())
            .and_then(|json| serde_json::from_str::<T>(json).ok())
            .filter(T::valid)
            .unwrap_or_default()
    }

    /// The stored form.
    pub fn json<T: WidgetSettings>(settings: &T) -> String {
        serde_json::to_string(settings).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(all(test, feature = "ssr"))]
mod settings_tests {
    use super::{stored, CustomerUsersSettings, WidgetKind};
    use crate::model::dashboard::StoredPrefs;

    fn row(widget: WidgetKind, json: &str) -> StoredPrefs {
        StoredPrefs {
            widget: widget.key().into(),
            settings: Some(json.into()),
            ..Default::default()
        }
    }

    #[test]
    fn settings_round_trip_and_anything_else_is_the_default() {
        let on = CustomerUsersSettings {
            show_deactivated: true,
        };
        let saved = stored::json(&on);
        assert_eq!(
            stored::settings::<CustomerUsersSettings>(&[row(WidgetKind::CustomerUsers, &saved)]),
            on
        );
        for stale in [
            "{}",
            r#"{"show_deactivated": "yes"}"#,
            r#"{"show_inactive": true}"#,
            r#"{"show_deactivated": true, "extra": 1}"#,
            "[]",
            "not json",
        ] {
            let got =
                stored::settings::<CustomerUsersSettings>(&[row(WidgetKind::CustomerUsers, stale)]);
            assert_eq!(got, CustomerUsersSettings::default(), "{stale}");
        }
        // Another kind's row is not this kind's settings; no row is the defaults.
        assert_eq!(
            stored::settings::<CustomerUsersSettings>(&[row(WidgetKind::OpenTickets, &saved)]),
            CustomerUsersSettings::default()
        );
        assert_eq!(
            stored::settings::<CustomerUsersSettings>(&[]),
            CustomerUsersSettings::default()
        );
    }
}
