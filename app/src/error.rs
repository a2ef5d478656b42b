//! The one error type every server function returns, shared by server and browser.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthorized,
    #[error("You may not do that.")]
    Forbidden,
    /// An admin viewing the portal as a customer user tried to change something: forbidden, with the way
    /// out. The text is made on the server (`authz`), so it is not carried in the wasm.
    #[error("{0}")]
    ReadOnly(String),
    /// A missing object and a foreign one look the same: never a hint that it exists.
    #[error("Not found.")]
    NotFound,
    #[error("{message}")]
    Validation { field: String, message: String },
    /// Several fields at once (a form): (field, message) pairs, shown next to each field.
    #[error("Please correct the marked fields.")]
    Fields(Vec<(String, String)>),
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
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The message for a form field, if this error belongs to it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation { field: f, message } if f == field => Some(message.clone()),
            AppError::Fields(list) => list
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone()),
            _ => None,
        }
    }

    /// Makes this error the HTTP status of the response being rendered (server functions through
    /// `api::finish`, pages through their error view), so a missing page is a real 404. No-op in the browser.
    pub fn set_response_status(&self) {
        #[cfg(feature = "ssr")]
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
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
            AppError::Validation { .. } | AppError::Fields(_) => 422,
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

/// The field errors of one form, collected so that every bad field is reported at once. Only field errors
/// are collected: any other error (the database, a busy pool) is handed back by `check` at once, so it is
/// never lost among a form's checks.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// `Ok(Some(v))` for a value, `Ok(None)` for a field error (kept), `Err` for any other error.
    pub fn check<T>(&mut self, r: Result<T, AppError>) -> Result<Option<T>, AppError> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(AppError::Validation { field, message }) => {
                self.add(&field, message);
                Ok(None)
            }
            Err(AppError::Fields(list)) => {
                self.0.extend(list);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_string(), message.into()));
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    /// `Ok` when no field failed, else every field error as one `AppError::Fields`.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Fields(self.0))
        }
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
            e => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

/// Constraint names Postgres reports, and the form field and message each becomes. Matching the name (not
/// the error text) keeps the mapping stable across Postgres versions and locales.
#[cfg(feature = "ssr")]
const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    (
        "customer_users_login_key",
        "login",
        "This login is already taken. Choose another.",
    ),
    (
        "customer_users_email_key",
        "email",
        "Another customer user already has this email address.",
    ),
    (
        "customer_users_email_check",
        "email",
        "Enter an email address like name@example.com.",
    ),
    (
        "customer_users_login_check",
        "login",
        "Enter a login of 1 to 100 characters.",
    ),
];

#[cfg(feature = "ssr")]
impl AppError {
    /// A database error as the form should show it: a known constraint becomes that field's error,
    /// anything else stays an internal error (logged, never shown).
    pub fn from_db(e: sqlx::Error) -> Self {
        let hit = e.as_database_error().and_then(|d| {
            let name = d.constraint()?;
            CONSTRAINT_FIELDS.iter().find(|(c, _, _)| *c == name)
        });
        match hit {
            Some((_, field, message)) => AppError::validation(field, *message),
            None => e.into(),
        }
    }
}

#[cfg(test)]
mod field_tests {
    use super::{AppError, FieldErrors};

    #[test]
    fn a_form_collects_field_errors_and_hands_back_any_other_error() {
        let mut f = FieldErrors::default();
        assert_eq!(f.check(Ok::<_, AppError>(1)), Ok(Some(1)));
        assert_eq!(
            f.check::<()>(Err(AppError::validation("title", "Enter a title."))),
            Ok(None)
        );
        assert_eq!(
            f.check::<()>(Err(AppError::Fields(vec![("a".into(), "x".into())]))),
            Ok(None)
        );
        // A database fault inside a form's checks is not a field error: it must come back, not vanish.
        assert_eq!(f.check::<()>(Err(AppError::Busy)), Err(AppError::Busy));
        assert_eq!(
            f.check::<()>(Err(AppError::Internal)),
            Err(AppError::Internal)
        );
        assert!(f.has("title") && f.has("a") && !f.has("body"));
        let err = f.finish().expect_err("two fields failed");
        assert_eq!(
            err.field_message("title").as_deref(),
            Some("Enter a title.")
        );
        assert_eq!(FieldErrors::default().finish(), Ok(()));
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
