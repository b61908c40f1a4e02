//! Use cases: one module per use case. The web layer calls these and nothing below them.

pub mod accounts;
pub mod erp_api;
pub mod invitations;
pub mod login;
pub mod magic_links;
pub mod mailbox;
pub mod mfa;
pub mod password;
pub mod purchase_orders;
pub mod session;
pub mod webhooks;
