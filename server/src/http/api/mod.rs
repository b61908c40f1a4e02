//! The ERP-facing REST API under `/api/v1` (docs/API.md): purchase orders in (new orders and change orders, with
//! `Idempotency-Key`), orders and events out for reconciliation. Callers authenticate with an API key of their
//! buyer organisation (`Authorization: Bearer ptk_…`); errors are `application/problem+json`. The OpenAPI 3.1
//! document is generated from these handlers and served at `/api/openapi.json`.

pub mod edi;
pub mod problem;

use crate::startup::AppState;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portico_core::audit::RequestMeta;
use portico_core::events::PurchaseOrderPayload;
use portico_core::events::{ReceiptRecorded, ShipNoticeEvent};
use portico_core::services::erp_api::{self, ApiClient, PurchaseOrderInput, Submitted};
use portico_core::services::invoices::{self, InvoiceState};
use portico_core::services::purchase_orders;
use portico_core::services::receipts::{self, ReceiptInput, ReceiptLineInput};
use portico_domain::InboxFilter;
use problem::{ApiError, Problem};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// The largest request body accepted (a 999-line order is far below it).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The routes of `/api/v1` and the OpenAPI document.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/purchase-orders",
            post(submit_purchase_order).get(list_purchase_orders),
        )
        .route("/api/v1/purchase-orders/{id}", get(get_purchase_order))
        .route("/api/v1/events", get(list_events))
        .route("/api/v1/receipts", post(record_receipt))
        .route("/api/v1/receipts/{reference}", get(get_receipt))
        .route("/api/v1/ship-notices/{id}", get(get_ship_notice))
        .route(
            "/api/v1/invoices/{id}",
            get(get_invoice).patch(set_invoice_status),
        )
        .route("/api/v1/edi/interchanges", post(edi::upload))
        .route("/api/openapi.json", get(openapi))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portico ERP API",
        description = "Purchase orders in, documents and events out, for a buyer organisation's ERP or integration \
            platform. Authenticate with an API key made by a buyer administrator on the integration page: \
            `Authorization: Bearer ptk_…`. Events are pushed to webhook endpoints (signed per Standard Webhooks); \
            the events list here is for reconciliation.",
        version = "1.0.0",
        license(name = "Apache-2.0")
    ),
    paths(submit_purchase_order, get_purchase_order, list_purchase_orders, list_events, record_receipt, get_receipt, get_ship_notice, get_invoice, set_invoice_status, edi::upload),
    components(schemas(Problem, ShipNoticeEvent, InvoiceState, InvoiceStatusInput, PurchaseOrderInput, PurchaseOrderPayload, ReceiptInput, ReceiptLineInput, ReceiptRecorded, OrderList, OrderSummary, edi::EdiImport, edi::EdiSet, edi::EdiSetError)),
    modifiers(&BearerAuth),
    security(("api_key" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The OpenAPI 3.1 document of this API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

/// The correlation id of a request: `X-Correlation-Id`, else the trace id of `traceparent`, else the request id
/// the server assigned (`x-request-id`).
pub fn correlation_id(headers: &HeaderMap) -> Option<String> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
            .map(str::to_owned)
    };
    header("x-correlation-id")
        .or_else(|| header("traceparent").and_then(|t| trace_id(&t)))
        .or_else(|| header("x-request-id"))
}

/// The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`).
pub fn trace_id(traceparent: &str) -> Option<String> {
    let parts: Vec<&str> = traceparent.split('-').collect();
    match parts.as_slice() {
        [version, trace, span, _flags]
            if version.len() == 2
                && trace.len() == 32
                && span.len() == 16
                && trace.chars().all(|c| c.is_ascii_hexdigit())
                && *trace != "00000000000000000000000000000000" =>
        {
            Some(trace.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// Gives a request without an `x-request-id` one taken from `X-Correlation-Id` or `traceparent` when the caller
/// sent them, or a fresh UUID: the id that logs, audit entries, events and outbound deliveries carry.
#[derive(Clone, Copy, Debug, Default)]
pub struct MakeCorrelationId;

impl tower_http::request_id::MakeRequestId for MakeCorrelationId {
    fn make_request_id<B>(
        &mut self,
        request: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let id =
            correlation_id(request.headers()).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        HeaderValue::from_str(&id)
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// An authenticated API caller and its request's metadata.
pub struct Caller {
    pub client: ApiClient,
    pub meta: RequestMeta,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let correlation = correlation_id(&parts.headers);
        let key = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| ApiError::unauthenticated().correlated(correlation.clone()))?;
        let client = erp_api::authenticate(&state.db, key)
            .await
            .map_err(|e| ApiError::from(e).correlated(correlation.clone()))?;
        let meta = RequestMeta {
            correlation_id: correlation,
            ip: None,
            user_agent: parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect()),
        };
        Ok(Caller { client, meta })
    }
}

/// Reads a JSON body into `T`, naming the field that does not fit (`lines[1].quantity: invalid type …`).
fn parse_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(ApiError::malformed(
            Some("Content-Type".into()),
            "Send the body as application/json.".into(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != ".").then_some(path);
        ApiError::malformed(field, e.inner().to_string())
    })
}

/// Receives a purchase order, or a new version of an existing one.
///
/// A number the organisation has not used creates the order (201). A number that exists creates a new version of
/// that order — a change order — unless the content is the same (200, nothing changes) or the order has shipped,
/// been invoiced, closed or cancelled (409). A new order or version emits `org.portico.purchase_order.received.v1`
/// and e-mails the supplier's people a link to it. Send an `Idempotency-Key` to retry safely: the same key with the
/// same body returns the first answer (with `Idempotent-Replayed: true`); with another body, 409.
#[utoipa::path(
    post,
    path = "/api/v1/purchase-orders",
    tag = "purchase orders",
    request_body = PurchaseOrderInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Up to 255 printable characters; unique per request you mean")),
    responses(
        (status = 201, description = "Created", body = PurchaseOrderPayload),
        (status = 200, description = "A new version of the order, or unchanged", body = PurchaseOrderPayload),
        (status = 400, description = "Malformed JSON, naming the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Idempotency key reused with another body, or the order can no longer change", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body larger than 1 MiB"),
        (status = 422, description = "A field is not valid, naming it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn submit_purchase_order(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: ApiError| e.correlated(correlation.clone());
    let input: PurchaseOrderInput = parse_body(&headers, &body).map_err(fail)?;
    let key = match headers.get("idempotency-key") {
        Some(v) => Some(v.to_str().map_err(|_| {
            fail(ApiError::from(portico_core::CoreError::validation(
                "Idempotency-Key",
                "api-idempotency-key-invalid",
            )))
        })?),
        None => None,
    };
    let answer = erp_api::submit_purchase_order(
        &state.db,
        &caller.meta,
        &caller.client,
        &input,
        key,
        &state.public_url,
    )
    .await
    .map_err(|e| fail(e.into()))?;
    let status = match answer.outcome {
        Submitted::Created => StatusCode::CREATED,
        Submitted::NewVersion | Submitted::Unchanged => StatusCode::OK,
    };
    let id = serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        answer.body,
    )
        .into_response();
    let h = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/purchase-orders/{id}")) {
        h.insert(header::LOCATION, location);
    }
    if answer.replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// A goods receipt, by the reference it was recorded under, as it was recorded.
#[utoipa::path(
    get,
    path = "/api/v1/receipts/{reference}",
    tag = "receipts",
    params(("reference" = String, Path)),
    responses(
        (status = 200, body = ReceiptRecorded),
        (status = 404, description = "No receipt with this reference in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_receipt(
    State(state): State<AppState>,
    caller: Caller,
    Path(reference): Path<String>,
) -> Result<Json<ReceiptRecorded>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    receipts::by_api(&state.db, &caller.client, &reference)
        .await
        .map(Json)
        .map_err(|e| ApiError::from(e).correlated(correlation))
}

/// A ship notice in the shape of its events: header, carrier, each order with its lines and its pallets and cartons
/// by SSCC. `status` is `submitted`, `received`, `cancelled`, or `being_corrected` (the supplier is editing a
/// correction; the content is the one being edited). Notices never submitted are not found.
#[utoipa::path(
    get,
    path = "/api/v1/ship-notices/{id}",
    tag = "ship notices",
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = ShipNoticeEvent),
        (status = 404, description = "No such notice in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_ship_notice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ShipNoticeEvent>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::not_found().correlated(correlation.clone()))?;
    portico_core::services::ship_notices::by_api(&state.db, &caller.client, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::from(e).correlated(correlation))
}

/// An invoice or credit memo and where it stands.
#[utoipa::path(
    get,
    path = "/api/v1/invoices/{id}",
    tag = "invoices",
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = InvoiceState),
        (status = 404, description = "No such invoice in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<InvoiceState>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::not_found().correlated(correlation.clone()))?;
    invoices::state_by_api(&state.db, &caller.client, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::from(e).correlated(correlation))
}

/// A status change from the ERP.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct InvoiceStatusInput {
    /// `disputed`, `approved` or `paid`.
    status: String,
    /// Why the invoice is disputed (required for `disputed`; the supplier reads it).
    #[serde(default)]
    reason: Option<String>,
    /// The payment date, `YYYY-MM-DD` (required for `paid`).
    #[serde(default)]
    #[schema(format = Date)]
    paid_on: Option<String>,
}

/// Disputes, approves or marks paid an invoice or credit memo, as a buyer does on its page: the same moves
/// (`submitted`/`matched` → `disputed` → `approved` → `paid`), the same `invoice.status_changed.v1` event. Moving to
/// the status it has already answers 200 with nothing recorded, so the request is safe to repeat.
#[utoipa::path(
    patch,
    path = "/api/v1/invoices/{id}",
    tag = "invoices",
    params(("id" = String, Path, format = Uuid)),
    request_body = InvoiceStatusInput,
    responses(
        (status = 200, description = "The invoice as it now stands", body = InvoiceState),
        (status = 400, description = "Malformed JSON, naming the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid API key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invoice in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown status, a move the invoice's status does not allow, a dispute without a reason, a payment without a date; naming the field", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_invoice_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<InvoiceState>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: ApiError| e.correlated(correlation.clone());
    let id = uuid::Uuid::parse_str(&id).map_err(|_| fail(ApiError::not_found()))?;
    let input: InvoiceStatusInput = parse_body(&headers, &body).map_err(fail)?;
    let change = invoices::StatusChange {
        status: &input.status,
        reason: input.reason.as_deref().unwrap_or_default(),
        paid_on: input.paid_on.as_deref().unwrap_or_default(),
    };
    let result = invoices::set_status_by_api(
        &state.db,
        &caller.meta,
        &state.public_url,
        &caller.client,
        id,
        &change,
    )
    .await
    .map_err(|e| fail(e.into()))?;
    match result {
        Ok(state) => Ok(Json(state)),
        Err(errors) => {
            let e = errors.into_iter().next().unwrap_or_else(|| {
                portico_domain::acknowledgement::FieldError::new("status", "inv-error-status")
            });
            // The sentence with its arguments filled in (`At most 1000 characters.`).
            let args: Vec<(&str, &str)> = e
                .args
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let detail =
                portico_i18n::Catalogue::new(portico_i18n::Locale::En).tr_args(&e.message, &args);
            let problem: ApiError = portico_core::CoreError::validation(e.field, e.message).into();
            Err(fail(problem.detail(detail)))
        }
    }
}

/// Records a goods receipt (against a ship notice or order lines). The receipt's `reference` makes the request safe
/// to repeat: the same body again answers 200 with the receipt as recorded.
#[utoipa::path(
    post,
    path = "/api/v1/receipts",
    tag = "receipts",
    request_body = ReceiptInput,
    responses(
        (status = 201, description = "Recorded", body = ReceiptRecorded),
        (status = 200, description = "Already recorded with this reference and the same content", body = ReceiptRecorded),
        (status = 400, description = "Malformed JSON, naming the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid API key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The reference was used for a receipt with other content", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid (unknown order, line or notice, a rejected quantity without a reason …), naming it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn record_receipt(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: ApiError| e.correlated(correlation.clone());
    let input: ReceiptInput = parse_body(&headers, &body).map_err(fail)?;
    let recorded = receipts::record(&state.db, &caller.meta, &caller.client, &input)
        .await
        .map_err(|e| fail(e.into()))?;
    let status = if recorded.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(recorded.body)).into_response())
}

/// One purchase order, as its `purchase_order.received` event carries it.
#[utoipa::path(
    get,
    path = "/api/v1/purchase-orders/{id}",
    tag = "purchase orders",
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = PurchaseOrderPayload),
        (status = 404, description = "No such order in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_purchase_order(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PurchaseOrderPayload>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::not_found().correlated(correlation.clone()))?;
    erp_api::purchase_order(&state.db, &caller.client, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::from(e).correlated(correlation))
}

/// A page of the organisation's purchase orders.
#[derive(Serialize, utoipa::ToSchema)]
struct OrderList {
    orders: Vec<OrderSummary>,
    /// Pass as `after` for the next (older) page.
    next: Option<String>,
    /// Pass as `before` for the previous (newer) page.
    prev: Option<String>,
}

/// One order of a list.
#[derive(Serialize, utoipa::ToSchema)]
struct OrderSummary {
    #[schema(format = Uuid)]
    id: String,
    number: String,
    version: i32,
    status: String,
    #[schema(format = Date)]
    order_date: String,
    #[schema(format = Uuid)]
    supplier_id: String,
    supplier_name: String,
    currency: String,
    /// Exact decimal.
    total: String,
    line_count: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `new`, `acknowledged`, `change_pending`, `countered`, `rejected`, `partially_shipped`, `shipped`, `invoiced`, `closed`,
    /// `cancelled`.
    status: Option<String>,
    /// Part of the PO number.
    q: Option<String>,
    after: Option<String>,
    before: Option<String>,
}

/// The organisation's purchase orders, newest order date first, 50 per page.
#[utoipa::path(
    get,
    path = "/api/v1/purchase-orders",
    tag = "purchase orders",
    params(ListQuery),
    responses(
        (status = 200, body = OrderList),
        (status = 400, description = "A filter or cursor is not valid, naming it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_purchase_orders(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<OrderList>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: portico_core::CoreError| ApiError::from(e).correlated(correlation.clone());
    let filter = InboxFilter::parse(
        query.status.as_deref(),
        query.q.as_deref(),
        query.after.as_deref(),
        query.before.as_deref(),
    )
    .map_err(|e| fail(portico_core::CoreError::Paging(e)))?;
    let page = purchase_orders::list(&state.db, &caller.client.scope(), &filter)
        .await
        .map_err(fail)?;
    Ok(Json(OrderList {
        orders: page
            .items
            .into_iter()
            .map(|s| OrderSummary {
                id: s.id.0.to_string(),
                number: s.number,
                version: s.version,
                status: s.status.code().to_owned(),
                order_date: s.order_date.to_string(),
                supplier_id: s.supplier_id.0.to_string(),
                supplier_name: s.supplier_name,
                currency: s.currency.as_str().to_owned(),
                total: s.total.normalize().to_string(),
                line_count: s.line_count,
            })
            .collect(),
        next: page.next,
        prev: page.prev,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct EventQuery {
    /// RFC 3339; events created at or after this time.
    from: String,
    /// RFC 3339; events created before this time (default: now).
    to: Option<String>,
    /// At most this many (1–500, default 100).
    limit: Option<i64>,
}

/// The organisation's events created in a time range, oldest first, as CloudEvents envelopes — for reconciling
/// what webhooks delivered.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(EventQuery),
    responses(
        (status = 200, description = "CloudEvents 1.0 envelopes", body = Vec<Object>),
        (status = 422, description = "A time is not valid, naming it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_events(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<EventQuery>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    use time::format_description::well_known::Rfc3339;
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: portico_core::CoreError| ApiError::from(e).correlated(correlation.clone());
    let time = |field: &str, text: &str| {
        time::OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
            fail(portico_core::CoreError::validation(
                field,
                "api-time-invalid",
            ))
        })
    };
    let from = time("from", &query.from)?;
    let to = match &query.to {
        Some(t) => time("to", t)?,
        None => time::OffsetDateTime::now_utc(),
    };
    erp_api::events(
        &state.db,
        &caller.client,
        from,
        to,
        query.limit.unwrap_or(100),
    )
    .await
    .map(Json)
    .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_comes_from_the_request() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", HeaderValue::from_static("req-1"));
        assert_eq!(correlation_id(&h).as_deref(), Some("req-1"));
        h.insert(
            "traceparent",
            HeaderValue::from_static("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            correlation_id(&h).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        h.insert("x-correlation-id", HeaderValue::from_static("erp-42"));
        assert_eq!(correlation_id(&h).as_deref(), Some("erp-42"));
        assert_eq!(
            trace_id("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
            None
        );
        assert_eq!(trace_id("garbage"), None);
    }

    #[test]
    fn the_openapi_document_is_3_1_and_names_every_path() {
        let doc = serde_json::to_value(openapi_document()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in [
            "/api/v1/purchase-orders",
            "/api/v1/purchase-orders/{id}",
            "/api/v1/events",
            "/api/v1/edi/interchanges",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        assert!(doc["components"]["schemas"]["PurchaseOrderInput"].is_object());
    }
}
