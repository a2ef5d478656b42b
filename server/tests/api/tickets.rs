//! The ticket list: every count on the CIC links to a list whose total is that count.
use crate::helpers::TestApp;
use app::model::{cic::CicData, ticket_list::TicketListPage, ticket_widget::CustomerUserPage};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn list(app: &TestApp, cookie: &str, q: Value) -> TicketListPage {
    let res = app
        .post_json("/api/ticket_list", &json!({ "q": q }), Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.body);
    serde_json::from_str(&res.body).expect("list")
}

fn q(v: Value) -> Value {
    let mut base =
        json!({ "escalated": false, "reminder": false, "mine_locked": false, "my_queues": false });
    for (k, val) in v.as_object().expect("object") {
        base[k] = val.clone();
    }
    base
}

#[sqlx::test(migrations = "../migrations")]
async fn every_cic_count_equals_the_total_of_the_list_it_links_to(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let res = app
        .post("/api/cic_page", "customer_id=ACME-01", Some(&agent))
        .await;
    let cic: CicData = serde_json::from_str(&res.body).expect("cic");
    let s = cic.counts.status;
    for (filter, want) in [
        (
            json!({ "company": "ACME-01", "escalated": true }),
            s.escalated,
        ),
        (json!({ "company": "ACME-01", "class": "open" }), s.open),
        (json!({ "company": "ACME-01", "class": "closed" }), s.closed),
        (json!({ "company": "ACME-01", "class": "all" }), s.all),
    ] {
        assert_eq!(
            list(&app, &agent, q(filter.clone())).await.total,
            want,
            "{filter}"
        );
    }
    let new_tab = cic
        .counts
        .tab(app::model::dashboard::WidgetKind::NewTickets);
    let t = list(
        &app,
        &agent,
        q(json!({ "company": "ACME-01", "state_type": "new", "my_queues": true })),
    )
    .await;
    assert_eq!(t.total, new_tab.my_queues);

    let res = app
        .post(
            "/api/customer_users_page",
            "customer_id=ACME-01&page_size=50",
            Some(&agent),
        )
        .await;
    let users: CustomerUserPage = serde_json::from_str(&res.body).expect("users");
    for u in users.rows.iter().take(6) {
        let open = list(
            &app,
            &agent,
            q(json!({ "customer_user": u.login, "class": "open" })),
        )
        .await;
        let closed = list(
            &app,
            &agent,
            q(json!({ "customer_user": u.login, "class": "closed" })),
        )
        .await;
        assert_eq!(
            (open.total, closed.total),
            (u.open, u.closed),
            "{}",
            u.login
        );
    }

    // Paging by keyset reaches exactly the total, in the chosen order.
    let mut seen = Vec::new();
    let mut after: Option<app::model::ticket_widget::Cursor> = None;
    loop {
        let page = list(
            &app,
            &agent,
            q(json!({ "company": "ACME-01", "class": "all", "sort": "title", "page_size": 7, "after": after })),
        )
        .await;
        seen.extend(page.rows.iter().map(|r| r.title.clone()));
        if !page.more {
            assert_eq!(seen.len() as i64, page.total);
            break;
        }
        after = page.rows.last().map(|r| r.cursor.clone());
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "sorted by title");

    // Bad input: typed errors; unknown company or user: 404; portal sessions: refused.
    let res = app
        .post_json(
            "/api/ticket_list",
            &json!({ "q": q(json!({ "class": "bogus" })) }),
            Some(&agent),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::BAD_REQUEST,
        "a class is an enum on the wire"
    );
    let res = app
        .post_json(
            "/api/ticket_list",
            &json!({ "q": q(json!({ "state_type": "merged" })) }),
            Some(&agent),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "merged tickets are in no list"
    );
    let page = app.get("/tickets?class=bogus", Some(&agent)).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the page names the bad filter"
    );
    assert!(
        page.body.contains("Use open, closed or all."),
        "{}",
        page.body
    );
    let res = app
        .post_json(
            "/api/ticket_list",
            &json!({ "q": q(json!({ "company": "NOPE-99" })) }),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .get("/tickets?company=ACME-01&class=open", Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains(&format!("<span class=\"count\">{}</span>", s.open)),
        "SSR shows the total"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn queue_owner_and_lock_filters_count_what_they_list(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let want: (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE q.name = 'Support'),
                count(*) FILTER (WHERE a.login = 'agent2' AND t.locked),
                count(*) FILTER (WHERE NOT t.locked AND q.name = 'Support' AND a.login = 'agent2')
         FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN agents a ON a.id = t.owner_id
         WHERE t.state_type IN ('new', 'open', 'pending_reminder', 'pending_auto')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    assert!(want.0 > 0 && want.1 > 0, "{want:?}");
    for (filter, n) in [
        (json!({ "class": "open", "queue": "Support" }), want.0),
        (
            json!({ "class": "open", "owner": "AGENT2", "locked": true }),
            want.1,
        ),
        (
            json!({ "class": "open", "queue": "Support", "owner": "agent2", "locked": false }),
            want.2,
        ),
    ] {
        assert_eq!(
            list(&app, &agent, q(filter.clone())).await.total,
            n,
            "{filter}"
        );
    }
    let none = list(&app, &agent, q(json!({ "queue": "No such queue" }))).await;
    assert_eq!((none.total, none.rows.len()), (0, 0));
}
