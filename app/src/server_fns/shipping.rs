//! Ship notices: the list, the notice page (a draft's form and packing, a submitted notice's summary), its labels,
//! and the plain forms that change a draft. A form with mistakes comes back with the values as typed and each
//! mistake beside its field.

#![expect(
    clippy::too_many_arguments,
    reason = "the notice form's server function takes its fields one by one, as a plain form posts them"
)]

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::shipping::{
    HeaderInput, LabelSettings, NoticeSummary, NoticeView, ShippingPolicy,
};
use serde::{Deserialize, Serialize};

/// The session key of a notice form sent back with mistakes.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "notice_draft";

/// A notice form as last sent, with its mistakes (the header and quantities only when that form was sent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeDraft {
    pub header: Option<HeaderInput>,
    pub quantities: Vec<String>,
    pub errors: Vec<FieldError>,
}

/// The list page: the notices, and for a supplier its label numbering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShipmentsView {
    pub notices: Vec<NoticeSummary>,
    pub supplier_side: bool,
    pub label_settings: Option<LabelSettings>,
    pub may_set_labels: bool,
}

/// The notice page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeData {
    pub notice: NoticeView,
    pub draft: Option<NoticeDraft>,
    pub policy: ShippingPolicy,
    /// What the buyer's warehouse reported as received against it.
    pub receipts: Vec<portico_domain::receipts::ReceiptView>,
}

#[cfg(feature = "ssr")]
fn notice_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)
}

/// Keeps a form's mistakes for the page it goes back to, and returns the URL that shows them.
#[cfg(feature = "ssr")]
async fn back_with(id: uuid::Uuid, draft: NoticeDraft, anchor: &str) -> Result<String, AppError> {
    let json = serde_json::to_string(&draft).map_err(|_| AppError::Internal)?;
    let nonce = crate::ssr::keep_for_display(DRAFT_KEY, vec![json]).await?;
    Ok(format!("/shipments/{id}?draft={nonce}#{anchor}"))
}

/// The notices the person may see.
#[server(prefix = "/api", endpoint = "shipments", input = server_fn::codec::GetUrl)]
pub async fn shipments_page() -> Result<ShipmentsView, AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::{ship_notices, shipping_settings};
    use portico_domain::MembershipRole;

    let user = require_user().await?;
    let db = &state()?.db;
    let supplier_side = !user.workspace.role.is_buyer_side();
    let label_settings = if supplier_side {
        shipping_settings::label_settings(db, &user).await?
    } else {
        None
    };
    Ok(ShipmentsView {
        notices: ship_notices::list(db, &user).await?,
        supplier_side,
        label_settings,
        may_set_labels: user.workspace.role == MembershipRole::SupplierAdmin,
    })
}

/// One notice, with the form last sent with mistakes when `draft` names it.
#[server(prefix = "/api", endpoint = "shipment", input = server_fn::codec::GetUrl)]
pub async fn notice_page(id: String, draft: Option<String>) -> Result<NoticeData, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    use portico_core::services::{receipts, ship_notices, shipping_settings};

    let user = require_user().await?;
    let db = &state()?.db;
    let notice = ship_notices::view(db, &user, notice_id(&id)?).await?;
    let receipts = receipts::of_notice(db, &user, notice.id).await?;
    let draft = match draft {
        Some(nonce) if notice.status == portico_domain::shipping::NoticeStatus::Draft => {
            shown_once(DRAFT_KEY, &nonce)
                .await?
                .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok()))
        }
        _ => None,
    };
    Ok(NoticeData {
        notice,
        draft,
        policy: shipping_settings::policy(db, &user).await?,
        receipts,
    })
}

/// Starts a notice from an order ("Ship" on the order page).
#[server(prefix = "/api", endpoint = "shipments/start")]
pub async fn start_shipment(order: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::ship_notices;

    let user = require_user().await?;
    let order_id: portico_domain::PurchaseOrderId =
        order.trim().parse().map_err(|_| AppError::NotFound)?;
    match ship_notices::start(&state()?.db, &request_meta(), &user, order_id).await? {
        Ok(id) => leptos_axum::redirect(&format!("/shipments/{id}")),
        Err(errors) => {
            let message = errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            leptos_axum::redirect(&format!("/orders/{}?error={message}#shipments", order_id.0))
        }
    }
    Ok(())
}

/// Saves a draft's header and shipped quantities (`quantities[i]` for its i-th line).
#[server(prefix = "/api", endpoint = "shipments/save")]
pub async fn save_shipment(
    id: String,
    shipped_on: String,
    expected_delivery: String,
    carrier_scac: String,
    service_level: String,
    tracking_number: String,
    bill_of_lading: String,
    gross_weight_kg: String,
    quantities: Option<Vec<String>>,
) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::ship_notices;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    let header = HeaderInput {
        shipped_on,
        expected_delivery,
        carrier_scac,
        service_level,
        tracking_number,
        bill_of_lading,
        gross_weight_kg,
    };
    let quantities = quantities.unwrap_or_default();
    let target = match ship_notices::save(&state()?.db, &user, id, &header, &quantities).await? {
        Ok(()) => format!("/shipments/{id}?notice=shipment-saved"),
        Err(errors) => {
            let draft = NoticeDraft {
                header: Some(header),
                quantities,
                errors,
            };
            back_with(id, draft, "details").await?
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Adds another order to the same ship-to to a draft.
#[server(prefix = "/api", endpoint = "shipments/add-order")]
pub async fn add_shipment_order(id: String, order: String) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::ship_notices;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    let order: portico_domain::PurchaseOrderId =
        order.trim().parse().map_err(|_| AppError::NotFound)?;
    let target = match ship_notices::add_order(&state()?.db, &user, id, order).await? {
        Ok(()) => format!("/shipments/{id}?notice=shipment-order-added#details"),
        Err(errors) => {
            back_with(
                id,
                NoticeDraft {
                    errors,
                    ..NoticeDraft::default()
                },
                "details",
            )
            .await?
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Adds a pallet, or a carton (on the pallet `parent`, or alone), to a draft.
#[server(prefix = "/api", endpoint = "shipments/add-package")]
pub async fn add_package(id: String, kind: String, parent: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::packing;
    use portico_domain::documents::PackageKind;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    let kind = match kind.as_str() {
        "pallet" => PackageKind::Pallet,
        _ => PackageKind::Carton,
    };
    let parent = parent
        .filter(|p| !p.trim().is_empty())
        .map(|p| notice_id(&p))
        .transpose()?;
    let target = match packing::add_package(&state()?.db, &user, id, kind, parent).await? {
        Ok(package) => format!("/shipments/{id}#package-{package}"),
        Err(errors) => {
            back_with(
                id,
                NoticeDraft {
                    errors,
                    ..NoticeDraft::default()
                },
                "packing",
            )
            .await?
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Moves a quantity of the draft's `line`-th line into a package.
#[server(prefix = "/api", endpoint = "shipments/pack")]
pub async fn pack_package(
    id: String,
    package: String,
    line: String,
    quantity: String,
) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::packing;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    let package = notice_id(&package)?;
    let line: usize = line.trim().parse().unwrap_or(usize::MAX);
    let target = match packing::pack(&state()?.db, &user, id, package, line, &quantity).await? {
        Ok(()) => format!("/shipments/{id}#package-{package}"),
        Err(errors) => {
            // The mistake shows on the package's own form.
            let errors = errors
                .into_iter()
                .map(|mut e| {
                    e.field = format!("package-{package}-{}", e.field);
                    e
                })
                .collect();
            let draft = NoticeDraft {
                errors,
                quantities: vec![quantity],
                ..NoticeDraft::default()
            };
            back_with(id, draft, &format!("package-{package}")).await?
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Removes a package from a draft.
#[server(prefix = "/api", endpoint = "shipments/remove-package")]
pub async fn remove_package(id: String, package: String) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::packing;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    packing::remove_package(&state()?.db, &user, id, notice_id(&package)?).await?;
    leptos_axum::redirect(&format!("/shipments/{id}#packing"));
    Ok(())
}

/// Submits, corrects, cancels or discards a notice (`action` is the button pressed).
#[server(prefix = "/api", endpoint = "shipments/act")]
pub async fn shipment_action(id: String, action: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::ship_notices;

    let user = require_user().await?;
    let id = notice_id(&id)?;
    let db = &state()?.db;
    let meta = request_meta();
    let target = match action.as_str() {
        "submit" => match ship_notices::submit(db, &meta, &state()?.public_url, &user, id).await? {
            Ok(()) => format!("/shipments/{id}?notice=shipment-submitted"),
            Err(errors) => {
                back_with(
                    id,
                    NoticeDraft {
                        errors,
                        ..NoticeDraft::default()
                    },
                    "submit",
                )
                .await?
            }
        },
        "correct" => {
            ship_notices::correct(db, &user, id).await?;
            format!("/shipments/{id}?notice=shipment-correcting")
        }
        "cancel" => {
            ship_notices::cancel(db, &meta, &user, id).await?;
            format!("/shipments/{id}?notice=shipment-cancelled")
        }
        "discard" => {
            ship_notices::discard(db, &user, id).await?;
            "/shipments?notice=shipment-discarded".to_owned()
        }
        _ => return Err(AppError::NotFound),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Sets the supplier's GS1 company prefix and extension digit.
#[server(prefix = "/api", endpoint = "shipments/labels")]
pub async fn save_label_settings(
    company_prefix: String,
    extension_digit: String,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::shipping_settings;

    let user = require_user().await?;
    let result = shipping_settings::save_label_settings(
        &state()?.db,
        &request_meta(),
        &user,
        &company_prefix,
        &extension_digit,
    )
    .await?;
    let target = match result {
        Ok(_) => "/shipments?notice=labels-saved".to_owned(),
        Err(e) => format!(
            "/shipments?error={}&field={}&prefix={}&extension={}#labels",
            e.message,
            e.field,
            encode_query_value(&company_prefix.chars().take(20).collect::<String>()),
            encode_query_value(&extension_digit.chars().take(4).collect::<String>()),
        ),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Sets the buyer's shipping rules (on the change policy page). The box arrives only when ticked.
#[server(prefix = "/api", endpoint = "change-policy/shipping")]
pub async fn save_shipping_policy(
    over_ship_pct: String,
    ship_unacknowledged: Option<String>,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::shipping_settings;

    let user = require_user().await?;
    let result = shipping_settings::save_policy(
        &state()?.db,
        &request_meta(),
        &user,
        &over_ship_pct,
        ship_unacknowledged.is_some(),
    )
    .await?;
    let target = match result {
        Ok(_) => "/change-policy?notice=shipping-saved#shipping".to_owned(),
        Err(e) => format!(
            "/change-policy?error={}&field={}&over_ship={}#shipping",
            e.message,
            e.field,
            encode_query_value(&over_ship_pct.chars().take(20).collect::<String>()),
        ),
    };
    leptos_axum::redirect(&target);
    Ok(())
}
