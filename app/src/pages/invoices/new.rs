//! `/invoices/new?order=…[&notice=…]`: the supplier flips an order or a ship notice into an invoice — quantities
//! and prices prefilled, tax rates, charges and allowances — previews how each line matches the order and what was
//! shipped and received under the buyer's tolerances, and submits. Plain form; two buttons.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::invoices::{new_invoice_page, InvoiceDraft, NewInvoiceData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::acknowledgement::FieldError;
use portico_domain::invoicing::{ChargeForm, LineMatch};
use portico_domain::CurrencyCode;

/// The new-invoice page.
#[component]
pub fn NewInvoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("order").unwrap_or_default(),
                q.get("notice"),
                q.get("draft"),
            )
        },
        |(order, notice, draft)| new_invoice_page(order, notice, draft),
    );
    view! {
        <Title text=i18n.tr("invoice-new-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <NewInvoice data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

pub(super) fn text_field(
    i18n: I18n,
    errors: &[FieldError],
    name: &'static str,
    value: String,
    kind: &'static str,
) -> AnyView {
    labelled_field(
        i18n,
        errors,
        name,
        &format!("invoice-field-{name}"),
        value,
        kind,
    )
}

/// A text input named `name`, labelled by the catalogue's `label`, with its mistake beside it.
pub(super) fn labelled_field(
    i18n: I18n,
    errors: &[FieldError],
    name: &'static str,
    label: &str,
    value: String,
    kind: &'static str,
) -> AnyView {
    let id = format!("inv-{}", name.replace('_', "-"));
    let err = i18n.mistake_in(errors, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.tr_known(label)}</label>
            <input id=id name=name type=kind value=value autocomplete="off"
                aria-invalid=err.is_some().then_some("true") aria-describedby=err.is_some().then(|| error_id.clone())/>
            {err.map(|e| view! { <small id=error_id class="field-error">{e}</small> })}
        </div>
    }
    .into_any()
}

fn money(i18n: I18n, currency: &str, amount: rust_decimal::Decimal) -> String {
    CurrencyCode::parse(currency)
        .map(|c| i18n.money(amount, &c))
        .unwrap_or_else(|_| amount.to_string())
}

#[component]
fn NewInvoice(data: NewInvoiceData) -> impl IntoView {
    let i18n = use_i18n();
    let start = data.start;
    let draft = data.draft.unwrap_or(InvoiceDraft {
        form: start.form.clone(),
        errors: Vec::new(),
        preview: None,
    });
    let form = draft.form.clone();
    let e = draft.errors.clone();
    let title = i18n.tr_args("invoice-new-for", &[("order", &start.order_number)]);
    let summary = (!e.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" id="invoice-errors">
                <p><strong>{i18n.tr("invoice-error-summary")}</strong></p>
                <ul>{e.iter().map(|x| view! { <li>{i18n.mistake(x)}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let currency = start.currency.clone();
    let rows = start
        .basis
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let typed = form.lines.iter().find(|l| l.line_number == b.line_number).cloned().unwrap_or_default();
            let n = b.line_number;
            let cell = |name: &'static str, value: String, label: String| {
                let field = format!("line-{n}-{name}");
                let err = i18n.mistake_in(&e, &field);
                let id = format!("inv-{field}");
                view! {
                    <label class="visually-hidden" for=id.clone()>{label}</label>
                    <input id=id.clone() class="qty-input" name=format!("lines[{i}][{name}]") type="text" inputmode="decimal"
                        autocomplete="off" value=value aria-invalid=err.is_some().then_some("true")
                        aria-describedby=err.is_some().then(|| format!("{id}-error"))/>
                    {err.map(|m| view! { <small id=format!("{id}-error") class="field-error">{m}</small> })}
                }
            };
            let args = [("line", n.to_string())];
            let arg = |key: &str| i18n.tr_args(key, &[(args[0].0, args[0].1.as_str())]);
            let shipped = b.shipped.map(|s| i18n.quantity(s)).unwrap_or_else(|| i18n.tr("po-none"));
            let received = b.received.map(|s| i18n.quantity(s)).unwrap_or_else(|| i18n.tr("po-none"));
            view! {
                <tr>
                    <td data-label=i18n.tr("ship-line")>
                        {n}<input type="hidden" name=format!("lines[{i}][line_number]") value=n.to_string()/>
                    </td>
                    <td data-label=i18n.tr("ship-item")>
                        <strong>{b.buyer_item.clone()}</strong>
                        <div class="muted small">{b.description.clone()}</div>
                    </td>
                    <td class="num" data-label=i18n.tr("ship-ordered")>{format!("{} {}", i18n.quantity(b.ordered), b.unit_of_measure)}</td>
                    <td class="num" data-label=i18n.tr("ship-shipped")>{shipped}</td>
                    <td class="num" data-label=i18n.tr("receipt-received")>{received}</td>
                    <td class="num" data-label=i18n.tr("invoice-order-price")>{i18n.quantity(b.order_price)}</td>
                    <td class="num" data-label=i18n.tr("invoice-quantity")>{cell("quantity", typed.quantity.clone(), arg("invoice-quantity-of"))}</td>
                    <td class="num" data-label=i18n.tr("invoice-unit-price")>{cell("unit_price", typed.unit_price.clone(), arg("invoice-price-of"))}</td>
                    <td class="num" data-label=i18n.tr("invoice-tax-rate")>{cell("tax_rate", typed.tax_rate.clone(), arg("invoice-tax-of"))}</td>
                </tr>
            }
        })
        .collect_view();
    // Three charge rows: what was typed, then blanks.
    let charge_rows = charge_rows(
        i18n,
        &e,
        &form.charges,
        3,
        &["freight", "handling", "discount"],
    );
    let preview = draft.preview.clone().map(|(invoice, lines)| {
        let disputes = lines.iter().filter(|l| l.outcome != LineMatch::Matched).count();
        let alert_class = if disputes == 0 { "alert alert-success card-note" } else { "alert alert-error card-note" };
        let cur = currency.clone();
        view! {
            <section class="card table-card" id="preview" aria-labelledby="preview-h">
                <h2 id="preview-h" class="card-title">{i18n.tr("invoice-preview-title")}</h2>
                <p class=alert_class role="status">
                    {if disputes == 0 {
                        i18n.tr("invoice-preview-all-match")
                    } else {
                        i18n.tr_args("invoice-preview-disputes", &[("count", &disputes.to_string())])
                    }}
                </p>
                <div class="table-scroll">
                    <table class="data-table preview">
                        <thead><tr>
                            <th scope="col">{i18n.tr("ship-line")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-quantity")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-unit-price")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-order-price")}</th>
                            <th scope="col">{i18n.tr("invoice-match")}</th>
                        </tr></thead>
                        <tbody>
                            {lines.into_iter().map(|l| view! {
                                <tr data-line=l.line_number.to_string() data-outcome=l.outcome.code()>
                                    <td data-label=i18n.tr("ship-line")>{l.line_number}</td>
                                    <td class="num" data-label=i18n.tr("invoice-quantity")>{i18n.quantity(l.quantity)}</td>
                                    <td class="num" data-label=i18n.tr("invoice-unit-price")>{i18n.quantity(l.unit_price)}</td>
                                    <td class="num" data-label=i18n.tr("invoice-order-price")>{i18n.quantity(l.order_price)}</td>
                                    <td data-label=i18n.tr("invoice-match")>
                                        <span class=format!("match match-{}", l.outcome.code())>{i18n.tr(&format!("invoice-match-{}", l.outcome.code()))}</span>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <dl class="facts totals">
                    <div class="fact"><dt>{i18n.tr("invoice-lines-total")}</dt><dd>{money(i18n, &cur, invoice.totals.lines)}</dd></div>
                    <div class="fact"><dt>{i18n.tr("invoice-charges-total")}</dt><dd>{money(i18n, &cur, invoice.totals.charges)}</dd></div>
                    <div class="fact"><dt>{i18n.tr("invoice-tax-total")}</dt><dd>{money(i18n, &cur, invoice.totals.tax)}</dd></div>
                    <div class="fact"><dt>{i18n.tr("invoice-total")}</dt><dd data-testid="invoice-total"><strong>{money(i18n, &cur, invoice.totals.total)}</strong></dd></div>
                </dl>
            </section>
        }
    });
    let order_id = start.order_id.to_string();
    let notice_id = start
        .notice
        .as_ref()
        .map(|(id, _)| id.to_string())
        .unwrap_or_default();
    let basis_note = match &start.notice {
        Some((_, number)) => i18n.tr_args("invoice-from-notice", &[("notice", number)]),
        None => i18n.tr("invoice-from-order"),
    };
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href=format!("/orders/{}", start.order_id)>"← "{start.order_number.clone()}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{basis_note}</p>
            </div>
        </div>
        {summary}
        {preview}
        <form class="form" method="post" action="/api/invoices/post">
            <input type="hidden" name="order" value=order_id/>
            <input type="hidden" name="notice" value=notice_id/>
            <input type="hidden" name="token" value=data.token/>
            <section class="card section" aria-labelledby="invoice-head-h">
                <h2 id="invoice-head-h">{i18n.tr("invoice-header")}</h2>
                <div class="ack-grid">
                    {text_field(i18n, &e, "number", form.number.clone(), "text")}
                    {text_field(i18n, &e, "invoice_date", form.invoice_date.clone(), "date")}
                    {text_field(i18n, &e, "due_date", form.due_date.clone(), "date")}
                    {text_field(i18n, &e, "payment_terms", form.payment_terms.clone(), "text")}
                </div>
            </section>
            <section class="card table-card" aria-labelledby="invoice-lines-h">
                <h2 id="invoice-lines-h" class="card-title">{i18n.tr("invoice-lines")}</h2>
                <p class="muted small card-note">{i18n.tr("invoice-lines-help")}</p>
                <div class="table-scroll">
                    <table class="data-table lines">
                        <thead><tr>
                            <th scope="col">{i18n.tr("ship-line")}</th>
                            <th scope="col">{i18n.tr("ship-item")}</th>
                            <th scope="col" class="num">{i18n.tr("ship-ordered")}</th>
                            <th scope="col" class="num">{i18n.tr("ship-shipped")}</th>
                            <th scope="col" class="num">{i18n.tr("receipt-received")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-order-price")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-quantity")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-unit-price")}</th>
                            <th scope="col" class="num">{i18n.tr("invoice-tax-rate")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
            <section class="card section" aria-labelledby="invoice-charges-h">
                <h2 id="invoice-charges-h">{i18n.tr("invoice-charges")}</h2>
                {i18n.mistake_in(&e, "charges").map(|m| view! { <p class="field-error">{m}</p> })}
                {charge_rows}
            </section>
            <div class="actions-row form-actions">
                <button type="submit" name="action" value="preview" class="btn btn-secondary">{i18n.tr("invoice-preview")}</button>
                <button type="submit" name="action" value="submit" class="btn btn-primary">{i18n.tr("invoice-submit")}</button>
            </div>
        </form>
    }
    .into_any()
}

/// The charge and allowance rows of an invoice or credit memo form: what was typed, then blanks up to `rows`, each
/// kind one of `kinds`, with its mistakes beside the fields.
pub(super) fn charge_rows(
    i18n: I18n,
    errors: &[FieldError],
    typed: &[ChargeForm],
    rows: usize,
    kinds: &[&'static str],
) -> AnyView {
    let mut charges = typed.to_vec();
    while charges.len() < rows {
        charges.push(ChargeForm::default());
    }
    charges
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let f = |name: &str| format!("charge-{i}-{name}");
            let kind_err = i18n.mistake_in(errors, &f("kind"));
            let amount_err = i18n.mistake_in(errors, &f("amount"));
            let rate_err = i18n.mistake_in(errors, &f("tax_rate"));
            let kind = c.kind.clone();
            view! {
                <div class="charge-row">
                    <div class="field">
                        <label for=format!("charge-{i}-kind")>{i18n.tr("invoice-charge-kind")}</label>
                        <select id=format!("charge-{i}-kind") name=format!("charges[{i}][kind]") aria-invalid=kind_err.is_some().then_some("true")>
                            <option value="" selected=kind.is_empty()>{i18n.tr("invoice-charge-none")}</option>
                            {kinds.iter().map(|k| view! {
                                <option value=*k selected={kind == *k}>{i18n.tr(&format!("invoice-charge-{k}"))}</option>
                            }).collect_view()}
                        </select>
                        {kind_err.map(|m| view! { <small class="field-error">{m}</small> })}
                    </div>
                    <div class="field">
                        <label for=format!("charge-{i}-description")>{i18n.tr("invoice-charge-description")}</label>
                        <input id=format!("charge-{i}-description") name=format!("charges[{i}][description]") type="text" value=c.description.clone() autocomplete="off"/>
                    </div>
                    <div class="field">
                        <label for=format!("charge-{i}-amount")>{i18n.tr("invoice-charge-amount")}</label>
                        <input id=format!("charge-{i}-amount") class="qty-input" name=format!("charges[{i}][amount]") type="text" inputmode="decimal"
                            value=c.amount.clone() autocomplete="off" aria-invalid=amount_err.is_some().then_some("true")/>
                        {amount_err.map(|m| view! { <small class="field-error">{m}</small> })}
                    </div>
                    <div class="field">
                        <label for=format!("charge-{i}-tax-rate")>{i18n.tr("invoice-tax-rate")}</label>
                        <input id=format!("charge-{i}-tax-rate") class="qty-input" name=format!("charges[{i}][tax_rate]") type="text" inputmode="decimal"
                            value=c.tax_rate.clone() autocomplete="off" aria-invalid=rate_err.is_some().then_some("true")/>
                        {rate_err.map(|m| view! { <small class="field-error">{m}</small> })}
                    </div>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
