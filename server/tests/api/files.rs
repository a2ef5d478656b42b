//! A company's files (issue 20, part 5) through their real routes: the 25 MiB limit at exactly the limit
//! and one byte over (nothing stored, not even part of it), a multi-chunk file downloaded byte for byte, an
//! HTML file named `.pdf` served as a sandboxed text attachment, names sanitised, the form's fields checked,
//! the soft delete in the change record, roles, foreign ids, and the portal: only "Visible in portal" files
//! of companies whose requests the contact may view, in Rust and again by row-level security.
use crate::helpers::{contact, TestApp, TestResponse};
use app::model::customer_file::MAX_FILE_BYTES;
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

const BOUNDARY: &str = "panorama-files-boundary";

/// A multipart body: the text fields, then each (name, content) as a `file` part.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, data) in files {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &TestApp, cookie: &str, company: &str, body: Vec<u8>) -> TestResponse {
    let req = Request::post(format!("/customers/{company}/files"))
        .header(header::HOST, "panorama.test")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::COOKIE, cookie);
    app.send(req.body(Body::from(body)).expect("request")).await
}

/// (customer files, stored files, chunks) in the database.
async fn counts(app: &TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM customer_files), (SELECT count(*) FROM stored_files),
                (SELECT count(*) FROM stored_file_chunks)",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts")
}

/// Deletes the file `id` of `company` through the widget's server function.
async fn delete(app: &TestApp, cookie: &str, company: &str, id: i64) -> TestResponse {
    app.post(
        "/api/delete_customer_file",
        &format!("customer_id={company}&id={id}"),
        Some(cookie),
    )
    .await
}

/// The id of the company's newest file called `name`.
async fn file_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT c.id FROM customer_files c JOIN stored_files f ON f.id = c.file_id
         WHERE f.name = $1 ORDER BY c.id DESC LIMIT 1",
    )
    .bind(name)
    .fetch_one(&app.pool)
    .await
    .expect("file")
}

#[sqlx::test(migrations = "../migrations")]
async fn files_stop_one_byte_over_25_mib_and_store_nothing_of_it(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let limit = MAX_FILE_BYTES as usize;
    assert_eq!(limit, 26_214_400);
    let before = counts(&app).await;

    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(limit, b'x');
    let body = multipart(&[("description", "Signed")], &[("exact.pdf", &pdf)]);
    let res = upload(&app, &agent, "ACME-01", body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        res.header("location"),
        Some("/customers/ACME-01#widget-files")
    );
    let (size, chunks, sha, whole): (i64, i32, Vec<u8>, Vec<u8>) = sqlx::query_as(
        "SELECT f.size, f.chunks, f.sha256, sha256(string_agg(k.data, ''::bytea ORDER BY k.seq))
         FROM stored_files f JOIN stored_file_chunks k ON k.file_id = f.id
         WHERE f.name = 'exact.pdf' GROUP BY f.id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("stored");
    assert_eq!((size, chunks), (limit as i64, 25), "25 chunks of 1 MiB");
    let expected: Vec<u8> = sqlx::query_scalar("SELECT sha256($1::bytea)")
        .bind(&pdf)
        .fetch_one(&app.pool)
        .await
        .expect("sha256");
    assert_eq!(sha, expected, "hashed while it arrived");
    assert_eq!(whole, sha, "the chunks are the file");
    let after_one = counts(&app).await;
    assert_eq!(
        after_one,
        (before.0 + 1, before.1 + 1, before.2 + 25),
        "one file"
    );

    pdf.push(b'x');
    let body = multipart(
        &[],
        &[
            ("small.txt", b"fits"),
            ("over.pdf", &pdf),
            ("late.txt", b"x"),
        ],
    );
    let res = upload(&app, &agent, "ACME-01", body).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.body);
    assert!(
        res.body.contains("“over.pdf” is larger than 25 MB"),
        "a page that says which: {}",
        res.body
    );
    assert_eq!(
        counts(&app).await,
        after_one,
        "no row, no chunk, not even of the file that fitted"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn downloads_are_the_same_bytes_as_sniffed_sandboxed_attachments(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // Two and a half chunks of text, and HTML under a PDF's name with a path and a right-to-left override.
    let big: Vec<u8> = (0..2_621_440u32)
        .map(|i| b"abcdefghij\n"[(i % 11) as usize])
        .collect();
    let html = b"<html><script>alert(document.cookie)</script></html>";
    let body = multipart(
        &[("category", "Technical"), ("portal", "1")],
        &[("notes.txt", &big), ("..\\..\\inv\u{202E}fdp.pdf", html)],
    );
    let res = upload(&app, &agent, "ACME-01", body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

    let notes = file_id(&app, "notes.txt").await;
    let res = app
        .get(&format!("/customers/ACME-01/files/{notes}"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.bytes, big, "three chunks, streamed back in order");
    assert_eq!(res.header("content-length"), Some("2621440"));

    let fake = file_id(&app, "invfdp.pdf").await;
    let res = app
        .get(&format!("/customers/ACME-01/files/{fake}"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.bytes, html);
    assert_eq!(
        res.header("content-type"),
        Some("text/plain; charset=utf-8"),
        "the bytes decide, not the name"
    );
    assert!(res
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment; filename=\"invfdp.pdf\"")));
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        res.header("content-security-policy"),
        Some("sandbox; default-src 'none'")
    );

    // Another company's file, a missing one, and no session.
    let res = app
        .get(&format!("/customers/GLOBEX-02/files/{fake}"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .get("/customers/ACME-01/files/999999999", Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .get(&format!("/customers/ACME-01/files/{fake}"), None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_uploads_are_refused_with_a_reason_and_readers_may_not_upload(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let before = counts(&app).await;
    for (fields, files, says) in [
        (vec![], vec![], "Choose one or more files"),
        (
            vec![],
            vec![("empty.txt", &b""[..])],
            "“empty.txt” is empty",
        ),
        (
            vec![("category", "Bananas")],
            vec![("a.txt", &b"a"[..])],
            "categor",
        ),
    ] {
        let res = upload(&app, &agent, "ACME-01", multipart(&fields, &files)).await;
        assert!(res.status.is_client_error(), "{}", res.body);
        assert!(res.body.contains(says), "{says}: {}", res.body);
        assert!(res.body.contains("Nothing was stored"), "{}", res.body);
    }
    let reader = app.sign_in("Agent", "reader").await;
    let res = upload(&app, &reader, "ACME-01", multipart(&[], &[("a.txt", b"a")])).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = upload(&app, &agent, "NOPE-99", multipart(&[], &[("a.txt", b"a")])).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(counts(&app).await, before);
}

#[sqlx::test(migrations = "../migrations")]
async fn deleting_is_soft_recorded_and_only_of_the_company(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let res = upload(
        &app,
        &agent,
        "ACME-01",
        multipart(&[], &[("gone.txt", b"soon gone")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let id = file_id(&app, "gone.txt").await;

    let res = delete(&app, &agent, "GLOBEX-02", id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "not GLOBEX's file");
    let reader = app.sign_in("Agent", "reader").await;
    let res = delete(&app, &reader, "ACME-01", id).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let res = delete(&app, &agent, "ACME-01", id).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let markup: String = serde_json::from_str(&res.body).expect("markup");
    assert!(!markup.contains("gone.txt"), "{markup}");
    assert!(markup.contains("data-count=\"2\""), "the demo's two remain");
    let res = app
        .get(&format!("/customers/ACME-01/files/{id}"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "gone for downloads");
    let kept: bool =
        sqlx::query_scalar("SELECT deleted_at IS NOT NULL FROM customer_files WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("kept");
    assert!(kept, "soft");
    let recorded: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM changes WHERE object_kind = 'customer_file' AND object_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    assert_eq!(recorded, ["customer_file_create", "customer_file_update"]);
    let res = delete(&app, &agent, "ACME-01", id).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "once");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_portal_sees_only_visible_files_of_companies_it_may_view(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    // anna may view ACME-01's requests; bob (GLOBEX-02) may not view his organization's.
    let anna = app.sign_in("Contact", "anna").await;
    let bob = app.sign_in("Contact", "bob").await;
    let id = |company: &'static str, name: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT c.id FROM customer_files c JOIN stored_files f ON f.id = c.file_id
                 JOIN companies co ON co.id = c.company_id WHERE co.customer_id = $1 AND f.name = $2",
            )
            .bind(company)
            .bind(name)
            .fetch_one(&pool)
            .await
            .expect("file")
        }
    };
    let shared = id("ACME-01", "Service report.txt").await;
    let internal = id("ACME-01", "Network notes.txt").await;
    let globex = id("GLOBEX-02", "Service report.txt").await;

    let res = app.post("/api/portal_files", "", Some(&anna)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let list: Vec<serde_json::Value> = serde_json::from_str(&res.body).expect("list");
    let ids: Vec<i64> = list.iter().filter_map(|f| f["id"].as_i64()).collect();
    assert_eq!(ids, [shared], "ACME-01's shared file only");

    let res = app
        .get(&format!("/portal/files/{shared}"), Some(&anna))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.starts_with("Service report for "), "{}", res.body);
    assert!(res
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("attachment")));
    for (who, file) in [(&anna, internal), (&anna, globex), (&bob, globex)] {
        let res = app.get(&format!("/portal/files/{file}"), Some(who)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "file {file}");
    }
    let res = app.post("/api/portal_files", "", Some(&bob)).await;
    assert_eq!(res.body, "[]");
    // An agent's session is not a portal session.
    let agent = app.sign_in("Agent", "agent").await;
    let res = app
        .get(&format!("/portal/files/{shared}"), Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // Row-level security alone, without the queries' own filters: anna's transaction sees the one file,
    // its content row and its chunk, nothing else.
    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM customer_users WHERE login = 'anna'")
        .fetch_one(&app.pool)
        .await
        .expect("anna");
    let mut tx = app::db::portal::begin(&app.pool, &contact(anna_id), "test")
        .await
        .expect("portal tx");
    let seen: (Vec<i64>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT array_agg(id) FROM customer_files), (SELECT count(*) FROM stored_files),
                (SELECT count(*) FROM stored_file_chunks)",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("rls");
    assert_eq!(seen, (vec![shared], 1, 1));
    let uploader = sqlx::query("SELECT uploaded_by FROM customer_files")
        .execute(&mut *tx)
        .await
        .expect_err("no grant on who uploaded");
    assert!(uploader.to_string().contains("permission denied"));
}
