//! A company's logo (issue 18, part 3): the type from the bytes (a PNG named .exe is a PNG, a text file
//! named .png is refused), the size and pixel limits, a versioned URL with immutable caching, removal, who
//! may, and the change record.
use crate::helpers::{TestApp, TestResponse};
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

const BOUNDARY: &str = "panorama-logo-boundary";

/// A PNG's signature and header chunk of `w`×`h`, padded to `len` bytes.
fn png(w: u32, h: u32, len: usize) -> Vec<u8> {
    let mut d = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    d.extend(w.to_be_bytes());
    d.extend(h.to_be_bytes());
    d.extend([8, 6, 0, 0, 0]);
    d.resize(len.max(d.len()), 0);
    d
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    company: &str,
    name: &str,
    data: &[u8],
) -> TestResponse {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut req = Request::post(format!("/customers/{company}/logo"))
        .header(header::HOST, "panorama.test")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_LENGTH, body.len() as u64);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

async fn logo_of(app: &TestApp, company: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT logo_file_id FROM companies WHERE customer_id = $1")
        .bind(company)
        .fetch_one(&app.pool)
        .await
        .expect("company")
}

#[sqlx::test(migrations = "../migrations")]
async fn logos_are_sniffed_limited_served_immutable_and_removable(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // A PNG named .exe is a PNG: back to the CIC, which shows it.
    let res = upload(
        &app,
        Some(&agent),
        "ACME-01",
        "setup.exe",
        &png(400, 120, 5000),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));
    let first = logo_of(&app, "ACME-01").await.expect("a logo");
    let cic = crate::cic::cic(&app, &agent, "ACME-01").await;
    assert_eq!(cic.company.logo, Some(first));
    let page = app.get("/customers/ACME-01", Some(&agent)).await;
    assert!(page.body.contains(&format!("src=\"/logos/{first}\"")));
    let served = app.get(&format!("/logos/{first}"), Some(&agent)).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(served.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        served.header("cache-control"),
        Some("private, max-age=31536000, immutable")
    );
    // Refused at the field, the logo kept: a text file named .png, too many pixels, too many bytes, nothing.
    for (name, data, code) in [
        ("logo.png", b"<svg onload=alert(1)>".to_vec(), "type"),
        ("wide.png", png(4096, 10, 100), "dimensions"),
        ("big.png", png(100, 100, 1_048_577), "size"),
        ("empty.png", Vec::new(), "missing"),
    ] {
        let res = upload(&app, Some(&agent), "ACME-01", name, &data).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{name}");
        assert_eq!(
            res.header("location"),
            Some(format!("/customers/ACME-01?logo_error={code}").as_str()),
            "{name}"
        );
        assert_eq!(logo_of(&app, "ACME-01").await, Some(first), "{name}");
    }
    // The CIC back from a refusal shows the form with the error at the logo field.
    let page = app
        .get("/customers/ACME-01?logo_error=type", Some(&agent))
        .await;
    assert!(
        page.body.contains("Choose a PNG, JPEG or WebP image."),
        "the field error"
    );
    // Exactly at the limits is fine; a new upload is a new URL, the old one is gone.
    let res = upload(
        &app,
        Some(&agent),
        "ACME-01",
        "logo.png",
        &png(2048, 2048, 1_048_576),
    )
    .await;
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));
    let second = logo_of(&app, "ACME-01").await.expect("a logo");
    assert_ne!(second, first);
    assert_eq!(
        app.get(&format!("/logos/{first}"), Some(&agent))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Who may: not a read-only agent, nobody signed out, no portal session; logos are not the portal's.
    let reader = app.sign_in("Agent", "reader").await;
    let res = upload(
        &app,
        Some(&reader),
        "ACME-01",
        "logo.png",
        &png(10, 10, 100),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        upload(&app, None, "ACME-01", "logo.png", &png(10, 10, 100))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let anna = app.sign_in("Contact", "anna").await;
    assert_eq!(
        upload(&app, Some(&anna), "ACME-01", "logo.png", &png(10, 10, 100))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&format!("/logos/{second}"), Some(&anna))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        upload(&app, Some(&agent), "NOPE-1", "logo.png", &png(10, 10, 100))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A stored file that is not a logo is not served as one.
    let other: i64 = sqlx::query_scalar(
        "INSERT INTO stored_files (name, content_type, size, sha256, data, agent_id)
         SELECT 'x.png', 'image/png', 1, sha256('x'), 'x', id FROM agents WHERE login = 'agent' RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("file");
    assert_eq!(
        app.get(&format!("/logos/{other}"), Some(&agent))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Remove: gone from the company and from its URL.
    let req = crate::helpers::form_request("/customers/ACME-01/logo/remove")
        .header(header::COOKIE, &agent)
        .body(Body::empty())
        .expect("request");
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(logo_of(&app, "ACME-01").await, None);
    assert_eq!(
        app.get(&format!("/logos/{second}"), Some(&agent))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Each change is the company's, by the agent, with old → new.
    let changes: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT x->>'old', x->>'new' FROM changes, jsonb_array_elements(changes) x
          WHERE object_kind = 'company' AND actor_label = 'agent' AND x->>'field' = 'logo_file_id' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    assert_eq!(
        changes,
        [
            (None, Some(first.to_string())),
            (Some(first.to_string()), Some(second.to_string())),
            (Some(second.to_string()), None),
        ]
    );
}
