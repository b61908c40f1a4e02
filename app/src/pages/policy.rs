//! `/change-policy` (buyer administrators): how far suppliers may change orders without a buyer — the organisation's
//! default and overrides for single suppliers. Plain forms; a mistake comes back beside its field with the values
//! as typed.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::policies::{change_policy_page, PolicyView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::acknowledgement::{ChangePolicy, PolicyInput};

/// The change policy page.
#[component]
pub fn ChangePolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), change_policy_page);
    view! {
        <Title text=i18n.tr("policy-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Policies view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

/// The text fields and check boxes of one policy form; ids start with `prefix`.
fn fields(
    i18n: I18n,
    prefix: &'static str,
    v: PolicyInput,
    bad_field: &str,
    error: Option<String>,
) -> AnyView {
    let text = |name: &'static str, value: String, unit: &'static str| {
        let id = format!("{prefix}-{name}");
        let invalid = bad_field == name;
        let error_id = format!("{id}-error");
        let described = invalid.then(|| error_id.clone());
        let message = invalid.then(|| error.clone().map(|e| i18n.tr_known(&e)));
        view! {
            <div class="field">
                <label for=id.clone()>{i18n.tr(&format!("policy-field-{name}"))}</label>
                <div class="input-unit">
                    <input id=id name=name type="text" inputmode="decimal" value=value autocomplete="off"
                        aria-invalid=invalid.then_some("true") aria-describedby=described/>
                    <span class="muted">{i18n.tr(unit)}</span>
                </div>
                {message.flatten().map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="ack-grid policy-grid">
            {text("price_increase_pct", v.price_increase_pct, "policy-unit-percent")}
            {text("price_decrease_pct", v.price_decrease_pct, "policy-unit-percent")}
            {text("quantity_under_pct", v.quantity_under_pct, "policy-unit-percent")}
            {text("quantity_over_pct", v.quantity_over_pct, "policy-unit-percent")}
            {text("date_later_days", v.date_later_days, "policy-unit-days")}
            {text("date_earlier_days", v.date_earlier_days, "policy-unit-days")}
        </div>
        <label class="checkbox">
            <input type="checkbox" name="splits_allowed" value="on" checked=v.splits_allowed/>
            {i18n.tr("policy-field-splits_allowed")}
        </label>
        <label class="checkbox">
            <input type="checkbox" name="line_rejections_allowed" value="on" checked=v.line_rejections_allowed/>
            {i18n.tr("policy-field-line_rejections_allowed")}
        </label>
    }
    .into_any()
}

/// The shipping rules form: over-ship tolerance and whether unacknowledged orders ship.
fn shipping_section(
    i18n: I18n,
    policy: &portico_domain::shipping::ShippingPolicy,
    bad_field: &str,
    error: Option<String>,
    typed: Option<String>,
) -> AnyView {
    let message = (bad_field == "over_ship_pct")
        .then(|| error.map(|e| i18n.tr_known(&e)))
        .flatten();
    let value = typed
        .filter(|_| message.is_some())
        .unwrap_or_else(|| policy.over_ship_pct.normalize().to_string());
    view! {
        <section class="card section" id="shipping" aria-labelledby="shipping-h">
            <h2 id="shipping-h">{i18n.tr("shipping-policy-title")}</h2>
            <p class="muted small">{i18n.tr("shipping-policy-help")}</p>
            <form class="form narrow" method="post" action="/api/change-policy/shipping">
                <div class="field">
                    <label for="over-ship-pct">{i18n.tr("shipping-over-ship")}</label>
                    <div class="input-unit">
                        <input id="over-ship-pct" name="over_ship_pct" type="text" inputmode="decimal" autocomplete="off"
                            value=value aria-invalid=message.is_some().then_some("true")
                            aria-describedby=message.is_some().then_some("over-ship-pct-error")/>
                        <span class="muted">{i18n.tr("policy-unit-percent")}</span>
                    </div>
                    {message.map(|m| view! { <small id="over-ship-pct-error" class="field-error">{m}</small> })}
                </div>
                <label class="checkbox">
                    <input type="checkbox" name="ship_unacknowledged" value="on" checked=policy.ship_unacknowledged/>
                    {i18n.tr("shipping-unacknowledged")}
                </label>
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("shipping-save")}</button></div>
            </form>
        </section>
    }
    .into_any()
}

/// The invoice match tolerances form: how far a price may be above the order (percent or amount) and an invoiced
/// quantity above what was shipped or received, before an invoice waits for the buyer.
fn tolerance_section(
    i18n: I18n,
    t: &portico_domain::invoicing::MatchTolerances,
    bad_field: &str,
    error: Option<String>,
    typed: [Option<String>; 3],
) -> AnyView {
    let message = matches!(
        bad_field,
        "price_over_pct" | "price_over_abs" | "quantity_over_pct"
    )
    .then(|| error.map(|e| i18n.tr_known(&e)))
    .flatten();
    let [typed_price, typed_abs, typed_qty] = typed;
    let shown = |typed: Option<String>, stored: rust_decimal::Decimal| {
        typed
            .filter(|_| message.is_some())
            .unwrap_or_else(|| stored.normalize().to_string())
    };
    let field = |name: &'static str, label: &'static str, unit: &'static str, value: String| {
        let id = format!("tol-{}", name.replace('_', "-"));
        let err = (bad_field == name).then(|| message.clone()).flatten();
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{i18n.tr(label)}</label>
                <div class="input-unit">
                    <input id=id name=name type="text" inputmode="decimal" autocomplete="off" value=value
                        aria-invalid=err.is_some().then_some("true")
                        aria-describedby=err.is_some().then(|| error_id.clone())/>
                    <span class="muted">{i18n.tr(unit)}</span>
                </div>
                {err.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
            </div>
        }
    };
    view! {
        <section class="card section" id="tolerances" aria-labelledby="tolerances-h">
            <h2 id="tolerances-h">{i18n.tr("tolerance-title")}</h2>
            <p class="muted small">{i18n.tr("tolerance-help")}</p>
            <form class="form narrow" method="post" action="/api/change-policy/tolerances">
                {field("price_over_pct", "tolerance-price-pct", "policy-unit-percent", shown(typed_price, t.price_over_pct))}
                {field("price_over_abs", "tolerance-price-abs", "tolerance-unit-currency", shown(typed_abs, t.price_over_abs))}
                {field("quantity_over_pct", "tolerance-quantity-pct", "policy-unit-percent", shown(typed_qty, t.quantity_over_pct))}
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("tolerance-save")}</button></div>
            </form>
        </section>
    }
    .into_any()
}

/// A policy in one line of text, for the overrides table.
fn summary(i18n: I18n, p: &ChangePolicy) -> String {
    let pct = |d: rust_decimal::Decimal| format!("{} %", d.normalize());
    i18n.tr_args(
        "policy-summary",
        &[
            ("up", &pct(p.price_increase_pct)),
            ("down", &pct(p.price_decrease_pct)),
            ("under", &pct(p.quantity_under_pct)),
            ("over", &pct(p.quantity_over_pct)),
            ("later", &p.date_later_days.to_string()),
            ("earlier", &p.date_earlier_days.to_string()),
            (
                "splits",
                &i18n.tr(if p.splits_allowed {
                    "policy-yes"
                } else {
                    "policy-no"
                }),
            ),
            (
                "rejections",
                &i18n.tr(if p.line_rejections_allowed {
                    "policy-yes"
                } else {
                    "policy-no"
                }),
            ),
        ],
    )
}

#[component]
fn Policies(view: PolicyView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = query.read_untracked().get("error");
    let bad_field = query.read_untracked().get("field").unwrap_or_default();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let no_notice = notice.is_none();
    let no_error = error.is_none();
    let page = view.page;
    // The form a mistake came back to gets the values as typed; the other its stored values.
    let draft_default = view.draft.clone().filter(|d| d.supplier.is_none());
    let draft_override = view.draft.clone().filter(|d| d.supplier.is_some());
    let default_values = draft_default
        .map(|d| d.input)
        .or_else(|| page.default.as_ref().map(PolicyInput::from))
        .unwrap_or_else(|| PolicyInput::from(&ChangePolicy::default()));
    let override_supplier = draft_override
        .as_ref()
        .and_then(|d| d.supplier.clone())
        .unwrap_or_default();
    let override_values = draft_override
        .map(|d| d.input)
        .unwrap_or_else(|| default_values.clone());
    let (default_field, default_error) =
        if view.draft.as_ref().is_some_and(|d| d.supplier.is_none()) {
            (bad_field.clone(), error.clone())
        } else {
            (String::new(), None)
        };
    let (override_field, override_error) =
        if view.draft.as_ref().is_some_and(|d| d.supplier.is_some()) {
            (bad_field.clone(), error.clone())
        } else {
            (String::new(), None)
        };
    let overrides = page.overrides.clone();
    let deadline_error = (bad_field == "ack_sla_hours")
        .then(|| error.clone().map(|e| i18n.tr_known(&e)))
        .flatten();
    let deadline_value = query
        .read_untracked()
        .get("hours")
        .filter(|_| deadline_error.is_some())
        .unwrap_or_else(|| view.ack_sla_hours.to_string());
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("policy-title")}</h1>
                <p class="muted">{i18n.tr("policy-subtitle")}</p>
            </div>
        </div>
        <div class="alert alert-success" role="status" hidden=no_notice>
            {notice}
        </div>
        <div class="alert alert-error" role="alert" hidden=no_error>
            {i18n.tr("policy-error-summary")}
        </div>
        {view! {
        <section class="card section" id="default" aria-labelledby="default-h">
            <h2 id="default-h">{i18n.tr("policy-default")}</h2>
            <p class="muted small">
                {if page.default.is_some() { i18n.tr("policy-default-help") } else { i18n.tr("policy-default-none") }}
            </p>
            <form class="form" method="post" action="/api/change-policy/save">
                {fields(i18n, "default", default_values, &default_field, default_error)}
                <div><button type="submit" class="btn btn-primary">{i18n.tr("policy-save-default")}</button></div>
            </form>
        </section>
        }.into_any()}
        {view! {
        <section class="card section" id="deadline" aria-labelledby="deadline-h">
            <h2 id="deadline-h">{i18n.tr("deadline-title")}</h2>
            <p class="muted small">{i18n.tr("deadline-help")}</p>
            <form class="form narrow" method="post" action="/api/change-policy/deadline">
                <div class="field">
                    <label for="ack-sla-hours">{i18n.tr("deadline-hours")}</label>
                    <div class="input-unit">
                        <input id="ack-sla-hours" name="hours" type="text" inputmode="numeric" autocomplete="off"
                            value=deadline_value aria-invalid=deadline_error.is_some().then_some("true")
                            aria-describedby=deadline_error.is_some().then_some("ack-sla-hours-error")/>
                        <span class="muted">{i18n.tr("policy-unit-hours")}</span>
                    </div>
                    {deadline_error.clone().map(|e| view! { <small id="ack-sla-hours-error" class="field-error">{e}</small> })}
                </div>
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("deadline-save")}</button></div>
            </form>
        </section>
        }.into_any()}
        {shipping_section(i18n, &view.shipping, &bad_field, error.clone(), query.read_untracked().get("over_ship"))}
        {tolerance_section(i18n, &view.tolerances, &bad_field, error.clone(), {
            let q = query.read_untracked();
            [q.get("tol_price"), q.get("tol_abs"), q.get("tol_qty")]
        })}
        {view! {
        <section class="card section" id="override" aria-labelledby="override-h">
            <h2 id="override-h">{i18n.tr("policy-overrides")}</h2>
            <p class="muted small">{i18n.tr("policy-overrides-help")}</p>
            {if overrides.is_empty() {
                view! { <p class="muted">{i18n.tr("policy-overrides-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table policies">
                            <thead><tr>
                                <th scope="col">{i18n.tr("po-supplier")}</th>
                                <th scope="col">{i18n.tr("policy-title")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr("policy-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {overrides.into_iter().map(|o| {
                                    let name = o.supplier.name.clone();
                                    view! {
                                        <tr data-supplier=o.supplier.id.to_string()>
                                            <th scope="row" data-label=i18n.tr("po-supplier")>{name.clone()}</th>
                                            <td data-label=i18n.tr("policy-title")>{summary(i18n, &o.policy)}</td>
                                            <td class="row-actions">
                                                <form class="inline-form" method="post" action="/api/change-policy/remove">
                                                    <input type="hidden" name="supplier" value=o.supplier.id.to_string()/>
                                                    <button type="submit" class="btn btn-ghost btn-small"
                                                        aria-label=i18n.tr_args("policy-remove-of", &[("supplier", &name)])>
                                                        {i18n.tr("policy-remove")}
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
            <h3>{i18n.tr("policy-override-new")}</h3>
            <form class="form" method="post" action="/api/change-policy/save">
                <div class="field">
                    <label for="override-supplier">{i18n.tr("po-supplier")}</label>
                    <select id="override-supplier" name="supplier" required>
                        {page.suppliers.iter().map(|s| {
                            let id = s.id.to_string();
                            let selected = id == override_supplier;
                            view! { <option value=id selected=selected>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {fields(i18n, "override", override_values, &override_field, override_error)}
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("policy-save-override")}</button></div>
            </form>
        </section>
        }.into_any()}
    }
}
