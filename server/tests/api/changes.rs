//! The change record: every write path of the app leaves old → new values and who wrote them; every table
//! is either recorded or says why not; the record has no foreign keys and cannot be changed.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Tables whose writes are customer history, recorded by the `record_change` trigger.
const RECORDED: [&str; 14] = [
    "activities",
    "activity_participants",
    "articles",
    "billing_entries",
    "companies",
    "company_alerts",
    "company_locations",
    "contract_items",
    "contracts",
    "customer_files",
    "customer_tasks",
    "customer_user_companies",
    "customer_users",
    "tickets",
];

/// Every other table, and why its writes are not customer history. A new table fails
/// `every_table_is_recorded_or_says_why` until it is put in one of the two lists.
const NOT_RECORDED: [(&str, &str); 26] = [
    ("_sqlx_migrations", "schema bookkeeping"),
    (
        "billing_imports",
        "the import log itself (its rows' changes are recorded as billing_entries)",
    ),
    (
        "agent_views",
        "who looked, not a change (the view-tracking writer)",
    ),
    (
        "agent_queues",
        "set by the generator; the administration issue records agent settings",
    ),
    (
        "agents",
        "set by the generator; the administration issue records agent changes",
    ),
    ("app_keys", "secrets, made once by a migration"),
    ("changes", "the record itself"),
    (
        "company_open_totals",
        "derived counters, kept by triggers",
    ),
    (
        "customer_user_ticket_counts",
        "derived counters, kept by triggers",
    ),
    ("due_counts", "derived counters, kept by triggers"),
    ("due_watermark", "derived counters' watermark"),
    (
        "password_resets",
        "secrets; issuing and using a link are named events (password_reset_issued/_used)",
    ),
    ("priorities", "reference data from the generator"),
    ("queues", "reference data from the generator"),
    (
        "recovery_codes",
        "secrets; using one is a named security event (second_factor_recovery_code)",
    ),
    (
        "second_factors",
        "secrets; turning one on or off is a named security event (second_factor_on/_off)",
    ),
    (
        "sessions",
        "sign-ins are in sign_in_events; a session is not customer data (the end of an impersonation is a named event)",
    ),
    ("sign_in_challenges", "five-minute steps of a sign-in, logged in sign_in_events"),
    ("sign_in_events", "its own log, with a retention period"),
    ("slas", "reference data from the generator"),
    ("states", "reference data from the generator"),
    (
        "stored_file_chunks",
        "file content in pieces; the customer_files row that points at it is recorded",
    ),
    (
        "stored_files",
        "file content; the feature rows that point at it (logo, files) are recorded",
    ),
    ("ticket_counts", "derived counters, kept by triggers"),
    ("widget_prefs", "an agent's own layout, not customer data"),
    ("follows", "whom an agent follows: personal, like their layout"),
];

#[sqlx::test(migrations = "../migrations")]
async fn every_table_is_recorded_or_says_why(pool: PgPool) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    let mut known: Vec<&str> = RECORDED
        .into_iter()
        .chain(NOT_RECORDED.map(|(t, _)| t))
        .collect();
    known.sort_unstable();
    assert_eq!(tables, known, "every table is classified");
    let triggered: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'record_change' ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .expect("triggers");
    assert_eq!(triggered, RECORDED, "the recorded tables have the trigger");
    let fks: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_constraint
         WHERE contype = 'f' AND conrelid IN ('changes'::regclass, 'sign_in_events'::regclass)",
    )
    .fetch_one(&pool)
    .await
    .expect("constraints");
    assert_eq!(fks, 0, "merged or purged objects keep their history");
}

/// The newest row of `action` about `label`.
async fn last(app: &TestApp, action: &str, label: &str) -> Value {
    let row: Option<String> = sqlx::query_scalar(
        "SELECT json_build_object('actor_kind', actor_kind, 'actor', actor_label, 'company', company_id,
                'contact', customer_user_id, 'addr', client_addr, 'changes', changes, 'class', class)::text
         FROM changes WHERE action = $1 AND object_label = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(action)
    .bind(label)
    .fetch_optional(&app.pool)
    .await
    .expect("changes");
    serde_json::from_str(&row.unwrap_or_else(|| panic!("no {action} of {label}"))).expect("json")
}

/// The entry for `field`, or Null.
fn entry(row: &Value, field: &str) -> Value {
    row["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|e| e["field"] == field).cloned())
        .unwrap_or(Value::Null)
}

fn assert_change(row: &Value, field: &str, old: Value, new: Value) {
    let e = entry(row, field);
    assert_eq!((&e["old"], &e["new"]), (&old, &new), "{field} in {row}");
}

async fn ok(res: crate::helpers::TestResponse) -> String {
    assert!(
        res.status == StatusCode::OK || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );
    res.body
}

/// Each write path of the app, in turn: agent (company, customer user, ticket, article), portal
/// (request, reply, cancel, password, colleague permissions) and impersonation.
#[sqlx::test(migrations = "../migrations")]
async fn every_write_path_records_old_and_new(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;

    // Company edit.
    let edit = json!({ "edit": { "customer_id": "GLOBEX-02", "version": 1, "name": "Globex Ltd.",
        "phone": "+49 40 555 0100", "email": "info@customer2.example", "street": "1 Main St", "zip": "", "city": "", "country": "", "url": "", "comment": "" } });
    ok(app
        .post_json("/api/update_company", &edit, Some(&agent))
        .await)
    .await;
    let row = last(&app, "company_update", "Globex Ltd. (GLOBEX-02)").await;
    assert_eq!(
        (row["actor_kind"].as_str(), row["actor"].as_str()),
        (Some("agent"), Some("agent"))
    );
    assert!(row["addr"].is_string());
    // The address is the primary location's: its change is the location's, under the company.
    let location = last(&app, "company_location_update", "GLOBEX-02").await;
    assert_change(
        &location,
        "street",
        json!("13 Main Street"),
        json!("1 Main St"),
    );
    assert_change(&row, "name", json!("Globex Inc."), json!("Globex Ltd."));
    assert_change(
        &row,
        "phone",
        json!("+49 40 0000002"),
        json!("+49 40 555 0100"),
    );
    assert_eq!(
        entry(&row, "version"),
        Value::Null,
        "bookkeeping is not recorded"
    );

    // Customer user created with a second company, given a password by a reset link, then edited and
    // unlinked.
    let mut form = json!({
        "original_login": "", "version": 0, "login": "zed", "email": "zed@acme.example",
        "first_name": "Zed", "last_name": "Zulu", "phone": "", "title": "", "active": true,
        "primary": "ACME-01",
        "links": [{ "customer_id": "GLOBEX-02", "company": "", "may_view_org": true, "may_cancel_org": false, "org_admin": false }]
    });
    let admin = app.sign_in("Agent", "admin").await;
    ok(app
        .post_json(
            "/api/save_customer_user",
            &json!({ "form": form }),
            Some(&admin),
        )
        .await)
    .await;
    let row = last(&app, "customer_user_create", "zed").await;
    assert_change(&row, "login", Value::Null, json!("zed"));
    assert_change(&row, "company", Value::Null, json!("ACME-01"));
    let link = last(&app, "customer_user_link_create", "zed @ GLOBEX-02").await;
    assert_change(&link, "may_view_org", Value::Null, json!(true));
    app.set_password_by_link(&admin, "zed", "a-long-password-1")
        .await;
    let issued = last(&app, "password_reset_issued", "zed").await;
    assert_eq!(
        (issued["class"].as_str(), issued["actor"].as_str()),
        (Some("security"), Some("admin"))
    );
    let row = last(&app, "customer_user_update", "zed").await;
    assert_change(&row, "password", json!("not set"), json!("set"));
    assert_eq!(
        row["actor"], "zed",
        "the customer user set it, with the link"
    );
    assert!(!row.to_string().contains("argon2"), "no hash in the record");
    assert_eq!(
        last(&app, "password_reset_used", "zed").await["class"],
        "security"
    );
    form["original_login"] = json!("zed");
    form["version"] = json!(2);
    form["phone"] = json!("+1 555 0100");
    form["active"] = json!(false);
    form["links"] = json!([]);
    ok(app
        .post_json(
            "/api/save_customer_user",
            &json!({ "form": form }),
            Some(&admin),
        )
        .await)
    .await;
    let row = last(&app, "customer_user_update", "zed").await;
    assert_change(&row, "phone", json!(""), json!("+1 555 0100"));
    assert_change(&row, "state", json!("active"), json!("archived"));
    assert_eq!(entry(&row, "active"), Value::Null, "derived from the state");
    assert_eq!(
        entry(&row, "password"),
        Value::Null,
        "unchanged, not recorded"
    );
    let link = last(&app, "customer_user_link_delete", "zed @ GLOBEX-02").await;
    assert_change(&link, "may_view_org", json!(true), Value::Null);

    // Agent ticket: created with its first article, fields changed, locked, an article added.
    let queue: i32 = sqlx::query_scalar("SELECT id FROM queues WHERE name = 'Support'")
        .fetch_one(&app.pool)
        .await
        .expect("queue");
    let ticket = json!({ "form": {
        "customer_id": "ACME-01", "customer_login": "anna", "channel": "phone", "title": "Change record",
        "queue_id": queue, "priority_id": 3, "state_id": 1, "sla_id": null, "pending_until": "", "body": "Hello"
    } });
    let number: String = serde_json::from_str(
        &ok(app
            .post_json("/api/create_ticket", &ticket, Some(&agent))
            .await)
        .await,
    )
    .expect("number");
    let row = last(&app, "ticket_create", &number).await;
    assert_change(&row, "title", Value::Null, json!("Change record"));
    assert_change(&row, "queue", Value::Null, json!("Support"));
    assert_change(&row, "customer_user", Value::Null, json!("anna"));
    let article = last(&app, "article_create", &number).await;
    assert_change(&article, "channel", Value::Null, json!("phone"));
    assert_eq!(
        entry(&article, "body"),
        Value::Null,
        "the article keeps its own body"
    );
    let view: Value = serde_json::from_str(
        &ok(app
            .post(
                "/api/ticket_page",
                &format!("number={number}"),
                Some(&agent),
            )
            .await)
        .await,
    )
    .expect("view");
    let change = |version: i64, change: Value| json!({ "number": number, "version": version, "change": change });
    let fields = json!({ "Fields": {
        "state_id": view["state_id"], "queue_id": view["queue_id"], "priority_id": 5,
        "owner_id": view["owner_id"], "sla_id": view["sla_id"], "pending_until": ""
    } });
    let version = view["version"].as_i64().expect("version");
    ok(app
        .post_json("/api/change_ticket", &change(version, fields), Some(&agent))
        .await)
    .await;
    let row = last(&app, "ticket_update", &number).await;
    assert_change(&row, "priority", json!("3 normal"), json!("5 very high"));
    assert_eq!(
        row["changes"].as_array().map(Vec::len),
        Some(1),
        "only what changed: {row}"
    );
    ok(app
        .post_json(
            "/api/change_ticket",
            &change(version + 1, json!("Lock")),
            Some(&agent),
        )
        .await)
    .await;
    assert_change(
        &last(&app, "ticket_update", &number).await,
        "locked",
        json!(false),
        json!(true),
    );
    let note = json!({ "Article": { "kind": "InternalNote", "body": "Internal" } });
    ok(app
        .post_json(
            "/api/change_ticket",
            &change(version + 2, note),
            Some(&agent),
        )
        .await)
    .await;
    assert_change(
        &last(&app, "article_create", &number).await,
        "channel",
        Value::Null,
        json!("note"),
    );

    // Portal: a request, a reply, a cancel, a password change — each by the contact.
    let anna = app.sign_in("Contact", "anna").await;
    let created = ok(app
        .post(
            "/api/create_request",
            "title=Portal+record&body=Please&queue=&priority=",
            Some(&anna),
        )
        .await)
    .await;
    let id: i64 = serde_json::from_str(&created).expect("id");
    let number: String = sqlx::query_scalar("SELECT number FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("number");
    let row = last(&app, "ticket_create", &number).await;
    assert_eq!(
        (row["actor_kind"].as_str(), row["actor"].as_str()),
        (Some("customer_user"), Some("anna"))
    );
    assert!(row["addr"].is_string(), "the portal's address too");
    ok(app
        .post(
            "/api/reply_request",
            &format!("id={id}&body=More"),
            Some(&anna),
        )
        .await)
    .await;
    let reply = last(&app, "article_create", &number).await;
    assert_change(&reply, "sender", Value::Null, json!("customer"));
    assert_eq!(reply["actor"], "anna");
    ok(app
        .post("/api/cancel_request", &format!("id={id}"), Some(&anna))
        .await)
    .await;
    let row = last(&app, "ticket_update", &number).await;
    assert_change(&row, "state", json!("new"), json!("closed cancelled"));
    let body = format!(
        "current={}&new=a-long-new-secret&confirm=a-long-new-secret",
        server::generator::DEMO_PASSWORD
    );
    ok(app.post("/api/change_password", &body, Some(&anna)).await).await;
    let row = last(&app, "customer_user_update", "anna").await;
    assert_change(&row, "password", json!("set"), json!("set"));
    assert_eq!(row["actor"], "anna");

    // An organization admin changes a colleague's permissions.
    let olivia = app.sign_in("Contact", "olivia").await;
    ok(app
        .post(
            "/api/set_colleague_permissions",
            "company=ACME-01&colleague=carl&view=false&cancel=false",
            Some(&olivia),
        )
        .await)
    .await;
    let row = last(&app, "customer_user_link_update", "carl @ ACME-01").await;
    assert_change(&row, "may_view_org", json!(true), json!(false));
    assert_eq!(row["actor"], "olivia");

    // Impersonation: security events, not customer history.
    ok(app
        .post("/api/start_impersonation", "login=anna", Some(&admin))
        .await)
    .await;
    ok(app.post("/api/end_impersonation", "", Some(&admin)).await).await;
    for action in ["impersonation_start", "impersonation_end"] {
        let row = last(&app, action, "anna").await;
        assert_eq!(
            (row["class"].as_str(), row["actor"].as_str()),
            (Some("security"), Some("admin"))
        );
    }

    // No write of the app was recorded without its actor.
    let anonymous: i64 =
        sqlx::query_scalar("SELECT count(*) FROM changes WHERE actor_kind = 'system'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(anonymous, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rolled_back_write_records_nothing_and_the_record_is_append_only(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let mut tx = app.pool.begin().await.expect("tx");
    sqlx::query("UPDATE companies SET comment = 'gone' WHERE customer_id = 'ACME-01'")
        .execute(&mut *tx)
        .await
        .expect("update");
    let inside: i64 = sqlx::query_scalar("SELECT count(*) FROM changes")
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    assert_eq!(
        inside, 1,
        "written in the same transaction, by nobody named: system"
    );
    drop(tx);
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM changes")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(after, 0);
    sqlx::query("UPDATE companies SET comment = 'kept' WHERE customer_id = 'ACME-01'")
        .execute(&app.pool)
        .await
        .expect("update");
    let actor: String = sqlx::query_scalar("SELECT actor_kind::text FROM changes")
        .fetch_one(&app.pool)
        .await
        .expect("actor");
    assert_eq!(actor, "system", "a write outside the app is still recorded");
    for statement in [
        "UPDATE changes SET action = 'x'",
        "DELETE FROM changes",
        "TRUNCATE changes",
    ] {
        assert!(
            sqlx::query(statement).execute(&app.pool).await.is_err(),
            "{statement}"
        );
    }
}
