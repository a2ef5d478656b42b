//! Alerts on a company (issue 18, part 6): "Post alert" (answered with the company's banner as it is now,
//! so the poster sees what every other agent will see) and "End alert". The banners
//! themselves read alerts inside their pages' own statements (`active_alerts` in SQL).
use crate::{error::AppError, model::alert::Banner};
use leptos::prelude::*;

#[server(endpoint = "post_alert")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn post_alert(
    customer_id: String,
    body: String,
    severity: String,
    expires_in_hours: u32,
) -> Result<Banner, AppError> {
    use crate::{
        authz, db,
        error::{FieldError, Rule},
        model::{
            alert::{Severity, EXPIRY_HOURS},
            input::{clean_text, TextKind},
        },
    };
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(authz::Action::PostAlerts, &customer_id).await?;
            // Every field's error at once.
            let body = clean_text(&body, 500, Some("the alert's text"), TextKind::Lines);
            let severity = Severity::ALL.into_iter().find(|s| s.key() == severity);
            let expiry_ok = EXPIRY_HOURS.iter().any(|(h, _)| *h == expires_in_hours);
            let (Ok(body), Some(severity), true) = (&body, severity, expiry_ok) else {
                let mut errors = Vec::new();
                if let Err(rule) = body {
                    errors.push(FieldError::new("body", rule));
                }
                if severity.is_none() {
                    errors.push(FieldError::new("severity", Rule::NotListed("severities")));
                }
                if !expiry_ok {
                    errors.push(FieldError::new("expires", Rule::NotListed("expiries")));
                }
                return Err(AppError::Invalid(errors));
            };
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            db::alerts::post(
                &mut tx,
                company.id,
                agent.id,
                body,
                severity,
                expires_in_hours,
            )
            .await?;
            let alerts = db::alerts::active(&mut *tx, company.id).await?;
            tx.commit().await?;
            Ok(Banner::of(&alerts, false, true))
        }
        .await,
    )
}

/// Ends one alert of the company now (a foreign or ended alert is 404).
#[server(endpoint = "end_alert")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn end_alert(customer_id: String, id: i64) -> Result<(), AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(authz::Action::PostAlerts, &customer_id).await?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            if !db::alerts::end(&mut tx, company.id, id, agent.id).await? {
                return Err(AppError::NotFound);
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}
