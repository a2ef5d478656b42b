//! A company's own data on the CIC: Customer Information edits (every field checked, a stale version
//! refused) and the Customer Users widget's pages.
use crate::{cic::cic, helpers::TestApp};
use app::model::{customer::Company, ticket_widget::CustomerUserPage};
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn company_edits_validate_every_field_and_refuse_a_stale_version(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let c = cic(&app, &agent, "ACME-01").await.company;
    let edit = |version: i32, name: &str, url: &str| {
        json!({ "edit": { "customer_id": "ACME-01", "version": version, "name": name, "phone": "", "email": "", "street": "1 Road", "zip": "1000",
            "city": "Springfield", "country": "US", "url": url, "comment": "Key account" } })
    };
    let bad = app
        .post_json(
            "/api/update_company",
            &edit(c.version, " ", "acme"),
            Some(&agent),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err: app::error::AppError = serde_json::from_str(&bad.body).expect("typed error");
    assert!(
        err.field_message("name").is_some() && err.field_message("url").is_some(),
        "{err:?}"
    );
    let unchanged: String =
        sqlx::query_scalar("SELECT name FROM companies WHERE customer_id = 'ACME-01'")
            .fetch_one(&app.pool)
            .await
            .expect("name");
    assert_eq!(unchanged, c.name, "nothing saved on error");

    let ok = app
        .post_json(
            "/api/update_company",
            &edit(c.version, "Acme Corp.", "https://acme.example"),
            Some(&agent),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let saved: Company = serde_json::from_str(&ok.body).expect("company");
    assert_eq!(
        (saved.name.as_str(), saved.version),
        ("Acme Corp.", c.version + 1)
    );

    // A second form loaded before that save is refused, not applied.
    let stale = app
        .post_json(
            "/api/update_company",
            &edit(c.version, "Acme Overwritten", ""),
            Some(&agent),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("changed by someone else"),
        "{}",
        stale.body
    );
    let mut missing = edit(1, "X", "");
    missing["edit"]["customer_id"] = json!("NOPE-99");
    assert_eq!(
        app.post_json("/api/update_company", &missing, Some(&agent))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn customer_users_page_through_every_linked_user_with_exact_counts(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let mut logins = Vec::new();
    let mut after = String::new();
    loop {
        let res = app
            .post(
                "/api/customer_users_page",
                &format!("customer_id=ACME-01&page_size=5{after}"),
                Some(&agent),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page: CustomerUserPage = serde_json::from_str(&res.body).expect("page");
        for u in &page.rows {
            let (open, closed): (i64, i64) = sqlx::query_as(
                "SELECT count(*) FILTER (WHERE t.state_type IN ('new','open','pending_reminder','pending_auto')),
                        count(*) FILTER (WHERE t.state_type = 'closed')
                 FROM tickets t JOIN customer_users u ON u.id = t.customer_user_id WHERE u.login = $1",
            )
            .bind(&u.login)
            .fetch_one(&app.pool)
            .await
            .expect("plain counts");
            assert_eq!((u.open, u.closed), (open, closed), "{}", u.login);
            logins.push(u.login.clone());
        }
        match (page.more, page.rows.last()) {
            (true, Some(last)) => after = format!("&after={}", last.login),
            _ => break,
        }
    }
    let want: Vec<String> = sqlx::query_scalar(
        "SELECT u.login FROM customer_user_companies l JOIN customer_users u ON u.id = l.customer_user_id
         JOIN companies c ON c.id = l.company_id WHERE c.customer_id = 'ACME-01' ORDER BY lower(u.login)",
    )
    .fetch_all(&app.pool)
    .await
    .expect("linked users");
    assert!(want.len() > 5, "more than one page of users");
    assert_eq!(logins, want);
}

/// A stale company edit reads the company again to tell 404 from 409: inside its transaction, not through a
/// second pool connection (which, with every connection busy, waited for itself and answered 503).
#[sqlx::test(migrations = "../migrations")]
async fn a_stale_company_edit_is_a_conflict_even_with_one_connection(pool: PgPool) {
    let app = TestApp::with_demo(pool).await.on_one_connection().await;
    let agent = app.sign_in("Agent", "agent").await;
    let c = cic(&app, &agent, "ACME-01").await.company;
    let edit = json!({ "edit": { "customer_id": "ACME-01", "version": c.version - 1, "name": "Stale",
        "phone": "", "email": "", "street": "", "zip": "", "city": "", "country": "", "url": "", "comment": "" } });
    let res = app
        .post_json("/api/update_company", &edit, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
}
