//! `/integration`: a buyer administrator's endpoints — ERP webhooks, alerts (chat webhook, e-mail) and the NATS
//! stream when configured — with figures, the signing secret shown once after adding or rotating, switching off and
//! on, the forms to add an endpoint or an alert, a 24-hour chart per sink, and API keys. Plain HTML forms throughout.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::integration::{integration_page, IntegrationView, SINK_GROUPS};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::integration::SinkKind;

/// The integration page.
#[component]
pub fn IntegrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("secret"), q.get("key"), q.get("sink"))
        },
        |(secret, key, sink)| integration_page(secret, key, sink),
    );
    view! {
        <Title text=i18n.tr("integration-title")/>
        <SignedIn>
            <Integration data/>
        </SignedIn>
    }
}

#[component]
fn Integration(
    data: Resource<Result<crate::server_fns::integration::IntegrationView, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Body view/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(view: IntegrationView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || query.read().get("notice");
    let error = move || query.read().get("error");
    let IntegrationView {
        endpoints,
        event_types,
        fresh_secret,
        api_keys,
        fresh_key,
        last_day,
        sink,
    } = view;
    let alert_types = "org.portico.delivery.failed.v1";
    let locale = i18n.locale();
    let types_hint = event_types.join(", ");
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("integration-title")}</h1>
                <p class="muted">{i18n.tr("integration-subtitle")}</p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href="/integration/edi">{i18n.tr("edi-title")}</a>
                <a class="btn btn-secondary" href="/integration/deliveries">{i18n.tr("integration-log")}</a>
            </div>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|n| i18n.tr_known(&format!("integration-notice-{n}")))}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        {fresh_secret.map(|(id, secret)| view! {
            <section class="card section secret-card" aria-labelledby="secret-heading">
                <h2 id="secret-heading">{i18n.tr("integration-secret-title")}</h2>
                <p>{i18n.tr("integration-secret-once")}</p>
                <label for="fresh-secret">{i18n.tr("integration-secret-label")}</label>
                <input id="fresh-secret" class="secret" type="text" readonly value=secret data-endpoint=id/>
                <p class="muted small">{i18n.tr("integration-secret-verify")}</p>
            </section>
        })}
        <DeliveryChart hours=last_day sink/>
        <section class="card section" aria-labelledby="endpoints-heading">
            <h2 id="endpoints-heading">{i18n.tr("integration-endpoints")}</h2>
            {if endpoints.is_empty() {
                view! { <p class="muted">{i18n.tr("integration-endpoints-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table endpoints">
                            <thead><tr>
                                <th scope="col">{i18n.tr("integration-url")}</th>
                                <th scope="col">{i18n.tr("integration-types")}</th>
                                <th scope="col">{i18n.tr("integration-state")}</th>
                                <th scope="col" class="num">{i18n.tr("delivery-status-pending")}</th>
                                <th scope="col" class="num">{i18n.tr("delivery-status-delivered")}</th>
                                <th scope="col" class="num">{i18n.tr("delivery-status-dead")}</th>
                                <th scope="col">{i18n.tr("integration-last-attempt")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {endpoints.into_iter().map(|e| {
                                    let id = e.id.to_string();
                                    let log = format!("/integration/deliveries?endpoint={id}");
                                    let dead_log = format!("/integration/deliveries?endpoint={id}&status=dead");
                                    let state = match (&e.disabled_at, e.disabled_reason.as_deref()) {
                                        (None, _) => ("badge badge-delivery-delivered", i18n.tr("integration-on")),
                                        (Some(_), Some("gone")) => ("badge badge-delivery-dead", i18n.tr("integration-off-gone")),
                                        (Some(_), _) => ("badge badge-delivery-cancelled", i18n.tr("integration-off")),
                                    };
                                    let enabled = e.disabled_at.is_none();
                                    let signed = matches!(e.kind, SinkKind::ErpWebhook | SinkKind::AlertWebhook);
                                    let shown = e.url.strip_prefix("mailto:").map(|m| m.replace(',', ", ")).unwrap_or_else(|| e.url.clone());
                                    let url = shown.clone();
                                    // `*` with names beside it: older versions the endpoint still takes.
                                    let named = e.event_types.iter().filter(|t| *t != "*").map(|t| super::short_type(t));
                                    let types = if e.event_types.iter().any(|t| t == "*") {
                                        std::iter::once(i18n.tr("integration-types-all")).chain(named.map(str::to_owned)).collect::<Vec<_>>().join(", ")
                                    } else {
                                        named.collect::<Vec<_>>().join(", ")
                                    };
                                    view! {
                                        <tr data-endpoint=id.clone()>
                                            <th scope="row" data-label=i18n.tr("integration-url")>
                                                <span class="endpoint-cell">
                                                    <span class="badge badge-kind">{i18n.tr(&format!("integration-kind-{}", e.kind.as_str()))}</span>
                                                    <span class="url">{shown}</span>
                                                    {(!e.description.is_empty()).then(|| view! { <span class="muted small">{e.description.clone()}</span> })}
                                                    {e.previous_secret_until.map(|t| view! {
                                                        <span class="muted small">{i18n.tr_args("integration-rotating", &[("until", &i18n.datetime(t))])}</span>
                                                    })}
                                                </span>
                                            </th>
                                            <td data-label=i18n.tr("integration-types")>{types}</td>
                                            <td data-label=i18n.tr("integration-state")><span class=state.0>{state.1}</span></td>
                                            <td class="num" data-label=i18n.tr("delivery-status-pending")>{i18n.count(e.pending)}</td>
                                            <td class="num" data-label=i18n.tr("delivery-status-delivered")>{i18n.count(e.delivered)}</td>
                                            <td class="num" data-label=i18n.tr("delivery-status-dead")>
                                                {if e.dead > 0 {
                                                    view! { <a href=dead_log>{i18n.count(e.dead)}</a> }.into_any()
                                                } else {
                                                    i18n.count(0).into_any()
                                                }}
                                            </td>
                                            <td data-label=i18n.tr("integration-last-attempt")>
                                                {e.last_attempt_at.map(|t| i18n.datetime(t)).unwrap_or_else(|| i18n.tr("po-none"))}
                                            </td>
                                            <td class="row-actions">
                                                <a class="btn btn-ghost btn-small" href=log
                                                    aria-label=i18n.tr_args("integration-log-of", &[("url", &url)])>
                                                    {i18n.tr("integration-log")}
                                                </a>
                                                {signed.then(|| view! {
                                                    " "
                                                    <form class="inline-form" method="post" action="/api/integration/endpoints/rotate">
                                                        <input type="hidden" name="id" value=id.clone()/>
                                                        <button type="submit" class="btn btn-ghost btn-small"
                                                            aria-label=i18n.tr_args("integration-rotate-of", &[("url", &url)])>
                                                            {i18n.tr("integration-rotate")}
                                                        </button>
                                                    </form>
                                                })}
                                                " "
                                                <form class="inline-form" method="post" action="/api/integration/endpoints/enabled">
                                                    <input type="hidden" name="id" value=id.clone()/>
                                                    <input type="hidden" name="enabled" value=if enabled { "false" } else { "true" }/>
                                                    <button type="submit" class="btn btn-ghost btn-small"
                                                        aria-label=i18n.tr_args(if enabled { "integration-disable-of" } else { "integration-enable-of" }, &[("url", &url)])>
                                                        {i18n.tr(if enabled { "integration-disable" } else { "integration-enable" })}
                                                    </button>
                                                </form>
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
        <section class="card section" aria-labelledby="add-heading">
            <h2 id="add-heading">{i18n.tr("integration-add")}</h2>
            <form class="form narrow" method="post" action="/api/integration/endpoints/add">
                <div class="field">
                    <label for="endpoint-url">{i18n.tr("integration-url")}</label>
                    <input id="endpoint-url" name="url" type="url" inputmode="url" required maxlength="2000"
                        placeholder="https://erp.example.com/portico/events" autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="endpoint-types">{i18n.tr("integration-types")}</label>
                    <input id="endpoint-types" name="event_types" type="text" value="*" required maxlength="2000"
                        autocomplete="off" aria-describedby="endpoint-types-hint"/>
                    <small id="endpoint-types-hint" class="muted">
                        {i18n.tr_args("integration-types-hint", &[("types", &types_hint)])}
                    </small>
                </div>
                <div class="field">
                    <label for="endpoint-description">{i18n.tr("integration-description")}</label>
                    <input id="endpoint-description" name="description" type="text" maxlength="200" autocomplete="off"/>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("integration-add-submit")}</button></div>
            </form>
        </section>
        <section class="card section" id="alerts" aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">{i18n.tr("integration-alerts-add")}</h2>
            <p class="muted">{i18n.tr("integration-alerts-text")}</p>
            <form class="form narrow" method="post" action="/api/integration/alerts/add">
                <fieldset class="field">
                    <legend>{i18n.tr("integration-alert-kind")}</legend>
                    <label class="radio">
                        <input type="radio" name="kind" value="alert_email" checked/>
                        {i18n.tr("integration-kind-alert_email")}
                    </label>
                    <label class="radio">
                        <input type="radio" name="kind" value="alert_webhook"/>
                        {i18n.tr("integration-kind-alert_webhook")}
                    </label>
                </fieldset>
                <div class="field">
                    <label for="alert-target">{i18n.tr("integration-alert-target")}</label>
                    <input id="alert-target" name="target" type="text" required maxlength="2000" autocomplete="off"
                        aria-describedby="alert-target-hint" placeholder="erp-team@example.com, ops@example.com"/>
                    <small id="alert-target-hint" class="muted">{i18n.tr("integration-alert-target-hint")}</small>
                </div>
                <div class="field">
                    <label for="alert-types">{i18n.tr("integration-alert-types")}</label>
                    <input id="alert-types" name="event_types" type="text" value=alert_types maxlength="2000" autocomplete="off"
                        aria-describedby="alert-types-hint"/>
                    <small id="alert-types-hint" class="muted">
                        {i18n.tr_args("integration-types-hint", &[("types", &types_hint)])}
                    </small>
                </div>
                <div class="field">
                    <label for="alert-language">{i18n.tr("integration-alert-language")}</label>
                    <select id="alert-language" name="language">
                        {portico_i18n::Locale::ALL.into_iter().map(|l| view! {
                            <option value=l.tag() selected=l == locale>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="alert-description">{i18n.tr("integration-alert-description")}</label>
                    <input id="alert-description" name="description" type="text" maxlength="200" autocomplete="off"/>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("integration-alert-submit")}</button></div>
            </form>
        </section>
        <ApiKeys keys=api_keys fresh=fresh_key/>
    }
}

#[component]
fn ApiKeys(
    keys: Vec<portico_domain::integration::ApiKeyView>,
    fresh: Option<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card section" id="api-keys" aria-labelledby="keys-heading">
            <h2 id="keys-heading">{i18n.tr("integration-keys")}</h2>
            <p class="muted">{i18n.tr("integration-keys-text")}" "<a href="/api/openapi.json">"OpenAPI"</a></p>
            {fresh.map(|(name, key)| view! {
                <div class="secret-card card section">
                    <p><strong>{i18n.tr_args("integration-key-made", &[("name", &name)])}</strong></p>
                    <p>{i18n.tr("integration-secret-once")}</p>
                    <label for="fresh-key">{i18n.tr("integration-key-label")}</label>
                    <input id="fresh-key" class="secret" type="text" readonly value=key/>
                </div>
            })}
            {if keys.is_empty() {
                view! { <p class="muted">{i18n.tr("integration-keys-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table api-keys">
                            <thead><tr>
                                <th scope="col">{i18n.tr("integration-key-name")}</th>
                                <th scope="col">{i18n.tr("integration-key-prefix")}</th>
                                <th scope="col">{i18n.tr("deliveries-created")}</th>
                                <th scope="col">{i18n.tr("integration-key-used")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {keys.into_iter().map(|k| {
                                    let name = k.name.clone();
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=i18n.tr("integration-key-name")>{k.name.clone()}</th>
                                            <td data-label=i18n.tr("integration-key-prefix")><code>{format!("{}…", k.prefix)}</code></td>
                                            <td data-label=i18n.tr("deliveries-created")>{i18n.datetime(k.created_at)}</td>
                                            <td data-label=i18n.tr("integration-key-used")>
                                                {k.last_used_at.map(|t| i18n.datetime(t)).unwrap_or_else(|| i18n.tr("po-none"))}
                                            </td>
                                            <td class="row-actions">
                                                {match k.revoked_at {
                                                    Some(_) => view! { <span class="badge badge-delivery-cancelled">{i18n.tr("integration-key-revoked")}</span> }.into_any(),
                                                    None => view! {
                                                        <form class="inline-form" method="post" action="/api/integration/keys/revoke">
                                                            <input type="hidden" name="id" value=k.id.to_string()/>
                                                            <button type="submit" class="btn btn-ghost btn-small"
                                                                aria-label=i18n.tr_args("integration-key-revoke-of", &[("name", &name)])>
                                                                {i18n.tr("integration-key-revoke")}
                                                            </button>
                                                        </form>
                                                    }.into_any(),
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <form class="form narrow" method="post" action="/api/integration/keys/add">
                <div class="field">
                    <label for="key-name">{i18n.tr("integration-key-name")}</label>
                    <input id="key-name" name="name" type="text" required maxlength="100" autocomplete="off"
                        placeholder="SAP S/4HANA production"/>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("integration-key-create")}</button></div>
            </form>
        </section>
    }
}

/// The last 24 hours of deliveries as a bar chart (delivered and failed attempts per hour) with the average lag, and
/// the same figures as a table for screen readers and exact values.
#[component]
fn DeliveryChart(
    hours: Vec<portico_domain::integration::HourFigures>,
    sink: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let delivered: i64 = hours.iter().map(|h| h.delivered).sum();
    let failed: i64 = hours.iter().map(|h| h.failed).sum();
    let lags: Vec<f64> = hours.iter().filter_map(|h| h.lag_seconds).collect();
    let lag = if lags.is_empty() {
        i18n.tr("po-none")
    } else {
        format!("{:.1} s", lags.iter().sum::<f64>() / lags.len() as f64)
    };
    let peak = hours
        .iter()
        .map(|h| h.delivered + h.failed)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    const H: f64 = 120.0;
    let summary = i18n.tr_args(
        "integration-chart-summary",
        &[
            ("delivered", &i18n.count(delivered)),
            ("failed", &i18n.count(failed)),
            ("lag", &lag),
        ],
    );
    let bars = hours
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let x = i as f64 * 20.0 + 3.0;
            let ok = h.delivered as f64 / peak * H;
            let bad = h.failed as f64 / peak * H;
            let label = (i % 6 == 0).then(|| format!("{:02}:00", h.hour.hour()));
            view! {
                <g>
                    <rect class="bar-ok" x=x y=H - ok width="14" height=ok></rect>
                    <rect class="bar-failed" x=x y=H - ok - bad width="14" height=bad></rect>
                    {label.map(|l| view! { <text x=x y=H + 14.0 class="axis">{l}</text> })}
                </g>
            }
        })
        .collect_view();
    view! {
        <section class="card section" aria-labelledby="chart-heading">
            <h2 id="chart-heading">{i18n.tr("integration-chart")}</h2>
            <nav class="tabs" aria-label=i18n.tr("integration-sink-nav")>
                {SINK_GROUPS.into_iter().map(|g| {
                    let current = (g == sink).then_some("page");
                    view! {
                        <a class="tab" href=format!("/integration?sink={g}#chart-heading") aria-current=current>
                            {i18n.tr(&format!("integration-sink-{g}"))}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <p class="chart-summary">{summary.clone()}</p>
            {(delivered + failed == 0).then(|| view! { <p class="muted">{i18n.tr("integration-chart-empty")}</p> })}
            <svg hidden={delivered + failed == 0} class="chart" viewBox="0 0 480 140" role="img" aria-label=summary>
                <line class="baseline" x1="0" y1=H x2="480" y2=H></line>
                {bars}
            </svg>
            <p class="legend small">
                <span class="swatch swatch-ok"></span>{i18n.tr("delivery-status-delivered")}" "
                <span class="swatch swatch-failed"></span>{i18n.tr("integration-chart-failed")}
            </p>
            <details>
                <summary>{i18n.tr("integration-chart-table")}</summary>
                <div class="table-scroll">
                    <table class="data-table chart-table">
                        <thead><tr>
                            <th scope="col">{i18n.tr("integration-chart-hour")}</th>
                            <th scope="col" class="num">{i18n.tr("delivery-status-delivered")}</th>
                            <th scope="col" class="num">{i18n.tr("integration-chart-failed")}</th>
                            <th scope="col" class="num">{i18n.tr("integration-chart-lag")}</th>
                        </tr></thead>
                        <tbody>
                            {hours.iter().filter(|h| h.delivered + h.failed > 0).map(|h| view! {
                                <tr>
                                    <th scope="row">{i18n.datetime(h.hour)}</th>
                                    <td class="num">{i18n.count(h.delivered)}</td>
                                    <td class="num">{i18n.count(h.failed)}</td>
                                    <td class="num">{h.lag_seconds.map(|l| format!("{l:.1} s")).unwrap_or_else(|| i18n.tr("po-none"))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
