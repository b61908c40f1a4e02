//! The supplier's own company data: bank details (`/company/bank`).

pub mod bank;
