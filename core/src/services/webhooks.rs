//! A buyer organisation's ERP webhook endpoints: adding one (its signing secret is shown once) and listing them.
//! Delivery itself is the relay's (docs/EVENTS.md).

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::delivery::{self, DestinationError};
use crate::events::EventType;
use crate::webhooks::SigningKey;
use crate::CoreError;
use portico_domain::{CurrentUser, MembershipRole};
use serde_json::json;
use uuid::Uuid;

/// A new endpoint, with the secret to show its owner once.
#[derive(Clone, Debug)]
pub struct NewEndpoint {
    pub id: Uuid,
    pub secret: String,
}

/// Adds an endpoint for the administrator's organisation. `types` is a space- or comma-separated list of event type
/// names, or `*`; unknown names are refused by name. The URL must pass [`delivery::check_url`] (`allow_private` only
/// in development).
pub async fn add_endpoint(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    url: &str,
    types: &str,
    allow_private: bool,
) -> Result<NewEndpoint, CoreError> {
    if admin.workspace.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let url = delivery::check_url(url, allow_private).map_err(|e| {
        let message = match e {
            DestinationError::NotHttps => "webhook-url-https",
            DestinationError::Credentials => "webhook-url-credentials",
            DestinationError::NotPublic(_) => "webhook-url-private",
            DestinationError::Malformed => "webhook-url-invalid",
        };
        CoreError::validation("url", message)
    })?;
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
    db::webhooks::insert_endpoint(
        &mut tx,
        tenant,
        id,
        url.as_str(),
        &names.join(" "),
        &secret,
        admin.id,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::WebhookEndpointAdded)
        .subject("webhook_endpoint", id)
        .detail(json!({ "url": url.as_str(), "event_types": names }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(NewEndpoint { id, secret })
}
