//! Billing (issue 19, part 5): `server import billing` — a valid file (exact money, audited), a re-import
//! (no duplicates; only real changes count and are recorded), a file with one bad row (nothing written, the
//! line reported), a dry run — and what agents see: the Account Summary (balance, past due since the
//! earliest open due day, last invoice and payment, last imported) and the Billing page, keyset paged.
use crate::helpers::{as_app_role, TestApp};
use app::service::billing_import::{import, ImportError, Report};
use chrono::{Duration, Utc};
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

const HEADER: &str = "customer_id,kind,number,date,amount,currency,due_date,open_amount,method\n";

/// Today ± days, as the files write dates (the test company's zone is UTC).
fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

/// Balance 1,000.00 + 250.50 + 99.99 − 1,000.00 − 0.49 = 350.00 EUR; INV-2 (250.50) is past due since
/// 30 days ago; INV-3 is open and not yet due.
fn statement() -> String {
    format!(
        "{HEADER}BILL-1,invoice,INV-1,{},\"1,000.00\",EUR,{},0,\n\
         BILL-1,invoice,INV-2,{},250.50,EUR,{},250.50,\n\
         BILL-1,invoice,INV-3,{},99.99,EUR,{},,\n\
         BILL-1,payment,PAY-1,{},1000,EUR,,,transfer\n\
         BILL-1,credit,CR-1,{},0.49,EUR,,,\n",
        day(-90),
        day(-60),
        day(-60),
        day(-30),
        day(-10),
        day(20),
        day(-70),
        day(-5),
    )
}

async fn company(pool: &PgPool, customer_id: &str) {
    sqlx::query("INSERT INTO companies (customer_id, name) VALUES ($1, $1 || ' Ltd')")
        .bind(customer_id)
        .execute(pool)
        .await
        .expect("company");
}

/// Imports as the servers' role does (`server import` runs with the app's database URL).
async fn run(pool: &PgPool, file: &str, dry_run: bool) -> Result<Report, ImportError> {
    import(
        &as_app_role(pool, 2),
        file.as_bytes(),
        "statement.csv",
        "tester",
        dry_run,
        Utc::now(),
    )
    .await
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_valid_file_is_imported_exactly_and_audited(pool: PgPool) {
    company(&pool, "BILL-1").await;
    let report = run(&pool, &statement(), false).await.expect("imported");
    assert_eq!(
        report.to_string(),
        "5 rows: 5 created, 0 updated, 0 unchanged"
    );
    // Money is exact: typed with a thousands separator, stored to the thousandth.
    let amounts: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT number, amount::text, open_amount::text FROM billing_entries b
         JOIN companies c ON c.id = b.company_id WHERE c.customer_id = 'BILL-1' ORDER BY number",
    )
    .fetch_all(&pool)
    .await
    .expect("rows");
    assert_eq!(
        amounts,
        [
            ("CR-1".into(), "0.490".into(), None),
            ("INV-1".into(), "1000.000".into(), Some("0.000".into())),
            ("INV-2".into(), "250.500".into(), Some("250.500".into())),
            ("INV-3".into(), "99.990".into(), Some("99.990".into())),
            ("PAY-1".into(), "1000.000".into(), None),
        ]
    );
    // Every row in the change record, written by the import; the run in the import log.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM changes WHERE object_kind = 'billing_entry' AND actor_kind = 'import' AND action = 'billing_entry_create' AND object_label = 'BILL-1'").await,
        5
    );
    let log: (String, String, i64, i64, i64) = sqlx::query_as(
        "SELECT file_name, run_by, created, updated, unchanged FROM billing_imports",
    )
    .fetch_one(&pool)
    .await
    .expect("log");
    assert_eq!(log, ("statement.csv".into(), "tester".into(), 5, 0, 0));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_re_import_makes_no_duplicates_and_counts_only_real_changes(pool: PgPool) {
    company(&pool, "BILL-1").await;
    run(&pool, &statement(), false).await.expect("first");
    let again = run(&pool, &statement(), false).await.expect("again");
    assert_eq!(
        again.to_string(),
        "5 rows: 0 created, 0 updated, 5 unchanged"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM billing_entries b JOIN companies c ON c.id = b.company_id WHERE c.customer_id = 'BILL-1'").await, 5);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM changes WHERE object_kind = 'billing_entry'"
        )
        .await,
        5,
        "carrying a row again records nothing"
    );
    // INV-2 paid meanwhile: one update, recorded with its old and new open amount.
    let paid = statement().replace(
        &format!("{},250.50,", day(-30)),
        &format!("{},0,", day(-30)),
    );
    let changed = run(&pool, &paid, false).await.expect("changed");
    assert_eq!(
        changed.to_string(),
        "5 rows: 0 created, 1 updated, 4 unchanged"
    );
    let diff: serde_json::Value =
        sqlx::query_scalar("SELECT changes FROM changes WHERE action = 'billing_entry_update'")
            .fetch_one(&pool)
            .await
            .expect("update recorded");
    assert_eq!(
        diff,
        json!([{ "field": "open_amount", "old": 250.5, "new": 0.0 }]),
        "{diff}"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM billing_imports").await,
        3
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_file_with_one_bad_row_writes_nothing_and_names_its_line(pool: PgPool) {
    company(&pool, "BILL-1").await;
    // Line 4 of the file (the header is line 1): an amount with more decimals than euros have.
    let bad = statement().replace(",99.99,EUR,", ",99.999,EUR,");
    match run(&pool, &bad, false).await {
        Err(ImportError::Invalid(errors)) => {
            let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert_eq!(shown.len(), 1, "{shown:?}");
            assert!(shown[0].starts_with("line 4, amount: "), "{shown:?}");
        }
        other => panic!("refused, not {other:?}"),
    }
    // A customer ID no company has: its line, nothing written either.
    let unknown = format!(
        "{}NOPE-9,payment,PAY-9,{},5,EUR,,,card\n",
        statement(),
        day(-1)
    );
    match run(&pool, &unknown, false).await {
        Err(ImportError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(
                errors[0].to_string(),
                "line 7, customer_id: There is no company with the customer ID \"NOPE-9\"."
            );
        }
        other => panic!("refused, not {other:?}"),
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM billing_entries b JOIN companies c ON c.id = b.company_id WHERE c.customer_id = 'BILL-1'").await, 0);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM billing_imports").await,
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_dry_run_reports_the_real_counts_and_writes_nothing(pool: PgPool) {
    company(&pool, "BILL-1").await;
    let dry = run(&pool, &statement(), true).await.expect("dry run");
    assert_eq!(
        dry.to_string(),
        "5 rows: 5 created, 0 updated, 0 unchanged (dry run: nothing was written)"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM billing_entries b JOIN companies c ON c.id = b.company_id WHERE c.customer_id = 'BILL-1'").await, 0);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM changes WHERE object_kind = 'billing_entry'"
        )
        .await,
        0
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM billing_imports").await,
        0
    );
    run(&pool, &statement(), false).await.expect("real");
    let dry = run(&pool, &statement(), true).await.expect("dry again");
    assert_eq!(dry.counts.unchanged, 5);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_command_line_imports_a_file_and_refuses_a_bad_one(pool: PgPool) {
    company(&pool, "BILL-1").await;
    let dir = std::env::temp_dir().join(format!("panorama-billing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let good = dir.join("good.csv");
    std::fs::write(&good, statement()).expect("write");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        statement().replace("EUR,,,transfer", "EURO,,,transfer"),
    )
    .expect("write");
    let app_pool = as_app_role(&pool, 2);
    let args = |f: &std::path::Path, more: &[&str]| {
        let mut a = vec!["billing".to_string(), f.display().to_string()];
        a.extend(more.iter().map(|s| s.to_string()));
        a
    };
    server::import::run(&app_pool, &args(&good, &["--dry-run"]))
        .await
        .expect("dry run");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM billing_imports").await,
        0
    );
    server::import::run(&app_pool, &args(&good, &[]))
        .await
        .expect("import");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM billing_imports").await,
        1
    );
    let refused = server::import::run(&app_pool, &args(&bad, &[]))
        .await
        .expect_err("refused");
    assert_eq!(
        refused.to_string(),
        "1 row error(s) in bad.csv; nothing was imported"
    );
    let usage = server::import::run(&app_pool, &["contracts".into(), "x.csv".into()])
        .await
        .expect_err("usage");
    assert!(usage.to_string().contains("usage: server import billing"));
    std::fs::remove_dir_all(&dir).ok();
}

async fn summary(app: &TestApp, cookie: &str, customer_id: &str) -> String {
    let res = app
        .post(
            "/api/widget_markup",
            &format!("customer_id={customer_id}&widget=account_summary"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("markup")
}

async fn page(app: &TestApp, cookie: &str, args: &str) -> (StatusCode, serde_json::Value) {
    let res = app.post("/api/billing_page", args, Some(cookie)).await;
    (
        res.status,
        serde_json::from_str(&res.body).unwrap_or(serde_json::Value::Null),
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn the_account_summary_and_the_billing_page_show_the_imported_figures(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    company(&app.pool, "BILL-1").await;
    let agent = app.sign_in("Agent", "agent").await;
    assert!(
        summary(&app, &agent, "BILL-1")
            .await
            .contains("No billing data has been imported"),
        "before any import"
    );
    run(&app.pool, &statement(), false).await.expect("imported");
    let shown = summary(&app, &agent, "BILL-1").await;
    for want in [
        "<dt>Balance</dt><dd>350.00 EUR</dd>",
        &format!("<dt>Past due</dt><dd>250.50 EUR since {}</dd>", day(-30)),
        &format!("INV-3 of {}: 99.99 EUR, due {}", day(-10), day(20)),
        "<span class=\"badge open\">Open</span>",
        &format!("{}: 1,000.00 EUR by transfer", day(-70)),
        "href=\"/customers/BILL-1/billing\"",
        "Last imported ",
    ] {
        assert!(shown.contains(want), "{want} in {shown}");
    }

    let (status, p) = page(&app, &agent, "customer_id=BILL-1").await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let invoices: Vec<(&str, &str, &str)> = p["invoices"]
        .as_array()
        .expect("invoices")
        .iter()
        .map(|i| {
            (
                i["number"].as_str().unwrap_or_default(),
                i["open"].as_str().unwrap_or_default(),
                i["status"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        invoices,
        [
            ("INV-3", "99.99 EUR", "open"),
            ("INV-2", "250.50 EUR", "overdue"),
            ("INV-1", "0.00 EUR", "paid")
        ]
    );
    assert_eq!(p["transactions"][0]["kind"], "Credit note");
    assert_eq!(p["transactions"][1]["amount"], "1,000.00 EUR");
    assert_eq!(p["transactions"][1]["method"], "transfer");
    assert_eq!(p["invoices_next"], serde_json::Value::Null);

    // The document, without JavaScript: the page as the server renders it.
    let doc = app.get("/customers/BILL-1/billing", Some(&agent)).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.body.contains("Billing — BILL-1 Ltd (BILL-1)"),
        "{}",
        doc.body
    );
    assert!(
        doc.body.contains("<td class=\"num\">250.50 EUR</td>"),
        "{}",
        doc.body
    );

    // Shown on the CIC, its markup rides in the page's payload (and so in the document).
    let layout = json!({ "board": "Cic", "layout": [["CustomerUsers", true], ["ReminderTickets", true],
        ["EscalatedTickets", true], ["NewTickets", true], ["OpenTickets", true], ["CompanyStatus", true],
        ["CustomerInformation", true], ["Settings", true], ["Locations", false], ["LinkedAccounts", false],
        ["Contracts", false], ["AccountSummary", true], ["Activities", false], ["Files", false], ["Overview", false], ["Tasks", false], ["Followers", false]] });
    let res = app
        .post_json("/api/save_layout", &layout, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cic = app.get("/customers/BILL-1", Some(&agent)).await;
    assert!(cic.body.contains("350.00 EUR"), "{}", cic.body);

    // Foreign or malformed: 404s; a read-only agent reads it too.
    for args in [
        "customer_id=NOPE-1",
        "customer_id=BILL-1&invoices=yesterday",
        "customer_id=BILL-1&transactions=2026-01-01.x",
    ] {
        assert_eq!(
            page(&app, &agent, args).await.0,
            StatusCode::NOT_FOUND,
            "{args}"
        );
    }
    let reader = app.sign_in("Agent", "reader").await;
    assert_eq!(
        page(&app, &reader, "customer_id=BILL-1").await.0,
        StatusCode::OK
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn billing_lists_are_keyset_paged_newest_first(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    company(&app.pool, "BILL-2").await;
    // 60 invoices, three a day (ties broken by id), and 30 payments.
    let mut file = HEADER.to_string();
    for i in 0..60 {
        let d = day(-(i / 3) - 1);
        file += &format!("BILL-2,invoice,I-{i:02},{d},{i}.00,USD,{d},0,\n");
    }
    for i in 0..30 {
        file += &format!("BILL-2,payment,P-{i:02},{},{i},USD,,,card\n", day(-i));
    }
    run(&app.pool, &file, false).await.expect("imported");
    let agent = app.sign_in("Agent", "agent").await;
    let mut seen = Vec::new();
    let mut at = String::new();
    let mut pages = 0;
    loop {
        let (status, p) = page(&app, &agent, &format!("customer_id=BILL-2&invoices={at}")).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        pages += 1;
        for i in p["invoices"].as_array().expect("rows") {
            seen.push(i["number"].as_str().unwrap_or_default().to_string());
        }
        match p["invoices_next"].as_str() {
            Some(next) => at = next.to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 3, "25 + 25 + 10");
    let want: Vec<String> = sqlx::query_scalar(
        "SELECT number FROM billing_entries b JOIN companies c ON c.id = b.company_id
         WHERE c.customer_id = 'BILL-2' AND kind = 'invoice' ORDER BY booked_on DESC, b.id DESC",
    )
    .fetch_all(&app.pool)
    .await
    .expect("all");
    assert_eq!(seen, want);
    let (_, p) = page(&app, &agent, "customer_id=BILL-2").await;
    assert_eq!(p["transactions"].as_array().map(Vec::len), Some(25));
    assert_eq!(p["transactions"][0]["number"], "P-00", "today's first");
    assert!(p["transactions_next"].is_string());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_generator_gives_every_company_a_billing_history_some_overdue(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let months: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT c.customer_id, count(*) FILTER (WHERE kind = 'invoice'),
                count(*) FILTER (WHERE kind = 'invoice' AND open_amount > 0 AND due_on < current_date)
         FROM companies c JOIN billing_entries b ON b.company_id = c.id GROUP BY c.customer_id ORDER BY 1",
    )
    .fetch_all(&app.pool)
    .await
    .expect("months");
    assert_eq!(months.len(), 5, "every company: {months:?}");
    assert!(
        months.iter().all(|(_, n, _)| (12..=36).contains(n)),
        "{months:?}"
    );
    let acme = months.iter().find(|m| m.0 == "ACME-01").expect("ACME-01");
    assert!(acme.2 >= 1, "ACME-01 has something past due: {months:?}");
    let agent = app.sign_in("Agent", "agent").await;
    // ACME-01's two invoices before this month's are unpaid: past due since the older one's due day; this
    // month's is open and not yet due.
    let shown = summary(&app, &agent, "ACME-01").await;
    assert!(
        !shown.contains("Nothing past due") && shown.contains(" since "),
        "{shown}"
    );
    assert!(
        shown.contains("<span class=\"badge open\">Open</span>"),
        "{shown}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_portal_role_cannot_read_billing(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    for table in ["billing_entries", "billing_imports"] {
        crate::helpers::portal_may_not_read(&app.pool, table).await;
    }
}
