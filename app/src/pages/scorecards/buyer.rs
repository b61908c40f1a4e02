//! `/suppliers/scorecards`: the buyer compares its suppliers for the current period — every KPI, OTIF's trend as a
//! sparkline, the organisation's thresholds with the cells that miss them marked — sorted by any column (links, so
//! it works without JavaScript), opens one supplier's scorecard, and downloads the table as CSV.

use super::{kpi_text, PeriodTabs, Sparkline};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::scorecards::{scorecard_table_page, ComparisonView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::scorecards::{higher_is_better, misses, Kpi, KPIS};

/// The page.
#[component]
pub fn ScorecardTablePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("period"), scorecard_table_page);
    view! {
        <Title text=i18n.tr("scorecards-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Table view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Table(view: ComparisonView) -> impl IntoView {
    let i18n = use_i18n();
    let ComparisonView {
        table,
        can_set_thresholds,
    } = view;
    let thresholds = table.thresholds.clone();
    let has_thresholds = !thresholds.is_empty();
    let threshold_of = |code: &str| thresholds.iter().find(|t| t.kpi == code).map(|t| t.value);
    let query = use_query_map();
    let q = query.read_untracked();
    let sort = q
        .get("sort")
        .filter(|s| KPIS.contains(&s.as_str()) || s == "supplier")
        .unwrap_or_else(|| "otif".into());
    let descending = q
        .get("dir")
        .map(|d| d == "desc")
        .unwrap_or(sort != "supplier" && higher_is_better(&sort));
    drop(q);
    let period = table.period.code();
    let mut rows = table.rows.clone();
    if sort == "supplier" {
        rows.sort_by(|a, b| {
            a.supplier_name
                .to_lowercase()
                .cmp(&b.supplier_name.to_lowercase())
        });
    } else {
        // Suppliers without data go last whichever way the column is sorted.
        rows.sort_by(|a, b| {
            let va = a.card.kpi(&sort).and_then(|k| k.value);
            let vb = b.card.kpi(&sort).and_then(|k| k.value);
            match (va, vb) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
        let none_at = rows
            .iter()
            .position(|r| r.card.kpi(&sort).and_then(|k| k.value).is_none())
            .unwrap_or(rows.len());
        if descending {
            rows[..none_at].reverse();
        }
    }
    if sort == "supplier" && descending {
        rows.reverse();
    }
    let header = move |code: &'static str, label: String| {
        let active = sort == code;
        let next_desc = if active {
            !descending
        } else {
            code != "supplier" && higher_is_better(code)
        };
        let href = format!(
            "/suppliers/scorecards?period={period}&sort={code}&dir={}",
            if next_desc { "desc" } else { "asc" }
        );
        let aria = active.then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        view! {
            <th scope="col" aria-sort=aria class:num=code != "supplier">
                <a href=href class="sort-link">{label}{active.then_some(if descending { " ▼" } else { " ▲" })}</a>
            </th>
        }
    };
    let from = i18n.date(table.from);
    let to = i18n.date(table.to - time::Duration::days(1));
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("scorecards-title")}</h1>
                <p class="muted">{i18n.tr_args("scorecard-subtitle", &[("from", &from), ("to", &to)])}</p>
            </div>
            <div class="actions">
                {can_set_thresholds.then(|| view! { <a class="btn btn-secondary" href="/suppliers/scorecards/thresholds">{i18n.tr("thresholds-title")}</a> })}
                <a class="btn btn-secondary" href="/suppliers/bank-changes">{i18n.tr("bank-changes-title")}</a>
                <a class="btn btn-secondary" href="/suppliers/documents">{i18n.tr("doc-buyer-title")}</a>
                <a class="btn btn-secondary" href=format!("/api/scorecards.csv?period={period}") download="">{i18n.tr("scorecards-csv")}</a>
            </div>
        </div>
        <PeriodTabs path="/suppliers/scorecards" current=table.period/>
        <section class="card table-card" aria-labelledby="scorecards-h">
            <h2 id="scorecards-h" class="card-title">{i18n.tr("scorecards-table-h")}</h2>
            <div class="table-scroll">
                <table class="data-table scorecards">
                    <thead><tr>
                        {header("supplier", i18n.tr("exceptions-supplier"))}
                        {KPIS.into_iter().map(|k| header(k, i18n.tr(&format!("scorecard-kpi-{}", k.replace('_', "-"))))).collect_view()}
                        <th scope="col">{i18n.tr("scorecards-trend")}</th>
                    </tr>
                    {has_thresholds.then(|| view! {
                        <tr class="thresholds-row">
                            <th scope="row">{i18n.tr("scorecards-threshold")}</th>
                            {KPIS.into_iter().map(|k| {
                                let text = threshold_of(k).map(|v| {
                                    let value = kpi_text(i18n, k, &Kpi { value: Some(v), basis: 0 });
                                    i18n.tr_args(if higher_is_better(k) { "scorecard-target-at-least" } else { "scorecard-target-at-most" }, &[("value", &value)])
                                }).unwrap_or_default();
                                view! { <td class="num small" data-label=i18n.tr(&format!("scorecard-kpi-{}", k.replace('_', "-"))) data-kpi=k>{text}</td> }
                            }).collect_view()}
                            <td></td>
                        </tr>
                    }.into_any())}
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let name = r.supplier_name.clone();
                            let spark_label = i18n.tr_args("scorecards-trend-label", &[("supplier", &name)]);
                            let href = format!("/suppliers/scorecards/{}?period={period}", r.supplier_id);
                            view! {
                                <tr>
                                    <th scope="row" data-label=i18n.tr("exceptions-supplier")><a href=href>{name}</a></th>
                                    {KPIS.into_iter().map(|k| {
                                        let kpi = r.card.kpi(k).cloned();
                                        let text = kpi.as_ref().map(|v| kpi_text(i18n, k, v)).unwrap_or_default();
                                        let missed = kpi.as_ref().and_then(|v| v.value).zip(threshold_of(k)).is_some_and(|(v, t)| misses(k, v, t));
                                        let basis = kpi.map(|v| v.basis).unwrap_or(0);
                                        view! {
                                            <td class="num" class:kpi-missed=missed data-label=i18n.tr(&format!("scorecard-kpi-{}", k.replace('_', "-"))) data-kpi=k>
                                                {text}{missed.then(|| view! { <span class="visually-hidden">" · "{i18n.tr("scorecard-target-missed")}</span> })}<div class="muted small">{i18n.tr_args("scorecards-basis", &[("count", &basis.to_string())])}</div>
                                            </td>
                                        }
                                    }).collect_view()}
                                    <td data-label=i18n.tr("scorecards-trend")><Sparkline values=r.otif_trend.clone() label=spark_label/></td>
                                </tr>
                            }.into_any()
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
