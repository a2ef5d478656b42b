use app::{
    db::dashboard,
    model::{
        dashboard::{TicketTab, WidgetKind},
        ids::{AgentId, CompanyId},
    },
};
use server::generator::{self, Options};
use sqlx::PgPool;

/// Each widget's set, written the plain way: what the linked list would show.
fn widget_filter(w: WidgetKind) -> &'static str {
    match w {
        WidgetKind::NewTickets => "t.state_type = 'new'",
        WidgetKind::OpenTickets => "t.state_type = 'open'",
        WidgetKind::EscalatedTickets => "t.escalation_at <= $3",
        WidgetKind::ReminderTickets => {
            "t.state_type = 'pending_reminder' AND t.pending_until <= $3"
        }
        _ => unreachable!("not a ticket widget"),
    }
}

fn tab_filter(t: TicketTab) -> &'static str {
    match t {
        TicketTab::Locked => "t.locked AND t.owner_id = $2",
        TicketTab::MyQueues => {
            "t.queue_id IN (SELECT queue_id FROM agent_queues WHERE agent_id = $2)"
        }
        TicketTab::All => "true",
    }
}

async fn assert_counts_match(pool: &PgPool, company: CompanyId, agent: AgentId) {
    let now = chrono::Utc::now();
    let got = dashboard::counts(pool, company, agent, now)
        .await
        .expect("counts");
    for w in WidgetKind::CIC.into_iter().filter(|w| w.is_ticket_list()) {
        for t in TicketTab::ALL {
            let sql = format!(
                "SELECT count(*) FROM tickets t WHERE t.company_id = $1 AND {} AND {}",
                widget_filter(w),
                tab_filter(t)
            );
            let want: i64 = sqlx::query_scalar(&sql)
                .bind(company)
                .bind(agent)
                .bind(now)
                .fetch_one(pool)
                .await
                .expect("plain count");
            assert_eq!(got.tabs[&w].get(t), want, "{} / {}", w.title(), t.label());
        }
    }
    let (open, closed): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE state_type IN ('new','open','pending_reminder','pending_auto')),
                count(*) FILTER (WHERE state_type = 'closed') FROM tickets WHERE company_id = $1",
    )
    .bind(company)
    .fetch_one(pool)
    .await
    .expect("status");
    assert_eq!(
        (got.status.open, got.status.closed, got.status.all),
        (open, closed, open + closed)
    );
    assert_eq!(
        got.status.escalated,
        got.tabs[&WidgetKind::EscalatedTickets].all
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn one_aggregate_query_equals_plain_counts_through_ticket_changes(pool: PgPool) {
    let o = Options {
        companies: 6,
        tickets: 3000,
        users_per_company: 3,
        if_empty: false,
    };
    generator::run(&pool, &o).await.expect("generate");
    let (company, agent): (CompanyId, AgentId) = sqlx::query_as(
        "SELECT (SELECT id FROM companies WHERE customer_id = 'ACME-01'), (SELECT id FROM agents WHERE login = 'agent')",
    )
    .fetch_one(&pool)
    .await
    .expect("ids");
    assert_counts_match(&pool, company, agent).await;
    let demo = dashboard::counts(&pool, company, agent, chrono::Utc::now())
        .await
        .expect("counts");
    for w in [
        WidgetKind::NewTickets,
        WidgetKind::OpenTickets,
        WidgetKind::EscalatedTickets,
        WidgetKind::ReminderTickets,
    ] {
        assert!(demo.tabs[&w].all > 0, "the demo company has {}", w.title());
    }

    // A deterministic run of the changes agents make: lock, move, reopen, pend, close, change SLA.
    let changes = [
        "UPDATE tickets SET locked = true, owner_id = $2 WHERE company_id = $1 AND id % 3 = 0 AND state_type IN ('new', 'open')",
        "UPDATE tickets SET queue_id = (SELECT min(queue_id) FROM agent_queues WHERE agent_id = $2) WHERE company_id = $1 AND id % 4 = 1",
        "UPDATE tickets SET state_id = 2, state_type = 'open', pending_until = NULL WHERE company_id = $1 AND state_type = 'pending_reminder' AND id % 2 = 0",
        "UPDATE tickets SET state_id = 3, state_type = 'pending_reminder', pending_until = now() - interval '1 hour' WHERE company_id = $1 AND state_type = 'new' AND id % 2 = 1",
        "UPDATE tickets SET state_id = 6, state_type = 'closed', locked = false WHERE company_id = $1 AND state_type = 'open' AND id % 5 = 0",
        "UPDATE tickets SET sla_id = (SELECT max(id) FROM slas), created_at = now() - interval '3 days' WHERE company_id = $1 AND state_type = 'open' AND id % 7 = 0",
        "UPDATE tickets SET first_response_at = now() WHERE company_id = $1 AND state_type = 'new' AND id % 3 = 0",
    ];
    for sql in changes {
        sqlx::query(sql)
            .bind(company)
            .bind(agent)
            .execute(&pool)
            .await
            .expect(sql);
        assert_counts_match(&pool, company, agent).await;
    }
}
