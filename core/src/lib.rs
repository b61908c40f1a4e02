//! Portico's server-side core.
//!
//! - [`services`]: one module per use case; the only entry points the web layer calls.
//! - [`db`]: the database contract over SQLite and PostgreSQL; the only place with SQL.
//! - [`auth`]: password hashing and verification.
//! - [`audit`]: the hash-chained audit log.
//! - [`seed`]: the deterministic demo data set.
//!
//! The core returns [`CoreError`], never an HTTP status: mapping errors to responses is the web layer's job.

pub mod audit;
pub mod auth;
pub mod bench_data;
pub mod db;
pub mod delivery;
pub mod edi;
pub mod error;
pub mod events;
pub mod exceptions;
pub mod mail;
pub mod outbox;
pub mod scope;
pub mod seed;
pub mod services;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod webhooks;

pub use db::Db;
pub use error::CoreError;
pub use scope::Scope;
