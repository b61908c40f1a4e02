//! Signing in and out, the signed-in person, and the language choice.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::CurrentUser;

/// The signed-in person, for the page header.
#[server(prefix = "/api", endpoint = "me", input = server_fn::codec::GetUrl)]
pub async fn signed_in_user() -> Result<CurrentUser, AppError> {
    crate::ssr::signed_in().await
}

/// Signs in with e-mail and password; on success the session id is replaced and the browser goes to `next` (a path
/// on this site) or the order list.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::nav::{encode_query_value, safe_next};
    use crate::ssr::{
        is_plain_form_post, request_cookie, request_meta, session, state, DEVICE_COOKIE,
    };
    use portico_core::services::login::Credentials;

    let state = state()?;
    let next = safe_next(next.as_deref());
    let device = request_cookie(&state.cookie_name(DEVICE_COOKIE));
    let creds = Credentials {
        email: &email,
        password: &password,
        device: device.as_deref(),
    };
    use portico_core::services::login::LoginStep;
    match portico_core::services::login::login(&state.db, &request_meta(), creds).await {
        Ok(LoginStep::Done(done)) => {
            finish_sign_in(&state, done).await?;
            leptos_axum::redirect(next.as_deref().unwrap_or("/orders"));
            Ok(())
        }
        Ok(LoginStep::SecondFactor(pending)) => {
            let session = session().await?;
            session.cycle_id().await.map_err(|_| AppError::Internal)?;
            session
                .insert(crate::ssr::PENDING_KEY, pending)
                .await
                .map_err(|_| AppError::Internal)?;
            let mut to = String::from("/login/two-factor");
            if let Some(n) = &next {
                to.push_str(&format!("?next={}", encode_query_value(n)));
            }
            leptos_axum::redirect(&to);
            Ok(())
        }
        Err(err) => {
            let err = AppError::from(err);
            if is_plain_form_post() {
                // The page's form posts here directly: go back to the form with the reason.
                let code = match err {
                    AppError::InvalidCredentials => "credentials",
                    AppError::TooManyAttempts => "throttled",
                    _ => "unavailable",
                };
                let mut to = format!("/login?error={code}");
                if let Some(n) = next {
                    to.push_str(&format!("&next={}", encode_query_value(&n)));
                }
                leptos_axum::redirect(&to);
            }
            Err(err)
        }
    }
}

/// Completes a sign-in in the browser session: a new session id (against fixation), the identity, and the
/// trusted-device cookie for a browser new to the account.
#[cfg(feature = "ssr")]
async fn finish_sign_in(
    state: &crate::ssr::ServerState,
    done: portico_core::services::login::LoggedIn,
) -> Result<(), AppError> {
    use crate::ssr::{session, set_cookie, SessionAuth, AUTH_KEY, DEVICE_COOKIE, PENDING_KEY};

    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    let _ = session
        .remove::<portico_core::services::login::PendingLogin>(PENDING_KEY)
        .await;
    let auth = SessionAuth::new(done.user.id, done.membership_id, done.session_id);
    session
        .insert(AUTH_KEY, auth)
        .await
        .map_err(|_| AppError::Internal)?;
    if let Some(token) = &done.new_device {
        set_cookie(&state.cookie(DEVICE_COOKIE, token, 400 * 24 * 3600));
    }
    tracing::info!(user = %done.user.id, tenant = %done.user.workspace.tenant_id, "signed in");
    Ok(())
}

/// The second sign-in step: a code from the authenticator app or a recovery code. Without a sign-in waiting for it
/// (or after five minutes) the browser goes back to the sign-in form.
#[server(prefix = "/api", endpoint = "login/two-factor")]
pub async fn login_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::nav::{encode_query_value, safe_next};
    use crate::ssr::{is_plain_form_post, request_cookie, request_meta, session, state};
    use crate::ssr::{DEVICE_COOKIE, PENDING_KEY};
    use portico_core::services::login::PendingLogin;

    let state = state()?;
    let next = safe_next(next.as_deref());
    let pending: Option<PendingLogin> = session()
        .await?
        .get(PENDING_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    let Some(pending) = pending else {
        leptos_axum::redirect("/login?error=expired");
        return Err(crate::ssr::fail(
            http::StatusCode::UNAUTHORIZED,
            AppError::Unauthenticated,
        ));
    };
    let device = request_cookie(&state.cookie_name(DEVICE_COOKIE));
    let result = portico_core::services::login::second_factor(
        &state.db,
        &request_meta(),
        &pending,
        &code,
        device.as_deref(),
    )
    .await;
    match result {
        Ok(done) => {
            finish_sign_in(&state, done).await?;
            leptos_axum::redirect(next.as_deref().unwrap_or("/orders"));
            Ok(())
        }
        Err(err) => {
            let err = AppError::from(err);
            if matches!(err, AppError::Unauthenticated) {
                let _ = session().await?.remove::<PendingLogin>(PENDING_KEY).await;
                leptos_axum::redirect("/login?error=expired");
            } else if is_plain_form_post() {
                let mut to = format!(
                    "/login/two-factor?error={}",
                    encode_query_value(&err.text_id())
                );
                if let Some(n) = &next {
                    to.push_str(&format!("&next={}", encode_query_value(n)));
                }
                leptos_axum::redirect(&to);
            }
            Err(err)
        }
    }
}

/// Signs out: the session is deleted from the store, so its cookie is worthless afterwards.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{request_meta, session, session_auth, signed_in, state};

    if let (Ok(user), Some(auth)) = (signed_in().await, session_auth().await?) {
        portico_core::services::session::sign_out(
            &state()?.db,
            &request_meta(),
            &user,
            auth.session_id,
        )
        .await?;
    }
    session()
        .await?
        .flush()
        .await
        .map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Remembers a language choice in a cookie and returns to the page the person was on.
#[server(prefix = "/api", endpoint = "language")]
pub async fn set_language(lang: String, back: Option<String>) -> Result<(), AppError> {
    use crate::i18n::LANG_COOKIE;
    use portico_i18n::Locale;

    let locale = Locale::from_tag(&lang).ok_or_else(|| AppError::Invalid {
        field: "lang".into(),
        message: format!("unsupported language '{lang}'"),
    })?;
    crate::ssr::set_cookie(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    ));
    leptos_axum::redirect(
        &crate::nav::safe_next(back.as_deref()).unwrap_or_else(|| "/orders".into()),
    );
    Ok(())
}

/// The workspaces (customers) the signed-in person can switch between.
#[server(prefix = "/api", endpoint = "workspaces", input = server_fn::codec::GetUrl)]
pub async fn my_workspaces() -> Result<Vec<portico_domain::WorkspaceChoice>, AppError> {
    Ok(crate::ssr::signed_in_with_workspaces().await?.1)
}

/// Switches the session to another workspace (customer); the session id is replaced, as for any change of what the
/// session may see, and the browser goes to that workspace's order list.
#[server(prefix = "/api", endpoint = "workspace")]
pub async fn switch_workspace(membership: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, session, session_auth, signed_in, state, AUTH_KEY};

    let user = signed_in().await?;
    let mut auth = session_auth().await?.ok_or(AppError::Unauthenticated)?;
    let membership = uuid::Uuid::parse_str(membership.trim()).map_err(|_| AppError::NotFound)?;
    let target = portico_core::services::session::switch(
        &state()?.db,
        &request_meta(),
        &user,
        auth.session_id,
        membership,
    )
    .await?;
    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    auth.membership_id = membership;
    session
        .insert(AUTH_KEY, auth)
        .await
        .map_err(|_| AppError::Internal)?;
    tracing::info!(user = %user.id, tenant = %target.workspace.tenant_id, "switched workspace");
    leptos_axum::redirect("/orders");
    Ok(())
}
