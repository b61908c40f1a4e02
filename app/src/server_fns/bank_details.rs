//! Bank details (docs/SUPPLIERS.md): the supplier's page and its change request (with a code from the
//! authenticator app), the buyer's page of one supplier with the decision, and the buyer's list of changes to review.
//! Plain forms; a form with mistakes comes back with the account as typed (never the code).

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::supplier_profile::{BankAccountInput, BankChangeView, BankDetailsView};
use serde::{Deserialize, Serialize};

/// The session key of a bank form sent back with mistakes.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "bank_draft";

/// A form as last sent: the account typed (or the rejection reason) and its mistakes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BankDraft {
    pub account: BankAccountInput,
    pub reason: String,
    pub errors: Vec<FieldError>,
}

/// A bank details page: the view and the form last sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankPageData {
    pub view: BankDetailsView,
    pub draft: Option<BankDraft>,
}

/// The supplier's own bank details (`/company/bank`).
#[server(prefix = "/api", endpoint = "company/bank", input = server_fn::codec::GetUrl)]
pub async fn own_bank_page(draft: Option<String>) -> Result<BankPageData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let view = portico_core::services::bank_details::own(&state()?.db, &user).await?;
    Ok(BankPageData {
        view,
        draft: crate::ssr::kept_draft(DRAFT_KEY, draft).await?,
    })
}

/// The change request form: the new account and a code from the authenticator app (a plain form's fields, one
/// argument each).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "company/bank/request")]
pub async fn request_bank_change(
    holder: String,
    // Absent in a form from a page served before there was a choice: an IBAN.
    scheme: Option<String>,
    iban: String,
    routing: Option<String>,
    account_number: Option<String>,
    bic: String,
    bank_name: String,
    code: String,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::bank_details;
    use portico_domain::supplier_profile::BankChangeForm;
    let user = require_user().await?;
    let state = state()?;
    let form = BankChangeForm {
        account: BankAccountInput {
            holder,
            scheme: scheme.unwrap_or_default(),
            iban,
            routing: routing.unwrap_or_default(),
            account_number: account_number.unwrap_or_default(),
            bic,
            bank_name,
        },
        code,
    };
    let target = match bank_details::request_change(
        &state.db,
        &request_meta(),
        &user,
        &form,
        &state.public_url,
    )
    .await?
    {
        Ok(_) => "/company/bank?notice=bank-requested".to_owned(),
        Err(errors) => {
            let draft = BankDraft {
                account: form.account,
                reason: String::new(),
                errors,
            };
            format!(
                "/company/bank?draft={}#bank-errors",
                crate::ssr::keep_draft(DRAFT_KEY, &draft).await?
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// One supplier's bank details on the buyer's side (`/suppliers/:id/bank`).
#[server(prefix = "/api", endpoint = "suppliers/bank", input = server_fn::codec::GetUrl)]
pub async fn supplier_bank_page(
    id: String,
    draft: Option<String>,
) -> Result<BankPageData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let supplier = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let view = portico_core::services::bank_details::of_supplier(
        &state()?.db,
        &user,
        portico_domain::SupplierId(supplier),
    )
    .await?;
    Ok(BankPageData {
        view,
        draft: crate::ssr::kept_draft(DRAFT_KEY, draft).await?,
    })
}

/// A buyer administrator's decision: `decision` is `approve` or `reject` (with a reason).
#[server(prefix = "/api", endpoint = "suppliers/bank/decide")]
pub async fn decide_bank_change(
    supplier: String,
    request: String,
    decision: String,
    reason: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::bank_details;
    let user = require_user().await?;
    let state = state()?;
    let supplier = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    let request = uuid::Uuid::parse_str(request.trim()).map_err(|_| AppError::NotFound)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::Invalid {
                field: "decision".into(),
                message: "bank-error-decision".into(),
            })
        }
    };
    let reason = reason.unwrap_or_default();
    let page = format!("/suppliers/{supplier}/bank");
    let decision = portico_domain::supplier_profile::BankDecision {
        approve,
        reason: reason.clone(),
        code: code.unwrap_or_default(),
    };
    let target = match bank_details::decide(
        &state.db,
        &request_meta(),
        &user,
        request,
        &decision,
        &state.public_url,
    )
    .await?
    {
        Ok(()) if approve => format!("{page}?notice=bank-approved"),
        Ok(()) => format!("{page}?notice=bank-rejected"),
        Err(errors) => {
            let draft = BankDraft {
                account: BankAccountInput::default(),
                reason,
                errors,
            };
            format!(
                "{page}?draft={}#bank-errors",
                crate::ssr::keep_draft(DRAFT_KEY, &draft).await?
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Every bank account change of the buyer's organisation waiting for review (`/suppliers/bank-changes`).
#[server(prefix = "/api", endpoint = "suppliers/bank-changes", input = server_fn::codec::GetUrl)]
pub async fn pending_bank_changes() -> Result<Vec<BankChangeView>, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(portico_core::services::bank_details::pending(&state()?.db, &user).await?)
}
