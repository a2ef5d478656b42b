//! Organization admins (portal), impersonation and the audit log (admin agents).
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{
    error::AppError,
    model::{audit::AuditPage, colleagues::AdministeredCompany},
};
use leptos::prelude::*;

pub const AUDIT_PAGE: i64 = 50;

/// The companies the contact administers, each with its linked contacts and their two permissions.
#[server(endpoint = "colleagues")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn colleagues() -> Result<Vec<AdministeredCompany>, AppError> {
    use crate::{authz, db::portal, model::colleagues::Colleague};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let rows = portal::colleagues(&mut tx).await?;
            tx.commit().await?;
            let mut out: Vec<AdministeredCompany> = Vec::new();
            for r in rows {
                if out.last().is_none_or(|c| c.customer_id != r.customer_id) {
                    out.push(AdministeredCompany {
                        customer_id: r.customer_id.clone(),
                        name: r.company_name.clone(),
                        colleagues: vec![],
                    });
                }
                if let Some(c) = out.last_mut() {
                    c.colleagues.push(Colleague {
                        is_me: r.customer_user_id == me.id.0,
                        login: r.login,
                        name: r.name,
                        may_view_org: r.may_view_org,
                        may_cancel_org: r.may_cancel_org,
                        org_admin: r.org_admin,
                    });
                }
            }
            if out.is_empty() {
                // Not an organization admin anywhere: nothing here exists for them.
                return Err(AppError::NotFound);
            }
            Ok(out)
        }
        .await,
    )
}

/// Grants or revokes "may view" / "may cancel organization requests" for a colleague on one company the
/// contact administers. Cancelling requires viewing, so cancel without view is stored as neither.
#[server(endpoint = "set_colleague_permissions")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(company = %company, colleague = %colleague)))]
pub async fn set_colleague_permissions(
    company: String,
    colleague: String,
    view: bool,
    cancel: bool,
) -> Result<(), AppError> {
    use crate::{authz, db::portal};
    crate::api::finish(
        async {
            let me = authz::require_contact_writer()?;
            let state = authz::state()?;
            let mut tx = portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            // Resolve names through what RLS lets this contact see: anything else is "not found".
            let rows = portal::colleagues(&mut tx).await?;
            let row = rows
                .iter()
                .find(|r| r.customer_id == company && r.login.eq_ignore_ascii_case(&colleague))
                .ok_or(AppError::NotFound)?;
            if row.customer_user_id == me.id.0 {
                return Err(AppError::Forbidden);
            }
            let (view, cancel) = (view, cancel && view);
            portal::set_permissions(&mut tx, row.company_id, row.customer_user_id, view, cancel)
                .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// An admin agent opens the portal as a customer user, read-only; audited.
#[server(endpoint = "start_impersonation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(login = %login)))]
pub async fn start_impersonation(login: String) -> Result<(), AppError> {
    use crate::{authz, db, model::viewer::Realm, session};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Impersonate)?;
            let state = authz::state()?;
            let token = session::cookie_from_request(Realm::Agent).ok_or(AppError::Unauthorized)?;
            let (id, _company): (i64, i64) =
                db::customer_users::id_and_company(&state.pool, &login)
                    .await?
                    .ok_or(AppError::NotFound)?;
            let target = crate::model::ids::CustomerUserId(id);
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            db::sessions::set_impersonating(&mut *tx, &token, Some(target)).await?;
            let event = db::changes::Event {
                action: "impersonation_start",
                customer_user: target,
                security: true,
            };
            db::changes::record_event(&mut tx, event).await?;
            tx.commit().await?;
            leptos_axum::redirect("/portal");
            Ok(())
        }
        .await,
    )
}

/// Back to the agent's own view; audited.
#[server(endpoint = "end_impersonation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn end_impersonation() -> Result<(), AppError> {
    use crate::{authz, db, model::viewer::Realm, session};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Impersonate)?;
            let state = authz::state()?;
            let impersonating = authz::viewer()
                .contact
                .is_some_and(|c| c.impersonator.is_some());
            if !impersonating {
                return Err(AppError::Conflict(
                    "You are not viewing the portal as anyone.".into(),
                ));
            }
            let token = session::cookie_from_request(Realm::Agent).ok_or(AppError::Unauthorized)?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            // The sessions trigger records the end (with the reason), as for a sign-out or expiry.
            db::sessions::set_impersonating(&mut *tx, &token, None).await?;
            tx.commit().await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// The audit log for admins: filtered, newest first, keyset-paged.
#[server(endpoint = "audit_log")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(company = %company, user = %user)))]
pub async fn audit_log(
    company: String,
    user: String,
    event: String,
    from: String,
    to: String,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use crate::{authz, db};
    let filter = crate::model::audit::AuditFilter {
        company,
        user,
        event,
        from,
        to,
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::ReadAudit)?;
            let state = authz::state()?;
            let date = |field: &str, v: &str| -> Result<Option<chrono::NaiveDate>, AppError> {
                if v.is_empty() {
                    return Ok(None);
                }
                chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| AppError::invalid(field, Rule::Date))
            };
            let (from, to) = (date("from", &filter.from)?, date("to", &filter.to)?);
            if filter.company.len() > 64 || filter.user.len() > 100 || filter.event.len() > 40 {
                return Err(AppError::invalid("user", Rule::TooLong(100)));
            }
            let tz = crate::session::time_zone(&agent);
            let window = db::changes::Window {
                from,
                to,
                tz: tz.name(),
                before,
                limit: AUDIT_PAGE + 1,
            };
            // Sign-ins live in their own table (retention, no customer history); the event picks it.
            let mut rows = match filter.event.as_str() {
                "sign_in" | "sign_in_failed" => {
                    let succeeded = filter.event == "sign_in";
                    db::sign_ins::page(&state.pool, succeeded, &filter, &window).await?
                }
                _ => db::changes::page(&state.pool, &filter, &window).await?,
            };
            let next = (rows.len() as i64 > AUDIT_PAGE).then(|| {
                rows.truncate(AUDIT_PAGE as usize);
                rows.last().map(|r| r.id)
            });
            Ok(AuditPage {
                rows,
                next: next.flatten(),
            })
        }
        .await,
    )
}
