//! Argon2id password hashing, off the async runtime and bounded (spec: m=19456 KiB, t=2, p=1). Callers
//! never hold a database connection across these calls: a flood of them must not starve the pool.
use crate::{error::AppError, state::AppState};
use argon2::{
    password_hash::SaltString, Algorithm, Argon2, Params, PasswordHash, PasswordHasher,
    PasswordVerifier, Version,
};
use std::sync::atomic::Ordering;

fn argon2() -> Argon2<'static> {
    #[allow(clippy::unwrap_used)] // constant, valid parameters
    let params = Params::new(19456, 2, 1, None).unwrap();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AppError::Internal)
}

/// Hashes off the runtime, bounded like verification.
pub async fn hash(state: &AppState, password: String) -> Result<String, AppError> {
    let _permit = state
        .hash_permits
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    state.argon2_runs.fetch_add(1, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

/// A hash of nothing in particular, verified when the login is unknown so both cases take the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K0ZbT8S8h4L1zc3cT0lKIaVi1+0S3l7lKBqRQ1mE1QU";

pub async fn verify(
    state: &AppState,
    password: String,
    hash: Option<String>,
) -> Result<bool, AppError> {
    let _permit = state
        .hash_permits
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    state.argon2_runs.fetch_add(1, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        let ok = PasswordHash::new(&hash)
            .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok());
        known && ok
    })
    .await
    .map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let h = hash_blocking("correct horse").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let parsed = PasswordHash::new(&h).expect("parse");
        assert!(argon2().verify_password(b"correct horse", &parsed).is_ok());
        assert!(argon2().verify_password(b"wrong", &parsed).is_err());
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
