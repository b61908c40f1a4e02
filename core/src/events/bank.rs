//! `supplier.bank_details_change_requested.v2`, `…_approved.v2`, `…_rejected.v2` and `…_withdrawn.v2`: a supplier
//! administrator asked to change where the buyer pays the supplier (with a fresh second factor), a buyer
//! administrator approved or rejected it, or a newer request withdrew it (docs/SUPPLIERS.md). The request and the
//! rejection carry the account masked; the approval carries it in full, because the ERP's vendor master must pay into
//! it — it goes only to the tenant's own endpoints.
//!
//! v2 names the account's scheme (an IBAN, or a US or Canadian routing code with a local account number). The v1
//! types, whose closed schemas know only IBANs, are still recorded beside v2 for IBAN accounts while an endpoint
//! names them ([`crate::events::record_superseded`]).

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One of the bank account change events (same payload, type by the request's state and version): `A` is the
/// account as the version carries it — [`BankAccountPayload`] (v1, IBAN accounts only) or [`BankAccountPayloadV2`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankDetailsChange<A = BankAccountPayload> {
    pub request: BankChangePayload,
    pub supplier: SupplierRef,
    /// The account asked for.
    pub account: A,
    /// The account in force before (masked), if there was one.
    pub previous_account: Option<A>,
}

/// The v2 bank account change events: any account scheme.
pub type BankDetailsChangeV2 = BankDetailsChange<BankAccountPayloadV2>;

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

impl<A: Serialize> BankDetailsChange<A> {
    /// The event to record for this payload: `event_type` is one of the bank change types of `A`'s version.
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

/// A bank account of any scheme. `account_number` (the IBAN, or the local account number) is in full only in an
/// approval; otherwise null, and `account_masked` shows what may be shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankAccountPayloadV2 {
    pub holder: String,
    /// `iban`, `us_aba` (US ABA routing number) or `ca_eft` (Canadian routing number).
    pub scheme: String,
    /// ISO 3166-1 alpha-2: the IBAN's, or the domestic scheme's.
    pub country: String,
    pub account_number: Option<String>,
    pub account_masked: String,
    /// A domestic account's routing code in its electronic form (nine digits; Canada: `0`, institution, transit);
    /// null for an IBAN.
    pub routing_code: Option<String>,
    /// Required with an IBAN, optional for a domestic account.
    pub bic: Option<String>,
    pub bank_name: String,
}
