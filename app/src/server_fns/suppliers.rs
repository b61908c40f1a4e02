//! The buyer's suppliers (docs/SUPPLIERS.md "Onboarding"): the list with each supplier's status, adding one with
//! its first administrator's invitation, and activating it. Plain forms; a form with mistakes comes back as typed.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::onboarding::{NewSupplierInput, SuppliersView};
use serde::{Deserialize, Serialize};

/// The session key of an "add a supplier" form sent back with mistakes.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "supplier_draft";

/// The form as last sent and its mistakes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SupplierDraft {
    pub input: NewSupplierInput,
    pub errors: Vec<FieldError>,
}

/// The buyer's suppliers (`/suppliers`).
#[server(prefix = "/api", endpoint = "suppliers/list", input = server_fn::codec::GetUrl)]
pub async fn suppliers_page() -> Result<SuppliersView, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(portico_core::services::suppliers::list(&state()?.db, &user).await?)
}

/// The form last sent to `/suppliers/new`, if it came back with mistakes.
#[server(prefix = "/api", endpoint = "suppliers/new", input = server_fn::codec::GetUrl)]
pub async fn new_supplier_draft(draft: Option<String>) -> Result<Option<SupplierDraft>, AppError> {
    use crate::ssr::{kept_draft, require_user};
    let user = require_user().await?;
    if user.workspace.role != portico_domain::MembershipRole::BuyerAdmin {
        return Err(AppError::Forbidden);
    }
    kept_draft(DRAFT_KEY, draft).await
}

/// Adds a supplier and invites its administrator; back to the list, or to the form with its mistakes.
#[server(prefix = "/api", endpoint = "suppliers/add")]
pub async fn add_supplier(
    code: String,
    name: String,
    admin_email: String,
    language: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_draft, request_meta, require_user, state};
    let user = require_user().await?;
    let state = state()?;
    let input = NewSupplierInput {
        code,
        name,
        admin_email,
        language: language.unwrap_or_default(),
    };
    let target = match portico_core::services::suppliers::add(
        &state.db,
        &request_meta(),
        &user,
        &input,
        &state.public_url,
    )
    .await?
    {
        Ok(_) => "/suppliers?notice=supplier-added".to_owned(),
        Err(errors) => {
            let nonce = keep_draft(DRAFT_KEY, &SupplierDraft { input, errors }).await?;
            format!("/suppliers/new?draft={nonce}#supplier-errors")
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Activates a supplier being onboarded; back to the list saying so.
#[server(prefix = "/api", endpoint = "suppliers/activate")]
pub async fn activate_supplier(supplier: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::CoreError;
    let user = require_user().await?;
    let state = state()?;
    let supplier = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    let target = match portico_core::services::suppliers::activate(
        &state.db,
        &request_meta(),
        &user,
        portico_domain::SupplierId(supplier),
        &state.public_url,
    )
    .await
    {
        Ok(()) => "/suppliers?notice=supplier-activated",
        Err(CoreError::Conflict(code)) if code == "supplier-in-review" => {
            "/suppliers?notice=supplier-in-review"
        }
        Err(CoreError::Conflict(_)) => "/suppliers?notice=supplier-already-active",
        Err(e) => return Err(e.into()),
    };
    leptos_axum::redirect(target);
    Ok(())
}
