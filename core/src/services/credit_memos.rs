//! Credit memos (docs/SHIPPING.md "Credit memos"): the supplier credits part of an earlier invoice — returned or
//! damaged goods, a quantity or a price billed too high — never more than the invoice charged, all memos of it
//! together. Submitting stores the memo (a row of `invoices`, kind `credit_memo`), records
//! `credit_memo.submitted.v1` and restates the order's `invoiced` status in one transaction.

use super::invoices::{
    charge_payloads, invoicer, restate_invoiced, status_of, tax_payloads, Checked,
};
use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::invoices as rows;
use crate::db::{self, Context, Db, Tx};
use crate::events::{
    self, CreditLinePayload, CreditMemoSubmitted, CreditedInvoice, InvoicePayload, InvoicedOrder,
    SupplierRef,
};
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::documents::InvoiceKind;
use portico_domain::invoicing::credit::{
    self, CheckedCredit, CreditBasis, CreditBasisLine, CreditMemoForm, CreditStart,
};
use portico_domain::invoicing::InvoiceStatus;
use portico_domain::{CurrencyCode, CurrentUser, PurchaseOrderId, SupplierId};
use rust_decimal::Decimal;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

/// The invoice `id` as a memo's basis: its header, lines and what earlier memos credited. Not found for a credit
/// memo (a memo is not credited) or another supplier's invoice.
async fn basis(
    tx: &mut Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<(rows::InvoiceRow, CreditBasis), CoreError> {
    let tenant = scope.tenant_id();
    let r = rows::get(tx, scope, id).await?.ok_or(CoreError::NotFound)?;
    if r.kind != "invoice" {
        return Err(CoreError::NotFound);
    }
    let (credited_total, credited_lines) = rows::credited(tx, tenant, id).await?;
    let lines = rows::lines(tx, tenant, id)
        .await?
        .into_iter()
        .map(|l| CreditBasisLine {
            line_number: l.line_number,
            buyer_item: l.buyer_item,
            description: l.description,
            unit_of_measure: l.unit_of_measure,
            quantity: l.quantity.0,
            unit_price: l.unit_price.0,
            tax_rate: l.tax_rate.0,
            credited: credited_lines
                .iter()
                .filter(|(n, _)| *n == l.line_number)
                .map(|(_, q)| *q)
                .sum(),
        })
        .collect();
    let minor_units = CurrencyCode::parse(&r.currency)
        .map(|c| c.minor_units())
        .unwrap_or(2);
    let basis = CreditBasis {
        invoice_id: r.id,
        invoice_number: r.number.clone(),
        invoice_date: r.invoice_date,
        currency: r.currency.clone(),
        minor_units,
        invoice_total: r.total.0,
        credited_total,
        lines,
    };
    Ok((r, basis))
}

/// The new-credit-memo form for invoice `id`.
pub async fn start(db: &Db, user: &CurrentUser, id: Uuid) -> Result<CreditStart, CoreError> {
    let (scope, _) = invoicer(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let (r, basis) = basis(&mut tx, &scope, id).await?;
    tx.commit().await?;
    let form = credit::start_form(&basis, OffsetDateTime::now_utc().date());
    Ok(CreditStart {
        basis,
        form,
        order_number: r.order_number,
    })
}

/// Submits a credit memo against invoice `id`: every rule checked against what earlier memos credited, the number
/// unique among the supplier's invoices and memos, then the memo, its event, the order's status and the audit entry
/// in one transaction. The same form token twice stores one memo.
pub async fn submit(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    id: Uuid,
    form: &CreditMemoForm,
    token: &str,
) -> Result<Checked<Uuid>, CoreError> {
    let (scope, supplier) = invoicer(user)?;
    let token = portico_domain::acknowledgement::form_token(token)
        .map_err(|e| CoreError::validation(e.field, e.message))?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    if let Some(done) = rows::by_token(&mut tx, tenant, token).await? {
        return Ok(Ok(done));
    }
    // Memos of one invoice are written one after another: each reads what the others credited.
    rows::touch(&mut tx, tenant, id).await?;
    let (r, basis) = basis(&mut tx, &scope, id).await?;
    let today = OffsetDateTime::now_utc().date();
    let CheckedCredit { memo, reason } = match credit::check(form, &basis, today) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if rows::number_taken(&mut tx, tenant, supplier, &memo.number).await? {
        return Ok(Err(vec![FieldError::new("number", "inv-error-duplicate")]));
    }
    let po =
        db::purchase_orders::detail_in_tx(&mut tx, &scope, PurchaseOrderId(r.purchase_order_id))
            .await?
            .ok_or(CoreError::NotFound)?;
    let memo_id = Uuid::now_v7();
    let status = InvoiceStatus::Submitted;
    let outcomes: Vec<(i32, &str)> = memo
        .lines
        .iter()
        .map(|l| (l.line_number, "credited"))
        .collect();
    let correlation = r
        .correlation_id
        .clone()
        .or_else(|| meta.correlation_id.clone());
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewInvoice {
            id: memo_id,
            supplier,
            order: r.purchase_order_id,
            notice: None,
            invoice: &memo,
            outcomes: &outcomes,
            currency: &r.currency,
            status,
            token,
            correlation_id: correlation.as_deref(),
            created_by: user.id,
            credit: Some((id, reason)),
        },
    )
    .await?;
    let text = |d: Decimal| d.normalize().to_string();
    let payload = CreditMemoSubmitted {
        credit_memo: InvoicePayload {
            id: memo_id,
            number: memo.number.clone(),
            kind: InvoiceKind::CreditMemo,
            status: status.code().to_owned(),
            invoice_date: memo.invoice_date.to_string(),
            due_date: None,
            payment_terms: String::new(),
            currency: r.currency.clone(),
            ship_notice: None,
            lines_total: text(memo.totals.lines),
            charges_total: text(memo.totals.charges),
            tax_total: text(memo.totals.tax),
            total: text(memo.totals.total),
        },
        credited_invoice: CreditedInvoice {
            id,
            number: r.number.clone(),
            invoice_date: r.invoice_date.to_string(),
        },
        reason: reason.code().to_owned(),
        purchase_order: InvoicedOrder {
            id: po.id.0,
            number: po.number.clone(),
            order_date: po.order_date.to_string(),
        },
        supplier: SupplierRef {
            id: SupplierId(r.supplier_id),
            code: r.supplier_code.clone(),
            name: r.supplier_name.clone(),
        },
        buyer_name: r.buyer_name.clone(),
        lines: memo
            .lines
            .iter()
            .filter_map(|l| {
                let pl = po.lines.iter().find(|p| p.line_number == l.line_number)?;
                Some(CreditLinePayload {
                    line_number: l.line_number,
                    buyer_item: pl.buyer_item.clone(),
                    supplier_part: pl.supplier_part.clone(),
                    description: pl.description.clone(),
                    unit_of_measure: pl.unit_of_measure.to_string(),
                    quantity: text(l.quantity),
                    unit_price: text(l.unit_price),
                    tax_rate: text(l.tax_rate),
                    amount: text(l.amount),
                })
            })
            .collect(),
        charges: charge_payloads(&memo.charges),
        taxes: tax_payloads(&memo.taxes),
    };
    events::record(&mut tx, &payload.event(tenant, correlation.clone())?).await?;
    // A memo against a disputed invoice is the supplier's correction.
    crate::exceptions::clear(
        &mut tx,
        tenant,
        portico_domain::exceptions::ExceptionKind::InvoiceDisputed,
        r.id,
        portico_domain::exceptions::Outcome::Corrected,
        None,
        correlation,
    )
    .await?;
    if reason.credits_quantity() {
        restate_invoiced(&mut tx, &scope, &po).await?;
    }
    let entry = Entry::new(Some(tenant), Some(user.id), Action::CreditMemoSubmitted)
        .subject("invoice", memo_id)
        .detail(json!({
            "number": memo.number,
            "credits": r.number,
            "reason": reason.code(),
            "total": text(memo.totals.total),
        }));
    audit::append(&mut tx, meta, entry).await?;
    let template = Template::CreditMemoArrived {
        supplier: r.supplier_name.clone(),
        document: memo.number.clone(),
        invoice: r.number.clone(),
    };
    let link = notify::page_link(public_url, &format!("/invoices/{memo_id}"));
    notify::buyer_people(&mut tx, tenant, &template, &link, None).await?;
    match tx.commit().await {
        Ok(()) => Ok(Ok(memo_id)),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            Ok(Err(vec![FieldError::new("number", "inv-error-duplicate")]))
        }
        Err(e) => Err(e.into()),
    }
}

/// The memos of invoice `id`, for its page.
pub(super) async fn of_invoice(
    tx: &mut Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<Vec<credit::CreditSummary>, CoreError> {
    rows::credits_of(tx, scope.tenant_id(), id)
        .await?
        .into_iter()
        .map(|(id, number, total, status)| {
            Ok(credit::CreditSummary {
                id,
                number,
                total: total.0,
                status: status_of(&status)?,
            })
        })
        .collect()
}
