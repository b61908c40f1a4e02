//! The change policy page of buyer administrators: the organisation's default and overrides per supplier. Plain
//! forms that redirect back; a mistake comes back beside its field with the values as typed.

#![expect(
    clippy::too_many_arguments,
    reason = "the policy form's server function takes its fields one by one, as a plain form posts them"
)]

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::{PolicyInput, PolicyPage};
use serde::{Deserialize, Serialize};

/// The session key of a policy form sent back with a mistake.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "policy_draft";

/// A policy form as last sent: for which supplier (none: the default) and the values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyDraft {
    pub supplier: Option<String>,
    pub input: PolicyInput,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyView {
    pub page: PolicyPage,
    pub draft: Option<PolicyDraft>,
    /// Hours an order may wait for its acknowledgement before it is overdue.
    pub ack_sla_hours: i32,
    /// The shipping rules: over-ship tolerance and whether unacknowledged orders ship.
    pub shipping: portico_domain::shipping::ShippingPolicy,
    /// The invoice match tolerances.
    pub tolerances: portico_domain::invoicing::MatchTolerances,
}

/// The policies, and the form last sent with a mistake when `draft` names it.
#[server(prefix = "/api", endpoint = "change-policy", input = server_fn::codec::GetUrl)]
pub async fn change_policy_page(draft: Option<String>) -> Result<PolicyView, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    use portico_core::services::change_policies;

    let user = require_user().await?;
    let page = change_policies::page(&state()?.db, &user).await?;
    let draft = match draft {
        Some(nonce) => shown_once(DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    };
    let ack_sla_hours =
        portico_core::services::notifications::deadline(&state()?.db, &user).await?;
    let shipping = portico_core::services::shipping_settings::policy(&state()?.db, &user).await?;
    let tolerances = portico_core::services::invoices::tolerances(&state()?.db, &user).await?;
    Ok(PolicyView {
        page,
        draft,
        ack_sla_hours,
        shipping,
        tolerances,
    })
}

/// Saves the default (no `supplier`) or a supplier's override. Check boxes arrive only when ticked.
#[server(prefix = "/api", endpoint = "change-policy/save")]
pub async fn save_change_policy(
    supplier: Option<String>,
    price_increase_pct: String,
    price_decrease_pct: String,
    quantity_under_pct: String,
    quantity_over_pct: String,
    date_later_days: String,
    date_earlier_days: String,
    splits_allowed: Option<String>,
    line_rejections_allowed: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::change_policies;

    let user = require_user().await?;
    let supplier = supplier.filter(|s| !s.trim().is_empty());
    let supplier_id = match &supplier {
        Some(s) => Some(uuid::Uuid::parse_str(s.trim()).map_err(|_| AppError::NotFound)?),
        None => None,
    };
    let input = PolicyInput {
        price_increase_pct,
        price_decrease_pct,
        quantity_under_pct,
        quantity_over_pct,
        date_later_days,
        date_earlier_days,
        splits_allowed: splits_allowed.is_some(),
        line_rejections_allowed: line_rejections_allowed.is_some(),
    };
    let result =
        change_policies::save(&state()?.db, &request_meta(), &user, supplier_id, &input).await;
    match result {
        Ok(_) => leptos_axum::redirect("/change-policy?notice=policy-saved"),
        Err(portico_core::CoreError::Validation { field, message }) => {
            let draft = serde_json::to_string(&PolicyDraft { supplier, input })
                .map_err(|_| AppError::Internal)?;
            let nonce = keep_for_display(DRAFT_KEY, vec![draft]).await?;
            leptos_axum::redirect(&format!(
                "/change-policy?error={message}&field={field}&draft={nonce}#{}",
                if supplier_id.is_some() {
                    "override"
                } else {
                    "default"
                }
            ));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Removes a supplier's override.
#[server(prefix = "/api", endpoint = "change-policy/remove")]
pub async fn remove_change_policy(supplier: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::change_policies;

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    change_policies::remove(&state()?.db, &request_meta(), &user, id).await?;
    leptos_axum::redirect("/change-policy?notice=policy-removed");
    Ok(())
}

/// Sets the organisation's acknowledgement deadline (whole hours).
#[server(prefix = "/api", endpoint = "change-policy/deadline")]
pub async fn save_ack_deadline(hours: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::notifications;

    let user = require_user().await?;
    match notifications::save_deadline(&state()?.db, &request_meta(), &user, &hours).await {
        Ok(_) => leptos_axum::redirect("/change-policy?notice=deadline-saved"),
        // The value comes back as typed, beside the message.
        Err(portico_core::CoreError::Validation { message, .. }) => {
            leptos_axum::redirect(&format!(
                "/change-policy?error={message}&field=ack_sla_hours&hours={}#deadline",
                crate::nav::encode_query_value(&hours.chars().take(20).collect::<String>())
            ))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
