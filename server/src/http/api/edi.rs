//! EDI upload: a buyer's EDI gateway posts an X12 interchange of 850s or an EDIFACT interchange of ORDERS and gets
//! back, per transaction set, the order it became or why it was rejected, and the 997 or CONTRL to send back.

use super::problem::{ApiError, Problem};
use super::Caller;
use crate::startup::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use portico_core::services::edi_inbound::{self, Source};
use portico_core::services::erp_api::Submitted;
use serde::{Deserialize, Serialize};

/// What became of an uploaded interchange.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EdiImport {
    /// The interchange's entry in the EDI log.
    #[schema(format = Uuid)]
    pub id: String,
    /// `x12` or `edifact`.
    pub standard: String,
    /// ISA13 or UNB05.
    pub interchange_control: String,
    /// `accepted` (every set), `partial` or `rejected` (none).
    pub status: String,
    pub sets: Vec<EdiSet>,
    /// The 997 (X12) or CONTRL (EDIFACT) answering the interchange, ready to send back.
    pub acknowledgement: String,
}

/// One transaction set (X12) or message (EDIFACT).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EdiSet {
    /// ST01 or the UNH message type, e.g. `850` or `ORDERS`.
    pub document: String,
    /// ST02 or UNH01.
    pub control: String,
    pub accepted: bool,
    /// The purchase order number, when accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// `created`, `new_version` or `unchanged`, when accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Why it was rejected, when rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<EdiSetError>,
}

/// Where a rejected set went wrong.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EdiSetError {
    /// The segment's position in the interchange (ISA or UNA/UNB = 1).
    pub segment: usize,
    /// The segment's tag, e.g. `PO1`.
    pub tag: String,
    /// The element's position in the segment, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<usize>,
    /// The X12 error code the 997 carries (AK403 or AK304).
    pub code: String,
    /// e.g. `segment 27 (PO1), element 2: lines[0].quantity: Enter a decimal number … (got 'ten')`.
    pub message: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The interchange's file name, kept in the EDI log.
    file_name: Option<String>,
}

/// Receives an EDI interchange: X12 004010 850s (starting with `ISA`) or EDIFACT D96A ORDERS (`UNA` or `UNB`).
///
/// Each transaction set or message becomes a purchase order through the same path as `POST
/// /api/v1/purchase-orders` (validation, change orders, the event, the supplier's e-mail), all or nothing per set;
/// sending the same interchange again changes nothing. The answer lists every set and carries the 997 or CONTRL
/// that accepts or rejects each, naming the segment and element at fault. An interchange whose envelope or syntax
/// cannot be read imports nothing and is answered 422 naming the place. The body is the interchange as text (UTF-8,
/// or ISO 8859-1 for EDIFACT UNOC).
#[utoipa::path(
    post,
    path = "/api/v1/edi/interchanges",
    tag = "edi",
    params(UploadQuery),
    request_body(content = String, content_type = "application/edi-x12", description = "The interchange; application/edifact and text/plain are taken too"),
    responses(
        (status = 200, description = "Read; each set accepted or rejected", body = EdiImport),
        (status = 401, description = "Missing or invalid API key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body larger than 1 MiB"),
        (status = 422, description = "The interchange cannot be read, naming the segment and element", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<UploadQuery>,
    body: axum::body::Bytes,
) -> Result<Json<EdiImport>, ApiError> {
    let correlation = caller.meta.correlation_id.clone();
    let fail = |e: ApiError| e.correlated(correlation.clone());
    let text = match std::str::from_utf8(&body) {
        Ok(t) => t.to_owned(),
        // ISO 8859-1 maps every byte to the character with its number.
        Err(_) => body.iter().map(|&b| char::from(b)).collect(),
    };
    let file_name: Option<String> = query
        .file_name
        .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect());
    let source = Source {
        channel: "api",
        file_name: file_name.as_deref(),
    };
    let report = edi_inbound::import(
        &state.db,
        &caller.meta,
        caller.client.tenant,
        &text,
        &state.public_url,
        source,
    )
    .await
    .map_err(|e| fail(e.into()))?
    .map_err(|e| {
        fail(
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "/api/problems/edi-unreadable",
                "The interchange cannot be read",
                "api-edi-unreadable",
            )
            .field(e.place.to_string())
            .detail(e.to_string()),
        )
    })?;
    let status = report.status().to_owned();
    let sets: Vec<EdiSet> = report
        .sets
        .into_iter()
        .map(|s| match s.outcome {
            Ok((number, outcome)) => EdiSet {
                document: s.id,
                control: s.control,
                accepted: true,
                order_number: Some(number),
                outcome: Some(
                    match outcome {
                        Submitted::Created => "created",
                        Submitted::NewVersion => "new_version",
                        Submitted::Unchanged => "unchanged",
                    }
                    .to_owned(),
                ),
                error: None,
            },
            Err(p) => EdiSet {
                document: s.id,
                control: s.control,
                accepted: false,
                order_number: None,
                outcome: None,
                error: Some(EdiSetError {
                    segment: p.position,
                    tag: p.tag.clone(),
                    element: p.element,
                    code: p.code.to_owned(),
                    message: p.describe(),
                }),
            },
        })
        .collect();
    Ok(Json(EdiImport {
        id: report.id.to_string(),
        standard: report.standard.as_str().to_owned(),
        interchange_control: report.interchange_control,
        status,
        sets,
        acknowledgement: report.acknowledgement,
    }))
}
