//! Contract pages (issue 19, parts 2–3): create, edit and cancel with every field checked and stale edits
//! refused, Initiate service (a ticket under an active contract only, "Not covered"), and the Service
//! Contracts list's filters, order and pages.
use crate::helpers::TestApp;
use app::model::contract::{ContractListPage, ContractPage};
use http::StatusCode;
use sqlx::PgPool;

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
