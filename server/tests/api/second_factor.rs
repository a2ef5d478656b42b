//! Agents' second factor (issue 17): admins always, other agents by choice; a code works once, a recovery
//! code once, guesses are throttled like passwords, and a password alone never opens such a session.
use crate::helpers::{TestApp, TestResponse, AGENT_COOKIE, CHALLENGE_COOKIE};
use app::second_factor::{code, step_at};
use http::StatusCode;
use server::generator::DEMO_PASSWORD;
use sqlx::PgPool;

async fn password_step(app: &TestApp, login: &str) -> TestResponse {
    app.post(
        "/api/sign_in",
        &format!("realm=Agent&login={login}&password={DEMO_PASSWORD}&next=%2Fpreferences"),
        None,
    )
    .await
}

fn challenge_of(res: &TestResponse) -> String {
    let c = res.set_cookie(CHALLENGE_COOKIE).expect("a challenge");
    c.split(';').next().expect("pair").to_string()
}

async fn verify(app: &TestApp, challenge: &str, code: &str) -> TestResponse {
    app.post(
        "/api/verify_second_factor",
        &format!("code={code}"),
        Some(challenge),
    )
    .await
}

/// A code of the admin's key that is not the right one now (nor either side of now).
async fn wrong_code(app: &TestApp, login: &str) -> String {
    let secret: Vec<u8> = sqlx::query_scalar(
        "SELECT secret FROM second_factors JOIN agents a ON a.id = agent_id WHERE a.login = $1",
    )
    .bind(login)
    .fetch_one(&app.pool)
    .await
    .expect("secret");
    let now = step_at(chrono::Utc::now().timestamp());
    let near: Vec<u32> = (now - 2..=now + 2).map(|s| code(&secret, s)).collect();
    let wrong = (0..1_000_000)
        .find(|c| !near.contains(c))
        .expect("a wrong code");
    format!("{wrong:06}")
}

#[sqlx::test(migrations = "../migrations")]
async fn a_password_alone_never_opens_an_admin_session(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let res = password_step(&app, "admin").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.set_cookie(AGENT_COOKIE).is_none(), "no session yet");
    assert!(
        res.header("location")
            .is_some_and(|l| l == "/login/second-factor?next=/preferences"),
        "on to the code page: {:?}",
        res.header("location")
    );
    let challenge = challenge_of(&res);
    // The challenge cookie is no session: agent functions refuse it.
    let refused = app
        .post("/api/my_second_factor", "", Some(&challenge))
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    // The page's data: nothing to set up (the demo admin has a key).
    let page = app
        .post("/api/second_factor_challenge", "", Some(&challenge))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#""setup":null"#), "{}", page.body);
    // A wrong code is a field error, and no session.
    let wrong = verify(&app, &challenge, &wrong_code(&app, "admin").await).await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert!(wrong.body.contains("second_factor_code") && wrong.set_cookie(AGENT_COOKIE).is_none());
    // The right one opens the session, ends the challenge and goes where the sign-in was going.
    let code = app.next_code("admin").await;
    let ok = verify(&app, &challenge, &format!("{code:06}&next=%2Fpreferences")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let session = ok.set_cookie(AGENT_COOKIE).expect("session");
    assert_eq!(ok.header("location"), Some("/preferences"));
    assert!(ok
        .set_cookie(CHALLENGE_COOKIE)
        .is_some_and(|c| c.contains("Max-Age=0")));
    let me = app
        .post(
            "/api/my_second_factor",
            "",
            Some(session.split(';').next().expect("pair")),
        )
        .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert!(me.body.contains(r#""on":true"#) && me.body.contains(r#""required":true"#));
    // The used challenge is gone; the same code in a new challenge is refused (a code works once).
    assert_eq!(
        verify(&app, &challenge, &format!("{code:06}")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = challenge_of(&password_step(&app, "admin").await);
    let replay = verify(&app, &again, &format!("{code:06}")).await;
    assert_eq!(
        replay.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "replayed code: {}",
        replay.body
    );
    // Five wrong codes end a challenge: the right code after them finds none.
    let bad = wrong_code(&app, "admin").await;
    for _ in 0..4 {
        assert_eq!(
            verify(&app, &again, &bad).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let right = app.next_code("admin").await;
    assert_eq!(
        verify(&app, &again, &format!("{right:06}")).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Guesses count against the account like wrong passwords: after 10 failures in 15 minutes (the two
    // passwords whose codes never came right, the replay and seven wrong codes) the next is a 429.
    let third = challenge_of(&password_step(&app, "admin").await);
    for _ in 0..2 {
        assert_eq!(
            verify(&app, &third, &bad).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let throttled = verify(&app, &third, &bad).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        throttled.body
    );
    assert!(throttled.header("retry-after").is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn an_agent_turns_it_on_signs_in_with_a_recovery_code_and_turns_it_off(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    let agent2 = app.sign_in("Agent", "agent2").await;
    let status = |body: &str| serde_json::from_str::<serde_json::Value>(body).expect("json");
    let me = app.post("/api/my_second_factor", "", Some(&agent2)).await;
    let s = status(&me.body);
    assert_eq!(
        (s["on"].as_bool(), s["required"].as_bool()),
        (Some(false), Some(false))
    );
    assert!(s["setup"].is_null());
    // Set up: a key (base32 in groups of four, and the otpauth link) and ten recovery codes, until confirmed.
    let set = app
        .post("/api/set_up_second_factor", "", Some(&agent2))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let s = status(
        &app.post("/api/my_second_factor", "", Some(&agent2))
            .await
            .body,
    );
    let setup = &s["setup"];
    let uri = setup["uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("otpauth://totp/Panorama%3Aagent2?secret=")
            && uri.contains("issuer=Panorama")
    );
    let key = setup["key"].as_str().expect("key").replace(' ', "");
    assert!(
        uri.contains(&format!("secret={key}&")),
        "the link carries the key shown"
    );
    let codes: Vec<String> =
        serde_json::from_value(setup["recovery_codes"].clone()).expect("codes");
    assert_eq!(codes.len(), 10);
    // Still off: sign-in asks for no code yet. A wrong first code does not turn it on.
    assert!(password_step(&app, "agent2")
        .await
        .set_cookie(AGENT_COOKIE)
        .is_some());
    let wrong = wrong_code(&app, "agent2").await;
    let refused = app
        .post(
            "/api/switch_second_factor",
            &format!("on=true&code={wrong}"),
            Some(&agent2),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let code = app.next_code("agent2").await;
    let on = app
        .post(
            "/api/switch_second_factor",
            &format!("on=true&code={code:06}"),
            Some(&agent2),
        )
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.body);
    let s = status(
        &app.post("/api/my_second_factor", "", Some(&agent2))
            .await
            .body,
    );
    assert_eq!(
        (s["on"].as_bool(), s["recovery_codes_left"].as_i64()),
        (Some(true), Some(10))
    );
    assert!(s["setup"].is_null(), "the codes are never shown again");
    // Now sign-in asks for a code; a recovery code (typed in capitals, without its dash) stands in, once.
    let challenge = challenge_of(&password_step(&app, "agent2").await);
    let typed = codes[3].replace('-', "").to_uppercase();
    let ok = verify(&app, &challenge, &typed).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.set_cookie(AGENT_COOKIE).is_some());
    let challenge = challenge_of(&password_step(&app, "agent2").await);
    assert_eq!(
        verify(&app, &challenge, &typed).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "used"
    );
    let s = status(
        &app.post("/api/my_second_factor", "", Some(&agent2))
            .await
            .body,
    );
    assert_eq!(s["recovery_codes_left"].as_i64(), Some(9));
    // Off takes a current code; then sign-in needs the password only.
    let code = app.next_code("agent2").await;
    let off = app
        .post(
            "/api/switch_second_factor",
            &format!("on=false&code={code:06}"),
            Some(&agent2),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert!(password_step(&app, "agent2")
        .await
        .set_cookie(AGENT_COOKIE)
        .is_some());
    // All three are security events of agent2's account.
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM changes WHERE object_kind = 'agent' AND class = 'security' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("events");
    assert_eq!(
        events,
        [
            "second_factor_on",
            "second_factor_recovery_code",
            "second_factor_off"
        ]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_without_a_key_sets_one_up_before_the_first_session(pool: PgPool) {
    let app = TestApp::with_demo(pool).await;
    sqlx::query("DELETE FROM second_factors")
        .execute(&app.pool)
        .await
        .expect("no keys");
    let res = password_step(&app, "admin").await;
    assert!(
        res.set_cookie(AGENT_COOKIE).is_none(),
        "no session without a key"
    );
    let challenge = challenge_of(&res);
    let page = app
        .post("/api/second_factor_challenge", "", Some(&challenge))
        .await;
    let setup: serde_json::Value = serde_json::from_str(&page.body).expect("json");
    assert_eq!(
        setup["setup"]["recovery_codes"].as_array().map(Vec::len),
        Some(10)
    );
    // The page shows the same key on a reload (the agent may be typing it into the app meanwhile).
    let again = app
        .post("/api/second_factor_challenge", "", Some(&challenge))
        .await;
    assert_eq!(page.body, again.body);
    let code = app.next_code("admin").await;
    let ok = verify(&app, &challenge, &format!("{code:06}")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.set_cookie(AGENT_COOKIE).is_some());
    let (on, codes): (bool, i64) = sqlx::query_as(
        "SELECT f.confirmed_at IS NOT NULL, (SELECT count(*) FROM recovery_codes) FROM second_factors f",
    )
    .fetch_one(&app.pool)
    .await
    .expect("key");
    assert_eq!((on, codes), (true, 10));
}
