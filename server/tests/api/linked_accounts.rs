//! Linked accounts (issue 18, part 5): cycles and self-links refused (also when two links race), counts
//! with "Include child accounts" equal to the sum over the tree and to the ticket list's total, and portal
//! permissions on a parent that never reach its children.
use crate::{cic::cic, helpers::TestApp};
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// The demo's companies in creation order (1 = ACME-01, 2 = GLOBEX-02; 2 is the parent of 3 and 4, 4 of
/// 5).
async fn nth(app: &TestApp, n: i64) -> String {
    sqlx::query_scalar("SELECT customer_id FROM companies ORDER BY id OFFSET $1 LIMIT 1")
        .bind(n - 1)
        .fetch_one(&app.pool)
        .await
        .expect("company")
}

async fn change(app: &TestApp, cookie: &str, company: &str, change: Value) -> (StatusCode, String) {
    let res = app
        .post_json(
            "/api/change_link",
            &json!({ "customer_id": company, "change": change }),
            Some(cookie),
        )
        .await;
    (res.status, res.body)
}

#[sqlx::test(migrations = "../migrations")]
async fn cycles_and_self_links_are_refused_at_the_field_also_when_two_links_race(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let (c2, c3, c5) = (nth(&app, 2).await, nth(&app, 3).await, nth(&app, 5).await);
    // Two companies without links, for the race.
    sqlx::query("INSERT INTO companies (customer_id, name) VALUES ('RACE-1', 'Race One'), ('RACE-2', 'Race Two')")
        .execute(&app.pool)
        .await
        .expect("companies");
    let (race_a, race_b) = ("RACE-1".to_string(), "RACE-2".to_string());
    let refused = |(status, body): (StatusCode, String), code: &str| {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body.contains("\"customer_id\"") && body.contains(code),
            "{body}"
        );
    };
    refused(
        change(&app, &agent, "ACME-01", json!({ "SetParent": "ACME-01" })).await,
        "link_cycle",
    );
    // 2 is 5's grandparent: neither direction may close the loop.
    refused(
        change(&app, &agent, &c5, json!({ "AddChild": c2 })).await,
        "link_cycle",
    );
    refused(
        change(&app, &agent, &c2, json!({ "SetParent": c5 })).await,
        "link_cycle",
    );
    refused(
        change(&app, &agent, "ACME-01", json!({ "SetParent": "NOPE-404" })).await,
        "no_such_company",
    );
    // A company has one parent.
    let (status, body) = change(&app, &agent, "ACME-01", json!({ "AddChild": c3 })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("GLOBEX-02"), "{body}");
    // Not linked: nothing to unlink.
    let (status, _) = change(&app, &agent, "ACME-01", json!({ "Unlink": race_b })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Two agents link A under B and B under A at the same moment: one wins, the other is a cycle.
    for round in 0..5 {
        let (a, b) = tokio::join!(
            change(&app, &agent, &race_a, json!({ "SetParent": race_b })),
            change(&app, &agent, &race_b, json!({ "SetParent": race_a })),
        );
        let ok = [&a, &b]
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .count();
        assert_eq!(ok, 1, "round {round}: {a:?} {b:?}");
        let (_, loser) = if a.0 == StatusCode::OK { b } else { a };
        assert!(loser.contains("link_cycle"), "{loser}");
        let cycles: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM companies a JOIN companies b ON b.id = a.parent_id WHERE b.parent_id = a.id",
        )
        .fetch_one(&app.pool)
        .await
        .expect("cycles");
        assert_eq!(cycles, 0);
        let (status, body) = change(&app, &agent, &race_a, json!({ "Unlink": race_b })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // A link made and ended is in the change record with the parent by name.
    let (status, markup) = change(&app, &agent, "ACME-01", json!({ "AddChild": race_b })).await;
    assert_eq!(status, StatusCode::OK, "{markup}");
    assert!(markup.contains(&format!("/customers/{race_b}")), "{markup}");
    let recorded: Value = sqlx::query_scalar(
        "SELECT changes FROM changes WHERE object_kind = 'company' AND object_label LIKE '%' || $1 || '%'
         ORDER BY id DESC LIMIT 1",
    )
    .bind(&race_b)
    .fetch_one(&app.pool)
    .await
    .expect("recorded");
    assert!(
        recorded.to_string().contains("\"new\":\"ACME-01\""),
        "{recorded}"
    );
    // A read-only agent may not link.
    let reader = app.sign_in("Agent", "reader").await;
    let (status, _) = change(&app, &reader, "ACME-01", json!({ "Unlink": race_b })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn ticket_total(app: &TestApp, cookie: &str, q: Value) -> i64 {
    let res = app
        .post_json("/api/ticket_list", &json!({ "q": q }), Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).expect("json");
    v["total"].as_i64().expect("total")
}

#[sqlx::test(migrations = "../migrations")]
async fn include_child_accounts_counts_the_whole_tree_and_the_list_agrees(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // GLOBEX-02 → 3, 4 → 5: two levels.
    let tree = [
        nth(&app, 2).await,
        nth(&app, 3).await,
        nth(&app, 4).await,
        nth(&app, 5).await,
    ];
    let mut sum = [0i64; 3];
    for c in &tree {
        let s = cic(&app, &agent, c).await.counts.status;
        sum[0] += s.open;
        sum[1] += s.closed;
        sum[2] += s.escalated;
    }
    assert!(
        sum[0] > 0 && sum[1] > 0,
        "the demo gives these companies tickets: {sum:?}"
    );
    let res = app
        .post(
            "/api/tree_status",
            &format!("customer_id={}", tree[0]),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let got: Value = serde_json::from_str(&res.body).expect("json");
    assert_eq!(
        [&got["open"], &got["closed"], &got["escalated"]].map(|v| v.as_i64().unwrap_or(-1)),
        sum,
        "{got}"
    );
    assert_eq!(got["all"].as_i64(), Some(sum[0] + sum[1]));
    // Independently, from the tickets themselves.
    let direct: (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE is_open(state_type)), count(*) FILTER (WHERE state_type = 'closed')
         FROM tickets t JOIN companies c ON c.id = t.company_id WHERE c.customer_id = ANY ($1)",
    )
    .bind(&tree[..])
    .fetch_one(&app.pool)
    .await
    .expect("direct");
    assert_eq!((direct.0, direct.1), (sum[0], sum[1]));
    // The links of Company Status open lists with the same totals.
    let base = json!({ "company": tree[0], "include_children": true, "escalated": false, "reminder": false,
                       "mine_locked": false, "my_queues": false });
    let with = |k: &str, v: Value| {
        let mut q = base.clone();
        q[k] = v;
        q
    };
    assert_eq!(
        ticket_total(&app, &agent, with("class", json!("open"))).await,
        sum[0]
    );
    assert_eq!(
        ticket_total(&app, &agent, with("class", json!("closed"))).await,
        sum[1]
    );
    assert_eq!(
        ticket_total(&app, &agent, with("escalated", json!(true))).await,
        sum[2]
    );
    // Without the flag, the company's own tickets only.
    let own = cic(&app, &agent, &tree[0]).await.counts.status.open;
    assert_eq!(
        ticket_total(
            &app,
            &agent,
            json!({ "company": tree[0], "class": "open", "escalated": false,
            "reminder": false, "mine_locked": false, "my_queues": false })
        )
        .await,
        own
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn portal_permissions_on_a_parent_never_reach_its_children(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    // bob (GLOBEX-02, the parent of the 3rd and 4th companies, the 4th of the 5th) may now view his organization's requests.
    sqlx::query(
        "UPDATE customer_user_companies SET may_view_org = true
         WHERE customer_user_id = (SELECT id FROM customer_users WHERE login = 'bob')",
    )
    .execute(&app.pool)
    .await
    .expect("grant");
    let bob = app.sign_in("Contact", "bob").await;
    let list = |company: String| {
        let app = &app;
        let bob = bob.clone();
        async move {
            app.post(
                "/api/portal_requests",
                &format!("scope=company&company={company}&class=all"),
                Some(&bob),
            )
            .await
        }
    };
    let res = list("GLOBEX-02".into()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).expect("json");
    let offered: Vec<&str> = v["companies"]
        .as_array()
        .expect("companies")
        .iter()
        .filter_map(|c| c["customer_id"].as_str())
        .collect();
    assert_eq!(offered, ["GLOBEX-02"], "{v}");
    for child in [nth(&app, 3).await, nth(&app, 4).await, nth(&app, 5).await] {
        let res = list(child.clone()).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{child}: {}", res.body);
    }
}
