//! Use cases: one module per use case. The web layer calls these and nothing below them.

pub mod accounts;
pub mod acknowledgements;
pub mod answer_files;
pub mod attachments;
pub mod bank_details;
pub mod change_policies;
pub mod comments;
pub mod credit_memos;
pub mod delays;
pub mod edi_directory;
pub mod edi_inbound;
pub mod edi_outbound;
pub mod edi_partners;
pub mod edi_samples;
pub mod erp_api;
pub mod exceptions;
pub mod invitations;
pub mod invoices;
pub mod login;
pub mod magic_links;
pub mod mailbox;
pub mod mfa;
pub mod notifications;
pub mod notify;
pub mod packing;
pub mod password;
pub mod purchase_orders;
pub mod receipts;
pub mod scorecards;
pub mod session;
pub mod ship_notices;
pub mod shipping_settings;
pub mod supplier_documents;
pub mod supplier_profiles;
pub mod suppliers;
pub mod webhooks;

/// The tenant of a buyer administrator, or [`crate::CoreError::Forbidden`] for anyone else.
pub(crate) fn buyer_admin_tenant(
    user: &portico_domain::CurrentUser,
) -> Result<portico_domain::TenantId, crate::CoreError> {
    if user.workspace.role == portico_domain::MembershipRole::BuyerAdmin {
        Ok(user.workspace.tenant_id)
    } else {
        Err(crate::CoreError::Forbidden)
    }
}
