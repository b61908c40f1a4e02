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

use crate::db::relay::{AttemptResult, Claimed};
use crate::db::{self, Db};
use crate::delivery::{self, Outcome};
use crate::CoreError;
use sinks::erp_webhook::{self, Answer, Keys, Transport};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};
use uuid::Uuid;

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
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            per_tenant: 4,
            max_in_flight: 64,
            poll: Duration::from_millis(500),
            lease: Duration::from_secs(60),
            tenants_per_pass: 1000,
        }
    }
}

/// A running relay's state. Cheap to clone; clones share it.
#[derive(Clone)]
pub struct Relay {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    transport: Arc<dyn Transport>,
    settings: RelaySettings,
    busy: Mutex<HashMap<Uuid, usize>>,
    in_flight: AtomicUsize,
    finished: Notify,
}

impl Relay {
    pub fn new(db: Db, transport: Arc<dyn Transport>, settings: RelaySettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                transport,
                settings,
                busy: Mutex::new(HashMap::new()),
                in_flight: AtomicUsize::new(0),
                finished: Notify::new(),
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
        let tenants =
            db::relay::due_tenants(&inner.db, now, inner.settings.tenants_per_pass).await?;
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
            let claimed =
                db::relay::claim(&inner.db, tenant, now, lease_until, room as i64).await?;
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

    /// Runs passes until `stop` turns true: straight after a pass that started work or when an attempt finishes,
    /// otherwise every [`RelaySettings::poll`]. A failed pass (database unreachable) is logged and retried.
    pub async fn run(&self, mut stop: watch::Receiver<bool>) {
        tracing::info!(settings = ?self.inner.settings, "relay started");
        let mut failures = 0u32;
        loop {
            if *stop.borrow() {
                break;
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
                _ = stop.changed() => {}
            }
        }
        tracing::info!(in_flight = self.in_flight(), "relay stopping");
    }

    /// Runs passes until nothing is due and nothing is in flight, or `limit` has passed (the `relay --once` command
    /// and tests). Returns whether it became idle.
    pub async fn run_until_idle(&self, limit: Duration) -> Result<bool, CoreError> {
        let deadline = Instant::now() + limit;
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
    let started_at = OffsetDateTime::now_utc();
    let clock = Instant::now();
    let previous = claimed.previous_secret.as_deref().filter(|_| {
        claimed
            .previous_secret_until
            .is_some_and(|t| t > started_at)
    });
    let keys = Keys {
        current: &claimed.secret,
        previous,
    };
    let answer = match erp_webhook::signed_request(
        &claimed.url,
        claimed.event_id,
        &claimed.envelope,
        &keys,
        claimed.correlation_id.as_deref(),
        started_at.unix_timestamp(),
    ) {
        Ok(request) => inner.transport.send(request).await,
        Err(e) => Answer {
            error: Some(e),
            ..Answer::default()
        },
    };
    let duration = clock.elapsed();
    let attempts = claimed.attempts as u32 + 1;
    let now = OffsetDateTime::now_utc();
    let plan = plan(&answer, attempts, rand::random::<f64>(), now);
    let error = answer.error.clone().or_else(|| {
        answer
            .status
            .filter(|s| !(200..300).contains(s))
            .map(|s| format!("HTTP {s}"))
    });
    let result = AttemptResult {
        started_at,
        duration_ms: duration.as_millis().min(i32::MAX as u128) as i32,
        status: answer.status.map(i32::from),
        error: error.as_deref(),
        outcome: plan.outcome,
        delivery_status: plan.delivery_status,
        next_attempt_at: plan.next_attempt_at,
        disable_endpoint: plan.disable_endpoint,
    };
    metrics::counter!("portico_deliveries_total", "sink" => "erp_webhook", "outcome" => plan.outcome)
        .increment(1);
    metrics::histogram!("portico_delivery_attempt_seconds", "sink" => "erp_webhook")
        .record(duration.as_secs_f64());
    if plan.outcome == "delivered" {
        let lag = (now - claimed.event_created_at).as_seconds_f64().max(0.0);
        metrics::histogram!("portico_delivery_lag_seconds", "sink" => "erp_webhook").record(lag);
    }
    tracing::info!(
        delivery = %claimed.id,
        event = %claimed.event_id,
        endpoint = %claimed.endpoint_id,
        tenant = %claimed.tenant_id,
        correlation_id = claimed.correlation_id.as_deref().unwrap_or(""),
        attempt = attempts,
        status = answer.status,
        outcome = plan.outcome,
        ms = result.duration_ms,
        "delivery attempt"
    );
    match db::relay::record_attempt(&inner.db, &claimed, &result).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(delivery = %claimed.id, "delivery claim was lost before its attempt was recorded")
        }
        Err(e) => {
            tracing::warn!(delivery = %claimed.id, error = %e, "delivery attempt not recorded; it will be retried")
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

fn plan(answer: &Answer, attempts: u32, jitter: f64, now: OffsetDateTime) -> Plan {
    match delivery::classify(answer.status, answer.retry_after.as_deref()) {
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
