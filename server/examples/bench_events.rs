//! P2 of docs/PERFORMANCE.md: supplier actions per second turned into delivered, signed webhooks, against the lesser
//! of two baselines measured in the same run — the receiver's raw rate of signed POSTs, and the database's rate of
//! single-row commits — and the commit-to-delivery latency at low load.
//!
//! On a fresh database per backend (SQLite; PostgreSQL when `PORTICO_TEST_POSTGRES_URL` is set) with the demo data:
//! `N` orders arrive for Acme (before the endpoint exists, so they deliver nothing), a signature-checking receiver
//! listens on loopback, an ERP endpoint subscribes to `purchase_order.acknowledged`, and the relay runs in this
//! process as it does in the server. Then Acme's supplier accepts all `N` orders, 16 at a time, through the same
//! service the portal's form calls; the figure is `N` divided by the time until the receiver has verified and
//! applied the last webhook. Finally 50 more acceptances, one every 50 ms, give the latency from each event's time
//! to its arrival.
//!
//! `bench_events [orders]` (default 2000) prints one Markdown row per backend.

use portico_core::audit::RequestMeta;
use portico_core::db::{Context, Db};
use portico_core::outbox::sinks::erp_webhook::HttpTransport;
use portico_core::outbox::{Relay, RelaySettings, Sinks};
use portico_core::scope::Scope;
use portico_core::services::{acknowledgements, purchase_orders};
use portico_core::testing::receiver::{Behaviour, Receiver};
use portico_core::testing::{add_endpoint, demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::webhooks::{signature_header, SigningKey};
use portico_core::{on_db, seed};
use portico_domain::acknowledgement::AckForm;
use portico_domain::{CurrentUser, PurchaseOrderId};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const WORKERS: usize = 16;
const ACKNOWLEDGED: &str = "org.portico.purchase_order.acknowledged.v1";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let orders: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(2000);
    let mut rows = Vec::new();
    for t in TestDb::all().await? {
        let row = measure(&t, orders).await;
        t.cleanup().await;
        rows.push(row?);
    }
    println!("\n| backend | actions → delivered webhooks /s | receiver's signed POSTs /s | single-row commits /s | ratio to the lesser | commit-to-delivery p50 / p99 (ms) |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
    Ok(())
}

/// The pool size: `PORTICO_DATABASE_MAX_CONNECTIONS` as the server reads it, else the server's default.
fn pool_size(url: &str) -> anyhow::Result<u32> {
    match std::env::var("PORTICO_DATABASE_MAX_CONNECTIONS") {
        Ok(n) => Ok(n.parse()?),
        Err(_) => Ok(portico_core::db::default_pool_size(url)),
    }
}

async fn measure(t: &TestDb, orders: usize) -> anyhow::Result<String> {
    let b = t.label;
    // Portico's pool size for the actions and the relay (`PORTICO_DATABASE_MAX_CONNECTIONS` compares others).
    let db = Db::connect_app(&t.url, pool_size(&t.url)?).await?;
    let d = demo_tenants(&db).await;
    let anna = sign_in(&db, "anna@acme.example", seed::DEMO_PASSWORD)
        .await?
        .user;
    receive_orders(&db, d.northwind, d.northwind_supplier, "P2", orders + 50).await?;
    let forms = forms(&db, t, &anna, orders + 50).await?;

    let (receiver, base) = Receiver::start().await;
    let (endpoint, secret) = add_endpoint(
        &db,
        d.northwind,
        d.northwind_admin,
        &format!("{base}/hook/erp"),
        ACKNOWLEDGED,
    )
    .await;
    receiver.expect("erp", &secret, Behaviour::Status(204));

    let posts = raw_posts(&format!("{base}/hook/raw"), &receiver).await?;
    let commits = single_row_commits(&t.url).await?;

    let relay = Relay::new(
        db.clone(),
        Sinks::new(
            Arc::new(HttpTransport::new(Duration::from_secs(10), true)?),
            "http://127.0.0.1:3000",
        ),
        RelaySettings::default(),
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let r = relay.clone();
    let relay_task = tokio::spawn(async move { r.run(stopped).await });

    // Throughput: every action submitted as fast as 16 workers can, until the last webhook is applied.
    let (load, quiet) = forms.split_at(orders);
    let started = Instant::now();
    answer_all(&db, &anna, load.to_vec()).await?;
    let submitted = started.elapsed();
    wait_applied(&receiver, orders, Duration::from_secs(600)).await?;
    let elapsed = started.elapsed();
    let rate = orders as f64 / elapsed.as_secs_f64();

    // Latency at low load.
    let before = latency(&receiver).len();
    for (id, form) in quiet {
        answer(&db, &anna, *id, form).await?;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_applied(&receiver, orders + quiet.len(), Duration::from_secs(60)).await?;
    let mut quiet_latency: Vec<f64> = latency(&receiver)[before..].to_vec();
    quiet_latency.sort_by(f64::total_cmp);
    let at = |q: f64| quiet_latency[((quiet_latency.len() - 1) as f64 * q).round() as usize];
    let _ = stop.send(true);
    let _ = relay_task.await;
    db.close().await;
    let delivered: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_deliveries WHERE endpoint_id = $1 AND status = 'delivered'")
        .bind(endpoint).fetch_one(pool).await)?;
    eprintln!(
        "bench_events ({b}): {orders} acceptances submitted in {:.1} s, all delivered after {:.1} s; {delivered} \
         deliveries recorded",
        submitted.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    let lesser = posts.min(commits);
    Ok(format!(
        "| {b} | {rate:.0} | {posts:.0} | {commits:.0} | {:.2} | {:.0} / {:.0} |",
        rate / lesser,
        at(0.5),
        at(0.99)
    ))
}

/// An "accept as ordered" form for each of the supplier's `n` benchmark orders.
async fn forms(
    db: &Db,
    t: &TestDb,
    anna: &CurrentUser,
    n: usize,
) -> anyhow::Result<Vec<(PurchaseOrderId, AckForm)>> {
    let scope = Scope::of(&anna.workspace);
    let ids: Vec<Uuid> = on_db!(&t.owner, pool => sqlx::query_scalar(
        "SELECT id FROM purchase_orders WHERE number LIKE 'P2-%' ORDER BY number")
        .fetch_all(pool).await)?;
    anyhow::ensure!(ids.len() == n, "{} benchmark orders, not {n}", ids.len());
    let mut out = Vec::with_capacity(n);
    for id in ids {
        let po = purchase_orders::get(db, &scope, PurchaseOrderId(id)).await?;
        let form = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, Uuid::now_v7().to_string())
        };
        out.push((po.id, form));
    }
    Ok(out)
}

async fn answer(
    db: &Db,
    anna: &CurrentUser,
    id: PurchaseOrderId,
    form: &AckForm,
) -> anyhow::Result<()> {
    let meta = RequestMeta::default();
    match acknowledgements::submit(db, &meta, "http://127.0.0.1:3000", anna, id, form).await? {
        acknowledgements::Submitted::Applied { .. } => Ok(()),
        other => anyhow::bail!("acceptance of {id:?} not applied: {other:?}"),
    }
}

async fn answer_all(
    db: &Db,
    anna: &CurrentUser,
    forms: Vec<(PurchaseOrderId, AckForm)>,
) -> anyhow::Result<()> {
    let queue = Arc::new(forms);
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (queue, next, db, anna) = (queue.clone(), next.clone(), db.clone(), anna.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((id, form)) = queue.get(i) else {
                    return Ok::<(), anyhow::Error>(());
                };
                let meta = RequestMeta::default();
                match acknowledgements::submit(
                    &db,
                    &meta,
                    "http://127.0.0.1:3000",
                    &anna,
                    *id,
                    form,
                )
                .await?
                {
                    acknowledgements::Submitted::Applied { .. } => {}
                    other => anyhow::bail!("acceptance not applied: {other:?}"),
                }
            }
        }));
    }
    for w in workers {
        w.await??;
    }
    Ok(())
}

fn latency(receiver: &Receiver) -> Vec<f64> {
    receiver
        .seen
        .lock()
        .map(|s| s.latency_ms.get("erp").cloned().unwrap_or_default())
        .unwrap_or_default()
}

async fn wait_applied(receiver: &Receiver, want: usize, limit: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let have = latency(receiver).len();
        if have >= want {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "only {have} of {want} webhooks applied"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Baseline: signed POSTs to the receiver (which verifies each signature, as for the relay's), 16 at a time for
/// three seconds, through one HTTP client with kept-alive connections.
async fn raw_posts(url: &str, receiver: &Receiver) -> anyhow::Result<f64> {
    let (key, secret) = SigningKey::generate();
    receiver.expect("raw", &secret, Behaviour::Status(204));
    let client = reqwest::Client::new();
    let count = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(3);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (client, count, key, url) =
            (client.clone(), count.clone(), key.clone(), url.to_owned());
        workers.push(tokio::spawn(async move {
            while Instant::now() < until {
                let id = format!("msg_{}", Uuid::now_v7().simple());
                let now = time::OffsetDateTime::now_utc();
                let body = format!(
                    r#"{{"id":"{id}","type":"bench","time":"{}"}}"#,
                    now.format(&time::format_description::well_known::Rfc3339)?
                );
                let ts = now.unix_timestamp();
                let res = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("webhook-id", &id)
                    .header("webhook-timestamp", ts.to_string())
                    .header(
                        "webhook-signature",
                        signature_header(std::slice::from_ref(&key), &id, ts, body.as_bytes()),
                    )
                    .body(body)
                    .send()
                    .await?;
                anyhow::ensure!(
                    res.status().is_success(),
                    "receiver answered {}",
                    res.status()
                );
                count.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        }));
    }
    for w in workers {
        w.await??;
    }
    Ok(count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// Baseline: one-row insert transactions through a pool opened like Portico's (same driver, settings, pragmas and
/// size), 16 at a time for three seconds, into a scratch table the database's owner makes for it.
async fn single_row_commits(url: &str) -> anyhow::Result<f64> {
    let db = Db::connect(url, pool_size(url)?).await?;
    on_db!(&db, pool => sqlx::query("CREATE TABLE bench_commits (id UUID PRIMARY KEY, at TEXT NOT NULL)")
        .execute(pool).await.map(|_| ()))?;
    let count = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(3);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (db, count) = (db.clone(), count.clone());
        workers.push(tokio::spawn(async move {
            while Instant::now() < until {
                let mut tx = db.write(&Context::none()).await?;
                portico_core::on_tx!(&mut tx, conn => sqlx::query("INSERT INTO bench_commits (id, at) VALUES ($1, $2)")
                    .bind(Uuid::now_v7())
                    .bind(time::OffsetDateTime::now_utc().to_string())
                    .execute(&mut **conn).await.map(|_| ()))?;
                tx.commit().await?;
                count.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let rate = count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    on_db!(&db, pool => sqlx::query("DROP TABLE bench_commits").execute(pool).await.map(|_| ()))?;
    db.close().await;
    Ok(rate)
}
