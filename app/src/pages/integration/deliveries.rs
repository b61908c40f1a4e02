//! `/integration/deliveries`: the delivery log — every delivery of every event to every endpoint, newest first,
//! filtered by endpoint and status (a plain GET form), paged by cursor; dead letters can be replayed from here.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::nav::encode_query_value;
use crate::server_fns::integration::{delivery_log_page, DeliveryLogView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use portico_domain::integration::DeliveryStatus;

/// The delivery log page.
#[component]
pub fn DeliveryLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || (param("endpoint"), param("status"), param("cursor")),
        |(endpoint, status, cursor)| delivery_log_page(endpoint, status, cursor),
    );
    view! {
        <Title text=i18n.tr("deliveries-title")/>
        <SignedIn>
            <Log data/>
        </SignedIn>
    }
}

#[component]
fn Log(data: Resource<Result<DeliveryLogView, crate::error::AppError>>) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Body view endpoint=param("endpoint") status=param("status")/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(view: DeliveryLogView, endpoint: Option<String>, status: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        q.get("notice")
            .map(|n| (n, q.get("count").unwrap_or_default()))
    };
    let error = move || query.read().get("error");
    let selected_endpoint = endpoint.clone().unwrap_or_default();
    let selected_status = status.clone().unwrap_or_default();
    let mut filter = Vec::new();
    if let Some(e) = &endpoint {
        filter.push(format!("endpoint={}", encode_query_value(e)));
    }
    if let Some(s) = &status {
        filter.push(format!("status={}", encode_query_value(s)));
    }
    let next = view.log.next.as_ref().map(|c| {
        let mut parts = filter.clone();
        parts.push(format!("cursor={}", encode_query_value(c)));
        format!("/integration/deliveries?{}", parts.join("&"))
    });
    let paged = query.read_untracked().get("cursor").is_some();
    let dead_view = status.as_deref() == Some("dead") && !view.log.deliveries.is_empty();
    let deliveries = view.log.deliveries;
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/integration">{i18n.tr("integration-title")}</a></p>
                <h1>{i18n.tr("deliveries-title")}</h1>
            </div>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|(_, n)| i18n.tr_args("deliveries-replayed", &[("count", &n)]))}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        <Form method="GET" action="/integration/deliveries" attr:class="filters card" attr:role="search"
            attr:aria-label=i18n.tr("deliveries-filters")>
            <div class="field grow">
                <label for="filter-endpoint">{i18n.tr("deliveries-endpoint")}</label>
                <select id="filter-endpoint" name="endpoint">
                    <option value="" selected=selected_endpoint.is_empty()>{i18n.tr("deliveries-endpoint-all")}</option>
                    {view.endpoints.iter().map(|e| {
                        let id = e.id.to_string();
                        view! { <option value=id.clone() selected=selected_endpoint == id>{e.url.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">{i18n.tr("inbox-status")}</label>
                <select id="filter-status" name="status">
                    <option value="" selected=selected_status.is_empty()>{i18n.tr("inbox-status-all")}</option>
                    {DeliveryStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=selected_status == s.code()>
                            {i18n.tr(&format!("delivery-status-{}", s.code()))}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{i18n.tr("inbox-apply")}</button>
                <a class="btn btn-ghost" href="/integration/deliveries">{i18n.tr("inbox-reset")}</a>
            </div>
        </Form>
        {dead_view.then(|| view! {
            <form class="card section replay-bar" method="post" action="/api/integration/replay">
                <input type="hidden" name="endpoint" value=endpoint.clone().unwrap_or_default()/>
                <p>{i18n.tr("deliveries-replay-dead-text")}</p>
                <button type="submit" class="btn btn-primary">{i18n.tr("deliveries-replay-dead")}</button>
            </form>
        })}
        <section class="card table-card" aria-live="polite">
            {if deliveries.is_empty() {
                view! { <p class="empty">{i18n.tr("deliveries-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table deliveries">
                            <caption class="visually-hidden">{i18n.tr("deliveries-title")}</caption>
                            <thead><tr>
                                <th scope="col">{i18n.tr("deliveries-event")}</th>
                                <th scope="col">{i18n.tr("deliveries-endpoint")}</th>
                                <th scope="col">{i18n.tr("inbox-status")}</th>
                                <th scope="col" class="num">{i18n.tr("deliveries-attempts")}</th>
                                <th scope="col">{i18n.tr("deliveries-last")}</th>
                                <th scope="col">{i18n.tr("deliveries-next")}</th>
                                <th scope="col">{i18n.tr("deliveries-created")}</th>
                            </tr></thead>
                            <tbody>
                                {deliveries.into_iter().map(|d| {
                                    let (class, label) = super::status_badge(i18n, d.status);
                                    let last = match (d.last_status, d.last_error.clone()) {
                                        (Some(s), _) => format!("HTTP {s}"),
                                        (None, Some(e)) => e,
                                        (None, None) => i18n.tr("po-none"),
                                    };
                                    view! {
                                        <tr data-delivery=d.id.to_string()>
                                            <th scope="row" data-label=i18n.tr("deliveries-event")>
                                                <a href=format!("/integration/deliveries/{}", d.id)>{super::short_type(&d.event_type).to_owned()}</a>
                                                <br/><span class="muted small">{d.subject.clone()}</span>
                                            </th>
                                            <td data-label=i18n.tr("deliveries-endpoint")><span class="url">{d.endpoint_url.clone()}</span></td>
                                            <td data-label=i18n.tr("inbox-status")><span class=class data-status=d.status.code()>{label}</span></td>
                                            <td class="num" data-label=i18n.tr("deliveries-attempts")>{i18n.count(d.attempts as i64)}</td>
                                            <td data-label=i18n.tr("deliveries-last")>{last}</td>
                                            <td data-label=i18n.tr("deliveries-next")>
                                                {match (d.status, d.next_attempt_at) {
                                                    (DeliveryStatus::Pending, Some(t)) => i18n.datetime(t),
                                                    _ => i18n.tr("po-none"),
                                                }}
                                            </td>
                                            <td data-label=i18n.tr("deliveries-created")>{i18n.datetime(d.created_at)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <nav class="pager" aria-label=i18n.tr("inbox-pager")>
                {paged.then(|| {
                    let first = if filter.is_empty() {
                        "/integration/deliveries".to_owned()
                    } else {
                        format!("/integration/deliveries?{}", filter.join("&"))
                    };
                    view! { <a class="btn btn-ghost" href=first>{i18n.tr("inbox-first")}</a> }
                })}
                <span class="spacer"></span>
                {next.map(|href| view! { <a class="btn btn-secondary" rel="next" href=href>{i18n.tr("inbox-older")}" →"</a> })}
            </nav>
        </section>
    }
}
