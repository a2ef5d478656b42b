//! The CIC's numbers: every tab count of every ticket widget plus Company Status, in one statement.
//! State counts come from the exact counters; the time-dependent sets (escalated, reminder reached) from
//! partial indexes, which stay small because they hold only tickets that can escalate or remind.
use crate::model::{
    dashboard::{TabCounts, WidgetKind},
    ids::{AgentId, CompanyId},
    ticket::CompanyStatus,
};
use sqlx::PgPool;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashboardCounts {
    pub tabs: HashMap<WidgetKind, TabCounts>,
    pub status: CompanyStatus,
}

#[derive(sqlx::FromRow)]
struct Row {
    new_all: i64,
    new_locked: i64,
    new_mq: i64,
    open_all: i64,
    open_locked: i64,
    open_mq: i64,
    open_class: i64,
    closed_class: i64,
    esc_all: i64,
    esc_locked: i64,
    esc_mq: i64,
    rem_all: i64,
    rem_locked: i64,
    rem_mq: i64,
}

pub async fn counts(
    pool: &PgPool,
    company: CompanyId,
    agent: AgentId,
) -> sqlx::Result<DashboardCounts> {
    let r: Row = sqlx::query_as(
        r#"WITH mq AS (SELECT queue_id FROM agent_queues WHERE agent_id = $2),
           c AS (
             SELECT
               coalesce(sum(n) FILTER (WHERE state_type = 'new'), 0)::bigint AS new_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND locked AND owner_id = $2), 0)::bigint AS new_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'new' AND mq.queue_id IS NOT NULL), 0)::bigint AS new_mq,
               coalesce(sum(n) FILTER (WHERE state_type = 'open'), 0)::bigint AS open_all,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND locked AND owner_id = $2), 0)::bigint AS open_locked,
               coalesce(sum(n) FILTER (WHERE state_type = 'open' AND mq.queue_id IS NOT NULL), 0)::bigint AS open_mq,
               coalesce(sum(n) FILTER (WHERE state_type IN ('new', 'open', 'pending_reminder', 'pending_auto')), 0)::bigint
                 AS open_class,
               coalesce(sum(n) FILTER (WHERE state_type = 'closed'), 0)::bigint AS closed_class
             FROM ticket_counts tc LEFT JOIN mq ON mq.queue_id = tc.queue_id
             WHERE tc.company_id = $1),
           e AS (
             SELECT count(*) AS esc_all, count(*) FILTER (WHERE locked AND owner_id = $2) AS esc_locked,
                    count(mq.queue_id) AS esc_mq
             FROM tickets t LEFT JOIN mq ON mq.queue_id = t.queue_id
             WHERE t.company_id = $1 AND t.escalation_at <= now()),
           r AS (
             SELECT count(*) AS rem_all, count(*) FILTER (WHERE locked AND owner_id = $2) AS rem_locked,
                    count(mq.queue_id) AS rem_mq
             FROM tickets t LEFT JOIN mq ON mq.queue_id = t.queue_id
             WHERE t.company_id = $1 AND t.state_type = 'pending_reminder' AND t.pending_until <= now())
           SELECT * FROM c, e, r"#,
    )
    .bind(company)
    .bind(agent)
    .fetch_one(pool)
    .await?;
    let tabs = HashMap::from([
        (
            WidgetKind::NewTickets,
            TabCounts {
                locked: r.new_locked,
                my_queues: r.new_mq,
                all: r.new_all,
            },
        ),
        (
            WidgetKind::OpenTickets,
            TabCounts {
                locked: r.open_locked,
                my_queues: r.open_mq,
                all: r.open_all,
            },
        ),
        (
            WidgetKind::EscalatedTickets,
            TabCounts {
                locked: r.esc_locked,
                my_queues: r.esc_mq,
                all: r.esc_all,
            },
        ),
        (
            WidgetKind::ReminderTickets,
            TabCounts {
                locked: r.rem_locked,
                my_queues: r.rem_mq,
                all: r.rem_all,
            },
        ),
    ]);
    let status = CompanyStatus {
        escalated: r.esc_all,
        open: r.open_class,
        closed: r.closed_class,
        all: r.open_class + r.closed_class,
    };
    Ok(DashboardCounts { tabs, status })
}
