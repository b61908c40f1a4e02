//! Portico's domain model.
//!
//! Pure types shared by the server (`portico-core`, `portico`) and the browser (`portico-app` compiled to wasm):
//! identifiers, value objects that validate on construction ("parse, don't validate"), the data transfer objects the
//! pages render, and the stable error codes. Nothing here performs I/O.

pub mod acknowledgement;
pub mod attachments;
pub mod comments;
pub mod compliance;
pub mod delays;
pub mod documents;
pub mod edi;
pub mod exceptions;
pub mod ids;
pub mod integration;
pub mod invoicing;
pub mod labels;
pub mod money;
pub mod notifications;
pub mod onboarding;
pub mod paging;
pub mod people;
pub mod profile;
pub mod purchase_order;
pub mod receipts;
pub mod scorecards;
pub mod shipping;
pub mod supplier_profile;
pub mod user;

pub use ids::{PurchaseOrderId, SupplierId, TenantId, UserId};
pub use money::{CurrencyCode, UnitOfMeasure};
pub use paging::{InboxCursor, InboxFilter, Page, PagingError};
pub use people::{InvitationView, Member, PendingInvitation, PeopleView, SupplierOption};
pub use purchase_order::{PoDetail, PoLine, PoStatus, PoSummary};
pub use user::{
    AccountOffer, CurrentUser, DocumentGrant, DocumentLinkView, Email, MembershipRole,
    MfaEnrolment, MfaPolicy, MfaStatus, SessionInfo, TokenProblem, Workspace, WorkspaceChoice,
};
