//! `purchase_order.change_reviewed.v1`: the buyer decided on a supplier's changes outside the change policy — each
//! reviewed line approved or rejected, with the comment the supplier reads — and the order moved on: acknowledged
//! when every change was approved, back to `new` (the supplier answers again) when any was rejected.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::acknowledgement::{AckOutcome, LineDecision};
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The event's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrderChangeReviewed {
    pub purchase_order: ReviewedOrder,
    pub supplier: SupplierRef,
    pub acknowledgement: ReviewedAck,
    pub review: ReviewPayload,
}

/// The order and its status after the review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewedOrder {
    pub id: Uuid,
    pub number: String,
    pub version: i32,
    pub status: String,
}

/// The answer reviewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewedAck {
    pub id: Uuid,
    pub reference: String,
}

/// The decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewPayload {
    pub id: Uuid,
    /// `approved` or `changes_rejected`.
    pub outcome: AckOutcome,
    pub comment: Option<String>,
    pub decisions: Vec<LineDecision>,
}

impl PurchaseOrderChangeReviewed {
    /// The event to record, with the order's correlation id.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::PurchaseOrderChangeReviewed,
            subject: format!("purchase-orders/{}", self.purchase_order.id),
            document: self.purchase_order.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
