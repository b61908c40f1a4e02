//! `/delays/:id`: one delay report — reason, note, new date, who sent it — with every line it moved.

use super::MovedLines;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::delays::delay_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::delays::DelayReportView;

/// The report page.
#[component]
pub fn DelayPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        delay_page,
    );
    view! {
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(report) => view! { <Report report/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Report(report: DelayReportView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let title = i18n.tr_args("delay-title", &[("date", &i18n.date(report.new_date))]);
    let count = report.lines.len().to_string();
    view! {
        <Title text=title.clone()/>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{format!("{} · {}", report.supplier_name, report.buyer_name)}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        <section class="card section" aria-labelledby="delay-facts-h">
            <h2 id="delay-facts-h" class="visually-hidden">{i18n.tr("exception-facts")}</h2>
            <dl class="facts">
                <div class="fact"><dt>{i18n.tr("delay-reason")}</dt><dd id="delay-reason">{i18n.tr(&report.reason.label_key())}</dd></div>
                <div class="fact"><dt>{i18n.tr("delay-new-date")}</dt><dd>{i18n.date(report.new_date)}</dd></div>
                <div class="fact"><dt>{i18n.tr("delay-reported-by")}</dt><dd>{format!("{} · {}", report.reported_by, i18n.datetime(report.reported_at))}</dd></div>
                <div class="fact"><dt>{i18n.tr("delay-lines-count")}</dt><dd>{count}</dd></div>
            </dl>
            {report.note.clone().map(|n| view! { <p class="note" id="delay-note">{n}</p> })}
        </section>
        <section class="card table-card" aria-labelledby="delay-lines-h">
            <h2 id="delay-lines-h" class="card-title">{i18n.tr("delay-lines-h")}</h2>
            <MovedLines lines=report.lines/>
        </section>
    }
}
