//! Translations and locale-aware formatting.
//!
//! Every user-facing string of the pages and e-mails is a message in the Fluent catalogue under `locales/`, one file
//! per language, compiled into the binary; the browser's islands get their text from the server, already translated.
//! English is the fallback. A test keeps the languages complete: every key exists in every language.

mod catalogue;
mod format;
mod locale;

pub use catalogue::{message_ids, Catalogue};
pub use format::{format_date, format_datetime, format_decimal, format_money, format_quantity};
pub use locale::Locale;
