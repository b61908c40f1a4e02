//! The development mailbox: messages kept on this machine when no SMTP server is configured.

use crate::db::{self, mail::QueuedMail, Db};
use crate::CoreError;

/// The 50 most recent messages, newest first.
pub async fn recent(db: &Db) -> Result<Vec<QueuedMail>, CoreError> {
    Ok(db::mail::recent(db, 50).await?)
}
