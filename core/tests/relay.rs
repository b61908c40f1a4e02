//! The relay against a real HTTP receiver on every configured backend (RELIABILITY.md checks 20–24 in miniature; the
//! reliability script runs them at scale): signatures verify, the receiver de-duplicates, answers follow the delivery
//! rules, one tenant's hanging endpoint never holds another's deliveries, and two relays on PostgreSQL never claim
//! the same delivery. Each test prints its figures.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use portico_core::db::purchase_orders::NewPoRow;
use portico_core::db::{Context, Db};
use portico_core::events::SupplierRef;
use portico_core::outbox::sinks::erp_webhook::HttpTransport;
use portico_core::outbox::{Relay, RelaySettings};
use portico_core::services::purchase_orders;
use portico_core::testing::{sign_in, TestDb};
use portico_core::webhooks::{self, SigningKey};
use portico_core::{on_db, seed, Scope};
use portico_domain::{
    CurrencyCode, PoLine, PoStatus, PurchaseOrderId, SupplierId, TenantId, UnitOfMeasure, UserId,
};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

/// How a test receiver endpoint answers: a fixed status, a hang, or a script of statuses per attempt.
#[derive(Clone)]
enum Behaviour {
    Status(u16),
    Hang(Duration),
    /// Statuses for the 1st, 2nd, … request of each message; the last one repeats.
    Script(Vec<(u16, Option<&'static str>)>),
}

#[derive(Default)]
struct Seen {
    /// Requests per endpoint name.
    requests: HashMap<String, u32>,
    /// Requests per message id (all endpoints).
    per_message: HashMap<String, u32>,
    /// Message ids whose effect was applied once (what a de-duplicating receiver does).
    applied: HashSet<String>,
    duplicates: u32,
    bad_signatures: u32,
    /// When each accepted message arrived, per endpoint name.
    arrivals: HashMap<String, Vec<Instant>>,
}

#[derive(Clone)]
struct Receiver {
    keys: Arc<Mutex<HashMap<String, (SigningKey, Behaviour)>>>,
    seen: Arc<Mutex<Seen>>,
}

async fn hook(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let Some((key, behaviour)) = r.keys.lock().unwrap().get(&name).cloned() else {
        return (StatusCode::NOT_FOUND, [("retry-after", "")]).into_response();
    };
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let id = h("webhook-id");
    let ts: i64 = h("webhook-timestamp").parse().unwrap_or(0);
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let valid = webhooks::verify(&key, &h("webhook-signature"), &id, ts, body.as_bytes(), now)
        .is_ok()
        && serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["id"].as_str().map(|s| s == id))
            .unwrap_or(false);
    let nth = {
        let mut seen = r.seen.lock().unwrap();
        *seen.requests.entry(name.clone()).or_default() += 1;
        let n = {
            let n = seen.per_message.entry(id.clone()).or_default();
            *n += 1;
            *n
        };
        if !valid {
            seen.bad_signatures += 1;
        }
        n
    };
    if !valid {
        return (StatusCode::UNAUTHORIZED, [("retry-after", "")]).into_response();
    }
    let (status, retry_after) = match behaviour {
        Behaviour::Status(s) => (s, None),
        Behaviour::Hang(d) => {
            tokio::time::sleep(d).await;
            (200, None)
        }
        Behaviour::Script(steps) => {
            let i = (nth as usize - 1).min(steps.len() - 1);
            steps[i]
        }
    };
    if (200..300).contains(&status) {
        let mut seen = r.seen.lock().unwrap();
        if seen.applied.insert(id) {
            seen.arrivals.entry(name).or_default().push(Instant::now());
        } else {
            seen.duplicates += 1;
        }
    }
    (
        StatusCode::from_u16(status).unwrap(),
        [("retry-after", retry_after.unwrap_or(""))],
    )
        .into_response()
}

impl Receiver {
    /// Starts a receiver on a free loopback port; returns it and its base URL.
    async fn start() -> (Self, String) {
        let r = Receiver {
            keys: Arc::default(),
            seen: Arc::default(),
        };
        let app = Router::new()
            .route("/hook/{name}", post(hook))
            .with_state(r.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (r, base)
    }

    fn expect(&self, name: &str, secret: &str, behaviour: Behaviour) {
        self.keys.lock().unwrap().insert(
            name.to_owned(),
            (SigningKey::parse(secret).unwrap(), behaviour),
        );
    }
}

/// Adds an endpoint for `tenant` directly (as a buyer administrator would) and returns its id and secret.
async fn endpoint(db: &Db, tenant: TenantId, by: UserId, url: &str, types: &str) -> (Uuid, String) {
    let (_, secret) = SigningKey::generate();
    let id = Uuid::now_v7();
    let mut tx = db.write(&Context::tenant(tenant)).await.unwrap();
    portico_core::db::webhooks::insert_endpoint(
        &mut tx,
        &portico_core::db::webhooks::NewEndpointRow {
            tenant,
            id,
            url,
            event_types: types,
            description: "",
            secret: &secret,
            created_by: by,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (id, secret)
}

/// Receives `n` purchase orders for `tenant` (one `purchase_order.received` event each).
async fn orders(db: &Db, tenant: TenantId, supplier: SupplierId, prefix: &str, n: usize) {
    let currency = CurrencyCode::parse("EUR").unwrap();
    let lines = vec![PoLine {
        line_number: 10,
        buyer_item: "300-3100".into(),
        supplier_part: None,
        description: "Void fill paper roll".into(),
        quantity: Decimal::from(5),
        unit_of_measure: UnitOfMeasure::parse("RL").unwrap(),
        unit_price: Decimal::from(42),
        requested_date: None,
    }];
    for i in 0..n {
        let number = format!("{prefix}-{i}");
        let po = NewPoRow {
            id: PurchaseOrderId(Uuid::now_v7()),
            supplier_id: supplier,
            number: &number,
            status: PoStatus::New,
            order_date: time::macros::date!(2026 - 11 - 27),
            currency: &currency,
            ship_to_name: "DC",
            ship_to_address: "Somewhere 1",
            payment_terms: "Net 30",
            incoterms: None,
            notes: None,
            lines: &lines,
        };
        let sref = SupplierRef {
            id: supplier,
            code: "ACME".into(),
            name: "Acme".into(),
        };
        let mut tx = db.write(&Context::tenant(tenant)).await.unwrap();
        purchase_orders::receive(
            &mut tx,
            &Scope::tenant(tenant),
            &po,
            sref,
            Some(format!("corr-{number}")),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

struct Demo {
    northwind: TenantId,
    northwind_admin: UserId,
    northwind_supplier: SupplierId,
    contoso: TenantId,
    contoso_buyer: UserId,
    contoso_supplier: SupplierId,
}

async fn demo(db: &Db) -> Demo {
    seed::seed_demo(db).await.unwrap();
    seed::seed_other_tenant(db).await.unwrap();
    let admin = sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
        .await
        .unwrap()
        .user;
    let anna = sign_in(db, "anna@acme.example", seed::DEMO_PASSWORD)
        .await
        .unwrap()
        .user;
    let olga = sign_in(db, "buyer@contoso.example", seed::DEMO_PASSWORD)
        .await
        .unwrap()
        .user;
    let ivan = sign_in(db, "sales@acme-contoso.example", seed::DEMO_PASSWORD)
        .await
        .unwrap()
        .user;
    Demo {
        northwind: admin.workspace.tenant_id,
        northwind_admin: admin.id,
        northwind_supplier: SupplierId(anna.workspace.supplier_id.unwrap().0),
        contoso: olga.workspace.tenant_id,
        contoso_buyer: olga.id,
        contoso_supplier: SupplierId(ivan.workspace.supplier_id.unwrap().0),
    }
}

fn relay(db: &Db, timeout: Duration) -> Relay {
    let transport = HttpTransport::new(timeout, true).unwrap();
    Relay::new(db.clone(), Arc::new(transport), RelaySettings::default())
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
        // The flaky endpoint received the two new orders as well.
        assert_eq!(
            statuses(&t.owner, d.northwind).await.get("delivered"),
            Some(&5),
            "{b}"
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
