//! The upload module through its test route (debug builds only): the limit at exactly the limit and one
//! byte over (JSON and a page), a declared length refused before reading, sniffed types, sanitised names,
//! sandboxed attachments, sign-in required.
use crate::helpers::{TestApp, TestResponse, UPLOAD_LIMIT};
use axum::body::Body;
use http::{header, Request, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

const BOUNDARY: &str = "panorama-test-boundary";

fn multipart(name: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    accept: &str,
    body: Vec<u8>,
    length: Option<u64>,
) -> TestResponse {
    let mut req = Request::post("/test/upload")
        .header(header::HOST, "panorama.test")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, accept)
        .header(header::CONTENT_LENGTH, length.unwrap_or(body.len() as u64));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

async fn stored(app: &TestApp) -> i64 {
    // Not the demo's files (issue 20), which are stored in chunks.
    sqlx::query_scalar("SELECT count(*) FROM stored_files WHERE chunks = 0")
        .fetch_one(&app.pool)
        .await
        .expect("count")
}

#[sqlx::test(migrations = "../migrations")]
async fn uploads_stop_one_byte_over_the_limit(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let json = "application/json";
    let limit = UPLOAD_LIMIT as usize;

    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(limit, b'x');
    let res = upload(&app, Some(&agent), json, multipart("exact.pdf", &pdf), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(v["size"], UPLOAD_LIMIT);
    assert_eq!(v["content_type"], "application/pdf");

    pdf.push(b'x');
    let res = upload(&app, Some(&agent), json, multipart("over.pdf", &pdf), None).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(res.body.contains("at most 64 KiB"), "{}", res.body);
    let page = upload(
        &app,
        Some(&agent),
        "text/html",
        multipart("over.pdf", &pdf),
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        page.body.contains("<h1>File too large</h1>"),
        "a page without JavaScript"
    );
    // A declared length far over the limit is refused before the body is read (it is tiny here).
    let res = upload(
        &app,
        Some(&agent),
        json,
        multipart("liar.pdf", b"%PDF-"),
        Some(10 << 20),
    )
    .await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(stored(&app).await, 1, "only the upload within the limit");

    let res = upload(&app, None, json, multipart("anon.pdf", b"%PDF-"), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app).await, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn downloads_are_sniffed_sanitised_sandboxed_attachments(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // An executable that claims to be a PDF, under a name with a path and a right-to-left override.
    let exe = b"MZ\x90\0\x03\0\0\0 not a pdf";
    let res = upload(
        &app,
        Some(&agent),
        "application/json",
        multipart("../../inv\u{202E}fdp.exe", exe),
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(v["name"], "invfdp.exe");
    assert_eq!(
        v["content_type"], "application/octet-stream",
        "the declared type is ignored"
    );

    let id = v["id"].as_i64().expect("id");
    let res = app.get(&format!("/test/files/{id}"), Some(&agent)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.bytes, exe.to_vec(), "the same bytes back");
    assert_eq!(res.header("content-type"), Some("application/octet-stream"));
    assert_eq!(
        res.header("content-disposition"),
        Some("attachment; filename=\"invfdp.exe\"; filename*=UTF-8''invfdp.exe")
    );
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        res.header("content-security-policy"),
        Some("sandbox; default-src 'none'")
    );
    assert_eq!(
        app.get(&format!("/test/files/{id}"), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/test/files/999999", Some(&agent)).await.status,
        StatusCode::NOT_FOUND
    );
}
