//! A new ticket from the agent's form: every field parsed and every reference checked (each bad one
//! reported at once, a database error returned at once), then the ticket and its first article written, in
//! one transaction.
use crate::{
    db,
    error::{AppError, FieldErrors, Rule},
    model::{
        ids::{PriorityId, QueueId, SlaId, StateId},
        input::Text,
        ticket_edit::{Channel, NewTicketForm},
        time,
        viewer::AgentViewer,
    },
    service::ticket::check_refs,
};
use sqlx::PgPool;

/// Creates the ticket; returns its number.
pub async fn create(
    pool: &PgPool,
    agent: &AgentViewer,
    addr: &str,
    form: &NewTicketForm,
) -> Result<String, AppError> {
    // Every field is checked and every bad one reported; a database error is returned at once.
    let mut fields = FieldErrors::default();
    let channel = form.channel;
    let title = fields.check(Text::<255>::parse("title", &form.title, "a title"))?;
    let body = fields.check(Text::<100_000>::parse_lines(
        "body",
        &form.body,
        "the text of the first article",
    ))?;
    let login = form.customer_login.trim();
    if channel == Channel::Email && login.is_empty() {
        fields.add("customer_login", Rule::NeedsCustomerUser);
    }
    let actor = db::changes::Actor::Agent(agent.id);
    let mut tx = db::changes::begin(pool, actor, addr).await?;
    let customer =
        if form.customer_id.trim().is_empty() || form.customer_id.len() > 64 || login.len() > 100 {
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
        None => fields.add("customer_id", Rule::ExistingCompany),
        Some(c) if !login.is_empty() && c.customer_user_id.is_none() => {
            fields.add("customer_login", Rule::NotOfCompany)
        }
        _ => {}
    }
    let (contract, contract_item) = contract(&mut tx, form, customer.as_ref(), &mut fields).await?;
    let state_id = fields.check(StateId::parse("state_id", form.state_id))?;
    let queue = fields.check(QueueId::parse("queue_id", form.queue_id))?;
    let priority = fields.check(PriorityId::parse("priority_id", form.priority_id))?;
    let sla = fields.check(form.sla_id.map(|s| SlaId::parse("sla_id", s)).transpose())?;
    let state_type = match state_id {
        Some(id) => db::tickets::settable_state(&mut tx, id).await?,
        None => None,
    };
    if state_type.is_none() && !fields.has("state_id") {
        fields.add("state_id", Rule::NotListed("states"));
    }
    if let (Some(queue), Some(priority), Some(sla)) = (queue, priority, sla) {
        fields.check(check_refs(&mut tx, queue, priority, agent.id, sla).await)?;
    }
    let pending_until = match state_type {
        Some(t) if t.is_pending() => fields.check(time::parse_future_local(
            "pending_until",
            &form.pending_until,
            crate::session::time_zone(agent),
            chrono::Utc::now(),
        ))?,
        _ => None,
    };
    fields.finish()?;
    let (
        Some(title),
        Some(body),
        Some(customer),
        Some(state_id),
        Some(state_type),
        Some(queue),
        Some(priority),
        Some(sla),
    ) = (
        title, body, customer, state_id, state_type, queue, priority, sla,
    )
    else {
        return Err(AppError::Internal);
    };
    let new = db::tickets::NewTicket {
        title: title.into_inner(),
        company: customer.company_id,
        customer_user: customer.customer_user_id,
        queue,
        priority,
        state: state_id,
        state_type,
        sla,
        contract,
        contract_item,
        pending_until,
        owner: agent.id,
        first_article: channel.first_article(),
        body: body.into_inner(),
    };
    let (_, number) = db::tickets::create(&mut tx, &new).await?;
    tx.commit().await?;
    Ok(number)
}

/// "Initiate service": the form's contract must be the company's and active now (in the company's time
/// zone), and its covered item one of the contract's. Ids of (contract, item); field errors are collected.
async fn contract(
    conn: &mut sqlx::PgConnection,
    form: &NewTicketForm,
    customer: Option<&db::tickets::Customer>,
    fields: &mut FieldErrors,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    let number = form.contract.trim();
    if number.is_empty() {
        return Ok((None, None));
    }
    let found = match number.len() {
        ..=40 => db::contracts::by_number(&mut *conn, number, chrono::Utc::now()).await?,
        _ => None,
    };
    match found {
        None => fields.add("contract", Rule::NoSuchContract),
        Some(k) if customer.is_some_and(|c| c.company_id.0 != k.company_id) => {
            fields.add("contract", Rule::ContractNotOfCompany)
        }
        Some(k) if k.status != "active" => fields.add("contract", Rule::ContractInactive(k.status)),
        Some(k) => match form.contract_item {
            Some(item) if !k.items.iter().any(|i| i.0 == item) => {
                fields.add("contract_item", Rule::NotListed("covered items"))
            }
            item => return Ok((Some(k.id), item)),
        },
    }
    Ok((None, None))
}
