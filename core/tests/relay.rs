//! The relay against a real HTTP receiver on every configured backend (RELIABILITY.md checks 20–24 in miniature; the
//! reliability script runs them at scale): signatures verify, the receiver de-duplicates, answers follow the delivery
//! rules, one tenant's hanging endpoint never holds another's deliveries, and two relays on PostgreSQL never claim
//! the same delivery. Each test prints its figures.

use portico_core::db::Db;
use portico_core::outbox::sinks::erp_webhook::HttpTransport;
use portico_core::outbox::{Relay, RelaySettings, Sinks};
use portico_core::testing::receiver::{Behaviour, Receiver};
use portico_core::testing::{sign_in, TestDb};
use portico_core::{on_db, seed};
use portico_domain::{SupplierId, TenantId, UserId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

/// Adds an ERP webhook endpoint for `tenant` and returns its id and secret.
async fn endpoint(db: &Db, tenant: TenantId, by: UserId, url: &str, types: &str) -> (Uuid, String) {
    portico_core::testing::add_endpoint(db, tenant, by, url, types).await
}

/// Receives `n` purchase orders for `tenant` (one `purchase_order.received` event each).
async fn orders(db: &Db, tenant: TenantId, supplier: SupplierId, prefix: &str, n: usize) {
    portico_core::testing::receive_orders(db, tenant, supplier, prefix, n)
        .await
        .unwrap();
}

async fn demo(db: &Db) -> portico_core::testing::DemoTenants {
    portico_core::testing::demo_tenants(db).await
}

fn relay(db: &Db, timeout: Duration) -> Relay {
    let transport = HttpTransport::new(timeout, true).unwrap();
    Relay::new(
        db.clone(),
        Sinks::new(Arc::new(transport), "http://portal.test"),
        RelaySettings::default(),
    )
}

/// Statuses of a tenant's deliveries, counted (read as the owner, which sees everything).
async fn statuses(owner: &Db, tenant: TenantId) -> HashMap<String, i64> {
    const SQL: &str =
        "SELECT status, COUNT(*) FROM event_deliveries WHERE tenant_id = $1 GROUP BY status";
    let rows: Vec<(String, i64)> =
        on_db!(owner, pool => sqlx::query_as(SQL).bind(tenant.0).fetch_all(pool).await).unwrap();
    rows.into_iter().collect()
}

/// Makes every pending delivery due now (instead of waiting out the retry schedule).
async fn make_due(owner: &Db) {
    const SQL: &str = "UPDATE event_deliveries SET next_attempt_at = $1 WHERE status = 'pending'";
    let now = OffsetDateTime::now_utc();
    on_db!(owner, pool => sqlx::query(SQL).bind(now).execute(pool).await.map(|_| ())).unwrap();
}

#[tokio::test]
async fn deliveries_are_signed_recorded_and_deduplicated_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let (receiver, base) = Receiver::start().await;
        let (_, secret) = endpoint(
            &t.db,
            d.northwind,
            d.northwind_admin,
            &format!("{base}/hook/erp"),
            "*",
        )
        .await;
        receiver.expect("erp", &secret, Behaviour::Status(204));
        orders(&t.db, d.northwind, d.northwind_supplier, "SIG", 25).await;

        let relay = relay(&t.db, Duration::from_secs(5));
        assert!(
            relay.run_until_idle(Duration::from_secs(60)).await.unwrap(),
            "{b}"
        );
        let delivered = statuses(&t.owner, d.northwind).await;
        {
            let seen = receiver.seen.lock().unwrap();
            println!(
                "delivery [{b}]: events 25, delivered {:?}, requests {}, bad signatures {}, duplicate effects {}",
                delivered.get("delivered"),
                seen.requests["erp"],
                seen.bad_signatures,
                seen.duplicates
            );
            assert_eq!(delivered.get("delivered"), Some(&25), "{b}");
            assert_eq!(seen.applied.len(), 25, "{b}");
            assert_eq!(seen.bad_signatures, 0, "{b}");
            assert_eq!(seen.duplicates, 0, "{b}");
        }

        // Every attempt is logged; the delivery keeps its status, attempt count and no error.
        let attempts: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM delivery_attempts WHERE tenant_id = $1 AND outcome = 'delivered' AND status = 204")
            .bind(d.northwind.0).fetch_one(pool).await)
        .unwrap();
        assert_eq!(attempts, 25, "{b}");

        // A replayed message (same webhook-id) is a duplicate the receiver recognises: re-open one delivery.
        on_db!(&t.owner, pool => sqlx::query(
            "UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1 \
             WHERE id = (SELECT id FROM event_deliveries WHERE tenant_id = $2 ORDER BY id LIMIT 1)")
            .bind(OffsetDateTime::now_utc()).bind(d.northwind.0).execute(pool).await.map(|_| ()))
        .unwrap();
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        {
            let seen = receiver.seen.lock().unwrap();
            assert_eq!(seen.applied.len(), 25, "{b}");
            assert_eq!(
                seen.duplicates, 1,
                "{b}: the receiver saw the same id again"
            );
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn answers_drive_retries_retry_after_gone_and_dead_letters_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let (receiver, base) = Receiver::start().await;
        let flaky_url = format!("{base}/hook/flaky");
        let (_, flaky) = endpoint(&t.db, d.northwind, d.northwind_admin, &flaky_url, "*").await;
        receiver.expect(
            "flaky",
            &flaky,
            Behaviour::Script(vec![(500, None), (429, Some("120")), (200, None)]),
        );
        orders(&t.db, d.northwind, d.northwind_supplier, "RETRY", 3).await;
        let relay = relay(&t.db, Duration::from_secs(5));

        // 1st attempt: 500 → retry in 5 s (± 10 %).
        let before = OffsetDateTime::now_utc();
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        let next: Vec<(i32, Option<OffsetDateTime>)> = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT attempts, next_attempt_at FROM event_deliveries WHERE tenant_id = $1")
            .bind(d.northwind.0).fetch_all(pool).await)
        .unwrap();
        for (attempts, at) in &next {
            let wait = (at.unwrap() - before).as_seconds_f64();
            assert_eq!(*attempts, 1, "{b}");
            assert!((4.9..=6.0).contains(&wait), "{b}: retry after {wait} s");
        }
        // 2nd: 429 with Retry-After: 120 → not before two minutes.
        make_due(&t.owner).await;
        let before = OffsetDateTime::now_utc();
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        let next: Vec<(i32, Option<OffsetDateTime>)> = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT attempts, next_attempt_at FROM event_deliveries WHERE tenant_id = $1")
            .bind(d.northwind.0).fetch_all(pool).await)
        .unwrap();
        for (attempts, at) in &next {
            let wait = (at.unwrap() - before).as_seconds_f64();
            assert_eq!(*attempts, 2, "{b}");
            assert!(wait >= 119.0, "{b}: Retry-After honoured ({wait} s)");
        }
        // 3rd: delivered.
        make_due(&t.owner).await;
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        assert_eq!(
            statuses(&t.owner, d.northwind).await.get("delivered"),
            Some(&3),
            "{b}"
        );

        // 410 Gone: the endpoint is disabled, its deliveries wait (nothing is dropped) and are not claimed.
        let gone_url = format!("{base}/hook/gone");
        let (gone_id, gone) = endpoint(&t.db, d.northwind, d.northwind_admin, &gone_url, "*").await;
        receiver.expect("gone", &gone, Behaviour::Status(410));
        orders(&t.db, d.northwind, d.northwind_supplier, "GONE", 2).await;
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        let reason: Option<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT disabled_reason FROM webhook_endpoints WHERE id = $1").bind(gone_id).fetch_one(pool).await)
        .unwrap();
        assert_eq!(reason.as_deref(), Some("gone"), "{b}");
        let gone_requests = receiver.seen.lock().unwrap().requests["gone"];
        assert!(
            (1..=2).contains(&gone_requests),
            "{b}: {gone_requests} requests"
        );
        make_due(&t.owner).await;
        relay.run_until_idle(Duration::from_secs(10)).await.unwrap();
        assert_eq!(
            receiver.seen.lock().unwrap().requests["gone"],
            gone_requests,
            "{b}: a disabled endpoint is not called"
        );
        // The flaky endpoint received the two new orders as well, on its script's third attempt (and the
        // `delivery.failed` report of the 410, which it subscribes to with `*`).
        make_due(&t.owner).await;
        relay.run_until_idle(Duration::from_secs(10)).await.unwrap();
        let orders_delivered: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_deliveries d JOIN outbox_events o ON o.id = d.event_id \
             WHERE d.tenant_id = $1 AND d.status = 'delivered' AND o.event_type = 'org.portico.purchase_order.received.v1'")
            .bind(d.northwind.0).fetch_one(pool).await)
        .unwrap();
        assert_eq!(orders_delivered, 5, "{b}");
        let reports: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox_events WHERE tenant_id = $1 AND event_type = 'org.portico.delivery.failed.v1'")
            .bind(d.northwind.0).fetch_one(pool).await)
        .unwrap();
        assert!(
            (1..=2).contains(&reports),
            "{b}: one report per 410 answer, got {reports}"
        );

        // Dead letter after the last attempt: a delivery on its 8th attempt that fails again.
        let down_url = format!("{base}/hook/down");
        let (down_id, down) = endpoint(&t.db, d.northwind, d.northwind_admin, &down_url, "*").await;
        receiver.expect("down", &down, Behaviour::Status(500));
        orders(&t.db, d.northwind, d.northwind_supplier, "DEAD", 1).await;
        on_db!(&t.owner, pool => sqlx::query(
            "UPDATE event_deliveries SET attempts = 7 WHERE endpoint_id = $1").bind(down_id).execute(pool).await.map(|_| ()))
        .unwrap();
        relay.run_until_idle(Duration::from_secs(30)).await.unwrap();
        let (status, next): (String, Option<OffsetDateTime>) =
            on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT status, next_attempt_at FROM event_deliveries WHERE endpoint_id = $1")
            .bind(down_id).fetch_one(pool).await)
            .unwrap();
        assert_eq!((status.as_str(), next), ("dead", None), "{b}");
        {
            let seen = receiver.seen.lock().unwrap();
            println!(
                "receiver faults [{b}]: 500→retry in 5 s, 429 Retry-After 120 honoured, 3/3 delivered on the 3rd attempt; \
                 410 disabled the endpoint after {gone_requests} request(s); 8th failure dead-lettered; duplicates {}",
                seen.duplicates
            );
            assert_eq!(seen.duplicates, 0, "{b}");
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn one_tenants_hanging_endpoint_does_not_delay_another_tenant_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let (receiver, base) = Receiver::start().await;
        let (_, slow) = endpoint(
            &t.db,
            d.contoso,
            d.contoso_buyer,
            &format!("{base}/hook/slow"),
            "*",
        )
        .await;
        receiver.expect("slow", &slow, Behaviour::Hang(Duration::from_secs(30)));
        let (_, fast) = endpoint(
            &t.db,
            d.northwind,
            d.northwind_admin,
            &format!("{base}/hook/fast"),
            "*",
        )
        .await;
        receiver.expect("fast", &fast, Behaviour::Status(200));
        // The hanging tenant's events are older, so they are first in line.
        orders(&t.db, d.contoso, d.contoso_supplier, "SLOW", 20).await;
        orders(&t.db, d.northwind, d.northwind_supplier, "FAST", 20).await;

        let relay = relay(&t.db, Duration::from_secs(3));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let running = {
            let relay = relay.clone();
            tokio::spawn(async move { relay.run(stopped).await })
        };
        let start = Instant::now();
        loop {
            let done = statuses(&t.owner, d.northwind).await.get("delivered") == Some(&20);
            if done || start.elapsed() > Duration::from_secs(20) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let fast_done = start.elapsed();
        let slow_delivered = statuses(&t.owner, d.contoso)
            .await
            .get("delivered")
            .copied();
        stop.send(true).unwrap();
        running.await.unwrap();
        println!(
            "tenant isolation [{b}]: other tenant's 20 events delivered in {} ms while this tenant's endpoint hangs \
             (its attempts time out after 3 s; delivered {:?})",
            fast_done.as_millis(),
            slow_delivered
        );
        assert!(
            fast_done < Duration::from_secs(3),
            "{b}: took {fast_done:?}"
        );
        assert_eq!(slow_delivered, None, "{b}");
        assert_eq!(
            receiver.seen.lock().unwrap().arrivals["fast"].len(),
            20,
            "{b}"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn relays_running_at_once_on_postgres_never_claim_the_same_delivery() {
    let Some(t) = TestDb::postgres().await.expect("test database") else {
        eprintln!("concurrent relays: skipped (set PORTICO_TEST_POSTGRES_URL to run)");
        return;
    };
    let d = demo(&t.db).await;
    let (receiver, base) = Receiver::start().await;
    let (_, secret) = endpoint(
        &t.db,
        d.northwind,
        d.northwind_admin,
        &format!("{base}/hook/erp"),
        "*",
    )
    .await;
    receiver.expect("erp", &secret, Behaviour::Status(200));
    orders(&t.db, d.northwind, d.northwind_supplier, "PAR", 150).await;
    let relays: Vec<Relay> = (0..3)
        .map(|_| relay(&t.db, Duration::from_secs(5)))
        .collect();
    let runs: Vec<_> = relays
        .iter()
        .cloned()
        .map(|r| tokio::spawn(async move { r.run_until_idle(Duration::from_secs(60)).await }))
        .collect();
    for run in runs {
        assert!(run.await.unwrap().unwrap());
    }
    {
        let seen = receiver.seen.lock().unwrap();
        let requests = seen.requests["erp"];
        println!(
            "concurrent relays [postgres]: 3 relays, 150 events, requests {requests}, delivered once {}, duplicates {}",
            seen.applied.len(),
            seen.duplicates
        );
        assert_eq!(seen.applied.len(), 150);
        assert_eq!(requests, 150, "no delivery was sent twice");
    }
    t.cleanup().await;
}

/// Counts rows of `sql` (one `$1` tenant parameter) as the owner.
async fn count(owner: &Db, sql: &str, tenant: TenantId) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar(sql).bind(tenant.0).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn failures_raise_events_and_alerts_arrive_as_rate_limited_digests_on_every_backend() {
    use portico_core::delivery::{AlertLimit, SinkKind};
    use portico_core::services::webhooks::{add, EndpointInput};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let admin = sign_in(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let meta = portico_core::audit::RequestMeta::default();
        let (receiver, base) = Receiver::start().await;
        let (erp, secret) = endpoint(
            &t.db,
            d.northwind,
            d.northwind_admin,
            &format!("{base}/hook/erp"),
            "*",
        )
        .await;
        receiver.expect("erp", &secret, Behaviour::Status(500));
        let chat_url = format!("{base}/alert/chat");
        let chat = add(
            &t.db,
            &meta,
            &admin,
            &EndpointInput {
                kind: SinkKind::AlertWebhook,
                target: &chat_url,
                event_types: "",
                description: "ops channel",
                locale: portico_i18n::Locale::En,
            },
            true,
        )
        .await
        .unwrap();
        let mail = add(
            &t.db,
            &meta,
            &admin,
            &EndpointInput {
                kind: SinkKind::AlertEmail,
                target: "ops@northwind.example; erp-team@northwind.example",
                event_types: "",
                description: "",
                locale: portico_i18n::Locale::De,
            },
            false,
        )
        .await
        .unwrap();
        // Mistakes are named by field.
        let bad = add(
            &t.db,
            &meta,
            &admin,
            &EndpointInput {
                kind: SinkKind::AlertEmail,
                target: "ops@northwind.example, nobody",
                event_types: "",
                description: "",
                locale: portico_i18n::Locale::En,
            },
            false,
        )
        .await;
        assert!(
            matches!(&bad, Err(portico_core::CoreError::Validation { field, .. }) if field == "url"),
            "{b}: {bad:?}"
        );

        // 30 orders whose ERP deliveries are on their last attempt and fail: 30 dead letters.
        orders(&t.db, d.northwind, d.northwind_supplier, "ALERT", 30).await;
        on_db!(&t.owner, pool => sqlx::query(
            "UPDATE event_deliveries SET attempts = 7 WHERE endpoint_id = $1")
            .bind(erp).execute(pool).await.map(|_| ()))
        .unwrap();
        let mut sinks = Sinks::new(
            Arc::new(HttpTransport::new(Duration::from_secs(5), true).unwrap()),
            "http://portal.test",
        );
        sinks.alert_limit = AlertLimit {
            per_window: 5,
            window: Duration::from_secs(3600),
        };
        let relay = Relay::new(t.db.clone(), sinks, RelaySettings::default());
        assert!(relay.run_until_idle(Duration::from_secs(60)).await.unwrap());

        let failed = count(
            &t.owner,
            "SELECT COUNT(*) FROM outbox_events WHERE tenant_id = $1 AND event_type = 'org.portico.delivery.failed.v1'",
            d.northwind,
        )
        .await;
        assert_eq!(failed, 30, "{b}: one delivery.failed per dead letter");
        // The failing endpoint subscribes to everything but never gets the reports of its own failures.
        let to_erp: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_deliveries WHERE endpoint_id = $1")
            .bind(erp).fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            to_erp, 30,
            "{b}: no delivery.failed to the endpoint that failed"
        );
        // The buyer works each dead letter as an exception (its event, too, never goes to the endpoint that failed).
        let opened = count(
            &t.owner,
            "SELECT COUNT(*) FROM exceptions WHERE tenant_id = $1 AND kind = 'delivery_failed' AND status = 'open'",
            d.northwind,
        )
        .await;
        assert_eq!(opened, 30, "{b}: one exception per dead letter");
        let opened_events = count(
            &t.owner,
            "SELECT COUNT(*) FROM outbox_events WHERE tenant_id = $1 AND event_type = 'org.portico.exception.opened.v1'",
            d.northwind,
        )
        .await;
        assert_eq!(opened_events, 30, "{b}");

        let messages = receiver
            .alerts
            .lock()
            .unwrap()
            .get("chat")
            .cloned()
            .unwrap_or_default();
        let alerted: usize = messages
            .iter()
            .map(|m| m["alerts"].as_array().unwrap().len())
            .sum();
        let held: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_deliveries WHERE endpoint_id = $1 AND status = 'pending'")
            .bind(chat.id).fetch_one(pool).await)
        .unwrap();
        assert!(
            messages.len() <= 5,
            "{b}: {} chat messages, window allows 5",
            messages.len()
        );
        assert_eq!(
            alerted as i64 + held,
            30,
            "{b}: every alert sent or held, none lost"
        );
        let first = &messages[0];
        assert!(
            first["text"]
                .as_str()
                .unwrap()
                .contains("could not be delivered"),
            "{b}: {first}"
        );
        assert!(
            first["alerts"][0]["link"]
                .as_str()
                .unwrap()
                .starts_with("http://portal.test/integration/deliveries/"),
            "{b}: {first}"
        );

        // The window closes: what was held goes out together.
        on_db!(&t.owner, pool => sqlx::query(
            "UPDATE webhook_endpoints SET alert_window_start = $1")
            .bind(OffsetDateTime::now_utc() - Duration::from_secs(7200)).execute(pool).await.map(|_| ())).unwrap();
        make_due(&t.owner).await;
        assert!(relay.run_until_idle(Duration::from_secs(60)).await.unwrap());
        let messages = receiver
            .alerts
            .lock()
            .unwrap()
            .get("chat")
            .cloned()
            .unwrap_or_default();
        let alerted: usize = messages
            .iter()
            .map(|m| m["alerts"].as_array().unwrap().len())
            .sum();
        assert_eq!(
            alerted,
            30,
            "{b}: all 30 alerts delivered in {} messages",
            messages.len()
        );

        // E-mail: one message per recipient per digest, in the endpoint's language.
        let mails: Vec<(String, String, String)> = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT to_address, subject, text_body FROM mail_outbox WHERE subject LIKE 'Portico%' ORDER BY created_at")
            .fetch_all(pool).await).unwrap();
        let to_ops = mails
            .iter()
            .filter(|m| m.0 == "ops@northwind.example")
            .count();
        let to_erp_team = mails
            .iter()
            .filter(|m| m.0 == "erp-team@northwind.example")
            .count();
        assert_eq!(to_ops, to_erp_team, "{b}");
        assert!(
            (1..=10).contains(&to_ops),
            "{b}: {to_ops} mails per recipient"
        );
        assert!(
            mails[0].2.contains("konnte nach 8 Versuchen nicht"),
            "{b}: {}",
            mails[0].2
        );
        let mailed: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_deliveries WHERE endpoint_id = $1 AND status = 'delivered'")
            .bind(mail.id).fetch_one(pool).await)
        .unwrap();
        assert_eq!(mailed, 30, "{b}");
        println!(
            "alerts ({b}): 30 dead letters -> 30 delivery.failed events; chat {} messages, e-mail {to_ops} per recipient (window 5/h); 0 lost",
            messages.len()
        );
    }
}

#[tokio::test]
async fn delivered_records_are_pruned_after_their_retention_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let (receiver, base) = Receiver::start().await;
        let (_, secret) = endpoint(
            &t.db,
            d.northwind,
            d.northwind_admin,
            &format!("{base}/hook/erp"),
            "*",
        )
        .await;
        receiver.expect("erp", &secret, Behaviour::Status(204));
        orders(&t.db, d.northwind, d.northwind_supplier, "PRUNE", 6).await;
        let relay = relay(&t.db, Duration::from_secs(5));
        assert!(relay.run_until_idle(Duration::from_secs(30)).await.unwrap());
        // Nothing is old enough yet.
        assert_eq!(relay.prune().await.unwrap().deliveries, 0, "{b}");
        // Four of them were delivered 31 days ago.
        let old = OffsetDateTime::now_utc() - Duration::from_secs(31 * 24 * 3600);
        on_db!(&t.owner, pool => sqlx::query(
            "UPDATE event_deliveries SET delivered_at = $1 WHERE id IN \
             (SELECT id FROM event_deliveries WHERE status = 'delivered' ORDER BY id LIMIT 4)")
            .bind(old).execute(pool).await.map(|_| ()))
        .unwrap();
        let pruned = relay.prune().await.unwrap();
        assert_eq!((pruned.deliveries, pruned.attempts), (4, 4), "{b}");
        let st = statuses(&t.owner, d.northwind).await;
        assert_eq!(st.get("delivered"), Some(&2), "{b}: {st:?}");
        let events = count(
            &t.owner,
            "SELECT COUNT(*) FROM outbox_events WHERE tenant_id = $1",
            d.northwind,
        )
        .await;
        assert!(events >= 6, "{b}: events stay");
        println!("retention ({b}): 4 of 6 delivered deliveries older than 30 days pruned with their 4 attempts; events kept");
    }
}

/// NATS JetStream on this machine (`PORTICO_TEST_NATS_URL`, e.g. nats://127.0.0.1:4222): every tenant gets its stream
/// endpoint, each event is published once to `<prefix>.<tenant>.<type>` with its id as `Nats-Msg-Id`, and a replay
/// is dropped by JetStream's de-duplication.
#[tokio::test]
async fn nats_stream_receives_each_event_once() {
    use async_nats::jetstream;
    use portico_core::outbox::sinks::nats::{NatsSettings, NatsSink};
    let Ok(url) = std::env::var("PORTICO_TEST_NATS_URL") else {
        println!("nats: PORTICO_TEST_NATS_URL not set; skipped");
        return;
    };
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let d = demo(&t.db).await;
        let tag = Uuid::now_v7().simple().to_string();
        let prefix = format!("pt{}", &tag[20..]);
        let stream = format!("PORTICO_TEST_{}", &tag[20..]);
        let sink = NatsSink::connect(NatsSettings {
            url: url.clone(),
            stream: stream.clone(),
            prefix: prefix.clone(),
            timeout: Duration::from_secs(5),
        })
        .await
        .unwrap();
        let mut sinks = Sinks::new(
            Arc::new(HttpTransport::new(Duration::from_secs(5), true).unwrap()),
            "http://portal.test",
        );
        sinks.nats = Some(Arc::new(sink));
        let relay = Relay::new(t.db.clone(), sinks, RelaySettings::default());
        assert_eq!(
            relay.ensure_streams().await.unwrap(),
            2,
            "one stream endpoint per tenant"
        );
        assert_eq!(relay.ensure_streams().await.unwrap(), 0, "and only one");
        orders(&t.db, d.northwind, d.northwind_supplier, "NATS", 5).await;
        orders(&t.db, d.contoso, d.contoso_supplier, "NATS", 3).await;
        assert!(relay.run_until_idle(Duration::from_secs(30)).await.unwrap());

        let client = async_nats::connect(url.as_str()).await.unwrap();
        let js = jetstream::new(client);
        let mut s = js.get_stream(&stream).await.unwrap();
        assert_eq!(s.info().await.unwrap().state.messages, 8);
        let mut subjects = HashMap::<String, u32>::new();
        for seq in 1..=8u64 {
            let m = s.get_raw_message(seq).await.unwrap();
            let envelope: serde_json::Value = serde_json::from_slice(&m.payload).unwrap();
            let id = m
                .headers
                .get("Nats-Msg-Id")
                .map(|v| v.to_string())
                .unwrap_or_default();
            assert_eq!(envelope["id"].as_str().unwrap(), id);
            *subjects.entry(m.subject.to_string()).or_default() += 1;
        }
        let received = "org.portico.purchase_order.received.v1";
        let slugs: HashMap<Uuid, String> =
            on_db!(&t.owner, pool => sqlx::query_as::<_, (Uuid, String)>(
        "SELECT id, slug FROM tenants").fetch_all(pool).await)
            .unwrap()
            .into_iter()
            .collect();
        let northwind = &slugs[&d.northwind.0];
        let contoso = &slugs[&d.contoso.0];
        assert_eq!(
            subjects.get(&format!("{prefix}.{northwind}.{received}")),
            Some(&5),
            "{subjects:?}"
        );
        assert_eq!(
            subjects.get(&format!("{prefix}.{contoso}.{received}")),
            Some(&3),
            "{subjects:?}"
        );

        // A replay publishes again with the same ids: JetStream keeps one copy.
        on_db!(&t.owner, pool => sqlx::query(
        "UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1")
        .bind(OffsetDateTime::now_utc()).execute(pool).await.map(|_| ()))
        .unwrap();
        assert!(relay.run_until_idle(Duration::from_secs(30)).await.unwrap());
        assert_eq!(
            s.info().await.unwrap().state.messages,
            8,
            "duplicates dropped"
        );
        js.delete_stream(&stream).await.unwrap();
        println!("nats ({b}): 8 events from 2 tenants published once each on {prefix}.<tenant>.<type>; replay of 8 -> 0 new messages");
        t.cleanup().await;
    }
}
