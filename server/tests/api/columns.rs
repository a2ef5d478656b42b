//! A ticket widget's columns: only shown columns are fetched, more columns fill in, and a list of columns
//! with repeats is kept once each in the order asked.
use crate::helpers::TestApp;
use app::model::{
    cic::TicketWidgetData,
    dashboard::{Sort, TicketColumn, TicketTab, WidgetKind},
};
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn a_page_carries_only_its_shown_columns_and_adding_one_fills_it(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let sort = Sort {
        column: TicketColumn::Created,
        descending: false,
    };
    let page = |columns: Vec<TicketColumn>| {
        json!({ "req": {
            "scope": { "Company": "ACME-01" }, "widget": WidgetKind::OpenTickets, "tab": TicketTab::All,
            "sort": sort, "page_size": 5, "columns": columns, "after": null,
        }})
    };
    let fetch = |body: serde_json::Value| {
        let app = &app;
        let agent = agent.clone();
        async move {
            let res = app
                .post_json("/api/ticket_widget", &body, Some(&agent))
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            serde_json::from_str::<TicketWidgetData>(&res.body).expect("TicketWidgetData")
        }
    };

    // Every column, some twice and out of order (13 asked): each is shown once, in the order first asked.
    let mut every = TicketColumn::ALL.to_vec();
    every.insert(0, TicketColumn::Title);
    let all = fetch(page(every)).await;
    assert!(!all.page.rows.is_empty(), "ACME-01 has open tickets");
    for r in &all.page.rows {
        let shown = [
            &r.number,
            &r.title,
            &r.state,
            &r.queue,
            &r.priority,
            &r.owner,
            &r.age,
        ];
        assert!(
            shown.iter().all(|v| !v.is_empty()),
            "every column filled: {r:?}"
        );
    }
    let res = app
        .post_json("/api/ticket_widget", &page(vec![]), Some(&agent))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no column at all"
    );
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT p.columns FROM widget_prefs p JOIN agents a ON a.id = p.agent_id
         WHERE a.login = 'agent' AND p.widget = $1 AND p.dashboard = 'cic'",
    )
    .bind(WidgetKind::OpenTickets.key())
    .fetch_one(&app.pool)
    .await
    .expect("saved columns");
    let mut want: Vec<String> = vec!["title".into()];
    want.extend(
        TicketColumn::ALL
            .iter()
            .filter(|c| **c != TicketColumn::Title)
            .map(|c| c.key().to_string()),
    );
    assert_eq!(stored, want, "saved once each, in the order asked");

    let narrow = fetch(page(vec![TicketColumn::Number, TicketColumn::Title])).await;
    assert!(!narrow.page.rows.is_empty(), "ACME-01 has open tickets");
    for r in &narrow.page.rows {
        assert!(!r.number.is_empty() && !r.title.is_empty());
        let hidden = [
            &r.state,
            &r.queue,
            &r.priority,
            &r.owner,
            &r.customer_user,
            &r.age,
            &r.created,
        ];
        assert!(
            hidden.iter().all(|v| v.is_empty()),
            "hidden columns are not fetched: {r:?}"
        );
    }

    let wide = fetch(page(vec![
        TicketColumn::Number,
        TicketColumn::State,
        TicketColumn::Queue,
        TicketColumn::Owner,
        TicketColumn::Age,
    ]))
    .await;
    assert_eq!(
        wide.page.rows.iter().map(|r| &r.number).collect::<Vec<_>>(),
        narrow
            .page
            .rows
            .iter()
            .map(|r| &r.number)
            .collect::<Vec<_>>(),
        "the same rows either way"
    );
    for r in &wide.page.rows {
        let (state, queue, owner): (String, String, String) = sqlx::query_as(
            "SELECT s.name, q.name, a.login FROM tickets t JOIN states s ON s.id = t.state_id
             JOIN queues q ON q.id = t.queue_id JOIN agents a ON a.id = t.owner_id WHERE t.number = $1",
        )
        .bind(&r.number)
        .fetch_one(&app.pool)
        .await
        .expect("ticket");
        assert_eq!((&r.state, &r.queue, &r.owner), (&state, &queue, &owner));
        assert!(r.age.ends_with("ago"), "age shown: {:?}", r.age);
    }
}
