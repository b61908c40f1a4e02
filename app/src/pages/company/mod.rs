//! The supplier's own company data: the company profile (`/company/profile`), bank details (`/company/bank`) and compliance documents (`/company/documents`).

pub mod bank;
pub mod documents;
pub mod profile;
