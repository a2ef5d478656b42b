//! The object-state rules (app/src/model/object_state.rs) for companies and customer users: search, their
//! pages (404 or redirect), portal sign-in, new tickets, and the database's own checks.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

async fn set_company(app: &TestApp, key: &str, state: &str, into: Option<&str>) {
    sqlx::query(
        "UPDATE companies SET state = $2::object_state,
                merged_into = (SELECT id FROM companies WHERE customer_id = $3) WHERE customer_id = $1",
    )
    .bind(key)
    .bind(state)
    .bind(into)
    .execute(&app.pool)
    .await
    .expect("state");
}

async fn set_user(app: &TestApp, login: &str, state: &str, into: Option<&str>) {
    sqlx::query(
        "UPDATE customer_users SET state = $2::object_state,
                merged_into = (SELECT id FROM customer_users WHERE login = $3) WHERE login = $1",
    )
    .bind(login)
    .bind(state)
    .bind(into)
    .execute(&app.pool)
    .await
    .expect("state");
}

async fn search(app: &TestApp, cookie: &str, term: &str) -> String {
    let res = app
        .post(
            "/api/search_customers",
            &format!("query={term}&page=0"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

#[sqlx::test(migrations = "../migrations")]
async fn archived_trashed_and_merged_companies_follow_the_rules(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    assert!(search(&app, &agent, "globex").await.contains("GLOBEX-02"));

    // Archived: out of the search, its CIC still shows, new tickets and its users' sign-in still work.
    set_company(&app, "GLOBEX-02", "archived", None).await;
    assert!(!search(&app, &agent, "globex").await.contains("GLOBEX-02"));
    assert_eq!(
        app.get("/customers/GLOBEX-02", Some(&agent)).await.status,
        StatusCode::OK
    );
    let ticket = |company: &str| {
        json!({ "form": {
            "customer_id": company, "customer_login": "", "channel": "phone", "title": "State rules",
            "queue_id": 1, "priority_id": 3, "state_id": 1, "sla_id": null, "pending_until": "", "body": "Hi"
        } })
    };
    let res = app
        .post_json("/api/create_ticket", &ticket("GLOBEX-02"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // Trashed: a 404 page, no new tickets.
    set_company(&app, "GLOBEX-02", "trashed", None).await;
    assert_eq!(
        app.get("/customers/GLOBEX-02", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
    let res = app
        .post_json("/api/create_ticket", &ticket("GLOBEX-02"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("customer_id"), "{}", res.body);

    // Merged: the old address leads to the company it was merged into.
    set_company(&app, "GLOBEX-02", "merged", Some("ACME-01")).await;
    let res = app.get("/customers/GLOBEX-02", Some(&agent)).await;
    assert!(res.status.is_redirection(), "{}", res.status);
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));
    // A server-function call (client-side navigation) gets the redirect the frontend follows.
    let res = app
        .post("/api/cic_page", "customer_id=GLOBEX-02", Some(&agent))
        .await;
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));
    assert!(
        res.header("serverfnredirect").is_some(),
        "{:?}",
        res.headers
    );

    // The database keeps the pair honest.
    for bad in [
        "UPDATE companies SET state = 'merged' WHERE customer_id = 'ACME-01'",
        "UPDATE companies SET merged_into = id WHERE customer_id = 'GLOBEX-02'",
        "UPDATE companies SET state = 'active' WHERE customer_id = 'GLOBEX-02'",
    ] {
        assert!(sqlx::query(bad).execute(&app.pool).await.is_err(), "{bad}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn archived_trashed_and_merged_customer_users_follow_the_rules(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    assert!(search(&app, &agent, "carl").await.contains("carl"));

    // Archived (the form's "Active" unticked): no search hit, no sign-in, its CUIC still shows.
    set_user(&app, "carl", "archived", None).await;
    assert!(!search(&app, &agent, "carl").await.contains("carl"));
    assert_eq!(
        app.get("/customer-users/carl", Some(&agent)).await.status,
        StatusCode::OK
    );
    let res = app
        .post(
            "/api/sign_in",
            &format!(
                "realm=Contact&login=carl&password={}",
                server::generator::DEMO_PASSWORD
            ),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let edit = app
        .post("/api/edit_customer_user", "login=carl", Some(&agent))
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("\"active\":false"), "{}", edit.body);

    // Trashed: 404 for the CUIC and the edit form.
    set_user(&app, "carl", "trashed", None).await;
    assert_eq!(
        app.get("/customer-users/carl", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
    let edit = app
        .post("/api/edit_customer_user", "login=carl", Some(&agent))
        .await;
    assert_eq!(edit.status, StatusCode::NOT_FOUND);

    // Merged: the CUIC redirects to the user it was merged into.
    set_user(&app, "carl", "merged", Some("anna")).await;
    let res = app.get("/customer-users/carl", Some(&agent)).await;
    assert!(res.status.is_redirection(), "{}", res.status);
    assert_eq!(res.header("location"), Some("/customer-users/anna"));
}

/// Lists show active users; the Customer Users widget's own setting (typed, stored per agent) adds the
/// deactivated ones, marked, and is what the next CIC load uses.
#[sqlx::test(migrations = "../migrations")]
async fn the_customer_users_widget_lists_deactivated_users_only_when_its_setting_says_so(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    set_user(&app, "carl", "archived", None).await;
    set_user(&app, "anna", "trashed", None).await;
    let logins = |body: &str| -> Vec<(String, bool)> {
        let v: serde_json::Value = serde_json::from_str(body).expect("json");
        let rows = v.get("users").map_or(&v["rows"], |u| &u["rows"]);
        rows.as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                (
                    r["login"].as_str().unwrap_or("").to_string(),
                    r["active"] == true,
                )
            })
            .collect()
    };
    let cic = app
        .post("/api/cic_page", "customer_id=ACME-01", Some(&agent))
        .await;
    let shown = logins(&cic.body);
    assert!(
        !shown.iter().any(|(l, _)| l == "carl" || l == "anna"),
        "{shown:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&cic.body).expect("json");
    assert_eq!(v["users_settings"], json!({ "show_deactivated": false }));

    let page = app
        .post(
            "/api/customer_users_page",
            "customer_id=ACME-01&page_size=50&show_deactivated=true",
            Some(&agent),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let shown = logins(&page.body);
    assert!(
        shown.contains(&("carl".into(), false)),
        "deactivated, marked: {shown:?}"
    );
    assert!(
        !shown.iter().any(|(l, _)| l == "anna"),
        "trashed never: {shown:?}"
    );

    // Saved for this agent: the next CIC uses it; another agent keeps the default.
    let cic = app
        .post("/api/cic_page", "customer_id=ACME-01", Some(&agent))
        .await;
    let v: serde_json::Value = serde_json::from_str(&cic.body).expect("json");
    assert_eq!(v["users_settings"], json!({ "show_deactivated": true }));
    assert!(logins(&cic.body).contains(&("carl".into(), false)));
    let other = app.sign_in("Agent", "agent2").await;
    let cic = app
        .post("/api/cic_page", "customer_id=ACME-01", Some(&other))
        .await;
    assert!(!logins(&cic.body).iter().any(|(l, _)| l == "carl"));

    // Stale stored settings (an older shape) fall back to the defaults.
    sqlx::query("UPDATE widget_prefs SET settings = '{\"show_inactive\": true}' WHERE widget = 'customer_users'")
        .execute(&app.pool)
        .await
        .expect("stale");
    let cic = app
        .post("/api/cic_page", "customer_id=ACME-01", Some(&agent))
        .await;
    let v: serde_json::Value = serde_json::from_str(&cic.body).expect("json");
    assert_eq!(v["users_settings"], json!({ "show_deactivated": false }));
}
