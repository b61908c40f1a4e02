//! The buyer's exception workbench: the list with its filters, one exception, and the plain forms that assign,
//! comment and resolve (each redirects back to the exception, with a mistake beside its field and the note as
//! typed).

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::exceptions::{ExceptionPage, SlaSetting, Workbench};

#[cfg(feature = "ssr")]
fn uuid_of(text: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| AppError::NotFound)
}

/// The workbench, filtered by the query string's values (what does not parse is ignored).
#[server(prefix = "/api", endpoint = "exceptions", input = server_fn::codec::GetUrl)]
pub async fn exceptions_page(
    kind: Option<String>,
    supplier: Option<String>,
    assignee: Option<String>,
    state: Option<String>,
    age: Option<String>,
) -> Result<Workbench, AppError> {
    use crate::ssr::{require_user, state as app_state};
    use portico_domain::exceptions::ExceptionFilter;
    let user = require_user().await?;
    let filter = ExceptionFilter::from_query(
        kind.as_deref(),
        supplier.as_deref(),
        assignee.as_deref(),
        state.as_deref(),
        age.as_deref(),
        user.id.0,
    );
    Ok(portico_core::services::exceptions::list(&app_state()?.db, &user, &filter).await?)
}

/// One exception.
#[server(prefix = "/api", endpoint = "exception", input = server_fn::codec::GetUrl)]
pub async fn exception_detail_page(id: String) -> Result<ExceptionPage, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&id)?;
    Ok(portico_core::services::exceptions::detail(&state()?.db, &user, id).await?)
}

/// Gives the exception to a person (`me`, a person's id, or nobody when empty).
#[server(prefix = "/api", endpoint = "exceptions/assign")]
pub async fn assign_exception(id: String, assignee: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&id)?;
    let assignee = match assignee.trim() {
        "" => None,
        "me" => Some(user.id.0),
        other => Some(uuid::Uuid::parse_str(other).map_err(|_| AppError::NotFound)?),
    };
    let target = match portico_core::services::exceptions::assign(
        &state()?.db,
        &request_meta(),
        &user,
        id,
        assignee,
    )
    .await
    {
        Ok(()) => format!("/exceptions/{id}?notice=exception-assigned"),
        Err(portico_core::CoreError::Conflict(_)) => {
            format!("/exceptions/{id}?error=exception-error-closed&field=assignee")
        }
        Err(portico_core::CoreError::Validation { message, .. }) => {
            format!("/exceptions/{id}?error={message}&field=assignee")
        }
        Err(e) => return Err(e.into()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Adds a comment.
#[server(prefix = "/api", endpoint = "exceptions/comment")]
pub async fn comment_exception(id: String, body: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&id)?;
    let target = match portico_core::services::exceptions::comment(
        &state()?.db,
        &request_meta(),
        &user,
        id,
        &body,
    )
    .await?
    {
        Ok(()) => format!("/exceptions/{id}?notice=exception-commented#comments"),
        Err(e) => format!("/exceptions/{id}?error={}&field=body#comments", e.message),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Resolves the exception with an outcome and a note.
#[server(prefix = "/api", endpoint = "exceptions/resolve")]
pub async fn resolve_exception(
    id: String,
    outcome: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&id)?;
    let outcome = outcome.unwrap_or_default();
    let note = note.unwrap_or_default();
    let target = match portico_core::services::exceptions::resolve(
        &state()?.db,
        &request_meta(),
        &user,
        id,
        &outcome,
        &note,
    )
    .await?
    {
        Ok(()) => format!("/exceptions/{id}?notice=exception-resolved"),
        Err(errors) => {
            let fields: Vec<String> = errors
                .iter()
                .map(|e| format!("{}:{}", e.field, e.message))
                .collect();
            format!(
                "/exceptions/{id}?errors={}&outcome={}&note={}#resolve",
                encode_query_value(&fields.join(",")),
                encode_query_value(outcome.trim()),
                encode_query_value(&note.chars().take(2000).collect::<String>())
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The SLA form: the hours in force per kind of exception (buyer administrators).
#[server(prefix = "/api", endpoint = "exceptions/settings-form", input = server_fn::codec::GetUrl)]
pub async fn exception_slas_page() -> Result<Vec<SlaSetting>, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    if user.workspace.role != portico_domain::MembershipRole::BuyerAdmin {
        return Err(AppError::Forbidden);
    }
    Ok(portico_core::services::exceptions::slas(&state()?.db, &user).await?)
}

/// Saves the SLA form (whole hours per kind, empty for the built-in default) and returns to it: with a notice, or
/// with each mistake beside its field and the values as typed.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "exceptions/settings")]
pub async fn save_exception_slas(
    changes_to_review: Option<String>,
    order_rejected: Option<String>,
    ack_overdue: Option<String>,
    asn_overdue: Option<String>,
    shipped_late: Option<String>,
    short_shipment: Option<String>,
    invoice_mismatch: Option<String>,
    invoice_disputed: Option<String>,
    delay_reported: Option<String>,
    delivery_failed: Option<String>,
    scorecard_below: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let fields: Vec<(String, String)> = [
        ("changes_to_review", changes_to_review),
        ("order_rejected", order_rejected),
        ("ack_overdue", ack_overdue),
        ("asn_overdue", asn_overdue),
        ("shipped_late", shipped_late),
        ("short_shipment", short_shipment),
        ("invoice_mismatch", invoice_mismatch),
        ("invoice_disputed", invoice_disputed),
        ("delay_reported", delay_reported),
        ("delivery_failed", delivery_failed),
        ("scorecard_below", scorecard_below),
    ]
    .into_iter()
    .map(|(k, v)| {
        (
            k.to_owned(),
            v.unwrap_or_default().chars().take(20).collect(),
        )
    })
    .collect();
    let saved = portico_core::services::exceptions::save_slas(
        &state()?.db,
        &request_meta(),
        &user,
        &fields,
    )
    .await?;
    let target = crate::nav::form_redirect(
        "/exceptions/settings",
        saved.as_ref().map(|_| "slas-saved").map_err(Vec::as_slice),
        &fields,
    );
    leptos_axum::redirect(&target);
    Ok(())
}
