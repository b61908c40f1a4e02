//! Supplier delay reports: the report form with its preview of the lines it moves, sending it, and a report's page
//! (both sides). A plain form; a form with mistakes or a preview comes back with the values as typed.

#![expect(
    clippy::too_many_arguments,
    reason = "the delay form's server function takes its fields one by one, as a plain form posts them"
)]

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::delays::{AffectedLine, DelayForm, DelayReportView};
use serde::{Deserialize, Serialize};

/// The session key of a delay form sent back with mistakes or a preview.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "delay_draft";

/// A delay form as last sent: its values, its mistakes, and — when it kept every rule — the lines it moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayDraft {
    pub form: DelayForm,
    pub errors: Vec<FieldError>,
    pub preview: Option<Vec<AffectedLine>>,
}

/// The report form's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewDelayData {
    pub draft: Option<DelayDraft>,
    /// Made when the form was drawn: a second submission stores one report.
    pub token: String,
    /// The server's today (UTC), the earliest new date.
    pub today: time::Date,
}

/// The report form, with the form last sent when `draft` names it; `order` fills in one order's number.
#[server(prefix = "/api", endpoint = "delays/new", input = server_fn::codec::GetUrl)]
pub async fn new_delay_page(draft: Option<String>) -> Result<NewDelayData, AppError> {
    use crate::ssr::{require_user, shown_once};
    let user = require_user().await?;
    if user.workspace.supplier_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let draft = match draft {
        Some(nonce) => shown_once(DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    };
    Ok(NewDelayData {
        draft,
        token: uuid::Uuid::now_v7().simple().to_string(),
        today: time::OffsetDateTime::now_utc().date(),
    })
}

/// The report form: `action` is `preview` (show the lines it moves, store nothing) or `submit`.
#[server(prefix = "/api", endpoint = "delays/post")]
pub async fn post_delay(
    action: String,
    token: String,
    scope: Option<String>,
    order: Option<String>,
    items: Option<String>,
    due_before: Option<String>,
    new_date: String,
    reason: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::delays;
    let user = require_user().await?;
    let db = &state()?.db;
    let form = DelayForm {
        scope: scope.unwrap_or_default(),
        order: order.unwrap_or_default(),
        items: items.unwrap_or_default(),
        due_before: due_before.unwrap_or_default(),
        new_date,
        reason: reason.unwrap_or_default(),
        note: note.unwrap_or_default(),
    };
    let back = |draft: DelayDraft, anchor: &'static str| async move {
        let json = serde_json::to_string(&draft).map_err(|_| AppError::Internal)?;
        let nonce = keep_for_display(DRAFT_KEY, vec![json]).await?;
        Ok::<String, AppError>(format!("/delays/new?draft={nonce}#{anchor}"))
    };
    let failed = |form: DelayForm, errors: Vec<FieldError>| DelayDraft {
        form,
        errors,
        preview: None,
    };
    let target = if action == "submit" {
        match delays::submit(db, &request_meta(), &user, &form, &token).await? {
            Ok(id) => format!("/delays/{id}?notice=delay-sent"),
            Err(errors) => back(failed(form, errors), "delay-errors").await?,
        }
    } else {
        match delays::preview(db, &user, &form).await? {
            Ok(lines) => {
                let draft = DelayDraft {
                    form,
                    errors: Vec::new(),
                    preview: Some(lines),
                };
                back(draft, "preview").await?
            }
            Err(errors) => back(failed(form, errors), "delay-errors").await?,
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// A delay report.
#[server(prefix = "/api", endpoint = "delay", input = server_fn::codec::GetUrl)]
pub async fn delay_page(id: String) -> Result<DelayReportView, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    Ok(portico_core::services::delays::view(&state()?.db, &user, id).await?)
}
