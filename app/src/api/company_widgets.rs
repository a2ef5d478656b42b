//! The deferred CIC widgets (issue 18: Locations, Linked Accounts; issue 19: Contracts, Account Summary): their markup, made on the server,
//! and the changes made from them. The CIC page puts the markup of the ones shown into its payload (one
//! statement each; none with the default layout); a widget turned on later asks `widget_markup`.
//! Include-child-accounts counts for Company Status are here too.
use crate::{
    error::AppError,
    model::{
        linked_account::LinkChange, location::LocationChange, ticket::CompanyStatus,
        widgets::WidgetNow,
    },
};
use leptos::{prelude::*, server_fn::codec::Json};

/// A deferred widget's markup; with `login`, as the CUIC of that customer user shows it (Contracts).
#[server(endpoint = "widget_markup")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn widget_markup(
    customer_id: String,
    widget: String,
    #[server(default)] login: String,
) -> Result<String, AppError> {
    use crate::model::{dashboard::WidgetKind, permission::Action};
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            let kind = WidgetKind::from_key(&widget).ok_or(AppError::NotFound)?;
            let mut conn = state.pool.acquire().await?;
            let stored = crate::db::widget_prefs::cic_widget(&mut *conn, agent.id, kind).await?;
            if !login.is_empty() {
                return cuic_markup(&mut conn, kind, &company, &login, &agent, &stored)
                    .await?
                    .ok_or(AppError::NotFound);
            }
            markup_of(
                &mut conn,
                kind,
                &company,
                &agent,
                chrono::Utc::now(),
                &stored,
            )
            .await?
            .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// A deferred widget's markup for this agent, with its settings among `stored` (`None`: not a deferred
/// widget of the CIC).
#[cfg(feature = "ssr")]
pub async fn markup_of(
    conn: &mut sqlx::PgConnection,
    kind: crate::model::dashboard::WidgetKind,
    company: &crate::model::customer::Company,
    agent: &crate::model::viewer::AgentViewer,
    now: chrono::DateTime<chrono::Utc>,
    stored: &[crate::model::dashboard::StoredPrefs],
) -> Result<Option<String>, AppError> {
    use crate::{
        db,
        model::{
            billing, contract,
            dashboard::WidgetKind,
            linked_account, location,
            permission::Action,
            widgets::{stored::settings, ContractsSettings},
        },
    };
    let may_edit = Action::EditCompanies.allows(agent.role);
    Ok(match kind {
        WidgetKind::Locations => Some(location::markup(
            &db::locations::list(&mut *conn, company.id).await?,
            may_edit,
        )),
        WidgetKind::LinkedAccounts => Some(linked_account::markup(
            &db::links::linked(&mut *conn, company.id, agent.id, now).await?,
            may_edit,
        )),
        WidgetKind::Contracts => {
            let show = settings::<ContractsSettings>(stored).show_inactive;
            let (contracts, since, today) =
                db::contracts::of_company(&mut *conn, company.id, now).await?;
            let edit = Action::EditContracts.allows(agent.role);
            let view = contract::Shown {
                customer_id: &company.customer_id,
                since,
                today,
                show_inactive: show,
                may_edit: edit,
            };
            Some(contract::markup(&contracts, &view))
        }
        WidgetKind::AccountSummary => {
            let summary = crate::api::billing::summary(&mut *conn, company.id, agent, now).await?;
            Some(billing::markup(&summary, &company.customer_id, true))
        }
        WidgetKind::Activities => {
            Some(crate::api::activities::markup(&mut *conn, company.id, agent, "", "").await?)
        }
        WidgetKind::Files => Some(crate::api::files::markup(&mut *conn, company, agent).await?),
        WidgetKind::Overview => {
            Some(crate::api::overview::markup(&mut *conn, company, agent, "", "", false).await?)
        }
        WidgetKind::Tasks => {
            Some(crate::api::tasks::markup(&mut *conn, company.id, agent, "", false).await?)
        }
        WidgetKind::Followers => {
            Some(crate::api::follows::markup(&mut *conn, company.id, agent, "").await?)
        }
        _ => None,
    })
}

/// A deferred widget's markup on the CUIC of `login` (`None`: not one of the CUIC's).
#[cfg(feature = "ssr")]
pub async fn cuic_markup(
    conn: &mut sqlx::PgConnection,
    kind: crate::model::dashboard::WidgetKind,
    company: &crate::model::customer::Company,
    login: &str,
    agent: &crate::model::viewer::AgentViewer,
    stored: &[crate::model::dashboard::StoredPrefs],
) -> Result<Option<String>, AppError> {
    use crate::model::dashboard::WidgetKind;
    Ok(match kind {
        WidgetKind::Contracts => {
            Some(cuic_contracts(conn, login, agent, chrono::Utc::now(), stored).await?)
        }
        WidgetKind::Tasks => {
            Some(crate::api::tasks::markup(&mut *conn, company.id, agent, login, false).await?)
        }
        WidgetKind::Followers => {
            Some(crate::api::follows::markup(&mut *conn, company.id, agent, login).await?)
        }
        _ => None,
    })
}

/// The Contracts widget on the CUIC of `login`: the switch once, then each of the user's companies (the
/// primary first) with its internal block and contracts. One statement per company: the widget is off by
/// default, so the CUIC's default first paint does not pay for it.
#[cfg(feature = "ssr")]
pub async fn cuic_contracts(
    conn: &mut sqlx::PgConnection,
    login: &str,
    agent: &crate::model::viewer::AgentViewer,
    now: chrono::DateTime<chrono::Utc>,
    stored: &[crate::model::dashboard::StoredPrefs],
) -> Result<String, AppError> {
    use crate::{
        db,
        model::{contract, input::html_escape, permission::Action, widgets::stored::settings},
    };
    if login.len() > 100 {
        return Err(AppError::NotFound);
    }
    let show = settings::<crate::model::widgets::ContractsSettings>(stored).show_inactive;
    let user = db::customer_users::id_by_login(&mut *conn, login).await?;
    let mut html = contract::switch(show);
    for link in db::customer_users::links(&mut *conn, user).await? {
        let key = crate::model::input::CustomerKey::parse(&link.customer_id)?;
        let company = db::companies::by_key(&mut *conn, &key).await?;
        let (contracts, since, today) =
            db::contracts::of_company(&mut *conn, company.id, now).await?;
        let view = contract::Shown {
            customer_id: &company.customer_id,
            since,
            today,
            show_inactive: show,
            may_edit: Action::EditContracts.allows(agent.role),
        };
        html += &format!(
            "<h3>{}</h3>{}",
            html_escape(&format!("{} ({})", company.name, company.customer_id)),
            contract::company_part(&contracts, &view)
        );
    }
    Ok(html)
}

/// "Display inactive contracts" on or off: saved for the agent, answered with the widget's markup (with
/// `login`, the CUIC's).
#[server(endpoint = "show_inactive_contracts")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn show_inactive_contracts(
    customer_id: String,
    show: bool,
    #[server(default)] login: String,
) -> Result<String, AppError> {
    use crate::{
        db,
        model::{
            dashboard::WidgetKind,
            permission::Action,
            widgets::{stored, ContractsSettings},
        },
    };
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::ArrangeDashboard, &customer_id).await?;
            let settings = ContractsSettings {
                show_inactive: show,
            };
            let mut conn = state.pool.acquire().await?;
            db::widget_prefs::save_settings(
                &mut *conn,
                agent.id,
                WidgetKind::Contracts,
                &stored::json(&settings),
            )
            .await?;
            let stored =
                db::widget_prefs::cic_widget(&mut *conn, agent.id, WidgetKind::Contracts).await?;
            if !login.is_empty() {
                return cuic_contracts(&mut conn, &login, &agent, chrono::Utc::now(), &stored)
                    .await;
            }
            markup_of(
                &mut conn,
                WidgetKind::Contracts,
                &company,
                &agent,
                chrono::Utc::now(),
                &stored,
            )
            .await?
            .ok_or(AppError::Internal)
        }
        .await,
    )
}

/// Adds, edits, makes primary or removes a location; answered with the widget's markup and the company
/// (Customer Information shows the primary location's address).
#[server(endpoint = "change_location", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_location(
    customer_id: String,
    change: LocationChange,
) -> Result<WidgetNow, AppError> {
    use crate::{
        authz, db,
        db::locations::Removed,
        model::{location, permission::Action},
    };
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::EditCompanies, &customer_id).await?;
            let fields = match &change {
                LocationChange::Save(edit) => Some(edit.parse()?),
                _ => None,
            };
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            match (change, fields) {
                (LocationChange::Save(edit), Some(f)) => {
                    if !db::locations::save(&mut tx, company.id, edit.id, edit.version, &f).await? {
                        // Not the company's, or saved by someone else since the form opened.
                        return Err(AppError::Conflict(
                            "This location was changed or removed meanwhile. Reload the page to see it."
                                .into(),
                        ));
                    }
                }
                (LocationChange::MakePrimary(id), _) => {
                    if !db::locations::make_primary(&mut tx, company.id, id).await? {
                        return Err(AppError::NotFound);
                    }
                }
                (LocationChange::Remove(id), _) => {
                    match db::locations::remove(&mut tx, company.id, id).await? {
                        Removed::Done => {}
                        Removed::Primary => {
                            return Err(AppError::Conflict(
                                "The primary location stays: make another location primary first."
                                    .into(),
                            ))
                        }
                        Removed::NotFound => return Err(AppError::NotFound),
                    }
                }
                (LocationChange::Save(_), None) => return Err(AppError::Internal),
            }
            let markup = location::markup(&db::locations::list(&mut *tx, company.id).await?, true);
            let key = crate::model::input::CustomerKey::parse(&customer_id)?;
            let company = db::companies::by_key(&mut *tx, &key).await?;
            tx.commit().await?;
            Ok(WidgetNow { markup, company })
        }
        .await,
    )
}

/// Sets this company's parent, links a child, or ends a link; answered with the widget's markup. A link
/// that would make a cycle (or link the company to itself) is refused at the customer ID field.
#[server(endpoint = "change_link", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_link(customer_id: String, change: LinkChange) -> Result<String, AppError> {
    use crate::{
        authz, db,
        db::links::Refused,
        error::Rule,
        model::{input::CustomerKey, linked_account, permission::Action},
    };
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::EditCompanies, &customer_id).await?;
            let other = match &change {
                LinkChange::SetParent(k) | LinkChange::AddChild(k) | LinkChange::Unlink(k) => k,
            };
            let key = CustomerKey::parse(other).map_err(|_| {
                AppError::invalid("customer_id", Rule::NoSuchCompany(other.clone()))
            })?;
            let other = match db::companies::by_key(&state.pool, &key).await {
                Ok(c) if c.lifecycle.reachable("/customers/").is_ok() => c,
                Ok(_) | Err(sqlx::Error::RowNotFound) => {
                    return Err(AppError::invalid(
                        "customer_id",
                        Rule::NoSuchCompany(key.as_str().to_string()),
                    ))
                }
                Err(e) => return Err(e.into()),
            };
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            let linked = match change {
                LinkChange::SetParent(_) => db::links::link(&mut tx, company.id, other.id).await?,
                LinkChange::AddChild(_) => db::links::link(&mut tx, other.id, company.id).await?,
                LinkChange::Unlink(_) => {
                    if !db::links::unlink(&mut tx, company.id, other.id).await? {
                        return Err(AppError::NotFound);
                    }
                    Ok(())
                }
            };
            match linked {
                Ok(()) => {}
                Err(Refused::Cycle) => {
                    return Err(AppError::invalid("customer_id", Rule::LinkCycle))
                }
                Err(Refused::HasParent(p)) => {
                    return Err(AppError::Conflict(format!(
                        "That account already belongs to {p}: unlink it there first."
                    )))
                }
            }
            let linked =
                db::links::linked(&mut *tx, company.id, agent.id, chrono::Utc::now()).await?;
            tx.commit().await?;
            Ok(linked_account::markup(&linked, true))
        }
        .await,
    )
}

/// Company Status over the company and all its child accounts, at every depth ("Include child accounts").
#[server(endpoint = "tree_status")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn tree_status(customer_id: String) -> Result<CompanyStatus, AppError> {
    use crate::{db, model::permission::Action};
    crate::api::finish(
        async {
            let (agent, state, company) =
                crate::api::company_for(Action::Read, &customer_id).await?;
            Ok(
                db::links::tree_status(&state.pool, company.id, agent.id, chrono::Utc::now())
                    .await?,
            )
        }
        .await,
    )
}
