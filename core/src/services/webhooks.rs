//! A buyer organisation's ERP webhook endpoints and their deliveries, for its administrators: adding an endpoint
//! (its signing secret is shown once), rotating the secret, switching it off and on, the delivery log and replays.
//! Operators replay from the command line ([`replay_as_operator`]). Delivery itself is the relay's (docs/EVENTS.md).

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::webhooks::{LogFilter, ReplayRange};
use crate::db::{self, Context, Db};
use crate::delivery::{self, DestinationError, SinkKind};
use crate::events::EventType;
use crate::webhooks::SigningKey;
use crate::CoreError;
use portico_domain::integration::{
    AttemptView, DeliveryDetail, DeliveryLog, DeliveryStatus, DeliveryView, EndpointView,
};
use portico_domain::{CurrentUser, TenantId, UserId};
use portico_i18n::Locale;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

/// How long a rotated secret keeps signing next to the new one, so receivers can switch without missing a message.
pub const ROTATION_GRACE: time::Duration = time::Duration::hours(24);

/// Deliveries per page of the log.
pub const LOG_PAGE: i64 = 50;

/// A new endpoint, with the secret to show its owner once.
#[derive(Clone, Debug)]
pub struct NewEndpoint {
    pub id: Uuid,
    pub secret: String,
}

/// Adds an ERP webhook endpoint for the administrator's organisation. `types` is a space- or comma-separated list of
/// event type names, or `*`; unknown names are refused by name. The URL must pass [`delivery::check_url`]
/// (`allow_private` only in development).
pub async fn add_endpoint(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    url: &str,
    types: &str,
    description: &str,
    allow_private: bool,
) -> Result<NewEndpoint, CoreError> {
    let input = EndpointInput {
        kind: SinkKind::ErpWebhook,
        target: url,
        event_types: types,
        description,
        locale: Locale::En,
    };
    add(db, meta, admin, &input, allow_private).await
}

/// An endpoint to add, as an administrator filled it in.
#[derive(Clone, Debug)]
pub struct EndpointInput<'a> {
    pub kind: SinkKind,
    /// The URL (webhooks), or the recipients' addresses separated by commas, semicolons or spaces (e-mail).
    pub target: &'a str,
    /// Event type names, or `*`. Alert endpoints take [`ALERT_DEFAULT_TYPES`] when left empty.
    pub event_types: &'a str,
    pub description: &'a str,
    /// The language of alert messages.
    pub locale: Locale,
}

/// What an alert endpoint receives unless told otherwise: failed deliveries (exceptions join with the workbench).
pub const ALERT_DEFAULT_TYPES: &str = "org.portico.delivery.failed.v1";

/// The most recipients one e-mail alert endpoint may have.
pub const MAX_RECIPIENTS: usize = 20;

/// Adds an endpoint of any kind an administrator may add (ERP webhook, alert webhook, alert e-mail; NATS stream
/// endpoints come from configuration). Mistakes are named by field: `kind`, `url` (the URL or the recipients),
/// `event_types`, `description`.
pub async fn add(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    input: &EndpointInput<'_>,
    allow_private: bool,
) -> Result<NewEndpoint, CoreError> {
    super::buyer_admin_tenant(admin)?;
    let description = input.description.trim();
    if description.chars().count() > 200 {
        return Err(CoreError::validation(
            "description",
            "webhook-description-too-long",
        ));
    }
    let target = match input.kind {
        SinkKind::Nats | SinkKind::Edi => {
            return Err(CoreError::validation("kind", "endpoint-kind-configured"))
        }
        SinkKind::AlertEmail => recipients(input.target)?,
        SinkKind::ErpWebhook | SinkKind::AlertWebhook => {
            delivery::check_url(input.target, allow_private)
                .map_err(|e| {
                    let message = match e {
                        DestinationError::NotHttps => "webhook-url-https",
                        DestinationError::Credentials => "webhook-url-credentials",
                        DestinationError::NotPublic(_) => "webhook-url-private",
                        DestinationError::Malformed => "webhook-url-invalid",
                    };
                    CoreError::validation("url", message)
                })?
                .to_string()
        }
    };
    let types = if input.kind.is_alert() && input.event_types.trim().is_empty() {
        ALERT_DEFAULT_TYPES
    } else {
        input.event_types
    };
    let names: Vec<&str> = types
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if names.is_empty() {
        return Err(CoreError::validation(
            "event_types",
            "webhook-types-missing",
        ));
    }
    if let Some(unknown) = names
        .iter()
        .find(|n| **n != "*" && EventType::from_name(n).is_none())
    {
        tracing::debug!(unknown, "webhook endpoint refused: unknown event type");
        return Err(CoreError::validation("event_types", "webhook-type-unknown"));
    }
    let (_, secret) = SigningKey::generate();
    let id = Uuid::now_v7();
    let tenant = admin.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    let event_types = names.join(" ");
    db::webhooks::insert_endpoint(
        &mut tx,
        &db::webhooks::NewEndpointRow {
            tenant,
            id,
            kind: input.kind,
            url: &target,
            event_types: &event_types,
            description,
            secret: &secret,
            locale: input.locale.tag(),
            created_by: admin.id,
        },
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::WebhookEndpointAdded)
        .subject("webhook_endpoint", id)
        .detail(json!({ "kind": input.kind.as_str(), "url": target, "event_types": names }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(NewEndpoint { id, secret })
}

/// Reads an e-mail alert's recipients into the stored `mailto:` list.
fn recipients(text: &str) -> Result<String, CoreError> {
    let mut list: Vec<String> = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let email = portico_domain::Email::parse(part)
            .map_err(|_| CoreError::validation("url", "alert-recipient-invalid"))?;
        if !list.iter().any(|e| e == email.as_str()) {
            list.push(email.as_str().to_owned());
        }
    }
    if list.is_empty() {
        return Err(CoreError::validation("url", "alert-recipients-missing"));
    }
    if list.len() > MAX_RECIPIENTS {
        return Err(CoreError::validation("url", "alert-recipients-too-many"));
    }
    Ok(format!("mailto:{}", list.join(",")))
}

/// The organisation's endpoints with their delivery figures.
pub async fn endpoints(db: &Db, admin: &CurrentUser) -> Result<Vec<EndpointView>, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    Ok(db::webhooks::endpoint_summaries(db, tenant)
        .await?
        .into_iter()
        .map(|e| EndpointView {
            id: e.id,
            kind: SinkKind::parse(&e.kind).unwrap_or(SinkKind::ErpWebhook),
            url: e.url,
            description: e.description,
            event_types: e
                .event_types
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            created_at: e.created_at,
            disabled_at: e.disabled_at,
            disabled_reason: e.disabled_reason,
            previous_secret_until: e
                .previous_secret_until
                .filter(|t| *t > OffsetDateTime::now_utc()),
            pending: e.pending,
            delivered: e.delivered,
            dead: e.dead,
            last_attempt_at: e.last_attempt_at,
        })
        .collect())
}

/// Gives an endpoint a new signing secret, returned once. The old secret keeps signing alongside it for
/// [`ROTATION_GRACE`], so the receiver can switch to the new one without rejecting a message.
pub async fn rotate_secret(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    endpoint: Uuid,
) -> Result<String, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let (_, secret) = SigningKey::generate();
    let until = OffsetDateTime::now_utc() + ROTATION_GRACE;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    if !db::webhooks::rotate_secret(&mut tx, tenant, endpoint, &secret, until).await? {
        return Err(CoreError::NotFound);
    }
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::WebhookSecretRotated)
        .subject("webhook_endpoint", endpoint)
        .detail(json!({ "previous_secret_until": until.unix_timestamp() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(secret)
}

/// Switches an endpoint off (its deliveries wait, nothing is dropped) or back on (what waited becomes due now).
/// Returns whether anything changed.
pub async fn set_enabled(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    endpoint: Uuid,
    enabled: bool,
) -> Result<bool, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    let exists = db::webhooks::endpoints_in_tx(&mut tx, tenant)
        .await?
        .contains(&endpoint);
    if !exists {
        return Err(CoreError::NotFound);
    }
    let reason = (!enabled).then_some("admin");
    let changed = db::webhooks::set_disabled(&mut tx, tenant, endpoint, reason).await?;
    if changed {
        let action = if enabled {
            Action::WebhookEndpointEnabled
        } else {
            Action::WebhookEndpointDisabled
        };
        let entry =
            Entry::new(Some(tenant), Some(admin.id), action).subject("webhook_endpoint", endpoint);
        audit::append(&mut tx, meta, entry).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// What to replay, as people and commands name it.
#[derive(Clone, Debug)]
pub enum Replay {
    /// One event (by id).
    Event(Uuid),
    /// Events created in `[from, to)`.
    Created {
        from: OffsetDateTime,
        to: OffsetDateTime,
    },
    /// Every dead-lettered delivery (of one endpoint, or all).
    DeadLetters,
}

/// What a replay scheduled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replayed {
    pub events: u64,
    pub deliveries: u64,
}

/// Delivers events again, with the same event ids (receivers de-duplicate by `webhook-id`), to the active endpoints
/// that subscribe to them, or only to `endpoint`.
pub async fn replay(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    what: Replay,
    endpoint: Option<Uuid>,
) -> Result<Replayed, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    replay_in(db, meta, tenant, Some(admin.id), what, endpoint).await
}

/// A tenant's endpoints for an operator on the command line, naming the tenant by its slug.
pub async fn endpoints_as_operator(
    db: &Db,
    tenant_slug: &str,
) -> Result<Vec<db::webhooks::EndpointSummary>, CoreError> {
    let tenant = db::relay::tenant_by_slug(db, tenant_slug)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(db::webhooks::endpoint_summaries(db, tenant).await?)
}

/// [`replay`] for an operator on the command line, naming the tenant by its slug.
pub async fn replay_as_operator(
    db: &Db,
    meta: &RequestMeta,
    tenant_slug: &str,
    what: Replay,
    endpoint: Option<Uuid>,
) -> Result<Replayed, CoreError> {
    let tenant = db::relay::tenant_by_slug(db, tenant_slug)
        .await?
        .ok_or(CoreError::NotFound)?;
    replay_in(db, meta, tenant, None, what, endpoint).await
}

async fn replay_in(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    actor: Option<UserId>,
    what: Replay,
    endpoint: Option<Uuid>,
) -> Result<Replayed, CoreError> {
    let range = match what {
        Replay::Event(id) => ReplayRange::Event(id),
        Replay::Created { from, to } if from < to => ReplayRange::Created { from, to },
        Replay::Created { .. } => return Err(CoreError::validation("to", "replay-range-empty")),
        Replay::DeadLetters => ReplayRange::DeadLetters,
    };
    let mut context = Context::tenant(tenant);
    if let Some(user) = actor {
        context = context.with_user(user);
    }
    let mut tx = db.write(&context).await?;
    if let Some(only) = endpoint {
        if !db::webhooks::endpoints_in_tx(&mut tx, tenant)
            .await?
            .contains(&only)
        {
            return Err(CoreError::NotFound);
        }
    }
    let (events, deliveries) = db::webhooks::replay(&mut tx, tenant, &range, endpoint)
        .await?
        .ok_or_else(|| CoreError::validation("from", "replay-range-too-large"))?;
    if let ReplayRange::Event(_) = range {
        if events == 0 {
            return Err(CoreError::NotFound);
        }
    }
    // What is delivered again no longer waits for the buyer as a failure.
    let event = match &range {
        ReplayRange::Event(id) => Some(*id),
        _ => None,
    };
    crate::exceptions::clear_delivery_failures(
        &mut tx,
        tenant,
        event,
        actor,
        meta.correlation_id.clone(),
    )
    .await?;
    let selection = match &range {
        ReplayRange::Event(id) => json!({ "event": id }),
        ReplayRange::Created { from, to } => {
            json!({ "from": from.unix_timestamp(), "to": to.unix_timestamp() })
        }
        ReplayRange::DeadLetters => json!({ "dead_letters": true }),
    };
    let entry = Entry::new(Some(tenant), actor, Action::DeliveriesReplayed).detail(json!({
        "selection": selection,
        "endpoint": endpoint,
        "events": events,
        "deliveries": deliveries,
        "by": if actor.is_some() { "admin" } else { "operator" },
    }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Replayed { events, deliveries })
}

/// A page of the delivery log, newest first: all deliveries, or one endpoint's, or one status. `cursor` is the
/// `next` of the previous page.
pub async fn delivery_log(
    db: &Db,
    admin: &CurrentUser,
    endpoint: Option<Uuid>,
    status: Option<DeliveryStatus>,
    cursor: Option<&str>,
) -> Result<DeliveryLog, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let before = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => {
            Some(parse_cursor(c).ok_or_else(|| CoreError::validation("cursor", "cursor-invalid"))?)
        }
        None => None,
    };
    let filter = LogFilter {
        endpoint,
        status: status.map(|s| s.code().to_owned()),
        before,
    };
    let mut rows = db::webhooks::log(db, tenant, &filter, LOG_PAGE + 1).await?;
    let more = rows.len() as i64 > LOG_PAGE;
    rows.truncate(LOG_PAGE as usize);
    let next = more
        .then(|| {
            rows.last()
                .map(|r| format!("{}_{}", r.created_at.unix_timestamp_nanos(), r.id))
        })
        .flatten();
    Ok(DeliveryLog {
        deliveries: rows.into_iter().map(view).collect(),
        next,
    })
}

fn parse_cursor(text: &str) -> Option<(OffsetDateTime, Uuid)> {
    let (nanos, id) = text.split_once('_')?;
    let at = OffsetDateTime::from_unix_timestamp_nanos(nanos.parse().ok()?).ok()?;
    Some((at, Uuid::parse_str(id).ok()?))
}

fn view(r: db::webhooks::LogRow) -> DeliveryView {
    DeliveryView {
        id: r.id,
        event_id: r.event_id,
        event_type: r.event_type,
        subject: r.subject,
        endpoint_id: r.endpoint_id,
        endpoint_url: r.endpoint_url,
        status: DeliveryStatus::parse(&r.status).unwrap_or(DeliveryStatus::Pending),
        attempts: r.attempts,
        next_attempt_at: r.next_attempt_at,
        last_status: r.last_status,
        last_error: r.last_error,
        last_attempt_at: r.last_attempt_at,
        created_at: r.created_at,
    }
}

/// One delivery with its payload and attempts.
pub async fn delivery(db: &Db, admin: &CurrentUser, id: Uuid) -> Result<DeliveryDetail, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let (row, envelope, attempts) = db::webhooks::delivery_detail(db, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let payload = serde_json::from_str::<serde_json::Value>(&envelope)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or(envelope);
    Ok(DeliveryDetail {
        delivery: view(row),
        payload,
        attempts: attempts
            .into_iter()
            .map(|a| AttemptView {
                attempt: a.attempt,
                started_at: a.started_at,
                duration_ms: a.duration_ms,
                status: a.status,
                error: a.error,
                outcome: a.outcome,
                detail: a.detail,
            })
            .collect(),
    })
}

/// The dashboard's figures: the last 24 hours of delivery attempts, hour by hour (hours without attempts included).
pub async fn last_day(
    db: &Db,
    admin: &CurrentUser,
    kinds: &[SinkKind],
) -> Result<Vec<portico_domain::integration::HourFigures>, CoreError> {
    use portico_domain::integration::HourFigures;
    let tenant = super::buyer_admin_tenant(admin)?;
    let now = OffsetDateTime::now_utc();
    let this_hour = now
        .replace_minute(0)
        .and_then(|t| t.replace_second(0))
        .and_then(|t| t.replace_nanosecond(0))
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("hour: {e}")))?;
    let start = this_hour - time::Duration::hours(23);
    let rows = db::webhooks::hourly(db, tenant, start, kinds).await?;
    let key = |t: OffsetDateTime| {
        format!(
            "{:04}-{:02}-{:02} {:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour()
        )
    };
    Ok((0..24)
        .map(|i| {
            let hour = start + time::Duration::hours(i);
            let row = rows.iter().find(|r| r.hour == key(hour));
            HourFigures {
                hour,
                delivered: row.map_or(0, |r| r.delivered),
                failed: row.map_or(0, |r| r.failed),
                lag_seconds: row.and_then(|r| r.lag_seconds),
            }
        })
        .collect())
}
