//! The organization admin's Colleagues page.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub login: String,
    pub name: String,
    pub may_view_org: bool,
    pub may_cancel_org: bool,
    pub org_admin: bool,
    /// The admin's own row: shown, not editable.
    pub is_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdministeredCompany {
    pub customer_id: String,
    pub name: String,
    pub colleagues: Vec<Colleague>,
}
