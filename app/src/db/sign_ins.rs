//! Sign-in successes and failures (`sign_in_events`): kept for the configured retention period, the typed
//! login only as an HMAC (`crate::secret::login_hmac`), enough to count one account's failures.
use super::changes::Window;
use crate::model::{
    audit::{AuditEntry, AuditFilter},
    viewer::Realm,
};
use sqlx::PgPool;

pub struct SignIn<'a> {
    pub realm: Realm,
    pub succeeded: bool,
    pub account: Option<i64>,
    pub login_hmac: &'a [u8],
    pub addr: &'a str,
}

pub async fn record(pool: &PgPool, e: SignIn<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO sign_in_events (realm, succeeded, account_id, login_hmac, client_addr) VALUES ($1, $2, $3, $4, $5)",
        e.realm as _,
        e.succeeded,
        e.account,
        e.login_hmac,
        e.addr,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Failed attempts for (realm, login, client address) in the last 15 minutes.
pub async fn recent_failures(
    pool: &PgPool,
    realm: Realm,
    login_hmac: &[u8],
    addr: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM sign_in_events
         WHERE NOT succeeded AND realm = $1 AND login_hmac = $2 AND client_addr = $3
           AND at > now() - interval '15 minutes'"#,
        realm as _,
        login_hmac,
        addr,
    )
    .fetch_one(pool)
    .await
}

/// Progressive slow-down after 5 failures: 0.25 s, 0.5 s, 1 s, ... capped at 4 s. Never a lockout.
pub fn delay_ms(failures: i64) -> u64 {
    if failures < 5 {
        0
    } else {
        (250u64 << (failures - 5).min(4)).min(4000)
    }
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
    #[test]
    fn delay_grows_then_caps() {
        assert_eq!(super::delay_ms(4), 0);
        assert_eq!(super::delay_ms(5), 250);
        assert_eq!(super::delay_ms(6), 500);
        assert_eq!(super::delay_ms(9), 4000);
        assert_eq!(super::delay_ms(100), 4000);
    }
}
