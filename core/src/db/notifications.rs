//! Notification preferences, the digest's held items, acknowledgement reminders and job leases.

use crate::db::Tx;
use crate::on_tx;
use portico_domain::{TenantId, UserId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// How `user` receives `kind` (`None`: never chosen, so at once).
pub async fn delivery_of(
    tx: &mut Tx,
    user: Uuid,
    kind: &str,
) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str =
        "SELECT delivery FROM notification_preferences WHERE user_id = $1 AND kind = $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(user).bind(kind).fetch_optional(&mut **conn).await)
}

/// Every choice `user` made: `(kind, delivery)`.
pub async fn preferences(tx: &mut Tx, user: UserId) -> Result<Vec<(String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT kind, delivery FROM notification_preferences WHERE user_id = $1";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(user.0).fetch_all(&mut **conn).await)
}

/// Records how `user` receives `kind`.
pub async fn save_preference(
    tx: &mut Tx,
    user: UserId,
    kind: &str,
    delivery: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO notification_preferences (user_id, kind, delivery, updated_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .bind(kind)
        .bind(delivery)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// A notification held for a digest.
pub struct HeldItem<'a> {
    pub user: Uuid,
    pub kind: &'a str,
    pub organisation: &'a str,
    pub line: &'a str,
    pub link: &'a str,
}

/// Holds a notification for the person's next digest.
pub async fn hold(tx: &mut Tx, item: &HeldItem<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO digest_items (id, user_id, kind, organisation, line, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(Uuid::now_v7())
        .bind(item.user)
        .bind(item.kind)
        .bind(item.organisation)
        .bind(item.line)
        .bind(item.link)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// People with held items, at most `limit`.
pub async fn digest_recipients(tx: &mut Tx, limit: i64) -> Result<Vec<Uuid>, sqlx::Error> {
    const SQL: &str = "SELECT DISTINCT user_id FROM digest_items WHERE sent_at IS NULL LIMIT $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(limit).fetch_all(&mut **conn).await)
}

/// A held item: `(id, organisation, line, link)`.
pub type HeldRow = (Uuid, String, String, String);

/// The person's held items, by organisation and then oldest first (at most 200), with their e-mail address and
/// language (`None` when the person is disabled: nothing is sent).
pub async fn held_for(
    tx: &mut Tx,
    user: Uuid,
) -> Result<(Option<(String, Option<String>)>, Vec<HeldRow>), sqlx::Error> {
    const PERSON: &str = "SELECT email, locale FROM users WHERE id = $1 AND disabled_at IS NULL";
    const ITEMS: &str = "SELECT id, organisation, line, link FROM digest_items \
         WHERE user_id = $1 AND sent_at IS NULL ORDER BY organisation, created_at LIMIT 200";
    on_tx!(tx, conn => {
        let person = sqlx::query_as(PERSON).bind(user).fetch_optional(&mut **conn).await?;
        let items = sqlx::query_as(ITEMS).bind(user).fetch_all(&mut **conn).await?;
        Ok((person, items))
    })
}

/// Marks held items sent.
pub async fn mark_sent(tx: &mut Tx, ids: &[Uuid]) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE digest_items SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL";
    let now = OffsetDateTime::now_utc();
    for id in ids {
        on_tx!(tx, conn => sqlx::query(SQL).bind(id).bind(now).execute(&mut **conn).await.map(|_| ()))?;
    }
    Ok(())
}

/// Takes the lease of job `name` for `holder` until `until`, if it is free (or already this holder's); `false`
/// when another holder has it.
pub async fn take_lease(
    tx: &mut Tx,
    name: &str,
    holder: &str,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const INSERT: &str = "INSERT INTO job_leases (name, holder, lease_until) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING";
    const TAKE: &str = "UPDATE job_leases SET holder = $2, lease_until = $3 \
         WHERE name = $1 AND (lease_until < $4 OR holder = $2)";
    on_tx!(tx, conn => {
        let inserted = sqlx::query(INSERT).bind(name).bind(holder).bind(until).execute(&mut **conn).await?;
        if inserted.rows_affected() == 1 {
            Ok(true)
        } else {
            let taken = sqlx::query(TAKE).bind(name).bind(holder).bind(until).bind(now).execute(&mut **conn).await?;
            Ok(taken.rows_affected() == 1)
        }
    })
}

/// The last day a daily job ran.
pub async fn last_day(tx: &mut Tx, name: &str) -> Result<Option<Date>, sqlx::Error> {
    const SQL: &str = "SELECT last_day FROM job_leases WHERE name = $1";
    let day: Option<Option<Date>> =
        on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(name).fetch_optional(&mut **conn).await)?;
    Ok(day.flatten())
}

/// Records the day a daily job ran.
pub async fn set_last_day(tx: &mut Tx, name: &str, day: Date) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE job_leases SET last_day = $2 WHERE name = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(name).bind(day).execute(&mut **conn).await.map(|_| ()))
}

/// Every tenant with its acknowledgement deadline in hours (read as the relay reads tenants).
pub async fn tenant_deadlines(tx: &mut Tx) -> Result<Vec<(Uuid, i32)>, sqlx::Error> {
    const SQL: &str = "SELECT id, ack_sla_hours FROM tenants";
    on_tx!(tx, conn => sqlx::query_as(SQL).fetch_all(&mut **conn).await)
}

/// The tenant's acknowledgement deadline in hours.
pub async fn deadline(tx: &mut Tx, tenant: TenantId) -> Result<i32, sqlx::Error> {
    const SQL: &str = "SELECT ack_sla_hours FROM tenants WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).fetch_one(&mut **conn).await)
}

/// Sets the tenant's acknowledgement deadline.
pub async fn set_deadline(tx: &mut Tx, tenant: TenantId, hours: i32) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE tenants SET ack_sla_hours = $2 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(hours).execute(&mut **conn).await.map(|_| ()))
}

/// An unanswered order past a reminder's time: `(id, number, version, supplier id)`.
pub type DueRow = (Uuid, String, i32, Uuid);

/// The tenant's orders waiting for an answer whose current version arrived before `arrived_before` and that have no
/// `stage` reminder for that version yet (at most `limit`).
pub async fn due_orders(
    tx: &mut Tx,
    tenant: TenantId,
    stage: &str,
    arrived_before: OffsetDateTime,
    limit: i64,
) -> Result<Vec<DueRow>, sqlx::Error> {
    const SQL: &str =
        "SELECT po.id, po.number, po.version, po.supplier_id FROM purchase_orders po \
         WHERE po.tenant_id = $1 AND po.status = 'new' AND po.updated_at < $2 \
           AND NOT EXISTS (SELECT 1 FROM ack_reminders r WHERE r.tenant_id = po.tenant_id \
                AND r.purchase_order_id = po.id AND r.version = po.version AND r.stage = $3) \
         ORDER BY po.updated_at LIMIT $4";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(arrived_before)
        .bind(stage)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)
}

/// Records a reminder; `false` when another server recorded it first.
pub async fn record_reminder(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    version: i32,
    stage: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "INSERT INTO ack_reminders (tenant_id, purchase_order_id, version, stage, sent_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(order)
        .bind(version)
        .bind(stage)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}
