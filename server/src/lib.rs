//! The Portico server: configuration, start-up, HTTP wiring, sessions and telemetry. The only crate that reads
//! configuration and builds pools and clients.

pub mod config;
pub mod http;
pub mod session_store;
pub mod startup;
pub mod telemetry;
pub mod workers;
