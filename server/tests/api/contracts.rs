//! Contracts (issue 19, part 1): the status computed from the dates on the day it is in the company's time
//! zone (start and end days count in full), and the Contracts widget: active and upcoming by default,
//! "Display inactive contracts" saved per agent, the internal block with customer since and liability.
use crate::helpers::TestApp;
use app::model::contract::{ContractListPage, ContractPage};
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

fn contract_form(number: &str, value: &str, items: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "form": {
        "original": "", "version": 0, "customer_id": "ACME-01", "number": number, "name": "Laptop fleet care",
        "kind": "managed_service", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "value": value,
        "currency": "USD", "sla_id": "", "items": items,
    }})
}

async fn contract_page(app: &TestApp, cookie: &str, number: &str) -> ContractPage {
    let res = app
        .post(
            "/api/contract_page",
            &format!("number={number}"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("contract page")
}

#[sqlx::test(migrations = "../migrations")]
async fn agents_create_edit_and_cancel_contracts_with_every_field_checked_and_stale_edits_refused(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let reader = app.sign_in("Agent", "reader").await;
    let items = serde_json::json!([
        { "id": null, "kind": "asset", "name": "Laptop", "identifier": "LT-0001" },
        { "id": null, "kind": "service", "name": "Backup", "identifier": "" },
    ]);
    let form = contract_form("C-TEST-1", "1,234.56", items.clone());
    // Read-only agents may read contracts but not change them.
    let res = app
        .post_json("/api/save_contract", &form, Some(&reader))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    // Every bad field at once, at its field; nothing written.
    let mut bad = form.clone();
    bad["form"]["number"] = "-bad number".into();
    bad["form"]["ends_on"] = "2025-12-31".into();
    bad["form"]["value"] = "12.345".into();
    bad["form"]["currency"] = "US".into();
    let res = app
        .post_json("/api/save_contract", &bad, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    for field in ["number", "ends_on", "currency"] {
        assert!(
            res.body.contains(&format!("\"field\":\"{field}\"")),
            "{field}: {}",
            res.body
        );
    }
    assert!(
        res.body.contains("on or after the start date"),
        "{}",
        res.body
    );
    // Created: the value exactly as typed, the items with it, both recorded.
    let res = app
        .post_json("/api/save_contract", &form, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body, "\"C-TEST-1\"");
    let stored: String =
        sqlx::query_scalar("SELECT value::text FROM contracts WHERE number = 'C-TEST-1'")
            .fetch_one(&app.pool)
            .await
            .expect("value");
    assert_eq!(stored, "1234.560");
    let page = contract_page(&app, &agent, "C-TEST-1").await;
    assert_eq!(
        (
            page.value.as_str(),
            page.status.as_str(),
            page.items.len(),
            page.tickets
        ),
        ("1,234.56 USD", "active", 2, 0)
    );
    assert!(page.may_edit);
    assert!(
        page.history.iter().any(|h| h.what == "contract_create"),
        "{:?}",
        page.history
    );
    assert_eq!(
        page.history
            .iter()
            .filter(|h| h.what == "contract_item_create")
            .count(),
        2
    );
    // The number is unique.
    let res = app
        .post_json("/api/save_contract", &form, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("Another contract has this number"),
        "{}",
        res.body
    );
    // Edit: the form carries the version; one item goes, the name changes.
    let res = app
        .post(
            "/api/contract_form",
            "number=C-TEST-1&customer_id=",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let data: serde_json::Value = serde_json::from_str(&res.body).expect("form");
    let mut edit = serde_json::json!({ "form": data["form"].clone() });
    assert_eq!(edit["form"]["value"], "1234.56");
    edit["form"]["name"] = "Laptop fleet care plus".into();
    edit["form"]["items"] = serde_json::json!([data["form"]["items"][0].clone()]);
    let res = app
        .post_json("/api/save_contract", &edit, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The same form again is stale.
    let res = app
        .post_json("/api/save_contract", &edit, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let page = contract_page(&app, &agent, "C-TEST-1").await;
    assert_eq!(
        (page.name.as_str(), page.items.len()),
        ("Laptop fleet care plus", 1)
    );
    assert!(page
        .history
        .iter()
        .any(|h| h.what == "contract_item_delete"));
    // Cancel: a stale version is refused, the current one cancels, a second cancel is refused.
    let stale = app
        .post(
            "/api/cancel_contract",
            "number=C-TEST-1&version=1",
            Some(&agent),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let cancel = format!("number=C-TEST-1&version={}", page.version);
    let res = app
        .post("/api/cancel_contract", &cancel, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post("/api/cancel_contract", &cancel, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(
        contract_page(&app, &agent, "C-TEST-1").await.status,
        "cancelled"
    );
    // Missing and malformed numbers are 404s.
    for number in ["C-NONE", "x%20y", &"9".repeat(41)] {
        let res = app
            .post(
                "/api/contract_page",
                &format!("number={number}"),
                Some(&agent),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{number}");
    }
}

async fn ticket_form(app: &TestApp, cookie: &str, query: &str) -> (StatusCode, serde_json::Value) {
    let res = app
        .post("/api/ticket_form_options", query, Some(cookie))
        .await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or_default(),
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn initiate_service_raises_a_ticket_under_an_active_contract_only(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let (item, serial, sla): (i64, String, Option<i32>) = sqlx::query_as(
        "SELECT i.id, i.identifier, k.sla_id FROM contract_items i JOIN contracts k ON k.id = i.contract_id
         WHERE k.number = 'C-00001-1' ORDER BY i.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("item");
    // The form is filled from the contract: company, SLA, contract and item.
    let (status, d) = ticket_form(&app, &agent, &format!("contract=C-00001-1&item={item}")).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["customer_id"], "ACME-01");
    assert_eq!(d["contract"], "C-00001-1");
    assert_eq!(d["contract_item"], item);
    assert_eq!(d["sla_id"], serde_json::json!(sla));
    assert!(
        d["contract_label"]
            .as_str()
            .unwrap_or_default()
            .contains(&serial),
        "{d}"
    );
    // An inactive contract is refused with the reason; another company's contract too.
    let (status, d) = ticket_form(&app, &agent, "contract=C-00001-2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{d}");
    assert!(d.to_string().contains("This contract is expired"), "{d}");
    let (status, _) = ticket_form(&app, &agent, "customer_id=ACME-01&contract=C-00002-1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let ticket = |contract: &str, item: Option<i64>| {
        serde_json::json!({ "form": {
            "customer_id": "ACME-01", "customer_login": "", "channel": "phone", "title": "Laptop broken",
            "queue_id": 1, "priority_id": 3, "state_id": 1, "sla_id": sla, "pending_until": "",
            "body": "Screen is dark.", "contract": contract, "contract_item": item,
        }})
    };
    for (contract, field) in [
        ("C-00001-2", "expired"),
        ("C-00002-1", "another company"),
        ("C-NONE", "no contract"),
    ] {
        let res = app
            .post_json("/api/create_ticket", &ticket(contract, None), Some(&agent))
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{contract}: {}",
            res.body
        );
        assert!(
            res.body.contains("\"field\":\"contract\"") && res.body.contains(field),
            "{}",
            res.body
        );
    }
    let res = app
        .post_json(
            "/api/create_ticket",
            &ticket("C-00001-1", Some(item)),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let number: String = serde_json::from_str(&res.body).expect("number");
    let res = app
        .post(
            "/api/ticket_page",
            &format!("number={number}"),
            Some(&agent),
        )
        .await;
    let view: app::model::ticket_edit::TicketView = serde_json::from_str(&res.body).expect("view");
    assert_eq!(view.contract.as_deref(), Some("C-00001-1"));
    assert!(
        view.covered && view.contract_item.contains(&serial),
        "{view:?}"
    );
    // The contract page counts its tickets as the list filtered by it totals them.
    let page = contract_page(&app, &agent, "C-00001-1").await;
    let res = app
        .post_json(
            "/api/ticket_list",
            &serde_json::json!({ "q": { "contract": "C-00001-1", "escalated": false, "reminder": false,
                                        "mine_locked": false, "my_queues": false } }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let list: serde_json::Value = serde_json::from_str(&res.body).expect("list");
    assert_eq!(list["total"], page.tickets);
    assert!(page.tickets >= 1 && list.to_string().contains(&number));
    // A ticket created before the contract started was not covered.
    sqlx::query("UPDATE tickets SET created_at = '2000-01-01' WHERE number = $1")
        .bind(&number)
        .execute(&app.pool)
        .await
        .expect("backdate");
    let res = app
        .post(
            "/api/ticket_page",
            &format!("number={number}"),
            Some(&agent),
        )
        .await;
    let view: app::model::ticket_edit::TicketView = serde_json::from_str(&res.body).expect("view");
    assert!(!view.covered);
    // The composite key: a ticket cannot name another company's contract, even in SQL.
    let refused = sqlx::query(
        "UPDATE tickets SET contract_id = (SELECT id FROM contracts WHERE number = 'C-00002-1'), contract_item_id = NULL
         WHERE number = $1",
    )
    .bind(&number)
    .execute(&app.pool)
    .await;
    assert!(refused.is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_contract_list_filters_sorts_and_pages_without_gaps(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "reader").await;
    let list = |q: serde_json::Value| {
        let app = &app;
        let agent = &agent;
        async move {
            let res = app
                .post_json(
                    "/api/contract_list",
                    &serde_json::json!({ "q": q }),
                    Some(agent),
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            serde_json::from_str::<ContractListPage>(&res.body).expect("page")
        }
    };
    let q = |status: &str, company: &str, ends: &str, sort: &str, after: &str| {
        serde_json::json!({ "status": status, "kind": "", "company": company, "ends_within": ends,
                            "sort": sort, "after": after })
    };
    // Enough contracts for two pages and more.
    sqlx::query(
        "INSERT INTO contracts (company_id, number, name, kind, starts_on, ends_on, value, currency)
         SELECT (SELECT id FROM companies WHERE customer_id = 'LUMEN-0003'), 'L-' || lpad(n::text, 3, '0'), 'Plan',
                'warranty', current_date - n, current_date + n * 10, n, 'EUR'
         FROM generate_series(1, 70) n",
    )
    .execute(&app.pool)
    .await
    .expect("contracts");
    // Every page by number, in order, equals every contract.
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page = list(q("", "", "", "number", &after)).await;
        seen.extend(page.rows.iter().map(|r| r.number.clone()));
        match page.next {
            Some(n) => after = n,
            None => break,
        }
    }
    let all: Vec<String> = sqlx::query_scalar("SELECT number FROM contracts ORDER BY number")
        .fetch_all(&app.pool)
        .await
        .expect("numbers");
    assert!(all.len() > 50, "more than one page");
    assert_eq!(seen, all);
    // Filters: a status, a company, ends within N days (active or upcoming, soonest first).
    let active = list(q("active", "", "", "", "")).await;
    assert!(!active.rows.is_empty() && active.rows.iter().all(|r| r.status == "active"));
    let acme = list(q("", "ACME-01", "", "", "")).await;
    assert!(!acme.rows.is_empty() && acme.rows.iter().all(|r| r.customer_id == "ACME-01"));
    assert!(!acme.may_edit, "a read-only agent");
    let soon = list(q("", "", "400", "ends", "")).await;
    assert!(soon
        .rows
        .iter()
        .all(|r| matches!(r.status.as_str(), "active" | "upcoming")));
    assert!(soon.rows.windows(2).all(|w| w[0].ends_on <= w[1].ends_on));
    let res = app
        .post_json(
            "/api/contract_list",
            &serde_json::json!({ "q": q("lost", "", "", "", "") }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
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
