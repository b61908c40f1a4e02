//! The ERP webhook sink: one signed HTTP POST per attempt, per the Standard Webhooks specification.
//!
//! - Headers `webhook-id` (the event id, the same on every retry and replay so receivers de-duplicate),
//!   `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, two signatures
//!   while a rotated secret is still valid), plus `X-Correlation-Id` when the event has one.
//! - The body is the CloudEvents envelope exactly as stored (`application/cloudevents+json`).
//! - No redirects are followed, no proxy from the environment is used, every request has a timeout, and only public
//!   addresses are called unless development allows private ones: literal IP addresses are checked before the
//!   request, host names at resolution ([`PublicOnly`]), so a name that later resolves to 127.0.0.1 or the cloud
//!   metadata address is refused at connection time too.

use crate::delivery::{self, DestinationError};
use crate::webhooks::{self, SigningKey};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// One outbound request.
#[derive(Clone, Debug)]
pub struct Request {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// What came back: the status when there was an answer, the `Retry-After` value, or why there was none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    pub retry_after: Option<String>,
    pub error: Option<String>,
    /// Taken without an HTTP answer: JetStream acknowledged the message, alert mail was queued, an EDI file was
    /// written.
    pub accepted: bool,
    /// What the sink did, kept with the attempt (the EDI sink: document, control number and file name).
    pub detail: Option<String>,
}

impl Answer {
    /// No answer, for this reason.
    pub fn failed(error: impl Into<String>) -> Self {
        Self {
            error: Some(error.into()),
            ..Self::default()
        }
    }

    /// Taken by a sink that answers without HTTP.
    pub fn accepted() -> Self {
        Self {
            accepted: true,
            ..Self::default()
        }
    }
}

/// Sends requests. The HTTP implementation is [`HttpTransport`]; tests may put a fake in its place.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, request: Request) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>>;
}

/// The signing keys of an endpoint at the time of sending: the current one, and the previous one while its rotation
/// grace period lasts.
pub struct Keys<'a> {
    pub current: &'a str,
    pub previous: Option<&'a str>,
}

/// Builds the signed request for an event envelope. `timestamp` is Unix seconds.
pub fn signed_request(
    url: &str,
    event_id: uuid::Uuid,
    envelope: &str,
    keys: &Keys<'_>,
    correlation_id: Option<&str>,
    timestamp: i64,
) -> Result<Request, String> {
    signed_request_as(
        url,
        event_id,
        envelope,
        keys,
        correlation_id,
        timestamp,
        "application/cloudevents+json; charset=utf-8",
    )
}

/// Builds a signed request with any body and content type (alert webhooks send plain JSON).
pub fn signed_request_as(
    url: &str,
    event_id: uuid::Uuid,
    envelope: &str,
    keys: &Keys<'_>,
    correlation_id: Option<&str>,
    timestamp: i64,
    content_type: &str,
) -> Result<Request, String> {
    let mut signing = Vec::with_capacity(2);
    for secret in std::iter::once(keys.current).chain(keys.previous) {
        signing
            .push(SigningKey::parse(secret).ok_or("the endpoint's signing secret is unreadable")?);
    }
    let id = event_id.to_string();
    let signature = webhooks::signature_header(&signing, &id, timestamp, envelope.as_bytes());
    let mut headers = vec![
        ("content-type", content_type.to_owned()),
        ("webhook-id", id),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ];
    if let Some(c) = correlation_id {
        headers.push(("x-correlation-id", c.to_owned()));
    }
    Ok(Request {
        url: url.to_owned(),
        headers,
        body: envelope.to_owned(),
    })
}

/// HTTP delivery with reqwest over rustls (the platform's trust store).
pub struct HttpTransport {
    client: reqwest::Client,
    allow_private: bool,
}

impl HttpTransport {
    /// A client with the given per-request timeout (connecting gets at most 5 s of it). `allow_private` lets
    /// development send to loopback and private addresses (and plain http).
    pub fn new(timeout: Duration, allow_private: bool) -> anyhow::Result<Self> {
        use rustls_platform_verifier::ConfigVerifierExt;
        let tls = rustls::ClientConfig::with_platform_verifier()
            .map_err(|e| anyhow::anyhow!("TLS trust store: {e}"))?;
        let client = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("Portico-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(PublicOnly { allow_private }))
            .build()?;
        Ok(Self {
            client,
            allow_private,
        })
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: Request) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>> {
        Box::pin(async move {
            // Checked again at sending: the rules (or the configuration) may have changed since the endpoint was
            // added, and literal addresses never reach the resolver.
            if let Err(e) = delivery::check_url(&request.url, self.allow_private) {
                return Answer::failed(match e {
                    DestinationError::NotPublic(ip) => format!("address not allowed: {ip}"),
                    DestinationError::NotHttps => "https required".to_owned(),
                    DestinationError::Credentials => "credentials in the address".to_owned(),
                    DestinationError::Malformed => "malformed address".to_owned(),
                });
            }
            let mut builder = self.client.post(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            match builder.body(request.body).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    Answer {
                        status: Some(status),
                        retry_after,
                        error: None,
                        accepted: false,
                        detail: None,
                    }
                }
                Err(e) => Answer::failed(describe(&e)),
            }
        })
    }
}

/// A short, stable description of a failed request for the delivery log (no internal detail beyond the cause).
fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_request() {
        "request failed"
    } else {
        "failed"
    };
    let mut cause = String::new();
    let mut source = e.source();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        kind.to_owned()
    } else {
        let mut text = format!("{kind}: {cause}");
        text.truncate(300);
        text
    }
}

/// A resolver that drops non-public addresses (unless development allows them), so host names cannot be used to
/// reach loopback, private networks or cloud metadata.
struct PublicOnly {
    allow_private: bool,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || delivery::is_public(a.ip()))
                .collect();
            if allowed.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> = if found.is_empty() {
                    format!("{host} has no address").into()
                } else {
                    format!("{host} resolves only to addresses that are not allowed").into()
                };
                return Err(e);
            }
            let addrs: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn host_names_resolving_to_private_addresses_are_refused_at_connection() {
        use reqwest::dns::Resolve;
        use std::str::FromStr;
        // The resolver the client uses: `localhost` resolves, but only to loopback, so nothing is left to call.
        let name = || reqwest::dns::Name::from_str("localhost").unwrap();
        let refused = PublicOnly {
            allow_private: false,
        }
        .resolve(name())
        .await;
        let error = refused.err().expect("refused").to_string();
        assert!(error.contains("not allowed"), "{error}");
        let allowed = PublicOnly {
            allow_private: true,
        }
        .resolve(name())
        .await
        .expect("development allows loopback");
        assert!(allowed.into_iter().all(|a| a.ip().is_loopback()));

        let transport = HttpTransport::new(Duration::from_secs(2), false).unwrap();

        let literal = transport
            .send(Request {
                url: "https://169.254.169.254/latest".to_owned(),
                headers: vec![],
                body: "{}".to_owned(),
            })
            .await;
        assert_eq!(
            literal.error.as_deref(),
            Some("address not allowed: 169.254.169.254")
        );
    }

    #[test]
    fn requests_carry_the_standard_webhooks_headers_and_verify() {
        let (key, secret) = SigningKey::generate();
        let (_, old) = SigningKey::generate();
        let id = uuid::Uuid::now_v7();
        let body = r#"{"specversion":"1.0"}"#;
        let req = signed_request(
            "https://erp.example.com/hook",
            id,
            body,
            &Keys {
                current: &secret,
                previous: Some(&old),
            },
            Some("corr-1"),
            1_700_000_000,
        )
        .unwrap();
        let header = |n: &str| {
            req.headers
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(header("webhook-id"), id.to_string());
        assert_eq!(header("webhook-timestamp"), "1700000000");
        assert_eq!(header("x-correlation-id"), "corr-1");
        let signature = header("webhook-signature");
        assert_eq!(
            signature.split(' ').count(),
            2,
            "two signatures during a rotation"
        );
        webhooks::verify(
            &key,
            &signature,
            &id.to_string(),
            1_700_000_000,
            body.as_bytes(),
            1_700_000_010,
        )
        .unwrap();
        assert_eq!(req.body, body);
    }
}
