//! Components shared by several pages.

pub mod badge;
pub mod bank;
pub mod documents;
pub mod layout;
pub mod problem;
pub mod profile;
pub mod settings_field;
