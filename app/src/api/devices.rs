//! "Signed-in devices" (issue 17, finding 11): every signed-in user lists their own live sessions and ends
//! any but the one they are using (that one ends with Sign out). Agents on `/preferences`, customer users
//! on the portal's My account; the realm names which account, `authz::require_own` makes it the caller's.
use crate::{
    error::AppError,
    model::{device::Device, viewer::Realm},
};
use leptos::prelude::*;

#[server(endpoint = "signed_in_devices")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(realm = ?realm)))]
pub async fn signed_in_devices(realm: Realm) -> Result<Vec<Device>, AppError> {
    use crate::{authz, db, model::device::describe, model::time};
    crate::api::finish(
        async {
            let (owner, token) = authz::require_own(realm, false)?;
            let state = authz::state()?;
            // Agents read times in their zone; the portal in UTC, as its other pages.
            let tz = match (realm, authz::viewer().agent) {
                (Realm::Agent, Some(agent)) => crate::session::time_zone(&agent),
                _ => chrono_tz::UTC,
            };
            let now = chrono::Utc::now();
            let rows =
                db::sessions::devices(&state.pool, realm, owner, token.as_deref().unwrap_or(""))
                    .await?;
            Ok(rows
                .into_iter()
                .map(|r| Device {
                    id: r.id,
                    browser: describe(&r.user_agent),
                    addr: if r.client_addr.is_empty() {
                        "unknown".into()
                    } else {
                        r.client_addr
                    },
                    signed_in: time::local(r.created_at, tz),
                    last_active: time::age(r.last_seen_at, now),
                    current: r.current,
                })
                .collect())
        }
        .await,
    )
}

/// Ends one of the caller's other sessions (`id`), or with no `id` all of them but this one. A session
/// that is not theirs (or no longer live) is a 404, the same as one that never existed.
#[server(endpoint = "end_devices")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(realm = ?realm)))]
pub async fn end_devices(realm: Realm, id: Option<String>) -> Result<(), AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let (owner, token) = authz::require_own(realm, true)?;
            let id = id
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(crate::model::ids::parse_id)
                .transpose()?;
            let state = authz::state()?;
            let token = token.ok_or(AppError::Unauthorized)?;
            let ended =
                db::sessions::end_sessions(&state.pool, realm, owner, id, Some(&token)).await?;
            if id.is_some() && ended == 0 {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}
