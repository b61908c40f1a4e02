//! Webhook endpoints and delivery records. Tenant data.

use crate::db::{Context, Db, Tx};
use crate::on_tx;
use portico_domain::{TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// An endpoint as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: Uuid,
    pub url: String,
    pub event_types: String,
    pub created_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
    pub disabled_reason: Option<String>,
}

/// Stores an endpoint in the transaction's tenant.
pub async fn insert_endpoint(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    url: &str,
    event_types: &str,
    secret: &str,
    created_by: UserId,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, secret, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(tenant.0)
        .bind(url)
        .bind(event_types)
        .bind(secret)
        .bind(created_by.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The tenant's endpoints, newest first (secrets are never read back for display).
pub async fn endpoints(db: &Db, tenant: TenantId) -> Result<Vec<EndpointRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, url, event_types, created_at, disabled_at, disabled_reason \
         FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows =
        on_tx!(&mut tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok(rows)
}

/// Creates a pending delivery of a new event to every active endpoint of its tenant whose filter names its type (or
/// is `*`), in the event's transaction. Returns how many.
pub async fn fan_out(
    tx: &mut Tx,
    tenant: TenantId,
    event: Uuid,
    event_type: &str,
) -> Result<u64, sqlx::Error> {
    const ENDPOINTS: &str = "SELECT id, event_types FROM webhook_endpoints WHERE tenant_id = $1 AND disabled_at IS NULL";
    const INSERT: &str =
        "INSERT INTO event_deliveries (id, tenant_id, event_id, endpoint_id, status, attempts, \
            next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
        let endpoints: Vec<(Uuid, String)> = sqlx::query_as(ENDPOINTS).bind(tenant.0).fetch_all(&mut **conn).await?;
        let mut n = 0u64;
        for (endpoint, types) in endpoints {
            if types.split_whitespace().any(|t| t == "*" || t == event_type) {
                sqlx::query(INSERT)
                    .bind(Uuid::now_v7())
                    .bind(tenant.0)
                    .bind(event)
                    .bind(endpoint)
                    .bind(now)
                    .execute(&mut **conn)
                    .await?;
                n += 1;
            }
        }
        Ok::<u64, sqlx::Error>(n)
    })
}

/// A delivery as the delivery log shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub endpoint_id: Uuid,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<OffsetDateTime>,
}

/// The tenant's deliveries, newest first.
pub async fn deliveries(
    db: &Db,
    tenant: TenantId,
    limit: i64,
) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, event_id, endpoint_id, status, attempts, next_attempt_at FROM event_deliveries \
         WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = on_tx!(&mut tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(limit).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok(rows)
}
