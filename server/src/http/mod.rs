//! HTTP endpoints outside the Leptos pages, and middleware.

pub mod api;
pub mod events;
pub mod health;
pub mod metrics;
pub mod security;
