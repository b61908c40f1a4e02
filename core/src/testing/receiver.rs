//! A webhook receiver for tests and the reliability checks: it verifies Standard Webhooks signatures, applies each
//! message once (de-duplicating by `webhook-id`, as receivers are told to), and answers as told per endpoint name —
//! a status, a hang, a script of answers per attempt, or (on its raw listener) a connection dropped without an
//! answer. Chat-style alert bodies are kept as JSON.

use crate::webhooks::{self, SigningKey};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How an endpoint answers.
#[derive(Clone, Debug)]
pub enum Behaviour {
    Status(u16),
    /// Waits this long, then answers 200 (longer than the relay's timeout: a timeout).
    Hang(Duration),
    /// Hangs this long on the first request of each message, answers 204 after.
    HangFirst(Duration),
    /// Statuses (and `Retry-After`) for the 1st, 2nd, … request of each message; the last one repeats.
    Script(Vec<(u16, Option<&'static str>)>),
}

/// What the receiver saw.
#[derive(Default, Debug)]
pub struct Seen {
    /// Requests per endpoint name.
    pub requests: HashMap<String, u32>,
    /// Requests per endpoint name and message id (`name/id`).
    pub per_message: HashMap<String, u32>,
    /// `name/id` of messages whose effect was applied once (each endpoint is its own de-duplicating system).
    pub applied: HashSet<String>,
    /// Accepted messages whose id had already been applied (the effect was not applied again).
    pub duplicates: u32,
    pub bad_signatures: u32,
    /// When each applied message arrived, per endpoint name.
    pub arrivals: HashMap<String, Vec<Instant>>,
    /// Milliseconds from each applied event's `time` to its arrival, per endpoint name.
    pub latency_ms: HashMap<String, Vec<f64>>,
    /// Connections the raw listener dropped without answering.
    pub resets: u32,
    /// `name/id` of messages a `HangFirst` endpoint has hung on (the client gives up before the answer, and the
    /// request handler may be dropped mid-hang, so this is noted before hanging).
    pub hung: HashSet<String>,
}

/// Per endpoint name: the secrets whose signatures it accepts, and how it answers.
type Endpoints = HashMap<String, (Vec<SigningKey>, Behaviour)>;

/// The receiver (cheap to clone; clones share what was seen).
#[derive(Clone)]
pub struct Receiver {
    keys: Arc<Mutex<Endpoints>>,
    pub seen: Arc<Mutex<Seen>>,
    /// Chat-style alert bodies received, per endpoint name.
    pub alerts: Arc<Mutex<HashMap<String, Vec<serde_json::Value>>>>,
}

impl Receiver {
    /// Starts a receiver on a free loopback port; returns it and its base URL (`{base}/hook/{name}` for webhooks,
    /// `{base}/alert/{name}` for chat-style alerts).
    pub async fn start() -> (Self, String) {
        let r = Receiver {
            keys: Arc::default(),
            seen: Arc::default(),
            alerts: Arc::default(),
        };
        let app = Router::new()
            .route("/hook/{name}", post(hook))
            .route("/alert/{name}", post(alert_hook))
            .with_state(r.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind receiver");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (r, base)
    }

    /// Expects endpoint `name` to sign with `secret`, and sets how it answers.
    pub fn expect(&self, name: &str, secret: &str, behaviour: Behaviour) {
        self.expect_keys(name, &[secret], behaviour);
    }

    /// [`Self::expect`] accepting a signature by any of `secrets` (a receiver that already knows a rotated secret).
    pub fn expect_keys(&self, name: &str, secrets: &[&str], behaviour: Behaviour) {
        let keys = secrets
            .iter()
            .map(|s| SigningKey::parse(s).expect("whsec_ secret"))
            .collect();
        self.keys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), (keys, behaviour));
    }

    /// Starts a raw listener for endpoint `name` that drops the connection without an answer on the first request of
    /// each message (a connection reset mid-request) and answers 204 after, verifying signatures like the others.
    /// Returns its URL.
    pub async fn start_resetting(&self, name: &str, secret: &str) -> String {
        self.expect(name, secret, Behaviour::Status(204));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!(
            "http://{}/raw/{name}",
            listener.local_addr().expect("address")
        );
        let r = self.clone();
        let name = name.to_owned();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let r = r.clone();
                let name = name.clone();
                tokio::spawn(async move {
                    let Some((headers, body)) = read_request(&mut socket).await else {
                        return;
                    };
                    let (status, _) = r.handle(&name, &headers, &body, true);
                    if status == 0 {
                        r.lock().resets += 1;
                        drop(socket);
                        return;
                    }
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                    let _ = socket.write_all(reply.as_bytes()).await;
                });
            }
        });
        url
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks and counts one request; returns the status to answer (0: drop the connection) and `Retry-After`.
    fn handle(
        &self,
        name: &str,
        headers: &HashMap<String, String>,
        body: &str,
        reset_first: bool,
    ) -> (u16, Option<&'static str>) {
        let Some((keys, behaviour)) = self
            .keys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned()
        else {
            return (404, None);
        };
        let h = |n: &str| headers.get(n).cloned().unwrap_or_default();
        let id = h("webhook-id");
        let ts: i64 = h("webhook-timestamp").parse().unwrap_or(0);
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let envelope = serde_json::from_str::<serde_json::Value>(body).ok();
        let valid = keys.iter().any(|key| {
            webhooks::verify(key, &h("webhook-signature"), &id, ts, body.as_bytes(), now).is_ok()
        }) && envelope
            .as_ref()
            .and_then(|v| v["id"].as_str().map(|s| s == id))
            .unwrap_or(false);
        let nth = {
            let mut seen = self.lock();
            *seen.requests.entry(name.to_owned()).or_default() += 1;
            let n = seen.per_message.entry(format!("{name}/{id}")).or_default();
            *n += 1;
            let n = *n;
            if !valid {
                seen.bad_signatures += 1;
            }
            n
        };
        if !valid {
            return (401, None);
        }
        if reset_first && nth == 1 {
            return (0, None);
        }
        let (status, retry_after) = match behaviour {
            Behaviour::Status(s) => (s, None),
            Behaviour::Hang(_) | Behaviour::HangFirst(_) => (200, None),
            Behaviour::Script(steps) => steps[(nth as usize - 1).min(steps.len() - 1)],
        };
        if (200..300).contains(&status) {
            let latency = envelope
                .as_ref()
                .and_then(|v| v["time"].as_str().map(str::to_owned))
                .and_then(|t| {
                    OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
                })
                .map(|t| (OffsetDateTime::now_utc() - t).as_seconds_f64() * 1000.0);
            let mut seen = self.lock();
            if seen.applied.insert(format!("{name}/{id}")) {
                seen.arrivals
                    .entry(name.to_owned())
                    .or_default()
                    .push(Instant::now());
                if let Some(ms) = latency {
                    seen.latency_ms.entry(name.to_owned()).or_default().push(ms);
                }
            } else {
                seen.duplicates += 1;
            }
        }
        (status, retry_after)
    }

    /// How long endpoint `name` hangs before answering this request, if it does.
    fn hang(&self, name: &str, id: &str) -> Option<Duration> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        match keys.get(name).map(|(_, b)| b) {
            Some(Behaviour::Hang(d)) => Some(*d),
            Some(Behaviour::HangFirst(d)) => {
                let first = self.lock().hung.insert(format!("{name}/{id}"));
                first.then_some(*d)
            }
            _ => None,
        }
    }
}

async fn hook(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let map: HashMap<String, String> = headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let id = map.get("webhook-id").cloned().unwrap_or_default();
    if let Some(d) = r.hang(&name, &id) {
        tokio::time::sleep(d).await;
    }
    let (status, retry_after) = r.handle(&name, &map, &body, false);
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [("retry-after", retry_after.unwrap_or(""))],
    )
        .into_response()
}

/// A chat-style alert intake: takes any JSON body and keeps it.
async fn alert_hook(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    body: String,
) -> StatusCode {
    match serde_json::from_str(&body) {
        Ok(v) => {
            r.alerts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(name)
                .or_default()
                .push(v);
            StatusCode::OK
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

/// Reads one HTTP/1.1 request (headers lower-cased, body by `content-length`).
async fn read_request(
    socket: &mut tokio::net::TcpStream,
) -> Option<(HashMap<String, String>, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string();
    Some((headers, body))
}
