//! `/integration/deliveries/:id`: one delivery — the event, the endpoint, every attempt with its answer, the payload
//! exactly as sent, and a replay button.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::integration::delivery_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::integration::{DeliveryDetail, DeliveryStatus};

/// The delivery page.
#[component]
pub fn DeliveryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        delivery_page,
    );
    view! {
        <Title text=i18n.tr("delivery-title")/>
        <SignedIn>
            <Delivery data/>
        </SignedIn>
    }
}

#[component]
fn Delivery(data: Resource<Result<DeliveryDetail, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <Body detail/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(detail: DeliveryDetail) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || query.read().get("notice");
    let error = move || query.read().get("error");
    let DeliveryDetail {
        delivery: d,
        payload,
        attempts,
    } = detail;
    let (class, label) = super::status_badge(i18n, d.status);
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb">
                    <a href="/integration">{i18n.tr("integration-title")}</a>" / "
                    <a href="/integration/deliveries">{i18n.tr("deliveries-title")}</a>
                </p>
                <h1>{super::short_type(&d.event_type).to_owned()}" "<span class=class data-status=d.status.code()>{label}</span></h1>
                <p class="muted">{d.subject.clone()}</p>
            </div>
            <form method="post" action="/api/integration/replay">
                <input type="hidden" name="event" value=d.event_id.to_string()/>
                <input type="hidden" name="endpoint" value=d.endpoint_id.to_string()/>
                <input type="hidden" name="delivery" value=d.id.to_string()/>
                <button type="submit" class="btn btn-primary">{i18n.tr("delivery-replay")}</button>
            </form>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|_| i18n.tr("delivery-replayed"))}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        <section class="card section">
            <dl class="facts">
                <div><dt>{i18n.tr("deliveries-endpoint")}</dt><dd class="url">{d.endpoint_url.clone()}</dd></div>
                <div><dt>{i18n.tr("delivery-event-id")}</dt><dd><code>{d.event_id.to_string()}</code></dd></div>
                <div><dt>{i18n.tr("deliveries-attempts")}</dt><dd>{i18n.count(d.attempts as i64)}</dd></div>
                <div><dt>{i18n.tr("deliveries-next")}</dt><dd>
                    {match (d.status, d.next_attempt_at) {
                        (DeliveryStatus::Pending, Some(t)) => i18n.datetime(t),
                        _ => i18n.tr("po-none"),
                    }}
                </dd></div>
                <div><dt>{i18n.tr("deliveries-created")}</dt><dd>{i18n.datetime(d.created_at)}</dd></div>
            </dl>
        </section>
        <section class="card section" aria-labelledby="attempts-heading">
            <h2 id="attempts-heading">{i18n.tr("delivery-attempts")}</h2>
            {if attempts.is_empty() {
                view! { <p class="muted">{i18n.tr("delivery-attempts-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table attempts">
                            <thead><tr>
                                <th scope="col" class="num">"#"</th>
                                <th scope="col">{i18n.tr("delivery-started")}</th>
                                <th scope="col">{i18n.tr("delivery-answer")}</th>
                                <th scope="col">{i18n.tr("delivery-outcome")}</th>
                                <th scope="col" class="num">{i18n.tr("delivery-duration")}</th>
                            </tr></thead>
                            <tbody>
                                {attempts.into_iter().map(|a| view! {
                                    <tr>
                                        <td class="num" data-label="#">{a.attempt}</td>
                                        <td data-label=i18n.tr("delivery-started")>{i18n.datetime(a.started_at)}</td>
                                        <td data-label=i18n.tr("delivery-answer")>
                                            {match (a.status, a.error, a.detail) {
                                                (Some(s), _, _) => format!("HTTP {s}"),
                                                (None, Some(e), _) => e,
                                                (None, None, Some(d)) => edi_detail(i18n, &d),
                                                (None, None, None) => i18n.tr("po-none"),
                                            }}
                                        </td>
                                        <td data-label=i18n.tr("delivery-outcome")>{i18n.tr(&format!("delivery-outcome-{}", a.outcome))}</td>
                                        <td class="num" data-label=i18n.tr("delivery-duration")>{format!("{} ms", a.duration_ms)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card section" aria-labelledby="payload-heading">
            <h2 id="payload-heading">{i18n.tr("delivery-payload")}</h2>
            <pre class="payload" tabindex="0" aria-labelledby="payload-heading"><code>{payload}</code></pre>
        </section>
    }
}

/// An EDI attempt's detail (`<document> <control number> <file>`) in the reader's language.
fn edi_detail(i18n: crate::i18n::I18n, detail: &str) -> String {
    let mut parts = detail.splitn(3, ' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(document), Some(control), Some(file)) => i18n.tr_args(
            "delivery-edi-written",
            &[("document", document), ("control", control), ("file", file)],
        ),
        _ => detail.to_owned(),
    }
}
