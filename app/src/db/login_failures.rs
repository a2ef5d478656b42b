use crate::model::viewer::Realm;
use sqlx::PgPool;

/// Failed attempts for (realm, login, client address) in the last 15 minutes.
pub async fn recent(pool: &PgPool, realm: Realm, login: &str, addr: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM login_failures
         WHERE realm = $1 AND lower(login) = lower($2) AND client_addr = $3 AND at > now() - interval '15 minutes'"#,
        realm as _,
        login,
        addr,
    )
    .fetch_one(pool)
    .await
}

pub async fn record(pool: &PgPool, realm: Realm, login: &str, addr: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO login_failures (realm, login, client_addr) VALUES ($1, $2, $3)",
        realm as _,
        login,
        addr,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Progressive slow-down after 5 failures: 0.25 s, 0.5 s, 1 s, ... capped at 4 s. Never a lockout.
pub fn delay_ms(failures: i64) -> u64 {
    if failures < 5 {
        0
    } else {
        (250u64 << (failures - 5).min(4)).min(4000)
    }
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
