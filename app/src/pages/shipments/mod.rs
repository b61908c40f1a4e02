//! Ship notice pages: the list, one notice (a draft's form and packing, or a submitted notice), and its labels.

pub mod labels;
pub mod list;
pub mod notice;

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::shipping::NoticeStatus;

/// A coloured, translated notice status.
#[component]
pub fn NoticeBadge(status: NoticeStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge-{}", status.code()) data-status=status.code()>
            {i18n.tr(&format!("notice-status-{}", status.code()))}
        </span>
    }
}

/// On the order page: the notices that ship it and, for its supplier, "Ship".
#[component]
pub fn OrderShipments(
    order_id: String,
    shipments: Vec<(uuid::Uuid, String, NoticeStatus)>,
    may_ship: bool,
    may_invoice: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let error = query
        .read_untracked()
        .get("error")
        .filter(|e| e.starts_with("ship-"))
        .map(|e| i18n.tr_known(&e));
    (may_ship || may_invoice || !shipments.is_empty()).then(|| {
        view! {
            <section class="card section" id="shipments" aria-labelledby="order-shipments-h">
                <h2 id="order-shipments-h">{i18n.tr("ship-list-title")}</h2>
                {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {(!shipments.is_empty()).then(|| view! {
                    <ul class="plain-list">
                        {shipments.into_iter().map(|(id, number, status)| view! {
                            <li><a href=format!("/shipments/{id}")>{number}</a>" "<NoticeBadge status/></li>
                        }).collect_view()}
                    </ul>
                })}
                <div class="actions-row">
                    {may_ship.then(|| view! {
                        <form class="inline-form" method="post" action="/api/shipments/start">
                            <input type="hidden" name="order" value=order_id.clone()/>
                            <button type="submit" class="btn btn-primary">{i18n.tr("ship-start")}</button>
                        </form>
                    })}
                    {may_invoice.then(|| view! {
                        <a class="btn btn-secondary" href=format!("/invoices/new?order={order_id}")>{i18n.tr("invoice-start")}</a>
                    })}
                </div>
            </section>
        }
    })
}

/// Goods receipts reported by the buyer's warehouse (on the order and the notice page); nothing when there are none.
#[component]
pub fn Receipts(receipts: Vec<portico_domain::receipts::ReceiptView>) -> impl IntoView {
    let i18n = use_i18n();
    (!receipts.is_empty()).then(|| {
        let rows = receipts
            .into_iter()
            .flat_map(|r| {
                let date = i18n.date(r.received_on);
                let notice = r.ship_notice.clone();
                let reference = r.reference.clone();
                r.lines.into_iter().map(move |l| {
                    let rejected = if l.rejected.is_zero() {
                        i18n.quantity(l.rejected)
                    } else {
                        let reason = l
                            .reject_reason
                            .as_deref()
                            .map(|code| i18n.tr_known(&format!("receipt-reason-{code}")))
                            .unwrap_or_default();
                        format!("{} ({reason})", i18n.quantity(l.rejected))
                    };
                    view! {
                        <tr>
                            <td data-label=i18n.tr("receipt-date")>{date.clone()}</td>
                            <td data-label=i18n.tr("receipt-reference")>
                                {reference.clone()}
                                {notice.clone().map(|(id, number)| view! {
                                    <div class="small"><a href=format!("/shipments/{id}")>{number}</a></div>
                                })}
                            </td>
                            <td data-label=i18n.tr("receipt-line")>{format!("{} / {} · {}", l.order_number, l.line_number, l.buyer_item)}</td>
                            <td class="num" data-label=i18n.tr("receipt-received")>{format!("{} {}", i18n.quantity(l.received), l.unit_of_measure)}</td>
                            <td class="num" data-label=i18n.tr("receipt-rejected")>{rejected}</td>
                        </tr>
                    }
                })
            })
            .collect_view();
        view! {
            <section class="card table-card" id="receipts" aria-labelledby="receipts-h">
                <h2 id="receipts-h" class="card-title">{i18n.tr("receipts-title")}</h2>
                <p class="muted small card-note">{i18n.tr("receipts-help")}</p>
                <div class="table-scroll">
                    <table class="data-table receipts">
                        <thead><tr>
                            <th scope="col">{i18n.tr("receipt-date")}</th>
                            <th scope="col">{i18n.tr("receipt-reference")}</th>
                            <th scope="col">{i18n.tr("receipt-line")}</th>
                            <th scope="col" class="num">{i18n.tr("receipt-received")}</th>
                            <th scope="col" class="num">{i18n.tr("receipt-rejected")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}
