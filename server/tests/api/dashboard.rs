use app::{
    db::counts,
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
    let got = counts::counts(pool, company, agent, now)
        .await
        .expect("counts");
    for w in app::model::dashboard::Board::Cic
        .widgets()
        .into_iter()
        .filter(|w| w.is_ticket_list())
    {
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

/// The due-set counters hold, key by key, exactly the tickets due at the watermark (no key missing, none extra).
async fn assert_due_counters_exact(pool: &PgPool) {
    let wrong: i64 = sqlx::query_scalar(
        "WITH w AS (SELECT at FROM due_watermark),
              want AS (
                SELECT company_id, 'escalated'::due_kind AS kind, queue_id, owner_id, locked, count(*) AS n
                FROM tickets WHERE escalation_at <= (SELECT at FROM w) GROUP BY 1, 2, 3, 4, 5
                UNION ALL
                SELECT company_id, 'reminder'::due_kind, queue_id, owner_id, locked, count(*) FROM tickets
                WHERE state_type = 'pending_reminder' AND pending_until <= (SELECT at FROM w) GROUP BY 1, 2, 3, 4, 5),
              got AS (SELECT company_id, kind, queue_id, owner_id, locked, n FROM due_counts WHERE n > 0)
         SELECT count(*) FROM ((SELECT * FROM want EXCEPT SELECT * FROM got)
                               UNION ALL (SELECT * FROM got EXCEPT SELECT * FROM want)) x",
    )
    .fetch_one(pool)
    .await
    .expect("recount");
    assert_eq!(
        wrong, 0,
        "due_counts rows that differ from a recount at the watermark"
    );
}

/// Moves the watermark to the database clock plus `ahead` (negative: no move, it never goes back).
async fn move_watermark(pool: &PgPool, ahead: &str) {
    let moved: bool = sqlx::query_scalar("SELECT due_counts_advance(now() + $1::interval)")
        .bind(ahead)
        .fetch_one(pool)
        .await
        .expect("advance");
    assert!(moved, "nothing else holds the lock here");
}

/// Generated data of the given size, and the ids of the demo company ACME-01 and the demo agent.
async fn generate(pool: &PgPool, companies: i64, tickets: i64) -> (CompanyId, AgentId) {
    let o = Options {
        companies,
        tickets,
        users_per_company: 2,
        if_empty: false,
    };
    generator::run(pool, &o).await.expect("generate");
    sqlx::query_as(
        "SELECT (SELECT id FROM companies WHERE customer_id = 'ACME-01'), (SELECT id FROM agents WHERE login = 'agent')",
    )
    .fetch_one(pool)
    .await
    .expect("ids")
}

#[sqlx::test(migrations = "../migrations")]
async fn one_aggregate_query_equals_plain_counts_through_ticket_changes(pool: PgPool) {
    let (company, agent) = generate(&pool, 6, 3000).await;
    assert_counts_match(&pool, company, agent).await;
    assert_due_counters_exact(&pool).await;
    let demo = counts::counts(&pool, company, agent, chrono::Utc::now())
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
    // Between changes the watermark moves: to now, and past the page's clock (a view then subtracts the
    // tickets due between its clock and the watermark). The counts must not notice.
    let moves = [
        "0 s", "-1 hour", "2 hours", "0 s", "3 hours", "-1 day", "1 day",
    ];
    for (sql, ahead) in changes.into_iter().zip(moves) {
        sqlx::query(sql)
            .bind(company)
            .bind(agent)
            .execute(&pool)
            .await
            .expect(sql);
        assert_counts_match(&pool, company, agent).await;
        assert_due_counters_exact(&pool).await;
        move_watermark(&pool, ahead).await;
        assert_counts_match(&pool, company, agent).await;
        assert_due_counters_exact(&pool).await;
    }
}

/// Ticket writes racing watermark moves: every write counts its rows against the watermark that stands
/// until it commits, so after any interleaving the counters equal a recount.
#[sqlx::test(migrations = "../migrations")]
async fn due_counters_stay_exact_while_the_watermark_moves_under_concurrent_writes(pool: PgPool) {
    let (company, agent) = generate(&pool, 4, 2000).await;
    // Start far back, so each move sweeps a slice of the generated due times while writers change them.
    sqlx::query("UPDATE due_watermark SET at = now() - interval '30 days'")
        .execute(&pool)
        .await
        .expect("rewind");
    sqlx::query("TRUNCATE due_counts")
        .execute(&pool)
        .await
        .expect("reset");
    sqlx::query(
        "INSERT INTO due_counts (company_id, kind, queue_id, owner_id, locked, n)
         SELECT company_id, 'escalated'::due_kind, queue_id, owner_id, locked, count(*) FROM tickets
         WHERE escalation_at <= now() - interval '30 days' GROUP BY 1, 3, 4, 5
         UNION ALL
         SELECT company_id, 'reminder'::due_kind, queue_id, owner_id, locked, count(*) FROM tickets
         WHERE state_type = 'pending_reminder' AND pending_until <= now() - interval '30 days' GROUP BY 1, 3, 4, 5",
    )
    .execute(&pool)
    .await
    .expect("recount at the rewound watermark");
    assert_due_counters_exact(&pool).await;

    // Three writers, each on its own tickets (id % 3), flip locks, re-time SLAs (moving escalation_at across
    // the watermark) and pend or reopen. Two writers can still deadlock on shared counter rows, which Postgres
    // breaks by failing one; that is not what this test is about, so a writer retries then.
    let writes = [
        "UPDATE tickets SET locked = NOT locked WHERE id % 3 = $2 AND id % 17 = $1 AND state_type IN ('new', 'open')",
        "UPDATE tickets SET created_at = created_at - interval '2 days' WHERE id % 3 = $2 AND id % 13 = $1
         AND state_type IN ('new', 'open')",
        "UPDATE tickets SET state_id = 3, state_type = 'pending_reminder', pending_until = now() - interval '10 days'
         WHERE id % 3 = $2 AND id % 19 = $1 AND state_type = 'open'",
        "UPDATE tickets SET state_id = 2, state_type = 'open', pending_until = NULL
         WHERE id % 3 = $2 AND id % 23 = $1 AND state_type = 'pending_reminder'",
    ];
    let mut tasks = Vec::new();
    for w in 0..3i64 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..40i64 {
                let sql = writes[((i + w) % 4) as usize];
                for attempt in 0.. {
                    match sqlx::query(sql)
                        .bind((i * 7 + w) % 13)
                        .bind(w)
                        .execute(&pool)
                        .await
                    {
                        Ok(_) => break,
                        Err(sqlx::Error::Database(e))
                            if e.code().as_deref() == Some("40P01") && attempt < 5 => {}
                        Err(e) => panic!("{sql}: {e}"),
                    }
                }
            }
        }));
    }
    let mover = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut moved = 0;
            for day in (0..=30).rev() {
                let upto: bool = sqlx::query_scalar(
                    "SELECT due_counts_advance(now() - make_interval(days => $1))",
                )
                .bind(day)
                .fetch_one(&pool)
                .await
                .expect("advance");
                moved += i32::from(upto);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            moved
        })
    };
    for t in tasks {
        t.await.expect("writer");
    }
    let moved = mover.await.expect("mover");
    assert!(
        moved > 0,
        "the watermark moved at least once during the writes"
    );
    assert_due_counters_exact(&pool).await;
    move_watermark(&pool, "0 s").await;
    assert_due_counters_exact(&pool).await;
    assert_counts_match(&pool, company, agent).await;
}
