//! Failure counters for [`crate::auth::throttle`]. Global (not tenant data): keyed by address, device or person.

use crate::auth::throttle::WINDOW_SECS;
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};

/// Failures counted for `key` in the window containing `now` (Unix seconds).
pub async fn failures(db: &Db, key: &str, now: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT failures FROM throttle WHERE key = $1 AND window_start > $2";
    let n: Option<i32> = on_db!(db, pool => sqlx::query_scalar(SQL)
        .bind(key)
        .bind(now - WINDOW_SECS)
        .fetch_optional(pool)
        .await)?;
    Ok(n.map(i64::from).unwrap_or(0))
}

/// Counts one failure for `key`, starting a new window if the last one has passed. Returns the count.
pub async fn record_failure(tx: &mut Tx, key: &str, now: i64) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO throttle (key, window_start, failures) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN throttle.window_start <= $3 THEN 1 ELSE throttle.failures + 1 END, \
             window_start = CASE WHEN throttle.window_start <= $3 THEN $2 ELSE throttle.window_start END \
         RETURNING failures";
    let n: i32 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(key)
        .bind(now)
        .bind(now - WINDOW_SECS)
        .fetch_one(&mut **conn)
        .await)?;
    Ok(i64::from(n))
}

/// Forgets the failures of `key` (after a success).
pub async fn clear(tx: &mut Tx, key: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM throttle WHERE key = $1").bind(key).execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}
