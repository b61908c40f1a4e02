//! Two-factor sign-in: the set-up page's data and actions, and the organisation's requirement of it. Every action is
//! a plain form post that redirects back to its page, with a notice or the reason it failed.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::{MfaPolicy, MfaStatus};
use serde::{Deserialize, Serialize};

/// The set-up page: the settings, and recovery codes made by the last action (shown once, then forgotten).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorView {
    pub status: MfaStatus,
    pub fresh_codes: Option<Vec<String>>,
}

#[cfg(feature = "ssr")]
fn back_to(page: &str, result: &Result<(), AppError>, notice: &str) {
    use crate::nav::encode_query_value;
    match result {
        Ok(()) => leptos_axum::redirect(&format!("{page}?notice={notice}")),
        Err(e) => leptos_axum::redirect(&format!(
            "{page}?error={}",
            encode_query_value(&e.text_id())
        )),
    }
}

#[cfg(feature = "ssr")]
async fn keep_codes_for_display(codes: Vec<String>) -> Result<(), AppError> {
    crate::ssr::session()
        .await?
        .insert(crate::ssr::FRESH_CODES_KEY, codes)
        .await
        .map_err(|_| AppError::Internal)
}

/// The signed-in person's two-factor settings (open also to someone who must still set it up).
#[server(prefix = "/api", endpoint = "mfa", input = server_fn::codec::GetUrl)]
pub async fn two_factor_page() -> Result<TwoFactorView, AppError> {
    use crate::ssr::{session, signed_in, state, FRESH_CODES_KEY};

    let user = signed_in().await?;
    let status = portico_core::services::mfa::status(&state()?.db, &user).await?;
    let fresh_codes = session()
        .await?
        .remove::<Vec<String>>(FRESH_CODES_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(TwoFactorView {
        status,
        fresh_codes,
    })
}

/// Starts setting up two-factor sign-in (a new secret and QR code).
#[server(prefix = "/api", endpoint = "mfa/start")]
pub async fn start_two_factor() -> Result<(), AppError> {
    use crate::ssr::{signed_in, state};

    let user = signed_in().await?;
    let result = portico_core::services::mfa::start(&state()?.db, &user)
        .await
        .map_err(AppError::from);
    back_to("/account/two-factor", &result, "mfa-started");
    result
}

/// Confirms the set-up with the current password and a code from the app; other sessions end, and the recovery
/// codes are shown once on the page it returns to.
#[server(prefix = "/api", endpoint = "mfa/confirm")]
pub async fn confirm_two_factor(code: String, current_password: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, session, session_auth, signed_in, state};

    let user = signed_in().await?;
    let auth = session_auth().await?.ok_or(AppError::Unauthenticated)?;
    let result = match portico_core::services::mfa::confirm(
        &state()?.db,
        &request_meta(),
        &user,
        auth.session_id,
        &code,
        &current_password,
    )
    .await
    {
        Ok(codes) => {
            // Stronger sign-in is a privilege change: the session id is replaced.
            session()
                .await?
                .cycle_id()
                .await
                .map_err(|_| AppError::Internal)?;
            keep_codes_for_display(codes).await
        }
        Err(e) => Err(AppError::from(e)),
    };
    back_to("/account/two-factor", &result, "mfa-enabled");
    result
}

/// Switches two-factor sign-in off (needs the current password; refused where the organisation requires it).
#[server(prefix = "/api", endpoint = "mfa/disable")]
pub async fn disable_two_factor(current_password: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, signed_in, state};

    let user = signed_in().await?;
    let result = portico_core::services::mfa::disable(
        &state()?.db,
        &request_meta(),
        &user,
        &current_password,
    )
    .await
    .map_err(AppError::from);
    back_to("/account/two-factor", &result, "mfa-disabled");
    result
}

/// Replaces the recovery codes (needs the current password); the new ones are shown once.
#[server(prefix = "/api", endpoint = "mfa/recovery-codes")]
pub async fn new_recovery_codes(current_password: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, signed_in, state};

    let user = signed_in().await?;
    let result = match portico_core::services::mfa::regenerate_codes(
        &state()?.db,
        &request_meta(),
        &user,
        &current_password,
    )
    .await
    {
        Ok(codes) => keep_codes_for_display(codes).await,
        Err(e) => Err(AppError::from(e)),
    };
    back_to("/account/two-factor", &result, "mfa-codes-replaced");
    result
}

/// Sets the organisation's two-factor requirement: checkboxes for its own people and for its suppliers' people.
#[server(prefix = "/api", endpoint = "mfa/policy/save")]
pub async fn save_mfa_policy(
    buyers: Option<String>,
    suppliers: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};

    let user = require_user().await?;
    let policy = MfaPolicy {
        buyers: buyers.is_some(),
        suppliers: suppliers.is_some(),
    };
    let result =
        portico_core::services::mfa::set_policy(&state()?.db, &request_meta(), &user, policy)
            .await
            .map_err(AppError::from);
    back_to("/people", &result, "mfa-policy-saved");
    result
}
