//! HTTP endpoints outside the Leptos pages, and middleware.

pub mod health;
pub mod metrics;
pub mod security;
