//! Browser-facing protections: response headers every page carries, and the cross-site request check.

use axum::http::{header, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

/// Layers that add `X-Content-Type-Options`, `Referrer-Policy` and `X-Frame-Options` unless a handler set them.
pub fn headers() -> (
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
) {
    (
        SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ),
    )
}

/// The origins a state-changing request may come from: the configured public URL's.
#[derive(Clone, Debug)]
pub struct AllowedOrigin(pub String);

impl AllowedOrigin {
    /// The origin (`scheme://host[:port]`) of the public URL.
    pub fn from_public_url(url: &url::Url) -> Self {
        Self(url.origin().ascii_serialization())
    }
}

/// Refuses cross-site state-changing requests (CSRF), the way browsers let a server tell: `Sec-Fetch-Site` when the
/// browser sends it, else `Origin`. Requests without either (scripts, ERP clients, old browsers) pass; safe methods
/// always pass. Leptos server functions accept form posts, which browsers send cross-site without a preflight, so this
/// check is what protects them.
pub async fn reject_cross_site(
    axum::extract::State(allowed): axum::extract::State<AllowedOrigin>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{Method, StatusCode};
    use axum::response::IntoResponse;

    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let verdict = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                origin == allowed.0
                    || headers
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok())
                        .is_some_and(|host| {
                            origin.split_once("://").is_some_and(|(_, o)| o == host)
                        })
            }
        },
    };
    if verdict {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}
