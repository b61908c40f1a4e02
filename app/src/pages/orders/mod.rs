//! Purchase order pages.

pub mod detail;
pub mod list;
pub mod shared;
