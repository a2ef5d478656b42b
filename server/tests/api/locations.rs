//! Locations (issue 18, part 4): exactly one primary per company, the company form editing the primary's
//! address, add / edit / make primary / remove with field errors, foreign ids 404, the widget's markup in
//! the CIC payload only when it is shown, and location numbers found by the caller-ID lookup.
use crate::{cic::cic, helpers::TestApp};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn change(app: &TestApp, cookie: &str, company: &str, change: Value) -> (StatusCode, Value) {
    let res = app
        .post_json(
            "/api/change_location",
            &json!({ "customer_id": company, "change": change }),
            Some(cookie),
        )
        .await;
    let body = serde_json::from_str(&res.body).unwrap_or(Value::String(res.body));
    (res.status, body)
}

async fn primaries(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM companies c
         WHERE (SELECT count(*) FROM company_locations l WHERE l.company_id = c.id AND l.is_primary) <> 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count")
}

async fn location_id(app: &TestApp, company: &str, city: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT l.id FROM company_locations l JOIN companies c ON c.id = l.company_id
         WHERE c.customer_id = $1 AND l.city = $2",
    )
    .bind(company)
    .bind(city)
    .fetch_one(&app.pool)
    .await
    .expect("location")
}

#[sqlx::test(migrations = "../migrations")]
async fn locations_keep_one_primary_which_is_the_address_customer_information_edits(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    assert_eq!(
        primaries(&app).await,
        0,
        "every demo company has one primary"
    );

    // Hidden by default: nothing in the CIC's payload; shown, its markup rides in it.
    assert!(cic(&app, &agent, "ACME-01").await.deferred.is_empty());
    let layout = json!({ "board": "Cic", "layout": [["CustomerUsers", true], ["ReminderTickets", true],
        ["EscalatedTickets", true], ["NewTickets", true], ["OpenTickets", true], ["CompanyStatus", true],
        ["CustomerInformation", true], ["Settings", true], ["Locations", true], ["LinkedAccounts", false],
        ["Contracts", false], ["AccountSummary", false],
        ["Activities", false], ["Files", false], ["Overview", false], ["Tasks", false], ["Followers", false]] });
    let res = app
        .post_json("/api/save_layout", &layout, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = cic(&app, &agent, "ACME-01").await;
    let kinds: Vec<_> = page.deferred.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, [app::model::dashboard::WidgetKind::Locations]);
    let markup = &page.deferred[0].1;
    assert!(
        markup.contains("Headquarters") && markup.contains("Primary"),
        "{markup}"
    );
    assert!(markup.contains("Billing — Accounts payable"), "{markup}");
    assert!(markup.contains(&page.company.city), "{markup}");

    // Every field's error at once, nothing stored.
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "Save": { "id": null, "version": 0,
        "kind": "castle", "name": "", "street": "", "zip": "1".repeat(21), "city": "", "country": "", "phone": "" } })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["kind", "street", "zip"] {
        assert!(
            body.to_string().contains(&format!("\"{field}\"")),
            "{field}: {body}"
        );
    }
    // A new location is not primary; "Make primary" moves the mark, and Customer Information follows.
    let (status, body) = change(
        &app,
        &agent,
        "ACME-01",
        json!({ "Save": { "id": null, "version": 0,
        "kind": "service_site", "name": "Harbour depot", "street": "1 Harbour Road", "zip": "20095",
        "city": "Hamburg", "country": "Germany", "phone": "+49 40 555 0199" } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["markup"]
        .as_str()
        .is_some_and(|m| m.contains("Service site — Harbour depot")));
    assert_ne!(body["company"]["city"], "Hamburg");
    let hamburg = location_id(&app, "ACME-01", "Hamburg").await;
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "MakePrimary": hamburg })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["company"]["city"], "Hamburg");
    assert_eq!(primaries(&app).await, 0);
    // The primary stays until another one is primary; others go.
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "Remove": hamburg })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let billing: i64 = sqlx::query_scalar(
        "SELECT l.id FROM company_locations l JOIN companies c ON c.id = l.company_id
         WHERE c.customer_id = 'ACME-01' AND l.kind = 'billing'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("billing");
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "Remove": billing })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!body["markup"]
        .as_str()
        .unwrap_or("")
        .contains("Accounts payable"));

    // Customer Information's form edits the primary location's address.
    let version = body["company"]["version"].as_i64().expect("version");
    let res = app
        .post_json(
            "/api/update_company",
            &json!({ "edit": { "customer_id": "ACME-01", "version": version, "name": "Acme Corporation",
                "phone": "", "email": "", "street": "2 Harbour Road", "zip": "20095", "city": "Hamburg",
                "country": "Germany", "url": "", "comment": "" } }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let street: String = sqlx::query_scalar("SELECT street FROM company_locations WHERE id = $1")
        .bind(hamburg)
        .fetch_one(&app.pool)
        .await
        .expect("street");
    assert_eq!(street, "2 Harbour Road");
    // A stale location form is refused (the edit above moved the company, not this location's version).
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "Save": { "id": hamburg, "version": 1,
        "kind": "headquarters", "name": "", "street": "3 Harbour Road", "zip": "", "city": "Hamburg",
        "country": "", "phone": "" } })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // Another company's location is not found through this one.
    let globex = sqlx::query_scalar::<_, i64>(
        "SELECT l.id FROM company_locations l JOIN companies c ON c.id = l.company_id
         WHERE c.customer_id = 'GLOBEX-02' AND NOT l.is_primary LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("globex");
    for c in [
        json!({ "MakePrimary": globex }),
        json!({ "Remove": globex }),
    ] {
        let (status, _) = change(&app, &agent, "ACME-01", c).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Audited, with old → new values.
    let recorded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE object_kind = 'company_location' AND object_id = $1",
    )
    .bind(hamburg)
    .fetch_one(&app.pool)
    .await
    .expect("changes");
    assert!(recorded >= 3, "{recorded}");

    // The location's own number leads to the company.
    let res = app.get("/lookup?phone=040%205550199", Some(&agent)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/customers/ACME-01"));

    // And the customer search finds the company by it.
    let res = app
        .post(
            "/api/search_customers",
            "query=555%200199&page=0",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("ACME-01"), "{}", res.body);

    // A read-only agent sees the list without its buttons.
    let reader = app.sign_in("Agent", "reader").await;
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=locations",
            Some(&reader),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.contains("Hamburg") && !res.body.contains("data-act"),
        "{}",
        res.body
    );
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=settings",
            Some(&reader),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
