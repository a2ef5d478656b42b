//! The portal as its users meet it: row-level security on its own (in SQL, through the portal role), the
//! per-company permissions of a contact, and a contact's own actions (reply, new request, password).
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Row-level security alone, with no application code in between.
#[sqlx::test(migrations = "../migrations")]
async fn row_level_security_shows_nothing_without_identity_and_only_a_contacts_rows_with_it(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let ids = |login: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM customer_users WHERE login = $1")
                .bind(login)
                .fetch_one(&pool)
                .await
                .expect("contact")
        }
    };
    let carl = ids("carl").await;
    let (acme, globex): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM companies WHERE customer_id = 'ACME-01'), (SELECT id FROM companies WHERE customer_id = 'GLOBEX-02')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("companies");
    let unlinked: i64 =
        sqlx::query_scalar("SELECT id FROM companies WHERE customer_id = 'LUMEN-0003'")
            .fetch_one(&app.pool)
            .await
            .expect("a company carl does not belong to");
    let tables = [
        "tickets",
        "articles",
        "companies",
        "customer_users",
        "customer_user_companies",
        "ticket_counts",
    ];

    let mut tx = app.pool.begin().await.expect("tx");
    sqlx::query("SET LOCAL ROLE panorama_portal")
        .execute(&mut *tx)
        .await
        .expect("role");
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}"))
            .fetch_one(&mut *tx)
            .await
            .expect(t);
        assert_eq!(n, 0, "{t} without identity");
    }
    tx.rollback().await.expect("rollback");

    let mut tx = app::db::portal::begin(&app.pool, &crate::helpers::contact(carl), "test")
        .await
        .expect("tx");
    let (visible, outside): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE company_id <> $1 AND customer_user_id <> $2) FROM tickets",
    )
    .bind(acme)
    .bind(carl)
    .fetch_one(&mut *tx)
    .await
    .expect("tickets");
    assert!(visible > 0);
    assert_eq!(outside, 0, "only ACME-01's requests and carl's own");
    let companies: Vec<i64> = sqlx::query_scalar("SELECT id FROM companies ORDER BY id")
        .fetch_all(&mut *tx)
        .await
        .expect("companies");
    assert_eq!(companies, vec![acme, globex], "only his own companies");
    let internal: i64 =
        sqlx::query_scalar("SELECT count(*) FROM articles WHERE NOT customer_visible")
            .fetch_one(&mut *tx)
            .await
            .expect("articles");
    assert_eq!(internal, 0, "internal notes are invisible");
    // Writes to B's rows fail: updates touch nothing, inserts are refused.
    let updated = sqlx::query("UPDATE tickets SET changed_at = now() WHERE company_id = $1")
        .bind(globex)
        .execute(&mut *tx)
        .await
        .expect("update runs");
    assert_eq!(updated.rows_affected(), 0);
    sqlx::query("SAVEPOINT s")
        .execute(&mut *tx)
        .await
        .expect("savepoint");
    let insert = sqlx::query(
        "INSERT INTO tickets (number, title, queue_id, state_id, state_type, priority_id, owner_id, company_id, customer_user_id)
         VALUES (next_ticket_number(), 'x', 1, 1, 'new', 3, portal_default_owner(), $1, $2)",
    )
    .bind(unlinked)
    .bind(carl)
    .execute(&mut *tx)
    .await;
    assert!(
        insert.is_err(),
        "a request in a company the contact does not belong to is refused"
    );
    sqlx::query("ROLLBACK TO SAVEPOINT s")
        .execute(&mut *tx)
        .await
        .expect("rollback to");
    let b_ticket: i64 = sqlx::query_scalar("SELECT min(id) FROM tickets WHERE company_id = $1")
        .bind(globex)
        .fetch_one(&app.pool)
        .await
        .expect("B ticket");
    let insert = sqlx::query(
        "INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_customer_user_id, body)
         VALUES ($1, 'customer', 'portal', true, $2, 'x')",
    )
    .bind(b_ticket)
    .bind(carl)
    .execute(&mut *tx)
    .await;
    assert!(insert.is_err(), "an article on B's request is refused");
}

async fn list(app: &TestApp, cookie: &str, q: &str) -> (StatusCode, Value) {
    let res = app.post("/api/portal_requests", q, Some(cookie)).await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or(Value::Null),
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn permissions_belong_to_the_contact_and_company_pair(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let carl = app.sign_in("Contact", "carl").await;
    let bob = app.sign_in("Contact", "bob").await;

    // carl may view ACME-01's requests, not GLOBEX-02's.
    let (status, l) = list(&app, &carl, "scope=company&class=all").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        l["companies"],
        json!([{ "customer_id": "ACME-01", "name": "Acme Corporation" }])
    );
    let acme_all: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tickets t JOIN companies c ON c.id = t.company_id
         WHERE c.customer_id = 'ACME-01' AND t.state_type NOT IN ('merged', 'removed')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(
        l["counts"]["all"],
        json!(acme_all),
        "counts are the company's exact numbers"
    );
    // Sortable by last change, both ways.
    let changed = |l: &Value| -> Vec<chrono::DateTime<chrono::Utc>> {
        l["rows"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|x| x["changed"]["iso"].as_str()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let newest = changed(&l);
    let (_, oldest) = list(&app, &carl, "scope=company&class=all&order=oldest").await;
    let oldest = changed(&oldest);
    assert!(
        newest.len() > 1 && newest.windows(2).all(|w| w[0] >= w[1]),
        "newest first"
    );
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let (status, _) = list(&app, &carl, "scope=company&company=GLOBEX-02&class=all").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // bob has no view permission anywhere: no company requests at all.
    let (status, l) = list(&app, &bob, "scope=mine&class=open").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(l["companies"], json!([]));
    assert!(l["counts"]["all"].as_i64().unwrap_or(0) > 0);
    let (status, _) = list(&app, &bob, "scope=company&class=open").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Cancel rules: carl may not cancel anna's request (no cancel permission); olivia may; anna her own.
    let annas: Vec<i64> = sqlx::query_scalar(
        "SELECT t.id FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
         WHERE u.login = 'anna' AND t.state_type IN ('new', 'open') ORDER BY t.id LIMIT 2",
    )
    .fetch_all(&app.pool)
    .await
    .expect("anna's requests");
    assert_eq!(annas.len(), 2);
    let res = app
        .post(
            "/api/cancel_request",
            &format!("id={}", annas[0]),
            Some(&carl),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let olivia = app.sign_in("Contact", "olivia").await;
    let res = app
        .post(
            "/api/cancel_request",
            &format!("id={}", annas[0]),
            Some(&olivia),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let anna = app.sign_in("Contact", "anna").await;
    let res = app
        .post(
            "/api/cancel_request",
            &format!("id={}", annas[1]),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let states: Vec<String> = sqlx::query_scalar(
        "SELECT s.name FROM tickets t JOIN states s ON s.id = t.state_id WHERE t.id = ANY($1) ORDER BY t.id",
    )
    .bind(&annas)
    .fetch_all(&app.pool)
    .await
    .expect("states");
    assert_eq!(states, vec!["closed cancelled", "closed cancelled"]);
    let res = app
        .post(
            "/api/cancel_request",
            &format!("id={}", annas[1]),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "already closed");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_contact_replies_creates_requests_and_changes_the_password(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let anna = app.sign_in("Contact", "anna").await;
    let (_, before) = list(&app, &anna, "scope=mine&class=open").await;
    let open_before = before["counts"]["open"].as_i64().expect("count");

    let res = app
        .post(
            "/api/create_request",
            "title=++&body=&queue=99&priority=",
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err: app::error::AppError = serde_json::from_str(&res.body).expect("typed");
    for f in ["title", "body", "queue"] {
        assert!(err.field_message(f).is_some(), "{f}: {err:?}");
    }
    let res = app
        .post(
            "/api/create_request",
            "title=Printer+jammed&body=Paper+stuck&queue=&priority=",
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id: i64 = serde_json::from_str(&res.body).expect("id");
    let (_, after) = list(&app, &anna, "scope=mine&class=open").await;
    assert_eq!(after["counts"]["open"].as_i64(), Some(open_before + 1));
    assert_eq!(
        after["rows"][0]["title"],
        json!("Printer jammed"),
        "newest change first"
    );

    let res = app
        .post(
            "/api/reply_request",
            &format!("id={id}&body=+"),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post(
            "/api/reply_request",
            &format!("id={id}&body=Still+stuck"),
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post("/api/request_detail", &format!("id={id}"), Some(&anna))
        .await;
    let detail: Value = serde_json::from_str(&res.body).expect("detail");
    let bodies: Vec<&str> = detail["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["body"].as_str())
        .collect();
    assert_eq!(bodies, vec!["Paper stuck", "Still stuck"]);
    let update_due: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT last_customer_article_at FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("ticket");
    assert!(update_due.is_some());

    let res = app
        .post(
            "/api/change_password",
            "current=wrong&new=a-long-new-secret&confirm=a-long-new-secret",
            Some(&anna),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = format!(
        "current={}&new=a-long-new-secret&confirm=a-long-new-secret",
        server::generator::DEMO_PASSWORD
    );
    let res = app.post("/api/change_password", &body, Some(&anna)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post(
            "/api/sign_in",
            "realm=Contact&login=anna&password=a-long-new-secret",
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "the new password signs in");
}
