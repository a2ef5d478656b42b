//! Activities (issue 20, part 1): logging one with the customer users involved (in the change record), every
//! field's error at once, editing one's own (a stale version is a 409, another agent's a 403), the soft
//! delete, the kind filter and the keyset pages, and the portal role's lack of any grant.
use crate::helpers::TestApp;
use http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

async fn change(app: &TestApp, cookie: &str, change: Value) -> (StatusCode, String) {
    let res = app
        .post_json(
            "/api/change_activity",
            &json!({ "customer_id": "ACME-01", "change": change }),
            Some(cookie),
        )
        .await;
    (res.status, res.body)
}

fn form(id: Option<i64>, version: i32, kind: &str, subject: &str, people: &[&str]) -> Value {
    json!({ "Save": { "id": id, "version": version, "kind": kind, "subject": subject,
        "body": "First line\nsecond <line>", "happened": "2026-11-30T09:15", "minutes": "25", "people": people } })
}

async fn page(app: &TestApp, cookie: &str, args: &str) -> (StatusCode, String) {
    let res = app
        .post(
            "/api/activities_page",
            &format!("customer_id=ACME-01&{args}"),
            Some(cookie),
        )
        .await;
    let body = serde_json::from_str::<String>(&res.body).unwrap_or(res.body);
    (res.status, body)
}

async fn id_of(app: &TestApp, subject: &str) -> (i64, i32) {
    sqlx::query_as("SELECT id, version FROM activities WHERE subject = $1")
        .bind(subject)
        .fetch_one(&app.pool)
        .await
        .expect("activity")
}

#[sqlx::test(migrations = "../migrations")]
async fn an_activity_is_logged_with_its_people_and_recorded(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let (status, body) = change(
        &app,
        &agent,
        form(None, 0, "call_in", "Printer fleet renewal", &["anna"]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let markup: String = serde_json::from_str(&body).expect("markup");
    assert!(
        markup.contains("<strong>Call (inbound)</strong> · Printer fleet renewal"),
        "{markup}"
    );
    assert!(
        markup.contains("25 min · by Alice Agent · with Anna Anders"),
        "{markup}"
    );
    assert!(
        markup.contains("First line\nsecond &lt;line&gt;"),
        "escaped, line breaks kept: {markup}"
    );
    // In the agent's zone (Europe/Berlin): 09:15 there is 08:15 UTC.
    let at: String = sqlx::query_scalar(
        "SELECT to_char(happened_at AT TIME ZONE 'UTC', 'HH24:MI') FROM activities WHERE subject = 'Printer fleet renewal'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("time");
    assert_eq!(at, "08:15");
    let recorded: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, actor_label FROM changes WHERE object_kind IN ('activity', 'activity_participant') ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("changes");
    let mine: Vec<_> = recorded.iter().filter(|(_, by)| by == "agent").collect();
    assert_eq!(
        mine.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["activity_create", "activity_participant_create"]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn every_bad_field_is_reported_and_nothing_is_stored(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM activities")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    let bad = json!({ "Save": { "id": null, "version": 0, "kind": "party", "subject": " ",
        "body": "", "happened": "2999-01-01T10:00", "minutes": "5000", "people": [] } });
    let (status, body) = change(&app, &agent, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["kind", "subject", "happened", "minutes"] {
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")),
            "{field}: {body}"
        );
    }
    // A customer user of another company (bob is GLOBEX-02's).
    let (status, body) = change(
        &app,
        &agent,
        form(None, 0, "note", "Wrong person", &["bob"]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"field\":\"people\""), "{body}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM activities")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(before, after);
}

#[sqlx::test(migrations = "../migrations")]
async fn authors_edit_and_delete_their_own_softly_and_not_stale_ones(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    let other = app.sign_in("Agent", "agent2").await;
    change(
        &app,
        &agent,
        form(None, 0, "meeting", "Kick-off", &["anna", "olivia"]),
    )
    .await;
    let (id, version) = id_of(&app, "Kick-off").await;

    let (status, _) = change(
        &app,
        &other,
        form(Some(id), version, "meeting", "Hijacked", &[]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another agent's activity");
    let (status, body) = change(
        &app,
        &agent,
        form(Some(id), version, "review", "Kick-off review", &["olivia"]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let markup: String = serde_json::from_str(&body).expect("markup");
    let item = markup
        .split(&format!("id=\"activity-{id}\""))
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the activity's item");
    assert!(item.contains("with Olivia Owens"), "{item}");
    assert!(
        !item.contains("Anna Anders"),
        "anna is no longer involved: {item}"
    );
    let (status, _) = change(
        &app,
        &agent,
        form(Some(id), version, "review", "Stale", &[]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "the version moved on");

    let (status, body) = change(
        &app,
        &agent,
        json!({ "Delete": { "id": id, "version": version + 1 } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!body.contains("Kick-off review"), "{body}");
    let deleted: (bool, String) = sqlx::query_as(
        "SELECT a.deleted_at IS NOT NULL, g.login FROM activities a JOIN agents g ON g.id = a.deleted_by WHERE a.id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("kept, marked");
    assert_eq!(deleted, (true, "agent".into()));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE object_kind = 'activity' AND object_id = $1 AND action = 'activity_update'
           AND changes @> '[{\"field\": \"deleted_at\"}]'",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
    let (status, _) = change(
        &app,
        &agent,
        json!({ "Delete": { "id": id, "version": version + 2 } }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "gone from the lists");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_widget_filters_by_kind_and_pages_newest_first(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "agent").await;
    // The demo's three plus twelve notes, one a day.
    for i in 0..12 {
        let f = json!({ "Save": { "id": null, "version": 0, "kind": "note", "subject": format!("Note {i:02}"),
            "body": "", "happened": format!("2026-10-{:02}T08:00", i + 1), "minutes": "", "people": [] } });
        let (status, body) = change(&app, &agent, f).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, first) = page(&app, &agent, "kind=note").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(first.contains("aria-pressed=\"true\">Note<"), "{first}");
    assert!(
        !first.contains("Quarterly check-in call"),
        "calls filtered out: {first}"
    );
    assert_eq!(first.matches("<li ").count(), 10);
    let next = first
        .split("data-act=\"page\" data-arg=\"note|")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("Older activities")
        .to_string();
    let (status, second) = page(
        &app,
        &agent,
        &format!("kind=note&after={}", urlencode(&next)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    // 12 generated-free notes plus the demo's own note: 13 in all, 3 on the second page, oldest last.
    assert_eq!(second.matches("<li ").count(), 3, "{second}");
    assert!(second.contains("Note 00"), "{second}");
    assert!(!second.contains("Older activities"));
    for args in [
        "kind=party",
        "kind=&after=yesterday",
        "kind=&after=2026-01-01T00:00:00Z|x",
    ] {
        assert_eq!(
            page(&app, &agent, args).await.0,
            StatusCode::NOT_FOUND,
            "{args}"
        );
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn readers_see_activities_without_buttons_and_the_portal_role_sees_none(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let reader = app.sign_in("Agent", "reader").await;
    let (status, markup) = page(&app, &reader, "kind=").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        markup.contains("Quarterly check-in call"),
        "the demo's: {markup}"
    );
    assert!(
        !markup.contains("Log activity") && !markup.contains("data-act=\"delete\""),
        "{markup}"
    );
    for table in ["activities", "activity_participants"] {
        crate::helpers::portal_may_not_read(&app.pool, table).await;
    }
}
