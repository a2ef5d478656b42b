//! Agents' second factor (issue 17): time-based one-time codes (RFC 6238 — HMAC-SHA-1, 30-second steps,
//! 6 digits: what every authenticator app reads from an `otpauth://` key) and ten single-use recovery codes.
//! Admins must use it, other agents may. A right password for such an agent opens a five-minute challenge
//! (a cookie), not a session; the code finishes it. Every code typed counts as a failed sign-in of the
//! account until it is right, so the account's throttle bounds the guessing as it does for passwords.
use crate::{
    db,
    error::{AppError, Rule},
    model::ids::AgentId,
    state::AppState,
};
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub const STEP_S: i64 = 30;
const DIGITS: u32 = 1_000_000;
/// The cookie that carries a challenge from the password to the code page.
pub const CHALLENGE_COOKIE: &str = "__Host-panorama-challenge";

pub fn step_at(unix_s: i64) -> i64 {
    unix_s.div_euclid(STEP_S)
}

/// The code of one step (RFC 4226's dynamic truncation of the HMAC of the step counter).
pub fn code(secret: &[u8], step: i64) -> u32 {
    let mac = crate::secret::hmac::<Sha1>(secret, &step.to_be_bytes());
    let at = usize::from(mac[19] & 0x0f);
    u32::from_be_bytes([mac[at] & 0x7f, mac[at + 1], mac[at + 2], mac[at + 3]]) % DIGITS
}

/// The step a typed code is of: the current one or one either side (clocks drift), newer than the last one
/// used (a code works once).
pub fn matching_step(secret: &[u8], typed: u32, now: i64, last_used: i64) -> Option<i64> {
    (now - 1..=now + 1).find(|&s| s > last_used && code(secret, s) == typed)
}

/// RFC 4648 base32 without padding: how authenticator apps take a key typed by hand.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        for i in 0..(chunk.len() * 8).div_ceil(5) {
            out.push(char::from(ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize]));
        }
    }
    out
}

/// The key as an app scans or opens it.
pub fn otpauth_uri(login: &str, secret: &[u8]) -> String {
    let label = crate::model::input::url_encode(&format!("Panorama:{login}"));
    format!(
        "otpauth://totp/{label}?secret={}&issuer=Panorama&algorithm=SHA1&digits=6&period=30",
        base32(secret)
    )
}

/// What someone typed: six digits are a code of the app, anything else may be a recovery code.
#[derive(Debug, PartialEq)]
pub enum Typed {
    Code(u32),
    Recovery(String),
}

impl Typed {
    pub fn parse(typed: &str) -> Result<Typed, AppError> {
        let wrong = || AppError::invalid("code", Rule::SecondFactorCode);
        let t: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_lowercase();
        if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse().map(Typed::Code).map_err(|_| wrong());
        }
        if t.len() == RECOVERY_LEN && t.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
            return Ok(Typed::Recovery(t));
        }
        Err(wrong())
    }
}

/// Recovery codes: 10 characters of an alphabet without look-alikes (31 signs, ~49 bits), shown as
/// `xxxxx-xxxxx`.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;

pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| {
            let c: String = (0..RECOVERY_LEN)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            format!("{}-{}", &c[..5], &c[5..])
        })
        .collect()
}

pub fn recovery_hash(normalised: &str) -> Vec<u8> {
    Sha256::digest(normalised.as_bytes()).to_vec()
}

pub fn new_secret() -> [u8; 20] {
    use rand::RngCore;
    let mut s = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

/// Checks a typed code against the agent's key (its step or recovery code is used up in `conn`'s
/// transaction). Turns a key being set up on when its code is right. `Ok(false)`: wrong.
pub async fn check(
    conn: &mut sqlx::PgConnection,
    agent: AgentId,
    typed: &Typed,
) -> Result<bool, AppError> {
    let Some(factor) = db::second_factors::get(&mut *conn, agent).await? else {
        return Ok(false);
    };
    let now = step_at(chrono::Utc::now().timestamp());
    let right = match typed {
        Typed::Code(c) => match matching_step(&factor.secret, *c, now, factor.last_step) {
            Some(step) => db::second_factors::use_step(&mut *conn, agent, step).await?,
            None => false,
        },
        // Recovery codes stand in for the app only once the key is on (they are shown while setting up).
        Typed::Recovery(r) if factor.is_on() => {
            let used =
                db::second_factors::use_recovery_code(&mut *conn, agent, &recovery_hash(r)).await?;
            if used {
                db::changes::record_agent_event(&mut *conn, agent, "second_factor_recovery_code")
                    .await?;
            }
            used
        }
        Typed::Recovery(_) => false,
    };
    if right && !factor.is_on() {
        let hashes: Vec<Vec<u8>> = factor
            .pending_codes
            .unwrap_or_default()
            .iter()
            .map(|c| recovery_hash(&c.replace('-', "")))
            .collect();
        db::second_factors::confirm(&mut *conn, agent, &hashes).await?;
        db::changes::record_agent_event(&mut *conn, agent, "second_factor_on").await?;
    }
    Ok(right)
}

/// Counts a typed code as a failed sign-in of the agent's account until it proves right (`sign_ins::forget`
/// then): the account's throttle bounds code guessing as it bounds passwords, with no trusted-device
/// exemption. `Err`: over the limit (429).
pub async fn count_try(state: &AppState, agent: AgentId, addr: &str) -> Result<i64, AppError> {
    let attempt = db::sign_ins::Attempt {
        realm: crate::model::viewer::Realm::Agent,
        account: Some(agent.0),
        login_hmac: None,
        addr,
        device: None,
        trust_known: false,
    };
    db::sign_ins::attempt(&state.pool, &attempt)
        .await?
        .map_err(|wait| crate::session::too_many("code", wait))
}

/// A key being set up for `agent` (the one already pending, else a new one).
pub async fn pending(
    state: &AppState,
    agent: AgentId,
    fresh: bool,
) -> Result<db::second_factors::Factor, AppError> {
    let mut tx = state.pool.begin().await?;
    match db::second_factors::get(&mut tx, agent).await? {
        Some(f) if !f.is_on() && !fresh => Ok(f),
        _ => {
            let (secret, codes) = (new_secret(), new_recovery_codes());
            db::second_factors::start(&mut tx, agent, &secret, &codes).await?;
            let f = db::second_factors::get(&mut tx, agent)
                .await?
                .ok_or(AppError::Internal)?;
            tx.commit().await?;
            Ok(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B (SHA-1 rows, the last six digits) and RFC 4648's base32 vectors.
    #[test]
    fn codes_and_keys_match_the_rfcs() {
        let secret = b"12345678901234567890";
        for (t, want) in [
            (59, 287082),
            (1111111109, 81804),
            (1111111111, 50471),
            (1234567890, 5924),
            (2000000000, 279037),
            (20000000000, 353130),
        ] {
            assert_eq!(code(secret, step_at(t)), want, "at {t}");
        }
        for (raw, want) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(raw.as_bytes()), want);
        }
    }

    #[test]
    fn a_code_works_in_its_step_or_one_either_side_and_only_once() {
        let secret = b"12345678901234567890";
        let now = 1000;
        assert_eq!(matching_step(secret, code(secret, now), now, 0), Some(now));
        assert_eq!(
            matching_step(secret, code(secret, now - 1), now, 0),
            Some(now - 1)
        );
        assert_eq!(matching_step(secret, code(secret, now + 2), now, 0), None);
        assert_eq!(
            matching_step(secret, code(secret, now), now, now),
            None,
            "used"
        );
        assert_eq!(Typed::parse(" 123 456 ").ok(), Some(Typed::Code(123456)));
        assert_eq!(
            Typed::parse("ABCDE-fghjk").ok(),
            Some(Typed::Recovery("abcdefghjk".into()))
        );
        assert!(Typed::parse("12345").is_err() && Typed::parse("abcdefghij").is_err());
        for c in new_recovery_codes() {
            let Ok(Typed::Recovery(n)) = Typed::parse(&c) else {
                panic!("{c}")
            };
            assert_eq!(n, c.replace('-', ""));
        }
    }
}
