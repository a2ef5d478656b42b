//! The one error type every server function returns, shared by server and browser.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

mod field;
pub use field::{FieldError, FieldErrors, Rule};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthorized,
    #[error("You may not do that.")]
    Forbidden,
    /// Forbidden, with the reason: an agent's role lacks the action (`authz::require`), or an admin viewing
    /// the portal as a customer user tried to change something. The text is made on the server (`authz`), so
    /// it is not carried in the wasm.
    #[error("{0}")]
    ReadOnly(String),
    /// A missing object and a foreign one look the same: never a hint that it exists.
    #[error("Not found.")]
    NotFound,
    /// One or more form fields broke a rule; each message is shown next to its field. One field reads as
    /// its own sentence, several as a request to correct the marked ones.
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// Every database connection stayed busy for the pool's acquire timeout: overload, not a fault.
    #[error("Panorama is busy right now. Please try again in a moment.")]
    Busy,
    #[error("The request could not be completed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    /// One field broke a rule.
    pub fn invalid(field: &str, rule: Rule) -> Self {
        AppError::Invalid(vec![FieldError::new(field, rule)])
    }

    /// The message for a form field, if this error belongs to it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(list) => list
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.text.clone()),
            _ => None,
        }
    }

    /// The first field with an error (where a refused form moves the focus).
    pub fn first_field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(list) => list.first().map(|e| e.field.as_str()),
            _ => None,
        }
    }

    /// Makes this error the HTTP status of the response being rendered (server functions through
    /// `api::finish`, pages through their error view), so a missing page is a real 404 — unless the
    /// response is already a redirect (a merged object's page), which stands. No-op in the browser.
    pub fn set_response_status(&self) {
        #[cfg(feature = "ssr")]
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let redirect = res
                .0
                .read()
                .is_ok_and(|p| p.headers.contains_key(http::header::LOCATION));
            if redirect {
                return;
            }
            if let Ok(code) = http::StatusCode::from_u16(self.status()) {
                res.set_status(code);
            }
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::ReadOnly(_) => 403,
            AppError::NotFound => 404,
            // Throttling is a field error (shown at the password) with its own status.
            AppError::Invalid(list) if list.iter().any(|e| e.code == "throttled") => 429,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Busy => 503,
            AppError::ServerFn(
                ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_),
            ) => 400,
            AppError::ServerFn(_) => 500,
        }
    }
}

fn invalid_summary(list: &[FieldError]) -> String {
    match list {
        [one] => one.text.clone(),
        _ => "Please correct the marked fields.".to_string(),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Database errors never reach the client as text: a missing row is a 404, the rest is logged.
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut => {
                tracing::warn!("database pool exhausted");
                AppError::Busy
            }
            // Text Postgres cannot store (NUL) that reached a query unchecked: the client's input, not
            // our fault. The input types refuse it first; this keeps any path they miss a 422.
            e if e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c == "22021") =>
            {
                AppError::invalid("input", Rule::ControlCharacter)
            }
            e => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

/// The form field and rule a constraint Postgres names stands for. Matching the name (not the error text)
/// keeps the mapping stable across Postgres versions and locales.
#[cfg(feature = "ssr")]
fn constraint_field(constraint: &str) -> Option<(&'static str, Rule)> {
    Some(match constraint {
        "customer_users_login_key" => ("login", Rule::LoginTaken),
        "customer_users_email_key" => ("email", Rule::EmailTaken),
        "customer_users_email_check" => ("email", Rule::EmailShape),
        "customer_users_login_check" => ("login", Rule::TooLong(100)),
        "customer_users_login_not_new" => ("login", Rule::LoginTaken),
        "companies_customer_id_key" | "companies_customer_id_not_new" => {
            ("customer_id", Rule::CustomerIdTaken)
        }
        "companies_customer_id_format" => ("customer_id", Rule::CustomerIdShape),
        "contracts_number_key" => ("number", Rule::ContractNumberTaken),
        "contracts_sla_id_fkey" => ("sla_id", Rule::NotListed("SLAs")),
        "tickets_contract_item_fkey" => ("items", Rule::ItemInUse),
        _ => return None,
    })
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A database error as the form should show it: a known constraint becomes that field's error,
    /// anything else stays an internal error (logged, never shown).
    pub fn from_db(e: sqlx::Error) -> Self {
        let hit = e
            .as_database_error()
            .and_then(|d| d.constraint())
            .and_then(constraint_field);
        match hit {
            Some((field, rule)) => AppError::invalid(field, rule),
            None => e.into(),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::AppError;

    #[test]
    fn an_exhausted_pool_is_busy_not_a_fault_and_no_database_text_escapes() {
        let busy = AppError::from(sqlx::Error::PoolTimedOut);
        assert_eq!(busy, AppError::Busy);
        assert_eq!(busy.status(), 503);
        let other = AppError::from(sqlx::Error::Protocol("relation \"tickets\" …".into()));
        assert_eq!(other, AppError::Internal);
        assert!(!other.to_string().contains("tickets"));
        assert_eq!(AppError::from(sqlx::Error::RowNotFound).status(), 404);
    }
}
