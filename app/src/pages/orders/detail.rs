//! `/orders/:id`: a purchase order's header and lines, its latest acknowledgement, and for its supplier while it
//! waits for an answer the acknowledgement form. Unknown and foreign orders answer the same 404.

use crate::components::badge::StatusBadge;
use crate::components::layout::SignedIn;
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::pages::orders::acknowledge::{AckFormSection, AckSummary};
use crate::server_fns::purchase_orders::order_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use leptos_router::hooks::use_query_map;
use portico_domain::{CurrentUser, PoDetail};

/// The purchase order page. Its resource is made here, outside the signed-in frame's `Suspense`, like the order
/// list's: made inside, the server would load it twice (docs/PERFORMANCE.md).
#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let order = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("id").unwrap_or_default(),
                q.get("draft"),
                q.get("review_draft"),
            )
        },
        |(id, draft, review_draft)| order_page(id, draft, review_draft),
    );
    view! {
        <SignedIn>
            <OrderDetail order/>
        </SignedIn>
    }
}

#[component]
fn OrderDetail(
    order: Resource<Result<crate::server_fns::purchase_orders::OrderView, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=crate::components::layout::Loading>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(page) => {
                        let buyer = use_context::<CurrentUser>().is_some_and(|u| u.workspace.role.is_buyer_side());
                        let po = page.po;
                        let id = po.id.to_string();
                        let delay = (!buyer && matches!(po.status, portico_domain::PoStatus::Acknowledged | portico_domain::PoStatus::PartiallyShipped)).then(|| {
                            let href = format!("/delays/new?order={}", crate::nav::encode_query_value(&po.number));
                            view! {
                                <section class="card section" aria-labelledby="delay-h">
                                    <h2 id="delay-h">{use_i18n().tr("delay-order-h")}</h2>
                                    <p class="muted">{use_i18n().tr("delay-order-intro")}</p>
                                    <a class="btn btn-secondary" href=href>{use_i18n().tr("delay-link")}</a>
                                </section>
                            }
                        });
                        let currency = po.currency.clone();
                        let form = page.form.map(|draft| view! { <AckFormSection po=po.clone() draft/> });
                        let comments = page.comments;
                        let comment_token = page.comment_token;
                        let thread_order = id.clone();
                        let review_token = page.review_token;
                        let review_draft = page.review_draft;
                        let order_id = id.clone();
                        let counter_token = page.counter_token;
                        let ack = page.ack.map(|ack| view! { <AckSummary ack currency order_id review_token review_draft counter_token/> }.into_any());
                        let changes = page.changes.filter(|c| !c.is_empty()).map(|changes| view! { <Changes changes/> }.into_any());
                        view! {
                            <Notices/>
                            {changes}
                            <DetailBody po/>
                            <crate::pages::shipments::OrderShipments order_id=id.clone() shipments=page.shipments may_ship=page.may_ship may_invoice=page.may_invoice/>
                            <crate::pages::shipments::Receipts receipts=page.receipts/>
                            {delay}
                            {ack}
                            {form}
                            <Comments comments token=comment_token order_id=thread_order/>
                            {buyer.then(|| view! { <ShareForm id/> })}
                        }.into_any()
                    }
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A purchase order's header and lines; `shared` for a visitor with a document link (no way back to a list).
#[component]
pub fn DetailBody(po: PoDetail, #[prop(optional)] shared: bool) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.tr_args("po-title", &[("number", &po.number)]);
    let total = i18n.money(po.total(), &po.currency);
    let none = i18n.tr("po-none");
    let fact = move |label: &str, value: String| {
        view! {
            <div class="fact">
                <dt>{i18n.tr(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <Title text=title.clone()/>
        {(!shared).then(|| view! {
            <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
                <a href="/orders">"← "{i18n.tr("po-back")}</a>
            </nav>
        })}
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">
                    {i18n.tr_args("po-version", &[("version", &po.version.to_string())])}
                    " · "{po.supplier_name.clone()}" ("{po.supplier_code.clone()}")"
                </p>
            </div>
            <div class="head-side">
                <StatusBadge status=po.status/>
                <div class="total-box">
                    <span class="muted">{i18n.tr("po-total")}</span>
                    <strong data-testid="po-total">{total.clone()}</strong>
                </div>
            </div>
        </div>
        <section class="card" aria-labelledby="po-header-h">
            <h2 id="po-header-h">{i18n.tr("po-header")}</h2>
            <dl class="facts">
                {fact("po-order-date", i18n.date(po.order_date))}
                {fact("po-buyer", po.buyer_name.clone())}
                {fact("po-supplier", po.supplier_name.clone())}
                {fact("po-ship-to", format!("{}, {}", po.ship_to_name, po.ship_to_address))}
                {fact("po-payment-terms", po.payment_terms.clone())}
                {fact("po-incoterms", po.incoterms.clone().unwrap_or_else(|| none.clone()))}
                {fact("po-currency", po.currency.to_string())}
            </dl>
            {po.notes.clone().map(|n| view! {
                <div class="note"><strong>{i18n.tr("po-notes")}": "</strong>{n}</div>
            })}
        </section>
        <section class="card table-card" aria-labelledby="po-lines-h">
            <h2 id="po-lines-h" class="card-title">{i18n.tr("po-lines")}</h2>
            <div class="table-scroll">
                <table class="data-table lines">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{i18n.tr("po-col-line")}</th>
                            <th scope="col">{i18n.tr("po-col-item")}</th>
                            <th scope="col">{i18n.tr("po-col-description")}</th>
                            <th scope="col" class="num">{i18n.tr("po-col-quantity")}</th>
                            <th scope="col">{i18n.tr("po-col-uom")}</th>
                            <th scope="col" class="num">{i18n.tr("po-col-unit-price")}</th>
                            <th scope="col">{i18n.tr("po-col-requested")}</th>
                            <th scope="col" class="num">{i18n.tr("po-col-amount")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {po.lines.iter().map(|line| {
                            let amount = i18n.money(line.amount(), &po.currency);
                            view! {
                                <tr data-line=line.line_number>
                                    <td class="num" data-label=i18n.tr("po-col-line")>{line.line_number}</td>
                                    <td data-label=i18n.tr("po-col-item")>
                                        <span class="mono">{line.buyer_item.clone()}</span>
                                        {line.supplier_part.clone().map(|p| view! {
                                            <span class="sub" title=i18n.tr("po-col-supplier-part")>{p}</span>
                                        })}
                                    </td>
                                    <td data-label=i18n.tr("po-col-description")>{line.description.clone()}</td>
                                    <td class="num" data-label=i18n.tr("po-col-quantity")>{i18n.quantity(line.quantity)}</td>
                                    <td data-label=i18n.tr("po-col-uom")>{line.unit_of_measure.to_string()}</td>
                                    <td class="num" data-label=i18n.tr("po-col-unit-price")>{i18n.unit_price(line.unit_price, &po.currency)}</td>
                                    <td data-label=i18n.tr("po-col-requested")>{i18n.opt_date(line.requested_date)}</td>
                                    <td class="num strong" data-label=i18n.tr("po-col-amount")>{amount}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="7" class="num">{i18n.tr("po-total")}</th>
                            <td class="num strong">{total}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// What a change order changed against the version before, above the order (a new answer is asked for).
#[component]
fn Changes(changes: portico_domain::purchase_order::VersionChanges) -> impl IntoView {
    use portico_domain::purchase_order::{FieldChange, LineChange};
    let i18n = use_i18n();
    let field = move |f: &FieldChange| {
        let before = if f.before.is_empty() {
            i18n.tr("po-none")
        } else {
            f.before.clone()
        };
        let after = if f.after.is_empty() {
            i18n.tr("po-none")
        } else {
            f.after.clone()
        };
        i18n.tr_args(
            "changes-field",
            &[
                ("field", &i18n.tr(&format!("changes-field-{}", f.field))),
                ("before", &before),
                ("after", &after),
            ],
        )
    };
    view! {
        <section class="card section changes" aria-labelledby="changes-h" data-changes=changes.to_version>
            <h2 id="changes-h">
                {i18n.tr_args("changes-title", &[("from", &changes.from_version.to_string()), ("to", &changes.to_version.to_string())])}
            </h2>
            <ul>
                {changes.header.iter().map(|f| view! { <li>{field(f)}</li> }).collect_view()}
                {changes.lines.iter().map(|c| {
                    let text = match c {
                        LineChange::Added { line_number } => i18n.tr_args("changes-line-added", &[("line", &line_number.to_string())]),
                        LineChange::Removed { line_number } => i18n.tr_args("changes-line-removed", &[("line", &line_number.to_string())]),
                        LineChange::Changed { line_number, fields } => i18n.tr_args("changes-line-changed", &[
                            ("line", &line_number.to_string()),
                            ("fields", &fields.iter().map(field).collect::<Vec<_>>().join("; ")),
                        ]),
                    };
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// What the last action on this page did (a link sent) or why it failed.
#[component]
fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sent = move || {
        let q = query.read();
        (q.get("notice").as_deref() == Some("link-sent"))
            .then(|| q.get("email").unwrap_or_default())
    };
    let error = move || {
        let q = query.read();
        q.get("error").map(|e| {
            let version = q.get("version").unwrap_or_default();
            i18n.tr_known_args(&e, &[("version", &version)])
        })
    };
    let ack_notice = move || {
        query
            .read()
            .get("notice")
            .filter(|n| {
                n.starts_with("ack-") || n.starts_with("review-") || n.starts_with("comment-")
            })
            .map(|n| i18n.tr_known(&format!("{n}-notice")))
    };
    view! {
        <div class="alert alert-success" role="status" hidden=move || sent().is_none()>
            {move || sent().map(|e| i18n.tr_args("po-share-sent", &[("email", &e)]))}
        </div>
        <div class="alert alert-success" role="status" hidden=move || ack_notice().is_none()>
            {ack_notice}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {error}
        </div>
    }
}

/// Buyers: e-mail a link that opens this order, and only this order, to a supplier contact without a login.
#[component]
fn ShareForm(id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card section" aria-labelledby="share-h">
            <h2 id="share-h">{i18n.tr("po-share")}</h2>
            <p class="muted">{i18n.tr("po-share-help")}</p>
            <form class="form narrow" method="post" action="/api/purchase-order/share">
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="share-email">{i18n.tr("login-email")}</label>
                    <input id="share-email" name="email" type="email" autocomplete="off" required maxlength="254"/>
                </div>
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("po-share-submit")}</button></div>
            </form>
        </section>
    }
}

/// The order's comments thread, oldest first, and a plain form that adds to it.
#[component]
fn Comments(
    comments: Vec<portico_domain::comments::CommentView>,
    token: String,
    order_id: String,
) -> impl IntoView {
    use portico_domain::comments::{Side, MAX_BODY_CHARS};
    let i18n = use_i18n();
    let empty = comments.is_empty();
    view! {
        <section class="card section" id="comments" aria-labelledby="comments-h">
            <h2 id="comments-h">{i18n.tr("comments-title")}</h2>
            {empty.then(|| view! { <p class="muted">{i18n.tr("comments-none")}</p> })}
            <ol class="comments">
                {comments.into_iter().map(|c| {
                    let side = match c.side {
                        Side::Buyer => "comments-side-buyer",
                        Side::Supplier => "comments-side-supplier",
                    };
                    let author = c.author.unwrap_or_else(|| i18n.tr("po-none"));
                    view! {
                        <li class=format!("comment comment-{}", c.side.code())>
                            <p class="comment-meta">
                                <strong>{author}</strong>" "
                                <span class="badge badge-kind">{i18n.tr(side)}</span>" "
                                <span class="muted small">{i18n.datetime(c.created_at)}</span>
                            </p>
                            <p class="comment-body">{c.body}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form method="post" action="/api/purchase-order/comment" class="form">
                <input type="hidden" name="id" value=order_id/>
                <input type="hidden" name="token" value=token/>
                <div class="field">
                    <label for="comment-body">{i18n.tr("comments-new")}</label>
                    <textarea id="comment-body" name="body" rows="3" maxlength=MAX_BODY_CHARS required></textarea>
                </div>
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("comments-submit")}</button></div>
            </form>
        </section>
    }
}
