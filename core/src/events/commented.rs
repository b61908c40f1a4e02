//! `purchase_order.comment_added.v1`: the buyer or the supplier wrote in an order's comments thread.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::comments::Side;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The event's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrderCommentAdded {
    pub purchase_order: CommentedOrder,
    pub supplier: SupplierRef,
    pub comment: CommentPayload,
}

/// The order commented on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentedOrder {
    pub id: Uuid,
    pub number: String,
    pub version: i32,
}

/// The comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentPayload {
    pub id: Uuid,
    pub side: Side,
    pub author: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl PurchaseOrderCommentAdded {
    /// The event to record, with the order's correlation id.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::PurchaseOrderCommentAdded,
            subject: format!("purchase-orders/{}", self.purchase_order.id),
            document: self.purchase_order.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
