//! `/suppliers/scorecards/thresholds` (buyer administrators): per KPI, the level a supplier's month must reach (at
//! most, for the turnaround and the change rate). A month that ends on the wrong side opens a `scorecard_below`
//! exception. A plain form; an empty field sets none. A mistake comes back beside its field with the values as
//! typed.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::components::settings_field::SettingsField;
use crate::i18n::use_i18n;
use crate::nav::parse_field_errors;
use crate::server_fns::scorecards::thresholds_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::scorecards::{higher_is_better, ThresholdSettings, KPIS};

/// The page.
#[component]
pub fn ThresholdsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| thresholds_page());
    view! {
        <Title text=i18n.tr("thresholds-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(settings) => view! { <Form settings/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Form(settings: ThresholdSettings) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.read_untracked();
    let notice = q
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let errors = q
        .get("errors")
        .map(|e| parse_field_errors(&e))
        .unwrap_or_default();
    let typed = !errors.is_empty();
    let rows = KPIS
        .into_iter()
        .map(|code| {
            let value = if typed {
                q.get(code).unwrap_or_default()
            } else {
                settings.of(code).map(|v| v.to_string()).unwrap_or_default()
            };
            let error = errors
                .iter()
                .find(|(f, _)| f == code)
                .map(|(_, m)| i18n.tr_known(m));
            let hours = code == "ack_turnaround";
            let hint = if higher_is_better(code) {
                "thresholds-hint-at-least"
            } else {
                "thresholds-hint-at-most"
            };
            view! {
                <SettingsField id=format!("threshold-{code}") name=code
                    label=i18n.tr(&format!("scorecard-kpi-{}", code.replace('_', "-")))
                    value=value unit=i18n.tr(if hours { "slas-unit-hours" } else { "policy-unit-percent" })
                    inputmode="decimal" hint=i18n.tr(hint) error=error/>
            }
        })
        .collect_view();
    drop(q);
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/suppliers/scorecards">"← "{i18n.tr("scorecards-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr("thresholds-title")}</h1>
                <p class="muted">{i18n.tr("thresholds-intro")}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {typed.then(|| view! { <div class="alert alert-error" role="alert">{i18n.tr("thresholds-fix")}</div> })}
        <section class="card section" aria-labelledby="thresholds-h">
            <h2 id="thresholds-h" class="visually-hidden">{i18n.tr("thresholds-title")}</h2>
            <form class="form" method="post" action="/api/scorecards/thresholds">
                <div class="ack-grid settings-grid">{rows}</div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("thresholds-save")}</button></div>
            </form>
        </section>
    }
}
