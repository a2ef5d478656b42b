//! Following (issue 20, part 4): the Followers widget's markup and Follow / Unfollow. Following is personal,
//! like arranging one's dashboards (`ArrangeDashboard`: every agent, read-only ones too).
use crate::error::AppError;
use leptos::prelude::*;

/// The Followers widget's markup for the company, or with `login` for that customer user of it (a CUIC).
#[cfg(feature = "ssr")]
pub async fn markup(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    agent: &crate::model::viewer::AgentViewer,
    login: &str,
) -> Result<String, AppError> {
    let what = followed(&mut *conn, company, login).await?;
    let (names, mine) = crate::db::follows::followers(&mut *conn, what, agent.id).await?;
    Ok(crate::model::follow::markup(what, &names, mine))
}

/// The company, or its customer user `login` (one of another company's is a 404).
#[cfg(feature = "ssr")]
async fn followed(
    conn: &mut sqlx::PgConnection,
    company: crate::model::ids::CompanyId,
    login: &str,
) -> Result<crate::model::follow::Followed, AppError> {
    use crate::model::follow::Followed;
    if login.is_empty() {
        return Ok(Followed::Company(company));
    }
    if login.len() > 100 {
        return Err(AppError::NotFound);
    }
    crate::db::tasks::customer_user_of(&mut *conn, company, login)
        .await?
        .map(Followed::CustomerUser)
        .ok_or(AppError::NotFound)
}

/// Follows (`follow`) or unfollows the company, or with `login` that customer user of it; answered with the
/// widget's markup.
#[server(endpoint = "set_follow")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %customer_id)))]
pub async fn set_follow(
    customer_id: String,
    #[server(default)] login: String,
    follow: bool,
) -> Result<String, AppError> {
    use crate::model::permission::Action;
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::ArrangeDashboard, &customer_id).await?;
            let mut conn = state.pool.acquire().await?;
            let what = followed(&mut conn, company.id, &login).await?;
            crate::db::follows::set(&mut *conn, what, agent.id, follow).await?;
            markup(&mut conn, company.id, &agent, &login).await
        }
        .await,
    )
}
