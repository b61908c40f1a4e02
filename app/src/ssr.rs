//! Server-side glue for server functions: the state they take from context, the session, the request's language,
//! and the mapping of core errors to responses. Compiled only with the `ssr` feature.

use crate::error::AppError;
use crate::i18n::LANG_COOKIE;
use crate::session_policy::{self, SessionCheck};
use http::request::Parts;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use portico_core::audit::RequestMeta;
use portico_core::{CoreError, Db};
use portico_domain::{CurrentUser, TokenProblem, UserId, WorkspaceChoice};
use portico_i18n::Locale;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::OnceCell;
use tower_sessions::Session;
use uuid::Uuid;

/// What server functions need from the server, provided as context for every request.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: Db,
    /// Whether cookies are `Secure` with the `__Host-` prefix (the public URL is https).
    pub secure_cookies: bool,
    /// The configured public URL, without a trailing slash: e-mailed links are built from it, never from `Host`.
    pub public_url: String,
    /// Whether mail stays on this machine and the development mailbox is shown.
    pub dev_mailbox: bool,
    /// Whether webhook endpoints may be on private and loopback addresses (development only).
    pub webhook_allow_private: bool,
}

impl ServerState {
    /// The name of a cookie of ours: `__Host-` prefixed when served over https.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.secure_cookies {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    /// A `Set-Cookie` value for an HttpOnly, SameSite=Lax cookie of ours on the whole site.
    pub fn cookie(&self, base: &str, value: &str, max_age_secs: i64) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}",
            self.cookie_name(base)
        )
    }
}

/// The trusted-device cookie's base name.
pub const DEVICE_COOKIE: &str = "portico_device";

/// The signed-in person of this request with the workspaces they may switch to, loaded at most once however many
/// server functions ask.
#[derive(Clone, Debug, Default)]
pub struct RequestUser(Arc<OnceCell<(CurrentUser, Vec<WorkspaceChoice>)>>);

/// The session key under which the signed-in identity is kept.
pub const AUTH_KEY: &str = "auth";

/// The session key of a sign-in waiting for its second factor ([`portico_core::services::login::PendingLogin`]).
pub const PENDING_KEY: &str = "pending_login";

/// The session key of recovery codes just made, shown on the page the action returns to (its URL names them).
pub const FRESH_CODES_KEY: &str = "fresh_recovery_codes";

/// What a session remembers about its person: who, and in which workspace (membership).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionAuth {
    pub user_id: UserId,
    pub membership_id: Uuid,
    /// The session record (`user_sessions`); ending it ends this session on its next request.
    #[serde(default)]
    pub session_id: Uuid,
    /// Unix seconds of the sign-in (for the absolute limit).
    pub signed_in_at: i64,
    /// Unix seconds of the last save (for the sliding idle limit).
    pub refreshed_at: i64,
}

impl SessionAuth {
    /// A new sign-in now.
    pub fn new(user_id: UserId, membership_id: Uuid, session_id: Uuid) -> Self {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        Self {
            user_id,
            membership_id,
            session_id,
            signed_in_at: now,
            refreshed_at: now,
        }
    }
}

/// The server state from context.
pub fn state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("ServerState missing from the request context");
        AppError::Internal
    })
}

/// The request's session.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session unavailable");
        AppError::Internal
    })
}

/// The signed-in person, or [`AppError::Unauthenticated`] (status 401); [`AppError::TwoFactorSetupRequired`] (403)
/// while their organisation requires two-factor sign-in they have not set up.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    let user = signed_in().await?;
    if user.mfa_enrolment_required {
        return Err(fail(
            StatusCode::FORBIDDEN,
            AppError::TwoFactorSetupRequired,
        ));
    }
    Ok(user)
}

/// The signed-in person, even one who must still set up two-factor sign-in: only for the header, signing out,
/// choosing a customer and the two-factor set-up itself.
pub async fn signed_in() -> Result<CurrentUser, AppError> {
    Ok(signed_in_with_workspaces().await?.0)
}

/// [`signed_in`] with every workspace the person may switch to (read with the person, in one statement).
pub async fn signed_in_with_workspaces() -> Result<(CurrentUser, Vec<WorkspaceChoice>), AppError> {
    let cache = use_context::<RequestUser>().unwrap_or_default();
    cache
        .0
        .get_or_try_init(|| async {
            let session = session().await?;
            let auth: Option<SessionAuth> = session.get(AUTH_KEY).await.map_err(|e| {
                tracing::error!(error = %e, "session store read failed");
                AppError::Internal
            })?;
            let mut auth =
                auth.ok_or_else(|| fail(StatusCode::UNAUTHORIZED, AppError::Unauthenticated))?;
            let now = time::OffsetDateTime::now_utc();
            match session_policy::check(auth.signed_in_at, auth.refreshed_at, now) {
                SessionCheck::Fresh => {}
                SessionCheck::Refresh => {
                    auth.refreshed_at = now.unix_timestamp();
                    session.insert(AUTH_KEY, auth).await.map_err(|e| {
                        tracing::error!(error = %e, "session refresh failed");
                        AppError::Internal
                    })?;
                    portico_core::services::session::touch(&state()?.db, auth.session_id).await?;
                }
                SessionCheck::Expired => {
                    let _ = session.flush().await;
                    return Err(fail(StatusCode::UNAUTHORIZED, AppError::Unauthenticated));
                }
            }
            let state = state()?;
            match portico_core::services::session::resolve(
                &state.db,
                auth.user_id,
                auth.membership_id,
                auth.session_id,
            )
            .await
            {
                Ok(resolved) => Ok(resolved),
                Err(CoreError::Unauthenticated) => {
                    // The account was disabled or the membership removed: end the session at once.
                    let _ = session.flush().await;
                    Err(fail(StatusCode::UNAUTHORIZED, AppError::Unauthenticated))
                }
                Err(e) => Err(AppError::from(e)),
            }
        })
        .await
        .cloned()
}

/// The signed-in session's stored identity, if any (without loading the person).
pub async fn session_auth() -> Result<Option<SessionAuth>, AppError> {
    session().await?.get(AUTH_KEY).await.map_err(|e| {
        tracing::error!(error = %e, "session store read failed");
        AppError::Internal
    })
}

/// Where the current request came from: its correlation id, client address and browser.
pub fn request_meta() -> RequestMeta {
    let Some(parts) = use_context::<Parts>() else {
        return RequestMeta::default();
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    RequestMeta {
        correlation_id: header("x-request-id"),
        ip: parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string()),
        user_agent: header("user-agent"),
    }
}

/// The value of a request cookie.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(cookie: &str) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

/// Sets the response status and returns the error (for `?` chains).
pub fn fail(status: StatusCode, error: AppError) -> AppError {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
    error
}

/// Sends a plain form back to its page: on success with the query `on_ok` builds (e.g. `notice=…&email=…`), on
/// failure with `error=<the error's catalogue id>`, which the page shows.
pub fn redirect_back<T>(
    page: &str,
    result: &Result<T, AppError>,
    on_ok: impl FnOnce(&T) -> String,
) {
    let query = match result {
        Ok(value) => on_ok(value),
        Err(e) => format!("error={}", crate::nav::encode_query_value(&e.text_id())),
    };
    leptos_axum::redirect(&format!("{page}?{query}"));
}

/// Whether the current request is a plain HTML form post (no JavaScript), which expects a redirect.
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        match err {
            CoreError::NotFound => fail(StatusCode::NOT_FOUND, AppError::NotFound),
            CoreError::InvalidCredentials => {
                fail(StatusCode::UNAUTHORIZED, AppError::InvalidCredentials)
            }
            CoreError::Unauthenticated => fail(StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
            CoreError::Forbidden => fail(StatusCode::FORBIDDEN, AppError::Forbidden),
            CoreError::RateLimited => {
                fail(StatusCode::TOO_MANY_REQUESTS, AppError::TooManyAttempts)
            }
            CoreError::Token(problem) => {
                let status = match problem {
                    TokenProblem::Invalid => StatusCode::NOT_FOUND,
                    TokenProblem::Expired | TokenProblem::Used | TokenProblem::Revoked => {
                        StatusCode::GONE
                    }
                };
                fail(status, AppError::Link(problem))
            }
            CoreError::Paging(p) => fail(StatusCode::BAD_REQUEST, AppError::BadList(p)),
            CoreError::Validation { field, message } => fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Invalid { field, message },
            ),
            CoreError::Conflict(what) => fail(
                StatusCode::CONFLICT,
                AppError::Invalid {
                    field: "request".into(),
                    message: format!("conflicts with existing data ({what})"),
                },
            ),
            CoreError::Internal(e) => {
                // The one place internal errors are logged; the user sees a generic message.
                tracing::error!(error = format!("{e:#}"), "request failed");
                fail(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
        }
    }
}

/// The language of the current request: the language cookie if set, else `Accept-Language`, else English.
pub fn request_locale() -> Locale {
    let Some(parts) = use_context::<Parts>() else {
        return Locale::default();
    };
    let from_cookie = request_cookie(LANG_COOKIE).and_then(|v| Locale::from_tag(&v));
    from_cookie.unwrap_or_else(|| {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::negotiate)
            .unwrap_or_default()
    })
}

/// Sets this page's Content-Security-Policy: scripts only from this site or carrying this response's nonce (the
/// hydration and resource scripts Leptos writes inline), wasm compilation allowed, no plugins, no `<base>`, no framing,
/// forms post only here.
pub fn content_security_policy() {
    let Some(res) = use_context::<ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!("'nonce-{n}' "))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' {nonce}'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// A secret made by an action (recovery codes, a webhook signing secret), kept in the browser session for the page
/// the action returns to. Only the page whose URL carries the nonce shows it, and only for 10 minutes.
#[derive(Serialize, Deserialize)]
struct ShownOnce {
    nonce: String,
    values: Vec<String>,
    made_at: i64,
}

const SHOWN_ONCE_SECS: i64 = 600;

/// Keeps `values` under `key` for the page the action returns to; returns the nonce that page's URL carries.
pub async fn keep_for_display(key: &str, values: Vec<String>) -> Result<String, AppError> {
    let nonce = portico_core::auth::token::generate().token[..16].to_owned();
    let kept = ShownOnce {
        nonce: nonce.clone(),
        values,
        made_at: time::OffsetDateTime::now_utc().unix_timestamp(),
    };
    session()
        .await?
        .insert(key, kept)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(nonce)
}

/// The values kept under `key` if `nonce` names them and they are recent. Reading is idempotent: the page may be
/// loaded again (a reload) while they are recent.
pub async fn shown_once(key: &str, nonce: &str) -> Result<Option<Vec<String>>, AppError> {
    let session = session().await?;
    let kept: Option<ShownOnce> = session.get(key).await.map_err(|_| AppError::Internal)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Ok(match kept {
        Some(k) if now - k.made_at > SHOWN_ONCE_SECS => {
            let _ = session.remove::<ShownOnce>(key).await;
            None
        }
        Some(k) if k.nonce == nonce => Some(k.values),
        _ => None,
    })
}

/// Keeps a form as last sent with its mistakes (any serialisable draft) for the page the action returns to; returns
/// the nonce that page's URL carries.
pub async fn keep_draft<T: serde::Serialize>(key: &str, draft: &T) -> Result<String, AppError> {
    let json = serde_json::to_string(draft).map_err(|_| AppError::Internal)?;
    keep_for_display(key, vec![json]).await
}

/// The draft kept under `key` by [`keep_draft`], if `nonce` names it and it is recent.
pub async fn kept_draft<T: serde::de::DeserializeOwned>(
    key: &str,
    nonce: Option<String>,
) -> Result<Option<T>, AppError> {
    Ok(match nonce {
        Some(nonce) => shown_once(key, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    })
}

/// Answers a server function with a PDF to download: always as an attachment under `name` (never shown inline),
/// `nosniff`, not cached (RELIABILITY 16). Invoice attachments and compliance documents both go out this way.
pub fn pdf_download(name: &str, content: Vec<u8>) -> server_fn::codec::ByteStream<AppError> {
    use axum::http::{header, HeaderValue};
    let response = expect_context::<ResponseOptions>();
    response.insert_header(
        header::CONTENT_TYPE,
        HeaderValue::from_static(portico_domain::attachments::PDF),
    );
    if let Ok(v) = HeaderValue::from_str(&portico_domain::attachments::content_disposition(name)) {
        response.insert_header(header::CONTENT_DISPOSITION, v);
    }
    response.insert_header(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response.insert_header(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    server_fn::codec::ByteStream::new(futures::stream::once(async move {
        Ok::<_, AppError>(axum::body::Bytes::from(content))
    }))
}
