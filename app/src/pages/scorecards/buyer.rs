//! `/suppliers/scorecards`: the buyer compares its suppliers for the current period — every KPI, OTIF's trend as a
//! sparkline — sorted by any column (links, so it works without JavaScript), and downloads it as CSV.

use super::{kpi_text, PeriodTabs, Sparkline};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::scorecards::scorecard_table_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::scorecards::{higher_is_better, ScorecardTable, KPIS};

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
                        Ok(table) => view! { <Table table/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Table(table: ScorecardTable) -> impl IntoView {
    let i18n = use_i18n();
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
            <a class="btn btn-secondary" href=format!("/api/scorecards.csv?period={period}") download="">{i18n.tr("scorecards-csv")}</a>
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
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let name = r.supplier_name.clone();
                            let spark_label = i18n.tr_args("scorecards-trend-label", &[("supplier", &name)]);
                            view! {
                                <tr>
                                    <th scope="row" data-label=i18n.tr("exceptions-supplier")>{name}</th>
                                    {KPIS.into_iter().map(|k| {
                                        let kpi = r.card.kpi(k).cloned();
                                        let text = kpi.as_ref().map(|v| kpi_text(i18n, k, v)).unwrap_or_default();
                                        let basis = kpi.map(|v| v.basis).unwrap_or(0);
                                        view! {
                                            <td class="num" data-label=i18n.tr(&format!("scorecard-kpi-{}", k.replace('_', "-"))) data-kpi=k>
                                                {text}<div class="muted small">{i18n.tr_args("scorecards-basis", &[("count", &basis.to_string())])}</div>
                                            </td>
                                        }
                                    }).collect_view()}
                                    <td data-label=i18n.tr("scorecards-trend")><Sparkline values=r.otif_trend.clone() label=spark_label/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
