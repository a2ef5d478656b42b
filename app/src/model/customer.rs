use super::ids::{CompanyId, CustomerUserId};
use crate::error::{AppError, FieldErrors, Rule};
use crate::model::input::{clean_text, TextKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Company {
    pub id: CompanyId,
    pub customer_id: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub url: String,
    pub comment: String,
    pub version: i32,
    /// Archived (issue 18): out of the search and the default Organizations list, "Archived" on its CIC.
    pub archived: bool,
    /// The logo's stored file (issue 18): shown from `/logos/<id>`.
    pub logo: Option<i64>,
    /// Server-side only: the CIC is a 404 or a redirect unless the company is active or archived.
    #[serde(skip)]
    pub lifecycle: super::object_state::Lifecycle,
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
            // A login may hold `?`, `#` or `%`: as a path segment it is encoded, else `a?x` would open `a`.
            SearchHit::CustomerUser { login, .. } => {
                format!("/customer-users/{}", super::input::url_encode(login))
            }
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

/// The customer-user form (create and edit). `original_login` is empty for a new user. No password: the
/// customer user sets it with a one-time link an agent issues (`api::customer_user::issue_password_reset`).
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
    /// Server-side only: the CUIC is a 404 or a redirect unless the user is active or archived.
    #[serde(skip)]
    pub lifecycle: super::object_state::Lifecycle,
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

/// The editable company fields plus the version the form was loaded from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyEdit {
    pub customer_id: String,
    pub version: i32,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub url: String,
    pub comment: String,
}

/// The editable fields of a company, parsed: trimmed, within their lengths, a web address or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyFields {
    pub name: String,
    pub phone: String,
    /// Empty, or an email address.
    pub email: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub url: String,
    pub comment: String,
}

impl CompanyEdit {
    /// The company's field rules; every failing field is reported at once.
    pub fn parse(&self) -> Result<CompanyFields, AppError> {
        let e = self;
        let mut errors = FieldErrors::default();
        let mut field = |name: &str, value: &str, max: usize, required: bool, kind| {
            let required = required.then_some("a name");
            clean_text(value, max, required, kind).unwrap_or_else(|rule| {
                errors.add(name, rule);
                String::new()
            })
        };
        let fields = CompanyFields {
            name: field("name", &e.name, 200, true, TextKind::Name),
            phone: field("phone", &e.phone, 50, false, TextKind::Line),
            email: field("email", &e.email, 254, false, TextKind::Line),
            street: field("street", &e.street, 200, false, TextKind::Line),
            zip: field("zip", &e.zip, 20, false, TextKind::Line),
            city: field("city", &e.city, 100, false, TextKind::Line),
            country: field("country", &e.country, 100, false, TextKind::Line),
            url: field("url", &e.url, 500, false, TextKind::Line),
            comment: field("comment", &e.comment, 2000, false, TextKind::Lines),
        };
        let url_ok = fields.url.is_empty()
            || ((fields.url.starts_with("https://") || fields.url.starts_with("http://"))
                && fields.url.len() > 8
                && !fields.url.contains(char::is_whitespace));
        if !url_ok && !errors.has("url") {
            errors.add("url", Rule::UrlShape);
        }
        if !fields.email.is_empty()
            && !errors.has("email")
            && !super::input::is_email(&fields.email)
        {
            errors.add("email", Rule::EmailShape);
        }
        errors.finish()?;
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_rules_report_every_bad_field() {
        let ok = CompanyEdit {
            name: " Acme ".into(),
            url: "https://acme.example".into(),
            ..Default::default()
        };
        assert_eq!(ok.parse().expect("valid").name, "Acme");
        let bad = CompanyEdit {
            name: "  ".into(),
            url: "acme.example".into(),
            zip: "1".repeat(21),
            ..Default::default()
        };
        let err = bad.parse().expect_err("invalid");
        assert_eq!(err.field_message("name").as_deref(), Some("Enter a name."));
        assert!(err.field_message("url").is_some());
        assert!(err.field_message("zip").is_some());
        assert_eq!(err.field_message("city"), None);
    }
}
