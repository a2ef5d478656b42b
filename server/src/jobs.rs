//! Background work of a serving process.
use sqlx::PgPool;
use std::time::Duration;

/// How often the due-set watermark moves: a view counts at most this much of newly due tickets itself.
const DUE_WATERMARK_EVERY: Duration = Duration::from_secs(10);

/// Keeps the escalated / reminder-reached counters close to now (app::db::counts::COUNTS_SQL). Several
/// server processes may run this: the database lets one move at a time and the others skip.
pub fn spawn_due_watermark(pool: PgPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DUE_WATERMARK_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = app::db::counts::advance_due_watermark(&pool).await {
                tracing::warn!(
                    "moving the due watermark failed (counts stay exact, views count more): {e}"
                );
            }
        }
    });
}

/// How often expired sign-in events are deleted.
const SIGN_IN_EXPIRY_EVERY: Duration = Duration::from_secs(3600);

/// Deletes sign-in events older than the retention period, at start and then hourly.
pub fn spawn_sign_in_expiry(pool: PgPool, days: i32) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SIGN_IN_EXPIRY_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match app::db::sign_ins::expire(&pool, days).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("deleted {n} sign-in events older than {days} days"),
                Err(e) => tracing::warn!(
                    "deleting expired sign-in events failed (retried within the hour): {e}"
                ),
            }
            // Ended sessions go too (they were refused already; this keeps the table small and records
            // the end of an impersonation that expired).
            match app::db::sessions::expire(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("deleted {n} ended sessions"),
                Err(e) => {
                    tracing::warn!("deleting ended sessions failed (retried within the hour): {e}")
                }
            }
        }
    });
}
