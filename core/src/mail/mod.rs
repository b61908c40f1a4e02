//! Outgoing e-mail. A use case queues its message in the same transaction as the change that causes it
//! ([`crate::db::mail::enqueue`]); the delivery worker ([`deliver_due`]) hands queued messages to the configured
//! [`Transport`] with retries. Every message has a plain-text and an HTML part, both from the translation catalogue.

mod templates;
mod transport;

pub use templates::{escape, layout, render, render_digest, Template};
pub use transport::{deliver_due, Transport};

use portico_domain::Email;

/// A message ready to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}
