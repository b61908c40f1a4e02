//! `exception.opened.v1` and `exception.resolved.v1`: something needs a buyer (a change to review, a late answer, a
//! short shipment, an invoice outside the tolerances …), and how it ended. Both carry the exception as it stands, so
//! an alerting rule or a ticketing system reads one event without a second request.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The exception as it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExceptionPayload {
    #[schema(format = Uuid)]
    pub id: Uuid,
    /// `changes_to_review`, `order_rejected`, `ack_overdue`, `asn_overdue`, `shipped_late`, `short_shipment`,
    /// `invoice_mismatch`, `invoice_disputed`, `delay_reported`, `delivery_failed` or `scorecard_below`.
    pub kind: String,
    /// `open` or `resolved`.
    pub status: String,
    pub document: ExceptionDocument,
    /// Empty for a failed delivery, which concerns no one supplier.
    pub supplier: Option<SupplierRef>,
    /// RFC 3339.
    pub opened_at: String,
    /// When the buyer's SLA for it ends (RFC 3339).
    pub due_at: String,
}

/// The document an exception is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExceptionDocument {
    /// `purchase_order`, `ship_notice`, `invoice`, `delivery`, `delay_report` or `scorecard` (its id the supplier's).
    pub kind: String,
    #[schema(format = Uuid)]
    pub id: Uuid,
    pub number: String,
    /// The order line, where it is about one.
    pub line_number: Option<i32>,
}

/// How it ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResolutionPayload {
    /// `accepted`, `returned`, `corrected`, `escalated`, `no_action`, or `cleared` (its cause went away).
    pub outcome: String,
    pub note: Option<String>,
    /// RFC 3339.
    pub resolved_at: String,
    /// The person, or empty when Portico closed it.
    pub resolved_by: Option<Uuid>,
}

/// `exception.opened.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExceptionOpened {
    pub exception: ExceptionPayload,
}

/// `exception.resolved.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExceptionResolved {
    pub exception: ExceptionPayload,
    pub resolution: ResolutionPayload,
}

fn event_of(
    event_type: EventType,
    exception: &ExceptionPayload,
    data: serde_json::Value,
    tenant: TenantId,
    correlation_id: Option<String>,
) -> NewEvent {
    NewEvent {
        tenant,
        event_type,
        subject: format!("exceptions/{}", exception.id),
        document: exception.id,
        correlation_id,
        causation_id: None,
        data,
        supplier: exception.supplier.as_ref().map(|s| s.id),
    }
}

impl ExceptionOpened {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(event_of(
            EventType::ExceptionOpened,
            &self.exception,
            payload(self)?,
            tenant,
            correlation_id,
        ))
    }
}

impl ExceptionResolved {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(event_of(
            EventType::ExceptionResolved,
            &self.exception,
            payload(self)?,
            tenant,
            correlation_id,
        ))
    }
}
