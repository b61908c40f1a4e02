//! `supplier.delay_reported.v1`: a supplier reported a delay — a new promised date and a reason — for open order
//! lines; every line it moved is listed with its previous date and what is still to ship, so the ERP recomputes
//! available-to-promise from one event.

use super::{payload, EventType, NewEvent, OrderRef, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `supplier.delay_reported.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierDelayReported {
    pub report: DelayPayload,
    pub supplier: SupplierRef,
    pub lines: Vec<DelayedLinePayload>,
}

/// The report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DelayPayload {
    #[schema(format = Uuid)]
    pub id: Uuid,
    /// The new promised date of every line listed.
    pub new_date: String,
    /// `capacity`, `material`, `transport`, `quality`, `force_majeure` or `other`.
    pub reason: String,
    pub note: Option<String>,
    /// RFC 3339.
    pub reported_at: String,
}

/// One line the report moved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DelayedLinePayload {
    pub purchase_order: OrderRef,
    pub line_number: i32,
    pub buyer_item: String,
    pub unit_of_measure: String,
    /// Promised and not yet shipped; decimal as a string.
    pub open_quantity: String,
    pub previous_date: String,
    pub new_date: String,
}

impl SupplierDelayReported {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::SupplierDelayReported,
            subject: format!("delay-reports/{}", self.report.id),
            document: self.report.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
