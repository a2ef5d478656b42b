//! Alerts on a company (issue 18, part 6): posted with field errors first, shown most severe first in the
//! CIC's, the CUIC's and the ticket page's own payloads, gone when expired (no job) or ended, audited, and
//! never to a portal session.
use crate::{cic::cic, helpers::TestApp};
use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

async fn post(app: &TestApp, cookie: &str, form: &str) -> (StatusCode, String) {
    let res = app.post("/api/post_alert", form, Some(cookie)).await;
    (res.status, res.body)
}

/// The alerts' texts in the banner's markup, in its order.
fn texts(banner: &str) -> Vec<String> {
    banner
        .split("<span class=\"alert-body\">")
        .skip(1)
        .map(|rest| rest.split("</span>").next().unwrap_or("").to_string())
        .collect()
}

/// The banner's markup in a page payload.
async fn banner(app: &TestApp, cookie: &str, company: &str) -> String {
    cic(app, cookie, company).await.alerts.0
}

#[sqlx::test(migrations = "../migrations")]
async fn alerts_show_most_severe_first_on_every_page_of_the_company_until_ended_or_expired(
    pool: PgPool,
) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // The demo's own alerts on ACME-01 are there; this test starts without them.
    assert_eq!(texts(&banner(&app, &agent, "ACME-01").await).len(), 2);
    sqlx::query("DELETE FROM company_alerts")
        .execute(&app.pool)
        .await
        .expect("clear");
    // Every field's error at once, nothing stored.
    let long = "x".repeat(501);
    let (status, body) = post(
        &app,
        &agent,
        &format!("customer_id=ACME-01&body={long}&severity=dire&expires_in_hours=5"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["body", "severity", "expires"] {
        assert!(body.contains(&format!("\"{field}\"")), "{field}: {body}");
    }
    let (status, body) = post(
        &app,
        &agent,
        "customer_id=ACME-01&body=%20&severity=info&expires_in_hours=0",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        banner(&app, &agent, "ACME-01").await,
        "",
        "no alert: no banner"
    );
    // A missing company is 404.
    let (status, _) = post(
        &app,
        &agent,
        "customer_id=NOPE-1&body=x&severity=info&expires_in_hours=0",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for (text, severity) in [
        ("Maintenance window tonight", "info"),
        ("Site <b>down</b> since 9:00\nCall Bob first", "critical"),
        ("Invoices overdue", "warning"),
    ] {
        let (status, body) = post(
            &app,
            &agent,
            &format!(
                "customer_id=ACME-01&body={}&severity={severity}&expires_in_hours=24",
                app::model::input::url_encode(text)
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // Most severe first, then newest; every text escaped.
    let want = [
        "Site &lt;b&gt;down&lt;/b&gt; since 9:00\nCall Bob first",
        "Invoices overdue",
        "Maintenance window tonight",
    ];
    let page = banner(&app, &agent, "ACME-01").await;
    assert_eq!(texts(&page), want);
    assert!(page.contains("<li class=\"alert critical\""), "{page}");
    assert!(page.contains("<strong>Critical:</strong>") && page.contains(" UTC)</span>"));
    assert!(
        page.contains("End alert") && !page.contains("<a href"),
        "CIC: not labelled"
    );
    // Another company's page has none of them.
    assert_eq!(banner(&app, &agent, "GLOBEX-02").await, "");
    // A read-only agent sees them without "End alert".
    let reader = app.sign_in("Agent", "reader").await;
    let read = banner(&app, &reader, "ACME-01").await;
    assert_eq!(texts(&read), want);
    assert!(!read.contains("End alert"));
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM company_alerts ORDER BY severity DESC, posted_at DESC, id DESC",
    )
    .fetch_all(&app.pool)
    .await
    .expect("ids");

    // The CUIC of a user of ACME-01 (labelled with the company) and the ticket page of an ACME-01 ticket.
    let res = app
        .post(
            "/api/cuic_page",
            "login=anna&accessible=false",
            Some(&agent),
        )
        .await;
    let cuic: app::model::cic::CuicData = serde_json::from_str(&res.body).expect("cuic");
    assert_eq!(texts(&cuic.alerts.0), want);
    assert!(
        cuic.alerts
            .0
            .contains("<a href=\"/customers/ACME-01\">Acme Corporation</a>"),
        "labelled"
    );
    let number: String = sqlx::query_scalar(
        "SELECT t.number FROM tickets t JOIN companies c ON c.id = t.company_id
          WHERE c.customer_id = 'ACME-01' ORDER BY t.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("ticket");
    let res = app
        .post(
            "/api/ticket_page",
            &format!("number={number}"),
            Some(&agent),
        )
        .await;
    let ticket: Value = serde_json::from_str(&res.body).expect("ticket");
    assert_eq!(texts(ticket["alerts"].as_str().expect("banner")), want);
    // Without JavaScript the banner is in the page.
    let html = app.get("/customers/ACME-01", Some(&agent)).await.body;
    assert!(html.contains("aria-label=\"Alerts\"") && html.contains("Invoices overdue"));

    // Expired: filtered by time, no job needed.
    sqlx::query(
        "UPDATE company_alerts SET posted_at = now() - interval '2 hours', expires_at = now() - interval '1 second'
          WHERE body = 'Invoices overdue'",
    )
    .execute(&app.pool)
    .await
    .expect("expire");
    assert_eq!(
        texts(&banner(&app, &agent, "ACME-01").await),
        [want[0], want[2]]
    );
    // End one: gone for everybody; ending it again, or another company's alert, is 404.
    let id = ids[0];
    let res = app
        .post(
            "/api/end_alert",
            &format!("customer_id=ACME-01&id={id}"),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(texts(&banner(&app, &agent, "ACME-01").await), [want[2]]);
    for (company, id) in [("ACME-01", id), ("GLOBEX-02", ids[2])] {
        let res = app
            .post(
                "/api/end_alert",
                &format!("customer_id={company}&id={id}"),
                Some(&agent),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{company} {id}");
    }
    // Audited: posted and ended, by the agent, on the company's history (the test's own expiry above is
    // there too, by "system").
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM changes WHERE object_kind = 'company_alert' AND actor_label = 'agent' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    assert_eq!(
        actions,
        [
            "company_alert_create",
            "company_alert_create",
            "company_alert_create",
            "company_alert_update"
        ]
    );
    let ended: String = sqlx::query_scalar(
        "SELECT x->>'field' FROM changes, jsonb_array_elements(changes) x
          WHERE action = 'company_alert_update' AND actor_label = 'agent' AND x->>'field' = 'ended_at'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("ended_at recorded old → new");
    assert_eq!(ended, "ended_at");
    let company: Option<i64> = sqlx::query_scalar(
        "SELECT company_id FROM changes WHERE object_kind = 'company_alert' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("company");
    let acme: i64 = sqlx::query_scalar("SELECT id FROM companies WHERE customer_id = 'ACME-01'")
        .fetch_one(&app.pool)
        .await
        .expect("acme");
    assert_eq!(company, Some(acme));
    // The portal role cannot read the table at all.
    crate::helpers::portal_may_not_read(&app.pool, "company_alerts").await;
}
