//! The one lifecycle state of companies and customer users (`object_state` in SQL). Features set it
//! (archive: the account-record issue; trash and merge: the insights issue); these rules hold everywhere:
//!
//! | state | search, lists | its page (CIC / CUIC) | portal sign-in | new tickets |
//! |---|---|---|---|---|
//! | active | shown | shown | yes | yes |
//! | archived | hidden (a list's "Archived" filter shows it) | shown, marked "Archived" | company archived: its users still sign in; user archived (deactivated): no | company archived: yes; user archived: no |
//! | trashed | hidden (admins' trash view) | 404 | no | no |
//! | merged | hidden | permanent redirect to the object it was merged into | no | no |
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "object_state", rename_all = "snake_case")
)]
pub enum ObjectState {
    #[default]
    Active,
    Archived,
    Trashed,
    Merged,
}

/// Where an object is in its lifecycle, as the server reads it with the object (never sent to the
/// browser: a page either shows the object or is a 404 / redirect).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lifecycle {
    pub state: ObjectState,
    /// The key (customer ID or login) of the object this one was merged into.
    pub merged_into: Option<String>,
}

#[cfg(feature = "ssr")]
impl Lifecycle {
    /// Whether the object's own page may show: trashed is a 404; merged redirects to `page` + the key of
    /// the object it was merged into (a 302 for a document, the server-function redirect header for a
    /// call, which the frontend follows with a document load) and answers "not found" to the caller. No
    /// error variant of its own: every variant of `AppError` is paid for in each server function's
    /// decoder in the wasm (an eleventh one measured +15 KB brotli).
    pub fn reachable(&self, page: &str) -> Result<(), crate::error::AppError> {
        use crate::error::AppError;
        match (self.state, &self.merged_into) {
            (ObjectState::Active | ObjectState::Archived, _) => Ok(()),
            (ObjectState::Merged, Some(key)) => {
                leptos_axum::redirect(&format!("{page}{}", crate::model::input::url_encode(key)));
                Err(AppError::NotFound)
            }
            (ObjectState::Trashed | ObjectState::Merged, _) => Err(AppError::NotFound),
        }
    }
}
