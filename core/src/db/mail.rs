//! The mail queue (`mail_outbox`). Global: the delivery worker serves every tenant.

use crate::db::{Db, Tx};
use crate::mail::OutgoingMail;
use crate::{on_db, on_tx};
use time::OffsetDateTime;
use uuid::Uuid;

/// A queued message as the worker and the development mailbox see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub created_at: OffsetDateTime,
    pub attempts: i32,
    pub sent_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
}

/// Queues a message in the caller's transaction.
pub async fn enqueue(tx: &mut Tx, mail: &OutgoingMail) -> Result<Uuid, sqlx::Error> {
    const SQL: &str =
        "INSERT INTO mail_outbox (id, to_address, subject, text_body, html_body, created_at, \
            next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let id = Uuid::now_v7();
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(mail.to.as_str())
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(&mail.html)
        .bind(now)
        .bind(now.unix_timestamp())
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(id)
}

const COLUMNS: &str =
    "id, to_address, subject, text_body, html_body, created_at, attempts, sent_at, last_error";

/// Up to `limit` unsent messages whose next attempt is due, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<QueuedMail>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(pool).await)
}

/// Marks a message delivered; `erase` drops its bodies (they may hold a one-time link).
pub async fn mark_sent(db: &Db, id: Uuid, erase: bool) -> Result<(), sqlx::Error> {
    let sql = if erase {
        "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL, text_body = NULL, \
         html_body = NULL WHERE id = $1"
    } else {
        "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1"
    };
    on_db!(db, pool => sqlx::query(sql).bind(id).bind(OffsetDateTime::now_utc()).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed(
    db: &Db,
    id: Uuid,
    error: &str,
    next_attempt_at: i64,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 \
         WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(error).bind(next_attempt_at).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// The most recent messages, newest first (the development mailbox).
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<QueuedMail>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}
