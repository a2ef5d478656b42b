//! A company's files (issue 20, part 5): the widget's markup, deleting one (soft, in the change record),
//! and the portal's list. Uploads and downloads are plain HTTP routes (`crate::files`).
use crate::error::AppError;
use leptos::prelude::*;

/// The widget's markup: the upload form (for who may upload) and the newest files, with the count.
#[cfg(feature = "ssr")]
pub async fn markup(
    conn: &mut sqlx::PgConnection,
    company: &crate::model::customer::Company,
    agent: &crate::model::viewer::AgentViewer,
) -> Result<String, AppError> {
    use crate::model::{
        customer_file::{self, Shown, LIST_ROWS},
        permission::Action,
    };
    let (total, rows) = crate::db::customer_files::list(&mut *conn, company.id, LIST_ROWS).await?;
    Ok(customer_file::markup(
        &rows,
        &Shown {
            customer_id: &company.customer_id,
            total,
            tz: crate::session::time_zone(agent),
            may_manage: Action::ManageFiles.allows(agent.role),
        },
    ))
}

/// Deletes a file of the company (soft: kept, and in the change record); answered with the widget's markup.
#[server(endpoint = "delete_customer_file")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id, id = %id)))]
pub async fn delete_customer_file(customer_id: String, id: i64) -> Result<String, AppError> {
    use crate::{authz, db, model::permission::Action};
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::ManageFiles, &customer_id).await?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            if !db::customer_files::delete(&mut *tx, company.id, id, agent.id).await? {
                return Err(AppError::NotFound);
            }
            tx.commit().await?;
            let mut conn = state.pool.acquire().await?;
            markup(&mut conn, &company, &agent).await
        }
        .await,
    )
}

/// The portal's Files page: the files marked "Visible in portal" on the companies whose requests the
/// customer user may view.
#[server(endpoint = "portal_files")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn portal_files() -> Result<Vec<crate::model::customer_file::PortalFile>, AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let me = authz::require_contact()?;
            let state = authz::state()?;
            let mut tx = db::portal::begin(&state.pool, &me, &authz::client_addr()).await?;
            let files = db::customer_files::portal_list(&mut tx).await?;
            tx.commit().await?;
            Ok(files)
        }
        .await,
    )
}
