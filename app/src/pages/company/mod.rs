//! The supplier's own company data: bank details (`/company/bank`) and compliance documents (`/company/documents`).

pub mod bank;
pub mod documents;
