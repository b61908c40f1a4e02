//! `receipt.recorded.v1`: the buyer's ERP or WMS reported goods received — against a ship notice or order lines —
//! with the received and rejected quantities per line and the reason for what was refused.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The event's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptRecorded {
    pub receipt: ReceiptPayload,
    pub supplier: SupplierRef,
    pub lines: Vec<ReceivedLinePayload>,
}

/// The receipt's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceiptPayload {
    #[schema(format = Uuid)]
    pub id: Uuid,
    /// The ERP's receipt number.
    pub reference: String,
    pub received_on: String,
    pub ship_notice: Option<NoticeRef>,
}

/// A ship notice by id and number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeRef {
    #[schema(format = Uuid)]
    pub id: Uuid,
    pub number: String,
}

/// An order by id and number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderRef {
    #[schema(format = Uuid)]
    pub id: Uuid,
    pub number: String,
}

/// One received line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReceivedLinePayload {
    pub purchase_order: OrderRef,
    pub line_number: i32,
    pub buyer_item: String,
    pub unit_of_measure: String,
    pub received_quantity: String,
    pub rejected_quantity: String,
    pub reject_reason: Option<String>,
}

impl ReceiptRecorded {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::ReceiptRecorded,
            subject: format!("receipts/{}", self.receipt.id),
            document: self.receipt.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
