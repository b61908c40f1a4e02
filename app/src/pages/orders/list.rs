//! `/orders`: a supplier's PO inbox, or a buyer's list across all its suppliers. Status filter, PO-number search,
//! keyset paging (`after` / `before` cursors). The filter is a plain GET form, so it works without JavaScript.

use crate::components::badge::StatusBadge;
use crate::components::layout::SignedIn;
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::nav::encode_query_value;
use crate::server_fns::purchase_orders::{list_purchase_orders, OrderList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use portico_domain::PoStatus;

/// The order list page. The list's resource is made here, outside the signed-in frame's `Suspense`: on the server a
/// `Suspense` walks its children twice, and a resource made inside would load twice (docs/PERFORMANCE.md); made
/// here it also loads side by side with the frame's, not after it.
#[component]
pub fn OrderListPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    let orders = Resource::new(
        move || (param("status"), param("q"), param("after"), param("before")),
        |(status, q, after, before)| list_purchase_orders(status, q, after, before),
    );
    view! {
        <SignedIn>
            <OrderList orders/>
        </SignedIn>
    }
}

#[component]
fn OrderList(orders: Resource<Result<OrderList, crate::error::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    view! {
        <Title text=i18n.tr("inbox-title")/>
        <Suspense fallback=crate::components::layout::Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) => view! { <ListBody list status=param("status") q=param("q")/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListBody(list: OrderList, status: Option<String>, q: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let subtitle = if list.buyer_view {
        i18n.tr_args("inbox-subtitle-buyer", &[("name", &list.tenant_name)])
    } else {
        i18n.tr_args("inbox-subtitle-supplier", &[("name", &list.tenant_name)])
    };
    let filter_query = {
        let mut parts = Vec::new();
        if let Some(s) = &status {
            parts.push(format!("status={}", encode_query_value(s)));
        }
        if let Some(q) = &q {
            parts.push(format!("q={}", encode_query_value(q)));
        }
        parts.join("&")
    };
    let page_link = move |key: &str, cursor: &str| {
        let mut link = format!("/orders?{key}={}", encode_query_value(cursor));
        if !filter_query.is_empty() {
            link.push('&');
            link.push_str(&filter_query);
        }
        link
    };
    let first_link = {
        let mut link = String::from("/orders");
        let mut parts = Vec::new();
        if let Some(s) = &status {
            parts.push(format!("status={}", encode_query_value(s)));
        }
        if let Some(q) = &q {
            parts.push(format!("q={}", encode_query_value(q)));
        }
        if !parts.is_empty() {
            link.push('?');
            link.push_str(&parts.join("&"));
        }
        link
    };
    let buyer_view = list.buyer_view;
    let empty = list.page.items.is_empty();
    let next = list.page.next.as_deref().map(|c| page_link("after", c));
    let prev = list.page.prev.as_deref().map(|c| page_link("before", c));
    let has_prev = prev.is_some();
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("inbox-title")}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            {(!buyer_view).then(|| view! {
                <div class="actions-row">
                    <a class="btn btn-secondary" href="/orders/answer-file">{i18n.tr("file-link")}</a>
                    <a class="btn btn-secondary" href="/delays/new">{i18n.tr("delay-link")}</a>
                </div>
            })}
        </div>
        <Filters status=status.clone() q=q.clone()/>
        <section class="card table-card" aria-live="polite">
            {if empty {
                view! { <p class="empty">{i18n.tr("inbox-empty")}</p> }.into_any()
            } else {
                view! { <OrderTable list buyer_view i18n/> }.into_any()
            }}
            <nav class="pager" aria-label=i18n.tr("inbox-pager")>
                {has_prev.then(|| view! { <a class="btn btn-ghost" href=first_link.clone()>{i18n.tr("inbox-first")}</a> })}
                <span class="spacer"></span>
                {prev.map(|href| view! { <a class="btn btn-secondary" rel="prev" href=href>"← "{i18n.tr("inbox-newer")}</a> })}
                {next.map(|href| view! { <a class="btn btn-secondary" rel="next" href=href>{i18n.tr("inbox-older")}" →"</a> })}
            </nav>
        </section>
    }
}

#[component]
fn Filters(status: Option<String>, q: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let selected = status.unwrap_or_default();
    view! {
        <Form method="GET" action="/orders" attr:class="filters card" attr:role="search" attr:aria-label=i18n.tr("inbox-filters")>
            <div class="field">
                <label for="status">{i18n.tr("inbox-status")}</label>
                <select id="status" name="status">
                    <option value="" selected=selected.is_empty()>{i18n.tr("inbox-status-all")}</option>
                    {PoStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.code() selected=selected == s.code()>
                                    {i18n.tr(&format!("status-{}", s.code()))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field grow">
                <label for="q">{i18n.tr("inbox-search")}</label>
                <input id="q" name="q" type="search" inputmode="search" maxlength="64" autocomplete="off"
                    placeholder=i18n.tr("inbox-search-placeholder") value=q.unwrap_or_default()/>
            </div>
            <div class="filter-actions">
                <button type="submit" class="btn btn-primary">{i18n.tr("inbox-apply")}</button>
                <a class="btn btn-ghost" href="/orders">{i18n.tr("inbox-reset")}</a>
            </div>
        </Form>
    }
}

#[component]
fn OrderTable(list: OrderList, buyer_view: bool, i18n: I18n) -> impl IntoView {
    // Each column's label is looked up once and copied into every row's `data-label` (the phone layout's caption),
    // not formatted again fifty times per page.
    let number = i18n.tr("inbox-col-number");
    let supplier = i18n.tr("inbox-col-supplier");
    let order_date = i18n.tr("inbox-col-order-date");
    let requested = i18n.tr("inbox-col-requested");
    let status = i18n.tr("inbox-col-status");
    let lines = i18n.tr("inbox-col-lines");
    let total = i18n.tr("inbox-col-total");
    let rows = list
        .page
        .items
        .into_iter()
        .map(|po| {
            let href = format!("/orders/{}", po.id);
            let key = po.number.clone();
            view! {
                <tr data-po=key>
                    <th scope="row" data-label=number.clone()>
                        <a class="po-link" href=href>{po.number}</a>
                    </th>
                    {buyer_view.then(|| view! {
                        <td data-label=supplier.clone()>{po.supplier_name}</td>
                    })}
                    <td data-label=order_date.clone()>{i18n.date(po.order_date)}</td>
                    <td data-label=requested.clone()>{i18n.opt_date(po.first_requested_date)}</td>
                    <td data-label=status.clone()><StatusBadge status=po.status/></td>
                    <td class="num" data-label=lines.clone()>{i18n.count(po.line_count)}</td>
                    <td class="num strong" data-label=total.clone()>{i18n.money(po.total, &po.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table orders">
                <caption class="visually-hidden">{i18n.tr("inbox-title")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{number}</th>
                        {buyer_view.then(|| view! { <th scope="col">{supplier}</th> })}
                        <th scope="col">{order_date}</th>
                        <th scope="col">{requested}</th>
                        <th scope="col">{status}</th>
                        <th scope="col" class="num">{lines}</th>
                        <th scope="col" class="num">{total}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
