//! `/shipments`: the supplier's ship notices (drafts included) or, for buyers, every submitted notice; and the
//! supplier administrator's GS1 numbering for SSCC labels.

use super::NoticeBadge;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::shipping::{shipments_page, ShipmentsView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The list page.
#[component]
pub fn ShipmentListPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| shipments_page());
    view! {
        <Title text=i18n.tr("ship-list-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Shipments view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Shipments(view: ShipmentsView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.read_untracked();
    let notice = q
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let error = q.get("error").map(|e| i18n.tr_known(&e));
    let prefix_typed = q.get("prefix");
    let extension_typed = q.get("extension");
    let bad_field = q.get("field").unwrap_or_default();
    drop(q);
    let none = i18n.tr("po-none");
    let rows = view.notices.clone();
    let empty = rows.is_empty();
    let settings = view.label_settings.clone();
    let prefix = prefix_typed
        .or_else(|| settings.as_ref().map(|s| s.company_prefix.clone()))
        .unwrap_or_default();
    let extension = extension_typed
        .or_else(|| settings.as_ref().map(|s| s.extension_digit.to_string()))
        .unwrap_or_else(|| "0".into());
    let field_error = |name: &str| (bad_field == name).then(|| error.clone()).flatten();
    let prefix_error = field_error("company_prefix");
    let extension_error = field_error("extension_digit");
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("ship-list-title")}</h1>
                <p class="muted">{i18n.tr(if view.supplier_side { "ship-list-subtitle-supplier" } else { "ship-list-subtitle-buyer" })}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        <section class="card table-card" aria-labelledby="notices-h">
            <h2 id="notices-h" class="card-title">{i18n.tr("ship-list-notices")}</h2>
            {if empty {
                view! { <p class="muted empty">{i18n.tr(if view.supplier_side { "ship-list-empty-supplier" } else { "ship-list-empty-buyer" })}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table notices">
                            <thead><tr>
                                <th scope="col">{i18n.tr("ship-number")}</th>
                                <th scope="col">{i18n.tr("ship-status")}</th>
                                <th scope="col">{i18n.tr("ship-orders")}</th>
                                <th scope="col">{i18n.tr("ship-shipped-on")}</th>
                                <th scope="col">{i18n.tr("ship-carrier")}</th>
                                <th scope="col" class="num">{i18n.tr("ship-packages")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|n| {
                                    let carrier = match (n.carrier_scac.clone(), n.tracking_number.clone()) {
                                        (Some(c), Some(t)) => format!("{c} · {t}"),
                                        (Some(c), None) => c,
                                        _ => none.clone(),
                                    };
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=i18n.tr("ship-number")>
                                                <a href=format!("/shipments/{}", n.id)>{n.number.clone()}</a>
                                                {(!view.supplier_side).then(|| view! { <div class="muted small">{n.supplier_name.clone()}</div> })}
                                            </th>
                                            <td data-label=i18n.tr("ship-status")><NoticeBadge status=n.status/></td>
                                            <td data-label=i18n.tr("ship-orders")>{n.orders.clone()}</td>
                                            <td data-label=i18n.tr("ship-shipped-on")>{i18n.opt_date(n.shipped_on)}</td>
                                            <td data-label=i18n.tr("ship-carrier")>{carrier}</td>
                                            <td class="num" data-label=i18n.tr("ship-packages")>{n.packages}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        {view.supplier_side.then(|| view! {
            <section class="card section" id="labels" aria-labelledby="labels-h">
                <h2 id="labels-h">{i18n.tr("ship-labels-settings")}</h2>
                <p class="muted small">{i18n.tr("ship-labels-settings-help")}</p>
                {if view.may_set_labels {
                    view! {
                        <form class="form narrow" method="post" action="/api/shipments/labels">
                            <div class="field">
                                <label for="company-prefix">{i18n.tr("ship-company-prefix")}</label>
                                <input id="company-prefix" name="company_prefix" type="text" inputmode="numeric"
                                    autocomplete="off" value=prefix aria-invalid=prefix_error.is_some().then_some("true")
                                    aria-describedby=prefix_error.is_some().then_some("company-prefix-error")/>
                                {prefix_error.map(|e| view! { <small id="company-prefix-error" class="field-error">{e}</small> })}
                            </div>
                            <div class="field">
                                <label for="extension-digit">{i18n.tr("ship-extension-digit")}</label>
                                <input id="extension-digit" name="extension_digit" type="text" inputmode="numeric"
                                    autocomplete="off" value=extension aria-invalid=extension_error.is_some().then_some("true")
                                    aria-describedby=extension_error.is_some().then_some("extension-digit-error")/>
                                {extension_error.map(|e| view! { <small id="extension-digit-error" class="field-error">{e}</small> })}
                            </div>
                            <div><button type="submit" class="btn btn-secondary">{i18n.tr("ship-labels-save")}</button></div>
                        </form>
                    }.into_any()
                } else {
                    view! {
                        <p>{match settings.clone() {
                            Some(s) => i18n.tr_args("ship-labels-current", &[("prefix", &s.company_prefix)]),
                            None => i18n.tr("ship-labels-missing-admin"),
                        }}</p>
                    }.into_any()
                }}
            </section>
        })}
    }
}
