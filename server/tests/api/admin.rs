//! Organization admins, impersonation and the audit log.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

async fn links(app: &TestApp, login: &str) -> Vec<(String, bool, bool, bool)> {
    sqlx::query_as(
        "SELECT c.customer_id, l.may_view_org, l.may_cancel_org, l.org_admin FROM customer_user_companies l
         JOIN companies c ON c.id = l.company_id JOIN customer_users u ON u.id = l.customer_user_id
         WHERE u.login = $1 ORDER BY c.customer_id",
    )
    .bind(login)
    .fetch_all(&app.pool)
    .await
    .expect("links")
}

/// The change record's rows of one action, oldest first.
async fn audit(app: &TestApp, action: &str) -> Vec<Value> {
    sqlx::query_scalar::<_, String>(
        "SELECT json_build_object('actor_kind', actor_kind, 'actor', actor_label, 'company', company_id,
                'contact', customer_user_id, 'addr', client_addr, 'changes', changes, 'class', class)::text
         FROM changes WHERE action = $1 ORDER BY id",
    )
    .bind(action)
    .fetch_all(&app.pool)
    .await
    .expect("audit")
    .iter()
    .map(|s| serde_json::from_str(s).expect("json"))
    .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_org_admin_changes_only_the_two_permissions_on_their_own_company(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    // olivia administers ACME-01; carl is linked to ACME-01 and GLOBEX-02.
    let olivia = app.sign_in("Contact", "olivia").await;
    let before = links(&app, "carl").await;
    assert_eq!(
        before,
        vec![
            ("ACME-01".into(), true, false, false),
            ("GLOBEX-02".into(), false, false, false)
        ]
    );

    let res = app.post("/api/colleagues", "", Some(&olivia)).await;
    assert_eq!(res.status, StatusCode::OK);
    let companies: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(
        companies.as_array().map(Vec::len),
        Some(1),
        "only ACME-01: {companies}"
    );
    assert!(!res.body.contains("GLOBEX"), "nothing of the other company");

    let set = |company: &str, view: bool, cancel: bool| {
        format!("company={company}&colleague=carl&view={view}&cancel={cancel}")
    };
    let res = app
        .post(
            "/api/set_colleague_permissions",
            &set("ACME-01", true, true),
            Some(&olivia),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post(
            "/api/set_colleague_permissions",
            &set("GLOBEX-02", true, true),
            Some(&olivia),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::NOT_FOUND,
        "not her company, even for a shared colleague"
    );
    let res = app
        .post(
            "/api/set_colleague_permissions",
            "company=ACME-01&colleague=olivia&view=false&cancel=false",
            Some(&olivia),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "not her own link");
    assert_eq!(
        links(&app, "carl").await,
        vec![
            ("ACME-01".into(), true, true, false),
            ("GLOBEX-02".into(), false, false, false)
        ]
    );
    let entries = audit(&app, "customer_user_link_update").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0]["changes"],
        serde_json::json!([{ "field": "may_cancel_org", "old": false, "new": true }]),
        "before → after, only what changed"
    );
    assert_eq!(entries[0]["actor"], "olivia");
    assert_eq!(entries[0]["actor_kind"], "customer_user");

    // The database refuses the same even if the application asked: other companies, the admin flag.
    let olivia_id: i64 = sqlx::query_scalar("SELECT id FROM customer_users WHERE login = 'olivia'")
        .fetch_one(&app.pool)
        .await
        .expect("id");
    let mut tx = app::db::portal::begin(&app.pool, &crate::helpers::contact(olivia_id), "test")
        .await
        .expect("tx");
    let n = sqlx::query(
        "UPDATE customer_user_companies SET may_view_org = true
         WHERE company_id = (SELECT id FROM companies WHERE customer_id = 'GLOBEX-02')",
    )
    .execute(&mut *tx)
    .await
    .expect("runs");
    assert_eq!(n.rows_affected(), 0);
    let flag = sqlx::query("UPDATE customer_user_companies SET org_admin = true")
        .execute(&mut *tx)
        .await;
    assert!(
        flag.is_err(),
        "no one in the portal can grant the admin flag"
    );
    drop(tx);

    // A contact who administers nothing finds no such page or function.
    let anna = app.sign_in("Contact", "anna").await;
    assert_eq!(
        app.post("/api/colleagues", "", Some(&anna)).await.status,
        StatusCode::NOT_FOUND
    );
    let res = app
        .post(
            "/api/set_colleague_permissions",
            &set("ACME-01", true, true),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/portal/colleagues", Some(&anna)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn impersonation_is_read_only_admin_only_and_audited(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let res = app
        .post("/api/start_impersonation", "login=anna", Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "only admins");

    let admin = app.sign_in("Agent", "admin").await;
    let res = app
        .post("/api/start_impersonation", "login=nobody", Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .post("/api/start_impersonation", "login=anna", Some(&admin))
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{} {}",
        res.status,
        res.body
    );

    // The portal now shows anna's data to the admin, with the banner, and refuses every change.
    let page = app.get("/portal?class=all", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Viewing as Anna Anders"), "banner");
    let anna_ticket: i64 = sqlx::query_scalar(
        "SELECT t.id FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
         WHERE u.login = 'anna' AND t.state_type IN ('new', 'open') LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("anna's open request");
    let res = app
        .post(
            "/api/request_detail",
            &format!("id={anna_ticket}"),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "reads work");
    for (path, body) in [
        ("/api/reply_request", format!("id={anna_ticket}&body=hi")),
        ("/api/cancel_request", format!("id={anna_ticket}")),
        (
            "/api/create_request",
            "title=x&body=y&queue=&priority=".to_string(),
        ),
        (
            "/api/change_password",
            "current=a&new=bbbbbbbbbbbb&confirm=bbbbbbbbbbbb".to_string(),
        ),
        (
            "/api/set_colleague_permissions",
            "company=ACME-01&colleague=carl&view=true&cancel=true".to_string(),
        ),
    ] {
        let res = app.post(path, &body, Some(&admin)).await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{path} refused while impersonating: {}",
            res.body
        );
        let err: app::error::AppError = serde_json::from_str(&res.body).expect("typed error");
        assert!(
            matches!(err, app::error::AppError::ReadOnly(_)),
            "{path}: {err:?}"
        );
        assert!(
            err.to_string().starts_with("Read-only"),
            "the message says why"
        );
    }
    let state: String = sqlx::query_scalar("SELECT state_type::text FROM tickets WHERE id = $1")
        .bind(anna_ticket)
        .fetch_one(&app.pool)
        .await
        .expect("state");
    assert!(state == "new" || state == "open", "nothing changed");

    let res = app.post("/api/end_impersonation", "", Some(&admin)).await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    assert_eq!(
        app.post(
            "/api/request_detail",
            &format!("id={anna_ticket}"),
            Some(&admin)
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM customer_users WHERE login = 'anna'")
        .fetch_one(&app.pool)
        .await
        .expect("id");
    for event in ["impersonation_start", "impersonation_end"] {
        let e = audit(&app, event).await;
        assert_eq!(e.len(), 1, "{event}");
        assert_eq!(e[0]["contact"], serde_json::json!(anna_id));
        assert_eq!(e[0]["actor"], "admin");
        assert_eq!(
            e[0]["class"], "security",
            "admin-only, not customer history"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_audit_log_records_each_event_is_admin_only_and_append_only(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let res = app
        .post(
            "/api/sign_in",
            "realm=Agent&login=agent&password=wrong",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let agent = app.sign_in("Agent", "agent").await;
    // Sign-ins are in their own table, the typed login only as an HMAC: the same for any spelling of it.
    let events: Vec<(bool, Option<i64>, Vec<u8>, String)> = sqlx::query_as(
        "SELECT succeeded, account_id, login_hmac, client_addr FROM sign_in_events ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("sign-ins");
    assert_eq!(events.len(), 2);
    assert!(!events[0].0 && events[1].0, "a failure, then a success");
    assert!(events[0].1.is_some(), "the account it was for");
    assert_eq!(events[0].2.len(), 32, "HMAC-SHA256");
    assert_eq!(events[0].2, events[1].2, "one key per login");
    assert!(!events[0].3.is_empty(), "with the client address");
    let res = app
        .post(
            "/api/sign_in",
            "realm=Agent&login=+AGENT+&password=wrong",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let hmac: Vec<u8> =
        sqlx::query_scalar("SELECT login_hmac FROM sign_in_events ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .expect("hmac");
    assert_eq!(hmac, events[0].2, "normalised before hashing");
    let raw: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sign_in_events WHERE position('agent'::bytea IN login_hmac) > 0",
    )
    .fetch_one(&app.pool)
    .await
    .expect("raw");
    assert_eq!(raw, 0, "no login text stored");
    assert_eq!(
        app::db::sign_ins::expire(&app.pool, 1)
            .await
            .expect("expire"),
        0,
        "nothing old yet"
    );

    // A company edit and a cancellation are recorded with old → new values and who did it.
    let edit = serde_json::json!({ "edit": { "customer_id": "GLOBEX-02", "version": 1, "name": "Globex Inc.",
        "phone": "", "email": "", "street": "", "zip": "", "city": "", "country": "", "url": "", "comment": "Audited" } });
    assert_eq!(
        app.post_json("/api/update_company", &edit, Some(&agent))
            .await
            .status,
        StatusCode::OK
    );
    let edits = audit(&app, "company_update").await;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["actor"], "agent");
    assert!(edits[0]["addr"].is_string(), "with the client address");
    assert!(
        edits[0]["changes"]
            .as_array()
            .expect("changes")
            .contains(&serde_json::json!({ "field": "comment", "old": "", "new": "Audited" })),
        "{}",
        edits[0]
    );
    let anna = app.sign_in("Contact", "anna").await;
    let id: i64 = sqlx::query_scalar(
        "SELECT t.id FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
         WHERE u.login = 'anna' AND t.state_type IN ('new', 'open') LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("open request");
    assert_eq!(
        app.post("/api/cancel_request", &format!("id={id}"), Some(&anna))
            .await
            .status,
        StatusCode::OK
    );
    let cancel = audit(&app, "ticket_update").await;
    assert_eq!(cancel.len(), 1);
    assert_eq!(cancel[0]["actor"], "anna");
    let state = cancel[0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["field"] == "state")
        .cloned()
        .expect("state change");
    assert_eq!(state["new"], "closed cancelled", "{state}");

    // Admins read it, filtered; other agents get 403 (page and function).
    let all = "company=&user=&event=&from=&to=";
    assert_eq!(
        app.post("/api/audit_log", all, Some(&agent)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/audit", Some(&agent)).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("Agent", "admin").await;
    let res = app
        .post(
            "/api/audit_log",
            "company=GLOBEX-02&user=&event=company_update&from=&to=",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(1));
    assert!(page["rows"][0]["detail"]
        .as_str()
        .expect("detail")
        .contains("comment:  → Audited"));
    let res = app
        .post(
            "/api/audit_log",
            "company=&user=agent&event=sign_in_failed&from=&to=",
            Some(&admin),
        )
        .await;
    let page: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(2), "{page}");
    assert_eq!(page["rows"][0]["actor"], "agent (agent)");
    let res = app
        .post(
            "/api/audit_log",
            "company=&user=&event=&from=2026-13-01&to=",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/audit?event=ticket_update", Some(&admin))
            .await
            .status,
        StatusCode::OK
    );

    // Append-only, even for the application's own (owner) role.
    assert!(sqlx::query("UPDATE changes SET action = 'x'")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM changes")
        .execute(&app.pool)
        .await
        .is_err());
}
