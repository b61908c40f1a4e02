//! Scorecards: the supplier's own (with what drags each KPI down) and the buyer's comparison of suppliers, with its
//! CSV export.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::scorecards::{ScorecardTable, SupplierScorecard, ThresholdSettings};

#[cfg(feature = "ssr")]
fn period_of(text: Option<String>) -> portico_domain::scorecards::Period {
    text.as_deref()
        .and_then(portico_domain::scorecards::Period::parse)
        .unwrap_or(portico_domain::scorecards::Period::Month)
}

/// A day from the query (`at=2026-10-31`): the period holding it is shown; what does not read is ignored.
#[cfg(feature = "ssr")]
fn day_of(text: Option<String>) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.and_then(|t| time::Date::parse(t.trim(), &format).ok())
}

/// The signed-in supplier's scorecard per `period` (`week`, `month` — the default — or `quarter`), up to the period
/// holding `at` (today when absent).
#[server(prefix = "/api", endpoint = "scorecard", input = server_fn::codec::GetUrl)]
pub async fn supplier_scorecard_page(
    period: Option<String>,
    at: Option<String>,
) -> Result<SupplierScorecard, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(portico_core::services::scorecards::supplier_page(
        &state()?.db,
        &user,
        period_of(period),
        day_of(at),
    )
    .await?)
}

/// One supplier's scorecard as the buyer sees it.
#[server(prefix = "/api", endpoint = "supplier-scorecard", input = server_fn::codec::GetUrl)]
pub async fn buyer_supplier_scorecard_page(
    supplier: String,
    period: Option<String>,
    at: Option<String>,
) -> Result<SupplierScorecard, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let supplier = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    Ok(portico_core::services::scorecards::supplier_page_for_buyer(
        &state()?.db,
        &user,
        supplier,
        period_of(period),
        day_of(at),
    )
    .await?)
}

/// The comparison and whether the reader may set the thresholds (buyer administrators).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ComparisonView {
    pub table: ScorecardTable,
    pub can_set_thresholds: bool,
}

/// The buyer's thresholds form (buyer administrators).
#[server(prefix = "/api", endpoint = "scorecards/thresholds-form", input = server_fn::codec::GetUrl)]
pub async fn thresholds_page() -> Result<ThresholdSettings, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    if user.workspace.role != portico_domain::MembershipRole::BuyerAdmin {
        return Err(AppError::Forbidden);
    }
    Ok(portico_core::services::scorecards::thresholds(&state()?.db, &user).await?)
}

/// Saves the thresholds form (one field per KPI, empty for none) and returns to it: with a notice, or with each
/// mistake beside its field and the values as typed.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "scorecards/thresholds")]
pub async fn save_scorecard_thresholds(
    otif: Option<String>,
    fill_rate: Option<String>,
    ack_on_time: Option<String>,
    ack_turnaround: Option<String>,
    asn_timeliness: Option<String>,
    invoice_first_pass: Option<String>,
    price_accuracy: Option<String>,
    change_rate: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let fields: Vec<(String, String)> = [
        ("otif", otif),
        ("fill_rate", fill_rate),
        ("ack_on_time", ack_on_time),
        ("ack_turnaround", ack_turnaround),
        ("asn_timeliness", asn_timeliness),
        ("invoice_first_pass", invoice_first_pass),
        ("price_accuracy", price_accuracy),
        ("change_rate", change_rate),
    ]
    .into_iter()
    .map(|(k, v)| {
        (
            k.to_owned(),
            v.unwrap_or_default().chars().take(40).collect(),
        )
    })
    .collect();
    let saved = portico_core::services::scorecards::save_thresholds(
        &state()?.db,
        &request_meta(),
        &user,
        &fields,
    )
    .await?;
    let target = crate::nav::form_redirect(
        "/suppliers/scorecards/thresholds",
        saved
            .as_ref()
            .map(|_| "thresholds-saved")
            .map_err(Vec::as_slice),
        &fields,
    );
    leptos_axum::redirect(&target);
    Ok(())
}

/// The buyer's comparison of suppliers for the current `period`.
#[server(prefix = "/api", endpoint = "scorecards", input = server_fn::codec::GetUrl)]
pub async fn scorecard_table_page(period: Option<String>) -> Result<ComparisonView, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let table =
        portico_core::services::scorecards::buyer_table(&state()?.db, &user, period_of(period))
            .await?;
    Ok(ComparisonView {
        table,
        can_set_thresholds: user.workspace.role == portico_domain::MembershipRole::BuyerAdmin,
    })
}

/// The comparison as a CSV file.
#[server(prefix = "/api", endpoint = "scorecards.csv", input = server_fn::codec::GetUrl, output = server_fn::codec::Streaming)]
pub async fn scorecards_csv(
    period: Option<String>,
) -> Result<server_fn::codec::ByteStream<AppError>, AppError> {
    use crate::ssr::{require_user, state};
    use axum::http::{header, HeaderValue};
    let user = require_user().await?;
    let period = period_of(period);
    let table =
        portico_core::services::scorecards::buyer_table(&state()?.db, &user, period).await?;
    let text = portico_core::services::scorecards::csv(&table)?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.insert_header(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"scorecards-{}-{}.csv\"",
        period.code(),
        table.from
    )) {
        response.insert_header(header::CONTENT_DISPOSITION, v);
    }
    response.insert_header(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(server_fn::codec::ByteStream::new(futures::stream::once(
        async move { Ok::<_, AppError>(axum::body::Bytes::from(text)) },
    )))
}
