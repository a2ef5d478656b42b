//! The CUIC's assigned/accessible semantics and the customer-user form: constraint names mapped to fields,
//! stale versions refused, deactivation ending sessions.
use crate::helpers::TestApp;
use app::{
    model::cic::CuicData,
    model::dashboard::{TicketTab, WidgetKind},
};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn cuic(app: &TestApp, cookie: &str, login: &str, accessible: bool) -> CuicData {
    let res = app
        .post(
            "/api/cuic_page",
            &format!("login={login}&accessible={accessible}"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("cuic")
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cuic_counts_assigned_or_accessible_tickets(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // carl: may view ACME-01's requests; linked to GLOBEX-02 without that permission.
    let assigned = cuic(&app, &agent, "carl", false).await;
    let accessible = cuic(&app, &agent, "carl", true).await;
    assert_eq!(assigned.user.login, "carl");
    assert_eq!(assigned.companies.len(), 2, "primary and linked company");
    assert_eq!(assigned.companies[0].customer_id, "ACME-01");
    let expect = |sql: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect("count")
        }
    };
    let own_new = expect(
        "SELECT count(*) FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
         WHERE u.login = 'carl' AND t.state_type = 'new'",
    )
    .await;
    let visible_new = expect(
        "SELECT count(*) FROM tickets t
         WHERE t.state_type = 'new' AND (t.customer_user_id = (SELECT id FROM customer_users WHERE login = 'carl')
            OR t.company_id = (SELECT id FROM companies WHERE customer_id = 'ACME-01'))",
    )
    .await;
    let new_all = |d: &CuicData| d.counts.tab(WidgetKind::NewTickets).get(TicketTab::All);
    assert_eq!(new_all(&assigned), own_new);
    assert_eq!(new_all(&accessible), visible_new);
    let open_all = |d: &CuicData| d.counts.tab(WidgetKind::OpenTickets).get(TicketTab::All);
    assert!(
        new_all(&accessible) + open_all(&accessible) > new_all(&assigned) + open_all(&assigned),
        "the company's tickets are added"
    );
    // The rows shown are the same set (first page) as the count says.
    let rows = |d: &CuicData| {
        d.tickets
            .iter()
            .find(|(w, _)| *w == WidgetKind::NewTickets)
            .map(|(_, p)| p.rows.len() as i64)
            .unwrap_or(0)
    };
    assert_eq!(rows(&assigned), own_new.min(10));
    assert_eq!(rows(&accessible), visible_new.min(10));

    // bob has no organization permission: accessible is the same as assigned.
    let a = cuic(&app, &agent, "bob", false).await;
    let b = cuic(&app, &agent, "bob", true).await;
    assert_eq!(a.counts, b.counts);

    // A ticket widget call with the user's scope gives the same counts; unknown users are 404.
    let res = app
        .post_json(
            "/api/ticket_widget",
            &json!({ "req": { "scope": { "CustomerUser": { "login": "carl", "accessible": true } },
                "widget": "NewTickets", "tab": "All", "sort": { "column": "Created", "descending": false },
                "page_size": 5, "columns": ["Number"], "after": null } }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(
        v["page"]["rows"].as_array().map(Vec::len),
        Some(visible_new.min(5) as usize)
    );
    let res = app
        .post(
            "/api/cuic_page",
            "login=nobody&accessible=false",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/customer-users/nobody", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app
        .get("/customer-users/carl?view=accessible", Some(&agent))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("Customer User Information Center — Carl Carter (carl)"));
}

fn form(v: Value) -> Value {
    let mut f = json!({
        "original_login": "", "version": 0, "login": "dana", "email": "dana@acme.example",
        "first_name": "Dana", "last_name": "Doe", "phone": "", "title": "", "active": true,
        "password": "", "primary": "ACME-01", "links": []
    });
    for (k, val) in v.as_object().expect("object") {
        f[k] = val.clone();
    }
    json!({ "form": f })
}

#[sqlx::test(migrations = "../migrations")]
async fn taken_logins_and_emails_are_field_errors_and_deactivation_ends_sessions(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let save = |f: Value| {
        let (app, agent) = (&app, &agent);
        async move {
            let res = app
                .post_json("/api/save_customer_user", &f, Some(agent))
                .await;
            (res.status, res.body)
        }
    };
    // Unique indexes answer by constraint name, whatever the case of the login.
    let (s, b) = save(form(json!({ "login": "ANNA" }))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("login") && b.contains("already taken"), "{b}");
    let (s, b) = save(form(json!({ "email": "Anna@Acme.example" }))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        b.contains("email") && b.contains("already has this email"),
        "{b}"
    );
    let (s, b) = save(form(json!({ "primary": "NOPE-1" }))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("primary"), "{b}");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM customer_users WHERE login = 'dana'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing saved");

    // Created with a linked company and a permission there; she sets her password with a reset link.
    let links = json!([{ "customer_id": "GLOBEX-02", "company": "", "may_view_org": true,
                         "may_cancel_org": false, "org_admin": false }]);
    let (s, b) = save(form(json!({ "links": links }))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.set_password_by_link(&agent, "dana", "correct+horse+battery")
        .await;
    let edit = app
        .post("/api/edit_customer_user", "login=dana", Some(&agent))
        .await;
    let f: Value = serde_json::from_str(&edit.body).expect("form");
    assert_eq!(f["links"].as_array().map(Vec::len), Some(2));
    assert_eq!(f["links"][0]["customer_id"], "ACME-01", "primary first");
    assert_eq!(f["links"][1]["may_view_org"], true);

    // She signs in to the portal; an agent deactivates her; her session is gone at once.
    let dana = app
        .sign_in_with("Contact", "dana", "correct horse battery")
        .await;
    assert_eq!(app.get("/portal", Some(&dana)).await.status, StatusCode::OK);
    let mut edited = f.clone();
    edited["active"] = json!(false);
    let (s, b) = save(json!({ "form": edited.clone() })).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let res = app
        .post("/api/portal_requests", "scope=mine&class=all", Some(&dana))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "session ended");
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE action = 'customer_user_update' AND object_label = 'dana'
           AND changes @> '[{\"field\": \"state\", \"old\": \"active\", \"new\": \"archived\"}]'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("audit");
    assert_eq!(audit, 1);

    // The same form again is stale now.
    let (s, b) = save(json!({ "form": edited })).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
}

/// Saving an existing customer user looks its id up inside the save's transaction: with one connection
/// in the pool, a lookup through the pool waited for the connection its own transaction held (503).
#[sqlx::test(migrations = "../migrations")]
async fn an_edit_saves_with_one_connection_in_the_pool(pool: PgPool) {
    let app = TestApp::with_demo(pool).await.on_one_connection().await;
    let agent = app.sign_in("Agent", "agent").await;
    let edit = app
        .post("/api/edit_customer_user", "login=carl", Some(&agent))
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    let mut f: Value = serde_json::from_str(&edit.body).expect("form");
    assert_eq!(f["original_login"], "carl");
    f["phone"] = json!("+1 555 0100");
    let res = app
        .post_json(
            "/api/save_customer_user",
            &json!({ "form": f }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let phone: String = sqlx::query_scalar("SELECT phone FROM customer_users WHERE login = 'carl'")
        .fetch_one(&app.pool)
        .await
        .expect("phone");
    assert_eq!(phone, "+1 555 0100");
}
