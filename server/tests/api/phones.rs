//! Phone numbers (issue 18, part 7): E.164 normalisation, the caller-ID lookup (one, several, none; a
//! customer user wins over their company) and the customer search matching numbers.
use crate::helpers::TestApp;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn numbers_normalise_to_e164_digits_with_the_configured_country(pool: PgPool) {
    let e164 = |raw: &'static str, cc: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT phone_e164($1, $2)")
                .bind(raw)
                .bind(cc)
                .fetch_one(&pool)
                .await
                .expect("phone_e164")
        }
    };
    for (raw, want) in [
        ("+49 40 0000012", "49400000012"),
        ("+49 (40) 000-0012", "49400000012"),
        ("0049 40 0000012", "49400000012"),
        ("040 0000012", "49400000012"),
        ("040/000.00.12", "49400000012"),
        ("49400000012", "49400000012"),
        ("  +1 (555) 010-9999 ", "15550109999"),
        ("", ""),
        ("12", ""),
        ("+49 40 1234567890123456", ""),
        ("call me", ""),
    ] {
        assert_eq!(e164(raw, "49").await, want, "{raw:?}");
    }
    assert_eq!(e164("020 7946 0018", "44").await, "442079460018");
    // Stored numbers follow the database's setting; an invalid setting falls back to 49.
    let mut conn = pool.acquire().await.expect("conn");
    sqlx::query("SET panorama.country_code = '44'")
        .execute(&mut *conn)
        .await
        .expect("set");
    let (uk,): (String,) = sqlx::query_as("SELECT panorama_country_code()")
        .fetch_one(&mut *conn)
        .await
        .expect("cc");
    assert_eq!(uk, "44");
    sqlx::query("SET panorama.country_code = 'x; drop'")
        .execute(&mut *conn)
        .await
        .expect("set");
    let (fallback,): (String,) = sqlx::query_as("SELECT panorama_country_code()")
        .fetch_one(&mut *conn)
        .await
        .expect("cc");
    assert_eq!(fallback, "49");
}

async fn lookup(app: &TestApp, cookie: Option<&str>, phone: &str) -> (StatusCode, String, String) {
    let res = app
        .get(
            &format!("/lookup?phone={}", app::model::input::url_encode(phone)),
            cookie,
        )
        .await;
    let location = res.header("location").unwrap_or("").to_string();
    (res.status, location, res.body)
}

#[sqlx::test(migrations = "../migrations")]
async fn the_lookup_finds_one_several_or_no_caller(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // The demo gives every company its own number; typed any way, ACME-01's leads to its CIC.
    let acme: String =
        sqlx::query_scalar("SELECT phone FROM companies WHERE customer_id = 'ACME-01'")
            .fetch_one(&app.pool)
            .await
            .expect("phone");
    assert_eq!(acme, "+49 40 0000001");
    for typed in [
        "+49 40 0000001",
        "0049 40 000 0001",
        "040 0000001",
        "49400000001",
    ] {
        let (status, location, _) = lookup(&app, Some(&agent), typed).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{typed}");
        assert_eq!(location, "/customers/ACME-01", "{typed}");
    }
    // A customer user with that number wins over their company, which then counts no more.
    sqlx::query("UPDATE customer_users SET phone = '+49 (40) 000 0001' WHERE login = 'anna'")
        .execute(&app.pool)
        .await
        .expect("phone");
    let (status, location, _) = lookup(&app, Some(&agent), "040 0000001").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/customer-users/anna")
    );
    // Several: a second user (of another company) with the number → the chooser lists both, each once.
    sqlx::query("UPDATE customer_users SET phone = '0049400000001' WHERE login = 'bob'")
        .execute(&app.pool)
        .await
        .expect("phone");
    let (status, _, body) = lookup(&app, Some(&agent), "+49 40 0000001").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("href=\"/customer-users/anna\"")
            && body.contains("href=\"/customer-users/bob\"")
    );
    assert!(
        !body.contains("/customers/ACME-01"),
        "ACME-01 is anna's company: {body}"
    );
    assert!(body.contains("<title>Panorama — Who is calling +49 40 0000001?</title>"));
    // None → the search page with the number filled in (and it escapes what it echoes).
    let (status, location, _) = lookup(&app, Some(&agent), "+1 555 0100").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/?q=%2B1%20555%200100")
    );
    let (status, location, _) = lookup(&app, Some(&agent), "<script>").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/?q=%3Cscript%3E")
    );
    // Anonymous or a portal session: to the agent sign-in, which comes back to the lookup.
    let (status, location, _) = lookup(&app, None, "040 0000001").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/login?next=/lookup%3Fphone%3D0400000001");
    let (_, location, _) = lookup(&app, None, "+49 (40) 000-0001").await;
    assert_eq!(location, "/login?next=/lookup%3Fphone%3D0049400000001");
    let portal = app.sign_in("Contact", "anna").await;
    let (status, location, _) = lookup(&app, Some(&portal), "040 0000001").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/login?next="), "{location}");
    // A trashed company is no caller.
    sqlx::query("UPDATE customer_users SET phone = '' WHERE login IN ('anna', 'bob')")
        .execute(&app.pool)
        .await
        .expect("phone");
    sqlx::query("UPDATE companies SET state = 'trashed' WHERE customer_id = 'ACME-01'")
        .execute(&app.pool)
        .await
        .expect("trash");
    let (_, location, _) = lookup(&app, Some(&agent), "040 0000001").await;
    assert!(location.starts_with("/?q="), "{location}");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_customer_search_matches_phone_numbers(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let search = |q: &'static str| {
        let (app, agent) = (&app, &agent);
        async move {
            let res = app
                .post(
                    "/api/search_customers",
                    &format!("query={}&page=0", app::model::input::url_encode(q)),
                    Some(agent),
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.body);
            res.body
        }
    };
    // A company's number in its national form, and part of it without the prefix.
    assert!(search("040 0000002").await.contains("GLOBEX-02"));
    assert!(search("40 000 0002").await.contains("GLOBEX-02"));
    // A customer user's number.
    let (login, phone): (String, String) = sqlx::query_as(
        "SELECT login, phone FROM customer_users WHERE phone <> '' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("user");
    let found = search(Box::leak(phone.into_boxed_str())).await;
    assert!(found.contains(&login), "{found}");
    // Not a phone-like query: no number is matched by its digits.
    assert!(!search("globex").await.contains("ACME-01"));
}
