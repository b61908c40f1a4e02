//! `supplier.document_uploaded.v1`: a supplier put a compliance document on file (a certificate, an insurance
//! confirmation, a tax form), possibly replacing an older one (docs/SUPPLIERS.md "Compliance documents"). The file
//! itself stays in Portico; the event names it by its SHA-256 so a vendor master can tell one upload from another.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierDocumentUploaded {
    pub document: SupplierDocumentPayload,
    pub supplier: SupplierRef,
}

/// A compliance document's facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierDocumentPayload {
    #[schema(format = Uuid)]
    pub id: Uuid,
    /// `certificate`, `insurance`, `tax_form` or `other`.
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DD`, if given.
    pub issued_on: Option<String>,
    /// `YYYY-MM-DD`, if the document expires.
    pub expires_on: Option<String>,
    pub file_name: String,
    pub size_bytes: i64,
    /// Lower-case hex SHA-256 of the file.
    pub sha256: String,
    pub uploaded_by: String,
    /// RFC 3339.
    pub uploaded_at: String,
    /// The document this one replaces, if any.
    #[schema(format = Uuid)]
    pub replaces: Option<Uuid>,
}

impl SupplierDocumentUploaded {
    /// The event to record for this payload.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::SupplierDocumentUploaded,
            subject: format!(
                "suppliers/{}/documents/{}",
                self.supplier.id.0, self.document.id
            ),
            document: self.document.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
