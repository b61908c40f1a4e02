//! Invoices (docs/SHIPPING.md "Invoices"): the supplier flips an order or a ship notice into an invoice form, sees
//! the match preview (each line against the order price and what was shipped and received, under the buyer's
//! tolerances) before sending, and submits: the invoice, its lines, charges and taxes and `invoice.submitted.v1` in
//! one transaction, starting `matched` or `submitted`. The buyer (here or through the API) disputes with a reason,
//! approves, and marks it paid; each change records `invoice.status_changed.v1`.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::invoices as rows;
use crate::db::{self, Context, Db, Tx};
use crate::events::{
    self, ChargePayload, InvoiceLinePayload, InvoicePayload, InvoiceStatusChanged,
    InvoiceSubmitted, InvoicedOrder, NoticeRef, OrderRef, StatusPayload, SupplierRef, TaxPayload,
};
use crate::exceptions;
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::erp_api::ApiClient;
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::{parse_date, FieldError};
use portico_domain::attachments::AttachmentView;
use portico_domain::documents::ChargeKind;
use portico_domain::documents::InvoiceKind;
use portico_domain::exceptions::{DocumentKind, ExceptionKind, Outcome};
use portico_domain::invoicing::{
    self, BasisLine, CheckedCharge, CheckedInvoice, InvoiceForm, InvoiceLineForm, InvoiceLineView,
    InvoiceStart, InvoiceStatus, InvoiceSummary, InvoiceView, LinePreview, MatchTolerances,
    TaxAtRate, Totals,
};
use portico_domain::{CurrentUser, PoDetail, PoStatus, PurchaseOrderId, SupplierId};
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

pub use super::ship_notices::Checked;

/// Sums `(line, quantity)` rows per line.
fn per_line(rows: impl IntoIterator<Item = (i32, Decimal)>) -> HashMap<i32, Decimal> {
    let mut out = HashMap::new();
    for (n, q) in rows {
        *out.entry(n).or_insert(Decimal::ZERO) += q;
    }
    out
}

fn decimals(rows: Vec<(i32, db::DbDecimal)>) -> impl Iterator<Item = (i32, Decimal)> {
    rows.into_iter().map(|(n, q)| (n, q.0))
}

/// Moves the order to `invoiced` once every line is invoiced in full (net of credit memos that gave quantity
/// back), and back to what its shipments say when a memo gives quantity back to an `invoiced` order.
pub(super) async fn restate_invoiced(
    tx: &mut Tx,
    scope: &Scope,
    po: &PoDetail,
) -> Result<(), CoreError> {
    let tenant = scope.tenant_id();
    let invoiced = per_line(rows::invoiced(tx, tenant, po.id.0).await?);
    let full = po
        .lines
        .iter()
        .all(|l| invoiced.get(&l.line_number).copied().unwrap_or_default() >= l.quantity);
    if full {
        db::ship_notices::set_order_status(
            tx,
            tenant,
            po.id.0,
            &["acknowledged", "partially_shipped", "shipped"],
            PoStatus::Invoiced.code(),
        )
        .await?;
        return Ok(());
    }
    let shipped = per_line(decimals(
        db::ship_notices::shipped_elsewhere(tx, tenant, po.id.0, None).await?,
    ));
    let total: Decimal = shipped.values().copied().sum();
    let back = if total.is_zero() {
        PoStatus::Acknowledged
    } else if po
        .lines
        .iter()
        .all(|l| shipped.get(&l.line_number).copied().unwrap_or_default() >= l.quantity)
    {
        PoStatus::Shipped
    } else {
        PoStatus::PartiallyShipped
    };
    db::ship_notices::set_order_status(tx, tenant, po.id.0, &["invoiced"], back.code()).await?;
    Ok(())
}

/// The order and what each of its lines gives an invoice.
async fn basis(
    tx: &mut Tx,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<(PoDetail, Vec<BasisLine>), CoreError> {
    let tenant = scope.tenant_id();
    let po = db::purchase_orders::detail_in_tx(tx, scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let shipped_rows = db::ship_notices::shipped_elsewhere(tx, tenant, order.0, None).await?;
    let uses_notices = !shipped_rows.is_empty();
    let shipped = per_line(decimals(shipped_rows));
    let received_rows = rows::received(tx, tenant, order.0).await?;
    let uses_receipts = !received_rows.is_empty();
    let received = per_line(decimals(received_rows));
    let invoiced = per_line(rows::invoiced(tx, tenant, order.0).await?);
    let lines = po
        .lines
        .iter()
        .map(|l| BasisLine {
            line_number: l.line_number,
            buyer_item: l.buyer_item.clone(),
            supplier_part: l.supplier_part.clone(),
            description: l.description.clone(),
            unit_of_measure: l.unit_of_measure.to_string(),
            ordered: l.quantity,
            order_price: l.unit_price,
            shipped: uses_notices.then(|| shipped.get(&l.line_number).copied().unwrap_or_default()),
            received: uses_receipts
                .then(|| received.get(&l.line_number).copied().unwrap_or_default()),
            invoiced: invoiced.get(&l.line_number).copied().unwrap_or_default(),
        })
        .collect();
    Ok((po, lines))
}

/// The supplier of a supplier-side person, for invoicing.
pub(super) fn invoicer(user: &CurrentUser) -> Result<(Scope, SupplierId), CoreError> {
    super::ship_notices::shipper(user)
}

/// The new-invoice form for an order, or for a ship notice of it (its shipped quantities prefilled).
pub async fn start(
    db: &Db,
    user: &CurrentUser,
    order: PurchaseOrderId,
    notice: Option<Uuid>,
) -> Result<InvoiceStart, CoreError> {
    let (scope, _) = invoicer(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let (po, basis) = basis(&mut tx, &scope, order).await?;
    let notice_lines = match notice {
        Some(id) => {
            let n = db::ship_notices::notice(&mut tx, &scope, id)
                .await?
                .ok_or(CoreError::NotFound)?;
            if n.status != "submitted" && n.status != "received" {
                return Err(CoreError::NotFound);
            }
            let lines: Vec<(i32, Decimal)> =
                db::ship_notices::lines(&mut tx, scope.tenant_id(), id)
                    .await?
                    .into_iter()
                    .filter(|l| l.purchase_order_id == order.0)
                    .map(|l| (l.line_number, l.quantity.0))
                    .collect();
            Some(((id, n.number), lines))
        }
        None => None,
    };
    let tolerances = rows::tolerances(&mut tx, scope.tenant_id()).await?;
    tx.commit().await?;
    let lines = basis
        .iter()
        .map(|b| {
            let quantity = match &notice_lines {
                Some((_, lines)) => lines
                    .iter()
                    .find(|(n, _)| *n == b.line_number)
                    .map(|(_, q)| (*q).min(b.invoiceable()))
                    .unwrap_or_default(),
                None => b.invoiceable(),
            };
            InvoiceLineForm {
                line_number: b.line_number,
                quantity: if quantity.is_zero() {
                    String::new()
                } else {
                    quantity.normalize().to_string()
                },
                unit_price: b.order_price.normalize().to_string(),
                tax_rate: String::new(),
            }
        })
        .collect();
    let form = InvoiceForm {
        number: String::new(),
        invoice_date: OffsetDateTime::now_utc().date().to_string(),
        due_date: String::new(),
        payment_terms: po.payment_terms.clone(),
        lines,
        charges: Vec::new(),
    };
    Ok(InvoiceStart {
        order_id: po.id.0,
        order_number: po.number.clone(),
        notice: notice_lines.map(|(n, _)| n),
        currency: po.currency.to_string(),
        minor_units: po.currency.minor_units(),
        basis,
        form,
        tolerances,
    })
}

/// Checks a form and previews the match, storing nothing.
pub async fn preview(
    db: &Db,
    user: &CurrentUser,
    order: PurchaseOrderId,
    form: &InvoiceForm,
) -> Result<Checked<(CheckedInvoice, Vec<LinePreview>)>, CoreError> {
    let (scope, supplier) = invoicer(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let result = checked(&mut tx, &scope, supplier, order, form).await?;
    tx.commit().await?;
    Ok(result.map(|c| (c.invoice, c.preview)))
}

/// A form that keeps every rule, with the order it bills and the basis it was checked against.
struct CheckedForm {
    po: PoDetail,
    basis: Vec<BasisLine>,
    invoice: CheckedInvoice,
    preview: Vec<LinePreview>,
}

async fn checked(
    tx: &mut Tx,
    scope: &Scope,
    supplier: SupplierId,
    order: PurchaseOrderId,
    form: &InvoiceForm,
) -> Result<Checked<CheckedForm>, CoreError> {
    let (po, basis) = basis(tx, scope, order).await?;
    let tolerances = rows::tolerances(tx, scope.tenant_id()).await?;
    let today = OffsetDateTime::now_utc().date();
    let mut invoice =
        match invoicing::check(form, &basis, &tolerances, po.currency.minor_units(), today) {
            Ok(i) => i,
            Err(e) => return Ok(Err(e)),
        };
    if rows::number_taken(tx, scope.tenant_id(), supplier, &invoice.number).await? {
        return Ok(Err(vec![FieldError::new("number", "inv-error-duplicate")]));
    }
    if invoice.payment_terms.is_empty() {
        invoice.payment_terms = po.payment_terms.clone();
    }
    let preview = invoicing::preview(&invoice, &basis, &tolerances);
    Ok(Ok(CheckedForm {
        po,
        basis,
        invoice,
        preview,
    }))
}

/// Submits an invoice: every rule checked again, then the invoice and its event in one transaction. The same form
/// token twice stores one invoice (the second answers with the first's id).
#[expect(
    clippy::too_many_arguments,
    reason = "the request (meta, portal address, person), what is billed (order, notice) and the form with its token"
)]
pub async fn submit(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    order: PurchaseOrderId,
    notice: Option<Uuid>,
    form: &InvoiceForm,
    token: &str,
) -> Result<Checked<Uuid>, CoreError> {
    let (scope, supplier) = invoicer(user)?;
    let token = portico_domain::acknowledgement::form_token(token)
        .map_err(|e| CoreError::validation(e.field, e.message))?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    if let Some(id) = rows::by_token(&mut tx, tenant, token).await? {
        return Ok(Ok(id));
    }
    let CheckedForm {
        po,
        basis,
        invoice,
        preview,
    } = match checked(&mut tx, &scope, supplier, order, form).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let notice_ref = match notice {
        Some(id) => {
            let n = db::ship_notices::notice(&mut tx, &scope, id)
                .await?
                .ok_or(CoreError::NotFound)?;
            Some(NoticeRef {
                id,
                number: n.number,
            })
        }
        None => None,
    };
    let status = invoicing::initial_status(&preview);
    let id = Uuid::now_v7();
    let outcomes: Vec<(i32, &str)> = preview
        .iter()
        .map(|p| (p.line_number, p.outcome.code()))
        .collect();
    let correlation = db::purchase_orders::correlation(&mut tx, &scope, order)
        .await?
        .or_else(|| meta.correlation_id.clone());
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewInvoice {
            id,
            supplier,
            order: order.0,
            notice,
            invoice: &invoice,
            outcomes: &outcomes,
            currency: po.currency.as_str(),
            status,
            token,
            correlation_id: correlation.as_deref(),
            created_by: user.id,
            credit: None,
        },
    )
    .await?;
    restate_invoiced(&mut tx, &scope, &po).await?;
    let payload = submitted_payload(&po, &basis, &invoice, &preview, id, status, notice_ref);
    events::record(&mut tx, &payload.event(tenant, correlation.clone())?).await?;
    if status == InvoiceStatus::Submitted {
        let outside = preview
            .iter()
            .filter(|p| p.outcome != invoicing::LineMatch::Matched)
            .count();
        let opening = exceptions::Opening {
            kind: ExceptionKind::InvoiceMismatch,
            supplier: Some(SupplierRef {
                id: po.supplier_id,
                code: po.supplier_code.clone(),
                name: po.supplier_name.clone(),
            }),
            document: DocumentKind::Invoice,
            document_id: id,
            document_number: invoice.number.clone(),
            line_number: None,
            detail: Some((
                "exception-detail-mismatch",
                vec![("lines".to_owned(), outside.to_string())],
            )),
            dedupe_key: format!("invoice_mismatch:{id}"),
        };
        exceptions::open(
            &mut tx,
            tenant,
            opening,
            OffsetDateTime::now_utc(),
            correlation,
        )
        .await?;
    }
    let entry = Entry::new(Some(tenant), Some(user.id), Action::InvoiceSubmitted)
        .subject("invoice", id)
        .detail(json!({ "number": invoice.number, "order": po.number, "status": status.code() }));
    audit::append(&mut tx, meta, entry).await?;
    if status == InvoiceStatus::Submitted {
        let template = Template::InvoiceToReview {
            supplier: po.supplier_name.clone(),
            document: invoice.number.clone(),
        };
        let link = notify::page_link(public_url, &format!("/invoices/{id}"));
        notify::buyer_people(&mut tx, tenant, &template, &link, None).await?;
    }
    match tx.commit().await {
        Ok(()) => Ok(Ok(id)),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            // The same number (or form) committed first by a concurrent request.
            Ok(Err(vec![FieldError::new("number", "inv-error-duplicate")]))
        }
        Err(e) => Err(e.into()),
    }
}

fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Charges and allowances as events carry them.
pub(super) fn charge_payloads(charges: &[CheckedCharge]) -> Vec<ChargePayload> {
    charges
        .iter()
        .map(|c| ChargePayload {
            kind: c.kind,
            description: c.description.clone(),
            amount: text(c.amount),
            tax_rate: text(c.tax_rate),
        })
        .collect()
}

/// Taxes per rate as events carry them.
pub(super) fn tax_payloads(taxes: &[TaxAtRate]) -> Vec<TaxPayload> {
    taxes
        .iter()
        .map(|t| TaxPayload {
            rate: text(t.rate),
            taxable: text(t.taxable),
            amount: text(t.amount),
        })
        .collect()
}

fn submitted_payload(
    po: &PoDetail,
    basis: &[BasisLine],
    invoice: &CheckedInvoice,
    preview: &[LinePreview],
    id: Uuid,
    status: InvoiceStatus,
    notice: Option<NoticeRef>,
) -> InvoiceSubmitted {
    InvoiceSubmitted {
        invoice: InvoicePayload {
            id,
            number: invoice.number.clone(),
            kind: invoice.kind,
            status: status.code().to_owned(),
            invoice_date: invoice.invoice_date.to_string(),
            due_date: invoice.due_date.map(|d| d.to_string()),
            payment_terms: invoice.payment_terms.clone(),
            currency: po.currency.to_string(),
            ship_notice: notice,
            lines_total: text(invoice.totals.lines),
            charges_total: text(invoice.totals.charges),
            tax_total: text(invoice.totals.tax),
            total: text(invoice.totals.total),
        },
        purchase_order: InvoicedOrder {
            id: po.id.0,
            number: po.number.clone(),
            order_date: po.order_date.to_string(),
        },
        supplier: SupplierRef {
            id: po.supplier_id,
            code: po.supplier_code.clone(),
            name: po.supplier_name.clone(),
        },
        buyer_name: po.buyer_name.clone(),
        lines: invoice
            .lines
            .iter()
            .filter_map(|l| {
                let b = basis.iter().find(|b| b.line_number == l.line_number)?;
                Some(InvoiceLinePayload {
                    line_number: l.line_number,
                    buyer_item: b.buyer_item.clone(),
                    supplier_part: b.supplier_part.clone(),
                    description: b.description.clone(),
                    unit_of_measure: b.unit_of_measure.clone(),
                    quantity: text(l.quantity),
                    unit_price: text(l.unit_price),
                    tax_rate: text(l.tax_rate),
                    amount: text(l.amount),
                    r#match: preview
                        .iter()
                        .find(|p| p.line_number == l.line_number)
                        .map(|p| p.outcome.code().to_owned())
                        .unwrap_or_else(|| "matched".into()),
                })
            })
            .collect(),
        charges: charge_payloads(&invoice.charges),
        taxes: tax_payloads(&invoice.taxes),
    }
}

pub(super) fn status_of(code: &str) -> Result<InvoiceStatus, CoreError> {
    InvoiceStatus::parse(code)
        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("invoice status '{code}'")))
}

/// The statuses a person may move an invoice in `status` to: buyers only.
fn next_for(user: &CurrentUser, status: InvoiceStatus) -> Vec<InvoiceStatus> {
    if !user.workspace.role.is_buyer_side() {
        return Vec::new();
    }
    InvoiceStatus::ALL
        .into_iter()
        .filter(|s| status.may_become(*s))
        .collect()
}

/// An invoice with everything its page shows.
pub async fn view(db: &Db, user: &CurrentUser, id: Uuid) -> Result<InvoiceView, CoreError> {
    let scope = Scope::of(&user.workspace);
    let tenant = scope.tenant_id();
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let r = rows::get(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let lines = rows::lines(&mut tx, tenant, id).await?;
    let charges = rows::charges(&mut tx, tenant, id).await?;
    let taxes = rows::taxes(&mut tx, tenant, id).await?;
    let kind = if r.kind == "credit_memo" {
        InvoiceKind::CreditMemo
    } else {
        InvoiceKind::Invoice
    };
    let (credits, credited_total) = match kind {
        InvoiceKind::Invoice => {
            let credits = super::credit_memos::of_invoice(&mut tx, &scope, id).await?;
            let total: Decimal = credits.iter().map(|c| c.total).sum();
            (credits, total)
        }
        InvoiceKind::CreditMemo => (Vec::new(), Decimal::ZERO),
    };
    let attachments: Vec<AttachmentView> = db::attachments::of_invoice(&mut tx, tenant, id)
        .await?
        .into_iter()
        .map(|(id, file_name, size_bytes, created_at)| AttachmentView {
            id,
            file_name,
            size_bytes,
            created_at,
        })
        .collect();
    tx.commit().await?;
    let may_attach = !user.workspace.role.is_buyer_side()
        && attachments.len() < portico_domain::attachments::MAX_PER_INVOICE;
    let status = status_of(&r.status)?;
    let may_credit = kind == InvoiceKind::Invoice
        && !user.workspace.role.is_buyer_side()
        && credited_total < r.total.0;
    Ok(InvoiceView {
        id: r.id,
        number: r.number,
        status,
        supplier_name: r.supplier_name,
        buyer_name: r.buyer_name,
        order_id: r.purchase_order_id,
        order_number: r.order_number,
        notice: r.ship_notice_id.zip(r.notice_number),
        invoice_date: r.invoice_date,
        due_date: r.due_date,
        payment_terms: r.payment_terms,
        currency: r.currency,
        lines: lines
            .into_iter()
            .map(|l| InvoiceLineView {
                line_number: l.line_number,
                buyer_item: l.buyer_item,
                description: l.description,
                unit_of_measure: l.unit_of_measure,
                quantity: l.quantity.0,
                unit_price: l.unit_price.0,
                order_price: l.order_price.0,
                tax_rate: l.tax_rate.0,
                amount: l.amount.0,
                outcome: l.match_outcome,
            })
            .collect(),
        charges: charges
            .into_iter()
            .map(|(kind, description, amount, tax_rate)| CheckedCharge {
                kind: match kind.as_str() {
                    "freight" => ChargeKind::Freight,
                    "handling" => ChargeKind::Handling,
                    _ => ChargeKind::Discount,
                },
                description,
                amount: amount.0,
                tax_rate: tax_rate.0,
            })
            .collect(),
        taxes: taxes
            .into_iter()
            .map(|(rate, taxable, amount)| TaxAtRate {
                rate: rate.0,
                taxable: taxable.0,
                amount: amount.0,
            })
            .collect(),
        totals: Totals {
            lines: r.lines_total.0,
            charges: r.charges_total.0,
            tax: r.tax_total.0,
            total: r.total.0,
        },
        dispute_reason: r.dispute_reason,
        paid_on: r.paid_on,
        next: next_for(user, status),
        kind,
        credited: r.credit_of.zip(r.credited_number),
        credit_reason: r
            .credit_reason
            .as_deref()
            .and_then(portico_domain::invoicing::credit::CreditReason::parse),
        credits,
        may_credit,
        attachments,
        may_attach,
    })
}

/// The latest invoices the person may see.
pub async fn list(db: &Db, user: &CurrentUser) -> Result<Vec<InvoiceSummary>, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::list(&mut tx, &scope, 200).await?;
    tx.commit().await?;
    found
        .into_iter()
        .map(|r| {
            Ok(InvoiceSummary {
                id: r.id,
                number: r.number,
                status: status_of(&r.status)?,
                supplier_name: r.supplier_name,
                order_number: r.order_number,
                invoice_date: r.invoice_date,
                total: r.total.0,
                currency: r.currency,
                kind: if r.kind == "credit_memo" {
                    InvoiceKind::CreditMemo
                } else {
                    InvoiceKind::Invoice
                },
            })
        })
        .collect()
}

/// Moves an invoice to `to` (buyers): a dispute needs a reason, a payment its date. Records
/// `invoice.status_changed.v1`. Returns the field mistakes, if any.
pub async fn set_status(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    id: Uuid,
    change: &StatusChange<'_>,
) -> Result<Checked<()>, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let scope = Scope::of(&user.workspace);
    let who = Actor {
        scope: &scope,
        person: Some(user.id),
        api_key: None,
    };
    change_status(db, meta, public_url, &who, id, change).await
}

/// A status change as posted: the status, the dispute reason (for `disputed`) and the payment date (for `paid`).
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusChange<'a> {
    pub status: &'a str,
    pub reason: &'a str,
    pub paid_on: &'a str,
}

impl<'a> StatusChange<'a> {
    /// A move to `status` that needs nothing more.
    pub fn to(status: &'a str) -> Self {
        Self {
            status,
            ..Self::default()
        }
    }
}

/// Who changes an invoice's status: a buyer, or the ERP with an API key.
struct Actor<'a> {
    scope: &'a Scope,
    person: Option<portico_domain::UserId>,
    api_key: Option<Uuid>,
}

/// Moves an invoice for the buyer organisation's ERP (`PATCH /api/v1/invoices/{id}`): the same rules and event as
/// [`set_status`], audited under the API key. Answers with the invoice as it now stands.
pub async fn set_status_by_api(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    client: &ApiClient,
    id: Uuid,
    change: &StatusChange<'_>,
) -> Result<Checked<InvoiceState>, CoreError> {
    let scope = Scope::tenant(client.tenant);
    let who = Actor {
        scope: &scope,
        person: None,
        api_key: client.key_id,
    };
    match change_status(db, meta, public_url, &who, id, change).await? {
        Ok(()) => Ok(Ok(state_by_api(db, client, id).await?)),
        Err(e) => Ok(Err(e)),
    }
}

/// An invoice or credit memo as the ERP reads it (`GET /api/v1/invoices/{id}`).
pub async fn state_by_api(
    db: &Db,
    client: &ApiClient,
    id: Uuid,
) -> Result<InvoiceState, CoreError> {
    let scope = Scope::tenant(client.tenant);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let r = rows::get(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(InvoiceState {
        id: r.id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        dispute_reason: r.dispute_reason,
        paid_on: r.paid_on.map(|d| d.to_string()),
        invoice_date: r.invoice_date.to_string(),
        total: text(r.total.0),
        currency: r.currency,
        purchase_order: OrderRef {
            id: r.purchase_order_id,
            number: r.order_number,
        },
        supplier: SupplierRef {
            id: SupplierId(r.supplier_id),
            code: r.supplier_code,
            name: r.supplier_name,
        },
        credits_invoice: r.credit_of,
    })
}

/// An invoice or credit memo and where it stands, for the ERP.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct InvoiceState {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub number: String,
    /// `invoice` or `credit_memo`.
    pub kind: String,
    /// `submitted`, `matched`, `disputed`, `approved` or `paid`.
    pub status: String,
    pub dispute_reason: Option<String>,
    #[schema(format = Date)]
    pub paid_on: Option<String>,
    #[schema(format = Date)]
    pub invoice_date: String,
    /// Decimal, in the currency.
    pub total: String,
    pub currency: String,
    pub purchase_order: OrderRef,
    pub supplier: SupplierRef,
    /// For a credit memo: the invoice it credits.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub credits_invoice: Option<Uuid>,
}

async fn change_status(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    who: &Actor<'_>,
    id: Uuid,
    change: &StatusChange<'_>,
) -> Result<Checked<()>, CoreError> {
    let (scope, person, api_key) = (who.scope, who.person, who.api_key);
    let StatusChange {
        status: to,
        reason,
        paid_on,
    } = *change;
    let tenant = scope.tenant_id();
    let to = InvoiceStatus::parse(to.trim())
        .ok_or_else(|| CoreError::validation("status", "inv-error-status"))?;
    let reason = reason.trim();
    let reason = match to {
        InvoiceStatus::Disputed if reason.is_empty() => {
            return Ok(Err(vec![FieldError::new("reason", "inv-error-reason")]))
        }
        _ if reason.chars().count() > invoicing::MAX_REASON => {
            return Ok(Err(vec![FieldError::new("reason", "inv-error-text-long")
                .with_arg("max", invoicing::MAX_REASON)]))
        }
        InvoiceStatus::Disputed => Some(reason.to_owned()),
        _ => None,
    };
    let paid_on = match to {
        InvoiceStatus::Paid => match parse_date(paid_on) {
            Some(d) if d <= OffsetDateTime::now_utc().date() + time::Duration::days(1) => Some(d),
            Some(_) => return Ok(Err(vec![FieldError::new("paid_on", "inv-error-future")])),
            None => return Ok(Err(vec![FieldError::new("paid_on", "inv-error-date")])),
        },
        _ => None,
    };
    let context = match person {
        Some(p) => Context::scope(scope).with_user(p),
        None => Context::scope(scope),
    };
    let mut tx = db.write(&context).await?;
    let r = rows::get(&mut tx, scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let from = status_of(&r.status)?;
    if from == to {
        return Ok(Ok(()));
    }
    if !from.may_become(to) {
        return Ok(Err(vec![FieldError::new("status", "inv-error-transition")]));
    }
    if !rows::move_status(&mut tx, tenant, id, from, to, reason.as_deref(), paid_on).await? {
        return Err(CoreError::Conflict("invoice changed meanwhile".into()));
    }
    let payload = InvoiceStatusChanged {
        invoice: StatusPayload {
            id,
            number: r.number.clone(),
            status: to.code().to_owned(),
            previous_status: from.code().to_owned(),
            dispute_reason: reason.clone().or(r.dispute_reason.clone()),
            paid_on: paid_on.map(|d| d.to_string()),
            total: text(r.total.0),
            currency: r.currency.clone(),
        },
        purchase_order: OrderRef {
            id: r.purchase_order_id,
            number: r.order_number.clone(),
        },
        supplier: SupplierRef {
            id: SupplierId(r.supplier_id),
            code: r.supplier_code.clone(),
            name: r.supplier_name.clone(),
        },
    };
    let correlation = r
        .correlation_id
        .clone()
        .or_else(|| meta.correlation_id.clone());
    events::record(&mut tx, &payload.event(tenant, correlation.clone())?).await?;
    exceptions_of_decision(&mut tx, tenant, &r, id, to, person, correlation).await?;
    let entry = Entry::new(Some(tenant), person, Action::InvoiceStatusChanged)
        .subject("invoice", id)
        .detail(json!({
            "number": r.number,
            "from": from.code(),
            "to": to.code(),
            "api_key": api_key,
        }));
    audit::append(&mut tx, meta, entry).await?;
    let template = Template::InvoiceDecided {
        organisation: r.buyer_name.clone(),
        document: r.number.clone(),
        status: to,
    };
    let link = notify::page_link(public_url, &format!("/invoices/{id}"));
    notify::supplier_people(
        &mut tx,
        tenant,
        SupplierId(r.supplier_id),
        &template,
        &link,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// What a decision on an invoice means for the buyer's exceptions: approving or disputing settles a mismatch (as
/// accepted or returned), a dispute opens one to follow, approval or payment ends a dispute.
async fn exceptions_of_decision(
    tx: &mut db::Tx,
    tenant: portico_domain::TenantId,
    r: &rows::InvoiceRow,
    id: Uuid,
    to: InvoiceStatus,
    person: Option<portico_domain::UserId>,
    correlation: Option<String>,
) -> Result<(), CoreError> {
    let (mismatch, dispute) = match to {
        InvoiceStatus::Approved => (Outcome::Accepted, Some(Outcome::Accepted)),
        InvoiceStatus::Disputed => (Outcome::Returned, None),
        InvoiceStatus::Paid => (Outcome::Cleared, Some(Outcome::Cleared)),
        InvoiceStatus::Submitted | InvoiceStatus::Matched => return Ok(()),
    };
    let by = person.filter(|_| mismatch != Outcome::Cleared);
    exceptions::clear(
        tx,
        tenant,
        ExceptionKind::InvoiceMismatch,
        id,
        mismatch,
        by,
        correlation.clone(),
    )
    .await?;
    match dispute {
        Some(outcome) => {
            exceptions::clear(
                tx,
                tenant,
                ExceptionKind::InvoiceDisputed,
                id,
                outcome,
                by,
                correlation,
            )
            .await?;
        }
        None => {
            let supplier = exceptions::supplier_ref(tx, tenant, r.supplier_id).await?;
            let opening = exceptions::Opening {
                kind: ExceptionKind::InvoiceDisputed,
                supplier,
                document: DocumentKind::Invoice,
                document_id: id,
                document_number: r.number.clone(),
                line_number: None,
                detail: None,
                // Each dispute is its own occurrence: an invoice disputed again after approval is followed again.
                dedupe_key: format!("invoice_disputed:{id}:{}", Uuid::now_v7()),
            };
            exceptions::open(tx, tenant, opening, OffsetDateTime::now_utc(), correlation).await?;
        }
    }
    Ok(())
}

/// The buyer's match tolerances (anyone of the tenant may read them: suppliers see them on the invoice form).
pub async fn tolerances(db: &Db, user: &CurrentUser) -> Result<MatchTolerances, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let t = rows::tolerances(&mut tx, scope.tenant_id()).await?;
    tx.commit().await?;
    Ok(t)
}

/// Sets the buyer's match tolerances (buyer administrators). Applies to invoices submitted from now on.
pub async fn save_tolerances(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    price_over_pct: &str,
    price_over_abs: &str,
    quantity_over_pct: &str,
) -> Result<Checked<MatchTolerances>, CoreError> {
    let tenant = super::buyer_admin_tenant(user)?;
    let t = match MatchTolerances::parse(price_over_pct, price_over_abs, quantity_over_pct) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::save_tolerances(&mut tx, tenant, &t).await?;
    let entry =
        Entry::new(Some(tenant), Some(user.id), Action::MatchTolerancesSaved).detail(json!({
            "price_over_pct": text(t.price_over_pct),
            "price_over_abs": text(t.price_over_abs),
            "quantity_over_pct": text(t.quantity_over_pct),
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(t))
}
