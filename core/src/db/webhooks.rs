//! Webhook endpoints and delivery records. Tenant data.

use crate::db::{Context, Db, Tx, TxInner};
use crate::on_tx;
use portico_domain::{TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// Whether an endpoint's type filter (space-separated names, or `*`) takes an event of `event_type`. `*` takes the
/// current types; an event of a superseded type recorded beside its successor's (`beside_successor`) goes only to
/// endpoints that name its type, while one recorded before the successor existed (no twin of the newer version)
/// still goes to `*` — a replay of older events reaches the endpoints that took them then.
fn subscribes(types: &str, event_type: &str, beside_successor: bool) -> bool {
    let superseded =
        crate::events::EventType::from_name(event_type).is_some_and(|t| !t.is_current());
    let star = !(superseded && beside_successor);
    types
        .split_whitespace()
        .any(|t| t == event_type || (t == "*" && star))
}

/// Whether an endpoint of the tenant names `event_type` in its filter (not by `*`). A disabled one counts: its
/// events are kept so that a replay can deliver them once it is switched on again.
pub async fn named_by_an_endpoint(
    tx: &mut Tx,
    tenant: TenantId,
    event_type: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "SELECT event_types FROM webhook_endpoints WHERE tenant_id = $1 AND kind <> 'edi'";
    on_tx!(tx, conn => {
        let filters: Vec<String> = sqlx::query_scalar(SQL).bind(tenant.0).fetch_all(&mut **conn).await?;
        Ok::<bool, sqlx::Error>(filters.iter().any(|f| f.split_whitespace().any(|t| t == event_type)))
    })
}

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

/// An endpoint to store.
#[derive(Clone, Debug)]
pub struct NewEndpointRow<'a> {
    pub tenant: TenantId,
    pub id: Uuid,
    pub kind: crate::delivery::SinkKind,
    pub url: &'a str,
    /// Space-separated event type names, or `*`.
    pub event_types: &'a str,
    pub description: &'a str,
    pub secret: &'a str,
    /// The language of alert messages (a locale tag).
    pub locale: &'a str,
    pub created_by: UserId,
}

/// Stores an endpoint in the transaction's tenant.
pub async fn insert_endpoint(tx: &mut Tx, e: &NewEndpointRow<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, secret, created_by, \
            created_at, description, kind, locale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(e.id)
        .bind(e.tenant.0)
        .bind(e.url)
        .bind(e.event_types)
        .bind(e.secret)
        .bind(e.created_by.0)
        .bind(OffsetDateTime::now_utc())
        .bind(e.description)
        .bind(e.kind.as_str())
        .bind(e.locale)
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

/// What [`fan_out`] needs to know of a new event.
pub struct FanOut {
    pub tenant: TenantId,
    pub event: Uuid,
    pub event_type: &'static str,
    /// Whether the EDI sink writes this type as a document.
    pub edi: bool,
    /// The supplier the document belongs to, if any.
    pub supplier: Option<portico_domain::SupplierId>,
    /// An endpoint left out (the one whose failure the event reports).
    pub except_endpoint: Option<Uuid>,
}

/// Creates a pending delivery of a new event to every active endpoint of its tenant whose filter names its type (or
/// is `*`), in the event's transaction. An EDI endpoint (`edi:<supplier id>`) gets only the document types the EDI
/// sink writes, and only its own supplier's. Returns how many.
pub async fn fan_out(tx: &mut Tx, f: &FanOut) -> Result<u64, sqlx::Error> {
    const ENDPOINTS: &str = "SELECT id, event_types, kind, url FROM webhook_endpoints \
         WHERE tenant_id = $1 AND disabled_at IS NULL";
    const INSERT: &str =
        "INSERT INTO event_deliveries (id, tenant_id, event_id, endpoint_id, status, attempts, \
            next_attempt_at, created_at) ";
    let now = OffsetDateTime::now_utc();
    let edi_url = f.supplier.map(|s| format!("edi:{}", s.0));
    on_tx!(tx, conn => {
        let endpoints: Vec<(Uuid, String, String, String)> =
            sqlx::query_as(ENDPOINTS).bind(f.tenant.0).fetch_all(&mut **conn).await?;
        let wanted: Vec<Uuid> = endpoints
            .into_iter()
            .filter(|(endpoint, types, kind, url)| {
                let subscribed = if kind == "edi" {
                    f.edi && edi_url.as_deref() == Some(url.as_str())
                } else {
                    // Every superseded type recorded now is recorded beside its successor.
                    subscribes(types, f.event_type, true)
                };
                subscribed && Some(*endpoint) != f.except_endpoint
            })
            .map(|(endpoint, ..)| endpoint)
            .collect();
        // One statement for every endpoint's delivery: this runs inside the action's transaction.
        for chunk in wanted.chunks(1000) {
            let mut insert = sqlx::QueryBuilder::new(INSERT);
            insert.push_values(chunk, |mut row, endpoint| {
                row.push_bind(Uuid::now_v7())
                    .push_bind(f.tenant.0)
                    .push_bind(f.event)
                    .push_bind(*endpoint)
                    .push_bind("pending")
                    .push_bind(0_i32)
                    .push_bind(now)
                    .push_bind(now);
            });
            insert.build().execute(&mut **conn).await?;
        }
        Ok::<u64, sqlx::Error>(wanted.len() as u64)
    })
}

/// Makes (or switches) the EDI endpoint of a supplier's profile: active while the profile is enabled. Called in
/// the transaction that saves the profile.
pub async fn sync_edi_endpoint(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: portico_domain::SupplierId,
    description: &str,
    enabled: bool,
    user: Option<portico_domain::UserId>,
) -> Result<(), sqlx::Error> {
    const FIND: &str =
        "SELECT id FROM webhook_endpoints WHERE tenant_id = $1 AND kind = 'edi' AND url = $2";
    const INSERT: &str =
        "INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, secret, \
            created_by, created_at, kind, disabled_at, disabled_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'edi', $9, $10)";
    const SWITCH: &str =
        "UPDATE webhook_endpoints SET description = $3, disabled_at = $4, disabled_reason = $5 \
         WHERE tenant_id = $1 AND id = $2";
    let url = format!("edi:{}", supplier.0);
    let now = OffsetDateTime::now_utc();
    let (disabled_at, reason) = if enabled {
        (None, None)
    } else {
        (Some(now), Some("admin"))
    };
    let types = crate::events::EDI_TYPES
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(" ");
    on_tx!(tx, conn => {
        let found: Option<Uuid> = sqlx::query_scalar(FIND).bind(tenant.0).bind(&url).fetch_optional(&mut **conn).await?;
        match found {
            Some(id) => {
                sqlx::query(SWITCH)
                    .bind(tenant.0)
                    .bind(id)
                    .bind(description)
                    .bind(disabled_at)
                    .bind(reason)
                    .execute(&mut **conn)
                    .await?;
            }
            None => {
                sqlx::query(INSERT)
                    .bind(Uuid::now_v7())
                    .bind(tenant.0)
                    .bind(&url)
                    .bind(description)
                    .bind(&types)
                    .bind(crate::auth::token::generate().token)
                    .bind(user.map(|u| u.0))
                    .bind(now)
                    .bind(disabled_at)
                    .bind(reason)
                    .execute(&mut **conn)
                    .await?;
            }
        }
        Ok::<(), sqlx::Error>(())
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

/// An endpoint with its delivery figures, for the integration page and `portico webhooks list`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EndpointSummary {
    pub id: Uuid,
    pub kind: String,
    pub url: String,
    pub description: String,
    pub event_types: String,
    pub created_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
    pub disabled_reason: Option<String>,
    pub previous_secret_until: Option<OffsetDateTime>,
    pub pending: i64,
    pub delivered: i64,
    pub dead: i64,
    pub last_attempt_at: Option<OffsetDateTime>,
}

/// The tenant's endpoints with their figures, newest first.
pub async fn endpoint_summaries(
    db: &Db,
    tenant: TenantId,
) -> Result<Vec<EndpointSummary>, sqlx::Error> {
    const SQL: &str =
        "SELECT e.id, e.kind, e.url, e.description, e.event_types, e.created_at, e.disabled_at, \
            e.disabled_reason, e.previous_secret_until, \
            COALESCE(SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
            COALESCE(SUM(CASE WHEN d.status = 'delivered' THEN 1 ELSE 0 END), 0) AS delivered, \
            COALESCE(SUM(CASE WHEN d.status = 'dead' THEN 1 ELSE 0 END), 0) AS dead, \
            MAX(d.last_attempt_at) AS last_attempt_at \
         FROM webhook_endpoints e \
         LEFT JOIN event_deliveries d ON d.tenant_id = e.tenant_id AND d.endpoint_id = e.id \
         WHERE e.tenant_id = $1 \
         GROUP BY e.id, e.kind, e.url, e.description, e.event_types, e.created_at, e.disabled_at, \
            e.disabled_reason, e.previous_secret_until \
         ORDER BY e.created_at DESC, e.id DESC LIMIT 100";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows =
        on_tx!(&mut tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok(rows)
}

/// Makes `secret` the endpoint's signing secret; the old one keeps signing too until `previous_until`. Returns
/// whether the endpoint exists in the tenant.
pub async fn rotate_secret(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    secret: &str,
    previous_until: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE webhook_endpoints SET previous_secret = secret, secret = $3, \
            previous_secret_until = $4 WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(secret)
        .bind(previous_until)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Switches an endpoint off (`Some(reason)`) or on (`None`). Switching on makes the deliveries that waited for it
/// due now. Returns whether anything changed.
pub async fn set_disabled(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    const DISABLE: &str = "UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $4 \
         WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NULL";
    const ENABLE: &str = "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL \
         WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NOT NULL";
    const WAKE: &str = "UPDATE event_deliveries SET next_attempt_at = $3 \
         WHERE tenant_id = $1 AND endpoint_id = $2 AND status = 'pending' AND next_attempt_at < $3";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
        let changed = match reason {
            Some(reason) => sqlx::query(DISABLE).bind(tenant.0).bind(id).bind(now).bind(reason)
                .execute(&mut **conn).await?.rows_affected() == 1,
            None => {
                let changed = sqlx::query(ENABLE).bind(tenant.0).bind(id)
                    .execute(&mut **conn).await?.rows_affected() == 1;
                if changed {
                    sqlx::query(WAKE).bind(tenant.0).bind(id).bind(now).execute(&mut **conn).await?;
                }
                changed
            }
        };
        Ok::<bool, sqlx::Error>(changed)
    })
}

/// Which events a replay covers.
#[derive(Clone, Debug)]
pub enum ReplayRange {
    /// One event.
    Event(Uuid),
    /// Events created in `[from, to)`.
    Created {
        from: OffsetDateTime,
        to: OffsetDateTime,
    },
    /// Every dead-lettered delivery.
    DeadLetters,
}

/// The most events one replay may cover.
pub const REPLAY_LIMIT: i64 = 10_000;

/// Schedules events again: each selected event gets a fresh delivery (attempts from zero, due now) to each active
/// endpoint that subscribes to its type (or only to `endpoint`). An existing delivery of the same event to the same
/// endpoint is reset rather than duplicated, keeping its attempt log. Returns `(events, deliveries)`, or `None` if
/// the range covers more than [`REPLAY_LIMIT`] events.
pub async fn replay(
    tx: &mut Tx,
    tenant: TenantId,
    range: &ReplayRange,
    endpoint: Option<Uuid>,
) -> Result<Option<(u64, u64)>, sqlx::Error> {
    const ENDPOINTS: &str =
        "SELECT id, event_types FROM webhook_endpoints WHERE tenant_id = $1 AND disabled_at IS NULL";
    const BY_ID: &str =
        "SELECT id, event_type, causation_id FROM outbox_events WHERE tenant_id = $1 AND id = $2";
    const BY_TIME: &str =
        "SELECT id, event_type, causation_id FROM outbox_events WHERE tenant_id = $1 \
         AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id LIMIT $4";
    const DEAD: &str = "SELECT DISTINCT o.id, o.event_type, o.causation_id FROM event_deliveries d \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         WHERE d.tenant_id = $1 AND d.status = 'dead' AND ($2 IS NULL OR d.endpoint_id = $2) LIMIT $3";
    const UPSERT: &str =
        "INSERT INTO event_deliveries (id, tenant_id, event_id, endpoint_id, status, attempts, \
            next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) \
         ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', attempts = 0, \
            next_attempt_at = excluded.next_attempt_at, delivered_at = NULL";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
        let mut endpoints: Vec<(Uuid, String)> =
            sqlx::query_as(ENDPOINTS).bind(tenant.0).fetch_all(&mut **conn).await?;
        if let Some(only) = endpoint {
            endpoints.retain(|(id, _)| *id == only);
        }
        let events: Vec<(Uuid, String, Option<String>)> = match range {
            ReplayRange::Event(id) => {
                sqlx::query_as(BY_ID).bind(tenant.0).bind(*id).fetch_all(&mut **conn).await?
            }
            ReplayRange::Created { from, to } => {
                sqlx::query_as(BY_TIME).bind(tenant.0).bind(*from).bind(*to).bind(REPLAY_LIMIT + 1)
                    .fetch_all(&mut **conn).await?
            }
            ReplayRange::DeadLetters => {
                sqlx::query_as(DEAD).bind(tenant.0).bind(endpoint).bind(REPLAY_LIMIT + 1)
                    .fetch_all(&mut **conn).await?
            }
        };
        if events.len() as i64 > REPLAY_LIMIT {
            return Ok(None);
        }
        let mut deliveries = 0u64;
        for (event, event_type, causation) in &events {
            for (endpoint, types) in &endpoints {
                if subscribes(types, event_type, causation.is_some()) {
                    sqlx::query(UPSERT)
                        .bind(Uuid::now_v7())
                        .bind(tenant.0)
                        .bind(*event)
                        .bind(*endpoint)
                        .bind(now)
                        .execute(&mut **conn)
                        .await?;
                    deliveries += 1;
                }
            }
        }
        Ok::<Option<(u64, u64)>, sqlx::Error>(Some((events.len() as u64, deliveries)))
    })
}

/// A line of the delivery log.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub subject: String,
    pub endpoint_id: Uuid,
    pub endpoint_url: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

/// Filters of the delivery log.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    pub endpoint: Option<Uuid>,
    pub status: Option<String>,
    /// Only deliveries created before this one (`created_at`, id): the next page.
    pub before: Option<(OffsetDateTime, Uuid)>,
}

/// The tenant's deliveries, newest first, `limit` per page.
pub async fn log(
    db: &Db,
    tenant: TenantId,
    filter: &LogFilter,
    limit: i64,
) -> Result<Vec<LogRow>, sqlx::Error> {
    const SQL: &str = "SELECT d.id, d.event_id, o.event_type, o.subject, d.endpoint_id, \
            CASE WHEN e.kind = 'edi' THEN 'EDI ' || e.description ELSE e.url END AS endpoint_url, \
            d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.created_at \
         FROM event_deliveries d \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         WHERE d.tenant_id = $1 AND ($2 IS NULL OR d.endpoint_id = $2) AND ($3 IS NULL OR d.status = $3) \
           AND ($4 IS NULL OR d.created_at < $4 OR (d.created_at = $4 AND d.id < $5)) \
         ORDER BY d.created_at DESC, d.id DESC LIMIT $6";
    let (before_at, before_id) = filter.before.unzip();
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = on_tx!(&mut tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(filter.endpoint)
        .bind(filter.status.as_deref())
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows)
}

/// One attempt of a delivery.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttemptRow {
    pub attempt: i32,
    pub started_at: OffsetDateTime,
    pub duration_ms: i32,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
}

/// A delivery with its event's envelope and every attempt, oldest first; `None` if not the tenant's.
pub async fn delivery_detail(
    db: &Db,
    tenant: TenantId,
    id: Uuid,
) -> Result<Option<(LogRow, String, Vec<AttemptRow>)>, sqlx::Error> {
    const ROW: &str = "SELECT d.id, d.event_id, o.event_type, o.subject, d.endpoint_id, \
            CASE WHEN e.kind = 'edi' THEN 'EDI ' || e.description ELSE e.url END AS endpoint_url, \
            d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.created_at, \
            o.envelope \
         FROM event_deliveries d \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         WHERE d.tenant_id = $1 AND d.id = $2";
    const ATTEMPTS: &str =
        "SELECT attempt, started_at, duration_ms, status, error, outcome, detail FROM delivery_attempts \
         WHERE tenant_id = $1 AND delivery_id = $2 ORDER BY started_at, attempt LIMIT 200";
    #[derive(sqlx::FromRow)]
    struct WithEnvelope {
        #[sqlx(flatten)]
        row: LogRow,
        envelope: String,
    }
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let found = on_tx!(&mut tx, conn => {
        let row: Option<WithEnvelope> = sqlx::query_as(ROW).bind(tenant.0).bind(id).fetch_optional(&mut **conn).await?;
        match row {
            Some(r) => {
                let attempts: Vec<AttemptRow> = sqlx::query_as(ATTEMPTS).bind(tenant.0).bind(id)
                    .fetch_all(&mut **conn).await?;
                Ok::<_, sqlx::Error>(Some((r.row, r.envelope, attempts)))
            }
            None => Ok(None),
        }
    })?;
    tx.commit().await?;
    Ok(found)
}

/// The ids of the tenant's endpoints, inside a transaction.
pub async fn endpoints_in_tx(tx: &mut Tx, tenant: TenantId) -> Result<Vec<Uuid>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM webhook_endpoints WHERE tenant_id = $1";
    let rows: Vec<(Uuid,)> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Delivery figures of one hour: attempts by outcome, and the average time from an event's creation to its
/// delivery.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HourRow {
    /// `YYYY-MM-DD HH` (UTC).
    pub hour: String,
    pub delivered: i64,
    pub failed: i64,
    pub lag_seconds: Option<f64>,
}

/// The tenant's delivery attempts since `since`, per hour.
pub async fn hourly(
    db: &Db,
    tenant: TenantId,
    since: OffsetDateTime,
    kinds: &[crate::delivery::SinkKind],
) -> Result<Vec<HourRow>, sqlx::Error> {
    const PG: &str = "SELECT to_char(a.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, \
            COUNT(*) FILTER (WHERE a.outcome = 'delivered') AS delivered, \
            COUNT(*) FILTER (WHERE a.outcome <> 'delivered') AS failed, \
            (AVG(EXTRACT(EPOCH FROM (a.started_at - o.created_at))) FILTER (WHERE a.outcome = 'delivered'))::float8 \
                AS lag_seconds \
         FROM delivery_attempts a \
         JOIN event_deliveries d ON d.id = a.delivery_id \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         WHERE a.tenant_id = $1 AND a.started_at >= $2 AND e.kind IN (KINDS) GROUP BY 1 ORDER BY 1";
    const SQLITE: &str = "SELECT replace(substr(a.started_at, 1, 13), 'T', ' ') AS hour, \
            SUM(CASE WHEN a.outcome = 'delivered' THEN 1 ELSE 0 END) AS delivered, \
            SUM(CASE WHEN a.outcome <> 'delivered' THEN 1 ELSE 0 END) AS failed, \
            AVG(CASE WHEN a.outcome = 'delivered' \
                THEN (julianday(a.started_at) - julianday(o.created_at)) * 86400.0 END) AS lag_seconds \
         FROM delivery_attempts a \
         JOIN event_deliveries d ON d.id = a.delivery_id \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         WHERE a.tenant_id = $1 AND a.started_at >= $2 AND e.kind IN (KINDS) GROUP BY 1 ORDER BY 1";
    // Kind names come from the enum, never from input.
    let names: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect();
    let names = if names.is_empty() {
        "''".to_owned()
    } else {
        names.join(", ")
    };
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows = match &mut tx.inner {
        TxInner::Sqlite(conn) => {
            sqlx::query_as(&SQLITE.replace("KINDS", &names))
                .bind(tenant.0)
                .bind(since)
                .fetch_all(&mut **conn)
                .await?
        }
        TxInner::Postgres(conn) => {
            sqlx::query_as(&PG.replace("KINDS", &names))
                .bind(tenant.0)
                .bind(since)
                .fetch_all(&mut **conn)
                .await?
        }
    };
    tx.commit().await?;
    Ok(rows)
}
