//! The buyer's exception workbench: the list with its filters, one exception, and the plain forms that assign,
//! comment and resolve (each redirects back to the exception, with a mistake beside its field and the note as
//! typed).

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::exceptions::{ExceptionPage, Workbench};

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
