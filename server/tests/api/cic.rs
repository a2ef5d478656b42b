//! The CIC's server functions over HTTP, as the browser calls them: paging reaches exactly the counts,
//! preferences survive a new session, bad input is a typed 4xx, company edits refuse stale versions.
use crate::helpers::TestApp;
use app::model::{
    cic::{CicData, TicketWidgetData},
    dashboard::{Sort, TicketColumn, TicketTab, WidgetKind},
};
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use std::collections::HashSet;

pub async fn cic(app: &TestApp, cookie: &str, company: &str) -> CicData {
    let res = app
        .post(
            "/api/cic_page",
            &format!("customer_id={company}"),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).expect("CicData")
}

fn request(
    widget: WidgetKind,
    tab: TicketTab,
    sort: Sort,
    size: u8,
    after: Option<&app::model::ticket_widget::Cursor>,
) -> serde_json::Value {
    json!({ "req": {
        "scope": { "Company": "ACME-01" }, "widget": widget, "tab": tab, "sort": sort, "page_size": size,
        "columns": [TicketColumn::Number, TicketColumn::Title], "after": after,
    }})
}

/// Pages through one widget tab; returns the ticket numbers seen and the count shown with the first page.
async fn walk(
    app: &TestApp,
    cookie: &str,
    w: WidgetKind,
    tab: TicketTab,
    sort: Sort,
) -> (Vec<String>, i64) {
    let mut seen = Vec::new();
    let mut after = None;
    let mut count = None;
    loop {
        let res = app
            .post_json(
                "/api/ticket_widget",
                &request(w, tab, sort, 5, after.as_ref()),
                Some(cookie),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let data: TicketWidgetData = serde_json::from_str(&res.body).expect("TicketWidgetData");
        count.get_or_insert(data.counts.tab(w).get(tab));
        assert!(data.page.rows.len() <= 5);
        seen.extend(data.page.rows.iter().map(|r| r.number.clone()));
        if !data.page.more {
            break;
        }
        after = data.page.rows.last().map(|r| r.cursor.clone());
        assert!(seen.len() < 10_000, "paging terminates");
    }
    (seen, count.unwrap_or(-1))
}

#[sqlx::test(migrations = "../migrations")]
async fn every_tab_pages_to_exactly_its_count_in_any_sort(pool: PgPool) {
    let o = server::generator::Options {
        companies: 6,
        tickets: 3000,
        users_per_company: 3,
        if_empty: false,
    };
    let app = TestApp::with_data(pool, o).await;
    let agent = app.sign_in("Agent", "agent").await;
    let first = cic(&app, &agent, "ACME-01").await;
    assert_eq!(first.company.customer_id, "ACME-01");
    for (w, page) in &first.tickets {
        let tab = w.default_tab();
        assert_eq!(
            page.rows.len() as i64,
            first.counts.tab(*w).get(tab).min(10),
            "{} first page",
            w.title()
        );
    }
    let sorts = [
        None,
        Some(Sort {
            column: TicketColumn::Title,
            descending: true,
        }),
        Some(Sort {
            column: TicketColumn::Queue,
            descending: false,
        }),
        Some(Sort {
            column: TicketColumn::Age,
            descending: false,
        }),
    ];
    let mut nonempty = 0;
    for w in app::model::dashboard::Board::Cic
        .widgets()
        .into_iter()
        .filter(|w| w.is_ticket_list())
    {
        for tab in TicketTab::ALL {
            for sort in sorts {
                let sort = sort.unwrap_or(w.default_sort());
                let (seen, count) = walk(&app, &agent, w, tab, sort).await;
                let unique: HashSet<_> = seen.iter().collect();
                assert_eq!(
                    unique.len(),
                    seen.len(),
                    "{} / {}: no ticket twice",
                    w.title(),
                    tab.label()
                );
                assert_eq!(
                    seen.len() as i64,
                    count,
                    "{} / {} / {:?}: rows reachable = count",
                    w.title(),
                    tab.label(),
                    sort
                );
                assert_eq!(
                    first.counts.tab(w).get(tab),
                    count,
                    "{} / {}: the page's counts (one statement with the company) = the widget's",
                    w.title(),
                    tab.label()
                );
                nonempty += usize::from(count > 5);
            }
        }
    }
    assert!(
        nonempty >= 8,
        "the demo data exercises paging ({nonempty} multi-page tabs)"
    );

    // The spec's default sorts: escalated by escalation time, reminders by pending time, new oldest first.
    let (seen, _) = walk(
        &app,
        &agent,
        WidgetKind::NewTickets,
        TicketTab::All,
        WidgetKind::NewTickets.default_sort(),
    )
    .await;
    let created: Vec<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
        "SELECT created_at FROM tickets WHERE number = ANY($1) ORDER BY array_position($1, number)",
    )
    .bind(&seen)
    .fetch_all(&app.pool)
    .await
    .expect("created");
    assert!(
        created.windows(2).all(|p| p[0] <= p[1]),
        "New Tickets oldest first"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn layout_and_widget_choices_are_saved_per_agent_and_survive_a_new_session(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let before = cic(&app, &agent, "ACME-01").await;
    let default: Vec<_> = before.layout.iter().map(|p| p.kind).collect();
    assert_eq!(
        default,
        app::model::dashboard::Board::Cic.widgets(),
        "defaults before any choice"
    );

    // Open Tickets first, Escalated hidden; Open Tickets on "Tickets in My Queues", sorted by title, 20 rows.
    let mut order: Vec<(WidgetKind, bool)> = app::model::dashboard::Board::Cic
        .widgets()
        .iter()
        .map(|k| (*k, *k != WidgetKind::EscalatedTickets))
        .collect();
    order.retain(|(k, _)| *k != WidgetKind::OpenTickets);
    order.insert(0, (WidgetKind::OpenTickets, true));
    let res = app
        .post_json(
            "/api/save_layout",
            &json!({ "board": "Cic", "layout": order }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let sort = Sort {
        column: TicketColumn::Title,
        descending: false,
    };
    let res = app
        .post_json(
            "/api/ticket_widget",
            &request(WidgetKind::OpenTickets, TicketTab::MyQueues, sort, 20, None),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let res = app
        .post(
            "/api/customer_users_page",
            "customer_id=ACME-01&page_size=5",
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let again = app.sign_in("Agent", "agent").await;
    let after = cic(&app, &again, "GLOBEX-02").await;
    assert_eq!(
        after.users_page_size, 5,
        "the Customer Users page size is saved too"
    );
    assert_eq!(
        after.layout[0].kind,
        WidgetKind::OpenTickets,
        "order applies to every company"
    );
    let open = &after.layout[0];
    assert_eq!(
        (open.tab, open.sort, open.page_size),
        (TicketTab::MyQueues, sort, 20)
    );
    assert_eq!(
        open.columns,
        vec![TicketColumn::Number, TicketColumn::Title]
    );
    let esc = after
        .layout
        .iter()
        .find(|p| p.kind == WidgetKind::EscalatedTickets)
        .expect("listed");
    assert!(!esc.visible);
    assert!(
        after
            .tickets
            .iter()
            .all(|(k, _)| *k != WidgetKind::EscalatedTickets),
        "hidden widgets cost no query"
    );

    // Another agent keeps the defaults.
    let other = app.sign_in("Agent", "agent2").await;
    let theirs = cic(&app, &other, "ACME-01").await;
    assert_eq!(
        theirs.layout.iter().map(|p| p.kind).collect::<Vec<_>>(),
        app::model::dashboard::Board::Cic.widgets()
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_input_is_a_typed_error_and_portal_sessions_are_refused(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let contact = app.sign_in("Contact", "anna").await;
    let sort = WidgetKind::NewTickets.default_sort();

    let cases = [
        (
            "/api/save_layout",
            json!({ "board": "Cic", "layout": [[WidgetKind::Settings, true]] }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/save_layout",
            json!({ "board": "Cic", "layout": app::model::dashboard::Board::Cic.widgets().iter().map(|k| (k, *k != WidgetKind::Settings)).collect::<Vec<_>>() }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/ticket_widget",
            request(WidgetKind::NewTickets, TicketTab::All, sort, 99, None),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/ticket_widget",
            request(WidgetKind::Settings, TicketTab::All, sort, 10, None),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/ticket_widget",
            request(
                WidgetKind::NewTickets,
                TicketTab::All,
                sort,
                10,
                Some(&app::model::ticket_widget::Cursor {
                    key: "not a time".into(),
                    id: 1,
                }),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/ticket_widget",
            json!({ "req": { "scope": { "Company": "ACME-01" } } }),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (path, body, want) in cases {
        let res = app.post_json(path, &body, Some(&agent)).await;
        assert_eq!(res.status, want, "{path} {body}: {}", res.body);
        assert!(
            !res.body.to_lowercase().contains("sql"),
            "no SQL text to the client: {}",
            res.body
        );
    }
    let mut missing = request(WidgetKind::NewTickets, TicketTab::All, sort, 10, None);
    missing["req"]["scope"] = json!({ "Company": "NOPE-99" });
    assert_eq!(
        app.post_json("/api/ticket_widget", &missing, Some(&agent))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    for (path, body) in [
        (
            "/api/ticket_widget",
            request(WidgetKind::NewTickets, TicketTab::All, sort, 10, None),
        ),
        (
            "/api/save_layout",
            json!({ "board": "Cic", "layout": app::model::dashboard::Board::Cic.widgets().iter().map(|k| (k, true)).collect::<Vec<_>>() }),
        ),
        (
            "/api/update_company",
            json!({ "edit": { "customer_id": "ACME-01", "version": 1, "name": "X", "phone": "", "email": "", "street": "",
            "zip": "", "city": "", "country": "", "url": "", "comment": "" } }),
        ),
    ] {
        assert_eq!(
            app.post_json(path, &body, Some(&contact)).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            app.post_json(path, &body, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    for path in ["/api/cic_page", "/api/customer_users_page"] {
        let res = app
            .post(path, "customer_id=ACME-01&page_size=10", Some(&contact))
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}
