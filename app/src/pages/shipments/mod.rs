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
) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let error = query
        .read_untracked()
        .get("error")
        .filter(|e| e.starts_with("ship-"))
        .map(|e| i18n.tr_known(&e));
    (may_ship || !shipments.is_empty()).then(|| {
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
                {may_ship.then(|| view! {
                    <form class="inline-form" method="post" action="/api/shipments/start">
                        <input type="hidden" name="order" value=order_id.clone()/>
                        <button type="submit" class="btn btn-primary">{i18n.tr("ship-start")}</button>
                    </form>
                })}
            </section>
        }
    })
}
