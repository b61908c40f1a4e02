//! Supplier delay reports: the report form with its preview (`/delays/new`) and one report (`/delays/:id`).

pub mod detail;
pub mod new;

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::delays::AffectedLine;

/// The lines a report moves: order, line, item, what is still to ship, and the date before and after.
#[component]
pub fn MovedLines(lines: Vec<AffectedLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table delay-lines">
                <thead><tr>
                    <th scope="col">{i18n.tr("ship-order")}</th>
                    <th scope="col" class="num">{i18n.tr("delay-line")}</th>
                    <th scope="col">{i18n.tr("delay-item")}</th>
                    <th scope="col" class="num">{i18n.tr("delay-open-quantity")}</th>
                    <th scope="col">{i18n.tr("delay-previous-date")}</th>
                    <th scope="col">{i18n.tr("delay-new-date")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|a| {
                        let l = a.line;
                        view! {
                            <tr>
                                <th scope="row" data-label=i18n.tr("ship-order")>
                                    <a href=format!("/orders/{}", l.order_id)>{l.order_number.clone()}</a>
                                </th>
                                <td class="num" data-label=i18n.tr("delay-line")>{l.line_number}</td>
                                <td data-label=i18n.tr("delay-item")>{l.buyer_item.clone()}<div class="muted small">{l.description.clone()}</div></td>
                                <td class="num" data-label=i18n.tr("delay-open-quantity")>{format!("{} {}", i18n.quantity(l.open_quantity), l.unit_of_measure)}</td>
                                <td data-label=i18n.tr("delay-previous-date")>{i18n.date(l.promised_date)}</td>
                                <td data-label=i18n.tr("delay-new-date")><strong>{i18n.date(a.new_date)}</strong></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
