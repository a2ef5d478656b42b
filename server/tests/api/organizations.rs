//! Organizations (issue 18): the list (search, filter, orders, keyset pages), a new organization with its
//! field errors, and archiving from the CIC.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn list(app: &TestApp, cookie: &str, query: &str) -> Value {
    let res = app.post("/api/organizations", query, Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    serde_json::from_str(&res.body).expect("json")
}

fn ids(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["customer_id"].as_str().expect("id").to_string())
        .collect()
}

/// Every page of a list, following `next`, as one list of customer IDs.
async fn all_pages(app: &TestApp, cookie: &str, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let page = list(
            app,
            cookie,
            &format!("{query}&after={}", app::model::input::url_encode(&after)),
        )
        .await;
        out.extend(ids(&page));
        match page["next"].as_str() {
            Some(n) => after = n.to_string(),
            None => return out,
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_list_pages_every_order_exactly_once_and_filters_by_state(pool: PgPool) {
    let o = server::generator::Options {
        companies: 60,
        tickets: 3000,
        users_per_company: 1,
        if_empty: false,
    };
    let app = TestApp::with_data(pool, o).await;
    let agent = app.sign_in("Agent", "agent").await;
    // Each order pages through all 60 companies once, in the order Postgres gives for the same sort.
    for (sort, order_by) in [
        ("name", "lower(c.name), c.id"),
        ("customer_id", "c.customer_id, c.id"),
        ("open", "o.open DESC, c.id DESC"),
        ("changed", "c.changed_at DESC, c.id DESC"),
    ] {
        let want: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT c.customer_id FROM companies c JOIN company_open_totals o ON o.company_id = c.id
              WHERE c.state = 'active' ORDER BY {order_by}"
        ))
        .fetch_all(&app.pool)
        .await
        .expect("want");
        let got = all_pages(&app, &agent, &format!("q=&filter=active&sort={sort}")).await;
        assert_eq!(got, want, "order {sort}");
    }
    // The open totals are the CIC's open counts: ACME-01 has the most.
    let first = list(&app, &agent, "q=&filter=&sort=open&after=").await;
    assert_eq!(first["rows"][0]["customer_id"], "ACME-01");
    // Search: the customer search's pattern.
    let found = list(&app, &agent, "q=globex&filter=&sort=&after=").await;
    assert_eq!(ids(&found), ["GLOBEX-02"]);
    // Archive GLOBEX-02 from its CIC: gone from the search and the default list, under Archived and All.
    let version: i32 =
        sqlx::query_scalar("SELECT version FROM companies WHERE customer_id = 'GLOBEX-02'")
            .fetch_one(&app.pool)
            .await
            .expect("version");
    let res = app
        .post(
            "/api/set_company_archived",
            &format!("customer_id=GLOBEX-02&version={version}&archived=true"),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let company: Value = serde_json::from_str(&res.body).expect("company");
    assert_eq!(company["archived"], true);
    assert!(ids(&list(&app, &agent, "q=globex&filter=active&sort=&after=").await).is_empty());
    assert_eq!(
        ids(&list(&app, &agent, "q=globex&filter=archived&sort=&after=").await),
        ["GLOBEX-02"]
    );
    assert_eq!(
        ids(&list(&app, &agent, "q=globex&filter=all&sort=&after=").await),
        ["GLOBEX-02"]
    );
    let search = app
        .post("/api/search_customers", "query=globex&page=0", Some(&agent))
        .await;
    assert!(
        !search.body.contains("GLOBEX-02"),
        "archived: not in the search: {}",
        search.body
    );
    // Still reachable by URL, its tickets and counts unchanged; a stale version is refused.
    let cic = app.get("/customers/GLOBEX-02", Some(&agent)).await;
    assert_eq!(cic.status, StatusCode::OK);
    assert!(cic.body.contains("Archived"));
    let stale = app
        .post(
            "/api/set_company_archived",
            &format!("customer_id=GLOBEX-02&version={version}&archived=false"),
            Some(&agent),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let back = app
        .post(
            "/api/set_company_archived",
            &format!(
                "customer_id=GLOBEX-02&version={}&archived=false",
                version + 1
            ),
            Some(&agent),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(
        ids(&list(&app, &agent, "q=globex&filter=active&sort=&after=").await),
        ["GLOBEX-02"]
    );
    // Both are in the change record with old → new.
    let states: Vec<String> = sqlx::query_scalar(
        "SELECT x->>'new' FROM changes, jsonb_array_elements(changes) x
          WHERE object_kind = 'company' AND object_label LIKE '%(GLOBEX-02)' AND x->>'field' = 'state' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    assert_eq!(states, ["archived", "active"]);
    // A forged cursor is a field error, never a 500.
    for bad in ["x~1", "1~x", "nope", "a\u{0}b~1"] {
        let res = app
            .post(
                "/api/organizations",
                &format!(
                    "q=&filter=&sort=open&after={}",
                    app::model::input::url_encode(bad)
                ),
                Some(&agent),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            res.body
        );
    }
    // A read-only agent may read the list but not archive.
    let reader = app.sign_in("Agent", "reader").await;
    list(&app, &reader, "q=&filter=&sort=&after=").await;
    let refused = app
        .post(
            "/api/set_company_archived",
            "customer_id=ACME-01&version=1&archived=true",
            Some(&reader),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_organization_reports_every_bad_field_and_then_is_created(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let create = |customer_id: &str, name: &str, email: &str, url: &str| {
        json!({ "form": { "customer_id": customer_id, "fields": {
            "customer_id": "", "version": 0, "name": name, "phone": "+49 40 1234567", "email": email,
            "street": "1 Harbour Road", "zip": "20095", "city": "Hamburg", "country": "Germany", "url": url,
            "comment": "Met at the fair." } } })
    };
    let bad = app
        .post_json(
            "/api/create_organization",
            &create("bad id", " ", "no-at", "ftp://x"),
            Some(&agent),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    for field in ["customer_id", "name", "email", "url"] {
        assert!(
            bad.body.contains(&format!(r#""field":"{field}""#)),
            "{field}: {}",
            bad.body
        );
    }
    for taken in ["ACME-01", "new", "NEW"] {
        let res = app
            .post_json(
                "/api/create_organization",
                &create(taken, "Another", "", ""),
                Some(&agent),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{taken}: {}",
            res.body
        );
        assert!(
            res.body.contains("customer_id_taken"),
            "{taken}: {}",
            res.body
        );
    }
    let ok = app
        .post_json(
            "/api/create_organization",
            &create(
                "HARBOUR-7",
                "Harbour Logistics",
                "info@harbour.example",
                "https://harbour.example",
            ),
            Some(&agent),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body, r#""HARBOUR-7""#);
    let cic = app.get("/customers/HARBOUR-7", Some(&agent)).await;
    assert_eq!(cic.status, StatusCode::OK);
    assert!(
        cic.body.contains("tel:+49401234567") && cic.body.contains("mailto:info@harbour.example")
    );
    let page = list(&app, &agent, "q=harbour&filter=&sort=&after=").await;
    assert_eq!(ids(&page), ["HARBOUR-7"]);
    assert_eq!(page["rows"][0]["open"], 0);
    let created: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE object_kind = 'company' AND object_label LIKE '%(HARBOUR-7)' AND action = 'company_create'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("recorded");
    assert_eq!(created, 1);
    // Only agents whose role may edit companies.
    let reader = app.sign_in("Agent", "reader").await;
    let refused = app
        .post_json(
            "/api/create_organization",
            &create("READER-1", "No", "", ""),
            Some(&reader),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
