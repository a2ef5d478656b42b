//! Agents' second factor (issue 17; the rules are `crate::second_factor`'s): the code page after a right
//! password (its challenge cookie is the proof, so these two are public), and an agent's own key on
//! `/preferences`.
use crate::{
    error::AppError,
    model::second_factor::{Challenge, Status},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn challenge_token() -> Result<String, AppError> {
    use crate::second_factor::CHALLENGE_COOKIE;
    use leptos::prelude::use_context;
    use_context::<http::request::Parts>()
        .and_then(|p| crate::session::cookie(&p.headers, CHALLENGE_COOKIE))
        .ok_or(AppError::Unauthorized)
}

#[cfg(feature = "ssr")]
fn setup_of(
    login: &str,
    f: &crate::db::second_factors::Factor,
) -> Option<crate::model::second_factor::Setup> {
    use crate::second_factor::{base32, otpauth_uri};
    let codes = f.pending_codes.clone()?;
    let key = base32(&f.secret);
    let grouped: Vec<&str> = key
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Some(crate::model::second_factor::Setup {
        key: grouped.join(" "),
        uri: otpauth_uri(login, &f.secret),
        recovery_codes: codes,
    })
}

/// The code page's data: with a key to set up when the agent's role requires one they lack. No live
/// challenge (expired, used, or five wrong codes) is 401: sign in again.
#[server(endpoint = "second_factor_challenge")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn second_factor_challenge() -> Result<Challenge, AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let state = authz::state()?;
            let token = challenge_token()?;
            let mut conn = state.pool.acquire().await?;
            let (agent, _) = db::second_factors::challenged(&mut conn, &token)
                .await?
                .ok_or(AppError::Unauthorized)?;
            drop(conn);
            let (_, on) = db::second_factors::needed(&state.pool, agent).await?;
            let setup = if on {
                None
            } else {
                let f = crate::second_factor::pending(&state, agent, false).await?;
                setup_of(&db::agents::login(&state.pool, agent).await?, &f)
            };
            Ok(Challenge { setup })
        }
        .await,
    )
}

/// The code (or a recovery code) that finishes a sign-in: the session cookie, and on to `next`.
#[server(endpoint = "verify_second_factor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::{authz, db, model::input, model::viewer::Realm, second_factor, session};
    let result = async {
        let state = authz::state()?;
        let token = challenge_token()?;
        let addr = authz::client_addr();
        let mut conn = state.pool.acquire().await?;
        let (agent, attempt) = db::second_factors::challenged(&mut conn, &token)
            .await?
            .ok_or(AppError::Unauthorized)?;
        drop(conn);
        let code_attempt = second_factor::count_try(&state, agent, &addr).await?;
        let typed = second_factor::Typed::parse(&code);
        let mut tx =
            db::changes::begin(&state.pool, db::changes::Actor::Agent(agent), &addr).await?;
        let right = match &typed {
            Ok(t) => second_factor::check(&mut tx, agent, t).await?,
            Err(_) => false,
        };
        if !right {
            drop(tx);
            db::second_factors::failed(&state.pool, &token).await?;
            return Err(typed.err().unwrap_or_else(|| {
                AppError::invalid("code", crate::error::Rule::SecondFactorCode)
            }));
        }
        db::second_factors::end_challenge(&mut tx, &token).await?;
        tx.commit().await?;
        db::sign_ins::forget(&state.pool, code_attempt).await?;
        let session_token =
            session::open_session(&state, session::Account::Agent(agent), attempt, &addr).await?;
        session::set_challenge_cookie(None);
        session::set_cookie(Realm::Agent, &session_token);
        leptos_axum::redirect(&input::safe_next(next.as_deref(), Realm::Agent.home_path()));
        Ok(())
    }
    .await;
    if let Err(e) = &result {
        // Without JS the browser needs the page again, with the error and where it was going.
        if session::is_plain_form_post() {
            let failed = match e {
                AppError::Unauthorized => "expired",
                e if e.status() == 429 => "wait",
                _ => "1",
            };
            let mut url = format!("/login/second-factor?failed={failed}");
            if let Some(n) = next.as_deref().filter(|n| !n.is_empty()) {
                url.push_str(&format!("&next={}", input::url_encode(n)));
            }
            leptos_axum::redirect(&url);
        }
    }
    crate::api::finish(result)
}

/// The caller's own key: on or not, whether their role requires it, codes left, a key being set up.
#[server(endpoint = "my_second_factor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_second_factor() -> Result<Status, AppError> {
    use crate::{authz, db, model::viewer::Realm};
    crate::api::finish(
        async {
            let (me, _) = authz::require_own(Realm::Agent, false)?;
            let me = crate::model::ids::AgentId(me);
            let state = authz::state()?;
            let mut conn = state.pool.acquire().await?;
            let f = db::second_factors::get(&mut conn, me).await?;
            drop(conn);
            let (role, _) = db::second_factors::needed(&state.pool, me).await?;
            let login = db::agents::login(&state.pool, me).await?;
            Ok(Status {
                on: f.as_ref().is_some_and(|f| f.is_on()),
                required: role.requires_second_factor(),
                recovery_codes_left: f.as_ref().map_or(0, |f| f.codes_left),
                setup: f.as_ref().and_then(|f| setup_of(&login, f)),
            })
        }
        .await,
    )
}

/// "Set up": a new key and recovery codes, shown until the first code from the app turns it on.
#[server(endpoint = "set_up_second_factor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_up_second_factor() -> Result<(), AppError> {
    use crate::{authz, db, model::viewer::Realm};
    crate::api::finish(
        async {
            let (me, _) = authz::require_own(Realm::Agent, true)?;
            let me = crate::model::ids::AgentId(me);
            let state = authz::state()?;
            let mut conn = state.pool.acquire().await?;
            if db::second_factors::get(&mut conn, me)
                .await?
                .is_some_and(|f| f.is_on())
            {
                return Err(AppError::Conflict(
                    "Two-factor authentication is on already. Turn it off first to use another app."
                        .into(),
                ));
            }
            drop(conn);
            crate::second_factor::pending(&state, me, true).await?;
            Ok(())
        }
        .await,
    )
}

/// The first code from the app turns a key being set up on (`on = true`); a current code or a recovery
/// code turns a key that is on off (`on = false`; for admins it is set up again at their next sign-in).
#[server(endpoint = "switch_second_factor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn switch_second_factor(on: bool, code: String) -> Result<(), AppError> {
    use crate::{authz, db, model::viewer::Realm, second_factor};
    crate::api::finish(
        async {
            let (me, _) = authz::require_own(Realm::Agent, true)?;
            let me = crate::model::ids::AgentId(me);
            let state = authz::state()?;
            let addr = authz::client_addr();
            let typed = second_factor::Typed::parse(&code)?;
            let attempt = second_factor::count_try(&state, me, &addr).await?;
            let mut tx =
                db::changes::begin(&state.pool, db::changes::Actor::Agent(me), &addr).await?;
            let is_on = db::second_factors::get(&mut tx, me)
                .await?
                .is_some_and(|f| f.is_on());
            if is_on == on {
                return Err(AppError::Conflict(if on {
                    "Two-factor authentication is on already.".into()
                } else {
                    "Two-factor authentication is off already.".into()
                }));
            }
            if !second_factor::check(&mut tx, me, &typed).await? {
                return Err(AppError::invalid(
                    "code",
                    crate::error::Rule::SecondFactorCode,
                ));
            }
            if !on {
                db::second_factors::remove(&mut tx, me).await?;
                db::changes::record_agent_event(&mut tx, me, "second_factor_off").await?;
            }
            tx.commit().await?;
            db::sign_ins::forget(&state.pool, attempt).await?;
            Ok(())
        }
        .await,
    )
}
