//! Contracts (issue 19, part 1): the status computed from the dates on the day it is in the company's time
//! zone (start and end days count in full), and the Contracts widget: active and upcoming by default,
//! "Display inactive contracts" saved per agent, the internal block with customer since and liability.
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
        assert!(!first.contains("LUMEN"), "{query} matches one company: {first}");
    }
}
