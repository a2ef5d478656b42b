use crate::helpers::{TestApp, AGENT_COOKIE};
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn sign_in_sets_a_host_only_secure_cookie_that_survives_reload_and_dies_at_logout(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let res = app
        .post(
            "/api/sign_in",
            "realm=Agent&login=agent&password=panorama-demo&next=%2Fcustomers%2FACME-01",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));
    let set = res.set_cookie(AGENT_COOKIE).expect("cookie");
    for attr in ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(set.contains(attr), "{set} lacks {attr}");
    }
    assert!(!set.contains("Domain"), "__Host- cookies carry no Domain");
    let cookie = set.split(';').next().expect("pair").to_string();

    for _ in 0..2 {
        let page = app.get("/customers/ACME-01", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Customer Information Center — Acme Corporation (ACME-01)"));
    }

    let out = app
        .post("/api/sign_out", "realm=Agent", Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out
        .set_cookie(AGENT_COOKIE)
        .expect("cleared")
        .contains("Max-Age=0"));
    let after = app.get("/customers/ACME-01", Some(&cookie)).await;
    assert_eq!(
        after.status,
        StatusCode::FOUND,
        "the old cookie must be dead"
    );
    assert_eq!(
        after.header("location"),
        Some("/login?next=/customers/ACME-01")
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(n, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn wrong_password_and_unknown_login_fail_alike_without_a_cookie(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for form in [
        "realm=Agent&login=agent&password=nope",
        "realm=Agent&login=nobody&password=nope",
    ] {
        let res = app.post("/api/sign_in", form, None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(
            res.body.contains("Wrong login or password."),
            "{}",
            res.body
        );
        assert!(res.set_cookie(AGENT_COOKIE).is_none());
    }
    // Agents cannot sign in to the portal and vice versa.
    let res = app
        .post(
            "/api/sign_in",
            "realm=Contact&login=agent&password=panorama-demo",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Email works as login.
    app.sign_in("Contact", "anna%40acme.example").await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_plain_form_post_is_answered_by_a_redirect(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let form = |pw: &str| {
        http::Request::post("/api/sign_in")
            .header("host", "panorama.test")
            .header("origin", "http://panorama.test")
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", "http://panorama.test/portal/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(format!(
                "realm=Contact&login=anna&password={pw}"
            )))
            .expect("request")
    };
    let bad = app.send(form("wrong")).await;
    assert_eq!(bad.status, StatusCode::FOUND);
    assert_eq!(
        bad.header("location"),
        Some("/portal/login?failed=1&login=anna")
    );
    let good = app.send(form("panorama-demo")).await;
    assert_eq!(good.status, StatusCode::FOUND);
    assert_eq!(good.header("location"), Some("/portal"));
    assert!(good.set_cookie("__Host-panorama-portal").is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn idle_contact_sessions_expire_after_30_minutes(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.sign_in("Contact", "anna").await;
    assert_eq!(
        app.get("/portal", Some(&cookie)).await.status,
        StatusCode::OK
    );
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'")
        .execute(&app.pool)
        .await
        .expect("age");
    let res = app.get("/portal", Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::FOUND, "an idle session is over");
    assert_eq!(res.header("location"), Some("/portal/login?next=/portal"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_token_only_works_in_the_cookie_of_its_realm(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let token = agent.split_once('=').expect("pair").1;
    let as_portal = format!("__Host-panorama-portal={token}");
    let res = app.get("/portal", Some(&as_portal)).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(!res.body.contains("<h1>My requests</h1>"));
}
