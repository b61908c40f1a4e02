//! Canonical events: the catalogue of versioned types, the CloudEvents 1.0 envelope, and recording an event in the
//! transactional outbox. See `docs/EVENTS.md`.
//!
//! An event is written by [`record`] in the same transaction as the change it reports, so it exists if and only if
//! the change was committed. Its envelope is stored as the exact JSON text that will be delivered (and signed).

use crate::db::{self, Tx};
use crate::CoreError;
use portico_domain::{PoLine, SupplierId, TenantId};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

mod acknowledged;
mod bank;
mod commented;
mod delayed;
mod documents;
mod exceptions;
mod invoiced;
mod onboarding;
mod profile;
mod received;
mod reviewed;
mod shipped;

pub use acknowledged::{
    AckLinePayload, AckOrderRef, AckPayload, Answered, PurchaseOrderAcknowledged, SchedulePayload,
};
pub use bank::{
    BankAccountPayload, BankAccountPayloadV2, BankChangePayload, BankDetailsChange,
    BankDetailsChangeV2,
};
pub use commented::{CommentPayload, CommentedOrder, PurchaseOrderCommentAdded};
pub use delayed::{DelayPayload, DelayedLinePayload, SupplierDelayReported};
pub use documents::{SupplierDocumentPayload, SupplierDocumentUploaded};
pub use exceptions::{
    ExceptionDocument, ExceptionOpened, ExceptionPayload, ExceptionResolved, ResolutionPayload,
};
pub use invoiced::{
    ChargePayload, CreditLinePayload, CreditMemoSubmitted, CreditedInvoice, InvoiceLinePayload,
    InvoicePayload, InvoiceStatusChanged, InvoiceSubmitted, InvoicedOrder, StatusPayload,
    TaxPayload,
};
pub use onboarding::SupplierActivated;
pub use profile::{
    ProfileFieldChange, SupplierProfileReturned, SupplierProfileSubmitted, SupplierProfileUpdated,
};
pub use received::{NoticeRef, OrderRef, ReceiptPayload, ReceiptRecorded, ReceivedLinePayload};
pub use reviewed::{PurchaseOrderChangeReviewed, ReviewPayload, ReviewedAck, ReviewedOrder};
pub use shipped::{
    NoticePayload, PackagePayload, PackedItemPayload, ShipNoticeEvent, ShippedLinePayload,
    ShippedOrderPayload,
};

/// The CloudEvents specification version of every envelope.
pub const SPEC_VERSION: &str = "1.0";

/// Where the JSON Schemas of event payloads are served (and kept in the repository under `schemas/events/`).
pub const SCHEMA_BASE: &str = "/api/events/schemas/";

/// The catalogue: every event type Portico emits. A name never changes meaning; a breaking change is a new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    PurchaseOrderReceived,
    PurchaseOrderAcknowledged,
    PurchaseOrderChangeReviewed,
    PurchaseOrderCommentAdded,
    ShipNoticeSubmitted,
    ShipNoticeCorrected,
    ShipNoticeCancelled,
    ReceiptRecorded,
    InvoiceSubmitted,
    CreditMemoSubmitted,
    InvoiceStatusChanged,
    DeliveryFailed,
    ExceptionOpened,
    ExceptionResolved,
    SupplierDelayReported,
    SupplierBankDetailsChangeRequested,
    SupplierBankDetailsChangeApproved,
    SupplierBankDetailsChangeRejected,
    SupplierBankDetailsChangeWithdrawn,
    SupplierBankDetailsChangeRequestedV2,
    SupplierBankDetailsChangeApprovedV2,
    SupplierBankDetailsChangeRejectedV2,
    SupplierBankDetailsChangeWithdrawnV2,
    SupplierDocumentUploaded,
    SupplierActivated,
    SupplierProfileSubmitted,
    SupplierProfileReturned,
    SupplierProfileUpdated,
}

impl EventType {
    /// Every type, for the published catalogue and the golden-file tests.
    pub const ALL: [EventType; 28] = [
        EventType::PurchaseOrderReceived,
        EventType::PurchaseOrderAcknowledged,
        EventType::PurchaseOrderChangeReviewed,
        EventType::PurchaseOrderCommentAdded,
        EventType::ShipNoticeSubmitted,
        EventType::ShipNoticeCorrected,
        EventType::ShipNoticeCancelled,
        EventType::ReceiptRecorded,
        EventType::InvoiceSubmitted,
        EventType::CreditMemoSubmitted,
        EventType::InvoiceStatusChanged,
        EventType::DeliveryFailed,
        EventType::ExceptionOpened,
        EventType::ExceptionResolved,
        EventType::SupplierDelayReported,
        EventType::SupplierBankDetailsChangeRequested,
        EventType::SupplierBankDetailsChangeApproved,
        EventType::SupplierBankDetailsChangeRejected,
        EventType::SupplierBankDetailsChangeWithdrawn,
        EventType::SupplierBankDetailsChangeRequestedV2,
        EventType::SupplierBankDetailsChangeApprovedV2,
        EventType::SupplierBankDetailsChangeRejectedV2,
        EventType::SupplierBankDetailsChangeWithdrawnV2,
        EventType::SupplierDocumentUploaded,
        EventType::SupplierActivated,
        EventType::SupplierProfileSubmitted,
        EventType::SupplierProfileReturned,
        EventType::SupplierProfileUpdated,
    ];

    /// The reverse-DNS, versioned type name (the envelope's `type`).
    pub fn name(self) -> &'static str {
        match self {
            EventType::PurchaseOrderReceived => "org.portico.purchase_order.received.v1",
            EventType::PurchaseOrderAcknowledged => "org.portico.purchase_order.acknowledged.v1",
            EventType::PurchaseOrderChangeReviewed => {
                "org.portico.purchase_order.change_reviewed.v1"
            }
            EventType::PurchaseOrderCommentAdded => "org.portico.purchase_order.comment_added.v1",
            EventType::ShipNoticeSubmitted => "org.portico.ship_notice.submitted.v1",
            EventType::ShipNoticeCorrected => "org.portico.ship_notice.corrected.v1",
            EventType::ShipNoticeCancelled => "org.portico.ship_notice.cancelled.v1",
            EventType::ReceiptRecorded => "org.portico.receipt.recorded.v1",
            EventType::InvoiceSubmitted => "org.portico.invoice.submitted.v1",
            EventType::CreditMemoSubmitted => "org.portico.credit_memo.submitted.v1",
            EventType::InvoiceStatusChanged => "org.portico.invoice.status_changed.v1",
            EventType::DeliveryFailed => "org.portico.delivery.failed.v1",
            EventType::ExceptionOpened => "org.portico.exception.opened.v1",
            EventType::ExceptionResolved => "org.portico.exception.resolved.v1",
            EventType::SupplierDelayReported => "org.portico.supplier.delay_reported.v1",
            EventType::SupplierBankDetailsChangeRequested => {
                "org.portico.supplier.bank_details_change_requested.v1"
            }
            EventType::SupplierBankDetailsChangeApproved => {
                "org.portico.supplier.bank_details_change_approved.v1"
            }
            EventType::SupplierBankDetailsChangeRejected => {
                "org.portico.supplier.bank_details_change_rejected.v1"
            }
            EventType::SupplierBankDetailsChangeWithdrawn => {
                "org.portico.supplier.bank_details_change_withdrawn.v1"
            }
            EventType::SupplierBankDetailsChangeRequestedV2 => {
                "org.portico.supplier.bank_details_change_requested.v2"
            }
            EventType::SupplierBankDetailsChangeApprovedV2 => {
                "org.portico.supplier.bank_details_change_approved.v2"
            }
            EventType::SupplierBankDetailsChangeRejectedV2 => {
                "org.portico.supplier.bank_details_change_rejected.v2"
            }
            EventType::SupplierBankDetailsChangeWithdrawnV2 => {
                "org.portico.supplier.bank_details_change_withdrawn.v2"
            }
            EventType::SupplierDocumentUploaded => "org.portico.supplier.document_uploaded.v1",
            EventType::SupplierActivated => "org.portico.supplier.activated.v1",
            EventType::SupplierProfileSubmitted => "org.portico.supplier.profile_submitted.v1",
            EventType::SupplierProfileReturned => "org.portico.supplier.profile_returned.v1",
            EventType::SupplierProfileUpdated => "org.portico.supplier.profile_updated.v1",
        }
    }

    /// The newer version that replaced this type, if one did. A superseded type is still recorded (beside its
    /// successor, where it can express the fact) for endpoints that name it; a `*` filter takes current types only.
    pub fn superseded_by(self) -> Option<EventType> {
        match self {
            EventType::SupplierBankDetailsChangeRequested => {
                Some(EventType::SupplierBankDetailsChangeRequestedV2)
            }
            EventType::SupplierBankDetailsChangeApproved => {
                Some(EventType::SupplierBankDetailsChangeApprovedV2)
            }
            EventType::SupplierBankDetailsChangeRejected => {
                Some(EventType::SupplierBankDetailsChangeRejectedV2)
            }
            EventType::SupplierBankDetailsChangeWithdrawn => {
                Some(EventType::SupplierBankDetailsChangeWithdrawnV2)
            }
            _ => None,
        }
    }

    /// Whether a type filter's `*` takes this type: every type not superseded by a newer version.
    pub fn is_current(self) -> bool {
        self.superseded_by().is_none()
    }

    /// The short name without the namespace, as used for schema and golden file names.
    pub fn short_name(self) -> &'static str {
        self.name().trim_start_matches("org.portico.")
    }

    /// The type with this name, if Portico has one (for subscription filters).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The payload's JSON Schema (from `schemas/events/`, compiled in so every build serves the schemas it emits).
    pub fn schema(self) -> &'static str {
        match self {
            EventType::PurchaseOrderReceived => {
                include_str!("../../schemas/events/purchase_order.received.v1.json")
            }
            EventType::PurchaseOrderAcknowledged => {
                include_str!("../../schemas/events/purchase_order.acknowledged.v1.json")
            }
            EventType::PurchaseOrderChangeReviewed => {
                include_str!("../../schemas/events/purchase_order.change_reviewed.v1.json")
            }
            EventType::PurchaseOrderCommentAdded => {
                include_str!("../../schemas/events/purchase_order.comment_added.v1.json")
            }
            EventType::ShipNoticeSubmitted => {
                include_str!("../../schemas/events/ship_notice.submitted.v1.json")
            }
            EventType::ShipNoticeCorrected => {
                include_str!("../../schemas/events/ship_notice.corrected.v1.json")
            }
            EventType::ShipNoticeCancelled => {
                include_str!("../../schemas/events/ship_notice.cancelled.v1.json")
            }
            EventType::ReceiptRecorded => {
                include_str!("../../schemas/events/receipt.recorded.v1.json")
            }
            EventType::InvoiceSubmitted => {
                include_str!("../../schemas/events/invoice.submitted.v1.json")
            }
            EventType::CreditMemoSubmitted => {
                include_str!("../../schemas/events/credit_memo.submitted.v1.json")
            }
            EventType::InvoiceStatusChanged => {
                include_str!("../../schemas/events/invoice.status_changed.v1.json")
            }
            EventType::DeliveryFailed => {
                include_str!("../../schemas/events/delivery.failed.v1.json")
            }
            EventType::ExceptionOpened => {
                include_str!("../../schemas/events/exception.opened.v1.json")
            }
            EventType::ExceptionResolved => {
                include_str!("../../schemas/events/exception.resolved.v1.json")
            }
            EventType::SupplierDelayReported => {
                include_str!("../../schemas/events/supplier.delay_reported.v1.json")
            }
            EventType::SupplierBankDetailsChangeRequested => {
                include_str!("../../schemas/events/supplier.bank_details_change_requested.v1.json")
            }
            EventType::SupplierBankDetailsChangeApproved => {
                include_str!("../../schemas/events/supplier.bank_details_change_approved.v1.json")
            }
            EventType::SupplierBankDetailsChangeRejected => {
                include_str!("../../schemas/events/supplier.bank_details_change_rejected.v1.json")
            }
            EventType::SupplierBankDetailsChangeWithdrawn => {
                include_str!("../../schemas/events/supplier.bank_details_change_withdrawn.v1.json")
            }
            EventType::SupplierBankDetailsChangeRequestedV2 => {
                include_str!("../../schemas/events/supplier.bank_details_change_requested.v2.json")
            }
            EventType::SupplierBankDetailsChangeApprovedV2 => {
                include_str!("../../schemas/events/supplier.bank_details_change_approved.v2.json")
            }
            EventType::SupplierBankDetailsChangeRejectedV2 => {
                include_str!("../../schemas/events/supplier.bank_details_change_rejected.v2.json")
            }
            EventType::SupplierBankDetailsChangeWithdrawnV2 => {
                include_str!("../../schemas/events/supplier.bank_details_change_withdrawn.v2.json")
            }
            EventType::SupplierDocumentUploaded => {
                include_str!("../../schemas/events/supplier.document_uploaded.v1.json")
            }
            EventType::SupplierActivated => {
                include_str!("../../schemas/events/supplier.activated.v1.json")
            }
            EventType::SupplierProfileSubmitted => {
                include_str!("../../schemas/events/supplier.profile_submitted.v1.json")
            }
            EventType::SupplierProfileReturned => {
                include_str!("../../schemas/events/supplier.profile_returned.v1.json")
            }
            EventType::SupplierProfileUpdated => {
                include_str!("../../schemas/events/supplier.profile_updated.v1.json")
            }
        }
    }

    /// The type whose schema file is named `file` (e.g. `purchase_order.received.v1.json`).
    pub fn from_schema_file(file: &str) -> Option<Self> {
        let short = file.strip_suffix(".json")?;
        Self::ALL.into_iter().find(|t| t.short_name() == short)
    }

    /// The URL path of the payload's JSON Schema.
    pub fn schema_path(self) -> String {
        format!("{SCHEMA_BASE}{}.json", self.short_name())
    }
}

/// A CloudEvents 1.0 structured-mode envelope with Portico's extensions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CloudEvent {
    pub specversion: String,
    pub id: Uuid,
    pub source: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub subject: String,
    /// RFC 3339, UTC.
    pub time: String,
    pub datacontenttype: String,
    pub dataschema: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub correlationid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub causationid: Option<String>,
    pub partitionkey: String,
    pub data: serde_json::Value,
}

/// An event to record: which tenant, what type, about which document, and its payload.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub tenant: TenantId,
    pub event_type: EventType,
    /// The document the event is about, e.g. `purchase-orders/{id}`.
    pub subject: String,
    /// The document's id: events of one document keep their order in partitioned consumers.
    pub document: Uuid,
    pub correlation_id: Option<String>,
    pub causation_id: Option<String>,
    pub data: serde_json::Value,
    /// The supplier the document belongs to: EDI endpoints (one per supplier profile) get only their supplier's.
    pub supplier: Option<SupplierId>,
}

/// The event types the EDI sink writes as documents (the rest never reach an EDI endpoint).
pub const EDI_TYPES: [EventType; 5] = [
    EventType::PurchaseOrderAcknowledged,
    EventType::ShipNoticeSubmitted,
    EventType::ShipNoticeCorrected,
    EventType::InvoiceSubmitted,
    EventType::CreditMemoSubmitted,
];

impl NewEvent {
    /// The envelope for this event with the given id and time (fixed in tests; [`record`] uses a fresh UUID v7 and
    /// the current time).
    pub fn envelope(&self, id: Uuid, time: OffsetDateTime) -> Result<CloudEvent, CoreError> {
        let time = time
            .to_offset(time::UtcOffset::UTC)
            .format(&Rfc3339)
            .map_err(|e| CoreError::Internal(anyhow::anyhow!("event time: {e}")))?;
        Ok(CloudEvent {
            specversion: SPEC_VERSION.to_owned(),
            id,
            source: format!("/tenants/{}", self.tenant.0),
            event_type: self.event_type.name().to_owned(),
            subject: self.subject.clone(),
            time,
            datacontenttype: "application/json".to_owned(),
            dataschema: self.event_type.schema_path(),
            correlationid: self.correlation_id.clone(),
            causationid: self.causation_id.clone(),
            partitionkey: format!("{}:{}", self.tenant.0, self.document),
            data: self.data.clone(),
        })
    }
}

/// Records an event in the outbox inside the caller's transaction (which has entered the event's tenant context),
/// with a pending delivery to each of the tenant's active endpoints that subscribe to its type. Returns the stored
/// envelope.
pub async fn record(tx: &mut Tx, event: &NewEvent) -> Result<CloudEvent, CoreError> {
    record_except(tx, event, None).await
}

/// Records the superseded version of an event recorded just before (`current`), for endpoints that still name that
/// version: only when an active endpoint of the tenant names it (`*` takes current types only), and then delivered
/// to those only. Its `causationid` is the current event's id, so a consumer seeing both knows them for one fact.
/// Returns whether it was recorded.
pub async fn record_superseded(
    tx: &mut Tx,
    event: &NewEvent,
    current: &CloudEvent,
) -> Result<bool, CoreError> {
    if !db::webhooks::named_by_an_endpoint(tx, event.tenant, event.event_type.name()).await? {
        return Ok(false);
    }
    let mut event = event.clone();
    event.causation_id = Some(current.id.to_string());
    record(tx, &event).await?;
    Ok(true)
}

/// [`record`], leaving out one endpoint from the fan-out: a `delivery.failed` event never goes to the endpoint whose
/// delivery failed.
pub async fn record_except(
    tx: &mut Tx,
    event: &NewEvent,
    except_endpoint: Option<Uuid>,
) -> Result<CloudEvent, CoreError> {
    let envelope = event.envelope(Uuid::now_v7(), OffsetDateTime::now_utc())?;
    let text = serde_json::to_string(&envelope)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("event envelope: {e}")))?;
    db::outbox::insert(
        tx,
        &db::outbox::NewOutboxRow {
            id: envelope.id,
            tenant: event.tenant,
            event_type: event.event_type.name(),
            subject: &envelope.subject,
            partition_key: &envelope.partitionkey,
            correlation_id: event.correlation_id.as_deref(),
            causation_id: event.causation_id.as_deref(),
            envelope: &text,
        },
    )
    .await?;
    db::webhooks::fan_out(
        tx,
        &db::webhooks::FanOut {
            tenant: event.tenant,
            event: envelope.id,
            event_type: event.event_type.name(),
            edi: EDI_TYPES.contains(&event.event_type),
            supplier: event.supplier,
            except_endpoint,
        },
    )
    .await?;
    Ok(envelope)
}

/// The supplier of a document, as events name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierRef {
    #[schema(value_type = String, format = Uuid)]
    pub id: SupplierId,
    pub code: String,
    pub name: String,
}

/// `purchase_order.received.v1`: a purchase order (or a new version of it) arrived and awaits acknowledgement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrderReceived {
    pub purchase_order: PurchaseOrderPayload,
}

/// A purchase order as events carry it: decimals as strings (exact), dates as `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PurchaseOrderPayload {
    pub id: Uuid,
    pub number: String,
    pub version: i32,
    pub status: String,
    pub order_date: String,
    pub currency: String,
    pub supplier: SupplierRef,
    pub ship_to: ShipTo,
    pub payment_terms: String,
    pub incoterms: Option<String>,
    pub notes: Option<String>,
    pub total: String,
    pub lines: Vec<LinePayload>,
}

/// Where the goods go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShipTo {
    pub name: String,
    pub address: String,
}

/// One ordered line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinePayload {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub quantity: String,
    pub unit_of_measure: String,
    pub unit_price: String,
    pub requested_date: Option<String>,
    pub amount: String,
}

impl PurchaseOrderPayload {
    /// The payload of an order being stored.
    pub fn from_new(
        po: &crate::db::purchase_orders::NewPoRow<'_>,
        version: i32,
        supplier: SupplierRef,
    ) -> Self {
        let total: rust_decimal::Decimal = po.lines.iter().map(PoLine::amount).sum();
        Self {
            id: po.id.0,
            number: po.number.to_owned(),
            version,
            status: po.status.code().to_owned(),
            order_date: po.order_date.to_string(),
            currency: po.currency.as_str().to_owned(),
            supplier,
            ship_to: ShipTo {
                name: po.ship_to_name.to_owned(),
                address: po.ship_to_address.to_owned(),
            },
            payment_terms: po.payment_terms.to_owned(),
            incoterms: po.incoterms.map(str::to_owned),
            notes: po.notes.map(str::to_owned),
            total: total.normalize().to_string(),
            lines: po.lines.iter().map(LinePayload::from_line).collect(),
        }
    }
}

impl PurchaseOrderPayload {
    /// The payload of a stored order (the API's representation of an order).
    pub fn from_detail(po: &portico_domain::PoDetail) -> Self {
        let total: rust_decimal::Decimal = po.lines.iter().map(PoLine::amount).sum();
        Self {
            id: po.id.0,
            number: po.number.clone(),
            version: po.version,
            status: po.status.code().to_owned(),
            order_date: po.order_date.to_string(),
            currency: po.currency.as_str().to_owned(),
            supplier: SupplierRef {
                id: po.supplier_id,
                code: po.supplier_code.clone(),
                name: po.supplier_name.clone(),
            },
            ship_to: ShipTo {
                name: po.ship_to_name.clone(),
                address: po.ship_to_address.clone(),
            },
            payment_terms: po.payment_terms.clone(),
            incoterms: po.incoterms.clone(),
            notes: po.notes.clone(),
            total: total.normalize().to_string(),
            lines: po.lines.iter().map(LinePayload::from_line).collect(),
        }
    }
}

impl LinePayload {
    /// A line as events carry it.
    pub fn from_line(line: &PoLine) -> Self {
        Self {
            line_number: line.line_number,
            buyer_item: line.buyer_item.clone(),
            supplier_part: line.supplier_part.clone(),
            description: line.description.clone(),
            quantity: line.quantity.normalize().to_string(),
            unit_of_measure: line.unit_of_measure.as_str().to_owned(),
            unit_price: line.unit_price.normalize().to_string(),
            requested_date: line.requested_date.map(|d| d.to_string()),
            amount: line.amount().normalize().to_string(),
        }
    }
}

/// An event's `data`: its payload struct as JSON.
fn payload(value: &impl Serialize) -> Result<serde_json::Value, CoreError> {
    serde_json::to_value(value)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("event payload: {e}")))
}

impl PurchaseOrderReceived {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        let data = payload(self)?;
        Ok(NewEvent {
            tenant,
            event_type: EventType::PurchaseOrderReceived,
            subject: format!("purchase-orders/{}", self.purchase_order.id),
            document: self.purchase_order.id,
            correlation_id,
            causation_id: None,
            data,
            supplier: Some(self.purchase_order.supplier.id),
        })
    }
}

/// `delivery.failed.v1`: a delivery was dead-lettered after its last attempt, or its endpoint answered 410 Gone and
/// was switched off. Written by the relay in the transaction that records the attempt, for the alerting sinks (and
/// any other endpoint that subscribes). Failures of alert endpoints themselves do not raise it (no alert loops).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryFailed {
    /// `dead_letter` or `endpoint_gone`.
    pub reason: String,
    pub delivery_id: Uuid,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub endpoint: FailedEndpoint,
    pub event: FailedEventRef,
}

/// The endpoint a failed delivery was meant for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedEndpoint {
    pub id: Uuid,
    /// `erp_webhook` or `nats`.
    pub kind: String,
    pub url: String,
    pub description: String,
}

/// The event that could not be delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedEventRef {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    pub subject: String,
}

impl DeliveryFailed {
    /// The event to record, caused by the undelivered event and carrying its correlation id.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        let data = payload(self)?;
        Ok(NewEvent {
            tenant,
            event_type: EventType::DeliveryFailed,
            subject: format!("deliveries/{}", self.delivery_id),
            document: self.delivery_id,
            correlation_id,
            causation_id: Some(self.event.id.to_string()),
            data,
            supplier: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_reverse_dns_and_versioned() {
        for t in EventType::ALL {
            assert!(t.name().starts_with("org.portico."), "{}", t.name());
            assert!(
                t.name()
                    .rsplit('.')
                    .next()
                    .is_some_and(|v| v.starts_with('v')),
                "{}",
                t.name()
            );
            assert_eq!(EventType::from_name(t.name()), Some(t));
            let version = t.name().rsplit('.').next().unwrap();
            assert!(t.schema_path().ends_with(&format!(".{version}.json")));
            // A successor is the same name one version on, and is itself current.
            if let Some(next) = t.superseded_by() {
                let base = t.name().trim_end_matches(version);
                let number: u32 = version[1..].parse().unwrap();
                assert_eq!(next.name(), format!("{base}v{}", number + 1));
                assert!(next.is_current() && !t.is_current());
            }
        }
        assert_eq!(EventType::from_name("org.portico.nothing.v1"), None);
        for t in EventType::ALL {
            let file = t.schema_path().rsplit('/').next().unwrap().to_owned();
            assert_eq!(EventType::from_schema_file(&file), Some(t));
            let schema: serde_json::Value =
                serde_json::from_str(t.schema()).expect("schema is JSON");
            assert_eq!(schema["$id"], t.schema_path());
        }
        assert_eq!(EventType::from_schema_file("../secret.json"), None);
    }
}
