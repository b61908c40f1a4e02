//! `invoice.submitted.v1`: a supplier sent an invoice — header, the order (and ship notice) it bills, every line with
//! its amount and match outcome, charges, taxes per rate and totals — enough for the ERP to book it and for the EDI
//! sink to write the 810 / INVOIC. `invoice.status_changed.v1`: the buyer (or the ERP) disputed, approved or paid it.

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
        let i = &self.invoice;
        Ok(Invoice {
            number: i.number.clone(),
            kind: i.kind,
            invoice_date: date(&i.invoice_date)?,
            order_number: self.purchase_order.number.clone(),
            order_date: date(&self.purchase_order.order_date)?,
            ship_notice_number: i.ship_notice.as_ref().map(|n| n.number.clone()),
            credited_invoice: None,
            currency: i.currency.clone(),
            payment_terms: i.payment_terms.clone(),
            due_date: i.due_date.as_deref().map(date).transpose()?,
            supplier_code: self.supplier.code.clone(),
            supplier_name: self.supplier.name.clone(),
            buyer_name: self.buyer_name.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| {
                    Ok(InvoiceLine {
                        line_number: l.line_number,
                        buyer_item: l.buyer_item.clone(),
                        supplier_part: l.supplier_part.clone(),
                        description: l.description.clone(),
                        quantity: decimal(&l.quantity)?,
                        unit_of_measure: l.unit_of_measure.clone(),
                        unit_price: decimal(&l.unit_price)?,
                    })
                })
                .collect::<Result<_, String>>()?,
            charges: self
                .charges
                .iter()
                .map(|c| {
                    Ok(Charge {
                        kind: c.kind,
                        amount: decimal(&c.amount)?,
                        description: c.description.clone(),
                    })
                })
                .collect::<Result<_, String>>()?,
            taxes: self
                .taxes
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
