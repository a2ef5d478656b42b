//! The customer portal's server functions. Each is portal-only (`authz::require_contact`, and for changes
//! `require_contact_writer`, which refuses an impersonating agent), parses every id
//! at the edge, and touches data only through `db::portal`, i.e. as the RLS-bound portal role. A foreign id
//! and a missing one get the same 404.
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{
    error::AppError,
    model::{
        ids::TicketId,
        portal::{RequestChoices, RequestClass, RequestList, RequestOrder, RequestScope},
        ticket::RequestThread,
    },
};
use leptos::prelude::*;

pub const REQUEST_PAGE: i64 = 20;

#[cfg(feature = "ssr")]
mod server {
    use crate::{
        error::{AppError, Rule},
        model::ids::TicketId,
    };
    use chrono::{DateTime, Utc};

    /// A request id as typed in a URL or form: anything that is not a positive number names no request.
    pub fn ticket_id(s: &str) -> Result<TicketId, AppError> {
        crate::model::ids::parse_id(s).map(TicketId)
    }

    /// "rfc3339|id", as the list hands it out for the next page.
    pub fn cursor(s: &str) -> Result<(DateTime<Utc>, i64), AppError> {
        let bad = || AppError::invalid("after", Rule::PagePosition);
        let (t, id) = s.split_once('|').ok_or_else(bad)?;
        let t = DateTime::parse_from_rfc3339(t)
            .map_err(|_| bad())?
            .with_timezone(&Utc);
        Ok((t, id.parse().map_err(|_| bad())?))
    }
}

/// "My requests" (scope `mine`) or "Company requests" (scope `company`, optionally one company by
/// customer_id) in one class, by last change (`order=oldest` for oldest first), with the class counts.
#[server(endpoint = "portal_requests")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(scope = ?scope, company = ?company)))]
pub async fn portal_requests(
    scope: RequestScope,
    company: Option<String>,
    class: RequestClass,
    order: Option<RequestOrder>,
    after: Option<String>,
) -> Result<RequestList, AppError> {
    use crate::{
        authz,
        db::portal::{self, Scope},
        model::portal::OrgCompany,
    };
    use server::*;
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let after = after
                .as_deref()
                .filter(|a| !a.is_empty())
                .map(cursor)
                .transpose()?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let companies = portal::view_companies(&mut tx).await?;
            let (scope, shown) = match scope {
                RequestScope::Company => {
                    // Only a company the contact may view; another one is "not found", never a hint.
                    let chosen = match company.as_deref().filter(|c| !c.is_empty()) {
                        Some(key) => companies
                            .iter()
                            .find(|(_, k, _)| k == key)
                            .ok_or(AppError::NotFound)?,
                        None => companies.first().ok_or(AppError::NotFound)?,
                    };
                    let shown = OrgCompany {
                        customer_id: chosen.1.clone(),
                        name: chosen.2.clone(),
                    };
                    (Scope::Company(chosen.0), Some(shown))
                }
                RequestScope::Mine => (Scope::Mine(me.id), None),
            };
            let counts = portal::counts(&mut tx, scope).await?;
            let oldest_first = order == Some(RequestOrder::Oldest);
            let mut rows =
                portal::requests(&mut tx, scope, class, oldest_first, after, REQUEST_PAGE + 1)
                    .await?;
            tx.commit().await?;
            let next = (rows.len() as i64 > REQUEST_PAGE).then(|| {
                rows.truncate(REQUEST_PAGE as usize);
                rows.last()
                    .map(|r| format!("{}|{}", r.changed_at.to_rfc3339(), r.id.0))
            });
            let now = chrono::Utc::now();
            Ok(RequestList {
                rows: rows.into_iter().map(|r| r.shown(now)).collect(),
                counts,
                next: next.flatten(),
                companies: companies
                    .into_iter()
                    .map(|(_, customer_id, name)| OrgCompany { customer_id, name })
                    .collect(),
                company: shown,
            })
        }
        .await,
    )
}

/// One request with its public conversation.
#[server(endpoint = "request_detail")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn request_detail(id: String) -> Result<RequestThread, AppError> {
    use crate::{authz, db::portal};
    use server::*;
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let id = ticket_id(&id)?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let now = chrono::Utc::now();
            let facts = portal::request(&mut tx, id, false).await?;
            let articles = portal::public_articles(&mut tx, id, now).await?;
            tx.commit().await?;
            Ok(RequestThread {
                open: facts.open,
                may_cancel: facts.may_cancel && facts.open,
                request: facts.row.shown(now),
                articles,
            })
        }
        .await,
    )
}

/// The portal's Contracts page: the active contracts of the companies whose requests the contact may view.
#[server(endpoint = "portal_contracts")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn portal_contracts() -> Result<Vec<crate::model::portal::PortalContract>, AppError> {
    use crate::{authz, db::portal};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let contracts = portal::contracts(&mut tx, chrono::Utc::now()).await?;
            tx.commit().await?;
            Ok(contracts)
        }
        .await,
    )
}

/// A customer's reply to an open request they may see.
#[server(endpoint = "reply_request")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn reply_request(id: String, body: String) -> Result<(), AppError> {
    use crate::{authz, db::portal, model::input::Text};
    use server::*;
    crate::api::finish(
        async {
            let me = authz::require_contact_writer()?;
            let state = authz::state()?;
            let id = ticket_id(&id)?;
            let body = Text::<20_000>::parse_lines("body", &body, "your reply")?.into_inner();
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let facts = portal::request(&mut tx, id, true).await?;
            if !facts.open {
                return Err(AppError::Conflict(
                    "This request is closed. Please create a new request.".into(),
                ));
            }
            portal::reply(&mut tx, me.id, id, &body).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// Cancels an open request: one's own always, a colleague's with "may cancel organization requests".
#[server(endpoint = "cancel_request")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn cancel_request(id: String) -> Result<(), AppError> {
    use crate::{authz, db::portal};
    use server::*;
    crate::api::finish(
        async {
            let me = authz::require_contact_writer()?;
            let state = authz::state()?;
            let id = ticket_id(&id)?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let facts = portal::request(&mut tx, id, true).await?;
            if !facts.may_cancel {
                return Err(AppError::Forbidden);
            }
            if !facts.open {
                return Err(AppError::Conflict("This request is already closed.".into()));
            }
            portal::cancel(&mut tx, id).await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// The queues and priorities a new request may use.
#[server(endpoint = "request_form_options")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn request_form_options() -> Result<RequestChoices, AppError> {
    use crate::{authz, db::portal};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let (queues, priorities) = portal::choices(&mut tx).await?;
            tx.commit().await?;
            Ok(RequestChoices { queues, priorities })
        }
        .await,
    )
}

/// A new request in the contact's primary company; returns its id.
#[server(endpoint = "create_request")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_request(
    title: String,
    body: String,
    queue: String,
    priority: String,
) -> Result<TicketId, AppError> {
    use crate::{
        authz,
        db::portal,
        error::FieldErrors,
        model::{
            ids::{PriorityId, QueueId},
            input::Text,
        },
    };
    crate::api::finish(
        async {
            let me = authz::require_contact_writer()?;
            let state = authz::state()?;
            let mut fields = FieldErrors::default();
            let title = fields.check(Text::<255>::parse("title", &title, "a title"))?;
            let body = fields.check(Text::<20_000>::parse_lines("body", &body, "a description"))?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let (queues, priorities) = portal::choices(&mut tx).await?;
            let pick = |v: &str, list: &[crate::model::portal::Choice]| {
                v.parse::<i64>()
                    .ok()
                    .filter(|n| list.iter().any(|c| c.id == *n))
            };
            let queue = pick(&queue, &queues).or_else(|| {
                queue
                    .is_empty()
                    .then(|| queues.first().map(|q| q.id))
                    .flatten()
            });
            let priority =
                pick(&priority, &priorities).or_else(|| priority.is_empty().then_some(3));
            // Ids from the lists fit their types; one that does not is "not in the list" too.
            let queue = queue.and_then(|q| QueueId::parse("queue", q).ok());
            let priority = priority.and_then(|p| PriorityId::parse("priority", p).ok());
            if queue.is_none() {
                fields.add("queue", Rule::NotListed("queues"));
            }
            if priority.is_none() {
                fields.add("priority", Rule::NotListed("priorities"));
            }
            fields.finish()?;
            let (Some(title), Some(body), Some(queue), Some(priority)) =
                (title, body, queue, priority)
            else {
                return Err(AppError::Internal);
            };
            let id = portal::create(
                &mut tx,
                me.id,
                title.into_inner().as_str(),
                body.into_inner().as_str(),
                queue,
                priority,
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        }
        .await,
    )
}

/// The contact changes their own password (the current one is required).
#[server(endpoint = "change_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::{authz, model::input::NewPassword};
    crate::api::finish(
        async {
            let me = authz::require_contact_writer()?;
            let state = authz::state()?;
            let new = NewPassword::parse("new", &new)?;
            if !new.matches(&confirm) {
                return Err(AppError::invalid("confirm", Rule::PasswordsDiffer));
            }
            let keep = crate::session::cookie_from_request(crate::model::viewer::Realm::Contact);
            let addr = authz::client_addr();
            crate::credentials::change_own(&state, me.id, current, new, &addr, keep.as_deref())
                .await
        }
        .await,
    )
}
