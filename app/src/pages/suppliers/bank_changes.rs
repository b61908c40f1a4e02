//! `/suppliers/bank-changes`: every bank account change of the buyer's suppliers waiting for review, oldest first,
//! each linking the supplier's bank details page where it is decided.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::bank_details::pending_bank_changes;
use leptos::prelude::*;
use leptos_meta::Title;
use portico_domain::supplier_profile::BankChangeView;

/// The page.
#[component]
pub fn BankChangesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| pending_bank_changes());
    view! {
        <Title text=i18n.tr("bank-changes-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(changes) => view! { <Changes changes/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Changes(changes: Vec<BankChangeView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("bank-changes-title")}</h1>
                <p class="muted">{i18n.tr("bank-changes-intro")}</p>
            </div>
        </div>
        {if changes.is_empty() {
            view! { <p class="card section empty" id="bank-changes-none">{i18n.tr("bank-changes-none")}</p> }.into_any()
        } else {
            view! {
                <section class="card table-card" aria-labelledby="bank-changes-h">
                    <h2 id="bank-changes-h" class="visually-hidden">{i18n.tr("bank-changes-title")}</h2>
                    <div class="table-scroll">
                        <table class="data-table" id="bank-changes">
                            <thead><tr>
                                <th scope="col">{i18n.tr("bank-col-supplier")}</th>
                                <th scope="col">{i18n.tr("bank-col-requested")}</th>
                                <th scope="col">{i18n.tr("bank-account")}</th>
                                <th scope="col">{i18n.tr("bank-country")}</th>
                            </tr></thead>
                            <tbody>
                                {changes.into_iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/suppliers/{}/bank", c.supplier_id)>{c.supplier_name}</a></td>
                                        <td>{format!("{} · {}", c.requested_by, i18n.datetime(c.requested_at))}</td>
                                        <td class="mono">{c.account.number_masked}</td>
                                        <td>{c.account.country}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }.into_any()
        }}
    }
}
