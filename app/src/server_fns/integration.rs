//! The integration pages of buyer administrators: webhook endpoints (add, rotate the secret, switch off and on),
//! the delivery log, a delivery's payload and attempts, and replays. Every action is a plain form post that
//! redirects back with a notice or the reason it failed.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::integration::{
    ApiKeyView, DeliveryDetail, DeliveryLog, EndpointView, HourFigures,
};
use serde::{Deserialize, Serialize};

/// The session key of a signing secret just made, shown once on the integration page.
#[cfg(feature = "ssr")]
const FRESH_SECRET_KEY: &str = "fresh_webhook_secret";

/// The session key of an API key just made, shown once on the integration page.
#[cfg(feature = "ssr")]
const FRESH_API_KEY: &str = "fresh_api_key";

/// The integration page.
#[cfg(feature = "ssr")]
const PAGE: &str = "/integration";

/// What the integration page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub endpoints: Vec<EndpointView>,
    /// The event types endpoints can subscribe to.
    pub event_types: Vec<String>,
    /// A secret the last action made: `(endpoint id, secret)`.
    pub fresh_secret: Option<(String, String)>,
    pub api_keys: Vec<ApiKeyView>,
    /// An API key the last action made: `(name, key)`.
    pub fresh_key: Option<(String, String)>,
    /// Delivery figures of the last 24 hours, hour by hour, for the sinks of [`Self::sink`].
    pub last_day: Vec<HourFigures>,
    /// Which sinks the chart shows: one of [`SINK_GROUPS`].
    pub sink: String,
}

/// The chart's choices: every sink, the ERP webhooks, the alerts (chat and e-mail), NATS, EDI files.
pub const SINK_GROUPS: [&str; 5] = ["all", "erp_webhook", "alerts", "nats", "edi"];

/// The sink kinds of a chart choice.
#[cfg(feature = "ssr")]
fn sink_group(code: &str) -> Vec<portico_core::delivery::SinkKind> {
    use portico_core::delivery::SinkKind;
    match code {
        "erp_webhook" => vec![SinkKind::ErpWebhook],
        "alerts" => vec![SinkKind::AlertWebhook, SinkKind::AlertEmail],
        "nats" => vec![SinkKind::Nats],
        "edi" => vec![SinkKind::Edi],
        _ => SinkKind::ALL.to_vec(),
    }
}

/// The endpoints, the catalogue, and the secret the last action made when `secret` names it.
#[server(prefix = "/api", endpoint = "integration", input = server_fn::codec::GetUrl)]
pub async fn integration_page(
    secret: Option<String>,
    key: Option<String>,
    sink: Option<String>,
) -> Result<IntegrationView, AppError> {
    use crate::ssr::{require_user, shown_once, state};

    let user = require_user().await?;
    let db = &state()?.db;
    let endpoints = portico_core::services::webhooks::endpoints(db, &user).await?;
    let api_keys = portico_core::services::erp_api::keys(db, &user).await?;
    let sink = sink
        .filter(|s| SINK_GROUPS.contains(&s.as_str()))
        .unwrap_or_else(|| "all".to_owned());
    let last_day =
        portico_core::services::webhooks::last_day(db, &user, &sink_group(&sink)).await?;
    let fresh_key = match key {
        Some(nonce) => shown_once(FRESH_API_KEY, &nonce)
            .await?
            .and_then(|v| match v.as_slice() {
                [name, key] => Some((name.clone(), key.clone())),
                _ => None,
            }),
        None => None,
    };
    let fresh_secret = match secret {
        Some(nonce) => {
            shown_once(FRESH_SECRET_KEY, &nonce)
                .await?
                .and_then(|v| match v.as_slice() {
                    [id, secret] => Some((id.clone(), secret.clone())),
                    _ => None,
                })
        }
        None => None,
    };
    Ok(IntegrationView {
        endpoints,
        // The current types (a superseded one is still taken when typed, for an ERP not yet moved on).
        event_types: portico_core::events::EventType::ALL
            .iter()
            .filter(|t| t.is_current())
            .map(|t| t.name().to_owned())
            .collect(),
        fresh_secret,
        api_keys,
        fresh_key,
        last_day,
        sink,
    })
}

/// Makes an API key; it is shown once on the page this returns to.
#[server(prefix = "/api", endpoint = "integration/keys/add")]
pub async fn create_api_key(name: String) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};

    let user = require_user().await?;
    let result = match portico_core::services::erp_api::create_key(
        &state()?.db,
        &request_meta(),
        &user,
        &name,
    )
    .await
    {
        Ok((_, key)) => keep_for_display(FRESH_API_KEY, vec![name.trim().to_owned(), key]).await,
        Err(e) => Err(AppError::from(e)),
    };
    crate::ssr::redirect_back(PAGE, &result, |nonce| {
        format!("notice=key-created&key={nonce}#api-keys")
    });
    result.map(|_| ())
}

/// Revokes an API key at once.
#[server(prefix = "/api", endpoint = "integration/keys/revoke")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let id = parse_id("id", &id)?;
    let result =
        portico_core::services::erp_api::revoke_key(&state()?.db, &request_meta(), &user, id)
            .await
            .map_err(AppError::from);
    crate::ssr::redirect_back(PAGE, &result, |_| "notice=key-revoked#api-keys".to_owned());
    result.map(|_| ())
}

#[cfg(feature = "ssr")]
fn parse_id(field: &str, text: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| AppError::Invalid {
        field: field.into(),
        message: "field-invalid".into(),
    })
}

/// Adds an endpoint; its secret is shown once on the page this returns to.
#[server(prefix = "/api", endpoint = "integration/endpoints/add")]
pub async fn add_webhook_endpoint(
    url: String,
    event_types: String,
    description: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};

    let user = require_user().await?;
    let state = state()?;
    let result = match portico_core::services::webhooks::add_endpoint(
        &state.db,
        &request_meta(),
        &user,
        &url,
        &event_types,
        description.as_deref().unwrap_or(""),
        state.webhook_allow_private,
    )
    .await
    {
        Ok(new) => keep_for_display(FRESH_SECRET_KEY, vec![new.id.to_string(), new.secret]).await,
        Err(e) => Err(AppError::from(e)),
    };
    crate::ssr::redirect_back(PAGE, &result, |nonce| {
        format!("notice=webhook-added&secret={nonce}")
    });
    result.map(|_| ())
}

/// Adds an alert endpoint: a chat-style webhook (its secret is shown once) or e-mail recipients.
#[server(prefix = "/api", endpoint = "integration/alerts/add")]
pub async fn add_alert_endpoint(
    kind: String,
    target: String,
    event_types: Option<String>,
    description: Option<String>,
    language: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::delivery::SinkKind;
    use portico_core::services::webhooks::{add, EndpointInput};

    let user = require_user().await?;
    let state = state()?;
    let kind = match SinkKind::parse(kind.trim()) {
        Some(k @ (SinkKind::AlertWebhook | SinkKind::AlertEmail)) => k,
        _ => {
            return Err(AppError::Invalid {
                field: "kind".into(),
                message: "field-invalid".into(),
            })
        }
    };
    let locale = language
        .as_deref()
        .and_then(portico_i18n::Locale::from_tag)
        .unwrap_or_default();
    let input = EndpointInput {
        kind,
        target: &target,
        event_types: event_types.as_deref().unwrap_or(""),
        description: description.as_deref().unwrap_or(""),
        locale,
    };
    let result = match add(
        &state.db,
        &request_meta(),
        &user,
        &input,
        state.webhook_allow_private,
    )
    .await
    {
        Ok(new) if kind == SinkKind::AlertWebhook => {
            keep_for_display(FRESH_SECRET_KEY, vec![new.id.to_string(), new.secret])
                .await
                .map(Some)
        }
        Ok(_) => Ok(None),
        Err(e) => Err(AppError::from(e)),
    };
    crate::ssr::redirect_back(PAGE, &result, |nonce| match nonce {
        Some(nonce) => format!("notice=alert-added&secret={nonce}"),
        None => "notice=alert-added".to_owned(),
    });
    result.map(|_| ())
}

/// Gives an endpoint a new secret (shown once); the old one signs alongside it for a day.
#[server(prefix = "/api", endpoint = "integration/endpoints/rotate")]
pub async fn rotate_webhook_secret(id: String) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};

    let user = require_user().await?;
    let id = parse_id("id", &id)?;
    let result = match portico_core::services::webhooks::rotate_secret(
        &state()?.db,
        &request_meta(),
        &user,
        id,
    )
    .await
    {
        Ok(secret) => keep_for_display(FRESH_SECRET_KEY, vec![id.to_string(), secret]).await,
        Err(e) => Err(AppError::from(e)),
    };
    crate::ssr::redirect_back(PAGE, &result, |nonce| {
        format!("notice=webhook-rotated&secret={nonce}")
    });
    result.map(|_| ())
}

/// Switches an endpoint off (`enabled` = `false`) or on.
#[server(prefix = "/api", endpoint = "integration/endpoints/enabled")]
pub async fn set_webhook_enabled(id: String, enabled: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let id = parse_id("id", &id)?;
    let on = enabled == "true";
    let result =
        portico_core::services::webhooks::set_enabled(&state()?.db, &request_meta(), &user, id, on)
            .await
            .map_err(AppError::from);
    crate::ssr::redirect_back(PAGE, &result, |_| {
        format!(
            "notice={}",
            if on {
                "webhook-enabled"
            } else {
                "webhook-disabled"
            }
        )
    });
    result.map(|_| ())
}

/// Delivers again: one event (`event`), or every dead letter (of `endpoint`, or all). Returns to the delivery log,
/// or to the delivery (`delivery`) the replay was started from.
#[server(prefix = "/api", endpoint = "integration/replay")]
pub async fn replay_deliveries(
    event: Option<String>,
    endpoint: Option<String>,
    delivery: Option<String>,
) -> Result<u64, AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::webhooks::{replay, Replay};

    let user = require_user().await?;
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let endpoint = nonempty(endpoint)
        .map(|e| parse_id("endpoint", &e))
        .transpose()?;
    let what = match nonempty(event) {
        Some(e) => Replay::Event(parse_id("event", &e)?),
        None => Replay::DeadLetters,
    };
    let back = match nonempty(delivery) {
        Some(d) => format!("/integration/deliveries/{}", parse_id("delivery", &d)?),
        None => "/integration/deliveries".to_owned(),
    };
    let result = replay(&state()?.db, &request_meta(), &user, what, endpoint)
        .await
        .map(|r| r.deliveries)
        .map_err(AppError::from);
    crate::ssr::redirect_back(&back, &result, |n| format!("notice=replayed&count={n}"));
    result
}

/// A page of the delivery log (all, one endpoint's, one status), with the endpoints for the filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryLogView {
    pub log: DeliveryLog,
    pub endpoints: Vec<EndpointView>,
}

#[server(prefix = "/api", endpoint = "integration/deliveries", input = server_fn::codec::GetUrl)]
pub async fn delivery_log_page(
    endpoint: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
) -> Result<DeliveryLogView, AppError> {
    use crate::ssr::{require_user, state};
    use portico_domain::integration::DeliveryStatus;

    let user = require_user().await?;
    let db = &state()?.db;
    let endpoint = endpoint
        .filter(|e| !e.is_empty())
        .map(|e| parse_id("endpoint", &e))
        .transpose()?;
    let status = match status.filter(|s| !s.is_empty()) {
        Some(s) => Some(DeliveryStatus::parse(&s).ok_or_else(|| AppError::Invalid {
            field: "status".into(),
            message: "field-invalid".into(),
        })?),
        None => None,
    };
    let log = portico_core::services::webhooks::delivery_log(
        db,
        &user,
        endpoint,
        status,
        cursor.as_deref(),
    )
    .await?;
    let endpoints = portico_core::services::webhooks::endpoints(db, &user).await?;
    Ok(DeliveryLogView { log, endpoints })
}

/// One delivery: its payload and attempts.
#[server(prefix = "/api", endpoint = "integration/delivery", input = server_fn::codec::GetUrl)]
pub async fn delivery_page(id: String) -> Result<DeliveryDetail, AppError> {
    use crate::ssr::{require_user, state};

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    Ok(portico_core::services::webhooks::delivery(&state()?.db, &user, id).await?)
}
