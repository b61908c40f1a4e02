//! Components shared by several pages.

pub mod badge;
pub mod layout;
pub mod problem;
