//! The person's own account: forgotten and changed passwords, open sessions, and the development mailbox.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::SessionInfo;
use serde::{Deserialize, Serialize};

/// A message in the development mailbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxMessage {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub created_at: time::OffsetDateTime,
}

/// Sends a password-reset link if the address has an account; answers the same either way.
#[server(prefix = "/api", endpoint = "password/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::ssr::{is_plain_form_post, request_locale, request_meta, state};

    let state = state()?;
    let result = portico_core::services::password::request_reset(
        &state.db,
        &request_meta(),
        &state.public_url,
        request_locale(),
        &email,
    )
    .await
    .map_err(AppError::from);
    if is_plain_form_post() {
        leptos_axum::redirect(match &result {
            Ok(()) => "/forgot-password?sent=1",
            Err(AppError::TooManyAttempts) => "/forgot-password?error=throttled",
            Err(_) => "/forgot-password?error=email",
        });
    }
    result
}

/// The address a password-reset link is for, or why the link cannot be used.
#[server(prefix = "/api", endpoint = "password/reset-link", input = server_fn::codec::GetUrl)]
pub async fn inspect_password_reset(token: String) -> Result<String, AppError> {
    let state = crate::ssr::state()?;
    Ok(
        portico_core::services::password::inspect_reset(&state.db, &token)
            .await?
            .to_string(),
    )
}

/// Sets a new password with a reset link, then sends the person to sign in with it.
#[server(prefix = "/api", endpoint = "password/reset")]
pub async fn reset_password(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{is_plain_form_post, request_meta, state};

    let state = state()?;
    let result = portico_core::services::password::complete_reset(
        &state.db,
        &request_meta(),
        &token,
        &password,
        &confirm,
    )
    .await
    .map_err(AppError::from);
    match &result {
        Ok(_) => leptos_axum::redirect("/login?notice=password-reset"),
        Err(e) if is_plain_form_post() => leptos_axum::redirect(&format!(
            "/reset-password?token={}&error={}",
            encode_query_value(&token),
            encode_query_value(&e.text_id())
        )),
        Err(_) => {}
    }
    result.map(|_| ())
}

/// Changes the signed-in person's password (the current one is required); other sessions end and this one gets a
/// new id.
#[server(prefix = "/api", endpoint = "password/change")]
pub async fn change_password(
    current_password: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{
        is_plain_form_post, request_meta, require_user, session, session_auth, state,
    };

    let user = require_user().await?;
    let auth = session_auth().await?.ok_or(AppError::Unauthenticated)?;
    let state = state()?;
    let result = portico_core::services::password::change(
        &state.db,
        &request_meta(),
        &user,
        auth.session_id,
        &current_password,
        &password,
        &confirm,
    )
    .await
    .map_err(AppError::from);
    match &result {
        Ok(()) => {
            // A change of credentials is a privilege change: the session id is replaced.
            session()
                .await?
                .cycle_id()
                .await
                .map_err(|_| AppError::Internal)?;
            leptos_axum::redirect("/account?notice=password-changed");
        }
        Err(e) if is_plain_form_post() => leptos_axum::redirect(&format!(
            "/account?error={}",
            encode_query_value(&e.text_id())
        )),
        Err(_) => {}
    }
    result
}

/// The signed-in person's open sessions.
#[server(prefix = "/api", endpoint = "sessions", input = server_fn::codec::GetUrl)]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::ssr::{require_user, session_auth, state};

    let user = require_user().await?;
    let auth = session_auth().await?.ok_or(AppError::Unauthenticated)?;
    Ok(portico_core::services::session::list(&state()?.db, user.id, auth.session_id).await?)
}

/// Ends one of the signed-in person's sessions (that browser is signed out on its next request).
#[server(prefix = "/api", endpoint = "sessions/end")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    portico_core::services::session::end(&state()?.db, &request_meta(), &user, id).await?;
    leptos_axum::redirect("/account?notice=session-ended");
    Ok(())
}

/// The development mailbox: the most recent messages, when mail stays on this machine (404 otherwise).
#[server(prefix = "/api", endpoint = "dev/mailbox", input = server_fn::codec::GetUrl)]
pub async fn dev_mailbox() -> Result<Vec<MailboxMessage>, AppError> {
    use crate::ssr::{fail, state};

    let state = state()?;
    if !state.dev_mailbox {
        return Err(fail(http::StatusCode::NOT_FOUND, AppError::NotFound));
    }
    let messages = portico_core::services::mailbox::recent(&state.db).await?;
    Ok(messages
        .into_iter()
        .map(|m| MailboxMessage {
            id: m.id.to_string(),
            to: m.to_address,
            subject: m.subject,
            text: m.text_body.unwrap_or_default(),
            created_at: m.created_at,
        })
        .collect())
}
