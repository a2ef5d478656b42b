//! Tenant isolation, in both layers. The matrix enumerates every registered server function: each must be
//! classified; every agent-only one refuses a portal session and every role its action is not granted to
//! (`model::permission`); every portal one answers a contact of company A
//! with 404 for each kind of company B's ids (ticket, article, customer user, company). Then row-level
//! security is checked on its own, in SQL, through the portal role.
use crate::helpers::TestApp;
use app::{
    api::{Access, ACCESS},
    model::{permission::Action, viewer::AgentRole},
};
use http::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

/// A valid call of each non-public function: (path, body, JSON?). `{id}` is where the matrix puts ids.
const CALLS: &[(&str, &str, bool)] = &[
    ("/api/search_customers", "query=acme&page=0", false),
    ("/api/cic_page", "customer_id=ACME-01", false),
    (
        "/api/ticket_widget",
        r#"{"req":{"scope":{"Company":"ACME-01"},"widget":"NewTickets","tab":"All","sort":{"column":"Created","descending":false},"page_size":10,"columns":["Number"],"after":null}}"#,
        true,
    ),
    (
        "/api/customer_users_page",
        "customer_id=ACME-01&page_size=10",
        false,
    ),
    (
        "/api/save_layout",
        r#"{"board":"Cic","layout":[["CustomerUsers",true],["ReminderTickets",true],["EscalatedTickets",true],["NewTickets",true],["OpenTickets",true],["CompanyStatus",true],["CustomerInformation",true],["Settings",true],["Locations",false],["LinkedAccounts",false],["Contracts",false],["AccountSummary",false],["Activities",false],["Files",false],["Overview",false],["Tasks",false],["Followers",false]]}"#,
        true,
    ),
    ("/api/reset_layout", r#"{"board":"Cuic"}"#, true),
    ("/api/cuic_page", "login=anna&accessible=true", false),
    ("/api/edit_customer_user", "login=anna", false),
    ("/api/issue_password_reset", "login=anna", false),
    (
        "/api/save_customer_user",
        r#"{"form":{"original_login":"","version":0,"login":"isolation.probe","email":"probe@example.com","first_name":"","last_name":"","phone":"","title":"","active":true,"password":"","primary":"ACME-01","links":[]}}"#,
        true,
    ),
    (
        "/api/update_company",
        r#"{"edit":{"customer_id":"ACME-01","version":1,"name":"Acme Corporation","phone":"","email":"","street":"","zip":"","city":"","country":"","url":"","comment":""}}"#,
        true,
    ),
    ("/api/organizations", "q=&sort=&filter=all&after=", false),
    ("/api/new_organization_form", "", false),
    (
        "/api/create_organization",
        r#"{"form":{"customer_id":"ISOLATION-1","fields":{"customer_id":"","version":0,"name":"Probe","phone":"","email":"","street":"","zip":"","city":"","country":"","url":"","comment":""}}}"#,
        true,
    ),
    (
        "/api/set_company_archived",
        "customer_id=GLOBEX-02&version=1&archived=false",
        false,
    ),
    (
        "/api/post_alert",
        "customer_id=GLOBEX-02&body=Probe&severity=info&expires_in_hours=1",
        false,
    ),
    // The demo's first alert on ACME-01.
    ("/api/end_alert", "customer_id=ACME-01&id=1", false),
    (
        "/api/widget_markup",
        "customer_id=ACME-01&widget=locations",
        false,
    ),
    // ACME-01's primary location is the first (the migration's order); making it primary again is a no-op.
    (
        "/api/change_location",
        r#"{"customer_id":"ACME-01","change":{"MakePrimary":1}}"#,
        true,
    ),
    (
        "/api/change_link",
        r#"{"customer_id":"ACME-01","change":{"SetParent":"GLOBEX-02"}}"#,
        true,
    ),
    ("/api/tree_status", "customer_id=GLOBEX-02", false),
    (
        "/api/show_inactive_contracts",
        "customer_id=ACME-01&show=true",
        false,
    ),
    (
        "/api/ticket_list",
        r#"{"q":{"company":"ACME-01","class":"open","escalated":false,"reminder":false,"mine_locked":false,"my_queues":false}}"#,
        true,
    ),
    ("/api/ticket_page", "number={number}", false),
    (
        "/api/change_ticket",
        r#"{"number":"{number}","version":1,"change":"Lock"}"#,
        true,
    ),
    (
        "/api/ticket_form_options",
        "customer_id=ACME-01&login=anna",
        false,
    ),
    (
        "/api/create_ticket",
        r#"{"form":{"customer_id":"ACME-01","customer_login":"anna","channel":"phone","title":"x","queue_id":1,"priority_id":3,"state_id":1,"sla_id":null,"pending_until":"","body":"x"}}"#,
        true,
    ),
    ("/api/portal_contracts", "", false),
    ("/api/contract_page", "number=C-00001-1", false),
    ("/api/billing_page", "customer_id=ACME-01", false),
    ("/api/activities_page", "customer_id=ACME-01&kind=", false),
    (
        "/api/change_activity",
        r#"{"customer_id":"ACME-01","change":{"Save":{"id":null,"version":0,"kind":"note","subject":"Probe","body":"","happened":"2026-01-01T10:00","minutes":"","people":[]}}}"#,
        true,
    ),
    (
        "/api/delete_customer_file",
        "customer_id=ACME-01&id=1",
        false,
    ),
    ("/api/portal_files", "", false),
    ("/api/overview_page", "customer_id=ACME-01", false),
    ("/api/tasks_page", "customer_id=ACME-01&done=false", false),
    (
        "/api/change_task",
        r#"{"customer_id":"ACME-01","change":{"Save":{"id":null,"version":0,"kind":"task","title":"Probe","note":"","due":"2026-01-01T10:00","assignee":"1","priority":"normal","login":""}}}"#,
        true,
    ),
    ("/api/complete_task", "id=1&version=1", false),
    ("/api/my_work_page", "", false),
    ("/api/set_follow", "customer_id=ACME-01&follow=true", false),
    (
        "/api/contract_list",
        r#"{"q":{"status":"active","kind":"","company":"","ends_within":"","sort":"","after":""}}"#,
        true,
    ),
    ("/api/contract_form", "number=C-00001-1&customer_id=", false),
    (
        "/api/save_contract",
        r#"{"form":{"original":"","version":0,"customer_id":"ACME-01","number":"ISOLATION-PROBE","name":"Probe","kind":"other","starts_on":"2026-01-01","ends_on":"2026-12-31","value":"1","currency":"EUR","sla_id":"","items":[]}}"#,
        true,
    ),
    ("/api/cancel_contract", "number=C-00003-2&version=1", false),
    (
        "/api/portal_requests",
        "scope=company&company={id}&class=all",
        false,
    ),
    ("/api/request_detail", "id={id}", false),
    ("/api/reply_request", "id={id}&body=Hello", false),
    ("/api/cancel_request", "id={id}", false),
    ("/api/request_form_options", "", false),
    (
        "/api/create_request",
        "title=Printer&body=Jammed&queue=&priority=",
        false,
    ),
    ("/api/change_password", "current=x&new=y&confirm=y", false),
    ("/api/colleagues", "", false),
    (
        "/api/set_colleague_permissions",
        "company={id}&colleague=anna&view=true&cancel=false",
        false,
    ),
    ("/api/start_impersonation", "login=anna", false),
    ("/api/end_impersonation", "", false),
    ("/api/audit_log", "company=&user=&event=&from=&to=", false),
    ("/api/signed_in_devices", "realm=Agent", false),
    ("/api/end_devices", "realm=Agent&id={id}", false),
    ("/api/my_second_factor", "", false),
    ("/api/set_up_second_factor", "", false),
    ("/api/switch_second_factor", "on=false&code=123456", false),
];

fn access(path: &str) -> Option<Access> {
    ACCESS.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

async fn call(
    app: &TestApp,
    path: &str,
    body: &str,
    is_json: bool,
    cookie: &str,
) -> crate::helpers::TestResponse {
    if is_json {
        let v: Value = serde_json::from_str(body).expect("valid JSON sample");
        app.post_json(path, &v, Some(cookie)).await
    } else {
        app.post(path, body, Some(cookie)).await
    }
}

#[test]
fn every_registered_server_function_is_classified_and_has_a_sample_call() {
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect();
    assert!(registered.len() >= ACCESS.len());
    for path in &registered {
        let a =
            access(path).unwrap_or_else(|| panic!("{path} is not classified in app::api::ACCESS"));
        if a != Access::Public {
            assert!(
                CALLS.iter().any(|(p, _, _)| p == path),
                "{path} has no sample call in this matrix"
            );
        }
    }
    for (path, _) in ACCESS {
        assert!(
            registered.contains(path),
            "{path} is classified but not registered"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn portal_sessions_are_refused_by_agent_functions_and_foreign_ids_are_404(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent = app.sign_in("Agent", "admin").await;
    let alice = app.sign_in("Agent", "agent").await;
    let rita = app.sign_in("Agent", "reader").await;
    // carl: ACME-01 with "may view organization requests", GLOBEX-02 linked without it.
    let carl = app.sign_in("Contact", "carl").await;

    // Company B's ids of every kind: a GLOBEX-02 request (not carl's), one of its articles, its contact, the company.
    let (ticket, article, user, company, number, title): (i64, i64, i64, i64, String, String) = sqlx::query_as(
        "SELECT t.id, a.id, t.customer_user_id, t.company_id, t.number, t.title
         FROM tickets t JOIN companies c ON c.id = t.company_id JOIN articles a ON a.ticket_id = t.id
         WHERE c.customer_id = 'GLOBEX-02' AND t.state_type NOT IN ('merged', 'removed') AND a.customer_visible
         ORDER BY t.state_type IN ('new', 'open') DESC, t.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("a GLOBEX-02 request with a public article");
    let before: (String, i32) =
        sqlx::query_as("SELECT state_type::text, version FROM tickets WHERE id = $1")
            .bind(ticket)
            .fetch_one(&app.pool)
            .await
            .expect("state");
    // The agent-side ticket functions act on an ACME-01 ticket, so B's request stays untouched.
    let acme_ticket: String = sqlx::query_scalar(
        "SELECT number FROM tickets WHERE company_id = (SELECT id FROM companies WHERE customer_id = 'ACME-01')
         ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("an ACME-01 ticket");
    let foreign: Vec<(&str, String)> = vec![
        ("ticket", ticket.to_string()),
        ("article", article.to_string()),
        ("customer user", user.to_string()),
        ("company", company.to_string()),
        ("company key", "GLOBEX-02".into()),
        ("unlinked company key", "LUMEN-0003".into()),
        ("missing", "999999999".into()),
    ];

    let mut cases = 0;
    for (path, body, is_json) in CALLS {
        match access(path).expect("classified") {
            Access::Agent(action) => {
                let body = &body.replace("{number}", &acme_ticket);
                let res = call(&app, path, body, *is_json, &carl).await;
                assert_eq!(
                    res.status,
                    StatusCode::UNAUTHORIZED,
                    "{path} with a portal session: {}",
                    res.body
                );
                // The role table, enforced: a role without the action gets 403 with the reason and changes
                // nothing; a role with a reading action gets the answer (writes are proven by the admin below,
                // so the sample calls run once).
                for (role, cookie) in [(AgentRole::Agent, &alice), (AgentRole::ReadOnly, &rita)] {
                    let reads = matches!(action, Action::Read | Action::ArrangeDashboard);
                    if action.allows(role) && !reads {
                        continue;
                    }
                    let res = call(&app, path, body, *is_json, cookie).await;
                    if action.allows(role) {
                        assert!(
                            res.status.is_success(),
                            "{path} as {role:?}: {} {}",
                            res.status,
                            res.body
                        );
                    } else {
                        assert_eq!(
                            res.status,
                            StatusCode::FORBIDDEN,
                            "{path} as {role:?}: {}",
                            res.body
                        );
                        assert!(
                            res.body
                                .contains(&format!("Your role ({}) may not", role.label())),
                            "{}",
                            res.body
                        );
                    }
                    cases += 1;
                }
                let res = call(&app, path, body, *is_json, &agent).await;
                assert!(
                    res.status.is_success(),
                    "{path} works for an agent: {} {}",
                    res.status,
                    res.body
                );
                cases += 1;
            }
            Access::Portal => {
                let res = call(&app, path, &body.replace("{id}", "1"), *is_json, &agent).await;
                assert_eq!(
                    res.status,
                    StatusCode::UNAUTHORIZED,
                    "{path} with an agent session"
                );
                if !body.contains("{id}") {
                    continue; // acts on the contact alone
                }
                for (kind, id) in &foreign {
                    let res = call(&app, path, &body.replace("{id}", id), *is_json, &carl).await;
                    assert_eq!(
                        res.status,
                        StatusCode::NOT_FOUND,
                        "{path} with B's {kind}: {}",
                        res.body
                    );
                    assert!(
                        !res.body.contains(&title) && !res.body.contains(&number),
                        "{path} leaks B's request"
                    );
                    cases += 1;
                }
            }
            Access::Own => {
                // A portal session is no agent session; another account's session is none of theirs.
                let res = call(&app, path, &body.replace("{id}", "1"), *is_json, &carl).await;
                assert_eq!(
                    res.status,
                    StatusCode::UNAUTHORIZED,
                    "{path} for the agent realm with a portal session"
                );
                if !body.contains("{id}") {
                    continue;
                }
                for (kind, id) in &foreign {
                    let res = call(&app, path, &body.replace("{id}", id), *is_json, &agent).await;
                    assert_eq!(res.status, StatusCode::NOT_FOUND, "{path} with {kind}");
                    cases += 1;
                }
            }
            Access::Public => {}
        }
    }
    assert!(cases >= 30, "matrix size {cases}");
    // Nothing of B changed.
    let (state, version): (String, i32) =
        sqlx::query_as("SELECT state_type::text, version FROM tickets WHERE id = $1")
            .bind(ticket)
            .fetch_one(&app.pool)
            .await
            .expect("state");
    assert_eq!((state, version), before, "B's request is untouched");
    let replies: i64 =
        sqlx::query_scalar("SELECT count(*) FROM articles WHERE ticket_id = $1 AND body = 'Hello'")
            .bind(ticket)
            .fetch_one(&app.pool)
            .await
            .expect("articles");
    assert_eq!(replies, 0);
}
