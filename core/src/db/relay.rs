//! The relay's queries: which tenants have due deliveries, claiming them, and recording what an attempt achieved.
//! They run in [`Context::relay`] transactions (on PostgreSQL the `portico_relay` role: the delivery tables of every
//! tenant, nothing else).

use crate::db::{Context, Db, Tx};
use crate::delivery::SinkKind;
use crate::events::NewEvent;
use crate::mail::OutgoingMail;
use crate::on_tx;
use crate::CoreError;
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
    /// The endpoint's [`SinkKind`] as stored.
    pub kind: String,
    pub description: String,
    /// The language of alert messages.
    pub locale: String,
    pub tenant_slug: String,
    pub tenant_name: String,
    pub event_type: String,
    pub subject: String,
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

/// `e.kind IN (…)` for the sinks a relay serves (names from [`SinkKind::as_str`], never from input).
fn kinds_clause(kinds: &[SinkKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect();
    if names.is_empty() {
        "FALSE".to_owned()
    } else {
        format!("e.kind IN ({})", names.join(", "))
    }
}

/// Tenants with at least one delivery due by `now` to an active endpoint of one of `kinds`, oldest due first.
pub async fn due_tenants(
    db: &Db,
    kinds: &[SinkKind],
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<TenantId>, sqlx::Error> {
    let sql = format!(
        "SELECT d.tenant_id FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.disabled_at IS NULL \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND {} \
         GROUP BY d.tenant_id ORDER BY MIN(d.next_attempt_at) LIMIT $2",
        kinds_clause(kinds)
    );
    let mut tx = db.read(&Context::relay()).await?;
    let rows: Vec<(Uuid,)> = on_tx!(&mut tx, conn => sqlx::query_as(&sql)
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
    kinds: &[SinkKind],
    tenant: TenantId,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let pick = format!(
        "SELECT d.id FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.disabled_at IS NULL \
         WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 AND {} \
         ORDER BY d.next_attempt_at, d.id LIMIT $3",
        kinds_clause(kinds)
    );
    claim_with(db, &pick, tenant.0, now, lease_until, limit, None).await
}

/// Claims, with the alert delivery `of` that is being sent, up to `limit` other due deliveries to the same endpoint:
/// an alert sink sends them as one message (a digest) instead of one message each.
pub async fn claim_siblings(
    db: &Db,
    of: &Claimed,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const PICK: &str = "SELECT d.id FROM event_deliveries d \
         WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 \
            AND d.endpoint_id = $4 AND d.id <> $5 \
         ORDER BY d.next_attempt_at, d.id LIMIT $3";
    claim_with(
        db,
        PICK,
        of.tenant_id,
        now,
        lease_until,
        limit,
        Some((of.endpoint_id, of.id)),
    )
    .await
}

async fn claim_with(
    db: &Db,
    pick: &str,
    tenant: Uuid,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: i64,
    siblings_of: Option<(Uuid, Uuid)>,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const LEASE: &str = "UPDATE event_deliveries SET next_attempt_at = ";
    const LOAD: &str = "SELECT d.id, d.tenant_id, d.event_id, d.endpoint_id, e.kind, e.description, e.locale, \
            t.slug AS tenant_slug, t.name AS tenant_name, o.event_type, o.subject, d.attempts, e.url, e.secret, \
            e.previous_secret, e.previous_secret_until, o.envelope, o.correlation_id, o.created_at AS event_created_at \
         FROM event_deliveries d \
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id \
         JOIN outbox_events o ON o.tenant_id = d.tenant_id AND o.id = d.event_id \
         JOIN tenants t ON t.id = d.tenant_id \
         WHERE d.id IN (";
    let mut tx = db.write(&Context::relay()).await?;
    let ids: Vec<Uuid> = match &mut tx.inner {
        crate::db::TxInner::Sqlite(conn) => {
            let mut q = sqlx::query_scalar(pick).bind(tenant).bind(now).bind(limit);
            if let Some((endpoint, except)) = siblings_of {
                q = q.bind(endpoint).bind(except);
            }
            q.fetch_all(&mut **conn).await?
        }
        crate::db::TxInner::Postgres(conn) => {
            let sql = format!("{pick} FOR UPDATE OF d SKIP LOCKED");
            let mut q = sqlx::query_scalar(&sql).bind(tenant).bind(now).bind(limit);
            if let Some((endpoint, except)) = siblings_of {
                q = q.bind(endpoint).bind(except);
            }
            q.fetch_all(&mut **conn).await?
        }
    };
    if ids.is_empty() {
        tx.commit().await?;
        return Ok(Vec::new());
    }
    // The lease and the load take every picked delivery at once (three statements per claim, whatever the count):
    // the relay's writes share SQLite's one write lock with the portal's actions.
    let mut rows: Vec<Claimed> = on_tx!(&mut tx, conn => {
        let mut lease = sqlx::QueryBuilder::new(LEASE);
        lease.push_bind(lease_until).push(" WHERE status = 'pending' AND id IN (");
        push_ids(&mut lease, &ids);
        lease.push(")").build().execute(&mut **conn).await?;
        let mut load = sqlx::QueryBuilder::new(LOAD);
        push_ids(&mut load, &ids);
        load.push(")").build_query_as::<Claimed>().fetch_all(&mut **conn).await
    })?;
    tx.commit().await?;
    if rows.len() != ids.len() {
        tracing::warn!(
            picked = ids.len(),
            loaded = rows.len(),
            "claimed deliveries not all loaded"
        );
    }
    // In the order they were picked (due first).
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows)
}

/// Binds `ids` as a comma-separated list (the inside of an `IN (…)`).
fn push_ids<'args, DB: sqlx::Database>(query: &mut sqlx::QueryBuilder<'args, DB>, ids: &[Uuid])
where
    Uuid: sqlx::Encode<'args, DB> + sqlx::Type<DB>,
{
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
}

/// What became of one attempt.
#[derive(Clone, Debug)]
pub struct AttemptResult<'a> {
    pub started_at: OffsetDateTime,
    pub duration_ms: i32,
    pub status: Option<i32>,
    pub error: Option<&'a str>,
    /// What the sink did (the EDI sink: document, control number, file).
    pub detail: Option<&'a str>,
    /// `delivered`, `retry`, `gone` or `dead`.
    pub outcome: &'a str,
    /// The delivery's status afterwards: `pending` (retry later, or parked behind a disabled endpoint),
    /// `delivered` or `dead`.
    pub delivery_status: &'a str,
    pub next_attempt_at: Option<OffsetDateTime>,
    /// Disable the endpoint with this reason (the receiver answered 410 Gone).
    pub disable_endpoint: Option<&'a str>,
}

/// What else an attempt writes with its record, in the same transaction.
#[derive(Default)]
pub struct Effects<'a> {
    /// Events to record (a `delivery.failed` for a dead letter or a gone endpoint), fanned out to every subscribed
    /// endpoint except the one that failed.
    pub events: Vec<NewEvent>,
    /// Alert mail to queue.
    pub mail: &'a [OutgoingMail],
    /// Exceptions to open for the buyer (a delivery to the ERP that failed for good), per tenant.
    pub exceptions: Vec<(TenantId, crate::exceptions::Opening, Option<String>)>,
}

/// Records an attempt of a claimed delivery: the attempt log row, the delivery's new state and, after a 410, the
/// endpoint disabled. Returns `false` (and changes nothing) when the claim was lost meanwhile: another relay took
/// the delivery over after this one's lease ran out and has already recorded it.
pub async fn record_attempt(
    db: &Db,
    claimed: &Claimed,
    result: &AttemptResult<'_>,
) -> Result<bool, CoreError> {
    record_attempts(db, &[(claimed, result)], Effects::default()).await
}

/// Records the attempts of several claimed deliveries sent as one message (an alert digest), with their effects, in
/// one transaction. Returns `false` when the first delivery's claim was lost (then nothing is written); a sibling
/// whose claim was lost is skipped.
pub async fn record_attempts(
    db: &Db,
    attempts: &[(&Claimed, &AttemptResult<'_>)],
    effects: Effects<'_>,
) -> Result<bool, CoreError> {
    let mut tx = db.write(&Context::relay()).await?;
    for (i, (claimed, result)) in attempts.iter().enumerate() {
        let recorded = record_in(&mut tx, claimed, result).await?;
        if !recorded && i == 0 {
            drop(tx); // rolled back
            return Ok(false);
        }
    }
    if let Some((first, _)) = attempts.first() {
        for event in &effects.events {
            crate::events::record_except(&mut tx, event, Some(first.endpoint_id)).await?;
        }
        let now = OffsetDateTime::now_utc();
        for (tenant, opening, correlation) in effects.exceptions {
            crate::exceptions::open_except(
                &mut tx,
                tenant,
                opening,
                now,
                correlation,
                Some(first.endpoint_id),
            )
            .await?;
        }
    }
    for mail in effects.mail {
        crate::db::mail::enqueue(&mut tx, mail).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Records the attempts of several deliveries, each on its own terms, in one write transaction: the relay's group
/// commit (attempts that finished while another group was being written wait for the next one together, so a
/// busy relay takes the database's write lock once per group instead of once per delivery). Returns, for each,
/// whether it was recorded (`false`: its claim was lost, nothing written for it).
pub async fn record_each(
    db: &Db,
    attempts: &[(&Claimed, &AttemptResult<'_>)],
) -> Result<Vec<bool>, sqlx::Error> {
    let mut tx = db.write(&Context::relay()).await?;
    let mut recorded = Vec::with_capacity(attempts.len());
    for (claimed, result) in attempts {
        recorded.push(record_in(&mut tx, claimed, result).await?);
    }
    tx.commit().await?;
    Ok(recorded)
}

async fn record_in(
    tx: &mut Tx,
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
            duration_ms, status, error, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    const DISABLE: &str = "UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $4 \
         WHERE tenant_id = $1 AND id = $2 AND disabled_at IS NULL";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
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
                .bind(result.detail)
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
    })
}

/// Puts a claimed delivery back without an attempt, due at `until` (an alert endpoint has used up its window).
pub async fn defer(db: &Db, claimed: &Claimed, until: OffsetDateTime) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE event_deliveries SET next_attempt_at = $3 \
         WHERE id = $1 AND attempts = $2 AND status = 'pending'";
    let mut tx = db.write(&Context::relay()).await?;
    on_tx!(&mut tx, conn => sqlx::query(SQL)
        .bind(claimed.id)
        .bind(claimed.attempts)
        .bind(until)
        .execute(&mut **conn)
        .await
        .map(|_| ()))?;
    tx.commit().await
}

/// Takes one message from an alert endpoint's window: `Ok(())` when it may send now, `Err(until)` when the window
/// is used up and the next one opens at `until`. A window opens with the first message after the last one closed.
pub async fn take_alert_slot(
    db: &Db,
    tenant: Uuid,
    endpoint: Uuid,
    now: OffsetDateTime,
    limit: crate::delivery::AlertLimit,
) -> Result<Result<(), OffsetDateTime>, sqlx::Error> {
    const TAKE: &str = "UPDATE webhook_endpoints SET \
            alert_window_count = CASE WHEN alert_window_start IS NULL OR alert_window_start <= $3 \
                THEN 1 ELSE alert_window_count + 1 END, \
            alert_window_start = CASE WHEN alert_window_start IS NULL OR alert_window_start <= $3 \
                THEN $4 ELSE alert_window_start END \
         WHERE tenant_id = $1 AND id = $2 \
            AND (alert_window_start IS NULL OR alert_window_start <= $3 OR alert_window_count < $5)";
    const START: &str =
        "SELECT alert_window_start FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2";
    let closed_before = now - limit.window;
    let mut tx = db.write(&Context::relay()).await?;
    let taken = on_tx!(&mut tx, conn => {
        let n = sqlx::query(TAKE)
            .bind(tenant)
            .bind(endpoint)
            .bind(closed_before)
            .bind(now)
            .bind(limit.per_window)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        if n == 1 {
            Ok::<_, sqlx::Error>(Ok(()))
        } else {
            let start: Option<OffsetDateTime> = sqlx::query_scalar(START)
                .bind(tenant)
                .bind(endpoint)
                .fetch_one(&mut **conn)
                .await?;
            Ok(Err(start.unwrap_or(now) + limit.window))
        }
    })?;
    tx.commit().await?;
    Ok(taken)
}

/// Gives every tenant that has none a NATS stream endpoint (all event types), so each event of every tenant is
/// published once NATS is configured. Returns how many were created.
pub async fn ensure_stream_endpoints(db: &Db) -> Result<u64, sqlx::Error> {
    const MISSING: &str = "SELECT t.id, t.slug FROM tenants t WHERE NOT EXISTS \
         (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = t.id AND e.kind = 'nats')";
    const INSERT: &str =
        "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, secret, created_at, description, kind) \
         VALUES ($1, $2, $3, '*', $4, $5, 'NATS JetStream', 'nats') ON CONFLICT DO NOTHING";
    let mut tx = db.write(&Context::relay()).await?;
    let created = on_tx!(&mut tx, conn => {
        let missing: Vec<(Uuid, String)> = sqlx::query_as(MISSING).fetch_all(&mut **conn).await?;
        let mut n = 0u64;
        for (tenant, slug) in missing {
            n += sqlx::query(INSERT)
                .bind(Uuid::now_v7())
                .bind(tenant)
                .bind(format!("nats:portico.{slug}"))
                .bind(crate::webhooks::SigningKey::generate().1)
                .bind(OffsetDateTime::now_utc())
                .execute(&mut **conn)
                .await?
                .rows_affected();
        }
        Ok::<u64, sqlx::Error>(n)
    })?;
    tx.commit().await?;
    Ok(created)
}

/// What [`prune`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub deliveries: u64,
    pub attempts: u64,
    pub idempotency_keys: u64,
}

/// Removes delivered deliveries (and their attempts) delivered before `delivered_before`, and stored API answers
/// older than `answers_before`, at most `batch` deliveries per call (call again while it removes any). Events stay:
/// they are the history (replay, scorecards); dead and pending deliveries stay until replayed or delivered.
pub async fn prune(
    db: &Db,
    delivered_before: OffsetDateTime,
    answers_before: OffsetDateTime,
    batch: i64,
) -> Result<Pruned, sqlx::Error> {
    const PICK: &str =
        "SELECT id FROM event_deliveries WHERE status = 'delivered' AND delivered_at < $1 \
         ORDER BY delivered_at LIMIT $2";
    const ATTEMPTS: &str = "DELETE FROM delivery_attempts WHERE delivery_id = $1";
    const DELIVERY: &str = "DELETE FROM event_deliveries WHERE id = $1 AND status = 'delivered'";
    const ANSWERS: &str = "DELETE FROM idempotency_keys WHERE created_at < $1";
    let mut tx = db.write(&Context::relay()).await?;
    let pruned = on_tx!(&mut tx, conn => {
        let ids: Vec<(Uuid,)> = sqlx::query_as(PICK)
            .bind(delivered_before)
            .bind(batch)
            .fetch_all(&mut **conn)
            .await?;
        let mut pruned = Pruned::default();
        for (id,) in ids {
            pruned.attempts += sqlx::query(ATTEMPTS).bind(id).execute(&mut **conn).await?.rows_affected();
            pruned.deliveries += sqlx::query(DELIVERY).bind(id).execute(&mut **conn).await?.rows_affected();
        }
        pruned.idempotency_keys = sqlx::query(ANSWERS)
            .bind(answers_before)
            .execute(&mut **conn)
            .await?
            .rows_affected();
        Ok::<Pruned, sqlx::Error>(pruned)
    })?;
    tx.commit().await?;
    Ok(pruned)
}

/// A tenant's id by its slug (operators name tenants by slug on the command line).
pub async fn tenant_by_slug(db: &Db, slug: &str) -> Result<Option<TenantId>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM tenants WHERE slug = $1";
    let mut tx = db.read(&Context::relay()).await?;
    let id: Option<Uuid> = on_tx!(&mut tx, conn => sqlx::query_scalar(SQL).bind(slug).fetch_optional(&mut **conn).await)?;
    tx.commit().await?;
    Ok(id.map(TenantId))
}
