//! Purchase order pages.

pub mod acknowledge;
pub mod answer_file;
pub mod detail;
pub mod list;
pub mod shared;
