//! The supplier profile's events (docs/SUPPLIERS.md "Profile"): `supplier.profile_submitted.v1` when a supplier being
//! onboarded sends its profile for review, `supplier.profile_returned.v1` when a buyer administrator sends a proposal
//! back with comments, and `supplier.profile_updated.v1` whenever changed fields take effect — at the approval of an
//! onboarding profile (every field, from nothing), at the approval of reviewed fields, or at once for fields the
//! buyer does not review — so the ERP's vendor master stays in step.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One field with its value before and after (`null`: not given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProfileFieldChange {
    /// `legal_name`, `ordering_address`, `ship_from_address`, `remit_to_address`, `tax_id`, `registration_id`,
    /// `gs1_prefix`, `edi_capability`, `language`, `orders_contact`, `shipping_contact` or `invoicing_contact`.
    pub field: String,
    #[schema(value_type = Object)]
    pub old: serde_json::Value,
    #[schema(value_type = Object)]
    pub new: serde_json::Value,
}

/// `supplier.profile_submitted.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierProfileSubmitted {
    pub supplier: SupplierRef,
    /// The proposal under review.
    #[schema(format = Uuid)]
    pub change: Uuid,
    /// The whole profile as submitted.
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    pub submitted_by: String,
    /// RFC 3339.
    pub submitted_at: String,
}

/// `supplier.profile_returned.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierProfileReturned {
    pub supplier: SupplierRef,
    #[schema(format = Uuid)]
    pub change: Uuid,
    /// The fields the proposal would have changed.
    pub fields: Vec<String>,
    pub comment: String,
    pub returned_by: String,
    /// RFC 3339.
    pub returned_at: String,
}

/// `supplier.profile_updated.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierProfileUpdated {
    pub supplier: SupplierRef,
    /// The profile's version after the change (1 for the first approved profile).
    pub version: i64,
    pub changes: Vec<ProfileFieldChange>,
    /// The proposal approved, when the fields went through a review.
    #[schema(format = Uuid)]
    pub change: Option<Uuid>,
    /// Who proposed the change (a supplier's person).
    pub proposed_by: String,
    /// The buyer administrator who approved it, when it went through a review.
    pub approved_by: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
}

fn event(
    event_type: EventType,
    supplier: &SupplierRef,
    data: serde_json::Value,
    tenant: TenantId,
    correlation_id: Option<String>,
) -> NewEvent {
    NewEvent {
        tenant,
        event_type,
        subject: format!("suppliers/{}/profile", supplier.id.0),
        document: supplier.id.0,
        correlation_id,
        causation_id: None,
        data,
        supplier: Some(supplier.id),
    }
}

impl SupplierProfileSubmitted {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(event(
            EventType::SupplierProfileSubmitted,
            &self.supplier,
            payload(self)?,
            tenant,
            correlation_id,
        ))
    }
}

impl SupplierProfileReturned {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(event(
            EventType::SupplierProfileReturned,
            &self.supplier,
            payload(self)?,
            tenant,
            correlation_id,
        ))
    }
}

impl SupplierProfileUpdated {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(event(
            EventType::SupplierProfileUpdated,
            &self.supplier,
            payload(self)?,
            tenant,
            correlation_id,
        ))
    }
}
