//! Trusted devices: browsers that signed in to an account before (their cookie's hash).

use crate::db::{Db, Tx};
use crate::{on_db, on_tx};
use portico_domain::UserId;
use time::OffsetDateTime;

/// Whether the device with this cookie hash signed in to `user` before.
pub async fn is_trusted(db: &Db, token_hash: &str, user: UserId) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM trusted_devices WHERE token_hash = $1 AND user_id = $2";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(SQL).bind(token_hash).bind(user.0).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Remembers a device for `user`, or refreshes when it was last used.
pub async fn trust(tx: &mut Tx, token_hash: &str, user: UserId) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) \
         VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash) DO UPDATE SET last_used_at = excluded.last_used_at \
         WHERE trusted_devices.user_id = excluded.user_id";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(token_hash)
        .bind(user.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(())
}
