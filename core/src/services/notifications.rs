//! How people are told (docs/ACKNOWLEDGEMENTS.md "Notifications"): each person's choice per kind — at once or in
//! one daily digest across every buyer they serve ([`preferences`], [`save_preferences`]; applied where messages are
//! queued, `services::notify`) — the digest itself ([`send_digests`]) and reminders about orders waiting for their
//! acknowledgement under the buyer's deadline ([`remind_due`], [`save_deadline`]). The two jobs hold a lease in the
//! database, so with several servers one runs them at a time, and record what they sent, so nothing goes twice.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::mail::{self, Template};
use crate::services::notify;
use crate::CoreError;
use portico_domain::notifications::{
    parse_sla_hours, Delivery, NotificationKind, Preference, ReminderStage,
};
use portico_domain::{CurrentUser, Email, PurchaseOrderId, SupplierId, TenantId};
use serde_json::json;
use std::sync::OnceLock;
use time::{Duration, OffsetDateTime};

/// The hour (UTC) from which the daily digest goes out.
pub const DIGEST_HOUR: u8 = 6;

/// How long a job's lease lasts; a server that dies mid-run frees the job after this.
const LEASE: Duration = Duration::minutes(5);

/// This process's name in job leases.
fn holder() -> &'static str {
    static HOLDER: OnceLock<String> = OnceLock::new();
    HOLDER.get_or_init(|| uuid::Uuid::now_v7().simple().to_string())
}

/// The signed-in person's choice for each kind their side receives (at once unless chosen otherwise).
pub async fn preferences(db: &Db, user: &CurrentUser) -> Result<Vec<Preference>, CoreError> {
    let mut tx = db.read(&Context::user(user.id)).await?;
    let chosen = db::notifications::preferences(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(
        NotificationKind::for_side(user.workspace.role.is_buyer_side())
            .into_iter()
            .map(|kind| Preference {
                kind,
                delivery: chosen
                    .iter()
                    .find(|(k, _)| k == kind.code())
                    .and_then(|(_, d)| Delivery::parse(d))
                    .unwrap_or_default(),
            })
            .collect(),
    )
}

/// Saves the signed-in person's choices: `(kind, delivery)` codes as the form posts them.
pub async fn save_preferences(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    choices: &[(String, String)],
) -> Result<(), CoreError> {
    let mut parsed = Vec::with_capacity(choices.len());
    for (kind, delivery) in choices {
        let kind = NotificationKind::parse(kind)
            .ok_or_else(|| CoreError::validation("kind", "notify-error-kind"))?;
        let delivery = Delivery::parse(delivery)
            .ok_or_else(|| CoreError::validation(kind.code(), "notify-error-delivery"))?;
        parsed.push((kind, delivery));
    }
    let mut tx = db.write(&Context::user(user.id)).await?;
    for (kind, delivery) in &parsed {
        db::notifications::save_preference(&mut tx, user.id, kind.code(), delivery.code()).await?;
    }
    let entry =
        Entry::new(None, Some(user.id), Action::NotificationPreferencesSaved).detail(json!({
            "digest": parsed
                .iter()
                .filter(|(_, d)| *d == Delivery::Digest)
                .map(|(k, _)| k.code())
                .collect::<Vec<_>>(),
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The buyer organisation's acknowledgement deadline in hours (buyer administrators).
pub async fn deadline(db: &Db, admin: &CurrentUser) -> Result<i32, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let hours = db::notifications::deadline(&mut tx, tenant).await?;
    tx.commit().await?;
    Ok(hours)
}

/// Sets the acknowledgement deadline from what the administrator typed (whole hours, 1–720).
pub async fn save_deadline(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    text: &str,
) -> Result<i32, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let hours =
        parse_sla_hours(text).map_err(|rule| CoreError::validation("ack_sla_hours", rule))?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    db::notifications::set_deadline(&mut tx, tenant, hours).await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::AckDeadlineSaved)
        .detail(json!({ "ack_sla_hours": hours }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(hours)
}

/// Takes job `name`'s lease for this process, in its own transaction.
pub(crate) async fn lease(db: &Db, name: &str, now: OffsetDateTime) -> Result<bool, CoreError> {
    let mut tx = db.write(&Context::none()).await?;
    let taken = db::notifications::take_lease(&mut tx, name, holder(), now, now + LEASE).await?;
    tx.commit().await?;
    Ok(taken)
}

/// Reminds suppliers of orders waiting for their acknowledgement: "due soon" a day before the buyer's deadline,
/// "overdue" at it, each once per order version (as the supplier's people chose: at once or in their digest).
/// Returns how many reminders went out. Safe to run from several servers at once.
pub async fn remind_due(
    db: &Db,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    if !lease(db, "ack-reminders", now).await? {
        return Ok(0);
    }
    let mut read = db.read(&Context::relay()).await?;
    let tenants = db::notifications::tenant_deadlines(&mut read).await?;
    read.commit().await?;
    let mut sent = 0;
    for (tenant, sla_hours) in tenants {
        let tenant = TenantId(tenant);
        let mut tx = db.write(&Context::tenant(tenant)).await?;
        let organisation = db::purchase_orders::tenant_name(&mut tx, tenant).await?;
        // Overdue first: an order that is already past its deadline gets no "due soon" on top.
        for stage in [ReminderStage::Overdue, ReminderStage::DueSoon] {
            let Some(after) = stage.after_hours(sla_hours) else {
                continue;
            };
            let cutoff = now - Duration::hours(i64::from(after));
            let due =
                db::notifications::due_orders(&mut tx, tenant, stage.code(), cutoff, 200).await?;
            for (order, number, version, supplier) in due {
                if !db::notifications::record_reminder(
                    &mut tx,
                    tenant,
                    order,
                    version,
                    stage.code(),
                )
                .await?
                {
                    // Another server sent it meanwhile.
                    continue;
                }
                if stage == ReminderStage::Overdue {
                    // Past the deadline, "due soon" would come late: it counts as done.
                    db::notifications::record_reminder(
                        &mut tx,
                        tenant,
                        order,
                        version,
                        ReminderStage::DueSoon.code(),
                    )
                    .await?;
                }
                let template = Template::AckDue {
                    organisation: organisation.clone(),
                    document: number,
                    overdue: stage == ReminderStage::Overdue,
                };
                let link = notify::order_link(public_url, PurchaseOrderId(order));
                notify::supplier_people(
                    &mut tx,
                    tenant,
                    SupplierId(supplier),
                    &template,
                    &link,
                    None,
                )
                .await?;
                sent += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// Sends each person with held notifications one digest e-mail (grouped by buyer organisation), once a day from
/// [`DIGEST_HOUR`] UTC. Returns how many digests went out. Safe to run from several servers at once.
pub async fn send_digests(
    db: &Db,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    if now.hour() < DIGEST_HOUR {
        return Ok(0);
    }
    send_digests_now(db, public_url, now).await
}

/// [`send_digests`] without waiting for the hour (the day's run still happens once).
pub async fn send_digests_now(
    db: &Db,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    const JOB: &str = "daily-digest";
    if !lease(db, JOB, now).await? {
        return Ok(0);
    }
    let today = now.date();
    let mut tx = db.write(&Context::none()).await?;
    if db::notifications::last_day(&mut tx, JOB).await? == Some(today) {
        return Ok(0);
    }
    let settings = format!("{}/account#notifications", public_url.trim_end_matches('/'));
    let mut sent = 0;
    for user in db::notifications::digest_recipients(&mut tx, 5000).await? {
        let (person, items) = db::notifications::held_for(&mut tx, user).await?;
        let ids: Vec<uuid::Uuid> = items.iter().map(|i| i.0).collect();
        if let Some((email, locale)) = person {
            if let Ok(email) = Email::parse(&email) {
                let locale = locale
                    .as_deref()
                    .and_then(portico_i18n::Locale::from_tag)
                    .unwrap_or_default();
                let lines: Vec<(String, String, String)> =
                    items.into_iter().map(|(_, o, l, k)| (o, l, k)).collect();
                db::mail::enqueue(
                    &mut tx,
                    &mail::render_digest(locale, &email, &lines, &settings),
                )
                .await?;
                sent += 1;
            }
        }
        // A disabled person's items are dropped with the rest: they would never be read.
        db::notifications::mark_sent(&mut tx, &ids).await?;
    }
    db::notifications::set_last_day(&mut tx, JOB, today).await?;
    tx.commit().await?;
    Ok(sent)
}
