//! The relay: takes due deliveries from the outbox's delivery records and hands each to its sink, applying the
//! delivery rules of [`crate::delivery`]. See docs/EVENTS.md.
//!
//! - **Claiming, not cursors.** A pass asks which tenants have deliveries due, then claims up to a few of each
//!   tenant's due deliveries by moving their next attempt to the end of a lease ([`crate::db::relay::claim`]; on
//!   PostgreSQL `FOR UPDATE SKIP LOCKED`, so several relays share the work). Nothing is ever read "after the last id
//!   seen", so a transaction that commits late is never skipped. A relay killed mid-attempt loses nothing: the lease
//!   runs out and the delivery is tried again (the receiver de-duplicates by `webhook-id`).
//! - **Fairness.** Each tenant has at most [`RelaySettings::per_tenant`] attempts in flight and the relay at most
//!   [`RelaySettings::max_in_flight`]; attempts run as their own tasks with a timeout, and a pass never waits for
//!   them, so one tenant's slow or failing endpoint holds only its own slots.
//! - **Outcomes.** 2xx delivered; 410 disables the endpoint (its deliveries wait, nothing is dropped); anything else
//!   is retried on the Standard Webhooks schedule with jitter, `Retry-After` as a floor, and dead-lettered after the
//!   last attempt. Every attempt is logged in `delivery_attempts`.

pub mod sinks;

use crate::db::relay::{AttemptResult, Claimed, Effects};
use crate::db::{self, Db};
use crate::delivery::{self, AlertLimit, Outcome, SinkKind};
use crate::events::{DeliveryFailed, EventType, FailedEndpoint, FailedEventRef};
use crate::mail::OutgoingMail;
use crate::CoreError;
use portico_i18n::Locale;
use sinks::alert;
use sinks::erp_webhook::{self, Answer, Keys, Transport};
use sinks::nats::NatsSink;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};
use uuid::Uuid;

/// How often a running relay with NATS configured gives new tenants their stream endpoint.
const STREAM_CHECK: Duration = Duration::from_secs(60);

/// How often a running relay prunes old delivery records.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Counts commits of this process that appended events; every relay of the process watches it.
static COMMITTED: std::sync::LazyLock<watch::Sender<u64>> =
    std::sync::LazyLock::new(|| watch::channel(0).0);

/// Tells this process's relays that events were committed, so they deliver them now rather than at their next
/// poll (called by [`crate::db::Tx::commit`]).
pub(crate) fn wake() {
    COMMITTED.send_modify(|n| *n = n.wrapping_add(1));
}

/// How the relay paces itself.
#[derive(Clone, Debug)]
pub struct RelaySettings {
    /// Attempts in flight per tenant.
    pub per_tenant: usize,
    /// Attempts in flight in this relay.
    pub max_in_flight: usize,
    /// How long to wait between passes when nothing was due.
    pub poll: Duration,
    /// How long a claim lasts: longer than an attempt can take (the sink's timeout), so a live relay never loses its
    /// claim, and short enough that a dead relay's claims come back soon.
    pub lease: Duration,
    /// Tenants looked at per pass.
    pub tenants_per_pass: i64,
    /// Delivered deliveries and their attempts are pruned after this long (events and dead letters stay).
    pub retention: Duration,
    /// Stored API answers (idempotency records) are pruned after this long.
    pub answers_retention: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            per_tenant: 4,
            max_in_flight: 64,
            poll: Duration::from_millis(500),
            lease: Duration::from_secs(60),
            tenants_per_pass: 1000,
            retention: Duration::from_secs(30 * 24 * 3600),
            answers_retention: Duration::from_secs(24 * 3600),
        }
    }
}

/// What a relay delivers with: the HTTP transport (ERP and alert webhooks), NATS when configured, where alert links
/// point, and the alert rate limit. A relay claims only deliveries of the sinks it has.
#[derive(Clone)]
pub struct Sinks {
    pub http: Arc<dyn Transport>,
    pub nats: Option<Arc<NatsSink>>,
    /// The portal's public URL, for links in alerts.
    pub public_url: String,
    pub alert_limit: AlertLimit,
    /// The root of EDI file transport: with it, the relay writes EDI endpoints' documents into
    /// `<edi_dir>/<slug>/outbound/…`; without it, it leaves their deliveries to a relay that has one.
    pub edi_dir: Option<std::path::PathBuf>,
}

impl Sinks {
    /// HTTP sinks and e-mail alerts; no NATS.
    pub fn new(http: Arc<dyn Transport>, public_url: impl Into<String>) -> Self {
        Self {
            http,
            nats: None,
            public_url: public_url.into(),
            alert_limit: AlertLimit::default(),
            edi_dir: None,
        }
    }

    /// The kinds of endpoint this relay serves.
    pub fn kinds(&self) -> Vec<SinkKind> {
        SinkKind::ALL
            .into_iter()
            .filter(|k| *k != SinkKind::Nats || self.nats.is_some())
            .filter(|k| *k != SinkKind::Edi || self.edi_dir.is_some())
            .collect()
    }
}

/// A running relay's state. Cheap to clone; clones share it.
#[derive(Clone)]
pub struct Relay {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    sinks: Sinks,
    kinds: Vec<SinkKind>,
    settings: RelaySettings,
    busy: Mutex<HashMap<Uuid, usize>>,
    in_flight: AtomicUsize,
    finished: Notify,
    recorder: Recorder,
}

/// An attempt to record, owned (it may be written by another attempt's task, in its group).
struct Finished {
    claimed: Claimed,
    started_at: OffsetDateTime,
    duration_ms: i32,
    status: Option<i32>,
    error: Option<String>,
    detail: Option<String>,
    plan: Plan,
}

/// A finished attempt waiting for its group, with where to send whether it was recorded.
type Queued = (Finished, tokio::sync::oneshot::Sender<Result<bool, String>>);

/// The relay's group commit for attempts without side effects (delivered, or to retry): each finished attempt joins
/// the queue; whoever then holds the writer writes everything queued in one transaction and answers each attempt.
/// Under load the attempts that finish while one group is written form the next group; alone, an attempt is its own
/// group at once (no waiting for company).
#[derive(Default)]
struct Recorder {
    queue: Mutex<Vec<Queued>>,
    writer: tokio::sync::Mutex<()>,
}

/// The most attempts one group writes (the rest wait for the next).
const GROUP_MAX: usize = 256;

impl Recorder {
    async fn record(&self, db: &Db, finished: Finished) -> Result<bool, String> {
        const DROPPED: &str = "the attempt's group was not written";
        let (answer, mut answered) = tokio::sync::oneshot::channel();
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((finished, answer));
        loop {
            let writer = self.writer.lock().await;
            // A group written by another task while this one waited for the writer may have held this attempt
            // (answers are sent before the writer is let go).
            match answered.try_recv() {
                Ok(result) => return result,
                Err(tokio::sync::oneshot::error::TryRecvError::Closed) => {
                    return Err(DROPPED.to_owned())
                }
                Err(tokio::sync::oneshot::error::TryRecvError::Empty) => {}
            }
            let group: Vec<_> = {
                let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
                let n = queue.len().min(GROUP_MAX);
                queue.drain(..n).collect()
            };
            if group.is_empty() {
                drop(writer);
                return answered.await.unwrap_or_else(|_| Err(DROPPED.to_owned()));
            }
            Self::write(db, group).await;
            drop(writer);
            // Most often this attempt was in the group just written: no need to queue for the writer again.
            if let Ok(result) = answered.try_recv() {
                return result;
            }
        }
    }

    async fn write(db: &Db, group: Vec<Queued>) {
        let results: Vec<AttemptResult<'_>> = group
            .iter()
            .map(|(f, _)| {
                f.plan.result(
                    f.started_at,
                    f.duration_ms,
                    f.status,
                    f.error.as_deref(),
                    f.detail.as_deref(),
                )
            })
            .collect();
        let pairs: Vec<(&Claimed, &AttemptResult<'_>)> = group
            .iter()
            .map(|(f, _)| &f.claimed)
            .zip(results.iter())
            .collect();
        metrics::histogram!("portico_relay_record_group_size").record(pairs.len() as f64);
        let written = match db::relay::record_each(db, &pairs).await {
            Ok(recorded) => recorded.into_iter().map(Ok).collect(),
            // One attempt's failure must not cost the others their record (they would all be sent again after
            // their lease): the group is written again one attempt per transaction.
            Err(e) if pairs.len() > 1 => {
                tracing::warn!(error = %e, attempts = pairs.len(), "attempt group not recorded; recording one by one");
                let mut one_by_one = Vec::with_capacity(pairs.len());
                for pair in &pairs {
                    one_by_one.push(
                        db::relay::record_each(db, std::slice::from_ref(pair))
                            .await
                            .map(|recorded| recorded.first().copied().unwrap_or(false))
                            .map_err(|e| e.to_string()),
                    );
                }
                one_by_one
            }
            Err(e) => vec![Err(e.to_string())],
        };
        drop(pairs);
        drop(results);
        for ((_, answer), result) in group.into_iter().zip(written) {
            let _ = answer.send(result);
        }
    }
}

impl Relay {
    pub fn new(db: Db, sinks: Sinks, settings: RelaySettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                kinds: sinks.kinds(),
                sinks,
                settings,
                busy: Mutex::new(HashMap::new()),
                in_flight: AtomicUsize::new(0),
                finished: Notify::new(),
                recorder: Recorder::default(),
            }),
        }
    }

    /// Attempts currently in flight.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// One pass: for every tenant with due deliveries and free slots, claims what fits and starts the attempts
    /// (without waiting for them). Returns how many were started.
    pub async fn pass(&self) -> Result<usize, CoreError> {
        let inner = &self.inner;
        let now = OffsetDateTime::now_utc();
        let tenants = db::relay::due_tenants(
            &inner.db,
            &inner.kinds,
            now,
            inner.settings.tenants_per_pass,
        )
        .await?;
        let mut started = 0;
        for tenant in tenants {
            let global_room = inner
                .settings
                .max_in_flight
                .saturating_sub(inner.in_flight.load(Ordering::SeqCst));
            if global_room == 0 {
                break;
            }
            let tenant_room = {
                let busy = inner.busy.lock().unwrap_or_else(|p| p.into_inner());
                inner
                    .settings
                    .per_tenant
                    .saturating_sub(busy.get(&tenant.0).copied().unwrap_or(0))
            };
            let room = tenant_room.min(global_room);
            if room == 0 {
                continue;
            }
            let lease_until = now + inner.settings.lease;
            let claimed = db::relay::claim(
                &inner.db,
                &inner.kinds,
                tenant,
                now,
                lease_until,
                room as i64,
            )
            .await?;
            for delivery in claimed {
                {
                    let mut busy = inner.busy.lock().unwrap_or_else(|p| p.into_inner());
                    *busy.entry(tenant.0).or_default() += 1;
                }
                inner.in_flight.fetch_add(1, Ordering::SeqCst);
                started += 1;
                let inner = Arc::clone(&self.inner);
                tokio::spawn(async move {
                    let tenant = delivery.tenant_id;
                    attempt(&inner, delivery).await;
                    {
                        let mut busy = inner.busy.lock().unwrap_or_else(|p| p.into_inner());
                        if let Some(n) = busy.get_mut(&tenant) {
                            *n -= 1;
                            if *n == 0 {
                                busy.remove(&tenant);
                            }
                        }
                    }
                    inner.in_flight.fetch_sub(1, Ordering::SeqCst);
                    inner.finished.notify_waiters();
                });
            }
        }
        Ok(started)
    }

    /// With NATS configured, gives every tenant without one its stream endpoint (events recorded from then on are
    /// published). Returns how many were created.
    pub async fn ensure_streams(&self) -> Result<u64, CoreError> {
        if self.inner.sinks.nats.is_none() {
            return Ok(0);
        }
        let created = db::relay::ensure_stream_endpoints(&self.inner.db).await?;
        if created > 0 {
            tracing::info!(created, "NATS stream endpoints created");
        }
        Ok(created)
    }

    /// Removes delivered deliveries and their attempts older than [`RelaySettings::retention`] and stored API
    /// answers older than [`RelaySettings::answers_retention`], in batches. Safe to run from several relays.
    pub async fn prune(&self) -> Result<db::relay::Pruned, CoreError> {
        const BATCH: i64 = 500;
        let now = OffsetDateTime::now_utc();
        let delivered_before = now - self.inner.settings.retention;
        let answers_before = now - self.inner.settings.answers_retention;
        let mut total = db::relay::Pruned::default();
        loop {
            let p =
                db::relay::prune(&self.inner.db, delivered_before, answers_before, BATCH).await?;
            total.deliveries += p.deliveries;
            total.attempts += p.attempts;
            total.idempotency_keys += p.idempotency_keys;
            if p.deliveries < BATCH as u64 {
                return Ok(total);
            }
        }
    }

    /// Runs passes until `stop` turns true: straight after a pass that started work, when an attempt finishes or
    /// when a transaction of this process commits events ([`wake`]), otherwise every [`RelaySettings::poll`] (which
    /// is what picks up events other processes commit). A failed pass (database unreachable) is logged and retried.
    pub async fn run(&self, mut stop: watch::Receiver<bool>) {
        let mut committed = COMMITTED.subscribe();
        tracing::info!(settings = ?self.inner.settings, kinds = ?self.inner.kinds, "relay started");
        let mut failures = 0u32;
        let mut streams_checked: Option<Instant> = None;
        let mut pruned_at: Option<Instant> = None;
        loop {
            if *stop.borrow() {
                break;
            }
            if streams_checked.is_none_or(|t| t.elapsed() >= STREAM_CHECK) {
                streams_checked = Some(Instant::now());
                if let Err(e) = self.ensure_streams().await {
                    tracing::warn!(error = %e, "stream endpoints not checked");
                }
            }
            if pruned_at.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
                pruned_at = Some(Instant::now());
                match self.prune().await {
                    Ok(p) => tracing::info!(
                        deliveries = p.deliveries,
                        attempts = p.attempts,
                        idempotency_keys = p.idempotency_keys,
                        "delivery records pruned"
                    ),
                    Err(e) => tracing::warn!(error = %e, "delivery records not pruned"),
                }
            }
            let wait = match self.pass().await {
                Ok(0) => {
                    failures = 0;
                    self.inner.settings.poll
                }
                Ok(_) => {
                    failures = 0;
                    Duration::from_millis(10)
                }
                Err(e) => {
                    failures += 1;
                    tracing::warn!(error = %e, failures, "relay pass failed");
                    self.inner.settings.poll * failures.min(20)
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.inner.finished.notified() => {}
                _ = committed.changed() => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!(in_flight = self.in_flight(), "relay stopping");
    }

    /// Runs passes until nothing is due and nothing is in flight, or `limit` has passed (the `relay --once` command
    /// and tests). Returns whether it became idle.
    pub async fn run_until_idle(&self, limit: Duration) -> Result<bool, CoreError> {
        let deadline = Instant::now() + limit;
        self.ensure_streams().await?;
        loop {
            let notified = self.inner.finished.notified();
            let started = self.pass().await?;
            if started == 0 && self.in_flight() == 0 {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            if started == 0 {
                let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
            }
        }
    }
}

/// One attempt of a claimed delivery, start to record. Never fails: a delivery whose outcome cannot be recorded
/// (database gone) comes back when its lease ends.
async fn attempt(inner: &Inner, claimed: Claimed) {
    let kind = SinkKind::parse(&claimed.kind).unwrap_or(SinkKind::ErpWebhook);
    if kind.is_alert() {
        return alert_attempt(inner, kind, claimed).await;
    }
    let started_at = OffsetDateTime::now_utc();
    let clock = Instant::now();
    let answer = match kind {
        SinkKind::Nats => publish(inner, &claimed).await,
        SinkKind::Edi => write_edi(inner, &claimed).await,
        _ => {
            let previous = claimed.previous_secret.as_deref().filter(|_| {
                claimed
                    .previous_secret_until
                    .is_some_and(|t| t > started_at)
            });
            let keys = Keys {
                current: &claimed.secret,
                previous,
            };
            match erp_webhook::signed_request(
                &claimed.url,
                claimed.event_id,
                &claimed.envelope,
                &keys,
                claimed.correlation_id.as_deref(),
                started_at.unix_timestamp(),
            ) {
                Ok(request) => inner.sinks.http.send(request).await,
                Err(e) => Answer::failed(e),
            }
        }
    };
    finish(
        inner,
        kind,
        vec![claimed],
        answer,
        started_at,
        clock.elapsed(),
        &[],
    )
    .await;
}

/// Publishes to NATS (the relay claims NATS deliveries only when it has a connection).
async fn publish(inner: &Inner, claimed: &Claimed) -> Answer {
    let Some(nats) = &inner.sinks.nats else {
        return Answer::failed("NATS is not configured in this relay");
    };
    match nats
        .publish(
            &claimed.tenant_slug,
            &claimed.event_type,
            claimed.event_id,
            claimed.correlation_id.as_deref(),
            &claimed.envelope,
        )
        .await
    {
        Ok(_) => Answer::accepted(),
        Err(e) => Answer::failed(e),
    }
}

/// Writes the event's document for the supplier's EDI profile (the relay claims EDI deliveries only when it has
/// an EDI directory). What was written — document, control number, file — is kept with the attempt.
async fn write_edi(inner: &Inner, claimed: &Claimed) -> Answer {
    let Some(dir) = &inner.sinks.edi_dir else {
        return Answer::failed("no EDI directory is configured in this relay");
    };
    match crate::services::edi_outbound::deliver(
        &inner.db,
        portico_domain::TenantId(claimed.tenant_id),
        &claimed.tenant_slug,
        &claimed.envelope,
        dir,
    )
    .await
    {
        Ok(w) => Answer {
            detail: Some(format!("{} {} {}", w.document, w.control, w.file_name)),
            ..Answer::accepted()
        },
        Err(e) => Answer::failed(e.to_string()),
    }
}

/// An alert: takes a message from the endpoint's rate-limit window (or holds the alert until the next window),
/// folds the endpoint's other due alerts into the same message, and sends it.
async fn alert_attempt(inner: &Inner, kind: SinkKind, claimed: Claimed) {
    let now = OffsetDateTime::now_utc();
    match db::relay::take_alert_slot(
        &inner.db,
        claimed.tenant_id,
        claimed.endpoint_id,
        now,
        inner.sinks.alert_limit,
    )
    .await
    {
        Ok(Ok(())) => {}
        Ok(Err(until)) => {
            tracing::info!(delivery = %claimed.id, endpoint = %claimed.endpoint_id, until = %until, "alert held: the endpoint's window is used up");
            if let Err(e) = db::relay::defer(&inner.db, &claimed, until).await {
                tracing::warn!(delivery = %claimed.id, error = %e, "alert not held; it comes back when its lease ends");
            }
            return;
        }
        Err(e) => {
            tracing::warn!(delivery = %claimed.id, error = %e, "alert window not read; it comes back when its lease ends");
            return;
        }
    }
    let lease_until = now + inner.settings.lease;
    let siblings = db::relay::claim_siblings(&inner.db, &claimed, now, lease_until, DIGEST_MAX - 1)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(delivery = %claimed.id, error = %e, "alert sent alone: other alerts not claimed");
            Vec::new()
        });
    let started_at = OffsetDateTime::now_utc();
    let clock = Instant::now();
    let mut all = Vec::with_capacity(1 + siblings.len());
    all.push(claimed);
    all.extend(siblings);
    let first = &all[0];
    let locale = Locale::from_tag(&first.locale).unwrap_or_default();
    let items: Vec<alert::AlertItem> = all
        .iter()
        .map(|c| alert::item(c, locale, &inner.sinks.public_url))
        .collect();
    let mut mail = Vec::new();
    let answer = match kind {
        SinkKind::AlertEmail => match alert::recipients(&first.url) {
            Ok(to) => {
                mail = alert::mails(locale, &first.tenant_name, &to, &items);
                Answer::accepted()
            }
            Err(e) => Answer::failed(e),
        },
        _ => {
            let body = alert::webhook_body(locale, &first.tenant_slug, &first.tenant_name, &items);
            let keys = Keys {
                current: &first.secret,
                previous: None,
            };
            match erp_webhook::signed_request_as(
                &first.url,
                first.event_id,
                &body,
                &keys,
                first.correlation_id.as_deref(),
                started_at.unix_timestamp(),
                "application/json; charset=utf-8",
            ) {
                Ok(request) => inner.sinks.http.send(request).await,
                Err(e) => Answer::failed(e),
            }
        }
    };
    finish(inner, kind, all, answer, started_at, clock.elapsed(), &mail).await;
}

/// The most alerts one message carries.
const DIGEST_MAX: i64 = 50;

/// Applies the delivery rules to what came back for `deliveries` (one, or an alert digest), reports the failure of
/// an ERP or NATS delivery as a `delivery.failed` event, and records it all in one transaction.
async fn finish(
    inner: &Inner,
    kind: SinkKind,
    deliveries: Vec<Claimed>,
    answer: Answer,
    started_at: OffsetDateTime,
    duration: Duration,
    mail: &[OutgoingMail],
) {
    let now = OffsetDateTime::now_utc();
    let sink = kind.as_str();
    let error = answer.error.clone().or_else(|| {
        answer
            .status
            .filter(|s| !(200..300).contains(s))
            .map(|s| format!("HTTP {s}"))
    });
    let duration_ms = duration.as_millis().min(i32::MAX as u128) as i32;
    metrics::histogram!("portico_delivery_attempt_seconds", "sink" => sink)
        .record(duration.as_secs_f64());
    let mut plans = Vec::with_capacity(deliveries.len());
    let mut events = Vec::new();
    let mut exceptions = Vec::new();
    for claimed in &deliveries {
        let attempts = claimed.attempts as u32 + 1;
        let plan = plan(&answer, attempts, rand::random::<f64>(), now);
        metrics::counter!("portico_deliveries_total", "sink" => sink, "outcome" => plan.outcome)
            .increment(1);
        if plan.outcome == "delivered" {
            let lag = (now - claimed.event_created_at).as_seconds_f64().max(0.0);
            metrics::histogram!("portico_delivery_lag_seconds", "sink" => sink).record(lag);
        }
        tracing::info!(
            delivery = %claimed.id,
            event = %claimed.event_id,
            endpoint = %claimed.endpoint_id,
            tenant = %claimed.tenant_id,
            sink,
            correlation_id = claimed.correlation_id.as_deref().unwrap_or(""),
            attempt = attempts,
            status = answer.status,
            outcome = plan.outcome,
            ms = duration_ms,
            "delivery attempt"
        );
        let failed = matches!(plan.outcome, "dead" | "gone");
        if failed && !kind.is_alert() && claimed.event_type != EventType::DeliveryFailed.name() {
            let payload = DeliveryFailed {
                reason: if plan.outcome == "gone" {
                    "endpoint_gone"
                } else {
                    "dead_letter"
                }
                .to_owned(),
                delivery_id: claimed.id,
                attempts: claimed.attempts + 1,
                last_status: answer.status.map(i32::from),
                last_error: error.clone(),
                endpoint: FailedEndpoint {
                    id: claimed.endpoint_id,
                    kind: sink.to_owned(),
                    url: claimed.url.clone(),
                    description: claimed.description.clone(),
                },
                event: FailedEventRef {
                    id: claimed.event_id,
                    event_type: claimed.event_type.clone(),
                    subject: claimed.subject.clone(),
                },
            };
            // The buyer works a failure as an exception, unless what failed was itself an exception's event
            // (its failure is the delivery.failed event alone, so a broken endpoint cannot feed a loop).
            if !claimed.event_type.starts_with("org.portico.exception.") {
                let endpoint = if claimed.description.is_empty() {
                    claimed.url.clone()
                } else {
                    claimed.description.clone()
                };
                let opening = crate::exceptions::Opening {
                    kind: portico_domain::exceptions::ExceptionKind::DeliveryFailed,
                    supplier: None,
                    document: portico_domain::exceptions::DocumentKind::Delivery,
                    document_id: claimed.id,
                    document_number: endpoint,
                    line_number: None,
                    detail: Some((
                        "exception-detail-delivery",
                        vec![
                            ("type".to_owned(), claimed.event_type.clone()),
                            ("subject".to_owned(), claimed.subject.clone()),
                        ],
                    )),
                    dedupe_key: format!("delivery_failed:{}", claimed.id),
                };
                exceptions.push((
                    portico_domain::TenantId(claimed.tenant_id),
                    opening,
                    claimed.correlation_id.clone(),
                ));
            }
            match payload.event(
                portico_domain::TenantId(claimed.tenant_id),
                claimed.correlation_id.clone(),
            ) {
                Ok(event) => events.push(event),
                Err(e) => {
                    tracing::warn!(delivery = %claimed.id, error = %e, "delivery.failed not built")
                }
            }
        }
        plans.push(plan);
    }
    // One delivery's outcome without effects to write (delivered, to retry, or an outcome whose only effect is on
    // its own rows) joins the group commit; anything with effects — a `delivery.failed` event, the buyer's
    // exception, an alert digest with its mail — is written on its own, with them.
    if deliveries.len() == 1 && events.is_empty() && exceptions.is_empty() && mail.is_empty() {
        let (Some(claimed), Some(plan)) = (deliveries.into_iter().next(), plans.pop()) else {
            return;
        };
        let first = claimed.id;
        let finished = Finished {
            claimed,
            started_at,
            duration_ms,
            status: answer.status.map(i32::from),
            error,
            detail: answer.detail,
            plan,
        };
        log_recorded(first, inner.recorder.record(&inner.db, finished).await);
        return;
    }
    let results: Vec<AttemptResult<'_>> = plans
        .iter()
        .map(|plan| {
            plan.result(
                started_at,
                duration_ms,
                answer.status.map(i32::from),
                error.as_deref(),
                answer.detail.as_deref(),
            )
        })
        .collect();
    let pairs: Vec<(&Claimed, &AttemptResult<'_>)> =
        deliveries.iter().zip(results.iter()).collect();
    let first = deliveries[0].id;
    let recorded = db::relay::record_attempts(
        &inner.db,
        &pairs,
        Effects {
            events,
            mail,
            exceptions,
        },
    )
    .await;
    log_recorded(first, recorded);
}

/// Logs what became of recording an attempt of `delivery` that could not be recorded.
fn log_recorded(delivery: Uuid, recorded: Result<bool, impl std::fmt::Display>) {
    match recorded {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(delivery = %delivery, "delivery claim was lost before its attempt was recorded")
        }
        Err(e) => {
            tracing::warn!(delivery = %delivery, error = %e, "delivery attempt not recorded; it will be retried")
        }
    }
}

/// What an answer means for a delivery after `attempts` attempts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Plan {
    outcome: &'static str,
    delivery_status: &'static str,
    next_attempt_at: Option<OffsetDateTime>,
    disable_endpoint: Option<&'static str>,
}

impl Plan {
    /// The attempt's record under this plan.
    fn result<'a>(
        &self,
        started_at: OffsetDateTime,
        duration_ms: i32,
        status: Option<i32>,
        error: Option<&'a str>,
        detail: Option<&'a str>,
    ) -> AttemptResult<'a> {
        AttemptResult {
            started_at,
            duration_ms,
            status,
            error,
            detail,
            outcome: self.outcome,
            delivery_status: self.delivery_status,
            next_attempt_at: self.next_attempt_at,
            disable_endpoint: self.disable_endpoint,
        }
    }
}

fn plan(answer: &Answer, attempts: u32, jitter: f64, now: OffsetDateTime) -> Plan {
    let outcome = if answer.accepted {
        Outcome::Delivered
    } else {
        delivery::classify(answer.status, answer.retry_after.as_deref())
    };
    match outcome {
        Outcome::Delivered => Plan {
            outcome: "delivered",
            delivery_status: "delivered",
            next_attempt_at: None,
            disable_endpoint: None,
        },
        // The endpoint is switched off; the delivery waits for it (due again as soon as it is switched back on).
        Outcome::Gone => Plan {
            outcome: "gone",
            delivery_status: "pending",
            next_attempt_at: Some(now),
            disable_endpoint: Some("gone"),
        },
        Outcome::Retry { at_least } => match delivery::next_delay(attempts, at_least, jitter) {
            Some(delay) => Plan {
                outcome: "retry",
                delivery_status: "pending",
                next_attempt_at: Some(now + delay),
                disable_endpoint: None,
            },
            None => Plan {
                outcome: "dead",
                delivery_status: "dead",
                next_attempt_at: None,
                disable_endpoint: None,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: Option<u16>, retry_after: Option<&str>) -> Answer {
        Answer {
            status,
            retry_after: retry_after.map(str::to_owned),
            error: None,
            accepted: false,
            detail: None,
        }
    }

    #[test]
    fn answers_become_plans() {
        let now = OffsetDateTime::now_utc();
        assert_eq!(
            plan(&answer(Some(204), None), 1, 0.0, now).delivery_status,
            "delivered"
        );
        let gone = plan(&answer(Some(410), None), 1, 0.0, now);
        assert_eq!(gone.disable_endpoint, Some("gone"));
        assert_eq!(gone.delivery_status, "pending");
        let retry = plan(&answer(Some(500), None), 1, 0.0, now);
        assert_eq!(retry.next_attempt_at, Some(now + Duration::from_secs(5)));
        let throttled = plan(&answer(Some(429), Some("90")), 1, 0.0, now);
        assert_eq!(
            throttled.next_attempt_at,
            Some(now + Duration::from_secs(90))
        );
        let last = plan(&answer(None, None), delivery::MAX_ATTEMPTS, 0.0, now);
        assert_eq!((last.outcome, last.delivery_status), ("dead", "dead"));
    }
}
