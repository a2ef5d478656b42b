//! One ticket, for agents: the ticket page, its actions, and ticket creation. Thin: authorize, parse,
//! call `db::`/`service::ticket`, map the result.
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{
    error::AppError,
    model::ticket_edit::{NewTicketData, NewTicketForm, TicketChange, TicketView},
};
use leptos::{prelude::*, server_fn::codec::Json};

/// The ticket page: all fields, due times and escalation state, the articles, and the form choices.
#[server(endpoint = "ticket_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn ticket_page(number: String) -> Result<TicketView, AppError> {
    use crate::{authz, db, model::input::TicketNumber, service::ticket::ticket_view};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let pool = &state.pool;
            let number = TicketNumber::parse(&number)?;
            let t = db::tickets::by_number(pool, number.as_str()).await?;
            let (articles, choices) = tokio::try_join!(
                db::tickets::articles(pool, t.id),
                db::tickets::choices(pool)
            )?;
            let tz = crate::session::time_zone(&agent);
            let may_end_alerts = authz::Action::PostAlerts.allows(agent.role);
            Ok(ticket_view(
                t,
                articles,
                choices,
                tz,
                chrono::Utc::now(),
                may_end_alerts,
            ))
        }
        .await,
    )
}

/// One action of the ticket page (add an article, change fields, lock, unlock). Refused with 409 when
/// the ticket changed since the page was loaded; returns the new version.
#[server(endpoint = "change_ticket", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number, version)))]
pub async fn change_ticket(
    number: String,
    version: i32,
    change: TicketChange,
) -> Result<i32, AppError> {
    use crate::{
        authz, db,
        db::tickets::Applied,
        model::{
            ids::{AgentId, PriorityId, QueueId, SlaId, StateId},
            input::{Text, TicketNumber},
            ticket_edit::{ArticleKind, TicketChange},
            time,
        },
        service::ticket::check_refs,
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::WorkTickets)?;
            let state = authz::state()?;
            let pool = &state.pool;
            let id = db::tickets::id_by_number(pool, TicketNumber::parse(&number)?.as_str()).await?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(pool, actor, &authz::client_addr()).await?;
            let applied = match change {
                TicketChange::Article { kind, body } => {
                    if kind == ArticleKind::CustomerPhone {
                        return Err(AppError::invalid("kind", Rule::ArticleKind));
                    }
                    Applied::Article {
                        kind,
                        body: Text::<100_000>::parse_lines("body", &body, "the text of the article")?
                            .into_inner(),
                    }
                }
                TicketChange::Fields {
                    state_id,
                    queue_id,
                    priority_id,
                    owner_id,
                    sla_id,
                    pending_until: pending,
                } => {
                    let state_id = StateId::parse("state_id", state_id)?;
                    let queue = QueueId::parse("queue_id", queue_id)?;
                    let priority = PriorityId::parse("priority_id", priority_id)?;
                    let owner = AgentId(owner_id);
                    let sla = sla_id.map(|s| SlaId::parse("sla_id", s)).transpose()?;
                    let state_type = db::tickets::settable_state(&mut tx, state_id)
                        .await?
                        .ok_or_else(|| {
                            AppError::invalid("state_id", Rule::NotListed("states"))
                        })?;
                    check_refs(&mut tx, queue, priority, owner, sla).await?;
                    let pending_until = if state_type.is_pending() {
                        Some(time::parse_future_local(
                            "pending_until",
                            &pending,
                            crate::session::time_zone(&agent),
                            chrono::Utc::now(),
                        )?)
                    } else {
                        None
                    };
                    Applied::Fields {
                        state: state_id,
                        state_type,
                        queue,
                        priority,
                        owner,
                        sla,
                        pending_until,
                    }
                }
                TicketChange::Lock => Applied::Lock(true),
                TicketChange::Unlock => Applied::Lock(false),
            };
            match db::tickets::apply(&mut tx, id, version, agent.id, &applied).await? {
                Some(v) => {
                    tx.commit().await?;
                    tracing::info!(ticket = %number, change = applied.name(), "ticket changed");
                    Ok(v)
                }
                None => Err(AppError::Conflict(
                    "This ticket was changed by someone else since you opened it. Reload to see the changes, \
                     then try again — what you typed is still here."
                        .into(),
                )),
            }
        }
        .await,
    )
}

/// The new-ticket form's choices, with the company and customer user filled in when given. "Initiate
/// service" also names a contract (and a covered item): its company and SLA are filled in, and a contract
/// that is not active is refused with the reason.
#[server(endpoint = "ticket_form_options")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = ?customer_id, login = ?login)))]
pub async fn ticket_form_options(
    customer_id: Option<String>,
    login: Option<String>,
    #[server(default)] contract: Option<String>,
    #[server(default)] item: Option<i64>,
) -> Result<NewTicketData, AppError> {
    use crate::{authz, db, error::Rule, service::ticket::choices_of};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::WorkTickets)?;
            let state = authz::state()?;
            let pool = &state.pool;
            let contract = match contract.as_deref().filter(|c| !c.is_empty()) {
                Some(number) if number.len() <= 40 => Some(
                    db::contracts::by_number(pool, number, chrono::Utc::now())
                        .await?
                        .ok_or(AppError::NotFound)?,
                ),
                Some(_) => return Err(AppError::NotFound),
                None => None,
            };
            let mut customer_id = customer_id;
            if let Some(k) = &contract {
                if k.status != "active" {
                    return Err(AppError::invalid(
                        "contract",
                        Rule::ContractInactive(k.status.clone()),
                    ));
                }
                match customer_id.as_deref().filter(|c| !c.is_empty()) {
                    Some(c) if c != k.customer_id => {
                        return Err(AppError::invalid("contract", Rule::ContractNotOfCompany))
                    }
                    _ => customer_id = Some(k.customer_id.clone()),
                }
            }
            let item = match (&contract, item) {
                (Some(k), Some(i)) => Some(
                    k.items
                        .iter()
                        .find(|x| x.0 == i)
                        .ok_or(AppError::NotFound)?
                        .clone(),
                ),
                (None, Some(_)) => return Err(AppError::NotFound),
                _ => None,
            };
            let customer = match customer_id.as_deref().filter(|c| !c.is_empty()) {
                Some(c) if c.len() <= 64 && login.as_ref().is_none_or(|l| l.len() <= 100) => {
                    let mut conn = pool.acquire().await?;
                    let found = db::tickets::customer(&mut conn, c, login.as_deref())
                        .await?
                        .ok_or(AppError::NotFound)?;
                    if login.as_ref().is_some_and(|l| !l.is_empty()) && found.login.is_none() {
                        return Err(AppError::NotFound);
                    }
                    Some(found)
                }
                Some(_) => return Err(AppError::NotFound),
                None => None,
            };
            let (choices, default_queue) =
                tokio::try_join!(db::tickets::choices(pool), db::tickets::default_queue(pool))?;
            Ok(NewTicketData {
                choices: choices_of(choices),
                customer_id: customer
                    .as_ref()
                    .map(|c| c.customer_id.clone())
                    .unwrap_or_default(),
                company: customer
                    .as_ref()
                    .map(|c| c.company.clone())
                    .unwrap_or_default(),
                customer_login: customer
                    .as_ref()
                    .and_then(|c| c.login.clone())
                    .unwrap_or_default(),
                customer_name: customer
                    .as_ref()
                    .and_then(|c| c.name.clone().or(c.login.clone()))
                    .unwrap_or_default(),
                default_queue: default_queue.into(),
                zone: crate::session::time_zone(&agent).name().to_string(),
                contract_label: contract
                    .as_ref()
                    .map(|k| {
                        let mut l = format!("{} — {}", k.number, k.name);
                        if let Some((_, _, name, id)) = &item {
                            l += &format!(" · covered item: {name}");
                            if !id.is_empty() {
                                l += &format!(" ({id})");
                            }
                        }
                        l
                    })
                    .unwrap_or_default(),
                sla_id: contract.as_ref().and_then(|k| k.sla_id).map(i64::from),
                contract_item: item.map(|i| i.0),
                contract: contract.map(|k| k.number).unwrap_or_default(),
            })
        }
        .await,
    )
}

/// Creates a ticket with its first article (phone: the customer's call; email: an outbound email to the
/// customer user, recorded but not sent). Every bad field is reported at once; returns the new number.
#[server(endpoint = "create_ticket", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(customer_id = %form.customer_id)))]
pub async fn create_ticket(form: NewTicketForm) -> Result<String, AppError> {
    use crate::authz;
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::WorkTickets)?;
            let state = authz::state()?;
            crate::service::new_ticket::create(&state.pool, &agent, &authz::client_addr(), &form)
                .await
        }
        .await,
    )
}
