//! The buyer's pages about suppliers' master data: one supplier's bank details with the decision on a requested
//! change (`/suppliers/:id/bank`), every change waiting for review (`/suppliers/bank-changes`), every supplier's
//! compliance documents (`/suppliers/documents`) and one supplier's (`/suppliers/:id/documents`), the list of
//! suppliers with onboarding (`/suppliers`, `/suppliers/new`), one supplier's profile with the decision on a proposal
//! (`/suppliers/:id/profile`) and the approval rules per field (`/suppliers/profile-rules`).

pub mod bank;
pub mod bank_changes;
pub mod documents;
pub mod list;
pub mod new;
pub mod profile;
pub mod profile_rules;
pub mod supplier_documents;
