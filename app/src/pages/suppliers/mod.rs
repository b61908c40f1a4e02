//! The buyer's pages about suppliers' master data: one supplier's bank details with the decision on a requested
//! change (`/suppliers/:id/bank`), and every change waiting for review (`/suppliers/bank-changes`).

pub mod bank;
pub mod bank_changes;
