//! The Organizations list (`/customers`, issue 18): every company, searched, filtered by state, sorted, and
//! paged by keyset; and a new organization's form.
use serde::{Deserialize, Serialize};

/// The orders the list offers: names and customer IDs A→Z, the most open tickets or the latest change first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgSort {
    #[default]
    Name,
    CustomerId,
    Open,
    Changed,
}

impl OrgSort {
    pub const ALL: [OrgSort; 4] = [
        OrgSort::Name,
        OrgSort::CustomerId,
        OrgSort::Open,
        OrgSort::Changed,
    ];
    pub fn key(self) -> &'static str {
        match self {
            OrgSort::Name => "name",
            OrgSort::CustomerId => "customer_id",
            OrgSort::Open => "open",
            OrgSort::Changed => "changed",
        }
    }
    /// An unknown key is the default order, as an unknown page of a list is its first.
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

/// Which companies: the active ones (default), the archived ones, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgFilter {
    #[default]
    Active,
    Archived,
    All,
}

impl OrgFilter {
    pub const ALL: [OrgFilter; 3] = [OrgFilter::Active, OrgFilter::Archived, OrgFilter::All];
    pub fn key(self) -> &'static str {
        match self {
            OrgFilter::Active => "active",
            OrgFilter::Archived => "archived",
            OrgFilter::All => "all",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OrgFilter::Active => "Active",
            OrgFilter::Archived => "Archived",
            OrgFilter::All => "All",
        }
    }
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRow {
    pub customer_id: String,
    pub name: String,
    pub open: i64,
    /// The last change, in the agent's zone.
    pub changed: String,
    pub archived: bool,
    /// The logo's stored file, shown from `/logos/<id>`.
    pub logo: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgPage {
    pub rows: Vec<OrgRow>,
    /// Where the next page starts (an opaque keyset cursor), when there is one.
    pub next: Option<String>,
}

/// The form of `/organizations/new`: a customer ID and the company's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganization {
    pub customer_id: String,
    pub fields: super::customer::CompanyEdit,
}
