use super::ids::{CompanyId, CustomerUserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Company {
    pub id: CompanyId,
    pub customer_id: String,
    pub name: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub url: String,
    pub comment: String,
    pub valid: bool,
    pub version: i32,
}

/// One option of the customer search: a company or a customer user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchHit {
    Company {
        customer_id: String,
        name: String,
    },
    CustomerUser {
        id: CustomerUserId,
        login: String,
        name: String,
        email: String,
    },
}

impl SearchHit {
    pub fn href(&self) -> String {
        match self {
            SearchHit::Company { customer_id, .. } => format!("/customers/{customer_id}"),
            SearchHit::CustomerUser { login, .. } => format!("/customer-users/{login}"),
        }
    }
    /// Option text starts with the name (spec: "each option's text starts with the name").
    pub fn label(&self) -> String {
        match self {
            SearchHit::Company { customer_id, name } => format!("{name} ({customer_id})"),
            SearchHit::CustomerUser {
                login, name, email, ..
            } => format!("{name} ({login}, {email})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub more: bool,
}

/// A customer user's link to one company and the portal permissions that come with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CompanyLink {
    pub customer_id: String,
    /// Filled in when read; ignored when saved.
    pub company: String,
    pub may_view_org: bool,
    pub may_cancel_org: bool,
    pub org_admin: bool,
}

/// The customer-user form (create and edit). `original_login` is empty for a new user; `password` empty
/// keeps the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUserForm {
    pub original_login: String,
    pub version: i32,
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub title: String,
    pub active: bool,
    pub password: String,
    /// The primary company's customer_id; it is always one of the links.
    pub primary: String,
    pub links: Vec<CompanyLink>,
}

/// The Customer User Information widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CustomerUserInfo {
    pub user_id: CustomerUserId,
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub title: String,
    pub active: bool,
}

impl CustomerUserInfo {
    pub fn name(&self) -> String {
        let n = format!("{} {}", self.first_name, self.last_name);
        let n = n.trim();
        if n.is_empty() {
            self.login.clone()
        } else {
            n.to_string()
        }
    }
}
