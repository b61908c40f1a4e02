//! Invoices: the form a supplier fills (flipped from an order or a ship notice), its totals in exact decimals with
//! the currency's minor units, and the match preview that says — before sending — which lines the buyer's tolerances
//! will send to a dispute (docs/SHIPPING.md "Invoices").
//!
//! Amounts: each line is quantity × unit price rounded half away from zero to the currency's minor units; charges
//! are entered in minor units already; taxes are computed per rate on the sum of the rounded line and charge amounts
//! at that rate (a discount lowers its rate's base), each rounded once. The total is the sum of the rounded parts, so
//! the printed lines always add up to the printed total.

use crate::acknowledgement::{parse_date, parse_decimal, FieldError};
use crate::documents::{ChargeKind, InvoiceKind};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use time::Date;

/// Where an invoice is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Sent; some line is outside the buyer's tolerances and waits for the buyer.
    Submitted,
    /// Every line within the tolerances.
    Matched,
    /// The buyer disputes it (with a reason).
    Disputed,
    Approved,
    Paid,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 5] = [
        InvoiceStatus::Submitted,
        InvoiceStatus::Matched,
        InvoiceStatus::Disputed,
        InvoiceStatus::Approved,
        InvoiceStatus::Paid,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Submitted => "submitted",
            InvoiceStatus::Matched => "matched",
            InvoiceStatus::Disputed => "disputed",
            InvoiceStatus::Approved => "approved",
            InvoiceStatus::Paid => "paid",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the buyer (or the ERP) may move an invoice from this status to `to`.
    pub fn may_become(self, to: InvoiceStatus) -> bool {
        use InvoiceStatus::*;
        matches!(
            (self, to),
            (Submitted | Matched, Disputed)
                | (Submitted | Matched | Disputed, Approved)
                | (Approved, Paid)
        )
    }
}

/// The buyer's match tolerances.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchTolerances {
    /// How far a unit price may be above the order price, in percent…
    pub price_over_pct: Decimal,
    /// …or in the currency (whichever allows more).
    pub price_over_abs: Decimal,
    /// How far the invoiced quantity may be above what was shipped (or ordered), in percent.
    pub quantity_over_pct: Decimal,
}

impl MatchTolerances {
    /// Reads the buyer's form: percentages from 0 to 100, an amount of 0 or more (decimal comma allowed). Every
    /// mistake at once, by field.
    pub fn parse(
        price_over_pct: &str,
        price_over_abs: &str,
        quantity_over_pct: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let pct = |text: &str, field: &str, errors: &mut Vec<FieldError>| {
            let v = if text.trim().is_empty() {
                Some(Decimal::ZERO)
            } else {
                parse_decimal(text)
            };
            match v.filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED && p.scale() <= 4)
            {
                Some(p) => p,
                None => {
                    errors.push(FieldError::new(field, "tolerance-error-pct"));
                    Decimal::ZERO
                }
            }
        };
        let price_over_pct = pct(price_over_pct, "price_over_pct", &mut errors);
        let quantity_over_pct = pct(quantity_over_pct, "quantity_over_pct", &mut errors);
        let abs = if price_over_abs.trim().is_empty() {
            Some(Decimal::ZERO)
        } else {
            parse_decimal(price_over_abs)
        };
        let price_over_abs = match abs
            .filter(|a| *a >= Decimal::ZERO && *a <= Decimal::from(1_000_000) && a.scale() <= 6)
        {
            Some(a) => a,
            None => {
                errors.push(FieldError::new("price_over_abs", "tolerance-error-amount"));
                Decimal::ZERO
            }
        };
        if errors.is_empty() {
            Ok(Self {
                price_over_pct,
                price_over_abs,
                quantity_over_pct,
            })
        } else {
            Err(errors)
        }
    }
}

/// Rounds an amount to the currency's minor units, half away from zero.
pub fn round(amount: Decimal, minor_units: u32) -> Decimal {
    amount.round_dp_with_strategy(minor_units, RoundingStrategy::MidpointAwayFromZero)
}

/// What an order line gives the invoice: ordered, shipped, received and already invoiced quantities, and the price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasisLine {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub ordered: Decimal,
    pub order_price: Decimal,
    /// Shipped on submitted or received ship notices (`None`: the buyer does not use notices for this order).
    pub shipped: Option<Decimal>,
    /// Received by the buyer's warehouse (`None`: no receipt yet).
    pub received: Option<Decimal>,
    /// On earlier invoices less credit memos.
    pub invoiced: Decimal,
}

impl BasisLine {
    /// What may still be invoiced before the tolerance: shipped (or ordered) less invoiced.
    pub fn invoiceable(&self) -> Decimal {
        (self.shipped.unwrap_or(self.ordered) - self.invoiced).max(Decimal::ZERO)
    }

    /// The most this invoice may charge of the line under `t`.
    pub fn ceiling(&self, t: &MatchTolerances) -> Decimal {
        let base = self.shipped.unwrap_or(self.ordered);
        (base + base * t.quantity_over_pct / Decimal::ONE_HUNDRED - self.invoiced)
            .max(Decimal::ZERO)
    }
}

/// One line of the invoice form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLineForm {
    pub line_number: i32,
    pub quantity: String,
    pub unit_price: String,
    /// VAT or sales tax rate in percent; blank for none.
    #[serde(default)]
    pub tax_rate: String,
}

/// A charge or allowance on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeForm {
    /// `freight`, `handling`, `discount`; blank rows are ignored.
    pub kind: String,
    pub amount: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tax_rate: String,
}

/// The invoice form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceForm {
    pub number: String,
    pub invoice_date: String,
    #[serde(default)]
    pub due_date: String,
    pub payment_terms: String,
    #[serde(default)]
    pub lines: Vec<InvoiceLineForm>,
    #[serde(default)]
    pub charges: Vec<ChargeForm>,
}

/// A checked line with its amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedLine {
    pub line_number: i32,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub tax_rate: Decimal,
    pub amount: Decimal,
}

/// A checked charge (amount positive; a discount is subtracted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedCharge {
    pub kind: ChargeKind,
    pub description: String,
    pub amount: Decimal,
    pub tax_rate: Decimal,
}

/// The tax at one rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxAtRate {
    pub rate: Decimal,
    pub taxable: Decimal,
    pub amount: Decimal,
}

/// The totals of an invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub lines: Decimal,
    /// Charges less allowances.
    pub charges: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// A form that keeps every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedInvoice {
    pub number: String,
    pub kind: InvoiceKind,
    pub invoice_date: Date,
    pub due_date: Option<Date>,
    pub payment_terms: String,
    pub lines: Vec<CheckedLine>,
    pub charges: Vec<CheckedCharge>,
    pub taxes: Vec<TaxAtRate>,
    pub totals: Totals,
}

/// The taxes of lines and charges, per rate (ascending), each rounded once; and the totals.
pub fn totals(
    lines: &[CheckedLine],
    charges: &[CheckedCharge],
    minor_units: u32,
) -> (Vec<TaxAtRate>, Totals) {
    let mut bases: Vec<(Decimal, Decimal)> = Vec::new();
    let mut add = |rate: Decimal, amount: Decimal| match bases.iter_mut().find(|(r, _)| *r == rate)
    {
        Some((_, base)) => *base += amount,
        None => bases.push((rate, amount)),
    };
    for l in lines {
        add(l.tax_rate, l.amount);
    }
    for c in charges {
        add(c.tax_rate, signed(c));
    }
    bases.sort_by_key(|b| b.0);
    let taxes: Vec<TaxAtRate> = bases
        .into_iter()
        .filter(|(rate, _)| !rate.is_zero())
        .map(|(rate, taxable)| TaxAtRate {
            rate,
            taxable,
            amount: round(taxable * rate / Decimal::ONE_HUNDRED, minor_units),
        })
        .collect();
    let lines_total: Decimal = lines.iter().map(|l| l.amount).sum();
    let charges_total: Decimal = charges.iter().map(signed).sum();
    let tax: Decimal = taxes.iter().map(|t| t.amount).sum();
    (
        taxes,
        Totals {
            lines: lines_total,
            charges: charges_total,
            tax,
            total: lines_total + charges_total + tax,
        },
    )
}

fn signed(c: &CheckedCharge) -> Decimal {
    match c.kind {
        ChargeKind::Discount => -c.amount,
        _ => c.amount,
    }
}

fn rate(text: &str, field: String, errors: &mut Vec<FieldError>) -> Decimal {
    if text.trim().is_empty() {
        return Decimal::ZERO;
    }
    match parse_decimal(text)
        .filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED && r.scale() <= 3)
    {
        Some(r) => r,
        None => {
            errors.push(FieldError::new(field, "inv-error-tax-rate"));
            Decimal::ZERO
        }
    }
}

/// The longest invoice number (X12 BIG02 and EDIFACT 1004 take 22 and 35; the shorter is kept).
pub const MAX_NUMBER: usize = 22;

/// The document number: letters, digits and `-/._`, at most [`MAX_NUMBER`] characters.
fn document_number(text: &str, errors: &mut Vec<FieldError>) -> String {
    let number = text.trim().to_owned();
    if number.is_empty()
        || number.chars().count() > MAX_NUMBER
        || !number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-/._".contains(c))
    {
        errors.push(FieldError::new("number", "inv-error-number").with_arg("max", MAX_NUMBER));
    }
    number
}

/// A document date: a date, not after tomorrow (the supplier may be a time zone ahead).
fn document_date(
    text: &str,
    field: &str,
    today: Date,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    match parse_date(text) {
        Some(d) if d > today + time::Duration::days(1) => {
            errors.push(FieldError::new(field, "inv-error-future"));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(FieldError::new(field, "inv-error-date"));
            None
        }
    }
}

/// Charges and allowances with a kind and an amount in minor units (`charge-0-amount`, …); blank rows skipped.
fn checked_charges(
    charges: &[ChargeForm],
    minor_units: u32,
    errors: &mut Vec<FieldError>,
) -> Vec<CheckedCharge> {
    let mut out = Vec::new();
    for (i, c) in charges.iter().enumerate() {
        let field = |name: &str| format!("charge-{i}-{name}");
        if c.kind.trim().is_empty() && c.amount.trim().is_empty() {
            continue;
        }
        let kind = match c.kind.trim() {
            "freight" => Some(ChargeKind::Freight),
            "handling" => Some(ChargeKind::Handling),
            "discount" => Some(ChargeKind::Discount),
            _ => {
                errors.push(FieldError::new(field("kind"), "inv-error-charge-kind"));
                None
            }
        };
        let amount = match parse_decimal(&c.amount)
            .filter(|a| *a > Decimal::ZERO && a.scale() <= minor_units)
        {
            Some(a) => Some(a),
            None => {
                errors.push(
                    FieldError::new(field("amount"), "inv-error-amount")
                        .with_arg("decimals", minor_units),
                );
                None
            }
        };
        let description = c.description.trim().to_owned();
        if description.chars().count() > 80 {
            errors.push(
                FieldError::new(field("description"), "inv-error-text-long").with_arg("max", 80),
            );
        }
        let tax_rate = rate(&c.tax_rate, field("tax_rate"), errors);
        if let (Some(kind), Some(amount)) = (kind, amount) {
            out.push(CheckedCharge {
                kind,
                description,
                amount,
                tax_rate,
            });
        }
    }
    out
}

/// Checks an invoice form against its order lines: a number, dates in order, quantities not above what may be
/// invoiced plus the tolerance, prices and rates as numbers, charges with a kind and an amount. Every mistake at
/// once, by field (`number`, `invoice_date`, `line-2-quantity`, `charge-0-amount`, …).
pub fn check(
    form: &InvoiceForm,
    basis: &[BasisLine],
    tolerances: &MatchTolerances,
    minor_units: u32,
    today: Date,
) -> Result<CheckedInvoice, Vec<FieldError>> {
    let mut errors = Vec::new();
    let number = document_number(&form.number, &mut errors);
    let invoice_date = document_date(&form.invoice_date, "invoice_date", today, &mut errors);
    let due_date = match form.due_date.trim() {
        "" => None,
        t => match parse_date(t) {
            Some(d) if invoice_date.is_some_and(|i| d < i) => {
                errors.push(FieldError::new("due_date", "inv-error-due-early"));
                None
            }
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("due_date", "inv-error-date"));
                None
            }
        },
    };
    let payment_terms = form.payment_terms.trim().to_owned();
    if payment_terms.chars().count() > 80 {
        errors.push(FieldError::new("payment_terms", "inv-error-text-long").with_arg("max", 80));
    }
    let mut lines = Vec::new();
    for l in &form.lines {
        let Some(b) = basis.iter().find(|b| b.line_number == l.line_number) else {
            errors.push(FieldError::new(
                format!("line-{}-quantity", l.line_number),
                "inv-error-line",
            ));
            continue;
        };
        let field = |name: &str| format!("line-{}-{name}", l.line_number);
        if l.quantity.trim().is_empty() || parse_decimal(&l.quantity) == Some(Decimal::ZERO) {
            // A line not invoiced now.
            continue;
        }
        let quantity =
            match parse_decimal(&l.quantity).filter(|q| *q > Decimal::ZERO && q.scale() <= 6) {
                Some(q) if q > b.ceiling(tolerances) => {
                    errors.push(
                        FieldError::new(field("quantity"), "inv-error-over-quantity")
                            .with_arg("allowed", b.ceiling(tolerances).normalize()),
                    );
                    None
                }
                Some(q) => Some(q),
                None => {
                    errors.push(FieldError::new(field("quantity"), "inv-error-quantity"));
                    None
                }
            };
        let unit_price =
            match parse_decimal(&l.unit_price).filter(|p| *p >= Decimal::ZERO && p.scale() <= 6) {
                Some(p) => Some(p),
                None => {
                    errors.push(FieldError::new(field("unit_price"), "inv-error-price"));
                    None
                }
            };
        let tax_rate = rate(&l.tax_rate, field("tax_rate"), &mut errors);
        if let (Some(quantity), Some(unit_price)) = (quantity, unit_price) {
            lines.push(CheckedLine {
                line_number: l.line_number,
                quantity,
                unit_price,
                tax_rate,
                amount: round(quantity * unit_price, minor_units),
            });
        }
    }
    let charges = checked_charges(&form.charges, minor_units, &mut errors);
    if errors.is_empty() && lines.is_empty() {
        errors.push(FieldError::new("lines", "inv-error-no-lines"));
    }
    let (taxes, totals) = totals(&lines, &charges, minor_units);
    if errors.is_empty() && totals.total < Decimal::ZERO {
        errors.push(FieldError::new("charges", "inv-error-negative-total"));
    }
    match invoice_date {
        Some(invoice_date) if errors.is_empty() => Ok(CheckedInvoice {
            number,
            kind: InvoiceKind::Invoice,
            invoice_date,
            due_date,
            payment_terms,
            lines,
            charges,
            taxes,
            totals,
        }),
        _ => Err(errors),
    }
}

/// How one invoiced line compares with the order and what arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineMatch {
    /// Within every tolerance.
    Matched,
    /// The unit price is above the order price beyond the tolerance.
    PriceOver,
    /// More is invoiced than was received (beyond the tolerance).
    QuantityOverReceived,
    /// Nothing of it was received yet (the buyer uses receipts for this order).
    NotReceived,
}

impl LineMatch {
    pub const fn code(self) -> &'static str {
        match self {
            LineMatch::Matched => "matched",
            LineMatch::PriceOver => "price_over",
            LineMatch::QuantityOverReceived => "quantity_over_received",
            LineMatch::NotReceived => "not_received",
        }
    }
}

/// The preview of one line: what the supplier invoices against what the order and the receipts say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePreview {
    pub line_number: i32,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub order_price: Decimal,
    /// Shipped (or ordered, without notices) less earlier invoices.
    pub invoiceable: Decimal,
    pub received: Option<Decimal>,
    pub outcome: LineMatch,
}

/// The match preview: per invoiced line, the comparison under the buyer's tolerances. A line that is not
/// [`LineMatch::Matched`] goes to the buyer as a dispute candidate.
pub fn preview(
    invoice: &CheckedInvoice,
    basis: &[BasisLine],
    t: &MatchTolerances,
) -> Vec<LinePreview> {
    invoice
        .lines
        .iter()
        .filter_map(|l| {
            let b = basis.iter().find(|b| b.line_number == l.line_number)?;
            let price_allowance =
                (b.order_price * t.price_over_pct / Decimal::ONE_HUNDRED).max(t.price_over_abs);
            let outcome = if l.unit_price > b.order_price + price_allowance {
                LineMatch::PriceOver
            } else {
                match b.received {
                    Some(r) if r.is_zero() => LineMatch::NotReceived,
                    Some(r) => {
                        let received_left = r - b.invoiced;
                        let allowed =
                            received_left + r * t.quantity_over_pct / Decimal::ONE_HUNDRED;
                        if l.quantity > allowed {
                            LineMatch::QuantityOverReceived
                        } else {
                            LineMatch::Matched
                        }
                    }
                    None => LineMatch::Matched,
                }
            };
            Some(LinePreview {
                line_number: l.line_number,
                quantity: l.quantity,
                unit_price: l.unit_price,
                order_price: b.order_price,
                invoiceable: b.invoiceable(),
                received: b.received,
                outcome,
            })
        })
        .collect()
}

/// The status an invoice starts in: matched when every line matches, else submitted (for the buyer to decide).
pub fn initial_status(preview: &[LinePreview]) -> InvoiceStatus {
    if preview.iter().all(|p| p.outcome == LineMatch::Matched) {
        InvoiceStatus::Matched
    } else {
        InvoiceStatus::Submitted
    }
}

/// What the new-invoice page starts from: the order (or notice) flipped into a form, with the basis of each line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceStart {
    pub order_id: uuid::Uuid,
    pub order_number: String,
    /// The notice flipped, if any: `(id, number)`.
    pub notice: Option<(uuid::Uuid, String)>,
    pub currency: String,
    pub minor_units: u32,
    pub basis: Vec<BasisLine>,
    pub form: InvoiceForm,
    pub tolerances: MatchTolerances,
}

/// One line of a stored invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLineView {
    pub line_number: i32,
    pub buyer_item: String,
    pub description: String,
    pub unit_of_measure: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub order_price: Decimal,
    pub tax_rate: Decimal,
    pub amount: Decimal,
    /// The match outcome code when submitted (`matched`, `price_over`, …).
    pub outcome: String,
}

/// A stored invoice with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub id: uuid::Uuid,
    pub number: String,
    pub status: InvoiceStatus,
    pub supplier_name: String,
    pub buyer_name: String,
    pub order_id: uuid::Uuid,
    pub order_number: String,
    pub notice: Option<(uuid::Uuid, String)>,
    pub invoice_date: Date,
    pub due_date: Option<Date>,
    pub payment_terms: String,
    pub currency: String,
    pub lines: Vec<InvoiceLineView>,
    pub charges: Vec<CheckedCharge>,
    pub taxes: Vec<TaxAtRate>,
    pub totals: Totals,
    pub dispute_reason: Option<String>,
    pub paid_on: Option<Date>,
    /// The statuses the viewer may move it to (buyers only).
    pub next: Vec<InvoiceStatus>,
    pub kind: InvoiceKind,
    /// For a credit memo: the invoice it credits, `(id, number)`, and why.
    pub credited: Option<(uuid::Uuid, String)>,
    pub credit_reason: Option<credit::CreditReason>,
    /// For an invoice: its credit memos.
    pub credits: Vec<credit::CreditSummary>,
    /// Whether the viewer may issue a credit memo against it (its supplier, while something is left to credit).
    pub may_credit: bool,
    pub attachments: Vec<crate::attachments::AttachmentView>,
    /// Whether the viewer may add a file (its supplier, below the limit).
    pub may_attach: bool,
}

/// One row of the invoice list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: uuid::Uuid,
    pub number: String,
    pub status: InvoiceStatus,
    pub supplier_name: String,
    pub order_number: String,
    pub invoice_date: Date,
    pub total: Decimal,
    pub currency: String,
    pub kind: InvoiceKind,
}

/// The longest dispute reason.
pub const MAX_REASON: usize = 1000;

pub mod credit;

#[cfg(test)]
mod tests;
