//! Server functions, one file per area. Each: authorize, validate, call db::, map the result.
pub mod customers;
pub mod dashboard;
pub mod portal;
pub mod session;

use crate::error::AppError;

/// The one place a server function's error becomes an HTTP status (404/403/422/...).
#[cfg(feature = "ssr")]
pub(crate) fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = http::StatusCode::from_u16(e.status()) {
                res.set_status(code);
            }
        }
    }
    result
}

/// Pages call this when a server function answered "not found", so the document is a real HTTP 404.
pub fn set_page_status(e: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(e.status()) {
            res.set_status(code);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}
