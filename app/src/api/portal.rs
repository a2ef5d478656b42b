use crate::{
    error::AppError,
    model::ticket::{RequestList, RequestThread},
};
use leptos::prelude::*;

/// The signed-in customer user's own requests, newest change first.
#[server(endpoint = "my_requests")]
pub async fn my_requests() -> Result<RequestList, AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let rows = db::portal::my_requests(&state.pool, me.id, 100).await?;
            Ok(RequestList {
                rows,
                now: chrono::Utc::now(),
            })
        }
        .await,
    )
}

/// One request with its public conversation; a foreign or missing id is the same 404.
#[server(endpoint = "request_detail")]
pub async fn request_detail(id: String) -> Result<RequestThread, AppError> {
    use crate::{authz, db, model::ids::TicketId};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let id = id
                .parse::<i64>()
                .map(TicketId)
                .map_err(|_| AppError::NotFound)?;
            let request = db::portal::my_request(&state.pool, me.id, id).await?;
            let articles = db::portal::public_articles(&state.pool, id).await?;
            Ok(RequestThread {
                request,
                articles,
                now: chrono::Utc::now(),
            })
        }
        .await,
    )
}
