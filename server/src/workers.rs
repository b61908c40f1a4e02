//! Background workers started with the server.

use portico_core::mail::{deliver_due, Transport};
use portico_core::Db;
use std::time::Duration;

/// How often the mail worker looks for queued messages.
const MAIL_POLL: Duration = Duration::from_secs(1);

/// Delivers queued mail for as long as the process runs. A failed pass is logged and retried on the next tick; a
/// message that cannot be delivered is retried with backoff by [`deliver_due`].
pub fn spawn_mail_delivery(db: Db, transport: Transport) {
    tracing::info!(transport = ?transport, "mail delivery started");
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(MAIL_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&db, &transport).await {
                tracing::warn!(error = %e, "mail delivery pass failed");
            }
        }
    });
}

/// Runs the event relay until `stop` turns true (see `portico_core::outbox`).
pub fn spawn_relay(
    relay: portico_core::outbox::Relay,
    stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move { relay.run(stop).await })
}

/// How often the EDI inbound directories are looked at.
const EDI_POLL: Duration = Duration::from_secs(5);

/// Imports files put in the EDI inbound directories under `root` for as long as the process runs (see
/// `portico_core::services::edi_directory`). A failed pass is logged and tried again on the next tick.
pub fn spawn_edi_directory(db: Db, root: std::path::PathBuf, public_url: String) {
    use portico_core::services::edi_directory;
    tracing::info!(root = %root.display(), "EDI directory transport started");
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EDI_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match edi_directory::scan(&db, &root, &public_url).await {
                Ok(r) if r.imported + r.rejected > 0 => {
                    tracing::info!(
                        imported = r.imported,
                        rejected = r.rejected,
                        "EDI files taken"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "EDI directory pass failed"),
            }
        }
    });
}

/// How often the notification jobs look for reminders and digests due.
const JOBS_POLL: Duration = Duration::from_secs(60);

/// Sends acknowledgement and document expiry reminders and the daily digests for as long as the process runs (see
/// `portico_core::services::notifications`; each job holds a lease, so several servers may run this).
pub fn spawn_notification_jobs(db: Db, public_url: String) {
    use portico_core::services::notifications;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(JOBS_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc();
            match notifications::remind_due(&db, &public_url, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "acknowledgement reminders sent"),
                Err(e) => tracing::warn!(error = %e, "acknowledgement reminder pass failed"),
            }
            match portico_core::services::exceptions::detect_overdue(&db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(exceptions = n, "overdue exceptions opened"),
                Err(e) => tracing::warn!(error = %e, "overdue exception pass failed"),
            }
            match portico_core::services::scorecards::refresh(&db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(supplier_days = n, "scorecard days stored"),
                Err(e) => tracing::warn!(error = %e, "scorecard pass failed"),
            }
            match portico_core::services::supplier_documents::remind_due(&db, &public_url, now)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "document expiry reminders sent"),
                Err(e) => tracing::warn!(error = %e, "document reminder pass failed"),
            }
            match notifications::send_digests(&db, &public_url, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(digests = n, "daily digests sent"),
                Err(e) => tracing::warn!(error = %e, "daily digest pass failed"),
            }
        }
    });
}
