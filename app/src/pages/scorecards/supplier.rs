//! `/scorecard`: the supplier's scorecard with the buyer it serves — each KPI for the current period with its
//! trend over eight periods, and what drags it down: the late order lines and the invoices that did not match at
//! once, linked to their documents.

use super::{kpi_text, PeriodTabs, TrendChart};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::scorecards::supplier_scorecard_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::scorecards::{SupplierScorecard, KPIS};

/// The page.
#[component]
pub fn SupplierScorecardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("period"), supplier_scorecard_page);
    view! {
        <Title text=i18n.tr("scorecard-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(card) => view! { <Card card/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Card(card: SupplierScorecard) -> impl IntoView {
    let i18n = use_i18n();
    let labels: Vec<String> = card.periods.iter().map(|(a, _, _)| i18n.date(*a)).collect();
    let current = card.periods.last().cloned();
    let (from, to) = current
        .as_ref()
        .map(|(a, b, _)| (i18n.date(*a), i18n.date(*b - time::Duration::days(1))))
        .unwrap_or_default();
    let tiles = KPIS.into_iter().map(|code| {
        let values: Vec<_> = card.periods.iter().map(|(_, _, c)| c.kpi(code).and_then(|k| k.value)).collect();
        let kpi = current.as_ref().and_then(|(_, _, c)| c.kpi(code).cloned());
        let text = kpi.as_ref().map(|k| kpi_text(i18n, code, k)).unwrap_or_default();
        let basis = kpi.as_ref().map(|k| k.basis).unwrap_or(0).to_string();
        let max = if code == "ack_turnaround" {
            values.iter().flatten().map(|v| v.to_string().parse::<f64>().unwrap_or(0.0)).fold(24.0, f64::max)
        } else {
            100.0
        };
        let name = i18n.tr(&format!("scorecard-kpi-{}", code.replace('_', "-")));
        let chart_label = i18n.tr_args("scorecard-chart-label", &[("kpi", &name)]);
        let drill = match code {
            "otif" => Some(("#late-lines", "scorecard-see-late")),
            "fill_rate" => Some(("#late-lines", "scorecard-see-short")),
            "invoice_first_pass" => Some(("#missed-invoices", "scorecard-see-invoices")),
            "price_accuracy" => Some(("#missed-invoices", "scorecard-see-prices")),
            _ => None,
        };
        view! {
            <section class="card kpi-tile" aria-labelledby=format!("kpi-{code}")>
                <h2 id=format!("kpi-{code}") class="kpi-name">{name}</h2>
                <p class="kpi-value" data-kpi=code>{text}</p>
                <p class="muted small">{i18n.tr_args(&format!("scorecard-basis-{}", code.replace('_', "-")), &[("count", &basis)])}</p>
                <TrendChart values labels=labels.clone() max label=chart_label/>
                <p class="muted small">{i18n.tr(&format!("scorecard-def-{}", code.replace('_', "-")))}</p>
                {drill.map(|(href, key)| view! { <a href=href>{i18n.tr(key)}</a> })}
            </section>
        }
    }).collect_view();
    let late = card.late_lines.clone();
    let missed = card.missed_invoices.clone();
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr_args("scorecard-heading", &[("buyer", &card.buyer_name)])}</h1>
                <p class="muted">{i18n.tr_args("scorecard-subtitle", &[("from", &from), ("to", &to)])}</p>
            </div>
        </div>
        <PeriodTabs path="/scorecard" current=card.period/>
        <div class="kpi-grid">{tiles}</div>
        <section class="card table-card" id="late-lines" aria-labelledby="late-h">
            <h2 id="late-h" class="card-title">{i18n.tr("scorecard-late-h")}</h2>
            {if late.is_empty() {
                view! { <p class="muted empty">{i18n.tr("scorecard-late-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table late-lines">
                            <thead><tr>
                                <th scope="col">{i18n.tr("ship-order")}</th>
                                <th scope="col" class="num">{i18n.tr("delay-line")}</th>
                                <th scope="col">{i18n.tr("scorecard-promised-date")}</th>
                                <th scope="col" class="num">{i18n.tr("scorecard-promised")}</th>
                                <th scope="col" class="num">{i18n.tr("scorecard-arrived-by-date")}</th>
                            </tr></thead>
                            <tbody>
                                {late.into_iter().map(|l| view! {
                                    <tr>
                                        <th scope="row" data-label=i18n.tr("ship-order")><a href=format!("/orders/{}", l.order_id)>{l.order_number.clone()}</a></th>
                                        <td class="num" data-label=i18n.tr("delay-line")>{l.line_number}</td>
                                        <td data-label=i18n.tr("scorecard-promised-date")>{i18n.date(l.promised_date)}</td>
                                        <td class="num" data-label=i18n.tr("scorecard-promised")>{i18n.quantity(l.promised_quantity)}</td>
                                        <td class="num" data-label=i18n.tr("scorecard-arrived-by-date")>{i18n.quantity(l.received_by_date)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card section" id="missed-invoices" aria-labelledby="missed-h">
            <h2 id="missed-h">{i18n.tr("scorecard-missed-h")}</h2>
            {if missed.is_empty() {
                view! { <p class="muted">{i18n.tr("scorecard-missed-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {missed.into_iter().map(|m| view! {
                            <li><a href=format!("/invoices/{}", m.id)>{m.number.clone()}</a>" · "{i18n.tr(&format!("invoice-status-{}", m.status))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
