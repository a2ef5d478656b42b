use crate::helpers::TestApp;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn missing_malformed_and_foreign_ids_are_404(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    for path in [
        "/customers/NOPE-99",
        "/customers/bad%20id",
        "/customers/-x",
        "/nothing/here",
    ] {
        let res = app.get(path, Some(&agent)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(res.body.contains("Not found"));
    }
    let res = app
        .post("/api/cic_page", "customer_id=NOPE-99", Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // bob's request, asked for by anna (another company), answers exactly like a missing one.
    let anna = app.sign_in("Contact", "anna").await;
    let (bobs, title): (i64, String) = sqlx::query_as(
        "SELECT t.id, t.title FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id WHERE u.login = 'bob' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("bob has requests");
    let foreign = app
        .get(&format!("/portal/requests/{bobs}"), Some(&anna))
        .await;
    let missing = app.get("/portal/requests/999999999", Some(&anna)).await;
    let malformed = app.get("/portal/requests/abc", Some(&anna)).await;
    for res in [&foreign, &missing, &malformed] {
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
    assert!(
        !foreign.body.contains(&title),
        "no foreign title on the 404 page"
    );
    let f = app
        .post("/api/request_detail", &format!("id={bobs}"), Some(&anna))
        .await;
    let m = app
        .post("/api/request_detail", "id=999999999", Some(&anna))
        .await;
    assert_eq!(
        (f.status, &f.body),
        (m.status, &m.body),
        "foreign and missing look the same"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cic_renders_company_status_from_postgres(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let (open, closed): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE state_type IN ('new','open','pending_reminder','pending_auto')),
                count(*) FILTER (WHERE state_type = 'closed')
         FROM tickets t JOIN companies c ON c.id = t.company_id WHERE c.customer_id = 'ACME-01'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    let res = app.get("/customers/ACME-01", Some(&agent)).await;
    assert_eq!(res.status, StatusCode::OK);
    let count_of = |label: &str| {
        let after = res
            .body
            .split(&format!("<span class=\"label\">{label}</span>"))
            .nth(1)
            .expect(label);
        let n = after
            .split("<span class=\"count\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .expect("count");
        n.parse::<i64>().expect("number")
    };
    assert_eq!(count_of("Open"), open);
    assert_eq!(count_of("Closed"), closed);
    assert_eq!(count_of("All"), open + closed);
}

#[sqlx::test(migrations = "../migrations")]
async fn portal_lists_only_the_contacts_own_requests(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let anna = app.sign_in("Contact", "anna").await;
    let res = app.get("/portal?class=all", Some(&anna)).await;
    assert_eq!(res.status, StatusCode::OK);
    let numbers: Vec<String> = sqlx::query_scalar(
        "SELECT t.number FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id
         WHERE u.login = 'anna' AND t.state_type NOT IN ('merged', 'removed')",
    )
    .fetch_all(&app.pool)
    .await
    .expect("numbers");
    assert!(numbers.len() >= 3);
    for n in &numbers {
        assert!(res.body.contains(n.as_str()), "anna's {n} is listed");
    }
    let others: Vec<String> = sqlx::query_scalar(
        "SELECT t.number FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id WHERE u.login <> 'anna' LIMIT 200",
    )
    .fetch_all(&app.pool)
    .await
    .expect("others");
    for n in &others {
        assert!(!res.body.contains(n.as_str()), "{n} is not anna's");
    }
}
