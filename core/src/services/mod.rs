//! Use cases: one module per use case. The web layer calls these and nothing below them.

pub mod login;
pub mod purchase_orders;
pub mod session;
