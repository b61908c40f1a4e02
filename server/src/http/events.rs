//! The published event catalogue: `GET /api/events/catalogue` lists every event type with its schema's address (and
//! the newer version that superseded it, if one did), and `GET /api/events/schemas/{file}` serves each payload's
//! JSON Schema. Public: they describe formats, not data.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portico_core::events::EventType;
use serde_json::{json, Value};

/// Every event type Portico emits, with its schema.
pub async fn catalogue() -> Json<Value> {
    let types: Vec<Value> = EventType::ALL
        .into_iter()
        .map(|t| {
            json!({
                "type": t.name(),
                "dataschema": t.schema_path(),
                // Still recorded for endpoints that name it; `*` takes the newer version instead.
                "superseded_by": t.superseded_by().map(EventType::name),
            })
        })
        .collect();
    Json(json!({ "specversion": portico_core::events::SPEC_VERSION, "types": types }))
}

/// One payload schema, or a problem document naming the unknown file.
pub async fn schema(Path(file): Path<String>) -> Response {
    match EventType::from_schema_file(&file) {
        Some(t) => (
            [(header::CONTENT_TYPE, "application/schema+json")],
            t.schema(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "application/problem+json")],
            Json(json!({
                "type": "about:blank",
                "title": "Unknown event schema",
                "status": 404,
                "detail": format!("no event type has the schema '{file}'; see /api/events/catalogue"),
            })),
        )
            .into_response(),
    }
}
