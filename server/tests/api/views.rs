//! View tracking: the CIC and CUIC report views to the background writer, which folds them per agent and
//! object and writes a burst in one statement.
use crate::helpers::TestApp;
use app::{model::ids::AgentId, views::ViewedKind};
use http::StatusCode;
use sqlx::PgPool;
use std::sync::atomic::Ordering;

type Row = (String, i64, bool);

/// (object kind, views, first_seen <= last_seen) of the agent's rows, by kind.
async fn rows(app: &TestApp, agent: &str) -> Vec<Row> {
    sqlx::query_as(
        "SELECT v.object_kind, v.views, v.first_seen <= v.last_seen FROM agent_views v
         JOIN agents a ON a.id = v.agent_id WHERE a.login = $1 ORDER BY 1",
    )
    .bind(agent)
    .fetch_all(&app.pool)
    .await
    .expect("views")
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_record_who_saw_what_first_and_last(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    for _ in 0..3 {
        let res = app.get("/customers/ACME-01", Some(&agent)).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let res = app.get("/customer-users/anna", Some(&agent)).await;
    assert_eq!(res.status, StatusCode::OK);
    // A page that was not shown is not a view.
    assert_eq!(
        app.get("/customers/NOPE-1", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
    app.views.flush().await;
    assert_eq!(
        rows(&app, "agent").await,
        vec![
            ("company".into(), 3, true),
            ("customer_user".into(), 1, true)
        ]
    );
    // Later views move last_seen and keep first_seen.
    let before: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
        "SELECT first_seen, last_seen FROM agent_views WHERE object_kind = 'company'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("times");
    app.get("/customers/ACME-01", Some(&agent)).await;
    app.views.flush().await;
    let after: (
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
        i64,
    ) = sqlx::query_as(
        "SELECT first_seen, last_seen, views FROM agent_views WHERE object_kind = 'company'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("times");
    assert_eq!(after.0, before.0);
    assert!(after.1 > before.1);
    assert_eq!(after.2, 4);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_burst_of_views_is_one_statement(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM agents ORDER BY id LIMIT 2")
        .fetch_all(&app.pool)
        .await
        .expect("agents");
    let batches = app.views.stats.batches.load(Ordering::Relaxed);
    for i in 0..500 {
        let agent = AgentId(ids[i % 2]);
        app.views.seen(agent, ViewedKind::Company, (i % 50) as i64);
    }
    app.views.flush().await;
    let written = app.views.stats.batches.load(Ordering::Relaxed) - batches;
    // One batch, or two when the writer's one-second tick fell inside the burst.
    assert!(
        (1..=2).contains(&written),
        "{written} statements for 500 views"
    );
    let (keys, views): (i64, i64) =
        sqlx::query_as("SELECT count(*), sum(views)::bigint FROM agent_views")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!((keys, views), (50, 500), "folded per agent and object");
    assert_eq!(app.views.stats.dropped.load(Ordering::Relaxed), 0);
}
