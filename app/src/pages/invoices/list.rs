//! `/invoices`: the supplier's invoices, or every supplier's for buyers.

use super::InvoiceBadge;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::invoices::{invoices_page, InvoiceList};
use leptos::prelude::*;
use leptos_meta::Title;

/// The list page.
#[component]
pub fn InvoiceListPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| invoices_page());
    view! {
        <Title text=i18n.tr("invoice-list-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <Invoices list/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Invoices(list: InvoiceList) -> impl IntoView {
    let i18n = use_i18n();
    let empty = list.invoices.is_empty();
    let supplier_side = list.supplier_side;
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("invoice-list-title")}</h1>
                <p class="muted">{i18n.tr(if supplier_side { "invoice-list-subtitle-supplier" } else { "invoice-list-subtitle-buyer" })}</p>
            </div>
        </div>
        <section class="card table-card" aria-labelledby="invoices-h">
            <h2 id="invoices-h" class="card-title">{i18n.tr("invoice-list-title")}</h2>
            {if empty {
                view! { <p class="muted empty">{i18n.tr("invoice-list-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table invoices">
                            <thead><tr>
                                <th scope="col">{i18n.tr("invoice-number")}</th>
                                <th scope="col">{i18n.tr("invoice-status")}</th>
                                <th scope="col">{i18n.tr("ship-order")}</th>
                                <th scope="col">{i18n.tr("invoice-date")}</th>
                                <th scope="col" class="num">{i18n.tr("invoice-total")}</th>
                            </tr></thead>
                            <tbody>
                                {list.invoices.into_iter().map(|inv| {
                                    let memo = inv.kind == portico_domain::documents::InvoiceKind::CreditMemo;
                                    // A credit memo's total is what it takes off.
                                    let signed = if memo { -inv.total } else { inv.total };
                                    let total = portico_domain::CurrencyCode::parse(&inv.currency)
                                        .map(|c| i18n.money(signed, &c))
                                        .unwrap_or_else(|_| signed.to_string());
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=i18n.tr("invoice-number")>
                                                <a href=format!("/invoices/{}", inv.id)>{inv.number.clone()}</a>
                                                {memo.then(|| view! { " "<span class="badge badge-kind">{i18n.tr("credit-kind")}</span> })}
                                                {(!supplier_side).then(|| view! { <div class="muted small">{inv.supplier_name.clone()}</div> })}
                                            </th>
                                            <td data-label=i18n.tr("invoice-status")><InvoiceBadge status=inv.status/></td>
                                            <td data-label=i18n.tr("ship-order")>{inv.order_number.clone()}</td>
                                            <td data-label=i18n.tr("invoice-date")>{i18n.date(inv.invoice_date)}</td>
                                            <td class="num" data-label=i18n.tr("invoice-total")>{total}</td>
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
