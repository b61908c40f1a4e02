//! The signed-in person's own pages.

pub mod security;
pub mod two_factor;
