//! Server functions, one file per area. Each takes state and session from context, calls one core service, maps
//! the error and returns a DTO.

pub mod account;
pub mod answer_files;
pub mod auth;
pub mod bank_details;
pub mod delays;
pub mod edi;
pub mod exceptions;
pub mod integration;
pub mod invoices;
pub mod links;
pub mod mfa;
pub mod notifications;
pub mod people;
pub mod policies;
pub mod purchase_orders;
pub mod scorecards;
pub mod shipping;
pub mod supplier_documents;
pub mod supplier_profiles;
pub mod suppliers;
