//! Purchase order pages.

pub mod acknowledge;
pub mod detail;
pub mod list;
pub mod shared;
