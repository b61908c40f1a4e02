//! Two-factor sign-in: the set-up page's data and actions, and the organisation's requirement of it. Every action is
//! a plain form post that redirects back to its page, with a notice or the reason it failed.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::MfaStatus;
use serde::{Deserialize, Serialize};

/// The two-factor set-up page, where its actions return.
#[cfg(feature = "ssr")]
const PAGE: &str = "/account/two-factor";

/// The set-up page: the settings, and recovery codes made by the last action (shown once, then forgotten).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorView {
    pub status: MfaStatus,
    pub fresh_codes: Option<Vec<String>>,
}

/// Keeps the codes for the page the action returns to and gives the nonce that page's URL carries. Reading them is
/// idempotent (the page may be reloaded); they are shown only on that URL and only briefly.
/// Back to the set-up page with a notice and the nonce of the codes to show, or with the reason it failed.
#[cfg(feature = "ssr")]
fn back_to_codes(result: &Result<String, AppError>, notice: &str) {
    crate::ssr::redirect_back(PAGE, result, |nonce| {
        format!(
            "notice={notice}&codes={}",
            crate::nav::encode_query_value(nonce)
        )
    });
}

#[cfg(feature = "ssr")]
async fn keep_codes_for_display(codes: Vec<String>) -> Result<String, AppError> {
    crate::ssr::keep_for_display(crate::ssr::FRESH_CODES_KEY, codes).await
}

/// The signed-in person's two-factor settings (open also to someone who must still set it up), with the recovery
/// codes the last action made when `codes` names them.
#[server(prefix = "/api", endpoint = "mfa", input = server_fn::codec::GetUrl)]
pub async fn two_factor_page(codes: Option<String>) -> Result<TwoFactorView, AppError> {
    use crate::ssr::{shown_once, signed_in, state, FRESH_CODES_KEY};

    let user = signed_in().await?;
    let status = portico_core::services::mfa::status(&state()?.db, &user).await?;
    // The session is read only when the URL names codes: the plain page needs nothing from it.
    let fresh_codes = match codes {
        None => None,
        Some(nonce) => shown_once(FRESH_CODES_KEY, &nonce).await?,
    };
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
    crate::ssr::redirect_back(PAGE, &result, |_| "notice=mfa-started".into());
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
    back_to_codes(&result, "mfa-enabled");
    result.map(|_| ())
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
    crate::ssr::redirect_back(PAGE, &result, |_| "notice=mfa-disabled".into());
    result
}

/// Replaces the recovery codes (needs the current password); the new ones are shown once.
#[server(prefix = "/api", endpoint = "mfa/recovery-codes")]
pub async fn new_recovery_codes(current_password: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, signed_in, state};

    let user = signed_in().await?;
    let result: Result<String, AppError> = match portico_core::services::mfa::regenerate_codes(
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
    back_to_codes(&result, "mfa-codes-replaced");
    result.map(|_| ())
}

/// Sets the organisation's two-factor requirement: checkboxes for its own people and for its suppliers' people.
#[server(prefix = "/api", endpoint = "mfa/policy/save")]
pub async fn save_mfa_policy(
    buyers: Option<String>,
    suppliers: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_domain::MfaPolicy;

    let user = require_user().await?;
    let policy = MfaPolicy {
        buyers: buyers.is_some(),
        suppliers: suppliers.is_some(),
    };
    let result =
        portico_core::services::mfa::set_policy(&state()?.db, &request_meta(), &user, policy)
            .await
            .map_err(AppError::from);
    crate::ssr::redirect_back("/people", &result, |_| "notice=mfa-policy-saved".into());
    result
}
