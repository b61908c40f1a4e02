//! `/suppliers`: the buyer's suppliers with their status (those being onboarded first), how many of their people
//! have signed up or are invited, links to their documents and bank details, and — for buyer administrators —
//! adding a supplier and activating one.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::suppliers::suppliers_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::onboarding::{SupplierStatus, SuppliersView};

/// The page.
#[component]
pub fn SuppliersPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| suppliers_page());
    view! {
        <Title text=i18n.tr("suppliers-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Suppliers view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Suppliers(view: SuppliersView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let may_manage = view.may_manage;
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("suppliers-title")}</h1>
                <p class="muted">{i18n.tr("suppliers-intro")}</p>
            </div>
            <div class="actions">
                {may_manage.then(|| view! { <a class="btn btn-primary" href="/suppliers/new">{i18n.tr("suppliers-add")}</a> })}
                <a class="btn btn-secondary" href="/suppliers/documents">{i18n.tr("doc-buyer-title")}</a>
                <a class="btn btn-secondary" href="/suppliers/bank-changes">{i18n.tr("bank-changes-title")}</a>
                <a class="btn btn-secondary" href="/suppliers/profile-rules">{i18n.tr("profile-rules-link")}</a>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {if view.suppliers.is_empty() {
            view! { <p class="card section empty">{i18n.tr("suppliers-none")}</p> }.into_any()
        } else {
            view! {
                <section class="card table-card" aria-labelledby="suppliers-h">
                    <h2 id="suppliers-h" class="visually-hidden">{i18n.tr("suppliers-title")}</h2>
                    <div class="table-scroll">
                        <table class="data-table" id="suppliers">
                            <thead><tr>
                                <th scope="col">{i18n.tr("suppliers-col-name")}</th>
                                <th scope="col">{i18n.tr("suppliers-col-code")}</th>
                                <th scope="col">{i18n.tr("suppliers-col-status")}</th>
                                <th scope="col">{i18n.tr("suppliers-col-people")}</th>
                                <th scope="col">{i18n.tr("suppliers-col-added")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr("suppliers-documents")}</span></th>
                            </tr></thead>
                            <tbody>
                                {view.suppliers.into_iter().map(|s| {
                                    let active = s.status == SupplierStatus::Active;
                                    let id = s.id.to_string();
                                    let label = i18n.tr_args("suppliers-activate-label", &[("supplier", &s.name)]);
                                    view! {
                                        <tr data-status=s.status.code()>
                                            <td><span class="supplier-name">{s.name.clone()}</span></td>
                                            <td class="mono">{s.code.clone()}</td>
                                            <td>
                                                <span class=format!("badge badge-supplier-{}", s.status.code())>{i18n.tr(&s.status.label_key())}</span>
                                                {(!active).then(|| view! { <small class="doc-days">{i18n.tr("suppliers-no-orders")}</small> })}
                                                {(active && s.profile_pending).then(|| view! {
                                                    <br/><span class="badge badge-profile-pending">{i18n.tr("profile-change-pending")}</span>
                                                })}
                                            </td>
                                            <td>{i18n.tr_args("suppliers-people", &[("people", &s.people.to_string()), ("invited", &s.invited.to_string())])}</td>
                                            <td>{i18n.datetime(s.created_at)}</td>
                                            <td class="row-actions">
                                                <a href=format!("/suppliers/{id}/profile")>{i18n.tr(if s.profile_pending { "profile-review-link" } else { "profile-view-link" })}</a>" · "
                                                <a href=format!("/suppliers/scorecards/{id}")>{i18n.tr("suppliers-scorecard")}</a>" · "
                                                <a href=format!("/suppliers/{id}/documents")>{i18n.tr("suppliers-documents")}</a>" · "
                                                <a href=format!("/suppliers/{id}/bank")>{i18n.tr("suppliers-bank")}</a>
                                                {(may_manage && s.status == SupplierStatus::Onboarding).then(|| view! {
                                                    <form class="inline-form" method="post" action="/api/suppliers/activate">
                                                        <input type="hidden" name="supplier" value=id.clone()/>
                                                        <button type="submit" class="btn btn-primary btn-small" aria-label=label>{i18n.tr("suppliers-activate")}</button>
                                                    </form>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }.into_any()
        }}
    }
}
