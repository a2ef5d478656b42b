//! "Signed-in devices" (issue 17, finding 11): a user sees their own live sessions and ends the others.
use crate::helpers::{form_request, TestApp, PORTAL_COOKIE};
use axum::body::Body;
use http::{header, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async fn devices(app: &TestApp, realm: &str, cookie: &str) -> (StatusCode, Vec<Value>) {
    let res = app
        .post(
            "/api/signed_in_devices",
            &format!("realm={realm}"),
            Some(cookie),
        )
        .await;
    let list = serde_json::from_str::<Vec<Value>>(&res.body).unwrap_or_default();
    (res.status, list)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_customer_user_sees_their_sessions_and_ends_another_one(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let here = app.sign_in("Contact", "anna").await;
    // A second sign-in from another browser and address.
    let res = app
        .send(
            form_request("/api/sign_in")
                .header(header::USER_AGENT, FIREFOX)
                .body(Body::from(
                    "realm=Contact&login=anna&password=panorama-demo",
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let there = res.set_cookie(PORTAL_COOKIE).expect("cookie");
    let there = there.split(';').next().expect("pair").to_string();
    let carl = app.sign_in("Contact", "carl").await;

    let (status, list) = devices(&app, "Contact", &here).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.len(), 2, "anna's two sessions, not carl's: {list:?}");
    let current: Vec<bool> = list.iter().map(|d| d["current"] == true).collect();
    assert_eq!(current.iter().filter(|c| **c).count(), 1, "{list:?}");
    let other = list
        .iter()
        .find(|d| d["current"] == false)
        .expect("the other");
    assert_eq!(other["browser"], "Firefox on Windows");
    assert!(!other["addr"].as_str().unwrap_or("").is_empty());
    let other_id = other["id"].as_i64().expect("id");
    let mine_id = list.iter().find(|d| d["current"] == true).expect("mine")["id"]
        .as_i64()
        .expect("id");
    // No token or hash travels.
    assert!(list.iter().all(|d| d.get("token_hash").is_none()));

    // carl cannot end anna's session (404, as for one that does not exist), nor see it.
    let (_, carls) = devices(&app, "Contact", &carl).await;
    assert!(carls
        .iter()
        .all(|d| d["id"] != other_id && d["id"] != mine_id));
    let res = app
        .post(
            "/api/end_devices",
            &format!("realm=Contact&id={other_id}"),
            Some(&carl),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The session in use is ended by Sign out, not from the list.
    let res = app
        .post(
            "/api/end_devices",
            &format!("realm=Contact&id={mine_id}"),
            Some(&here),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    for bad in ["abc", "-1", "0", "99999999999999999999"] {
        let res = app
            .post(
                "/api/end_devices",
                &format!("realm=Contact&id={bad}"),
                Some(&here),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(devices(&app, "Contact", &there).await.0, StatusCode::OK);

    let res = app
        .post(
            "/api/end_devices",
            &format!("realm=Contact&id={other_id}"),
            Some(&here),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        devices(&app, "Contact", &there).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, list) = devices(&app, "Contact", &here).await;
    assert_eq!((status, list.len()), (StatusCode::OK, 1));
    assert_eq!(devices(&app, "Contact", &carl).await.0, StatusCode::OK);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_agent_ends_all_other_sessions_on_the_preferences_page(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let here = app.sign_in("Agent", "agent").await;
    let there = app.sign_in("Agent", "agent").await;
    let admin = app.sign_in("Agent", "admin").await;
    let page = app.get("/preferences", Some(&here)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Signed-in devices") && page.body.contains("This device"));
    // An agent session is not a portal one.
    assert_eq!(
        devices(&app, "Contact", &here).await.0,
        StatusCode::UNAUTHORIZED
    );

    let res = app
        .post("/api/end_devices", "realm=Agent", Some(&here))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        devices(&app, "Agent", &there).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, list) = devices(&app, "Agent", &here).await;
    assert_eq!((status, list.len()), (StatusCode::OK, 1));
    // Another agent's session is untouched.
    assert_eq!(devices(&app, "Agent", &admin).await.0, StatusCode::OK);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_viewing_the_portal_as_a_customer_user_may_not_end_their_sessions(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let anna = app.sign_in("Contact", "anna").await;
    let admin = app.sign_in("Agent", "admin").await;
    let res = app
        .post("/api/start_impersonation", "login=anna", Some(&admin))
        .await;
    assert!(
        res.status.is_success() || res.status.is_redirection(),
        "{}",
        res.body
    );
    let res = app
        .post("/api/end_devices", "realm=Contact", Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert_eq!(devices(&app, "Contact", &anna).await.0, StatusCode::OK);
}
