//! Changing a password (server only): a contact's own change, and one-time reset links (agents issue them;
//! agents never set a customer user's password). The rules of every path: the account's throttle counts a
//! wrong current password like a failed sign-in, one change per account runs at a time, no database
//! connection is held while Argon2 runs (a flood of changes must not starve the pool), and the account's
//! other sessions end in the transaction that stores the new hash, recorded in the change record.
use crate::{
    db::{self, changes::Actor},
    error::{AppError, Rule},
    model::{
        ids::{AgentId, CustomerUserId},
        input::{NewPassword, PASSWORD_MAX_BYTES},
        viewer::Realm,
    },
    password,
    session::too_many,
    state::AppState,
};

/// A contact changes their own password; the session they do it from (`keep`, its token) stays signed in.
pub async fn change_own(
    state: &AppState,
    me: CustomerUserId,
    current: String,
    new: NewPassword,
    addr: &str,
    keep: Option<&str>,
) -> Result<(), AppError> {
    let wrong = || AppError::invalid("current", Rule::CurrentPassword);
    let _slot = state
        .password_slots
        .try_take(&format!("contact:{}", me.0))
        .ok_or_else(|| too_many("current", 60))?;
    if current.len() > PASSWORD_MAX_BYTES {
        return Err(wrong());
    }
    let pool = &state.pool;
    let old = db::sessions::contact_password_hash(pool, me).await?;
    let attempt = db::sign_ins::Attempt {
        realm: Realm::Contact,
        account: Some(me.0),
        login_hmac: None,
        addr,
        device: None,
        trust_known: false,
    };
    let attempt = db::sign_ins::attempt(pool, &attempt)
        .await?
        .map_err(|wait| too_many("current", wait))?;
    if !password::verify(state, current, old.clone()).await? {
        return Err(wrong());
    }
    db::sign_ins::forget(pool, attempt).await?;
    let hash = password::hash(state, new.into_inner()).await?;
    let mut tx = db::changes::begin(pool, Actor::Contact(me), addr).await?;
    if !db::sessions::replace_contact_password(&mut tx, me, old.as_deref(), &hash).await? {
        return Err(AppError::Conflict(
            "Your password was changed elsewhere meanwhile. Sign in again with the new one.".into(),
        ));
    }
    db::sessions::end_sessions(&mut *tx, Realm::Contact, me.0, None, keep).await?;
    let event = db::changes::Event {
        action: "other_sessions_ended",
        customer_user: me,
        security: true,
    };
    db::changes::record_event(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// An agent issues a one-time reset link for a customer user; returns the token, shown once.
pub async fn issue_reset(
    state: &AppState,
    agent: AgentId,
    user: CustomerUserId,
    addr: &str,
) -> Result<String, AppError> {
    let token = db::sessions::new_token();
    let mut tx = db::changes::begin(&state.pool, Actor::Agent(agent), addr).await?;
    db::password_resets::issue(&mut tx, user, agent, &token).await?;
    let event = db::changes::Event {
        action: "password_reset_issued",
        customer_user: user,
        security: true,
    };
    db::changes::record_event(&mut tx, event).await?;
    tx.commit().await?;
    Ok(token)
}

/// The customer user sets a password with a reset link: it works once, and every session of the account
/// ends (whoever held one before the reset is out).
pub async fn use_reset(
    state: &AppState,
    token: &str,
    new: NewPassword,
    addr: &str,
) -> Result<(), AppError> {
    let gone = || {
        AppError::Conflict(
            "This link has expired or was used already. Ask the help desk for a new one.".into(),
        )
    };
    // Checked before hashing, so only a valid link buys an Argon2 run.
    let user = db::password_resets::peek(&state.pool, token)
        .await?
        .ok_or_else(gone)?;
    let _slot = state
        .password_slots
        .try_take(&format!("contact:{}", user.0))
        .ok_or_else(|| too_many("new", 60))?;
    let hash = password::hash(state, new.into_inner()).await?;
    let mut tx = db::changes::begin(&state.pool, Actor::Contact(user), addr).await?;
    if db::password_resets::take(&mut tx, token).await? != Some(user) {
        return Err(gone());
    }
    db::sessions::set_contact_password(&mut tx, user, &hash).await?;
    db::sessions::end_sessions(&mut *tx, Realm::Contact, user.0, None, None).await?;
    let event = db::changes::Event {
        action: "password_reset_used",
        customer_user: user,
        security: true,
    };
    db::changes::record_event(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}
