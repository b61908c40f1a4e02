//! `supplier.activated.v1`: a buyer administrator made a supplier active — from now on it receives purchase orders
//! (docs/SUPPLIERS.md "Onboarding"). The ERP's vendor master can release the vendor for ordering on it.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};

/// The payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierActivated {
    pub supplier: SupplierRef,
    /// The name of the buyer administrator who activated it.
    pub activated_by: String,
    /// RFC 3339.
    pub activated_at: String,
}

impl SupplierActivated {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::SupplierActivated,
            subject: format!("suppliers/{}", self.supplier.id.0),
            document: self.supplier.id.0,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
