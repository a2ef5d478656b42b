//! Tasks (issue 20, part 3): a call-back due yesterday is overdue in the widget, in My work and in the top
//! bar's count (from the session lookup) until it is marked done; every bad field at once and nothing
//! stored; who may change a task; foreign and missing ids; the CUIC's own list; the portal role's lack of
//! any grant.
use crate::helpers::{portal_may_not_read, TestApp};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn change(
    app: &TestApp,
    cookie: &str,
    customer_id: &str,
    change: Value,
) -> (StatusCode, String) {
    let res = app
        .post_json(
            "/api/change_task",
            &json!({ "customer_id": customer_id, "change": change }),
            Some(cookie),
        )
        .await;
    let body = serde_json::from_str::<String>(&res.body).unwrap_or(res.body);
    (res.status, body)
}

fn form(kind: &str, title: &str, due: &str, assignee: i64, login: &str) -> Value {
    json!({ "Save": { "id": null, "version": 0, "kind": kind, "title": title, "note": "About the <VPN>",
        "due": due, "assignee": assignee.to_string(), "priority": "high", "login": login } })
}

async fn agent_id(app: &TestApp, login: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM agents WHERE login = $1")
        .bind(login)
        .fetch_one(&app.pool)
        .await
        .expect("agent")
}

async fn task(app: &TestApp, title: &str) -> (i64, i32) {
    sqlx::query_as("SELECT id, version FROM customer_tasks WHERE title = $1")
        .bind(title)
        .fetch_one(&app.pool)
        .await
        .expect("task")
}

/// The top bar's overdue count on a page the agent opens ("" when none).
async fn top_bar_count(app: &TestApp, cookie: &str) -> String {
    let page = app.get("/customers/ACME-01", Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    page.body
        .split_once("data-overdue=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default()
}

async fn my_work(app: &TestApp, cookie: &str) -> String {
    let res = app.post("/api/my_work_page", "", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("markup")
}

/// A `datetime-local` value `days` from now in Berlin (the demo agent's zone).
async fn berlin(app: &TestApp, days: i32) -> String {
    sqlx::query_scalar(
        "SELECT to_char((now() + make_interval(days => $1)) AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD\"T\"HH24:MI')",
    )
    .bind(days)
    .fetch_one(&app.pool)
    .await
    .expect("time")
}

#[sqlx::test(migrations = "../migrations")]
async fn a_call_back_due_yesterday_is_overdue_everywhere_until_done(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let me = agent_id(&app, "agent").await;
    sqlx::query("UPDATE customer_users SET phone = '+49 30 1234567' WHERE login = 'anna'")
        .execute(&app.pool)
        .await
        .expect("phone");
    let before: i64 = top_bar_count(&app, &agent).await.parse().unwrap_or(0);

    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        form(
            "call_back",
            "Call Anna about the VPN",
            &berlin(&app, -1).await,
            me,
            "anna",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let item = body
        .split("aria-label=\"Call Anna about the VPN\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the task's item")
        .to_string();
    assert!(item.contains("<strong>Call-back</strong>"), "{item}");
    assert!(item.contains("Overdue"), "{item}");
    assert!(
        item.contains("High priority · for Alice Agent · call Anna Anders on +49 30 1234567"),
        "{item}"
    );
    assert!(item.contains("About the &lt;VPN&gt;"), "escaped: {item}");
    assert_eq!(
        top_bar_count(&app, &agent).await,
        (before + 1).to_string(),
        "the session lookup counts it"
    );
    let recorded: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, object_label FROM changes WHERE object_kind = 'customer_task' AND actor_label = 'agent'",
    )
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    assert_eq!(
        recorded,
        [("customer_task_create".to_string(), "ACME-01".to_string())]
    );

    // My work: under Overdue, with where it belongs and a plain "Mark done" form.
    let work = my_work(&app, &agent).await;
    let overdue = work
        .split("aria-label=\"Overdue\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("the overdue list");
    assert!(overdue.contains("Call Anna about the VPN"), "{work}");
    assert!(
        overdue.contains("href=\"/customer-users/anna\""),
        "{overdue}"
    );
    assert!(
        overdue.contains("action=\"/api/complete_task\""),
        "{overdue}"
    );
    assert!(work.contains(&format!("{} overdue", before + 1)), "{work}");

    // Marked done from My work (a stale version first): the count goes back.
    let (id, version) = task(&app, "Call Anna about the VPN").await;
    let stale = app
        .post(
            "/api/complete_task",
            &format!("id={id}&version={}", version + 5),
            Some(&agent),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let done = app
        .post(
            "/api/complete_task",
            &format!("id={id}&version={version}"),
            Some(&agent),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let now = top_bar_count(&app, &agent).await;
    assert_eq!(now.parse::<i64>().unwrap_or(0), before, "{now}");
    assert!(!my_work(&app, &agent)
        .await
        .contains("Call Anna about the VPN"));
    let res = app
        .post(
            "/api/tasks_page",
            "customer_id=ACME-01&done=true",
            Some(&agent),
        )
        .await;
    assert!(res.body.contains("Call Anna about the VPN"), "{}", res.body);
    assert!(res.body.contains("Reopen"), "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_bad_field_is_reported_and_nothing_is_stored(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM customer_tasks")
            .fetch_one(&app.pool)
            .await
            .expect("count")
    };
    let before = count().await;
    let bad = json!({ "Save": { "id": null, "version": 0, "kind": "call_back", "title": " ", "note": "",
        "due": "soon", "assignee": "someone", "priority": "urgent", "login": "" } });
    let (status, body) = change(&app, &agent, "ACME-01", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["title", "due", "assignee", "priority", "login"] {
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")),
            "{field}: {body}"
        );
    }
    // A customer user of another company (bob is GLOBEX-02's), and an assignee who may not work tasks.
    let reader = agent_id(&app, "reader").await;
    let me = agent_id(&app, "agent").await;
    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        form("task", "Wrong", &berlin(&app, 1).await, me, "bob"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"field\":\"login\""), "{body}");
    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        form("task", "Wrong", &berlin(&app, 1).await, reader, ""),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"field\":\"assignee\""), "{body}");
    assert_eq!(before, count().await);
}

#[sqlx::test(migrations = "../migrations")]
async fn creators_assignees_and_admins_change_a_task_and_nobody_else(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let other = app.sign_in("Agent", "agent2").await;
    let admin = app.sign_in("Agent", "admin").await;
    let reader = app.sign_in("Agent", "reader").await;
    let me = agent_id(&app, "agent").await;
    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        form("task", "Quote the renewal", &berlin(&app, 2).await, me, ""),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (id, version) = task(&app, "Quote the renewal").await;
    let done = |v: i32| json!({ "Done": { "id": id, "version": v, "done": true } });

    let (status, _) = change(&app, &other, "ACME-01", done(version)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "neither its creator nor its assignee"
    );
    let (status, _) = change(&app, &reader, "ACME-01", done(version)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a read-only agent works no tasks"
    );
    let res = app
        .post(
            "/api/tasks_page",
            "customer_id=ACME-01&done=false",
            Some(&reader),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "but reads them");
    assert!(
        res.body.contains("Quote the renewal") && !res.body.contains("Mark done"),
        "{}",
        res.body
    );
    // The task is ACME-01's: through another company it does not exist.
    let (status, _) = change(&app, &agent, "GLOBEX-02", done(version)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let missing = app
        .post("/api/complete_task", "id=999999&version=1", Some(&agent))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let (status, body) = change(&app, &admin, "ACME-01", done(version)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !body.contains("Quote the renewal"),
        "the open list no longer has it: {body}"
    );
    let (status, _) = change(&app, &agent, "ACME-01", done(version)).await;
    assert_eq!(status, StatusCode::CONFLICT, "the version moved on");

    // Deleting is soft and recorded.
    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        json!({ "Delete": { "id": id, "version": version + 1 } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kept: (bool, bool) = sqlx::query_as(
        "SELECT deleted_at IS NOT NULL, done_at IS NOT NULL FROM customer_tasks WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("kept");
    assert_eq!(kept, (true, true));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE object_kind = 'customer_task' AND object_id = $1
           AND changes @> '[{\"field\": \"deleted_at\"}]'",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
    portal_may_not_read(&app.pool, "customer_tasks").await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_cuic_lists_the_tasks_about_its_customer_user(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let me = agent_id(&app, "agent").await;
    for (title, login) in [
        ("Ask Anna for the invoice", "anna"),
        ("Ask Olivia for the diagram", "olivia"),
    ] {
        let (status, body) = change(
            &app,
            &agent,
            "ACME-01",
            form("task", title, &berlin(&app, 3).await, me, login),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=tasks&login=anna",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("Ask Anna for the invoice"),
        "{}",
        res.body
    );
    assert!(!res.body.contains("Ask Olivia"), "{}", res.body);
    // The CUIC's form starts with its customer user.
    assert!(
        res.body.contains("&quot;login&quot;:&quot;anna&quot;"),
        "{}",
        res.body
    );
    let company = app
        .post(
            "/api/tasks_page",
            "customer_id=ACME-01&done=false",
            Some(&agent),
        )
        .await;
    assert!(
        company.body.contains("Ask Olivia for the diagram") && company.body.contains("Ask Anna")
    );
}
