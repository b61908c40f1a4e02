//! Errors of the REST API as `application/problem+json` (RFC 9457): a stable `type` and `code`, an English `detail`
//! from the translation catalogue, the offending `field` when there is one, and the request's correlation id.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portico_core::CoreError;
use portico_i18n::{Catalogue, Locale};
use serde::Serialize;

/// A problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `/api/problems/validation`.
    #[serde(rename = "type")]
    #[schema(example = "/api/problems/validation")]
    pub kind: String,
    #[schema(example = "The request is not valid")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    /// What is wrong, in a sentence.
    #[schema(example = "Enter a decimal number such as 12 or 12.50.")]
    pub detail: String,
    /// A stable machine-readable code.
    #[schema(example = "api-decimal-invalid")]
    pub code: String,
    /// The offending field, as a JSON path (`lines[1].quantity`) or header name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "lines[1].quantity")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}

/// An API error on its way to becoming a problem document (boxed: errors are the rare path).
#[derive(Debug)]
pub struct ApiError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
    code: String,
    detail: String,
    field: Option<String>,
    correlation_id: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, title: &'static str, code: &str) -> Self {
        let catalogue = Catalogue::new(Locale::En);
        let detail = if catalogue.has(code) {
            catalogue.tr(code)
        } else {
            title.to_owned()
        };
        Self(Box::new(Inner {
            status,
            kind,
            title,
            code: code.to_owned(),
            detail,
            field: None,
            correlation_id: None,
        }))
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.0.field = Some(field.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = detail.into();
        self
    }

    pub fn correlated(mut self, id: Option<String>) -> Self {
        self.0.correlation_id = id;
        self
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "/api/problems/unauthenticated",
            "Missing or invalid API key",
            "api-key-missing",
        )
    }

    pub fn malformed(field: Option<String>, detail: String) -> Self {
        let e = Self::new(
            StatusCode::BAD_REQUEST,
            "/api/problems/malformed",
            "The request body is not valid JSON of the expected shape",
            "api-malformed",
        )
        .detail(detail);
        match field {
            Some(f) => e.field(f),
            None => e,
        }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "/api/problems/not-found",
            "Not found",
            "api-not-found",
        )
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::NotFound => Self::not_found(),
            CoreError::Unauthenticated | CoreError::InvalidCredentials => Self::unauthenticated(),
            CoreError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "/api/problems/forbidden",
                "Not allowed",
                "api-forbidden",
            ),
            CoreError::RateLimited => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "/api/problems/rate-limited",
                "Too many requests",
                "api-rate-limited",
            ),
            CoreError::Validation { field, message } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "/api/problems/validation",
                "The request is not valid",
                &message,
            )
            .field(field),
            CoreError::Paging(p) => {
                use portico_domain::PagingError;
                let field = match &p {
                    PagingError::Cursor | PagingError::BothDirections => "after",
                    PagingError::Status(_) => "status",
                    PagingError::SearchTooLong => "q",
                };
                Self::new(
                    StatusCode::BAD_REQUEST,
                    "/api/problems/validation",
                    "The request is not valid",
                    "api-query-invalid",
                )
                .field(field)
                .detail(p.to_string())
            }
            CoreError::Conflict(code) => Self::new(
                StatusCode::CONFLICT,
                "/api/problems/conflict",
                "The request conflicts with the current state",
                &code,
            ),
            other => {
                tracing::error!(error = %other, "API request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "/api/problems/internal",
                    "Internal error",
                    "api-internal",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = *self.0;
        let status = e.status;
        let body = Problem {
            kind: e.kind.to_owned(),
            title: e.title.to_owned(),
            status: status.as_u16(),
            detail: e.detail,
            code: e.code,
            field: e.field,
            correlation_id: e.correlation_id,
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"portico\""),
            );
        }
        response
    }
}
