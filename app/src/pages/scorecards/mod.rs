//! Scorecards: the supplier's own (`/scorecard`) and the buyer's comparison (`/suppliers/scorecards`), with charts
//! drawn on the server as SVG (readable without JavaScript; each chart also says its values in text).

pub mod buyer;
pub mod supplier;
pub mod thresholds;

use crate::i18n::I18n;
use leptos::prelude::*;
use portico_domain::scorecards::{chart_points, Kpi, Period};
use rust_decimal::Decimal;

/// A KPI's value in words: "92.5 %", "39.5 h" or "no data".
pub fn kpi_text(i18n: I18n, code: &str, kpi: &Kpi) -> String {
    match kpi.value {
        None => i18n.tr("scorecard-no-data"),
        Some(v) if code == "ack_turnaround" => {
            i18n.tr_args("scorecard-hours", &[("value", &v.to_string())])
        }
        Some(v) => i18n.tr_args("scorecard-pct", &[("value", &v.to_string())]),
    }
}

/// The period switch: links that keep the page and change `period`.
#[component]
pub fn PeriodTabs(#[prop(into)] path: String, current: Period) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <nav class="tabs" aria-label=i18n.tr("scorecard-period")>
            {Period::ALL.into_iter().map(|p| view! {
                <a class="tab" href=format!("{path}?period={}", p.code())
                    aria-current=(p == current).then_some("page")>{i18n.tr(&format!("scorecard-period-{}", p.code()))}</a>
            }).collect_view()}
        </nav>
    }
}

/// A line chart of one KPI over the periods (oldest first), with the period labels below; `max` is the top of the
/// scale (100 for percentages). A period without data leaves a gap.
#[component]
pub fn TrendChart(
    values: Vec<Option<Decimal>>,
    labels: Vec<String>,
    max: f64,
    label: String,
) -> impl IntoView {
    let (w, h) = (280.0, 90.0);
    let points = chart_points(&values, w, h, max);
    // Consecutive points make segments; a gap breaks the line.
    let mut segments: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for p in &points {
        match p {
            Some((x, y)) => current.push(format!("{x},{y}")),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current).join(" ")),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current.join(" "));
    }
    let title = label.clone();
    let first = labels.first().cloned().unwrap_or_default();
    let last = labels.last().cloned().unwrap_or_default();
    view! {
        <svg class="trend" viewBox="-6 -6 292 116" role="img" aria-label=label preserveAspectRatio="none">
            <title>{title}</title>
            <line class="trend-axis" x1="0" y1=h x2=w y2=h/>
            <line class="trend-grid" x1="0" y1=h / 2.0 x2=w y2=h / 2.0/>
            {segments.into_iter().map(|s| view! { <polyline class="trend-line" points=s/> }).collect_view()}
            {points.into_iter().flatten().map(|(x, y)| view! { <circle class="trend-dot" cx=x cy=y r="3"/> }).collect_view()}
            <text class="trend-label" x="0" y="108">{first}</text>
            <text class="trend-label" x=w y="108" text-anchor="end">{last}</text>
        </svg>
    }
}

/// A small OTIF line for a table cell.
#[component]
pub fn Sparkline(values: Vec<Option<Decimal>>, label: String) -> impl IntoView {
    let points: Vec<String> = chart_points(&values, 80.0, 20.0, 100.0)
        .into_iter()
        .flatten()
        .map(|(x, y)| format!("{x},{y}"))
        .collect();
    let title = label.clone();
    view! {
        <svg class="sparkline" viewBox="-2 -2 84 24" width="84" height="24" role="img" aria-label=label>
            <title>{title}</title>
            <polyline points=points.join(" ")/>
        </svg>
    }
}
