//! One ticket, for agents: the ticket page, its actions, and ticket creation.
use crate::{
    error::AppError,
    model::ticket_edit::{NewTicketData, NewTicketForm, TicketChange, TicketView},
};
use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
mod server {
    use crate::{
        db::{self, tickets::Choices},
        error::AppError,
        model::{
            ticket::StateType,
            ticket_edit::{Choice, StateChoice, TicketChoices},
        },
    };
    use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

    pub fn choices_of(c: Choices) -> TicketChoices {
        let pair = |v: Vec<(i64, String)>| {
            v.into_iter()
                .map(|(id, name)| Choice { id, name })
                .collect()
        };
        TicketChoices {
            states: c
                .states
                .into_iter()
                .map(|(id, name, t)| StateChoice {
                    id,
                    name,
                    pending: matches!(t, StateType::PendingReminder | StateType::PendingAuto),
                })
                .collect(),
            queues: pair(c.queues),
            priorities: pair(c.priorities),
            agents: pair(c.agents),
            slas: pair(c.slas),
        }
    }

    /// A `datetime-local` value in the agent's zone, as UTC. Pending times must lie ahead.
    pub fn pending_until(
        value: &str,
        tz: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, AppError> {
        let bad = || {
            AppError::validation(
                "pending_until",
                "Enter the date and time the ticket should wait until.",
            )
        };
        let naive =
            NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").map_err(|_| bad())?;
        // A time skipped by a daylight-saving change does not exist; an ambiguous one takes the earlier.
        let at = tz
            .from_local_datetime(&naive)
            .earliest()
            .ok_or_else(bad)?
            .with_timezone(&Utc);
        if at <= now {
            return Err(AppError::validation(
                "pending_until",
                "Choose a time in the future.",
            ));
        }
        Ok(at)
    }

    pub fn input_value(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
        t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
    }

    pub fn text(field: &str, value: &str, max: usize, what: &str) -> Result<String, AppError> {
        let v = value.trim();
        if v.is_empty() {
            Err(AppError::validation(field, format!("Enter {what}.")))
        } else if v.chars().count() > max {
            Err(AppError::validation(
                field,
                format!("Use at most {max} characters."),
            ))
        } else {
            Ok(v.to_string())
        }
    }

    /// Small ids from the browser: out of range is the same "no such choice" as a missing row.
    pub fn small<T: TryFrom<i64>>(field: &str, v: i64) -> Result<T, AppError> {
        T::try_from(v).map_err(|_| AppError::validation(field, "Choose one of the listed values."))
    }

    /// Checks the references of a ticket form, reporting every bad one at its field.
    pub async fn refs(
        conn: &mut sqlx::PgConnection,
        queue: i32,
        priority: i16,
        owner: i64,
        sla: Option<i32>,
    ) -> Result<(), AppError> {
        let (q, p, o, s) = db::tickets::check_refs(conn, queue, priority, owner, sla).await?;
        let errors: Vec<_> = [
            (q, "queue_id"),
            (p, "priority_id"),
            (o, "owner_id"),
            (s, "sla_id"),
        ]
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, f)| {
            (
                f.to_string(),
                "Choose one of the listed values.".to_string(),
            )
        })
        .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Fields(errors))
        }
    }
}

/// The ticket page: all fields, due times and escalation state, the articles, and the form choices.
#[server(endpoint = "ticket_page")]
pub async fn ticket_page(number: String) -> Result<TicketView, AppError> {
    use crate::{
        authz,
        components::time,
        db,
        model::{
            ticket_edit::{ArticleView, Due},
            viewer::AgentRole,
        },
    };
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let pool = &state.pool;
            if number.is_empty() || number.len() > 32 || !number.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(AppError::NotFound);
            }
            let t = db::tickets::by_number(pool, &number).await?;
            let (articles, choices) = tokio::try_join!(
                db::tickets::articles(pool, t.id),
                db::tickets::choices(pool)
            )?;
            let tz = authz::time_zone(&agent);
            let now = chrono::Utc::now();
            let due = [
                ("First response", t.first_response_due),
                ("Update", t.update_due),
                ("Solution", t.solution_due),
            ]
            .into_iter()
            .filter_map(|(label, at)| {
                at.map(|at| Due {
                    label: label.to_string(),
                    at: time::local(at, tz),
                    relative: time::breach(at, now),
                    breached: at <= now,
                })
            })
            .collect();
            let articles = articles
                .into_iter()
                .map(|a| ArticleView {
                    kind: match (a.sender.as_str(), a.channel.as_str()) {
                        (_, "note") => "Internal note",
                        ("customer", "phone") => "Phone call from customer",
                        ("customer", _) => "From customer",
                        ("agent", "phone") => "Phone note",
                        ("agent", "email") => "Reply to customer (email recorded, not sent)",
                        ("agent", _) => "Agent",
                        _ => "System",
                    }
                    .to_string(),
                    internal: !a.customer_visible,
                    from_customer: a.sender == "customer",
                    author: a.author,
                    body: a.body,
                    created: time::local(a.created_at, tz),
                    age: time::age(a.created_at, now),
                })
                .collect();
            Ok(TicketView {
                number: t.number,
                title: t.title,
                state: t.state,
                state_id: i64::from(t.state_id),
                state_type: t.state_type,
                queue: t.queue,
                queue_id: i64::from(t.queue_id),
                priority: t.priority,
                priority_id: i64::from(t.priority_id),
                owner: t.owner,
                owner_id: t.owner_id,
                responsible: t.responsible.unwrap_or_default(),
                locked: t.locked,
                customer_id: t.customer_id,
                company: t.company,
                customer_name: t
                    .customer_name
                    .or_else(|| t.customer_login.clone())
                    .unwrap_or_default(),
                customer_login: t.customer_login,
                sla: t.sla.unwrap_or_default(),
                sla_id: t.sla_id.map(i64::from),
                created: time::local(t.created_at, tz),
                changed: time::local(t.changed_at, tz),
                age: time::age(t.created_at, now),
                pending_until: t
                    .pending_until
                    .map(|p| time::local(p, tz))
                    .unwrap_or_default(),
                pending_until_input: t
                    .pending_until
                    .map(|p| input_value(p, tz))
                    .unwrap_or_default(),
                due,
                escalated: t.escalation_at.is_some_and(|e| e <= now),
                version: t.version,
                articles,
                choices: choices_of(choices),
                agent_name: agent.name.clone(),
                agent_is_admin: agent.role == AgentRole::Admin,
                zone: tz.name().to_string(),
            })
        }
        .await,
    )
}

/// One action of the ticket page (add an article, change fields, lock, unlock). Refused with 409 when
/// the ticket changed since the page was loaded; returns the new version.
#[server(endpoint = "change_ticket", input = Json)]
pub async fn change_ticket(
    number: String,
    version: i32,
    change: TicketChange,
) -> Result<i32, AppError> {
    use crate::{
        authz, db,
        db::tickets::Applied,
        model::ticket_edit::{ArticleKind, TicketChange},
    };
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let pool = &state.pool;
            let id = db::tickets::id_by_number(pool, &number).await?;
            let mut tx = pool.begin().await?;
            let applied = match change {
                TicketChange::Article { kind, body } => {
                    if kind == ArticleKind::CustomerPhone {
                        return Err(AppError::validation("kind", "Choose a kind of article."));
                    }
                    Applied::Article {
                        kind,
                        body: text("body", &body, 100_000, "the text of the article")?,
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
                    let state_id: i16 = small("state_id", state_id)?;
                    let queue: i32 = small("queue_id", queue_id)?;
                    let priority: i16 = small("priority_id", priority_id)?;
                    let sla: Option<i32> = sla_id.map(|s| small("sla_id", s)).transpose()?;
                    let state_type = db::tickets::settable_state(&mut tx, state_id)
                        .await?
                        .ok_or_else(|| {
                            AppError::validation("state_id", "Choose one of the listed states.")
                        })?;
                    refs(&mut tx, queue, priority, owner_id, sla).await?;
                    let is_pending = matches!(
                        state_type,
                        crate::model::ticket::StateType::PendingReminder
                            | crate::model::ticket::StateType::PendingAuto
                    );
                    let pending_until = if is_pending {
                        Some(pending_until(
                            &pending,
                            authz::time_zone(&agent),
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
                        owner: owner_id,
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

/// The new-ticket form's choices, with the company and customer user filled in when given.
#[server(endpoint = "ticket_form_options")]
pub async fn ticket_form_options(
    customer_id: Option<String>,
    login: Option<String>,
) -> Result<NewTicketData, AppError> {
    use crate::{authz, db, model::viewer::AgentRole};
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let pool = &state.pool;
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
                default_queue,
                agent_is_admin: agent.role == AgentRole::Admin,
                zone: authz::time_zone(&agent).name().to_string(),
                agent_name: agent.name,
            })
        }
        .await,
    )
}

/// Creates a ticket with its first article (phone: the customer's call; email: an outbound email to the
/// customer user, recorded but not sent). Every bad field is reported at once; returns the new number.
#[server(endpoint = "create_ticket", input = Json)]
pub async fn create_ticket(form: NewTicketForm) -> Result<String, AppError> {
    use crate::{
        authz, db,
        model::{ticket::StateType, ticket_edit::Channel},
    };
    use server::*;
    crate::api::finish(
        async {
            let agent = authz::require_agent()?;
            let state = authz::state()?;
            let mut errors: Vec<(String, String)> = Vec::new();
            let mut check = |r: Result<(), AppError>| {
                if let Err(e) = r {
                    match e {
                        AppError::Validation { field, message } => errors.push((field, message)),
                        AppError::Fields(l) => errors.extend(l),
                        _ => {}
                    }
                }
            };
            let channel = Channel::from_key(&form.channel);
            check(
                channel
                    .map(|_| ())
                    .ok_or_else(|| AppError::validation("channel", "Choose phone or email.")),
            );
            let title = text("title", &form.title, 255, "a title");
            let body = text("body", &form.body, 100_000, "the text of the first article");
            check(title.clone().map(|_| ()));
            check(body.clone().map(|_| ()));
            let login = form.customer_login.trim();
            if channel == Some(Channel::Email) && login.is_empty() {
                check(Err(AppError::validation(
                    "customer_login",
                    "An email ticket needs a customer user to write to.",
                )));
            }
            let mut tx = state.pool.begin().await?;
            let customer = if form.customer_id.trim().is_empty()
                || form.customer_id.len() > 64
                || login.len() > 100
            {
                None
            } else {
                db::tickets::customer(
                    &mut tx,
                    form.customer_id.trim(),
                    (!login.is_empty()).then_some(login),
                )
                .await?
            };
            match &customer {
                None => check(Err(AppError::validation(
                    "customer_id",
                    "Enter the customer ID of an existing company.",
                ))),
                Some(c) if !login.is_empty() && c.customer_user_id.is_none() => {
                    check(Err(AppError::validation(
                        "customer_login",
                        "No customer user with this login belongs to that company.",
                    )))
                }
                _ => {}
            }
            let ids = (|| -> Result<(i16, i32, i16, Option<i32>), AppError> {
                Ok((
                    small("state_id", form.state_id)?,
                    small("queue_id", form.queue_id)?,
                    small("priority_id", form.priority_id)?,
                    form.sla_id.map(|s| small("sla_id", s)).transpose()?,
                ))
            })();
            let (state_id, queue, priority, sla) = match ids {
                Ok(v) => v,
                Err(e) => {
                    check(Err(e));
                    (0, 0, 0, None)
                }
            };
            let state_type = db::tickets::settable_state(&mut tx, state_id).await?;
            if state_type.is_none() {
                check(Err(AppError::validation(
                    "state_id",
                    "Choose one of the listed states.",
                )));
            }
            check(refs(&mut tx, queue, priority, agent.id.0, sla).await);
            let pending = matches!(
                state_type,
                Some(StateType::PendingReminder | StateType::PendingAuto)
            );
            let pending_until = if pending {
                match pending_until(
                    &form.pending_until,
                    authz::time_zone(&agent),
                    chrono::Utc::now(),
                ) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        check(Err(e));
                        None
                    }
                }
            } else {
                None
            };
            let (Some(channel), Ok(title), Ok(body), Some(customer), Some(state_type), true) = (
                channel,
                title,
                body,
                customer,
                state_type,
                errors.is_empty(),
            ) else {
                return Err(AppError::Fields(errors));
            };
            let new = db::tickets::NewTicket {
                title,
                company: customer.company_id,
                customer_user: customer.customer_user_id,
                queue,
                priority,
                state: state_id,
                state_type,
                sla,
                pending_until,
                owner: agent.id,
                first_article: channel.first_article(),
                body,
            };
            let (_, number) = db::tickets::create(&mut tx, &new).await?;
            tx.commit().await?;
            Ok(number)
        }
        .await,
    )
}
