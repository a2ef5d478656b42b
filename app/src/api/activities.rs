//! Activities (issue 20, part 1): the widget's pages (kind filter, older ones) and its changes (log, edit,
//! delete). Reading takes `Read`; logging `LogActivities`; editing or deleting is the author's, or an
//! admin's. Every change goes through the change record (a delete is soft: an update there).
use crate::{error::AppError, model::activity::ActivityChange};
use leptos::{prelude::*, server_fn::codec::Json};

/// The widget's markup: one page of the company's activities (of `kind`, "" = all) after `after`.
#[cfg(feature = "ssr")]
pub async fn markup(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    agent: &crate::model::viewer::AgentViewer,
    kind: &str,
    after: &str,
) -> Result<String, AppError> {
    use crate::model::{
        activity::{self, Shown, KINDS, PAGE_ROWS},
        permission::Action,
        viewer::AgentRole,
    };
    if !kind.is_empty() && !KINDS.iter().any(|(k, _)| *k == kind) {
        return Err(AppError::NotFound);
    }
    let after = match after.split_once('|') {
        None if after.is_empty() => None,
        Some((at, id)) => Some((
            chrono::DateTime::parse_from_rfc3339(at)
                .map_err(|_| AppError::NotFound)?
                .with_timezone(&chrono::Utc),
            id.parse().map_err(|_| AppError::NotFound)?,
        )),
        None => return Err(AppError::NotFound),
    };
    let (mut rows, choices) = crate::db::activities::page(
        &mut *conn,
        company,
        (!kind.is_empty()).then_some(kind),
        after,
        PAGE_ROWS + 1,
    )
    .await?;
    let next = (rows.len() > PAGE_ROWS as usize).then(|| {
        rows.truncate(PAGE_ROWS as usize);
        rows.last()
            .map(|r| format!("{}|{}", r.happened_at.to_rfc3339(), r.id))
            .unwrap_or_default()
    });
    Ok(activity::markup(
        &rows,
        &Shown {
            kind,
            next,
            tz: crate::session::time_zone(agent),
            agent: agent.id.0,
            admin: agent.role == AgentRole::Admin,
            may_log: Action::LogActivities.allows(agent.role),
            choices: &choices,
        },
    ))
}

/// A page of the widget: its kind filter and position ("<time>|<id>" of the last row shown, "" = newest).
#[server(endpoint = "activities_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn activities_page(
    customer_id: String,
    kind: String,
    #[server(default)] after: String,
) -> Result<String, AppError> {
    use crate::model::permission::Action;
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            let mut conn = state.pool.acquire().await?;
            markup(&mut conn, company.id, &agent, &kind, &after).await
        }
        .await,
    )
}

/// Logs, edits or deletes an activity; answered with the widget's first page.
#[server(endpoint = "change_activity", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn change_activity(
    customer_id: String,
    change: ActivityChange,
) -> Result<String, AppError> {
    use crate::{
        authz, db,
        error::Rule,
        model::{permission::Action, viewer::AgentRole},
    };
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::LogActivities, &customer_id).await?;
            let now = chrono::Utc::now();
            let tz = crate::session::time_zone(&agent);
            // Someone else's activity: only admins change it (and a missing one is a 404 either way).
            let id = match &change {
                ActivityChange::Save(f) => f.id,
                ActivityChange::Delete { id, .. } => Some(*id),
            };
            if let Some(id) = id {
                let author = db::activities::author(&state.pool, company.id, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if author != agent.id.0 && agent.role != AgentRole::Admin {
                    return Err(AppError::ReadOnly(
                        "Only its author or an admin may change an activity.".into(),
                    ));
                }
            }
            let actor = db::changes::Actor::Agent(agent.id);
            let stale = || {
                AppError::Conflict(
                    "This activity was changed or deleted meanwhile. Reload to see it.".into(),
                )
            };
            match change {
                ActivityChange::Save(form) => {
                    let fields = form.parse(tz, now)?;
                    let strangers =
                        db::activities::strangers(&state.pool, company.id, &fields.people).await?;
                    if !strangers.is_empty() {
                        return Err(AppError::invalid("people", Rule::NotOfCompany));
                    }
                    let mut tx =
                        db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
                    if !db::activities::save(
                        &mut tx,
                        company.id,
                        agent.id,
                        form.id,
                        form.version,
                        &fields,
                    )
                    .await?
                    {
                        return Err(stale());
                    }
                    tx.commit().await?;
                }
                ActivityChange::Delete { id, version } => {
                    let mut tx =
                        db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
                    if !db::activities::delete(&mut *tx, company.id, id, version, agent.id).await? {
                        return Err(stale());
                    }
                    tx.commit().await?;
                }
            }
            let mut conn = state.pool.acquire().await?;
            markup(&mut conn, company.id, &agent, "", "").await
        }
        .await,
    )
}
