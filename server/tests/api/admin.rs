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

async fn audit(app: &TestApp, event: &str) -> Vec<Value> {
    sqlx::query_scalar::<_, String>(
        "SELECT json_build_object('actor_agent', actor_agent_id, 'actor_contact', actor_customer_user_id,
                'company', company_id, 'target', target_customer_user_id, 'addr', client_addr, 'detail', detail)::text
         FROM audit_log WHERE event = $1 ORDER BY id",
    )
    .bind(event)
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
    let entries = audit(&app, "permission_change").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0]["detail"]["may_cancel_org"],
        serde_json::json!([false, true]),
        "before → after"
    );

    // The database refuses the same even if the application asked: other companies, the admin flag.
    let olivia_id: i64 = sqlx::query_scalar("SELECT id FROM customer_users WHERE login = 'olivia'")
        .fetch_one(&app.pool)
        .await
        .expect("id");
    let mut tx = app::db::portal::begin(&app.pool, app::model::ids::CustomerUserId(olivia_id))
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
        assert_eq!(e[0]["target"], serde_json::json!(anna_id));
        assert!(e[0]["actor_agent"].is_number());
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
    let failed = audit(&app, "sign_in_failed").await;
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["addr"].is_string(), "with the client address");
    assert!(!audit(&app, "sign_in").await.is_empty());

    // A company edit and a cancellation are audited too.
    let edit = serde_json::json!({ "edit": { "customer_id": "GLOBEX-02", "version": 1, "name": "Globex Inc.",
        "street": "", "zip": "", "city": "", "country": "", "url": "", "comment": "Audited" } });
    assert_eq!(
        app.post_json("/api/update_company", &edit, Some(&agent))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(audit(&app, "company_edit").await.len(), 1);
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
    assert_eq!(audit(&app, "request_cancel").await.len(), 1);

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
            "company=GLOBEX-02&user=&event=company_edit&from=&to=",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(1));
    let res = app
        .post(
            "/api/audit_log",
            "company=&user=&event=&from=2026-13-01&to=",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/audit?event=request_cancel", Some(&admin))
            .await
            .status,
        StatusCode::OK
    );

    // Append-only, even for the application's own (owner) role.
    assert!(sqlx::query("UPDATE audit_log SET event = 'x'")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&app.pool)
        .await
        .is_err());
}
