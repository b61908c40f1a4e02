//! Handing queued messages to a mail transport, with retries.

use crate::db::{self, Db};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where queued messages go. Built by the server from its settings.
#[derive(Clone)]
pub enum Transport {
    /// Nothing leaves the machine: messages stay in the queue, readable in the development mailbox
    /// (`/dev/mailbox`), and each is noted in the log. The embedded default, so invitations and password resets work
    /// without an SMTP server.
    Dev,
    /// An SMTP server (relay or submission port).
    Smtp {
        mailer: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Dev => f.write_str("Transport::Dev"),
            Transport::Smtp { from, .. } => write!(f, "Transport::Smtp(from {from})"),
        }
    }
}

/// Attempts before a message is given up on (its row stays, with the last error, for an operator to see).
pub const MAX_ATTEMPTS: i32 = 8;

/// Seconds to wait before attempt `n + 1` after `n` failures: 30 s doubling, at most an hour.
pub fn backoff_secs(failures: i32) -> i64 {
    let shift = u32::try_from(failures.clamp(0, 7)).unwrap_or(7);
    (30i64 << shift).min(3600)
}

/// Delivers every due message once. Returns how many were delivered.
pub async fn deliver_due(db: &Db, transport: &Transport) -> Result<usize, sqlx::Error> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut delivered = 0;
    for mail in db::mail::due(db, now, 50).await? {
        match transport {
            Transport::Dev => {
                tracing::info!(mail = %mail.id, subject = %mail.subject, "mail kept in the development mailbox");
                db::mail::mark_sent(db, mail.id, false).await?;
                delivered += 1;
            }
            Transport::Smtp { mailer, from } => match send(mailer, from, &mail).await {
                Ok(()) => {
                    db::mail::mark_sent(db, mail.id, true).await?;
                    delivered += 1;
                }
                Err(e) => {
                    let failures = mail.attempts + 1;
                    let next = if failures >= MAX_ATTEMPTS {
                        tracing::error!(mail = %mail.id, error = %e, "mail given up after {failures} attempts");
                        i64::MAX / 2
                    } else {
                        tracing::warn!(mail = %mail.id, error = %e, "mail delivery failed; will retry");
                        now + backoff_secs(failures)
                    };
                    db::mail::mark_failed(db, mail.id, &e, next).await?;
                }
            },
        }
    }
    Ok(delivered)
}

async fn send(
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    mail: &db::mail::QueuedMail,
) -> Result<(), String> {
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|e| format!("recipient: {e}"))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            mail.text_body.clone().unwrap_or_default(),
            mail.html_body.clone().unwrap_or_default(),
        ))
        .map_err(|e| format!("message: {e}"))?;
    mailer
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(super::backoff_secs(1), 60);
        assert_eq!(super::backoff_secs(3), 240);
        assert_eq!(super::backoff_secs(10), 3600);
    }
}
