//! Following (issue 20, part 4): the Followers widget counts the followers and says whether the viewer is
//! one; a follower's feed in My work has the new tickets and activities of what they follow — a company,
//! or a customer user (their tickets, the activities they took part in) — and nothing else; unfollowing
//! empties it; a customer user of another company is a 404; the portal role has no grant.
use crate::helpers::{portal_may_not_read, TestApp};
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

async fn follow(app: &TestApp, cookie: &str, args: &str) -> (StatusCode, String) {
    let res = app.post("/api/set_follow", args, Some(cookie)).await;
    let body = serde_json::from_str::<String>(&res.body).unwrap_or(res.body);
    (res.status, body)
}

async fn feed(app: &TestApp, cookie: &str) -> String {
    let res = app.post("/api/my_work_page", "", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page: String = serde_json::from_str(&res.body).expect("markup");
    page.split("id=\"following\"")
        .nth(1)
        .expect("the Following section")
        .to_string()
}

async fn ticket(app: &TestApp, cookie: &str, customer_id: &str, login: &str, title: &str) {
    let form = json!({ "form": { "customer_id": customer_id, "customer_login": login, "channel": "phone",
        "title": title, "queue_id": 1, "priority_id": 3, "state_id": 1, "sla_id": null, "pending_until": "",
        "body": "Reported by phone." } });
    let res = app
        .post_json("/api/create_ticket", &form, Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

async fn activity(app: &TestApp, cookie: &str, customer_id: &str, subject: &str, people: &[&str]) {
    let change = json!({ "customer_id": customer_id, "change": { "Save": { "id": null, "version": 0,
        "kind": "call_out", "subject": subject, "body": "", "happened": "2026-11-30T09:15", "minutes": "5",
        "people": people } } });
    let res = app
        .post_json("/api/change_activity", &change, Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_follower_sees_what_happens_on_what_they_follow_and_nothing_else(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let alice = app.sign_in("Agent", "agent").await;
    let bruno = app.sign_in("Agent", "agent2").await;
    let rita = app.sign_in("Agent", "reader").await;
    assert!(feed(&app, &alice)
        .await
        .contains("You follow no company or customer user"));

    let (status, body) = follow(&app, &alice, "customer_id=ACME-01&follow=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("data-count=\"1\">1 agent follows this company. You follow it."),
        "{body}"
    );
    assert!(
        body.contains(">Unfollow</button>") && body.contains("<li>Alice Agent</li>"),
        "{body}"
    );
    // Twice is once; a read-only agent follows too.
    follow(&app, &alice, "customer_id=ACME-01&follow=true").await;
    let (status, body) = follow(&app, &rita, "customer_id=ACME-01&follow=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("2 agents follow this company. You follow it."),
        "{body}"
    );
    let res = app
        .post(
            "/api/widget_markup",
            "customer_id=ACME-01&widget=followers",
            Some(&bruno),
        )
        .await;
    assert!(
        res.body
            .contains("2 agents follow this company. You do not follow it."),
        "{}",
        res.body
    );
    assert!(res.body.contains(">Follow</button>"), "{}", res.body);
    // bob, a customer user of GLOBEX-02 (through another company he is not there: a 404).
    let (status, body) = follow(&app, &alice, "customer_id=GLOBEX-02&login=bob&follow=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("1 agent follows this customer user. You follow it."),
        "{body}"
    );
    let (status, _) = follow(&app, &alice, "customer_id=ACME-01&login=bob&follow=true").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Another agent works: a ticket on ACME-01, an activity with bob and one without him on GLOBEX-02.
    ticket(&app, &bruno, "ACME-01", "anna", "Followed printer jam").await;
    ticket(&app, &bruno, "GLOBEX-02", "bob", "VPN ticket of Bob").await;
    activity(&app, &bruno, "GLOBEX-02", "Call with Bob", &["bob"]).await;
    activity(&app, &bruno, "GLOBEX-02", "Call with nobody followed", &[]).await;

    let news = feed(&app, &alice).await;
    assert!(
        news.contains("href=\"/customers/ACME-01\">Acme Corporation (ACME-01)</a>"),
        "{news}"
    );
    assert!(
        news.contains("href=\"/customer-users/bob\">Bob Brown (bob)</a>"),
        "{news}"
    );
    for wanted in ["Followed printer jam", "VPN ticket of Bob", "Call with Bob"] {
        assert!(news.contains(wanted), "{wanted}: {news}");
    }
    assert!(!news.contains("Call with nobody followed"), "{news}");
    assert!(news.contains("<strong>Ticket created</strong>"), "{news}");
    assert!(news.contains("by agent2"), "{news}");
    // Newest first: the activity with bob came after the ACME ticket.
    let at = |s: &str| news.find(s).unwrap_or(usize::MAX);
    assert!(at("Call with Bob") < at("Followed printer jam"), "{news}");
    // Rita follows ACME-01 only.
    let hers = feed(&app, &rita).await;
    assert!(
        hers.contains("Followed printer jam") && !hers.contains("Call with Bob"),
        "{hers}"
    );

    // Unfollowed: gone from the feed.
    follow(&app, &alice, "customer_id=ACME-01&follow=false").await;
    follow(&app, &alice, "customer_id=GLOBEX-02&login=bob&follow=false").await;
    let none = feed(&app, &alice).await;
    assert!(
        none.contains("You follow no company or customer user"),
        "{none}"
    );
    let (_, body) = follow(&app, &rita, "customer_id=ACME-01&follow=true").await;
    assert!(
        body.contains("1 agent follows this company. You follow it."),
        "{body}"
    );
    portal_may_not_read(&app.pool, "follows").await;
}
