//! Server-held keys (`app_keys`, made by a migration from Postgres's strong random source) and what is
//! computed with them. Loaded once per process.
use crate::{error::AppError, model::viewer::Realm, state::AppState};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 (RFC 2104) of the normalised login (trimmed, lower case) within its realm: what sign-in
/// events and throttling key on, so the database never holds the text someone typed.
pub async fn login_hmac(state: &AppState, realm: Realm, login: &str) -> Result<Vec<u8>, AppError> {
    let key = state
        .login_key
        .get_or_try_init(|| async {
            sqlx::query_scalar!("SELECT key FROM app_keys WHERE name = 'login_hmac'")
                .fetch_one(&state.pool)
                .await
        })
        .await?;
    let message = format!("{realm:?}\n{}", login.trim().to_lowercase());
    Ok(hmac_sha256(key, message.as_bytes()))
}

/// HMAC (RFC 2104) over a 64-byte-block hash: SHA-256 here, SHA-1 for one-time codes (`second_factor`).
pub(crate) fn hmac<D: Digest>(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        let digest = D::digest(key);
        k[..digest.len()].copy_from_slice(&digest);
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.map(|b| b ^ byte);
    let inner = D::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    D::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    hmac::<Sha256>(key, message)
}

#[cfg(test)]
mod tests {
    /// RFC 4231 test cases 1 and 6 (a short key, and a key longer than the block).
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        assert_eq!(
            hex::encode(super::hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex::encode(super::hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
