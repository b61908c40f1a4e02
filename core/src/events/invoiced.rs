//! `invoice.submitted.v1`: a supplier sent an invoice — header, the order (and ship notice) it bills, every line with
//! its amount and match outcome, charges, taxes per rate and totals — enough for the ERP to book it and for the EDI
//! sink to write the 810 / INVOIC. `credit_memo.submitted.v1`: a supplier credited part of an earlier invoice (an 810
//! / INVOIC too, as a credit). `invoice.status_changed.v1`: the buyer (or the ERP) disputed, approved or paid one.

use super::{payload, EventType, NewEvent, NoticeRef, OrderRef, SupplierRef};
use crate::CoreError;
use portico_domain::documents::{Charge, ChargeKind, Invoice, InvoiceKind, InvoiceLine, TaxLine};
use portico_domain::TenantId;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::Date;
use uuid::Uuid;

/// The payload of `invoice.submitted.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSubmitted {
    pub invoice: InvoicePayload,
    pub purchase_order: InvoicedOrder,
    pub supplier: SupplierRef,
    pub buyer_name: String,
    pub lines: Vec<InvoiceLinePayload>,
    pub charges: Vec<ChargePayload>,
    pub taxes: Vec<TaxPayload>,
}

/// The invoice's header and totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoicePayload {
    pub id: Uuid,
    pub number: String,
    pub kind: InvoiceKind,
    /// `matched` or `submitted` (some line outside the tolerances).
    pub status: String,
    pub invoice_date: String,
    pub due_date: Option<String>,
    pub payment_terms: String,
    pub currency: String,
    pub ship_notice: Option<NoticeRef>,
    pub lines_total: String,
    pub charges_total: String,
    pub tax_total: String,
    pub total: String,
}

/// The order billed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoicedOrder {
    pub id: Uuid,
    pub number: String,
    pub order_date: String,
}

/// One invoiced line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLinePayload {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub quantity: String,
    pub unit_price: String,
    pub tax_rate: String,
    pub amount: String,
    /// The match preview's outcome: `matched`, `price_over`, `quantity_over_received`, `not_received`.
    pub r#match: String,
}

/// A charge or allowance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChargePayload {
    pub kind: ChargeKind,
    pub description: String,
    pub amount: String,
    pub tax_rate: String,
}

/// The tax at one rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxPayload {
    pub rate: String,
    pub taxable: String,
    pub amount: String,
}

fn decimal(text: &str) -> Result<Decimal, String> {
    Decimal::from_str(text).map_err(|e| format!("'{text}': {e}"))
}

fn date(text: &str) -> Result<Date, String> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| format!("'{text}': {e}"))
}

impl InvoiceSubmitted {
    /// The event to record.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::InvoiceSubmitted,
            subject: format!("invoices/{}", self.invoice.id),
            document: self.invoice.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }

    /// The canonical document the 810 / INVOIC writers take.
    pub fn document(&self) -> Result<Invoice, String> {
        let lines = self
            .lines
            .iter()
            .map(|l| {
                line(
                    l.line_number,
                    &l.buyer_item,
                    &l.supplier_part,
                    &l.description,
                    &l.quantity,
                    &l.unit_of_measure,
                    &l.unit_price,
                )
            })
            .collect::<Result<_, String>>()?;
        document(
            &self.invoice,
            &self.purchase_order,
            &self.supplier,
            &self.buyer_name,
            lines,
            &self.charges,
            &self.taxes,
            None,
        )
    }
}

fn line(
    line_number: i32,
    buyer_item: &str,
    supplier_part: &Option<String>,
    description: &str,
    quantity: &str,
    unit_of_measure: &str,
    unit_price: &str,
) -> Result<InvoiceLine, String> {
    Ok(InvoiceLine {
        line_number,
        buyer_item: buyer_item.to_owned(),
        supplier_part: supplier_part.clone(),
        description: description.to_owned(),
        quantity: decimal(quantity)?,
        unit_of_measure: unit_of_measure.to_owned(),
        unit_price: decimal(unit_price)?,
    })
}

/// The canonical 810 / INVOIC document of an invoice or credit memo event.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of two payload shapes, handed over as they are"
)]
fn document(
    i: &InvoicePayload,
    order: &InvoicedOrder,
    supplier: &SupplierRef,
    buyer_name: &str,
    lines: Vec<InvoiceLine>,
    charges: &[ChargePayload],
    taxes: &[TaxPayload],
    credited_invoice: Option<String>,
) -> Result<Invoice, String> {
    Ok(Invoice {
        number: i.number.clone(),
        kind: i.kind,
        invoice_date: date(&i.invoice_date)?,
        order_number: order.number.clone(),
        order_date: date(&order.order_date)?,
        ship_notice_number: i.ship_notice.as_ref().map(|n| n.number.clone()),
        credited_invoice,
        currency: i.currency.clone(),
        payment_terms: i.payment_terms.clone(),
        due_date: i.due_date.as_deref().map(date).transpose()?,
        supplier_code: supplier.code.clone(),
        supplier_name: supplier.name.clone(),
        buyer_name: buyer_name.to_owned(),
        lines,
        charges: charges
            .iter()
            .map(|c| {
                Ok(Charge {
                    kind: c.kind,
                    amount: decimal(&c.amount)?,
                    description: c.description.clone(),
                })
            })
            .collect::<Result<_, String>>()?,
        taxes: taxes
            .iter()
            .map(|t| {
                Ok(TaxLine {
                    rate: decimal(&t.rate)?,
                    taxable: decimal(&t.taxable)?,
                    amount: decimal(&t.amount)?,
                })
            })
            .collect::<Result<_, String>>()?,
    })
}

/// The payload of `credit_memo.submitted.v1`: a supplier credited part of an earlier invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditMemoSubmitted {
    /// The memo's header and totals (`kind` is `credit_memo`; amounts are what is credited, positive).
    pub credit_memo: InvoicePayload,
    pub credited_invoice: CreditedInvoice,
    /// `returned`, `damaged`, `quantity_correction`, `price_correction` or `other`.
    pub reason: String,
    pub purchase_order: InvoicedOrder,
    pub supplier: SupplierRef,
    pub buyer_name: String,
    pub lines: Vec<CreditLinePayload>,
    pub charges: Vec<ChargePayload>,
    pub taxes: Vec<TaxPayload>,
}

/// The invoice a memo credits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditedInvoice {
    pub id: Uuid,
    pub number: String,
    pub invoice_date: String,
}

/// One credited line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditLinePayload {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub quantity: String,
    pub unit_price: String,
    pub tax_rate: String,
    pub amount: String,
}

impl CreditMemoSubmitted {
    /// The event to record.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::CreditMemoSubmitted,
            subject: format!("invoices/{}", self.credit_memo.id),
            document: self.credit_memo.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }

    /// The canonical document the 810 / INVOIC writers take (transaction type CR / document 381, naming the
    /// credited invoice).
    pub fn document(&self) -> Result<Invoice, String> {
        let lines = self
            .lines
            .iter()
            .map(|l| {
                line(
                    l.line_number,
                    &l.buyer_item,
                    &l.supplier_part,
                    &l.description,
                    &l.quantity,
                    &l.unit_of_measure,
                    &l.unit_price,
                )
            })
            .collect::<Result<_, String>>()?;
        document(
            &self.credit_memo,
            &self.purchase_order,
            &self.supplier,
            &self.buyer_name,
            lines,
            &self.charges,
            &self.taxes,
            Some(self.credited_invoice.number.clone()),
        )
    }
}

/// The payload of `invoice.status_changed.v1`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceStatusChanged {
    pub invoice: StatusPayload,
    pub purchase_order: OrderRef,
    pub supplier: SupplierRef,
}

/// The invoice and its new status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusPayload {
    pub id: Uuid,
    pub number: String,
    pub status: String,
    pub previous_status: String,
    pub dispute_reason: Option<String>,
    pub paid_on: Option<String>,
    pub total: String,
    pub currency: String,
}

impl InvoiceStatusChanged {
    /// The event to record.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::InvoiceStatusChanged,
            subject: format!("invoices/{}", self.invoice.id),
            document: self.invoice.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }
}
