//! The relay's queries: which tenants have due deliveries, claiming them, and recording what an attempt achieved.
//! They run in [`Context::relay`] transactions (on PostgreSQL the `portico_relay` role: the delivery tables of every
//! tenant, nothing else).

use crate::db::{Context, Db};
use crate::on_tx;
use portico_domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

/// A delivery this relay has claimed until its lease runs out, with what sending it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub event_id: Uuid,
    pub endpoint_id: Uuid,
    /// Attempts made before this one.
    pub attempts: i32,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<OffsetDateTime>,
    /// The envelope exactly as stored (the body that is signed and sent).
    pub envelope: String,
    pub correlation_id: Option<String>,
    pub event_created_at: OffsetDateTime,
}

/// Tenants with at least one delivery due by `now` to an active endpoint, oldest due first.
pub async fn due_tenants(
    db: &Db,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<TenantId>, sqlx::Error> {
    const SQL: &str = "SELECT d.tenant_id FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.disabled_at IS NULL \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 \
         GROUP BY d.tenant_id ORDER BY MIN(d.next_attempt_at) LIMIT $2";
    let mut tx = db.read(&Context::relay()).await?;
    let rows: Vec<(Uuid,)> = on_tx!(&mut tx, conn => sqlx::query_as(SQL)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|(t,)| TenantId(t)).collect())
}

/// Claims up to `limit` of a tenant's due deliveries by moving their next attempt to `lease_until`: another relay
/// skips them until then (if this one dies mid-attempt, the delivery becomes due again when the lease ends). On
/// PostgreSQL the rows are chosen `FOR UPDATE SKIP LOCKED`, so relays running at once never claim the same row;
/// SQLite has one writer at a time, which serialises claims by itself.
pub async fn claim(
    db: &Db,
    tenant: TenantId,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const PICK: &str = "SELECT d.id FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.disabled_at IS NULL \
         WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 \
         ORDER BY d.next_attempt_at, d.id LIMIT $3";
    const LEASE: &str =
        "UPDATE event_deliveries SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'";
    const LOAD: &str = "SELECT d.id, d.tenant_id, d.event_id, d.endpoint_id, d.attempts, e.url, e.secret, \
            e.previous_secret, e.previous_secret_until, o.envelope, o.correlation_id, o.created_at AS event_created_at \
         FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         WHERE d.id = $1";
    let mut tx = db.write(&Context::relay()).await?;
    let ids: Vec<(Uuid,)> = match &mut tx {
        crate::db::Tx::Sqlite(conn) => {
            sqlx::query_as(PICK)
                .bind(tenant.0)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut **conn)
                .await?
        }
        crate::db::Tx::Postgres(conn) => {
            sqlx::query_as(&format!("{PICK} FOR UPDATE OF d SKIP LOCKED"))
                .bind(tenant.0)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut **conn)
                .await?
        }
    };
    let mut claimed = Vec::with_capacity(ids.len());
    for (id,) in ids {
        let row: Claimed = on_tx!(&mut tx, conn => {
            sqlx::query(LEASE).bind(id).bind(lease_until).execute(&mut **conn).await?;
            sqlx::query_as(LOAD).bind(id).fetch_one(&mut **conn).await
        })?;
        claimed.push(row);
    }
    tx.commit().await?;
    Ok(claimed)
}

/// What became of one attempt.
#[derive(Clone, Debug)]
pub struct AttemptResult<'a> {
    pub started_at: OffsetDateTime,
    pub duration_ms: i32,
    pub status: Option<i32>,
    pub error: Option<&'a str>,
    /// `delivered`, `retry`, `gone` or `dead`.
    pub outcome: &'a str,
    /// The delivery's status afterwards: `pending` (retry later, or parked behind a disabled endpoint),
    /// `delivered` or `dead`.
    pub delivery_status: &'a str,
    pub next_attempt_at: Option<OffsetDateTime>,
    /// Disable the endpoint with this reason (the receiver answered 410 Gone).
    pub disable_endpoint: Option<&'a str>,
}

/// Records an attempt of a claimed delivery: the attempt log row, the delivery's new state and, after a 410, the
/// endpoint disabled. Returns `false` (and changes nothing) when the claim was lost meanwhile: another relay took
/// the delivery over after this one's lease ran out and has already recorded it.
pub async fn record_attempt(
    db: &Db,
    claimed: &Claimed,
    result: &AttemptResult<'_>,
) -> Result<bool, sqlx::Error> {
    const UPDATE: &str =
        "UPDATE event_deliveries SET status = $3, attempts = attempts + 1, next_attempt_at = $4, \
            last_status = $5, last_error = $6, last_attempt_at = $7, \
            delivered_at = CASE WHEN $3 = 'delivered' THEN $7 ELSE delivered_at END \
         WHERE id = $1 AND attempts = $2 AND status = 'pending'";
    const ATTEMPT: &str =
        "INSERT INTO delivery_attempts (id, tenant_id, delivery_id, attempt, started_at, \
            duration_ms, status, error, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    const DISABLE: &str = "UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $4 \
         WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NULL";
    let now = OffsetDateTime::now_utc();
    let mut tx = db.write(&Context::relay()).await?;
    let recorded = on_tx!(&mut tx, conn => {
        let updated = sqlx::query(UPDATE)
            .bind(claimed.id)
            .bind(claimed.attempts)
            .bind(result.delivery_status)
            .bind(result.next_attempt_at)
            .bind(result.status)
            .bind(result.error)
            .bind(now)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        if updated == 1 {
            sqlx::query(ATTEMPT)
                .bind(Uuid::now_v7())
                .bind(claimed.tenant_id)
                .bind(claimed.id)
                .bind(claimed.attempts + 1)
                .bind(result.started_at)
                .bind(result.duration_ms)
                .bind(result.status)
                .bind(result.error)
                .bind(result.outcome)
                .execute(&mut **conn)
                .await?;
            if let Some(reason) = result.disable_endpoint {
                sqlx::query(DISABLE)
                    .bind(claimed.tenant_id)
                    .bind(claimed.endpoint_id)
                    .bind(now)
                    .bind(reason)
                    .execute(&mut **conn)
                    .await?;
            }
        }
        Ok::<bool, sqlx::Error>(updated == 1)
    })?;
    tx.commit().await?;
    Ok(recorded)
}

/// A tenant's id by its slug (operators name tenants by slug on the command line).
pub async fn tenant_by_slug(db: &Db, slug: &str) -> Result<Option<TenantId>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM tenants WHERE slug = $1";
    let mut tx = db.read(&Context::relay()).await?;
    let id: Option<Uuid> = on_tx!(&mut tx, conn => sqlx::query_scalar(SQL).bind(slug).fetch_optional(&mut **conn).await)?;
    tx.commit().await?;
    Ok(id.map(TenantId))
}
