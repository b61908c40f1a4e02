//! Scorecards: the supplier's own (with what drags each KPI down) and the buyer's comparison of suppliers, with its
//! CSV export.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::scorecards::{ScorecardTable, SupplierScorecard};

#[cfg(feature = "ssr")]
fn period_of(text: Option<String>) -> portico_domain::scorecards::Period {
    text.as_deref()
        .and_then(portico_domain::scorecards::Period::parse)
        .unwrap_or(portico_domain::scorecards::Period::Month)
}

/// The signed-in supplier's scorecard per `period` (`week`, `month` — the default — or `quarter`).
#[server(prefix = "/api", endpoint = "scorecard", input = server_fn::codec::GetUrl)]
pub async fn supplier_scorecard_page(
    period: Option<String>,
) -> Result<SupplierScorecard, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(
        portico_core::services::scorecards::supplier_page(&state()?.db, &user, period_of(period))
            .await?,
    )
}

/// The buyer's comparison of suppliers for the current `period`.
#[server(prefix = "/api", endpoint = "scorecards", input = server_fn::codec::GetUrl)]
pub async fn scorecard_table_page(period: Option<String>) -> Result<ScorecardTable, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(
        portico_core::services::scorecards::buyer_table(&state()?.db, &user, period_of(period))
            .await?,
    )
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
