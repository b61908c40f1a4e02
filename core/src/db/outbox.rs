//! The transactional outbox: events written in the transaction of the change they report. Tenant data.

use crate::db::{Context, Db, Tx};
use crate::on_tx;
use portico_domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

/// An outbox row to insert.
#[derive(Clone, Debug)]
pub struct NewOutboxRow<'a> {
    pub id: Uuid,
    pub tenant: TenantId,
    pub event_type: &'a str,
    pub subject: &'a str,
    pub partition_key: &'a str,
    pub correlation_id: Option<&'a str>,
    pub causation_id: Option<&'a str>,
    /// The envelope exactly as it will be delivered.
    pub envelope: &'a str,
}

/// Inserts an event in the caller's transaction.
pub async fn insert(tx: &mut Tx, row: &NewOutboxRow<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO outbox_events (id, tenant_id, event_type, subject, partition_key, \
            correlation_id, causation_id, envelope, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    tx.note_events();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(row.id)
        .bind(row.tenant.0)
        .bind(row.event_type)
        .bind(row.subject)
        .bind(row.partition_key)
        .bind(row.correlation_id)
        .bind(row.causation_id)
        .bind(row.envelope)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// A stored event.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: Uuid,
    pub event_type: String,
    pub subject: String,
    pub envelope: String,
    pub created_at: OffsetDateTime,
}

/// The tenant's most recent events, newest first.
pub async fn recent(db: &Db, tenant: TenantId, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, event_type, subject, envelope, created_at FROM outbox_events \
         WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = on_tx!(&mut tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows)
}

/// The tenant's events created in `[from, to)`, oldest first.
pub async fn between(
    db: &Db,
    tenant: TenantId,
    from: OffsetDateTime,
    to: OffsetDateTime,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, event_type, subject, envelope, created_at FROM outbox_events \
         WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id LIMIT $4";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = on_tx!(&mut tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows)
}
