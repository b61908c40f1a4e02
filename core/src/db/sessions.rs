//! Session records: one row per sign-in, which the browser's session cookie points at. Global (a person's sessions
//! span every customer they serve).

use crate::audit::RequestMeta;
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};
use portico_domain::UserId;
use time::OffsetDateTime;
use uuid::Uuid;

/// A stored session record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: Uuid,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// Records a new sign-in.
pub async fn insert(
    tx: &mut Tx,
    id: Uuid,
    user: UserId,
    meta: &RequestMeta,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, user_agent, ip) \
         VALUES ($1, $2, $3, $3, $4, $5)";
    let agent = meta
        .user_agent
        .as_deref()
        .map(|a| a.chars().take(300).collect::<String>());
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(user.0)
        .bind(OffsetDateTime::now_utc())
        .bind(agent)
        .bind(meta.ip.as_deref())
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(())
}

/// Notes that the session was used (written at most every few minutes, when the cookie's expiry slides).
pub async fn touch(db: &Db, id: Uuid) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE user_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(OffsetDateTime::now_utc()).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// Ends one of `user`'s sessions. Returns whether it was still open.
pub async fn end(tx: &mut Tx, user: UserId, id: Uuid, reason: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE user_sessions SET ended_at = $3, end_reason = $4 \
         WHERE id = $1 AND user_id = $2 AND ended_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(user.0)
        .bind(OffsetDateTime::now_utc())
        .bind(reason)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Ends every open session of `user` except `keep`. Returns how many ended.
pub async fn end_all(
    tx: &mut Tx,
    user: UserId,
    keep: Option<Uuid>,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    const SQL: &str = "UPDATE user_sessions SET ended_at = $3, end_reason = $4 \
         WHERE user_id = $1 AND ended_at IS NULL AND id <> $2";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .bind(keep.unwrap_or(Uuid::nil()))
        .bind(OffsetDateTime::now_utc())
        .bind(reason)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n)
}

/// `user`'s open sessions, most recent sign-in first.
pub async fn open(db: &Db, user: UserId) -> Result<Vec<SessionRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, created_at, last_seen_at, user_agent, ip FROM user_sessions \
         WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 100";
    on_db!(db, pool => sqlx::query_as(SQL).bind(user.0).fetch_all(pool).await)
}
