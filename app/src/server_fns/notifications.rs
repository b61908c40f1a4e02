//! The signed-in person's notification choices: each kind at once or in the daily digest.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::notifications::Preference;
use serde::{Deserialize, Serialize};

/// One kind's choice as the form posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub delivery: String,
}

/// The person's choice for each kind their side receives.
#[server(prefix = "/api", endpoint = "notifications", input = server_fn::codec::GetUrl)]
pub async fn notification_preferences() -> Result<Vec<Preference>, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(portico_core::services::notifications::preferences(&state()?.db, &user).await?)
}

/// Saves the choices, posted by the form on the account page.
#[server(prefix = "/api", endpoint = "notifications/save")]
pub async fn save_notification_preferences(
    prefs: Option<Vec<PreferenceForm>>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let choices: Vec<(String, String)> = prefs
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.kind, p.delivery))
        .collect();
    match portico_core::services::notifications::save_preferences(
        &state()?.db,
        &request_meta(),
        &user,
        &choices,
    )
    .await
    {
        Ok(()) => leptos_axum::redirect("/account?notice=notifications-saved"),
        Err(portico_core::CoreError::Validation { message, .. }) => {
            leptos_axum::redirect(&format!("/account?error={message}#notifications"))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
