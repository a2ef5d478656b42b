use server::generator::{self, Options};
use sqlx::PgPool;

async fn generate(pool: &PgPool, tickets: i64) {
    let o = Options {
        companies: 12,
        tickets,
        users_per_company: 3,
        if_empty: false,
    };
    generator::run(pool, &o).await.expect("generate");
}

#[sqlx::test(migrations = "../migrations")]
async fn migrations_apply_to_an_empty_database(pool: PgPool) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    for t in [
        "agents",
        "articles",
        "changes",
        "companies",
        "customer_user_companies",
        "customer_users",
        "sessions",
        "sign_in_events",
        "tickets",
        "ticket_counts",
        "widget_prefs",
    ] {
        assert!(tables.iter().any(|x| x == t), "table {t} exists");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn counters_equal_a_plain_count(pool: PgPool) {
    generate(&pool, 3000).await;
    // Change tickets in every way the counters key on, then compare with count(*).
    sqlx::query("UPDATE tickets SET state_id = 2, state_type = 'open', locked = true WHERE id % 11 = 0 AND state_type = 'new'")
        .execute(&pool).await.expect("open");
    sqlx::query("UPDATE tickets SET queue_id = (SELECT min(id) FROM queues), owner_id = (SELECT max(id) FROM agents) WHERE id % 13 = 0")
        .execute(&pool).await.expect("move");
    // (A ticket moving company leaves its contract behind: the composite key allows no other.)
    sqlx::query("UPDATE tickets SET company_id = (SELECT max(id) FROM companies), customer_user_id = NULL, contract_id = NULL WHERE id % 17 = 0")
        .execute(&pool).await.expect("company");
    sqlx::query("DELETE FROM tickets WHERE id % 19 = 0")
        .execute(&pool)
        .await
        .expect("delete");
    let mismatches: i64 = sqlx::query_scalar(
        r#"SELECT count(*) FROM (
             SELECT company_id, state_type, queue_id, owner_id, locked, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4, 5
           ) t FULL JOIN (SELECT * FROM ticket_counts WHERE n > 0) c USING (company_id, state_type, queue_id, owner_id, locked)
           WHERE t.n IS DISTINCT FROM c.n"#,
    )
    .fetch_one(&pool)
    .await
    .expect("compare");
    assert_eq!(mismatches, 0);
    let user_mismatches: i64 = sqlx::query_scalar(
        r#"SELECT count(*) FROM (
             SELECT customer_user_id, state_type, count(*) AS n FROM tickets WHERE customer_user_id IS NOT NULL GROUP BY 1, 2
           ) t FULL JOIN (SELECT * FROM customer_user_ticket_counts WHERE n > 0) c USING (customer_user_id, state_type)
           WHERE t.n IS DISTINCT FROM c.n"#,
    )
    .fetch_one(&pool)
    .await
    .expect("compare users");
    assert_eq!(user_mismatches, 0);
    // The Organizations list's per-company open totals (issue 18): every company has one, and it is exact.
    let total_mismatches: i64 = sqlx::query_scalar(
        r#"SELECT count(*) FROM companies c
           LEFT JOIN company_open_totals o ON o.company_id = c.id
           WHERE o.open IS DISTINCT FROM (SELECT count(*) FROM tickets t
                                          WHERE t.company_id = c.id AND is_open(t.state_type))"#,
    )
    .fetch_one(&pool)
    .await
    .expect("compare totals");
    assert_eq!(total_mismatches, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn generated_data_follows_the_spec(pool: PgPool) {
    generate(&pool, 5000).await;
    // State mix: about 85 % closed, 5 % open, 3 % new, 4 % pending, 3 % merged or removed.
    let (closed, open, new, pending, gone, total): (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        r#"SELECT count(*) FILTER (WHERE state_type = 'closed'), count(*) FILTER (WHERE state_type = 'open'),
                  count(*) FILTER (WHERE state_type = 'new'),
                  count(*) FILTER (WHERE state_type IN ('pending_reminder', 'pending_auto')),
                  count(*) FILTER (WHERE state_type IN ('merged', 'removed')), count(*) FROM tickets"#,
    )
    .fetch_one(&pool)
    .await
    .expect("mix");
    assert_eq!(total, 5000);
    let pct = |n: i64| n * 100 / total;
    assert!((82..=88).contains(&pct(closed)), "closed {closed}");
    assert!((3..=7).contains(&pct(open)), "open {open}");
    assert!((2..=4).contains(&pct(new)), "new {new}");
    assert!((3..=5).contains(&pct(pending)), "pending {pending}");
    assert!((2..=4).contains(&pct(gone)), "merged/removed {gone}");

    // Company sizes: one company ≈ 10 %, one ≈ 1 %.
    let sizes: Vec<i64> =
        sqlx::query_scalar("SELECT count(*) FROM tickets GROUP BY company_id ORDER BY 1 DESC")
            .fetch_all(&pool)
            .await
            .expect("sizes");
    assert_eq!(sizes[0], 500);
    assert!(sizes.contains(&50));

    // Due times: only while the state escalates, each from the SLA, escalation_at the earliest.
    let wrong: i64 = sqlx::query_scalar(
        r#"SELECT count(*) FROM tickets t LEFT JOIN slas s ON s.id = t.sla_id WHERE
             (t.state_type NOT IN ('new', 'open') AND (t.first_response_due IS NOT NULL OR t.update_due IS NOT NULL
                                                       OR t.solution_due IS NOT NULL OR t.escalation_at IS NOT NULL))
          OR (t.state_type IN ('new', 'open') AND s.id IS NOT NULL AND (
                t.solution_due IS DISTINCT FROM t.created_at + make_interval(mins => s.solution_minutes)
             OR t.first_response_due IS DISTINCT FROM
                  CASE WHEN t.first_response_at IS NULL THEN t.created_at + make_interval(mins => s.first_response_minutes) END
             OR t.update_due IS DISTINCT FROM t.last_customer_article_at + make_interval(mins => s.update_minutes)))
          OR t.escalation_at IS DISTINCT FROM least(t.first_response_due, t.update_due, t.solution_due)
          OR (t.pending_until IS NOT NULL) <> (t.state_type IN ('pending_reminder', 'pending_auto'))"#,
    )
    .fetch_one(&pool)
    .await
    .expect("due times");
    assert_eq!(wrong, 0);

    // The demo company has data for every CIC widget.
    let (escalated, reminders, locked_by_agent, in_my_queues, users, linked): (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        r#"SELECT
             (SELECT count(*) FROM tickets t WHERE t.company_id = c.id AND t.escalation_at <= now()),
             (SELECT count(*) FROM tickets t WHERE t.company_id = c.id AND t.state_type = 'pending_reminder' AND t.pending_until <= now()),
             (SELECT count(*) FROM tickets t JOIN agents a ON a.id = t.owner_id WHERE t.company_id = c.id AND t.locked AND a.login = 'agent'),
             (SELECT count(*) FROM tickets t JOIN agent_queues aq ON aq.queue_id = t.queue_id JOIN agents a ON a.id = aq.agent_id
               WHERE t.company_id = c.id AND a.login = 'agent' AND t.state_type IN ('new', 'open')),
             (SELECT count(*) FROM customer_user_companies l WHERE l.company_id = c.id),
             (SELECT count(*) FROM customer_user_companies l JOIN customer_users u ON u.id = l.customer_user_id
               WHERE u.company_id <> l.company_id)
           FROM companies c WHERE c.customer_id = 'ACME-01'"#,
    )
    .fetch_one(&pool)
    .await
    .expect("demo company");
    assert!(
        escalated > 0 && reminders > 0 && locked_by_agent > 0 && in_my_queues > 0,
        "{escalated} {reminders} {locked_by_agent} {in_my_queues}"
    );
    assert!(users >= 10);
    assert!(linked > 0, "some contacts belong to more than one company");

    // The generator skips foreign-key checks for speed, so check what they would have: no dangling
    // reference, and each ticket's customer user belongs to the ticket's company.
    let dangling: i64 = sqlx::query_scalar(
        r#"SELECT (SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = t.company_id)
                     OR NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = t.owner_id)
                     OR NOT EXISTS (SELECT 1 FROM queues q WHERE q.id = t.queue_id)
                     OR (t.sla_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM slas s WHERE s.id = t.sla_id))
                     OR (t.customer_user_id IS NOT NULL AND NOT EXISTS (
                           SELECT 1 FROM customer_user_companies l
                           WHERE l.customer_user_id = t.customer_user_id AND l.company_id = t.company_id)))
                + (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = a.ticket_id))
                + (SELECT count(*) FROM customer_users u WHERE NOT EXISTS (
                     SELECT 1 FROM customer_user_companies l WHERE l.customer_user_id = u.id AND l.company_id = u.company_id))
                + (SELECT count(*) FROM customer_tasks k WHERE k.customer_user_id IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM customer_user_companies l
                     WHERE l.customer_user_id = k.customer_user_id AND l.company_id = k.company_id))"#,
    )
    .fetch_one(&pool)
    .await
    .expect("integrity");
    assert_eq!(dangling, 0);

    // Every ticket has its customer's article; internal notes are never customer-visible.
    let without: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.ticket_id = t.id)",
    )
    .fetch_one(&pool)
    .await
    .expect("articles");
    assert_eq!(without, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn generation_refuses_a_full_database_and_if_empty_is_a_no_op(pool: PgPool) {
    generate(&pool, 500).await;
    let digest = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT md5(string_agg(number || title || state_id, ',' ORDER BY number)) FROM tickets",
        )
        .fetch_one(&pool)
        .await
        .expect("digest")
    };
    let first = digest().await;
    let o = Options {
        companies: 12,
        tickets: 500,
        users_per_company: 3,
        if_empty: false,
    };
    assert!(
        generator::run(&pool, &o).await.is_err(),
        "refuses to add to existing data"
    );
    let o = Options {
        if_empty: true,
        ..o
    };
    assert!(
        generator::run(&pool, &o).await.is_ok(),
        "--if-empty is a no-op"
    );
    assert_eq!(digest().await, first);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_generated_database_carries_the_generator_version(pool: PgPool) {
    generate(&pool, 100).await;
    let stamp: Option<String> = sqlx::query_scalar(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()",
    )
    .fetch_one(&pool)
    .await
    .expect("comment");
    assert_eq!(stamp.as_deref(), Some(generator::version().as_str()));
    assert!(generator::version().starts_with("panorama-generator "));
}
