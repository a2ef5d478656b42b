//! The Overview (issue 20, part 6): business events from the change record — a ticket created and closed,
//! an activity logged, the account's details changed — newest first, filtered by kind, keyset paged, each
//! linking to its object; field-only ticket updates are not events; other companies' events never show;
//! the widget has buttons, the page links; a bad kind or position is a 404.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

async fn overview(app: &TestApp, cookie: &str, args: &str) -> (StatusCode, String) {
    let res = app.post("/api/overview_page", args, Some(cookie)).await;
    let markup = serde_json::from_str::<(String, String)>(&res.body)
        .map(|(_, m)| m)
        .unwrap_or(res.body);
    (res.status, markup)
}

#[sqlx::test(migrations = "../migrations")]
async fn business_events_newest_first_filtered_and_paged(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let queue: i32 = sqlx::query_scalar("SELECT id FROM queues WHERE name = 'Support'")
        .fetch_one(&app.pool)
        .await
        .expect("queue");
    let ticket = json!({ "form": {
        "customer_id": "ACME-01", "customer_login": "anna", "channel": "phone", "title": "Overview probe",
        "queue_id": queue, "priority_id": 3, "state_id": 1, "sla_id": null, "pending_until": "", "body": "Hello"
    } });
    let res = app
        .post_json("/api/create_ticket", &ticket, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let number: String = serde_json::from_str(&res.body).expect("number");
    let res = app
        .post_json(
            "/api/change_activity",
            &json!({ "customer_id": "ACME-01", "change": { "Save": { "id": null, "version": 0,
                "kind": "meeting", "subject": "Roadmap review", "body": "", "happened": "2026-11-30T09:15",
                "minutes": "", "people": [] } } }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The ticket: a priority change (not an event), then closed (an event), as the agent.
    let agent_id: i64 = sqlx::query_scalar("SELECT id FROM agents WHERE login = 'agent'")
        .fetch_one(&app.pool)
        .await
        .expect("agent");
    let actor = app::db::changes::Actor::Agent(app::model::ids::AgentId(agent_id));
    for change in [
        "UPDATE tickets SET priority_id = 4 WHERE number = $1",
        "UPDATE tickets SET (state_id, state_type) =
           (SELECT id, type FROM states WHERE type = 'closed' ORDER BY id LIMIT 1) WHERE number = $1",
    ] {
        let mut tx = app::db::changes::begin(&app.pool, actor, "test")
            .await
            .expect("tx");
        sqlx::query(change)
            .bind(&number)
            .execute(&mut *tx)
            .await
            .expect("update");
        tx.commit().await.expect("commit");
    }

    let (status, all) = overview(&app, &agent, "customer_id=ACME-01").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let closed = all.find("<strong>Ticket closed</strong>").expect(&all);
    let logged = all
        .find("<strong>Activity logged</strong> · <a href=\"/customers/ACME-01#widget-activities\">Roadmap review</a>")
        .expect(&all);
    let created = all.find("<strong>Ticket created</strong>").expect(&all);
    assert!(closed < logged && logged < created, "newest first: {all}");
    assert_eq!(
        all.matches("<li").count(),
        3,
        "the priority change is History's: {all}"
    );
    assert!(all.contains(&format!(
        "<a href=\"/tickets/{number}\">{number} Overview probe</a>"
    )));
    assert!(
        all.contains("data-act=\"filter\" data-arg=\"activities|\""),
        "widget buttons"
    );
    assert!(all.contains("by agent"), "{all}");

    let (_, only) = overview(&app, &agent, "customer_id=ACME-01&kind=activities").await;
    assert_eq!(only.matches("<li").count(), 1, "{only}");
    assert!(only.contains("Roadmap review"));
    // Older than the newest event: the two before it.
    let newest: i64 = sqlx::query_scalar(
        "SELECT max(id) FROM changes WHERE action = 'ticket_update' AND object_label = $1",
    )
    .bind(&number)
    .fetch_one(&app.pool)
    .await
    .expect("newest");
    let (_, older) = overview(
        &app,
        &agent,
        &format!("customer_id=ACME-01&after={newest}&page=true"),
    )
    .await;
    assert_eq!(older.matches("<li").count(), 2, "{older}");
    assert!(!older.contains("Ticket closed"));
    assert!(
        older.contains("href=\"/customers/ACME-01/overview?kind=tickets\""),
        "the page's filter is links: {older}"
    );

    let (_, globex) = overview(&app, &agent, "customer_id=GLOBEX-02").await;
    assert!(!globex.contains("Roadmap review") && !globex.contains(&number));
    for bad in ["kind=bananas", "after=x"] {
        let (status, _) = overview(&app, &agent, &format!("customer_id=ACME-01&{bad}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
    let page = app.get("/customers/ACME-01/overview", Some(&agent)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Roadmap review"),
        "rendered on the server"
    );
    let missing = app.get("/customers/ACME-01/nothing", Some(&agent)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
