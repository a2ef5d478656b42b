//! Contracts (issue 19): the status computed from the dates on the day it is in the company's time zone
//! (start and end days count in full); the Contracts widget — active and upcoming by default, "Display
//! inactive contracts" saved per agent, the internal block with customer since and liability — on the CIC
//! and the CUIC; the search by contract or serial number; the portal's Contracts without internal fields.
use crate::helpers::TestApp;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn status_follows_the_dates_in_the_company_s_time_zone_at_the_boundaries(pool: PgPool) {
    let status = |starts: &'static str,
                  ends: &'static str,
                  cancelled: bool,
                  tz: &'static str,
                  at: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT contract_status($1::date, $2::date, CASE WHEN $3 THEN now() END, $4, $5::timestamptz)",
            )
            .bind(starts)
            .bind(ends)
            .bind(cancelled)
            .bind(tz)
            .bind(at)
            .fetch_one(&pool)
            .await
            .expect("status")
        }
    };
    for (starts, ends, cancelled, tz, at, want) in [
        // The start day counts from its first minute in the zone: 23:30 UTC is already the 4th in Berlin.
        (
            "2026-12-04",
            "2027-12-03",
            false,
            "UTC",
            "2026-12-03 23:30:00+00",
            "upcoming",
        ),
        (
            "2026-12-04",
            "2027-12-03",
            false,
            "Europe/Berlin",
            "2026-12-03 23:30:00+00",
            "active",
        ),
        (
            "2026-12-04",
            "2027-12-03",
            false,
            "UTC",
            "2026-12-04 00:00:00+00",
            "active",
        ),
        // The end day counts to its last minute.
        (
            "2025-12-04",
            "2026-12-03",
            false,
            "UTC",
            "2026-12-03 23:59:59+00",
            "active",
        ),
        (
            "2025-12-04",
            "2026-12-03",
            false,
            "UTC",
            "2026-12-04 00:00:00+00",
            "expired",
        ),
        (
            "2025-12-04",
            "2026-12-03",
            false,
            "America/New_York",
            "2026-12-04 03:00:00+00",
            "active",
        ),
        // Cancelled wins over any date.
        (
            "2025-12-04",
            "2027-12-03",
            true,
            "UTC",
            "2026-06-01 12:00:00+00",
            "cancelled",
        ),
    ] {
        assert_eq!(
            status(starts, ends, cancelled, tz, at).await,
            want,
            "{starts}..{ends} {tz} at {at}"
        );
    }
    // A company's zone is one Postgres knows.
    let refused = sqlx::query(
        "INSERT INTO companies (customer_id, name, time_zone) VALUES ('TZ-1', 'Zone', 'Mars/Olympus')",
    )
        .execute(&pool)
        .await;
    assert!(refused.is_err());
}

async fn markup(app: &TestApp, cookie: &str) -> String {
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=contracts",
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("markup")
}

#[sqlx::test(migrations = "../migrations")]
async fn the_widget_lists_active_contracts_and_inactive_ones_on_request_with_the_internal_block(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // The demo's ACME-01 has an active and an expired contract.
    let shown = markup(&app, &agent).await;
    assert!(
        shown.contains("C-00001-1") && shown.contains(">Active<"),
        "{shown}"
    );
    assert!(!shown.contains("C-00001-2"), "{shown}");
    assert!(
        shown.contains("Internal only — do not share with the customer"),
        "{shown}"
    );
    assert!(shown.contains("Customer since "), "{shown}");
    assert!(
        shown.contains("(SN-"),
        "covered items with serial numbers: {shown}"
    );
    // The liability is the active contract's value, exactly as stored.
    let (value, currency): (String, String) = sqlx::query_as(
        "SELECT to_char(value, 'FM999,999,990.00'), currency FROM contracts WHERE number = 'C-00001-1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("value");
    assert!(
        shown.contains(&format!(
            "Liability (active and upcoming): {value} {currency}"
        )),
        "{value} {currency}: {shown}"
    );
    // "Display inactive contracts": saved for this agent, so the next load shows them too.
    let res = app
        .post(
            "/api/show_inactive_contracts",
            "customer_id=ACME-01&show=true",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("C-00001-2") && res.body.contains(">Expired<"),
        "{}",
        res.body
    );
    let again = markup(&app, &agent).await;
    assert!(
        again.contains("C-00001-2") && again.contains(" checked>"),
        "{again}"
    );
    // Another agent's choice is their own.
    let other = app.sign_in("Agent", "agent2").await;
    assert!(!markup(&app, &other).await.contains("C-00001-2"));
    // A contract change is recorded under its company.
    sqlx::query("UPDATE contracts SET name = 'Premium support plus' WHERE number = 'C-00001-1'")
        .execute(&app.pool)
        .await
        .expect("rename");
    let recorded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE object_kind = 'contract'
           AND company_id = (SELECT id FROM companies WHERE customer_id = 'ACME-01')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("changes");
    assert_eq!(recorded, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_customer_search_finds_a_company_by_contract_number_or_serial_number(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let serial: String = sqlx::query_scalar(
        "SELECT i.identifier FROM contract_items i JOIN companies c ON c.id = i.company_id
         WHERE c.customer_id = 'ACME-01' ORDER BY i.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("serial");
    for (query, company) in [
        (serial.to_lowercase(), "ACME-01"),
        ("C-00002-1".to_string(), "GLOBEX-02"),
    ] {
        let res = app
            .post(
                "/api/search_customers",
                &format!("query={query}&page=0"),
                Some(&agent),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let hits: serde_json::Value = serde_json::from_str(&res.body).expect("json");
        let first = hits.to_string();
        assert!(first.contains(company), "{query}: {first}");
        assert!(
            !first.contains("LUMEN"),
            "{query} matches one company: {first}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_portal_shows_active_contracts_of_viewable_companies_without_internal_fields(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let contracts = |login: &'static str| {
        let app = &app;
        async move {
            let cookie = app.sign_in("Contact", login).await;
            let res = app.post("/api/portal_contracts", "", Some(&cookie)).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            res.body
        }
    };
    // carl may view ACME-01's requests, not GLOBEX-02's: ACME-01's active contract only.
    let carl = contracts("carl").await;
    assert!(carl.contains("C-00001-1") && carl.contains("SN-"), "{carl}");
    assert!(!carl.contains("C-00001-2"), "an expired contract: {carl}");
    assert!(!carl.contains("C-00002-"), "GLOBEX-02's: {carl}");
    let value: String = sqlx::query_scalar(
        "SELECT to_char(value, 'FM999,999,990.00') FROM contracts WHERE number = 'C-00001-1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("contract");
    for internal in [
        "Liability",
        "Customer since",
        "Internal only",
        "\"value\"",
        "currency",
        "\"sla",
        &value,
    ] {
        assert!(!carl.contains(internal), "{internal} in {carl}");
    }
    // bob has no "may view organization requests": no contracts.
    assert_eq!(contracts("bob").await, "[]");
    // The database agrees on its own: the portal role reads no internal column and no other company's rows.
    let carl_id: i64 = sqlx::query_scalar("SELECT id FROM customer_users WHERE login = 'carl'")
        .fetch_one(&app.pool)
        .await
        .expect("carl");
    let mut tx = app.pool.begin().await.expect("tx");
    sqlx::query("SELECT set_config('role', 'panorama_portal', true), set_config('panorama.contact_id', $1, true)")
        .bind(carl_id.to_string())
        .execute(&mut *tx)
        .await
        .expect("portal role");
    let visible: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT split_part(number, '-', 2) FROM contracts")
            .fetch_all(&mut *tx)
            .await
            .expect("contracts as the portal");
    assert_eq!(visible, ["00001"]);
    let items: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM contract_items WHERE company_id <> (SELECT id FROM companies WHERE customer_id = 'ACME-01')",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("items as the portal");
    assert_eq!(items, 0);
    let denied = sqlx::query_scalar::<_, String>("SELECT value::text FROM contracts LIMIT 1")
        .fetch_one(&mut *tx)
        .await;
    assert!(denied.is_err(), "the value is not granted");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cuic_shows_the_contracts_of_each_of_the_user_s_companies_when_turned_on(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let cuic = || async {
        let res = app
            .post(
                "/api/cuic_page",
                "login=carl&accessible=false",
                Some(&agent),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        serde_json::from_str::<serde_json::Value>(&res.body).expect("cuic")
    };
    // Off by default: nothing computed for it.
    assert_eq!(cuic().await["deferred"], serde_json::json!([]));
    let layout = serde_json::json!({ "board": "Cuic", "layout": [
        ["ReminderTickets", true], ["EscalatedTickets", true], ["NewTickets", true], ["OpenTickets", true],
        ["CustomerUserInformation", true], ["CustomerCompanies", true], ["Settings", true], ["Contracts", true],
        ["Tasks", false], ["Followers", false],
    ]});
    let res = app
        .post_json("/api/save_layout", &layout, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // carl: ACME-01 (primary) and GLOBEX-02, each with its own internal block; the switch once.
    let markup = cuic().await["deferred"][0][1]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let acme = markup.find("Acme Corporation (ACME-01)").expect("ACME-01");
    let globex = markup.find("(GLOBEX-02)").expect("GLOBEX-02");
    assert!(acme < globex, "the primary first: {markup}");
    assert!(
        markup.contains("C-00001-1") && markup.contains("C-00002-1"),
        "{markup}"
    );
    assert_eq!(markup.matches("Display inactive contracts").count(), 1);
    assert_eq!(
        markup
            .matches("Internal only — do not share with the customer</strong>")
            .count(),
        2
    );
    // Turned on later or switched, the widget asks with the login and gets the same shape.
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=contracts&login=carl",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        serde_json::from_str::<String>(&res.body).expect("markup"),
        markup
    );
    let res = app
        .post(
            "/api/show_inactive_contracts",
            "customer_id=ACME-01&show=true&login=carl",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("C-00001-2") && res.body.contains("(GLOBEX-02)"),
        "{}",
        res.body
    );
}
