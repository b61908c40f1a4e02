//! The EDI pages of buyer administrators: trading partners (a profile per supplier), one profile's form, the
//! interchange log and one interchange. The form is a plain post that redirects back; a mistake comes back with the
//! field it concerns and the values as entered, so nothing typed is lost.

#![expect(
    clippy::too_many_arguments,
    reason = "the profile form's server function takes its fields one by one, as a plain form posts them"
)]

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::edi::{EdiPartnerView, EdiProfileInput, InterchangeDetail, InterchangeView};
use serde::{Deserialize, Serialize};

/// The session key of a profile form sent back with a mistake.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "edi_profile_draft";

/// What the EDI page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdiView {
    pub partners: Vec<EdiPartnerView>,
    pub interchanges: Vec<InterchangeView>,
}

/// Trading partners and the latest interchanges.
#[server(prefix = "/api", endpoint = "integration/edi", input = server_fn::codec::GetUrl)]
pub async fn edi_page() -> Result<EdiView, AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::edi_partners;

    let user = require_user().await?;
    let db = &state()?.db;
    Ok(EdiView {
        partners: edi_partners::partners(db, &user).await?,
        interchanges: edi_partners::interchanges(db, &user).await?,
    })
}

/// What the profile form shows: the supplier and its profile, and the values last sent when they had a mistake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdiProfileView {
    pub partner: EdiPartnerView,
    pub draft: Option<EdiProfileInput>,
}

/// One supplier's profile form.
#[server(prefix = "/api", endpoint = "integration/edi/profile", input = server_fn::codec::GetUrl)]
pub async fn edi_profile_page(
    supplier: String,
    draft: Option<String>,
) -> Result<EdiProfileView, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    use portico_core::services::edi_partners;

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    let partner = edi_partners::partners(&state()?.db, &user)
        .await?
        .into_iter()
        .find(|p| p.supplier_id == id)
        .ok_or(AppError::NotFound)?;
    let draft = match draft {
        Some(nonce) => shown_once(DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    };
    Ok(EdiProfileView { partner, draft })
}

/// Saves a supplier's profile. Check boxes arrive only when ticked.
#[server(prefix = "/api", endpoint = "integration/edi/profile/save")]
pub async fn save_edi_profile(
    supplier: String,
    standard: String,
    supplier_qualifier: String,
    supplier_code: String,
    buyer_qualifier: String,
    buyer_code: String,
    element_separator: String,
    component_separator: String,
    segment_terminator: String,
    test: Option<String>,
    outbound_dir: Option<String>,
    enabled: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::edi_partners;

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    let input = EdiProfileInput {
        standard,
        supplier_qualifier,
        supplier_code,
        buyer_qualifier,
        buyer_code,
        element_separator,
        component_separator,
        segment_terminator,
        test: test.is_some(),
        outbound_dir: outbound_dir.unwrap_or_default(),
        enabled: enabled.is_some(),
    };
    let page = format!("/integration/edi/{id}");
    let result = edi_partners::save_profile(&state()?.db, &request_meta(), &user, id, &input)
        .await
        .map(|_| ())
        .map_err(AppError::from);
    match &result {
        Ok(()) => leptos_axum::redirect("/integration/edi?notice=profile-saved"),
        Err(e) => {
            let field = match e {
                AppError::Invalid { field, .. } => field.clone(),
                _ => String::new(),
            };
            let draft = serde_json::to_string(&input).map_err(|_| AppError::Internal)?;
            let nonce = keep_for_display(DRAFT_KEY, vec![draft]).await?;
            leptos_axum::redirect(&format!(
                "{page}?error={}&field={}&draft={nonce}",
                crate::nav::encode_query_value(&e.text_id()),
                crate::nav::encode_query_value(&field),
            ));
        }
    }
    result
}

/// One interchange with its text and answer.
#[server(prefix = "/api", endpoint = "integration/edi/interchange", input = server_fn::codec::GetUrl)]
pub async fn edi_interchange_page(id: String) -> Result<InterchangeDetail, AppError> {
    use crate::ssr::{require_user, state};

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    Ok(portico_core::services::edi_partners::interchange(&state()?.db, &user, id).await?)
}

/// Imports an interchange pasted on the EDI page; the page shows how many sets were accepted, or why nothing was.
#[server(prefix = "/api", endpoint = "integration/edi/import")]
pub async fn import_edi_interchange(text: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::edi_partners::{import_pasted, Pasted};

    let user = require_user().await?;
    let state = state()?;
    let result = import_pasted(&state.db, &request_meta(), &user, &text, &state.public_url)
        .await
        .map_err(AppError::from);
    let query = match &result {
        Ok(Pasted::Read(accepted, sets)) => {
            format!("notice=imported&accepted={accepted}&sets={sets}")
        }
        Ok(Pasted::Unreadable(_)) => "error=edi-paste-unreadable".to_owned(),
        Err(e) => format!("error={}", crate::nav::encode_query_value(&e.text_id())),
    };
    leptos_axum::redirect(&format!("/integration/edi?{query}#interchanges"));
    result.map(|_| ())
}
