//! The NATS JetStream sink (optional, enabled by configuration): every event of every tenant is published to
//! `portico.<tenant slug>.<event type>` in one stream, with the event id as `Nats-Msg-Id`, so JetStream drops a
//! message it has already stored (a retry after a lost acknowledgement, a relay that died mid-publish, a replay
//! within the stream's duplicate window). A delivery counts as delivered when JetStream has acknowledged it.
//!
//! Each tenant gets one stream endpoint (`kind = 'nats'`) when the relay starts with NATS configured
//! ([`crate::db::relay::ensure_stream_endpoints`]), so NATS deliveries are written with their event like any other,
//! appear in the delivery log, are retried and replayed the same way — and a relay without NATS configured leaves
//! them alone.

use async_nats::jetstream;
use std::time::Duration;
use tokio::sync::OnceCell;

/// The default subject prefix: subjects are `portico.<tenant>.<type>`.
pub const DEFAULT_PREFIX: &str = "portico";

/// How a relay reaches NATS.
#[derive(Clone, Debug)]
pub struct NatsSettings {
    pub url: String,
    /// The JetStream stream (created for `<prefix>.>` if it does not exist).
    pub stream: String,
    /// The first subject token ([`DEFAULT_PREFIX`]); another one lets two deployments share a NATS server.
    pub prefix: String,
    /// How long a publish may wait for its acknowledgement.
    pub timeout: Duration,
}

/// A connection to NATS for publishing events.
pub struct NatsSink {
    context: jetstream::Context,
    settings: NatsSettings,
    stream_ready: OnceCell<()>,
}

/// The subject of an event: `<prefix>.<tenant slug>.<event type>`. A slug keeps to letters, digits, `-` and `_`;
/// anything else (which NATS would read as a separator or a wildcard) becomes `_`.
pub fn subject(prefix: &str, tenant_slug: &str, event_type: &str) -> String {
    let slug: String = tenant_slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}.{slug}.{event_type}")
}

impl NatsSink {
    /// Connects (in the background: a NATS server that is down at start is retried, and publishing fails until it
    /// is up, so deliveries wait and retry).
    pub async fn connect(settings: NatsSettings) -> anyhow::Result<Self> {
        let client = async_nats::ConnectOptions::new()
            .name("portico-relay")
            .retry_on_initial_connect()
            .connect(settings.url.as_str())
            .await?;
        let mut context = jetstream::new(client);
        context.set_timeout(settings.timeout);
        Ok(Self {
            context,
            settings,
            stream_ready: OnceCell::new(),
        })
    }

    async fn ensure_stream(&self) -> Result<(), String> {
        self.stream_ready
            .get_or_try_init(|| async {
                self.context
                    .get_or_create_stream(jetstream::stream::Config {
                        name: self.settings.stream.clone(),
                        subjects: vec![format!("{}.>", self.settings.prefix)],
                        duplicate_window: Duration::from_secs(120),
                        ..Default::default()
                    })
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("NATS stream {}: {e}", self.settings.stream))
            })
            .await
            .map(|_| ())
    }

    /// Publishes one event and waits for JetStream's acknowledgement. `Ok(true)` when stored now, `Ok(false)` when
    /// JetStream already had it (a duplicate by message id); `Err` with the reason otherwise.
    pub async fn publish(
        &self,
        tenant_slug: &str,
        event_type: &str,
        event_id: uuid::Uuid,
        correlation_id: Option<&str>,
        envelope: &str,
    ) -> Result<bool, String> {
        self.ensure_stream().await?;
        let subject = subject(&self.settings.prefix, tenant_slug, event_type);
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(
            async_nats::header::NATS_MESSAGE_ID,
            event_id.to_string().as_str(),
        );
        headers.insert(
            "Content-Type",
            "application/cloudevents+json; charset=utf-8",
        );
        if let Some(c) = correlation_id {
            headers.insert("X-Correlation-Id", c);
        }
        let ack = self
            .context
            .publish_with_headers(subject, headers, envelope.to_owned().into())
            .await
            .map_err(|e| format!("NATS publish: {e}"))?
            .await
            .map_err(|e| format!("NATS acknowledgement: {e}"))?;
        Ok(!ack.duplicate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_name_tenant_and_type_and_keep_wildcards_out() {
        assert_eq!(
            subject(
                DEFAULT_PREFIX,
                "northwind",
                "org.portico.purchase_order.received.v1"
            ),
            "portico.northwind.org.portico.purchase_order.received.v1"
        );
        assert_eq!(subject("portico", "a.b*c>d e", "t"), "portico.a_b_c_d_e.t");
    }
}
