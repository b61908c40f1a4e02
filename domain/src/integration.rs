//! The integration page of a buyer organisation: its webhook endpoints, the delivery log and replays.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// Where an endpoint's deliveries go (`webhook_endpoints.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SinkKind {
    /// The tenant's ERP or integration platform: the CloudEvents envelope, signed per Standard Webhooks.
    ErpWebhook,
    /// A chat-style incoming webhook (Slack, Teams, a pager): a short JSON text, rate-limited.
    AlertWebhook,
    /// E-mail to a list of recipients through the mail queue, rate-limited.
    AlertEmail,
    /// NATS JetStream: one message per event on `portico.<tenant>.<type>` (set up by configuration, one per tenant).
    Nats,
    /// EDI files for the buyer's gateway: one endpoint per enabled supplier EDI profile (`edi:<supplier id>`), made
    /// and switched with the profile; the relay writes the supplier's documents as X12 or EDIFACT.
    Edi,
}

impl SinkKind {
    pub const ALL: [SinkKind; 5] = [
        SinkKind::ErpWebhook,
        SinkKind::AlertWebhook,
        SinkKind::AlertEmail,
        SinkKind::Nats,
        SinkKind::Edi,
    ];

    /// The stored name (also the `sink` label of the delivery metrics).
    pub fn as_str(self) -> &'static str {
        match self {
            SinkKind::ErpWebhook => "erp_webhook",
            SinkKind::AlertWebhook => "alert_webhook",
            SinkKind::AlertEmail => "alert_email",
            SinkKind::Nats => "nats",
            SinkKind::Edi => "edi",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Alert sinks are rate-limited and fold what queued up into one message.
    pub fn is_alert(self) -> bool {
        matches!(self, SinkKind::AlertWebhook | SinkKind::AlertEmail)
    }

    /// Endpoints Portico makes itself (from configuration or an EDI profile), never added on the integration page.
    pub fn is_managed(self) -> bool {
        matches!(self, SinkKind::Nats | SinkKind::Edi)
    }
}

/// An endpoint with its delivery figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointView {
    pub id: Uuid,
    pub kind: SinkKind,
    /// The URL; `mailto:` with the recipients for e-mail alerts; `nats:<subject prefix>` for the stream.
    pub url: String,
    pub description: String,
    /// Event type names, or `*` for all.
    pub event_types: Vec<String>,
    pub created_at: OffsetDateTime,
    /// Set when switched off: by an administrator (`admin`) or by the receiver answering 410 (`gone`).
    pub disabled_at: Option<OffsetDateTime>,
    pub disabled_reason: Option<String>,
    /// While a rotated secret is still signing too, until this time.
    pub previous_secret_until: Option<OffsetDateTime>,
    pub pending: i64,
    pub delivered: i64,
    pub dead: i64,
    pub last_attempt_at: Option<OffsetDateTime>,
}

/// Status of a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Dead,
    Cancelled,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 4] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Dead,
        DeliveryStatus::Cancelled,
    ];

    /// The stored and URL code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Dead => "dead",
            DeliveryStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One line of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    pub subject: String,
    pub endpoint_id: Uuid,
    pub endpoint_url: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

/// A page of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLog {
    pub deliveries: Vec<DeliveryView>,
    /// The cursor of the next (older) page, if there is one.
    pub next: Option<String>,
}

/// One attempt of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub attempt: i32,
    pub started_at: OffsetDateTime,
    pub duration_ms: i32,
    pub status: Option<i32>,
    pub error: Option<String>,
    /// `delivered`, `retry`, `gone` or `dead`.
    pub outcome: String,
    /// What the sink did: for EDI, the document, its interchange control number and the file written.
    #[serde(default)]
    pub detail: Option<String>,
}

/// A delivery with the payload that is sent and its attempts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryDetail {
    pub delivery: DeliveryView,
    /// The CloudEvents envelope, pretty-printed.
    pub payload: String,
    pub attempts: Vec<AttemptView>,
}

/// An API key as listed (its secret is shown once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// Delivery figures of one hour, for the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourFigures {
    /// The hour's start (UTC).
    pub hour: OffsetDateTime,
    pub delivered: i64,
    /// Attempts that did not deliver (retried, gone, dead-lettered).
    pub failed: i64,
    /// Average seconds from an event's creation to its delivery, for deliveries in this hour.
    pub lag_seconds: Option<f64>,
}
