//! `supplier.bank_details_change_requested.v1`, `…_approved.v1` and `…_rejected.v1`: a supplier administrator asked
//! to change where the buyer pays the supplier (with a fresh second factor), and a buyer administrator approved or
//! rejected it (docs/SUPPLIERS.md). The request and the rejection carry the account masked; the approval carries it
//! in full, because the ERP's vendor master must pay into it — it goes only to the tenant's own endpoints.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One of the three bank account change events (same payload, type by the request's state).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankDetailsChange {
    pub request: BankChangePayload,
    pub supplier: SupplierRef,
    /// The account asked for.
    pub account: BankAccountPayload,
    /// The account in force before (masked), if there was one.
    pub previous_account: Option<BankAccountPayload>,
}

/// The request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankChangePayload {
    #[schema(format = Uuid)]
    pub id: Uuid,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub requested_by: String,
    /// RFC 3339.
    pub requested_at: String,
    /// When the requester's second factor was checked (RFC 3339).
    pub second_factor_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// Why a buyer rejected it.
    pub reason: Option<String>,
}

/// A bank account. `iban` is in full only in an approval; otherwise null, and `iban_masked` shows the country,
/// check digits and last four characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankAccountPayload {
    pub holder: String,
    pub iban: Option<String>,
    pub iban_masked: String,
    pub bic: String,
    pub bank_name: String,
    /// ISO 3166-1 alpha-2, from the IBAN.
    pub country: String,
}

impl BankDetailsChange {
    /// The event to record for this payload: `event_type` is one of the three bank change types.
    pub fn event(
        &self,
        tenant: TenantId,
        event_type: EventType,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type,
            subject: format!(
                "suppliers/{}/bank-changes/{}",
                self.supplier.id.0, self.request.id
            ),
            document: self.request.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
