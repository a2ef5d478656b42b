//! The ticket page and the ticket forms on the server: a ticket as the page shows it (times in the agent's
//! zone, articles named by who sent them how), the forms' choices, and the check of a form's references.
use crate::{
    db::{
        self,
        tickets::{ArticleRow, Choices, Detail},
    },
    error::{AppError, FieldErrors, Rule},
    model::{
        ids::{AgentId, PriorityId, QueueId, SlaId},
        ticket_edit::{ArticleView, Choice, Due, StateChoice, TicketChoices, TicketView},
        time,
    },
};
use chrono::{DateTime, Utc};

pub fn choices_of(c: Choices) -> TicketChoices {
    fn pair<I: Into<i64>>(v: Vec<(I, String)>) -> Vec<Choice> {
        v.into_iter()
            .map(|(id, name)| Choice {
                id: id.into(),
                name,
            })
            .collect()
    }
    TicketChoices {
        states: c
            .states
            .into_iter()
            .map(|(id, name, t)| StateChoice {
                id: id.into(),
                name,
                pending: t.is_pending(),
            })
            .collect(),
        queues: pair(c.queues),
        priorities: pair(c.priorities),
        agents: pair(c.agents),
        slas: pair(c.slas),
    }
}

/// Checks the references of a ticket form, reporting every bad one at its field.
pub async fn check_refs(
    conn: &mut sqlx::PgConnection,
    queue: QueueId,
    priority: PriorityId,
    owner: AgentId,
    sla: Option<SlaId>,
) -> Result<(), AppError> {
    let (q, p, o, s) = db::tickets::check_refs(conn, queue, priority, owner, sla).await?;
    let mut fields = FieldErrors::default();
    for (ok, field) in [
        (q, "queue_id"),
        (p, "priority_id"),
        (o, "owner_id"),
        (s, "sla_id"),
    ] {
        if !ok {
            fields.add(field, Rule::NotListed("values"));
        }
    }
    fields.finish()
}

/// How the page names an article: who sent it, and how.
fn article_kind(sender: &str, channel: &str) -> &'static str {
    match (sender, channel) {
        (_, "note") => "Internal note",
        ("customer", "phone") => "Phone call from customer",
        ("customer", _) => "From customer",
        ("agent", "phone") => "Phone note",
        ("agent", "email") => "Reply to customer (email recorded, not sent)",
        ("agent", _) => "Agent",
        _ => "System",
    }
}

/// The ticket page's payload (without the viewer's own name, which the caller adds).
pub fn ticket_view(
    t: Detail,
    articles: Vec<ArticleRow>,
    choices: Choices,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    may_end_alerts: bool,
) -> TicketView {
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
            kind: article_kind(&a.sender, &a.channel).to_string(),
            internal: !a.customer_visible,
            from_customer: a.sender == "customer",
            author: a.author,
            body: a.body,
            created: time::local(a.created_at, tz),
            age: time::age(a.created_at, now),
        })
        .collect();
    TicketView {
        number: t.number,
        title: t.title,
        state: t.state,
        state_id: t.state_id.into(),
        state_type: t.state_type,
        queue: t.queue,
        queue_id: t.queue_id.into(),
        priority: t.priority,
        priority_id: t.priority_id.into(),
        owner: t.owner,
        owner_id: t.owner_id.0,
        responsible: t.responsible.unwrap_or_default(),
        locked: t.locked,
        customer_id: t.customer_id,
        company: t.company,
        alerts: crate::model::alert::Banner::of(
            &crate::model::alert::from_json(&t.alerts),
            true,
            may_end_alerts,
        ),
        customer_name: t
            .customer_name
            .or_else(|| t.customer_login.clone())
            .unwrap_or_default(),
        customer_login: t.customer_login,
        sla: t.sla.unwrap_or_default(),
        sla_id: t.sla_id.map(i64::from),
        contract: t.contract,
        contract_item: t.contract_item.unwrap_or_default(),
        covered: t.covered.unwrap_or(true),
        created: time::local(t.created_at, tz),
        changed: time::local(t.changed_at, tz),
        age: time::age(t.created_at, now),
        pending_until: t
            .pending_until
            .map(|p| time::local(p, tz))
            .unwrap_or_default(),
        pending_until_input: t
            .pending_until
            .map(|p| time::local_input(p, tz))
            .unwrap_or_default(),
        due,
        escalated: t.escalation_at.is_some_and(|e| e <= now),
        version: t.version,
        articles,
        choices: choices_of(choices),
        zone: tz.name().to_string(),
    }
}
