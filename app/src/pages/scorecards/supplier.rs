//! `/scorecard`: the supplier's scorecard with the buyer it serves — each KPI for a period (the current one unless
//! `at` names a day of an earlier one) with its trend over eight periods, the buyer's target, and what drags it
//! down: the late order lines and the invoices that did not match at once, linked to their documents. The buyer sees
//! the same page for one supplier at `/suppliers/scorecards/:id`.

use super::{kpi_text, PeriodTabs, TrendChart};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::scorecards::{buyer_supplier_scorecard_page, supplier_scorecard_page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::scorecards::{higher_is_better, misses, SupplierScorecard, KPIS};

/// The supplier's page.
#[component]
pub fn SupplierScorecardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || (query.read().get("period"), query.read().get("at")),
        |(period, at)| supplier_scorecard_page(period, at),
    );
    view! {
        <Title text=i18n.tr("scorecard-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(card) => view! { <Card card base="/scorecard".to_owned() buyer=false/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

/// The buyer's page of one supplier.
#[component]
pub fn BuyerSupplierScorecardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("period"),
                query.read().get("at"),
            )
        },
        |(id, period, at)| buyer_supplier_scorecard_page(id, period, at),
    );
    view! {
        <Title text=i18n.tr("scorecard-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(card) => {
                            let base = format!("/suppliers/scorecards/{}", card.supplier_id);
                            view! { <Card card base buyer=true/> }.into_any()
                        }
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Card(card: SupplierScorecard, base: String, buyer: bool) -> impl IntoView {
    let i18n = use_i18n();
    let period = card.period.code();
    let previous = card
        .periods
        .last()
        .map(|(a, _, _)| format!("{base}?period={period}&at={}", *a - time::Duration::days(1)));
    let next = (!card.current)
        .then(|| {
            card.periods
                .last()
                .map(|(_, b, _)| format!("{base}?period={period}&at={b}"))
        })
        .flatten();
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
        let target = card.thresholds.iter().find(|t| t.kpi == code).map(|t| {
            let value = kpi_text(i18n, code, &portico_domain::scorecards::Kpi { value: Some(t.value), basis: 0 });
            let key = if higher_is_better(code) { "scorecard-target-at-least" } else { "scorecard-target-at-most" };
            let missed = kpi.as_ref().and_then(|k| k.value).is_some_and(|v| misses(code, v, t.value));
            (i18n.tr_args(key, &[("value", &value)]), missed)
        });
        let missed = target.as_ref().is_some_and(|(_, m)| *m);
        let drill = match code {
            "otif" => Some(("#late-lines", "scorecard-see-late")),
            "fill_rate" => Some(("#late-lines", "scorecard-see-short")),
            "invoice_first_pass" => Some(("#missed-invoices", "scorecard-see-invoices")),
            "price_accuracy" => Some(("#missed-invoices", "scorecard-see-prices")),
            _ => None,
        };
        view! {
            <section class="card kpi-tile" class:kpi-missed=missed aria-labelledby=format!("kpi-{code}")>
                <h2 id=format!("kpi-{code}") class="kpi-name">{name}</h2>
                <p class="kpi-value" data-kpi=code>{text}</p>
                {target.map(|(t, missed)| view! {
                    <p class="kpi-target small" class:target-missed=missed data-target=code>
                        {t}{missed.then(|| view! { " · "<strong>{i18n.tr("scorecard-target-missed")}</strong> })}
                    </p>
                })}
                <p class="muted small">{i18n.tr_args(&format!("scorecard-basis-{}", code.replace('_', "-")), &[("count", &basis)])}</p>
                <TrendChart values labels=labels.clone() max label=chart_label/>
                <p class="muted small">{i18n.tr(&format!("scorecard-def-{}", code.replace('_', "-")))}</p>
                {drill.map(|(href, key)| view! { <a href=href>{i18n.tr(key)}</a> })}
            </section>
        }
        .into_any()
    }).collect_view();
    let late = card.late_lines.clone();
    let missed = card.missed_invoices.clone();
    let heading = if buyer {
        i18n.tr_args(
            "scorecard-heading-buyer",
            &[("supplier", &card.supplier_name)],
        )
    } else {
        i18n.tr_args("scorecard-heading", &[("buyer", &card.buyer_name)])
    };
    view! {
        {buyer.then(|| view! {
            <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
                <a href="/suppliers/scorecards">"← "{i18n.tr("scorecards-title")}</a>
            </nav>
        })}
        <div class="page-head">
            <div>
                <h1>{heading}</h1>
                <p class="muted">{i18n.tr_args("scorecard-subtitle", &[("from", &from), ("to", &to)])}</p>
            </div>
        </div>
        <div class="period-nav">
            <PeriodTabs path=base.clone() current=card.period/>
            <nav class="period-pager" aria-label=i18n.tr("scorecard-period-nav")>
                {previous.map(|href| view! { <a class="btn btn-secondary btn-small" href=href rel="prev">"← "{i18n.tr("scorecard-previous")}</a> })}
                {next.map(|href| view! { <a class="btn btn-secondary btn-small" href=href rel="next">{i18n.tr("scorecard-next")}" →"</a> })}
            </nav>
        </div>
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
