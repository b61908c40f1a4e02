//! `/shipments/:id`: one ship notice. A draft shows its form (carrier, dates, what ships of each line), packing
//! (pallets and cartons, each a small plain form) and the submit button; a submitted notice shows what it says, its
//! labels and — for its supplier — correct and cancel.

use super::NoticeBadge;
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::shipping::{notice_page, NoticeData, NoticeDraft};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::acknowledgement::{parse_date, FieldError};
use portico_domain::documents::PackageKind;
use portico_domain::shipping::{line_field, HeaderInput, NoticeStatus, NoticeView, PackageView};

/// The notice page.
#[component]
pub fn NoticePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("draft"),
            )
        },
        |(id, draft)| notice_page(id, draft),
    );
    view! {
        <crate::components::layout::SignedIn>
        <Suspense fallback=crate::components::layout::Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Notice page/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
        </crate::components::layout::SignedIn>
    }
}

fn kind_label(i18n: I18n, kind: PackageKind) -> String {
    i18n.tr(match kind {
        PackageKind::Pallet => "ship-pallet",
        PackageKind::Carton => "ship-carton",
    })
}

#[component]
fn Notice(page: NoticeData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice_text = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let n = page.notice;
    let draft = page.draft.unwrap_or_default();
    let title = i18n.tr_args("ship-title", &[("number", &n.number)]);
    let errors = draft.errors.clone();
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" id="submit">
                <p><strong>{i18n.tr("ship-error-summary")}</strong></p>
                <ul>{errors.iter().map(|e| view! { <li>{i18n.mistake(e)}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let body = if n.may_edit {
        view! { <DraftBody n=n.clone() draft/> }.into_any()
    } else {
        view! { <Submitted n=n.clone() receipts=page.receipts/> }.into_any()
    };
    let subtitle = i18n.tr_args(
        "ship-subtitle",
        &[
            ("revision", &n.revision.to_string()),
            ("supplier", &n.supplier_name),
            ("buyer", &n.buyer_name),
        ],
    );
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/shipments">"← "{i18n.tr("ship-back")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{subtitle}</p>
            </div>
            <div class="head-side"><NoticeBadge status=n.status/></div>
        </div>
        {notice_text.map(|t| view! { <div class="alert alert-success" role="status">{t}</div> })}
        {summary}
        {body}
    }
}

/// A submitted (received, cancelled) notice: what it says.
#[component]
fn Submitted(n: NoticeView, receipts: Vec<portico_domain::receipts::ReceiptView>) -> impl IntoView {
    let i18n = use_i18n();
    let none = i18n.tr("po-none");
    let h = n.header.clone();
    let or_none = move |v: String| if v.is_empty() { none.clone() } else { v };
    let fact = move |label: &str, value: String| {
        view! { <div class="fact"><dt>{i18n.tr(label)}</dt><dd>{value}</dd></div> }
    };
    let id = n.id.to_string();
    let actions = n.may_revise.then(|| {
        let correcting = n.status == NoticeStatus::Draft;
        view! {
            <form class="inline-form" method="post" action="/api/shipments/act">
                <input type="hidden" name="id" value=id.clone()/>
                {(!correcting).then(|| view! {
                    <button type="submit" name="action" value="correct" class="btn btn-secondary">{i18n.tr("ship-correct")}</button>
                })}
                <button type="submit" name="action" value="cancel" class="btn btn-danger">{i18n.tr("ship-cancel")}</button>
            </form>
        }
    });
    let has_packages = !n.packages.is_empty();
    // Its supplier invoices what the notice shipped, order by order.
    let mut orders: Vec<(uuid::Uuid, String)> = Vec::new();
    let supplier_side = use_context::<portico_domain::CurrentUser>()
        .is_some_and(|u| !u.workspace.role.is_buyer_side());
    if supplier_side && matches!(n.status, NoticeStatus::Submitted | NoticeStatus::Received) {
        for l in &n.lines {
            if !orders.iter().any(|(o, _)| *o == l.line.order_id) {
                orders.push((l.line.order_id, l.line.order_number.clone()));
            }
        }
    }
    let invoice_links = orders
        .into_iter()
        .map(|(order, number)| {
            view! {
                <a class="btn btn-secondary" href=format!("/invoices/new?order={order}&notice={}", n.id)>
                    {i18n.tr_args("invoice-this-notice", &[("order", &number)])}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="ship-header-h">
            <h2 id="ship-header-h">{i18n.tr("ship-details")}</h2>
            <dl class="facts">
                {fact("ship-shipped-on", i18n.opt_date(parse_date(&h.shipped_on)))}
                {fact("ship-expected-delivery", i18n.opt_date(parse_date(&h.expected_delivery)))}
                {fact("ship-carrier-scac", or_none(h.carrier_scac.clone()))}
                {fact("ship-service-level", or_none(h.service_level.clone()))}
                {fact("ship-tracking-number", or_none(h.tracking_number.clone()))}
                {fact("ship-bill-of-lading", or_none(h.bill_of_lading.clone()))}
                {fact("ship-gross-weight", or_none(h.gross_weight_kg.clone()))}
                {fact("po-ship-to", format!("{}, {}", n.ship_to_name, n.ship_to_address))}
            </dl>
            <div class="actions-row">
                {has_packages.then(|| view! {
                    <a class="btn btn-primary" href=format!("/shipments/{}/labels", n.id)>{i18n.tr("ship-print-labels")}</a>
                })}
                {invoice_links}
                {actions}
            </div>
        </section>
        <LinesTable n=n.clone() editable=false draft=NoticeDraft::default()/>
        <Packages n=n editable=false draft=NoticeDraft::default()/>
        <super::Receipts receipts/>
    }
    .into_any()
}

/// The lines: what is ordered, shipped elsewhere, open, and what this notice ships (an input while a draft).
#[component]
fn LinesTable(n: NoticeView, editable: bool, draft: NoticeDraft) -> impl IntoView {
    let i18n = use_i18n();
    let shipping_label = if editable {
        "ship-shipping"
    } else {
        "ship-shipped"
    };
    let rows = n
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let field = line_field(i);
            let err = i18n.mistake_in(&draft.errors, &field);
            let value = draft
                .quantities
                .get(i)
                .cloned()
                .filter(|_| draft.header.is_some())
                .unwrap_or_else(|| l.quantity.normalize().to_string());
            let input_id = format!("qty-{i}");
            let label = i18n.tr_args(
                "ship-quantity-of",
                &[("order", &l.line.order_number), ("line", &l.line.line_number.to_string())],
            );
            let cell = if editable {
                view! {
                    <label class="visually-hidden" for=input_id.clone()>{label}</label>
                    <input id=input_id.clone() class="qty-input" name=format!("quantities[{i}]") type="text"
                        inputmode="decimal" autocomplete="off" value=value
                        aria-invalid=err.is_some().then_some("true")
                        aria-describedby=err.is_some().then(|| format!("{input_id}-error"))/>
                    {err.map(|e| view! { <small id=format!("{input_id}-error") class="field-error">{e}</small> })}
                }
                .into_any()
            } else {
                view! { {i18n.quantity(l.quantity)} }.into_any()
            };
            view! {
                <tr>
                    <td data-label=i18n.tr("ship-order")>{l.line.order_number.clone()}</td>
                    <td data-label=i18n.tr("ship-line")>{l.line.line_number}</td>
                    <td data-label=i18n.tr("ship-item")>
                        <strong>{l.line.buyer_item.clone()}</strong>
                        <div class="muted small">{l.line.description.clone()}</div>
                    </td>
                    <td class="num" data-label=i18n.tr("ship-ordered")>{i18n.quantity(l.line.ordered)}" "{l.line.unit_of_measure.clone()}</td>
                    {editable.then(|| view! { <td class="num" data-label=i18n.tr("ship-open")>{i18n.quantity(l.line.open())}</td> })}
                    <td class="num" data-label=i18n.tr(shipping_label)>{cell}</td>
                    <td class="num" data-label=i18n.tr("ship-packed")>{i18n.quantity(l.packed)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card table-card" aria-labelledby="ship-lines-h">
            <h2 id="ship-lines-h" class="card-title">{i18n.tr("ship-lines")}</h2>
            <div class="table-scroll">
                <table class="data-table lines">
                    <thead><tr>
                        <th scope="col">{i18n.tr("ship-order")}</th>
                        <th scope="col">{i18n.tr("ship-line")}</th>
                        <th scope="col">{i18n.tr("ship-item")}</th>
                        <th scope="col" class="num">{i18n.tr("ship-ordered")}</th>
                        {editable.then(|| view! { <th scope="col" class="num">{i18n.tr("ship-open")}</th> })}
                        <th scope="col" class="num">{i18n.tr(shipping_label)}</th>
                        <th scope="col" class="num">{i18n.tr("ship-packed")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// A header text field of the draft form.
fn header_field(
    i18n: I18n,
    errors: &[FieldError],
    name: &'static str,
    value: String,
    kind: &'static str,
) -> AnyView {
    let id = format!("ship-{}", name.replace('_', "-"));
    let err = i18n.mistake_in(errors, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.tr(&format!("ship-field-{name}"))}</label>
            <input id=id name=name type=kind value=value autocomplete="off"
                aria-invalid=err.is_some().then_some("true")
                aria-describedby=err.is_some().then(|| error_id.clone())/>
            {err.map(|e| view! { <small id=error_id class="field-error">{e}</small> })}
        </div>
    }
    .into_any()
}

/// A draft: its form, the orders that may join, packing and the submit buttons.
#[component]
fn DraftBody(n: NoticeView, draft: NoticeDraft) -> impl IntoView {
    let i18n = use_i18n();
    let id = n.id.to_string();
    let h: HeaderInput = draft.header.clone().unwrap_or_else(|| n.header.clone());
    let e = draft.errors.clone();
    let order_error = i18n.mistake_in(&e, "order");
    let addable = n.addable_orders.clone();
    let correcting = n.may_revise;
    view! {
        <form class="form" method="post" action="/api/shipments/save" id="details">
            <input type="hidden" name="id" value=id.clone()/>
            <section class="card section" aria-labelledby="ship-details-h">
                <h2 id="ship-details-h">{i18n.tr("ship-details")}</h2>
                <p class="muted small">{format!("{}: {}, {}", i18n.tr("po-ship-to"), n.ship_to_name, n.ship_to_address)}</p>
                <div class="ack-grid">
                    {header_field(i18n, &e, "shipped_on", h.shipped_on.clone(), "date")}
                    {header_field(i18n, &e, "expected_delivery", h.expected_delivery.clone(), "date")}
                    {header_field(i18n, &e, "carrier_scac", h.carrier_scac.clone(), "text")}
                    {header_field(i18n, &e, "service_level", h.service_level.clone(), "text")}
                    {header_field(i18n, &e, "tracking_number", h.tracking_number.clone(), "text")}
                    {header_field(i18n, &e, "bill_of_lading", h.bill_of_lading.clone(), "text")}
                    {header_field(i18n, &e, "gross_weight_kg", h.gross_weight_kg.clone(), "text")}
                </div>
            </section>
            <LinesTable n=n.clone() editable=true draft=draft.clone()/>
            <div class="form-actions"><button type="submit" class="btn btn-secondary">{i18n.tr("ship-save")}</button></div>
        </form>
        {(!addable.is_empty() || order_error.is_some()).then(|| view! {
            <section class="card section" aria-labelledby="ship-add-order-h">
                <h2 id="ship-add-order-h">{i18n.tr("ship-add-order")}</h2>
                <p class="muted small">{i18n.tr("ship-add-order-help")}</p>
                <form class="inline-form" method="post" action="/api/shipments/add-order">
                    <input type="hidden" name="id" value=id.clone()/>
                    <label class="visually-hidden" for="add-order">{i18n.tr("ship-order")}</label>
                    <select id="add-order" name="order" aria-invalid=order_error.is_some().then_some("true")>
                        {addable.iter().map(|o| view! { <option value=o.id.to_string()>{o.number.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="btn btn-secondary">{i18n.tr("ship-add-order-submit")}</button>
                </form>
                {order_error.map(|m| view! { <p class="field-error">{m}</p> })}
            </section>
        })}
        <Packages n=n.clone() editable=true draft=draft/>
        <section class="card section" aria-labelledby="ship-submit-h">
            <h2 id="ship-submit-h">{i18n.tr("ship-submit-title")}</h2>
            <p class="muted small">{i18n.tr("ship-submit-help")}</p>
            <form class="inline-form" method="post" action="/api/shipments/act">
                <input type="hidden" name="id" value=id/>
                <button type="submit" name="action" value="submit" class="btn btn-primary">{i18n.tr("ship-submit")}</button>
                {if correcting {
                    view! { <button type="submit" name="action" value="cancel" class="btn btn-danger">{i18n.tr("ship-cancel")}</button> }.into_any()
                } else {
                    view! { <button type="submit" name="action" value="discard" class="btn btn-ghost">{i18n.tr("ship-discard")}</button> }.into_any()
                }}
            </form>
        </section>
    }
    .into_any()
}

/// The pallets and cartons; while a draft, each with its packing forms.
#[component]
fn Packages(n: NoticeView, editable: bool, draft: NoticeDraft) -> impl IntoView {
    let i18n = use_i18n();
    let id = n.id.to_string();
    let count = n.packages.len();
    let general = i18n
        .mistake_in(&draft.errors, "company_prefix")
        .or_else(|| i18n.mistake_in(&draft.errors, "parent"));
    let add_forms = editable.then(|| {
        if n.labels_ready {
            view! {
                <div class="actions-row">
                    <form class="inline-form" method="post" action="/api/shipments/add-package">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="kind" value="pallet"/>
                        <button type="submit" class="btn btn-secondary">{i18n.tr("ship-add-pallet")}</button>
                    </form>
                    <form class="inline-form" method="post" action="/api/shipments/add-package">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="kind" value="carton"/>
                        <button type="submit" class="btn btn-secondary">{i18n.tr("ship-add-carton")}</button>
                    </form>
                </div>
            }
            .into_any()
        } else {
            view! {
                <p class="alert alert-info">
                    {i18n.tr("ship-labels-missing")}" "<a href="/shipments#labels">{i18n.tr("ship-labels-settings")}</a>
                </p>
            }
            .into_any()
        }
    });
    let cards = n
        .packages
        .iter()
        .map(
            |p| view! { <PackageCard n=n.clone() p=p.clone() count editable draft=draft.clone()/> },
        )
        .collect_view();
    view! {
        <section class="card section" id="packing" aria-labelledby="ship-packing-h">
            <h2 id="ship-packing-h">{i18n.tr("ship-packing")}</h2>
            <p class="muted small">{i18n.tr(if editable { "ship-packing-help" } else { "ship-packing-none" })}</p>
            {general.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {add_forms}
            <div class="packages">{cards}</div>
        </section>
    }
    .into_any()
}

/// One pallet or carton.
#[component]
fn PackageCard(
    n: NoticeView,
    p: PackageView,
    count: usize,
    editable: bool,
    draft: NoticeDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = n.id.to_string();
    let pid = p.id.to_string();
    let heading = i18n.tr_args(
        "ship-package-of",
        &[
            ("kind", &kind_label(i18n, p.kind)),
            ("position", &p.position.to_string()),
            ("count", &count.to_string()),
        ],
    );
    let on_pallet = p
        .parent
        .and_then(|parent| n.packages.iter().find(|q| q.id == parent))
        .map(|q| i18n.tr_args("ship-on-pallet", &[("position", &q.position.to_string())]));
    let prefix = format!("package-{pid}-");
    let qty_error = i18n
        .mistake_in(&draft.errors, &format!("{prefix}quantity"))
        .or_else(|| i18n.mistake_in(&draft.errors, &format!("{prefix}line")));
    let typed = qty_error
        .as_ref()
        .and_then(|_| draft.quantities.first().cloned())
        .unwrap_or_default();
    let items = p
        .items
        .iter()
        .map(|it| {
            view! {
                <li>{format!("{} / {} · {} × {} {}", it.order_number, it.line_number, it.buyer_item,
                    i18n.quantity(it.quantity), it.unit_of_measure)}</li>
            }
        })
        .collect_view();
    let empty = p.items.is_empty();
    let line_options = n
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.quantity > l.packed)
        .map(|(i, l)| {
            let loose = l.quantity - l.packed;
            view! {
                <option value=i.to_string()>
                    {i18n.tr_args("ship-pack-line", &[
                        ("order", &l.line.order_number),
                        ("line", &l.line.line_number.to_string()),
                        ("item", &l.line.buyer_item),
                        ("loose", &i18n.quantity(loose)),
                    ])}
                </option>
            }
        })
        .collect_view();
    let qty_id = format!("pack-qty-{pid}");
    let line_id = format!("pack-line-{pid}");
    let forms = editable.then(|| {
        view! {
            <form class="inline-form pack-form" method="post" action="/api/shipments/pack">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="package" value=pid.clone()/>
                <label for=line_id.clone()>{i18n.tr("ship-pack-what")}</label>
                <select id=line_id name="line">{line_options}</select>
                <label for=qty_id.clone()>{i18n.tr("ship-pack-quantity")}</label>
                <input id=qty_id.clone() class="qty-input" name="quantity" type="text" inputmode="decimal" autocomplete="off"
                    value=typed aria-invalid=qty_error.is_some().then_some("true")
                    aria-describedby=qty_error.is_some().then(|| format!("{qty_id}-error"))/>
                <button type="submit" class="btn btn-secondary btn-small">{i18n.tr("ship-pack")}</button>
            </form>
            {qty_error.map(|m| view! { <small id=format!("{qty_id}-error") class="field-error">{m}</small> })}
            <div class="actions-row">
                {(p.kind == PackageKind::Pallet).then(|| view! {
                    <form class="inline-form" method="post" action="/api/shipments/add-package">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="kind" value="carton"/>
                        <input type="hidden" name="parent" value=pid.clone()/>
                        <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("ship-add-carton-here")}</button>
                    </form>
                })}
                <form class="inline-form" method="post" action="/api/shipments/remove-package">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="package" value=pid.clone()/>
                    <button type="submit" class="btn btn-ghost btn-small"
                        aria-label=i18n.tr_args("ship-remove-of", &[("package", &heading)])>
                        {i18n.tr("ship-remove")}
                    </button>
                </form>
            </div>
        }
    });
    view! {
        <article class="package-card" id=format!("package-{pid}") data-sscc=p.sscc.clone()>
            <h3>{heading.clone()}</h3>
            <p class="muted small">
                <span class="sscc">{portico_domain::labels::sscc_text(&p.sscc)}</span>
                {on_pallet.map(|t| view! { " · "{t} })}
            </p>
            {if empty {
                view! { <p class="muted small">{i18n.tr("ship-package-empty")}</p> }.into_any()
            } else {
                view! { <ul class="package-items">{items}</ul> }.into_any()
            }}
            {forms}
        </article>
    }
    .into_any()
}
