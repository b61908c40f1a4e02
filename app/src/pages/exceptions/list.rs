//! `/exceptions`: the buyer's queue of everything that needs a person, most urgent first. Filters (kind, supplier,
//! assignee, open or resolved, age) are a plain GET form, so the page works and bookmarks without JavaScript.

use super::{detail_text, due_text, duration_text, KindBadge};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::exceptions::exceptions_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::exceptions::{AssigneeFilter, ExceptionKind, Workbench};

/// The workbench page.
#[component]
pub fn ExceptionListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || {
            (
                param("kind"),
                param("supplier"),
                param("assignee"),
                param("state"),
                param("age"),
            )
        },
        |(kind, supplier, assignee, state, age)| {
            exceptions_page(kind, supplier, assignee, state, age)
        },
    );
    view! {
        <Title text=i18n.tr("exceptions-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(bench) => view! { <Bench bench/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Bench(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let f = bench.filter.clone();
    let resolved = f.resolved;
    let kind = f.kind.map(|k| k.code()).unwrap_or_default();
    let supplier = f.supplier.map(|s| s.to_string()).unwrap_or_default();
    let assignee = match f.assignee {
        AssigneeFilter::Anyone => String::new(),
        AssigneeFilter::Unassigned => "none".to_owned(),
        AssigneeFilter::Person(p) if p == bench.me => "me".to_owned(),
        AssigneeFilter::Person(p) => p.to_string(),
    };
    let age = f.older_than_days.map(|d| d.to_string()).unwrap_or_default();
    let shown = bench.exceptions.len() as i64;
    let summary = i18n.tr_args(
        "exceptions-summary",
        &[
            ("open", &bench.open.to_string()),
            ("overdue", &bench.overdue.to_string()),
        ],
    );
    let empty = bench.exceptions.is_empty();
    let admin = use_context::<portico_domain::CurrentUser>()
        .is_some_and(|u| u.workspace.role == portico_domain::MembershipRole::BuyerAdmin);
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("exceptions-title")}</h1>
                <p class="muted" id="exceptions-summary">{summary}</p>
            </div>
            {admin.then(|| view! { <a class="btn btn-secondary" href="/exceptions/settings">{i18n.tr("slas-title")}</a> })}
        </div>
        <form method="get" action="/exceptions" class="filters card" role="search" aria-label=i18n.tr("exceptions-filters")>
            <div class="field">
                <label for="f-state">{i18n.tr("exceptions-state")}</label>
                <select id="f-state" name="state">
                    <option value="" selected=!resolved>{i18n.tr("exceptions-state-open")}</option>
                    <option value="resolved" selected=resolved>{i18n.tr("exceptions-state-resolved")}</option>
                </select>
            </div>
            <div class="field">
                <label for="f-kind">{i18n.tr("exceptions-kind")}</label>
                <select id="f-kind" name="kind">
                    <option value="" selected=kind.is_empty()>{i18n.tr("exceptions-all")}</option>
                    {ExceptionKind::ALL.into_iter().map(|k| view! {
                        <option value=k.code() selected=kind == k.code()>{i18n.tr(&k.label_key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-supplier">{i18n.tr("exceptions-supplier")}</label>
                <select id="f-supplier" name="supplier">
                    <option value="" selected=supplier.is_empty()>{i18n.tr("exceptions-all")}</option>
                    {bench.suppliers.iter().map(|(id, name)| {
                        let id = id.to_string();
                        view! { <option value=id.clone() selected=supplier == id>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-assignee">{i18n.tr("exceptions-assignee")}</label>
                <select id="f-assignee" name="assignee">
                    <option value="" selected=assignee.is_empty()>{i18n.tr("exceptions-anyone")}</option>
                    <option value="me" selected=assignee == "me">{i18n.tr("exceptions-me")}</option>
                    <option value="none" selected=assignee == "none">{i18n.tr("exceptions-unassigned")}</option>
                    {bench.people.iter().filter(|(id, _)| *id != bench.me).map(|(id, name)| {
                        let id = id.to_string();
                        view! { <option value=id.clone() selected=assignee == id>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-age">{i18n.tr("exceptions-age")}</label>
                <select id="f-age" name="age">
                    <option value="" selected=age.is_empty()>{i18n.tr("exceptions-age-any")}</option>
                    {[1, 3, 7].into_iter().map(|d| {
                        let v = d.to_string();
                        view! { <option value=v.clone() selected=age == v>{i18n.tr_args("exceptions-age-days", &[("days", &v)])}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{i18n.tr("inbox-apply")}</button>
                <a class="btn btn-ghost" href="/exceptions">{i18n.tr("inbox-reset")}</a>
            </div>
        </form>
        <section class="card table-card" aria-labelledby="exceptions-h">
            <h2 id="exceptions-h" class="card-title">
                {i18n.tr(if resolved { "exceptions-resolved-h" } else { "exceptions-open-h" })}
            </h2>
            {(bench.total > shown).then(|| view! {
                <p class="muted small">{i18n.tr_args("exceptions-showing", &[("shown", &shown.to_string()), ("total", &bench.total.to_string())])}</p>
            })}
            {if empty {
                view! { <p class="muted empty">{i18n.tr("exceptions-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table exceptions">
                            <thead><tr>
                                <th scope="col">{i18n.tr("exceptions-kind")}</th>
                                <th scope="col">{i18n.tr("exceptions-document")}</th>
                                <th scope="col">{i18n.tr("exceptions-supplier")}</th>
                                <th scope="col">{i18n.tr("exceptions-opened")}</th>
                                <th scope="col">{i18n.tr(if resolved { "exceptions-outcome" } else { "exceptions-due" })}</th>
                                <th scope="col">{i18n.tr("exceptions-assignee")}</th>
                            </tr></thead>
                            <tbody>
                                {bench.exceptions.into_iter().map(|e| {
                                    let overdue = e.open && e.timing.overdue();
                                    let due = if e.open {
                                        due_text(i18n, &e.timing)
                                    } else {
                                        e.outcome.map(|o| i18n.tr(&o.label_key())).unwrap_or_default()
                                    };
                                    let detail = detail_text(i18n, &e.detail_key, &e.detail_args);
                                    let line = e.line_number.map(|n| i18n.tr_args("exceptions-line", &[("line", &n.to_string())]));
                                    view! {
                                        <tr class:overdue=overdue>
                                            <th scope="row" data-label=i18n.tr("exceptions-kind")>
                                                <a href=format!("/exceptions/{}", e.id)><KindBadge kind=e.kind/></a>
                                            </th>
                                            <td data-label=i18n.tr("exceptions-document")>
                                                <div>
                                                    <a href=e.document_path()>{e.document_number.clone()}</a>
                                                    {line.map(|l| view! { " · "{l} })}
                                                    {detail.map(|d| view! { <div class="muted small">{d}</div> })}
                                                </div>
                                            </td>
                                            <td data-label=i18n.tr("exceptions-supplier")>{e.supplier.map(|(_, n)| n).unwrap_or_else(|| i18n.tr("exceptions-no-supplier"))}</td>
                                            <td data-label=i18n.tr("exceptions-opened")>
                                                <div>
                                                    <time datetime=e.opened_at.to_string()>{i18n.datetime(e.opened_at)}</time>
                                                    <div class="muted small">{i18n.tr_args("exceptions-age-of", &[("span", &duration_text(i18n, e.timing.age_hours))])}</div>
                                                </div>
                                            </td>
                                            <td data-label=i18n.tr(if resolved { "exceptions-outcome" } else { "exceptions-due" })>
                                                <span class:due-overdue=overdue>{due}</span>
                                            </td>
                                            <td data-label=i18n.tr("exceptions-assignee")>
                                                {e.assignee.map(|(_, n)| n).unwrap_or_else(|| i18n.tr("exceptions-unassigned"))}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
