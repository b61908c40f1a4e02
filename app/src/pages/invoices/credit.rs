//! `/invoices/:id/credit`: the supplier credits part of an invoice — why, which lines (quantity and price, at most
//! what the invoice billed less earlier memos), freight or handling — and sees how much may still be credited.
//! Plain form; mistakes come back beside their fields with the values as typed.

use super::new::{charge_rows, labelled_field};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::invoices::{new_credit_page, CreditDraft, NewCreditData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::invoicing::credit::CreditReason;
use portico_domain::CurrencyCode;

/// The new-credit-memo page.
#[component]
pub fn NewCreditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("draft"),
            )
        },
        |(id, draft)| new_credit_page(id, draft),
    );
    view! {
        <Title text=i18n.tr("credit-new-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <NewCredit data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn NewCredit(data: NewCreditData) -> impl IntoView {
    let i18n = use_i18n();
    let start = data.start;
    let basis = start.basis.clone();
    let draft = data.draft.unwrap_or(CreditDraft {
        form: start.form.clone(),
        errors: Vec::new(),
    });
    let form = draft.form;
    let e = draft.errors;
    let currency = CurrencyCode::parse(&basis.currency).ok();
    let money = move |d: rust_decimal::Decimal| match &currency {
        Some(c) => i18n.money(d, c),
        None => d.to_string(),
    };
    let title = i18n.tr_args("credit-new-for", &[("invoice", &basis.invoice_number)]);
    let summary = (!e.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" id="credit-errors">
                <p><strong>{i18n.tr("credit-error-summary")}</strong></p>
                <ul>{e.iter().map(|x| view! { <li>{i18n.mistake(x)}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let reason_err = i18n.mistake_in(&e, "reason");
    let reason = form.reason.clone();
    let rows = basis
        .lines
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let typed = form.lines.iter().find(|l| l.line_number == b.line_number).cloned().unwrap_or_default();
            let n = b.line_number;
            let cell = |name: &'static str, value: String, label: String| {
                let field = format!("line-{n}-{name}");
                let err = i18n.mistake_in(&e, &field);
                let id = format!("credit-{field}");
                view! {
                    <label class="visually-hidden" for=id.clone()>{label}</label>
                    <input id=id.clone() class="qty-input" name=format!("lines[{i}][{name}]") type="text" inputmode="decimal"
                        autocomplete="off" value=value aria-invalid=err.is_some().then_some("true")
                        aria-describedby=err.is_some().then(|| format!("{id}-error"))/>
                    {err.map(|m| view! { <small id=format!("{id}-error") class="field-error">{m}</small> })}
                }
            };
            let line = n.to_string();
            let arg = |key: &str| i18n.tr_args(key, &[("line", line.as_str())]);
            view! {
                <tr>
                    <td data-label=i18n.tr("ship-line")>
                        {n}<input type="hidden" name=format!("lines[{i}][line_number]") value=n.to_string()/>
                    </td>
                    <td data-label=i18n.tr("ship-item")>
                        <strong>{b.buyer_item.clone()}</strong>
                        <div class="muted small">{b.description.clone()}</div>
                    </td>
                    <td class="num" data-label=i18n.tr("credit-billed")>{format!("{} {}", i18n.quantity(b.quantity), b.unit_of_measure)}</td>
                    <td class="num" data-label=i18n.tr("credit-credited")>{i18n.quantity(b.credited)}</td>
                    <td class="num" data-label=i18n.tr("invoice-unit-price")>{i18n.quantity(b.unit_price)}</td>
                    <td class="num" data-label=i18n.tr("invoice-tax-rate")>{format!("{} %", b.tax_rate.normalize())}</td>
                    <td class="num" data-label=i18n.tr("credit-quantity")>{cell("quantity", typed.quantity.clone(), arg("credit-quantity-of"))}</td>
                    <td class="num" data-label=i18n.tr("credit-unit-price")>{cell("unit_price", typed.unit_price.clone(), arg("credit-price-of"))}</td>
                </tr>
            }
        })
        .collect_view();
    let charge_rows = charge_rows(i18n, &e, &form.charges, 2, &["freight", "handling"]);
    let invoice_id = basis.invoice_id.to_string();
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href=format!("/invoices/{}", basis.invoice_id)>"← "{basis.invoice_number.clone()}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{i18n.tr_args("credit-for-order", &[("order", &start.order_number)])}</p>
            </div>
            <div class="head-side">
                <div class="total-box">
                    <span class="muted">{i18n.tr("credit-creditable")}</span>
                    <strong data-testid="creditable">{money(basis.creditable_total())}</strong>
                    <span class="muted small">{i18n.tr_args("credit-of-total", &[("total", &money(basis.invoice_total))])}</span>
                </div>
            </div>
        </div>
        {summary}
        <form class="form" method="post" action="/api/credit-memos/post">
            <input type="hidden" name="invoice" value=invoice_id/>
            <input type="hidden" name="token" value=data.token/>
            <section class="card section" aria-labelledby="credit-head-h">
                <h2 id="credit-head-h">{i18n.tr("credit-header")}</h2>
                <div class="ack-grid">
                    {labelled_field(i18n, &e, "number", "credit-field-number", form.number.clone(), "text")}
                    {labelled_field(i18n, &e, "credit_date", "invoice-field-credit_date", form.credit_date.clone(), "date")}
                    <div class="field">
                        <label for="credit-reason">{i18n.tr("credit-reason")}</label>
                        <select id="credit-reason" name="reason" aria-invalid=reason_err.is_some().then_some("true")
                            aria-describedby=reason_err.is_some().then_some("credit-reason-error")>
                            <option value="" selected=reason.is_empty()>{i18n.tr("credit-reason-choose")}</option>
                            {CreditReason::ALL.into_iter().map(|r| view! {
                                <option value=r.code() selected={reason == r.code()}>{i18n.tr(&format!("credit-reason-{}", r.code()))}</option>
                            }).collect_view()}
                        </select>
                        {reason_err.map(|m| view! { <small id="credit-reason-error" class="field-error">{m}</small> })}
                    </div>
                </div>
                <p class="muted small">{i18n.tr("credit-reason-help")}</p>
            </section>
            <section class="card table-card" aria-labelledby="credit-lines-h">
                <h2 id="credit-lines-h" class="card-title">{i18n.tr("credit-lines")}</h2>
                <p class="muted small card-note">{i18n.tr("credit-lines-help")}</p>
                {i18n.mistake_in(&e, "lines").map(|m| view! { <p class="field-error card-note">{m}</p> })}
                <div class="table-scroll">
                    <table class="data-table lines">
                        <thead><tr>
                            <th scope="col">{i18n.tr("ship-line")}</th>
                            <th scope="col">{i18n.tr("ship-item")}</th>
                            <th scope="col" class="num">{i18n.tr("credit-billed")}</th>
                            <th scope="col" class="num">{i18n.tr("credit-credited")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-unit-price")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-tax-rate")}</th>
                            <th scope="col" class="num">{i18n.tr("credit-quantity")}</th>
                            <th scope="col" class="num">{i18n.tr("credit-unit-price")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
            <section class="card section" aria-labelledby="credit-charges-h">
                <h2 id="credit-charges-h">{i18n.tr("credit-charges")}</h2>
                {charge_rows}
            </section>
            {i18n.mistake_in(&e, "total").map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <div class="actions-row form-actions">
                <button type="submit" class="btn btn-primary">{i18n.tr("credit-submit")}</button>
            </div>
        </form>
    }
    .into_any()
}
