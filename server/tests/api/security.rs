use crate::helpers::TestApp;
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

fn post(path: &str, cookie: &str, extra: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::post(path)
        .header("host", "panorama.test")
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.body(Body::from("query=acme&page=0")).expect("request")
}

#[sqlx::test(migrations = "../migrations")]
async fn cross_site_posts_are_refused_even_with_a_valid_cookie(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let cookie = app.sign_in("Agent", "agent").await;
    let path = "/api/search_customers";
    let cases: [(&[(&str, &str)], StatusCode); 5] = [
        (&[("sec-fetch-site", "cross-site")], StatusCode::FORBIDDEN),
        (&[("sec-fetch-site", "same-site")], StatusCode::FORBIDDEN),
        (&[("origin", "http://evil.example")], StatusCode::FORBIDDEN),
        (&[], StatusCode::FORBIDDEN), // neither header: refused
        (&[("origin", "http://panorama.test")], StatusCode::OK),
    ];
    for (headers, want) in cases {
        let res = app.send(post(path, &cookie, headers)).await;
        assert_eq!(res.status, want, "{headers:?}: {}", res.body);
    }
    let ok = app
        .send(post(path, &cookie, &[("sec-fetch-site", "same-origin")]))
        .await;
    assert!(ok.body.contains("ACME-01"));
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_carry_a_nonce_csp_and_the_other_safety_headers(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let res = app.get("/login", None).await;
    assert_eq!(res.status, StatusCode::OK);
    let csp = res.header("content-security-policy").expect("csp");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in csp");
    assert!(nonce.len() >= 16);
    assert!(
        res.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the same nonce"
    );
    for part in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "'wasm-unsafe-eval'",
    ] {
        assert!(csp.contains(part), "{csp} lacks {part}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
    assert!(
        !res.body.contains(" style=\""),
        "no inline styles under this CSP"
    );
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        res.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert!(res.header("strict-transport-security").is_some());
    assert_eq!(res.header("cache-control"), Some("no-store"));
    // Every page gets a fresh nonce.
    let again = app.get("/login", None).await;
    assert_ne!(again.header("content-security-policy"), Some(csp));
}

#[sqlx::test(migrations = "../migrations")]
async fn server_functions_refuse_the_wrong_realm(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let contact = app.sign_in("Contact", "anna").await;
    let agent = app.sign_in("Agent", "agent").await;
    let res = app
        .post("/api/search_customers", "query=acme&page=0", Some(&contact))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(!res.body.contains("ACME"));
    let res = app
        .post(
            "/api/portal_requests",
            "scope=mine&class=open",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app.post("/api/cic_page", "customer_id=ACME-01", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

/// Every response names its request id (the span its log lines carry); a client cannot choose it.
#[sqlx::test(migrations = "../migrations")]
async fn every_response_carries_its_own_request_id(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let a = app.get("/login", None).await;
    let b = app.get("/no-such-page", None).await;
    let forged = app
        .send(
            Request::get("/login")
                .header(header::HOST, "panorama.test")
                .header("x-request-id", "forged")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    let ids: Vec<String> = [&a, &b, &forged]
        .iter()
        .map(|r| r.header("x-request-id").expect("request id").to_string())
        .collect();
    assert!(
        ids.iter().all(|id| id.len() > 8 && id.contains('-')),
        "{ids:?}"
    );
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[2], "forged");
}
