//! The supplier's documents as the canonical events carry them and the EDI mappings write them: the purchase order
//! acknowledgement (X12 855, EDIFACT ORDRSP), the advance ship notice with its SSCC-labelled packages (856,
//! DESADV) and the invoice or credit memo (810, INVOIC). Quantities and prices are exact decimals; dates are calendar dates.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// The supplier's answer to an order as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckKind {
    /// Every line as ordered.
    Accepted,
    /// Some lines changed or rejected.
    AcceptedWithChanges,
    /// The whole order rejected.
    Rejected,
}

/// The supplier's answer to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineAnswer {
    Accepted,
    Changed,
    Rejected,
}

/// A quantity the supplier promises for a date (a line split into several when it ships in parts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleLine {
    pub quantity: Decimal,
    pub date: Date,
}

/// One line of an acknowledgement: what was ordered and what the supplier answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckLine {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub ordered_quantity: Decimal,
    pub ordered_price: Decimal,
    pub requested_date: Option<Date>,
    pub answer: LineAnswer,
    /// The acknowledged unit price (the ordered one unless changed).
    pub price: Decimal,
    /// What the supplier promises; empty for a rejected line.
    pub schedule: Vec<ScheduleLine>,
    /// The reason code of a change or rejection (e.g. `out_of_stock`, `price_change`, `lead_time`).
    pub reason: Option<String>,
}

/// What changed on a line, as the X12 line status codes name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStatus {
    /// IA: accepted as ordered.
    Accepted,
    /// IR: rejected.
    Rejected,
    /// IQ: quantity changed.
    QuantityChanged,
    /// IP: price changed.
    PriceChanged,
    /// DR: date rescheduled.
    DateChanged,
    /// IC: more than one of quantity, price and date changed.
    Changed,
}

impl LineStatus {
    /// The X12 ACK01 code.
    pub fn x12(self) -> &'static str {
        match self {
            LineStatus::Accepted => "IA",
            LineStatus::Rejected => "IR",
            LineStatus::QuantityChanged => "IQ",
            LineStatus::PriceChanged => "IP",
            LineStatus::DateChanged => "DR",
            LineStatus::Changed => "IC",
        }
    }
}

impl AckLine {
    /// The promised quantity in all.
    pub fn promised_quantity(&self) -> Decimal {
        self.schedule.iter().map(|s| s.quantity).sum()
    }

    /// What changed, from the ordered and acknowledged values (not from [`Self::answer`] alone, so a "changed"
    /// line that changes nothing reads as accepted).
    pub fn status(&self) -> LineStatus {
        if self.answer == LineAnswer::Rejected {
            return LineStatus::Rejected;
        }
        let quantity = self.promised_quantity() != self.ordered_quantity;
        let price = self.price != self.ordered_price;
        let date = match self.requested_date {
            Some(requested) => self.schedule.iter().any(|s| s.date != requested),
            None => false,
        };
        match (quantity, price, date) {
            (false, false, false) => LineStatus::Accepted,
            (true, false, false) => LineStatus::QuantityChanged,
            (false, true, false) => LineStatus::PriceChanged,
            (false, false, true) => LineStatus::DateChanged,
            _ => LineStatus::Changed,
        }
    }
}

/// A purchase order acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The acknowledgement's own reference (BAK08, BGM02).
    pub reference: String,
    pub order_number: String,
    pub order_version: i32,
    pub order_date: Date,
    pub acknowledged_on: Date,
    pub kind: AckKind,
    pub currency: String,
    /// The supplier: the buyer's code for it and its name.
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub lines: Vec<AckLine>,
}

impl Acknowledgement {
    /// What the answer promises per line once it takes effect: `(line number, date of the last delivery, quantity in
    /// all)` for every line not rejected (a line on time is one whose last quantity arrives by its last date).
    pub fn promises(&self) -> Vec<(i32, Date, Decimal)> {
        self.lines
            .iter()
            .filter(|l| l.answer != LineAnswer::Rejected)
            .filter_map(|l| {
                let last = l.schedule.iter().map(|s| s.date).max()?;
                Some((l.line_number, last, l.promised_quantity()))
            })
            .collect()
    }
}

/// A Serial Shipping Container Code (SSCC-18): 18 digits, the last a GS1 mod-10 check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sscc(String);

/// Why a text is not an SSCC.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SsccError {
    #[error("an SSCC has 18 digits")]
    Length,
    #[error("the check digit should be {0}")]
    CheckDigit(u8),
}

impl Sscc {
    /// The GS1 check digit of the digits before it: from the right, weights 3, 1, 3, 1, …
    pub fn check_digit(digits: &str) -> u8 {
        let sum: u32 = digits
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
            .sum();
        ((10 - sum % 10) % 10) as u8
    }

    /// Reads an SSCC, checking its length and check digit.
    pub fn parse(text: &str) -> Result<Self, SsccError> {
        let t = text.trim();
        if t.len() != 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SsccError::Length);
        }
        let expected = Self::check_digit(&t[..17]);
        if t.as_bytes()[17] - b'0' != expected {
            return Err(SsccError::CheckDigit(expected));
        }
        Ok(Self(t.to_owned()))
    }

    /// Makes an SSCC from an extension digit, a GS1 company prefix and a serial reference (together 16 digits).
    pub fn new(extension: u8, company_prefix: &str, serial: u64) -> Result<Self, SsccError> {
        let serial_width = 16usize.saturating_sub(company_prefix.len());
        if extension > 9
            || !(6..=12).contains(&company_prefix.len())
            || !company_prefix.bytes().all(|b| b.is_ascii_digit())
            || serial >= 10u64.pow(serial_width as u32)
        {
            return Err(SsccError::Length);
        }
        let body = format!("{extension}{company_prefix}{serial:0serial_width$}");
        let check = Self::check_digit(&body);
        Ok(Self(format!("{body}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sscc {
    type Error = SsccError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Sscc> for String {
    fn from(s: Sscc) -> String {
        s.0
    }
}

/// A pallet or a carton.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    Pallet,
    Carton,
}

/// A quantity of an order line, packed or loose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedItem {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub quantity: Decimal,
    pub unit_of_measure: String,
}

/// A labelled package: a pallet (holding cartons or items) or a carton (holding items).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub sscc: Sscc,
    pub kind: PackageKind,
    pub contents: Vec<Package>,
    pub items: Vec<PackedItem>,
}

/// What one order contributes to a shipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedOrder {
    pub order_number: String,
    pub order_date: Date,
    pub packages: Vec<Package>,
    /// Items shipped without a labelled package.
    pub loose: Vec<PackedItem>,
}

/// An advance ship notice (X12 856, EDIFACT DESADV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipNotice {
    pub number: String,
    pub shipped_on: Date,
    pub expected_delivery: Option<Date>,
    /// The carrier's SCAC.
    pub carrier_scac: String,
    pub service_level: Option<String>,
    pub tracking_number: Option<String>,
    pub bill_of_lading: Option<String>,
    pub gross_weight_kg: Option<Decimal>,
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub ship_to_name: String,
    pub ship_to_address: String,
    pub orders: Vec<ShippedOrder>,
}

/// An invoice or a credit memo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    CreditMemo,
}

/// One invoiced line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_of_measure: String,
    pub unit_price: Decimal,
}

impl InvoiceLine {
    /// Quantity times price, to the cent.
    pub fn amount(&self) -> Decimal {
        (self.quantity * self.unit_price)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// A charge or allowance on the whole invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    Freight,
    Handling,
    /// An allowance: it reduces the total.
    Discount,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub kind: ChargeKind,
    /// Positive; a discount is subtracted.
    pub amount: Decimal,
    pub description: String,
}

/// A tax on the invoice: its rate in percent, the amount it applies to, and the tax.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    pub rate: Decimal,
    pub taxable: Decimal,
    pub amount: Decimal,
}

/// An invoice (X12 810, EDIFACT INVOIC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub number: String,
    pub kind: InvoiceKind,
    pub invoice_date: Date,
    pub order_number: String,
    pub order_date: Date,
    pub ship_notice_number: Option<String>,
    /// For a credit memo: the invoice it credits.
    pub credited_invoice: Option<String>,
    pub currency: String,
    pub payment_terms: String,
    pub due_date: Option<Date>,
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub lines: Vec<InvoiceLine>,
    pub charges: Vec<Charge>,
    pub taxes: Vec<TaxLine>,
}

impl Invoice {
    pub fn lines_total(&self) -> Decimal {
        self.lines.iter().map(InvoiceLine::amount).sum()
    }

    /// Charges less allowances.
    pub fn charges_total(&self) -> Decimal {
        self.charges
            .iter()
            .map(|c| match c.kind {
                ChargeKind::Discount => -c.amount,
                _ => c.amount,
            })
            .sum()
    }

    pub fn tax_total(&self) -> Decimal {
        self.taxes.iter().map(|t| t.amount).sum()
    }

    /// Lines, charges less allowances, and taxes.
    pub fn total(&self) -> Decimal {
        self.lines_total() + self.charges_total() + self.tax_total()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn line() -> AckLine {
        AckLine {
            line_number: 10,
            buyer_item: "300-3100".into(),
            supplier_part: None,
            description: "Void fill paper roll".into(),
            unit_of_measure: "RL".into(),
            ordered_quantity: Decimal::new(60, 0),
            ordered_price: Decimal::new(4200, 2),
            requested_date: Some(date!(2026 - 12 - 09)),
            answer: LineAnswer::Changed,
            price: Decimal::new(4200, 2),
            schedule: vec![ScheduleLine {
                quantity: Decimal::new(60, 0),
                date: date!(2026 - 12 - 09),
            }],
            reason: None,
        }
    }

    #[test]
    fn the_line_status_follows_what_changed() {
        assert_eq!(line().status(), LineStatus::Accepted);
        let mut l = line();
        l.schedule[0].quantity = Decimal::new(50, 0);
        assert_eq!(l.status().x12(), "IQ");
        let mut l = line();
        l.price = Decimal::new(4100, 2);
        assert_eq!(l.status().x12(), "IP");
        let mut l = line();
        l.schedule = vec![
            ScheduleLine {
                quantity: Decimal::new(40, 0),
                date: date!(2026 - 12 - 09),
            },
            ScheduleLine {
                quantity: Decimal::new(20, 0),
                date: date!(2026 - 12 - 16),
            },
        ];
        assert_eq!(l.status().x12(), "DR", "split with the same total");
        l.price = Decimal::new(4100, 2);
        assert_eq!(l.status().x12(), "IC");
        l.answer = LineAnswer::Rejected;
        assert_eq!(l.status().x12(), "IR");
    }
}

#[cfg(test)]
mod sscc_tests {
    use super::*;

    #[test]
    fn sscc_check_digits_follow_gs1() {
        // GS1's own example, and numbers made from a company prefix and a serial.
        assert_eq!(
            Sscc::parse("106141411234567897").unwrap().as_str(),
            "106141411234567897"
        );
        assert_eq!(Sscc::check_digit("10614141123456789"), 7);
        assert_eq!(
            Sscc::new(3, "4012345", 1).unwrap().as_str(),
            "340123450000000017"
        );
        assert_eq!(
            Sscc::new(0, "0000000", 0).unwrap().as_str(),
            "000000000000000000"
        );
        assert_eq!(
            Sscc::parse("106141411234567890"),
            Err(SsccError::CheckDigit(7))
        );
        assert_eq!(Sscc::parse("10614141123456789"), Err(SsccError::Length));
        assert_eq!(Sscc::parse("10614141123456789A"), Err(SsccError::Length));
        assert_eq!(
            Sscc::new(0, "4012345", 1_000_000_000),
            Err(SsccError::Length)
        );
        assert_eq!(Sscc::new(10, "4012345", 1), Err(SsccError::Length));
    }
}
