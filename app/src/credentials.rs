//! Changing a password (server only). The rules of every path: the account's throttle counts a wrong
//! current password like a failed sign-in, one change per account runs at a time, no database connection
//! is held while Argon2 runs (a flood of changes must not starve the pool), and the account's other
//! sessions end in the transaction that stores the new hash, recorded in the change record.
use crate::{
    db::{self, changes::Actor},
    error::{AppError, Rule},
    model::{
        ids::CustomerUserId,
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
    db::sessions::end_other_contact_sessions(&mut tx, me, keep).await?;
    let event = db::changes::Event {
        action: "other_sessions_ended",
        customer_user: me,
        security: true,
    };
    db::changes::record_event(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}
