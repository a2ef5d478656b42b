//! Tasks (issue 20, part 3): the widget's lists (open or done; on a CUIC, the customer user's) and its
//! changes (add, edit, done / reopen, delete), and "Mark done" on My work. Reading takes `Read`; changing
//! `WorkTasks`, and a task is changed by its creator, its assignee or an admin. Every change goes through
//! the change record (a delete is soft: an update there).
use crate::{error::AppError, model::task::TaskChange};
use leptos::{prelude::*, server_fn::codec::Json};

/// The widget's markup for the company (with `login`, the CUIC's: that customer user's tasks).
#[cfg(feature = "ssr")]
pub async fn markup(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    agent: &crate::model::viewer::AgentViewer,
    login: &str,
    done: bool,
) -> Result<String, AppError> {
    use crate::model::{
        permission::Action,
        task::{self, Shown, LIST_ROWS},
        viewer::AgentRole,
    };
    let login = Some(login).filter(|l| !l.is_empty());
    if login.is_some_and(|l| l.len() > 100) {
        return Err(AppError::NotFound);
    }
    let (rows, (agents, users)) =
        crate::db::tasks::list(&mut *conn, company, login, done, LIST_ROWS).await?;
    Ok(task::markup(
        &rows,
        &Shown {
            now: chrono::Utc::now(),
            tz: crate::session::time_zone(agent),
            done,
            agent: agent.id.0,
            admin: agent.role == AgentRole::Admin,
            may_work: Action::WorkTasks.allows(agent.role),
            login,
            agents: &agents,
            users: &users,
        },
    ))
}

/// Open or done tasks in the widget.
#[server(endpoint = "tasks_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn tasks_page(
    customer_id: String,
    #[server(default)] login: String,
    done: bool,
) -> Result<String, AppError> {
    use crate::model::permission::Action;
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            let mut conn = state.pool.acquire().await?;
            markup(&mut conn, company.id, &agent, &login, done).await
        }
        .await,
    )
}

/// Adds, edits, marks done or open, or deletes a task; answered with the widget's open tasks.
#[server(endpoint = "change_task", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn change_task(
    customer_id: String,
    #[server(default)] login: String,
    change: TaskChange,
) -> Result<String, AppError> {
    use crate::{db, error::Rule, model::permission::Action};
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::WorkTasks, &customer_id).await?;
            let id = match &change {
                TaskChange::Save(f) => f.id,
                TaskChange::Done { id, .. } | TaskChange::Delete { id, .. } => Some(*id),
            };
            if let Some(id) = id {
                may_change(&state.pool, &agent, company.id, id).await?;
            }
            let mut tx = db::changes::begin(
                &state.pool,
                db::changes::Actor::Agent(agent.id),
                &crate::authz::client_addr(),
            )
            .await?;
            let done = match change {
                TaskChange::Save(form) => {
                    let fields = form.parse(crate::session::time_zone(&agent), agent.id.0)?;
                    let mut f = crate::error::FieldErrors::default();
                    if !db::tasks::assignable(&mut *tx, fields.assignee).await? {
                        f.add("assignee", Rule::NotListed("agents"));
                    }
                    let about = match &fields.login {
                        Some(l) => db::tasks::customer_user_of(&mut *tx, company.id, l).await?,
                        None => None,
                    };
                    if fields.login.is_some() && about.is_none() {
                        f.add("login", Rule::NotOfCompany);
                    }
                    f.finish()?;
                    db::tasks::save(
                        &mut *tx,
                        company.id,
                        agent.id,
                        form.id,
                        form.version,
                        &fields,
                        about,
                    )
                    .await?
                }
                TaskChange::Done { id, version, done } => {
                    db::tasks::set_done(&mut *tx, company.id, id, version, done, agent.id).await?
                }
                TaskChange::Delete { id, version } => {
                    db::tasks::delete(&mut *tx, company.id, id, version, agent.id).await?
                }
            };
            if !done {
                return Err(stale());
            }
            tx.commit().await?;
            let mut conn = state.pool.acquire().await?;
            markup(&mut conn, company.id, &agent, &login, false).await
        }
        .await,
    )
}

/// My work's body for the signed-in agent: their open tasks by due bucket with the counts (one statement),
/// and the news from what they follow (one statement; the two run side by side).
#[server(endpoint = "my_work_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_work_page() -> Result<String, AppError> {
    use crate::{
        authz,
        model::{follow, my_work, permission::Action, task::end_of_day},
    };
    crate::api::finish(
        async {
            let agent = authz::require(Action::Read)?;
            let state = authz::state()?;
            let (now, tz) = (chrono::Utc::now(), crate::session::time_zone(&agent));
            let ((tasks, counts), (followed, events)) = tokio::try_join!(
                crate::db::tasks::mine(
                    &state.pool,
                    agent.id,
                    now,
                    end_of_day(now, tz),
                    my_work::LIST_ROWS,
                ),
                crate::db::follows::feed(&state.pool, agent.id, follow::FEED_ROWS),
            )?;
            Ok(my_work::markup(
                &tasks,
                counts,
                now,
                tz,
                Action::WorkTasks.allows(agent.role),
            ) + &follow::feed_markup(&followed, &events, tz))
        }
        .await,
    )
}

/// "Mark done" on My work: a plain form (it works without JavaScript; the browser comes back to the page).
#[server(endpoint = "complete_task")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(task = id)))]
pub async fn complete_task(id: i64, version: i32) -> Result<(), AppError> {
    use crate::{authz, db, model::permission::Action};
    crate::api::finish(
        async {
            let agent = authz::require(Action::WorkTasks)?;
            let state = authz::state()?;
            let company = db::tasks::company_of(&state.pool, id)
                .await?
                .ok_or(AppError::NotFound)?;
            may_change(&state.pool, &agent, company, id).await?;
            let mut tx = db::changes::begin(
                &state.pool,
                db::changes::Actor::Agent(agent.id),
                &authz::client_addr(),
            )
            .await?;
            if !db::tasks::set_done(&mut *tx, company, id, version, true, agent.id).await? {
                return Err(stale());
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn stale() -> AppError {
    AppError::Conflict("This task was changed or deleted meanwhile. Reload to see it.".into())
}

/// A live task of the company that this agent may change: its creator's, its assignee's, or any for an admin
/// (a missing one is a 404 either way).
#[cfg(feature = "ssr")]
async fn may_change(
    pool: &sqlx::PgPool,
    agent: &crate::model::viewer::AgentViewer,
    company: crate::model::ids::CompanyId,
    id: i64,
) -> Result<(), AppError> {
    use crate::model::viewer::AgentRole;
    let (creator, assignee) = crate::db::tasks::owners(pool, company, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if agent.role != AgentRole::Admin && creator != agent.id.0 && assignee != agent.id.0 {
        return Err(AppError::ReadOnly(
            "Only its creator, its assignee or an admin may change a task.".into(),
        ));
    }
    Ok(())
}
