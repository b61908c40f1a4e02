//! `/invoices/:id`: one invoice — lines with how each matched, charges, taxes and totals, its status with the
//! buyer's dispute reason or payment date — and, for buyers, the decisions open from its status.

use super::InvoiceBadge;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::invoices::invoice_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::attachments::{Refusal, MAX_BYTES, MAX_PER_INVOICE};
use portico_domain::documents::{ChargeKind, InvoiceKind};
use portico_domain::invoicing::{InvoiceStatus, InvoiceView};
use portico_domain::CurrencyCode;

/// The invoice page.
#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        invoice_page,
    );
    view! {
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Invoice invoice=data.invoice today=data.today/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Invoice(invoice: InvoiceView, today: time::Date) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.read_untracked();
    let notice = q
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let error = q.get("error").map(|e| i18n.tr_known(&e));
    let attach_error = q
        .get("attach_error")
        .and_then(|e| Refusal::from_message(&e))
        .map(|r| {
            i18n.tr_args(
                r.message(),
                &[
                    ("max_mb", &(MAX_BYTES / 1024 / 1024).to_string()),
                    ("max", &MAX_PER_INVOICE.to_string()),
                ],
            )
        });
    let bad_field = q.get("field").unwrap_or_default();
    let typed_reason = q.get("reason").unwrap_or_default();
    drop(q);
    let inv = invoice;
    let currency = CurrencyCode::parse(&inv.currency).ok();
    let money = move |d: rust_decimal::Decimal| match &currency {
        Some(c) => i18n.money(d, c),
        None => d.to_string(),
    };
    let is_memo = inv.kind == InvoiceKind::CreditMemo;
    let title = i18n.tr_args(
        if is_memo {
            "credit-title"
        } else {
            "invoice-title"
        },
        &[("number", &inv.number)],
    );
    let fact = move |label: &str, value: String| {
        view! { <div class="fact"><dt>{i18n.tr(label)}</dt><dd>{value}</dd></div> }
    };
    let dispute = inv.dispute_reason.clone().map(|r| {
        view! {
            <div class="alert alert-error" role="note" id="dispute-reason">
                <strong>{i18n.tr("invoice-dispute-reason")}": "</strong>{r}
            </div>
        }
    });
    let id = inv.id.to_string();
    let decide = (!inv.next.is_empty()).then(|| {
        let reason_error = (bad_field == "reason").then(|| error.clone()).flatten();
        let paid_error = (bad_field == "paid_on").then(|| error.clone()).flatten();
        let other_error = (!matches!(bad_field.as_str(), "reason" | "paid_on")).then(|| error.clone()).flatten();
        let next = inv.next.clone();
        let today = today.to_string();
        view! {
            <section class="card section" id="decide" aria-labelledby="decide-h">
                <h2 id="decide-h">{i18n.tr("invoice-decide")}</h2>
                {other_error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                {next.contains(&InvoiceStatus::Disputed).then(|| view! {
                    <form class="form narrow" method="post" action="/api/invoices/status">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="status" value="disputed"/>
                        <div class="field">
                            <label for="dispute-reason-input">{i18n.tr("invoice-dispute-reason")}</label>
                            <textarea id="dispute-reason-input" name="reason" rows="3" maxlength="1000"
                                aria-invalid=reason_error.is_some().then_some("true")
                                aria-describedby=reason_error.is_some().then_some("dispute-reason-error")>{typed_reason.clone()}</textarea>
                            {reason_error.map(|m| view! { <small id="dispute-reason-error" class="field-error">{m}</small> })}
                        </div>
                        <div><button type="submit" class="btn btn-danger">{i18n.tr("invoice-dispute")}</button></div>
                    </form>
                })}
                <div class="actions-row">
                    {next.contains(&InvoiceStatus::Approved).then(|| view! {
                        <form class="inline-form" method="post" action="/api/invoices/status">
                            <input type="hidden" name="id" value=id.clone()/>
                            <input type="hidden" name="status" value="approved"/>
                            <button type="submit" class="btn btn-primary">{i18n.tr("invoice-approve")}</button>
                        </form>
                    })}
                    {next.contains(&InvoiceStatus::Paid).then(|| view! {
                        <form class="inline-form" method="post" action="/api/invoices/status">
                            <input type="hidden" name="id" value=id.clone()/>
                            <input type="hidden" name="status" value="paid"/>
                            <label for="paid-on">{i18n.tr("invoice-paid-on")}</label>
                            <input id="paid-on" name="paid_on" type="date"
                                value=today.clone()
                                aria-invalid=paid_error.is_some().then_some("true")/>
                            <button type="submit" class="btn btn-primary">{i18n.tr("invoice-mark-paid")}</button>
                        </form>
                    })}
                    {paid_error.map(|m| view! { <small class="field-error">{m}</small> })}
                </div>
            </section>
        }
    });
    let credits = (!is_memo && (!inv.credits.is_empty() || inv.may_credit)).then(|| {
        let rows = inv
            .credits
            .iter()
            .map(|c| {
                view! {
                    <li>
                        <a href=format!("/invoices/{}", c.id)>{c.number.clone()}</a>
                        " · "{money(c.total)}" · "<InvoiceBadge status=c.status/>
                    </li>
                }
            })
            .collect_view();
        let credit_href = format!("/invoices/{}/credit", inv.id);
        view! {
            <section class="card section" id="credits" aria-labelledby="credits-h">
                <h2 id="credits-h">{i18n.tr("credit-memos")}</h2>
                {if inv.credits.is_empty() {
                    view! { <p class="muted">{i18n.tr("credit-none")}</p> }.into_any()
                } else {
                    view! { <ul class="plain-list">{rows}</ul> }.into_any()
                }}
                {inv.may_credit.then(|| view! {
                    <p><a class="btn btn-secondary" href=credit_href>{i18n.tr("credit-issue")}</a></p>
                })}
            </section>
        }
    });
    let attach_id = inv.id.to_string();
    let files = (!inv.attachments.is_empty() || inv.may_attach).then(|| {
        let rows = inv
            .attachments
            .iter()
            .map(|a| {
                let href = format!("/api/invoices/attachment?invoice={}&id={}", inv.id, a.id);
                let size = i18n.tr_args(
                    "attach-size",
                    &[("kb", &((a.size_bytes + 1023) / 1024).to_string())],
                );
                view! {
                    <li>
                        <a href=href download=a.file_name.clone()>{a.file_name.clone()}</a>
                        <span class="muted small">{format!(" · {size} · {}", i18n.datetime(a.created_at))}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card section" id="attachments" aria-labelledby="attachments-h">
                <h2 id="attachments-h">{i18n.tr("attach-title")}</h2>
                {if inv.attachments.is_empty() {
                    view! { <p class="muted">{i18n.tr("attach-none")}</p> }.into_any()
                } else {
                    view! { <ul class="plain-list">{rows}</ul> }.into_any()
                }}
                {inv.may_attach.then(|| view! {
                    <form class="form narrow" method="post" action="/api/invoices/attach" enctype="multipart/form-data">
                        <input type="hidden" name="invoice" value=attach_id.clone()/>
                        <div class="field">
                            <label for="attach-file">{i18n.tr("attach-file")}</label>
                            <input id="attach-file" name="file" type="file" accept="application/pdf,.pdf" required=true
                                aria-invalid=attach_error.is_some().then_some("true")
                                aria-describedby=if attach_error.is_some() { "attach-error" } else { "attach-help" }/>
                            <small id="attach-help" class="muted">{i18n.tr_args("attach-help", &[("max_mb", &(MAX_BYTES / 1024 / 1024).to_string())])}</small>
                            {attach_error.clone().map(|m| view! { <small id="attach-error" class="field-error" role="alert">{m}</small> })}
                        </div>
                        <div><button type="submit" class="btn btn-secondary">{i18n.tr("attach-submit")}</button></div>
                    </form>
                })}
            </section>
        }
    });
    let lines = inv
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr data-line=l.line_number.to_string() data-outcome=l.outcome.clone()>
                    <td data-label=i18n.tr("ship-line")>{l.line_number}</td>
                    <td data-label=i18n.tr("ship-item")>
                        <strong>{l.buyer_item.clone()}</strong>
                        <div class="muted small">{l.description.clone()}</div>
                    </td>
                    <td class="num" data-label=i18n.tr("invoice-quantity")>{format!("{} {}", i18n.quantity(l.quantity), l.unit_of_measure)}</td>
                    <td class="num" data-label=i18n.tr("invoice-unit-price")>{i18n.quantity(l.unit_price)}</td>
                    <td class="num" data-label=i18n.tr("invoice-order-price")>{i18n.quantity(l.order_price)}</td>
                    <td class="num" data-label=i18n.tr("invoice-tax-rate")>{format!("{} %", l.tax_rate.normalize())}</td>
                    <td class="num" data-label=i18n.tr(if is_memo { "credit-amount" } else { "invoice-amount" })>{money(l.amount)}</td>
                    {(!is_memo).then(|| view! {
                        <td data-label=i18n.tr("invoice-match")>
                            <span class=format!("match match-{}", l.outcome)>{i18n.tr_known(&format!("invoice-match-{}", l.outcome))}</span>
                        </td>
                    })}
                </tr>
            }
        })
        .collect_view();
    let charges = inv
        .charges
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ChargeKind::Freight => "invoice-charge-freight",
                ChargeKind::Handling => "invoice-charge-handling",
                ChargeKind::Discount => "invoice-charge-discount",
            };
            let amount = if c.kind == ChargeKind::Discount { -c.amount } else { c.amount };
            view! {
                <div class="fact">
                    <dt>{i18n.tr(kind)}{(!c.description.is_empty()).then(|| format!(" · {}", c.description))}</dt>
                    <dd>{money(amount)}</dd>
                </div>
            }
        })
        .collect_view();
    let taxes = inv
        .taxes
        .iter()
        .map(|t| {
            view! {
                <div class="fact">
                    <dt>{i18n.tr_args("invoice-tax-at", &[("rate", &t.rate.normalize().to_string()), ("taxable", &money(t.taxable))])}</dt>
                    <dd>{money(t.amount)}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/invoices">"← "{i18n.tr("invoice-list-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{format!("{} · {}", inv.supplier_name, inv.buyer_name)}</p>
            </div>
            <div class="head-side">
                <InvoiceBadge status=inv.status/>
                <div class="total-box">
                    <span class="muted">{i18n.tr("invoice-total")}</span>
                    <strong data-testid="invoice-total">{money(inv.totals.total)}</strong>
                </div>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {dispute}
        <section class="card" aria-labelledby="invoice-facts-h">
            <h2 id="invoice-facts-h">{i18n.tr(if is_memo { "credit-header" } else { "invoice-header" })}</h2>
            <dl class="facts">
                {view! {
                    <div class="fact"><dt>{i18n.tr("ship-order")}</dt><dd><a href=format!("/orders/{}", inv.order_id)>{inv.order_number.clone()}</a></dd></div>
                }}
                {inv.credited.clone().map(|(iid, number)| view! {
                    <div class="fact"><dt>{i18n.tr("credit-credits")}</dt><dd><a href=format!("/invoices/{iid}")>{number}</a></dd></div>
                })}
                {inv.credit_reason.map(|r| fact("credit-reason", i18n.tr(&format!("credit-reason-{}", r.code()))))}
                {inv.notice.clone().map(|(nid, number)| view! {
                    <div class="fact"><dt>{i18n.tr("ship-number")}</dt><dd><a href=format!("/shipments/{nid}")>{number}</a></dd></div>
                })}
                {fact(if is_memo { "invoice-field-credit_date" } else { "invoice-date" }, i18n.date(inv.invoice_date))}
                {(!is_memo).then(|| fact("invoice-due-date", i18n.opt_date(inv.due_date)))}
                {(!is_memo).then(|| fact("invoice-field-payment_terms", inv.payment_terms.clone()))}
                {inv.paid_on.map(|d| fact("invoice-paid-on", i18n.date(d)))}
            </dl>
        </section>
        <section class="card table-card" aria-labelledby="invoice-lines-h">
            <h2 id="invoice-lines-h" class="card-title">{i18n.tr("invoice-lines")}</h2>
            <div class="table-scroll">
                <table class="data-table lines">
                    <thead><tr>
                        <th scope="col">{i18n.tr("ship-line")}</th>
                        <th scope="col">{i18n.tr("ship-item")}</th>
                        <th scope="col" class="num">{i18n.tr("invoice-quantity")}</th>
                        <th scope="col" class="num">{i18n.tr("invoice-unit-price")}</th>
                        <th scope="col" class="num">{i18n.tr("invoice-order-price")}</th>
                        <th scope="col" class="num">{i18n.tr("invoice-tax-rate")}</th>
                        <th scope="col" class="num">{i18n.tr(if is_memo { "credit-amount" } else { "invoice-amount" })}</th>
                        {(!is_memo).then(|| view! { <th scope="col">{i18n.tr("invoice-match")}</th> })}
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <dl class="facts totals card-note">
                <div class="fact"><dt>{i18n.tr("invoice-lines-total")}</dt><dd>{money(inv.totals.lines)}</dd></div>
                {charges}
                {taxes}
                <div class="fact"><dt>{i18n.tr("invoice-total")}</dt><dd><strong>{money(inv.totals.total)}</strong></dd></div>
            </dl>
        </section>
        {credits}
        {files}
        {decide}
    }
    .into_any()
}
