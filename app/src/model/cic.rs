//! The CIC's and CUIC's wire types: their first paints in one payload each, and what a ticket widget's
//! change brings back.
use super::{
    customer::{Company, CompanyLink, CustomerUserInfo},
    dashboard::{TabCounts, WidgetKind, WidgetPrefs},
    ticket::CompanyStatus,
    ticket_widget::{CustomerUserPage, TicketPage},
};
use serde::{Deserialize, Serialize};

/// Every number of a dashboard: the tabs of each ticket widget and Company Status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tabs: Vec<(WidgetKind, TabCounts)>,
    pub status: CompanyStatus,
}

impl Counts {
    pub fn tab(&self, w: WidgetKind) -> TabCounts {
        self.tabs
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }
}

/// The CIC's first paint: everything every visible widget shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CicData {
    pub company: Company,
    /// Active, most severe first (the banner).
    pub alerts: super::alert::Banner,
    pub layout: Vec<WidgetPrefs>,
    pub counts: Counts,
    pub tickets: Vec<(WidgetKind, TicketPage)>,
    pub users: CustomerUserPage,
    pub users_page_size: u8,
    pub users_settings: crate::model::widgets::CustomerUsersSettings,
    /// The markup of the deferred widgets shown at first paint (`FirstPaint::Deferred`).
    pub deferred: Vec<(WidgetKind, String)>,
    /// Why a logo upload was just refused (the form opens with it at the logo field).
    pub logo_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketWidgetData {
    pub page: TicketPage,
    /// Fresh numbers for the whole page, from the same clock as the rows.
    pub counts: Counts,
}

/// The Customer User Information Center's first paint: the user, their companies and every visible widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuicData {
    pub user: CustomerUserInfo,
    /// The user's primary company.
    pub company: Company,
    /// The active alerts of every company of the user, labelled with their company.
    pub alerts: super::alert::Banner,
    pub companies: Vec<CompanyLink>,
    /// false: tickets assigned to this user; true: every ticket they may see in the portal.
    pub accessible: bool,
    pub layout: Vec<WidgetPrefs>,
    pub counts: Counts,
    pub tickets: Vec<(WidgetKind, TicketPage)>,
    /// The markup of the deferred widgets shown at first paint (Contracts: of each of the user's companies).
    pub deferred: Vec<(WidgetKind, String)>,
}
