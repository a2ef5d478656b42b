//! The ticket page and ticket creation: due times and `escalation_at` for each event, exact counters,
//! optimistic concurrency, validation at the field.
use crate::helpers::TestApp;
use app::model::ticket_edit::TicketView;
use chrono::{DateTime, Duration, Utc};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

type Times = (
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// (created, first response due, update due, solution due, escalation_at) as stored.
async fn times(pool: &PgPool, number: &str) -> Times {
    sqlx::query_as(
        "SELECT created_at, first_response_due, update_due, solution_due, escalation_at FROM tickets WHERE number = $1",
    )
    .bind(number)
    .fetch_one(pool)
    .await
    .expect("ticket")
}

async fn id_of(pool: &PgPool, table: &str, name: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT id::bigint FROM {table} WHERE name = $1"))
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("id")
}

fn minutes(a: DateTime<Utc>, b: Option<DateTime<Utc>>) -> i64 {
    (b.expect("due time set") - a).num_minutes()
}

async fn create(app: &TestApp, cookie: &str, form: Value) -> (StatusCode, String) {
    let res = app
        .post_json("/api/create_ticket", &json!({ "form": form }), Some(cookie))
        .await;
    (res.status, res.body)
}

async fn form(app: &TestApp, channel: &str, sla: Option<i64>) -> Value {
    json!({
        "customer_id": "ACME-01", "customer_login": "anna", "channel": channel,
        "title": "Printer on fire", "queue_id": id_of(&app.pool, "queues", "Support").await,
        "priority_id": 3, "state_id": 1, "sla_id": sla, "pending_until": "", "body": "It is burning."
    })
}

async fn page(app: &TestApp, cookie: &str, number: &str) -> TicketView {
    let res = app
        .post(
            "/api/ticket_page",
            &format!("number={number}"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("ticket view")
}

async fn change(
    app: &TestApp,
    cookie: &str,
    number: &str,
    version: i32,
    change: Value,
) -> (StatusCode, String) {
    let res = app
        .post_json(
            "/api/change_ticket",
            &json!({ "number": number, "version": version, "change": change }),
            Some(cookie),
        )
        .await;
    (res.status, res.body)
}

/// The fields form with the ticket's current values, overridden by `v`.
fn fields(t: &TicketView, v: Value) -> Value {
    let mut f = json!({
        "state_id": t.state_id, "queue_id": t.queue_id, "priority_id": t.priority_id,
        "owner_id": t.owner_id, "sla_id": t.sla_id, "pending_until": ""
    });
    for (k, val) in v.as_object().expect("object") {
        f[k] = val.clone();
    }
    json!({ "Fields": f })
}

#[sqlx::test(migrations = "../migrations")]
async fn due_times_follow_every_event(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let standard = id_of(&app.pool, "slas", "Standard").await; // 240 / 480 / 2880 minutes
    let premium = id_of(&app.pool, "slas", "Premium").await; // 60 / 240 / 1440

    // Create (phone): the customer's call starts first response, update and solution clocks.
    let (status, body) = create(&app, &agent, form(&app, "phone", Some(standard)).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let number: String = serde_json::from_str(&body).expect("number");
    let (created, fr, upd, sol, esc) = times(&app.pool, &number).await;
    assert_eq!(minutes(created, fr), 240);
    assert_eq!(minutes(created, upd), 480);
    assert_eq!(minutes(created, sol), 2880);
    assert_eq!(esc, fr, "escalation_at is the earliest due time");

    // First agent reply visible to the customer: first response is met.
    let t = page(&app, &agent, &number).await;
    let reply = json!({ "Article": { "kind": "Reply", "body": "We are on it." } });
    assert_eq!(
        change(&app, &agent, &number, t.version, reply).await.0,
        StatusCode::OK
    );
    let (_, fr, upd, _, esc) = times(&app.pool, &number).await;
    assert_eq!(fr, None);
    assert_eq!(esc, upd);

    // An internal note changes no clock.
    let t = page(&app, &agent, &number).await;
    let note = json!({ "Article": { "kind": "InternalNote", "body": "Check the fuser." } });
    assert_eq!(
        change(&app, &agent, &number, t.version, note).await.0,
        StatusCode::OK
    );
    assert_eq!(times(&app.pool, &number).await.2, upd);

    // SLA change: every due time is recomputed from the new SLA.
    let t = page(&app, &agent, &number).await;
    let (s, b) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "sla_id": premium })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (created, fr, upd, sol, esc) = times(&app.pool, &number).await;
    assert_eq!(fr, None, "a met first response stays met");
    assert_eq!(minutes(created, sol), 1440);
    assert_eq!(esc, [upd, sol].into_iter().flatten().min());
    let upd_premium = upd.expect("update due");

    // Pending: the clocks pause (no due times at all).
    let t = page(&app, &agent, &number).await;
    let pending = t
        .choices
        .states
        .iter()
        .find(|s| s.name == "pending reminder")
        .expect("state")
        .id;
    let until = (Utc::now() + Duration::days(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (s, b) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "state_id": pending, "pending_until": until })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, fr, upd, sol, esc) = times(&app.pool, &number).await;
    assert_eq!((fr, upd, sol, esc), (None, None, None, None));
    let after = page(&app, &agent, &number).await;
    assert!(after.due.is_empty());
    assert!(!after.pending_until.is_empty());

    // Reopen: the clocks run again from the same origins.
    let (s, _) = change(
        &app,
        &agent,
        &number,
        after.version,
        fields(&after, json!({ "state_id": 2 })),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (created, _, upd, sol, esc) = times(&app.pool, &number).await;
    assert_eq!(upd, Some(upd_premium));
    assert_eq!(minutes(created, sol), 1440);
    assert!(esc.is_some());

    // A customer article (Anna replies in the portal) restarts the update clock from its time.
    let id: i64 = sqlx::query_scalar("SELECT id FROM tickets WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.pool)
        .await
        .expect("id");
    let anna = app.sign_in("Contact", "anna").await;
    let res = app
        .post(
            "/api/reply_request",
            &format!("id={id}&body=Still+burning"),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let last: DateTime<Utc> =
        sqlx::query_scalar("SELECT last_customer_article_at FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("time");
    let (_, _, upd2, _, _) = times(&app.pool, &number).await;
    assert_eq!(minutes(last, upd2), 240);
    assert!(upd2 > Some(upd_premium));

    // Close: nothing is due any more.
    let t = page(&app, &agent, &number).await;
    let closed = t
        .choices
        .states
        .iter()
        .find(|s| s.name == "closed successful")
        .expect("state")
        .id;
    let (s, _) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "state_id": closed })),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, fr, upd, sol, esc) = times(&app.pool, &number).await;
    assert_eq!((fr, upd, sol, esc), (None, None, None, None));

    // An email ticket is itself the first response: only solution (and no update) is due.
    let (s, body) = create(&app, &agent, form(&app, "email", Some(standard)).await).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let email: String = serde_json::from_str(&body).expect("number");
    let (created, fr, upd, sol, esc) = times(&app.pool, &email).await;
    assert_eq!((fr, upd), (None, None));
    assert_eq!(minutes(created, sol), 2880);
    assert_eq!(esc, sol);
    let view = page(&app, &agent, &email).await;
    assert!(
        view.articles[0].kind.contains("not sent"),
        "{:?}",
        view.articles[0]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn counters_stay_exact_through_create_and_changes(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let exact = "SELECT (SELECT coalesce(sum(n), 0) FROM ticket_counts WHERE company_id = c.id AND state_type = 'new')::bigint,
                        (SELECT count(*) FROM tickets WHERE company_id = c.id AND state_type = 'new'),
                        (SELECT coalesce(sum(n), 0) FROM customer_user_ticket_counts cu JOIN customer_users u ON u.id = cu.customer_user_id
                          WHERE u.login = 'anna' AND state_type = 'new')::bigint,
                        (SELECT count(*) FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
                          WHERE u.login = 'anna' AND t.state_type = 'new')
                 FROM companies c WHERE customer_id = 'ACME-01'";
    let before: (i64, i64, i64, i64) = sqlx::query_as(exact)
        .fetch_one(&app.pool)
        .await
        .expect("counts");
    assert_eq!(before.0, before.1);
    let (s, body) = create(&app, &agent, form(&app, "phone", None).await).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let number: String = serde_json::from_str(&body).expect("number");
    let after: (i64, i64, i64, i64) = sqlx::query_as(exact)
        .fetch_one(&app.pool)
        .await
        .expect("counts");
    assert_eq!((after.0, after.2), (before.0 + 1, before.2 + 1));
    assert_eq!((after.0, after.2), (after.1, after.3));
    let t = page(&app, &agent, &number).await;
    assert_eq!(
        change(&app, &agent, &number, t.version, json!("Lock"))
            .await
            .0,
        StatusCode::OK
    );
    let t = page(&app, &agent, &number).await;
    assert!(t.locked);
    assert_eq!(t.owner, "agent");
    let (s, _) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "state_id": 2 })),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let moved: (i64, i64, i64, i64) = sqlx::query_as(exact)
        .fetch_one(&app.pool)
        .await
        .expect("counts");
    assert_eq!(moved, before, "the ticket left the new counts again");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_stale_version_is_refused_and_bad_fields_are_named(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let (_, body) = create(&app, &agent, form(&app, "phone", None).await).await;
    let number: String = serde_json::from_str(&body).expect("number");
    let t = page(&app, &agent, &number).await;
    let note = json!({ "Article": { "kind": "InternalNote", "body": "first" } });
    assert_eq!(
        change(&app, &agent, &number, t.version, note.clone())
            .await
            .0,
        StatusCode::OK
    );
    // Someone else saved in between: the old version is refused and nothing is written.
    let (s, b) = change(&app, &agent, &number, t.version, note).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(b.contains("changed by someone else"), "{b}");
    assert_eq!(page(&app, &agent, &number).await.articles.len(), 2);

    let t = page(&app, &agent, &number).await;
    let empty = json!({ "Article": { "kind": "Reply", "body": "   " } });
    let (s, b) = change(&app, &agent, &number, t.version, empty).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("body"), "{b}");
    let past = fields(
        &t,
        json!({ "state_id": 3, "pending_until": "2001-01-01T10:00" }),
    );
    let (s, b) = change(&app, &agent, &number, t.version, past).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("pending_until"), "{b}");
    let (s, b) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "queue_id": 99999, "owner_id": -1 })),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("queue_id") && b.contains("owner_id"), "{b}");
    // A read-only agent owns no tickets: not offered as owner, and refused as one.
    let reader: i64 = sqlx::query_scalar("SELECT id FROM agents WHERE login = 'reader'")
        .fetch_one(&app.pool)
        .await
        .expect("the demo reader");
    assert!(t
        .choices
        .agents
        .iter()
        .all(|a| a.id != reader && a.name != "reader"));
    assert!(t.choices.agents.iter().any(|a| a.name == "agent"));
    let (s, b) = change(
        &app,
        &agent,
        &number,
        t.version,
        fields(&t, json!({ "owner_id": reader })),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("owner_id"), "{b}");

    // Creation: every bad field at once, nothing created.
    let mut bad = form(&app, "email", None).await;
    bad["title"] = json!("");
    bad["customer_login"] = json!("bob"); // belongs to GLOBEX-02, not ACME-01
    let (s, b) = create(&app, &agent, bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("title") && b.contains("customer_login"), "{b}");

    // Missing tickets are 404, for the page and the actions.
    let res = app
        .post("/api/ticket_page", "number=1999", Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        change(&app, &agent, "1999", 1, json!("Lock")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/tickets/1999", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_ticket_page_and_form_render_without_javascript(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let number: String = sqlx::query_scalar("SELECT number FROM tickets ORDER BY id LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .expect("a ticket");
    let res = app.get(&format!("/tickets/{number}"), Some(&agent)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains(&format!("Ticket {number}")));
    assert!(res.body.contains("Articles") && res.body.contains("Add article"));
    let res = app
        .get(
            "/tickets/new?type=phone&company=ACME-01&customer_user=anna",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("New phone ticket") && res.body.contains("Anna Anders"));
    let res = app
        .get(
            "/tickets/new?type=phone&company=ACME-01&customer_user=bob",
            Some(&agent),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "bob is not a customer user of ACME-01"
    );
}
