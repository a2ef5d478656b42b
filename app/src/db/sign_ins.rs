//! Sign-in successes and failures (`sign_in_events`): kept for the configured retention period, the typed
//! login only as an HMAC (`crate::secret::login_hmac`), enough to count one account's failures.
use super::changes::Window;
use crate::model::{
    audit::{AuditEntry, AuditFilter},
    viewer::Realm,
};
use sqlx::PgPool;

/// The throttling policy (README, Security): per account 10 failures in 15 minutes, then a 429 with a wait
/// that doubles from one minute up to 15 (not for an address or device that signed in to the account
/// before); per address 100 failures in 15 minutes. Only failures count.
pub const WINDOW_S: i64 = 15 * 60;
pub const ACCOUNT_FAILURES: i64 = 10;
pub const ADDRESS_FAILURES: i64 = 100;
const FIRST_WAIT_S: i64 = 60;

/// What the policy decides on, read under the attempt's locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// The account's failures in the window, and seconds since the last one.
    pub account: i64,
    pub since_account_failure_s: i64,
    /// This address or device signed in to the account successfully before.
    pub trusted: bool,
    /// The address's failures in the window, and the age of the oldest one (seconds).
    pub address: i64,
    pub oldest_address_failure_s: i64,
}

/// `Some(seconds to wait)` when the attempt is refused (429), `None` when its password may be checked.
pub fn wait_s(r: Recent) -> Option<i64> {
    let account = (r.account >= ACCOUNT_FAILURES && !r.trusted).then(|| {
        let doubled = FIRST_WAIT_S << (r.account - ACCOUNT_FAILURES).min(10);
        doubled.min(WINDOW_S) - r.since_account_failure_s
    });
    let address = (r.address >= ADDRESS_FAILURES).then(|| WINDOW_S - r.oldest_address_failure_s);
    [account, address]
        .into_iter()
        .flatten()
        .filter(|w| *w > 0)
        .max()
}

/// One sign-in attempt (or current-password check) before its password is checked.
pub struct Attempt<'a> {
    pub realm: Realm,
    /// The account the typed login names, if any; unknown logins count by `login_hmac`.
    pub account: Option<i64>,
    pub login_hmac: Option<&'a [u8]>,
    pub addr: &'a str,
    /// SHA-256 of the browser's device cookie, if it sent one.
    pub device: Option<&'a [u8]>,
    /// Whether a known address or device lifts the account limit (sign-in: yes; a signed-in user's
    /// current-password check: no, that is where a stolen session would guess).
    pub trust_known: bool,
}

/// Decides and records an attempt in one short transaction under two advisory locks (the account's, then
/// the address's), so parallel guesses count each other; no lock or connection is held while the password
/// is checked. `Err(seconds)` when refused; else the id of the attempt, recorded as a failure until
/// [`succeeded`] replaces it.
pub async fn attempt(pool: &PgPool, a: &Attempt<'_>) -> sqlx::Result<Result<i64, i64>> {
    let mut tx = pool.begin().await?;
    let account_key = match (a.account, a.login_hmac) {
        (Some(id), _) => format!("sign-in {:?} {id}", a.realm),
        (None, Some(h)) => format!("sign-in {:?} {}", a.realm, hex::encode(h)),
        (None, None) => format!("sign-in {:?}", a.realm),
    };
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))",
        account_key,
        format!("sign-in address {}", a.addr),
    )
    .fetch_one(&mut *tx)
    .await?;
    let r = sqlx::query!(
        r#"WITH account AS (
               SELECT at FROM sign_in_events
                WHERE NOT succeeded AND realm = $1 AND account_id = $2 AND at > now() - make_interval(secs => $6)
               UNION ALL
               SELECT at FROM sign_in_events
                WHERE NOT succeeded AND $2::bigint IS NULL AND realm = $1 AND account_id IS NULL AND login_hmac = $3
                  AND at > now() - make_interval(secs => $6)),
           address AS (
               SELECT at FROM sign_in_events
                WHERE NOT succeeded AND client_addr = $4 AND at > now() - make_interval(secs => $6))
           SELECT (SELECT count(*) FROM account) AS "account!",
                  (SELECT coalesce(extract(epoch FROM now() - max(at)), 0)::bigint FROM account) AS "since_account!",
                  EXISTS (SELECT 1 FROM sign_in_events WHERE succeeded AND realm = $1 AND account_id = $2
                           AND (client_addr = $4 OR device_hash = $5)) AS "trusted!",
                  (SELECT count(*) FROM address) AS "address!",
                  (SELECT coalesce(extract(epoch FROM now() - min(at)), 0)::bigint FROM address) AS "oldest_address!""#,
        a.realm as _,
        a.account,
        a.login_hmac,
        a.addr,
        a.device,
        WINDOW_S as f64,
    )
    .fetch_one(&mut *tx)
    .await?;
    let recent = Recent {
        account: r.account,
        since_account_failure_s: r.since_account,
        trusted: a.trust_known && r.trusted,
        address: r.address,
        oldest_address_failure_s: r.oldest_address,
    };
    if let Some(wait) = wait_s(recent) {
        return Ok(Err(wait));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO sign_in_events (realm, succeeded, account_id, login_hmac, client_addr)
         VALUES ($1, false, $2, $3, $4) RETURNING id",
        a.realm as _,
        a.account,
        a.login_hmac,
        a.addr,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// The attempt's password was right: its pending failure becomes a success (from `device`, which makes
/// the device trusted for this account). Events are never updated, so the row is replaced.
pub async fn succeeded(pool: &PgPool, attempt: i64, device: Option<&[u8]>) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH gone AS (DELETE FROM sign_in_events WHERE id = $1 AND NOT succeeded
                       RETURNING at, realm, account_id, login_hmac, client_addr)
         INSERT INTO sign_in_events (at, realm, succeeded, account_id, login_hmac, client_addr, device_hash)
         SELECT at, realm, true, account_id, login_hmac, client_addr, $2 FROM gone",
        attempt,
        device,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The attempt was not a sign-in but a signed-in user's current-password check, and it was right: it
/// leaves no event (only failures count).
pub async fn forget(pool: &PgPool, attempt: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM sign_in_events WHERE id = $1 AND NOT succeeded",
        attempt
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes the events older than `days`; returns how many went.
pub async fn expire(pool: &PgPool, days: i32) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM sign_in_events WHERE at < now() - make_interval(days => $1)",
        days
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Newest first for the Audit page's two sign-in events; the account's login is read now (the event keeps
/// only its id), an unknown login shows as such. Filters as `db::changes::page` (the company filter
/// matches a customer user's primary company).
pub async fn page(
    pool: &PgPool,
    succeeded: bool,
    f: &AuditFilter,
    w: &Window<'_>,
) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query_as!(
        AuditEntry,
        r#"SELECT s.id, to_char(s.at AT TIME ZONE $8, 'YYYY-MM-DD HH24:MI:SS') AS "at!",
                CASE WHEN s.succeeded THEN 'sign_in' ELSE 'sign_in_failed' END AS "event!",
                coalesce(a.login || ' (agent)', u.login, '(unknown login)') AS "actor!",
                coalesce(c.customer_id, '') AS "company!", '' AS "target!", s.client_addr,
                CASE s.realm WHEN 'agent' THEN 'agent sign-in' ELSE 'portal sign-in' END AS "detail!"
         FROM sign_in_events s
         LEFT JOIN agents a ON s.realm = 'agent' AND a.id = s.account_id
         LEFT JOIN customer_users u ON s.realm = 'contact' AND u.id = s.account_id
         LEFT JOIN companies c ON c.id = u.company_id
         WHERE s.succeeded = $1
           AND ($2 = '' OR lower(coalesce(a.login, u.login)) = lower($2))
           AND ($3 = '' OR c.customer_id = $3)
           AND ($4::date IS NULL OR s.at >= ($4::date)::timestamp AT TIME ZONE $8)
           AND ($5::date IS NULL OR s.at < ($5::date + 1)::timestamp AT TIME ZONE $8)
           AND ($6::bigint IS NULL OR s.id < $6)
         ORDER BY s.id DESC LIMIT $7"#,
        succeeded,
        f.user,
        f.company,
        w.from,
        w.to,
        w.before,
        w.limit,
        w.tz,
    )
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recent(account: i64, since: i64, trusted: bool, address: i64) -> Recent {
        Recent {
            account,
            since_account_failure_s: since,
            trusted,
            address,
            oldest_address_failure_s: 600,
        }
    }

    #[test]
    fn ten_failures_then_a_doubling_wait_capped_at_15_minutes() {
        assert_eq!(wait_s(recent(9, 0, false, 9)), None);
        assert_eq!(wait_s(recent(10, 0, false, 10)), Some(60));
        assert_eq!(wait_s(recent(10, 45, false, 10)), Some(15));
        assert_eq!(wait_s(recent(10, 60, false, 10)), None, "the wait is over");
        assert_eq!(wait_s(recent(11, 0, false, 11)), Some(120));
        assert_eq!(wait_s(recent(13, 0, false, 13)), Some(480));
        assert_eq!(wait_s(recent(14, 0, false, 14)), Some(900));
        assert_eq!(wait_s(recent(400, 0, false, 40)), Some(900));
    }

    #[test]
    fn a_known_device_is_not_locked_out_but_an_address_flood_is_refused() {
        assert_eq!(wait_s(recent(50, 0, true, 50)), None);
        assert_eq!(
            wait_s(recent(0, 0, false, 100)),
            Some(300),
            "until the oldest ages out"
        );
        assert_eq!(wait_s(recent(50, 0, true, 100)), Some(300));
    }
}
