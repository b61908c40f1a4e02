//! Credit memos: a supplier credits part of an earlier invoice — goods returned or damaged, a quantity or a price
//! billed too high — and never more than that invoice charged (docs/SHIPPING.md "Credit memos").
//!
//! Each credited line names a line of the invoice: its quantity at most what the invoice billed less what earlier
//! memos credited of it (a price correction credits a price difference on quantities already billed, so it does not
//! use up quantity), its unit price at most the invoice's, its tax rate the invoice's. Freight and handling may be
//! credited too. The memo's total, with every earlier memo of the invoice, stays within the invoice's total.
//! Amounts are rounded as on invoices ([`super::totals`]).

use super::{
    checked_charges, document_date, document_number, round, totals, ChargeForm, CheckedInvoice,
    CheckedLine,
};
use crate::acknowledgement::{parse_decimal, FieldError};
use crate::documents::{ChargeKind, InvoiceKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

/// Why a supplier credits an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditReason {
    /// The buyer sent goods back.
    Returned,
    /// Goods arrived damaged and are not charged.
    Damaged,
    /// More was billed than delivered.
    QuantityCorrection,
    /// The price billed was too high: the difference is credited on quantities already billed.
    PriceCorrection,
    Other,
}

impl CreditReason {
    pub const ALL: [CreditReason; 5] = [
        CreditReason::Returned,
        CreditReason::Damaged,
        CreditReason::QuantityCorrection,
        CreditReason::PriceCorrection,
        CreditReason::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            CreditReason::Returned => "returned",
            CreditReason::Damaged => "damaged",
            CreditReason::QuantityCorrection => "quantity_correction",
            CreditReason::PriceCorrection => "price_correction",
            CreditReason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// Whether the memo gives quantity back: what it credits may be billed again (after a return and a new
    /// delivery). A price correction leaves the quantities billed as they were.
    pub const fn credits_quantity(self) -> bool {
        !matches!(self, CreditReason::PriceCorrection)
    }
}

/// One line of the invoice being credited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditBasisLine {
    pub line_number: i32,
    pub buyer_item: String,
    pub description: String,
    pub unit_of_measure: String,
    /// Billed on the invoice.
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub tax_rate: Decimal,
    /// Credited of it by earlier memos that gave quantity back.
    pub credited: Decimal,
}

impl CreditBasisLine {
    /// The most a memo with `reason` may credit of this line.
    pub fn creditable(&self, reason: Option<CreditReason>) -> Decimal {
        match reason {
            Some(CreditReason::PriceCorrection) => self.quantity,
            _ => (self.quantity - self.credited).max(Decimal::ZERO),
        }
    }
}

/// The invoice a memo credits: its number, date, total, what earlier memos credited, and its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditBasis {
    pub invoice_id: uuid::Uuid,
    pub invoice_number: String,
    pub invoice_date: Date,
    pub currency: String,
    pub minor_units: u32,
    pub invoice_total: Decimal,
    /// The totals of earlier memos of this invoice.
    pub credited_total: Decimal,
    pub lines: Vec<CreditBasisLine>,
}

impl CreditBasis {
    /// What may still be credited of the invoice's total.
    pub fn creditable_total(&self) -> Decimal {
        (self.invoice_total - self.credited_total).max(Decimal::ZERO)
    }
}

/// One credited line on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLineForm {
    pub line_number: i32,
    /// Blank: the line is not credited.
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub unit_price: String,
}

/// The credit memo form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditMemoForm {
    pub number: String,
    pub credit_date: String,
    pub reason: String,
    #[serde(default)]
    pub lines: Vec<CreditLineForm>,
    #[serde(default)]
    pub charges: Vec<ChargeForm>,
}

/// A memo that keeps every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedCredit {
    pub memo: CheckedInvoice,
    pub reason: CreditReason,
}

/// What the new-credit-memo page starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditStart {
    pub basis: CreditBasis,
    pub form: CreditMemoForm,
    pub order_number: String,
}

/// A credit memo as the credited invoice's page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditSummary {
    pub id: uuid::Uuid,
    pub number: String,
    pub total: Decimal,
    pub status: super::InvoiceStatus,
}

/// The form a memo starts from: nothing credited yet, each line's price the invoice's.
pub fn start_form(basis: &CreditBasis, today: Date) -> CreditMemoForm {
    CreditMemoForm {
        number: String::new(),
        credit_date: today.to_string(),
        reason: String::new(),
        lines: basis
            .lines
            .iter()
            .map(|l| CreditLineForm {
                line_number: l.line_number,
                quantity: String::new(),
                unit_price: l.unit_price.normalize().to_string(),
            })
            .collect(),
        charges: Vec::new(),
    }
}

/// Checks a credit memo against the invoice it credits. Every mistake at once, by field (`number`, `credit_date`,
/// `reason`, `line-2-quantity`, `line-2-unit_price`, `charge-0-kind`, `lines` when nothing is credited, `total`
/// when the memos would credit more than the invoice charged).
pub fn check(
    form: &CreditMemoForm,
    basis: &CreditBasis,
    today: Date,
) -> Result<CheckedCredit, Vec<FieldError>> {
    let mut errors = Vec::new();
    let number = document_number(&form.number, &mut errors);
    let credit_date = document_date(&form.credit_date, "credit_date", today, &mut errors);
    if let Some(d) = credit_date {
        if d < basis.invoice_date {
            errors.push(
                FieldError::new("credit_date", "credit-error-before-invoice")
                    .with_arg("date", basis.invoice_date),
            );
        }
    }
    let reason = CreditReason::parse(&form.reason);
    if reason.is_none() {
        errors.push(FieldError::new("reason", "credit-error-reason"));
    }
    let minor_units = basis.minor_units;
    let mut lines = Vec::new();
    for l in &form.lines {
        let field = |name: &str| format!("line-{}-{name}", l.line_number);
        if l.quantity.trim().is_empty() || parse_decimal(&l.quantity) == Some(Decimal::ZERO) {
            continue;
        }
        let Some(b) = basis.lines.iter().find(|b| b.line_number == l.line_number) else {
            errors.push(FieldError::new(field("quantity"), "inv-error-line"));
            continue;
        };
        let allowed = b.creditable(reason);
        let quantity =
            match parse_decimal(&l.quantity).filter(|q| *q > Decimal::ZERO && q.scale() <= 6) {
                Some(q) if q > allowed => {
                    errors.push(
                        FieldError::new(field("quantity"), "credit-error-over-quantity")
                            .with_arg("allowed", allowed.normalize()),
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
            match parse_decimal(&l.unit_price).filter(|p| *p > Decimal::ZERO && p.scale() <= 6) {
                Some(p) if p > b.unit_price => {
                    errors.push(
                        FieldError::new(field("unit_price"), "credit-error-over-price")
                            .with_arg("price", b.unit_price.normalize()),
                    );
                    None
                }
                Some(p) => Some(p),
                None => {
                    errors.push(FieldError::new(field("unit_price"), "inv-error-price"));
                    None
                }
            };
        if let (Some(quantity), Some(unit_price)) = (quantity, unit_price) {
            lines.push(CheckedLine {
                line_number: l.line_number,
                quantity,
                unit_price,
                tax_rate: b.tax_rate,
                amount: round(quantity * unit_price, minor_units),
            });
        }
    }
    let charges = checked_charges(&form.charges, minor_units, &mut errors);
    for (i, c) in form.charges.iter().enumerate() {
        if c.kind.trim() == "discount" {
            errors.push(FieldError::new(
                format!("charge-{i}-kind"),
                "credit-error-discount",
            ));
        }
    }
    if errors.is_empty() && lines.is_empty() && charges.is_empty() {
        errors.push(FieldError::new("lines", "credit-error-nothing"));
    }
    let (taxes, totals) = totals(&lines, &charges, minor_units);
    if errors.is_empty() && totals.total > basis.creditable_total() {
        errors.push(
            FieldError::new("total", "credit-error-over-total")
                .with_arg("total", totals.total)
                .with_arg("allowed", basis.creditable_total()),
        );
    }
    match (credit_date, reason) {
        (Some(credit_date), Some(reason)) if errors.is_empty() => Ok(CheckedCredit {
            memo: CheckedInvoice {
                number,
                kind: InvoiceKind::CreditMemo,
                invoice_date: credit_date,
                due_date: None,
                payment_terms: String::new(),
                lines,
                charges: charges
                    .into_iter()
                    .filter(|c| c.kind != ChargeKind::Discount)
                    .collect(),
                taxes,
                totals,
            },
            reason,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use time::macros::date;

    fn basis() -> CreditBasis {
        CreditBasis {
            invoice_id: uuid::Uuid::nil(),
            invoice_number: "INV-1".into(),
            invoice_date: date!(2026 - 11 - 20),
            currency: "EUR".into(),
            minor_units: 2,
            // 10 × 12.50 + 4 × 3.10 = 137.40, freight 10, 19 % on 147.40 = 28.01 → 175.41
            invoice_total: d("175.41"),
            credited_total: Decimal::ZERO,
            lines: vec![
                CreditBasisLine {
                    line_number: 1,
                    buyer_item: "A".into(),
                    description: "Widget".into(),
                    unit_of_measure: "EA".into(),
                    quantity: d("10"),
                    unit_price: d("12.50"),
                    tax_rate: d("19"),
                    credited: d("2"),
                },
                CreditBasisLine {
                    line_number: 2,
                    buyer_item: "B".into(),
                    description: "Bolt".into(),
                    unit_of_measure: "EA".into(),
                    quantity: d("4"),
                    unit_price: d("3.10"),
                    tax_rate: d("19"),
                    credited: Decimal::ZERO,
                },
            ],
        }
    }

    fn form(reason: &str, lines: &[(i32, &str, &str)]) -> CreditMemoForm {
        CreditMemoForm {
            number: "CM-1".into(),
            credit_date: "2026-11-25".into(),
            reason: reason.into(),
            lines: lines
                .iter()
                .map(|(n, q, p)| CreditLineForm {
                    line_number: *n,
                    quantity: (*q).into(),
                    unit_price: (*p).into(),
                })
                .collect(),
            charges: Vec::new(),
        }
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    const TODAY: Date = date!(2026 - 11 - 26);

    fn fields(e: Vec<FieldError>) -> Vec<(String, String)> {
        e.into_iter().map(|e| (e.field, e.message)).collect()
    }

    #[test]
    fn a_returned_line_is_credited_at_the_invoice_rate() {
        let c = check(&form("returned", &[(1, "3", "12.50")]), &basis(), TODAY).unwrap();
        assert_eq!(c.reason, CreditReason::Returned);
        assert_eq!(c.memo.kind, InvoiceKind::CreditMemo);
        // 3 × 12.50 = 37.50; 19 % = 7.125 → 7.13; 44.63.
        assert_eq!(c.memo.lines[0].amount, d("37.50"));
        assert_eq!(c.memo.lines[0].tax_rate, d("19"));
        assert_eq!(c.memo.totals.tax, d("7.13"));
        assert_eq!(c.memo.totals.total, d("44.63"));
    }

    #[test]
    fn quantity_is_limited_by_what_earlier_memos_credited() {
        // 10 billed, 2 credited: 8 left.
        let e = check(&form("returned", &[(1, "9", "12.50")]), &basis(), TODAY).unwrap_err();
        assert_eq!(
            fields(e),
            vec![(
                "line-1-quantity".to_owned(),
                "credit-error-over-quantity".to_owned()
            )]
        );
        assert!(check(&form("returned", &[(1, "8", "12.50")]), &basis(), TODAY).is_ok());
    }

    #[test]
    fn a_price_correction_credits_a_difference_on_all_that_was_billed() {
        let c = check(
            &form("price_correction", &[(1, "10", "0.50")]),
            &basis(),
            TODAY,
        )
        .unwrap();
        assert_eq!(c.memo.lines[0].amount, d("5.00"));
        assert!(!c.reason.credits_quantity());
    }

    #[test]
    fn a_price_above_the_invoice_is_refused() {
        let e = check(&form("returned", &[(2, "1", "3.11")]), &basis(), TODAY).unwrap_err();
        assert_eq!(e[0].field, "line-2-unit_price");
        assert_eq!(e[0].message, "credit-error-over-price");
    }

    #[test]
    fn the_memos_together_stay_within_the_invoice_total() {
        let mut b = basis();
        b.credited_total = d("150");
        // 4 × 3.10 = 12.40 + 19 % 2.36 = 14.76 ≤ 25.41; 8 × 12.50 = 100 + 19 = 119 > 25.41.
        assert!(check(&form("returned", &[(2, "4", "3.10")]), &b, TODAY).is_ok());
        let e = check(&form("returned", &[(1, "8", "12.50")]), &b, TODAY).unwrap_err();
        assert_eq!(
            fields(e),
            vec![("total".to_owned(), "credit-error-over-total".to_owned())]
        );
    }

    #[test]
    fn every_mistake_at_once() {
        let mut f = form("", &[(1, "x", "12.50"), (2, "1", "-1"), (7, "1", "1")]);
        f.number = String::new();
        f.credit_date = "2026-11-19".into();
        f.charges = vec![ChargeForm {
            kind: "discount".into(),
            amount: "5".into(),
            description: String::new(),
            tax_rate: String::new(),
        }];
        let got = fields(check(&f, &basis(), TODAY).unwrap_err());
        let want: Vec<(String, String)> = [
            ("number", "inv-error-number"),
            ("credit_date", "credit-error-before-invoice"),
            ("reason", "credit-error-reason"),
            ("line-1-quantity", "inv-error-quantity"),
            ("line-2-unit_price", "inv-error-price"),
            ("line-7-quantity", "inv-error-line"),
            ("charge-0-kind", "credit-error-discount"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn nothing_credited_is_a_mistake() {
        let e = check(&form("other", &[(1, "", "12.50")]), &basis(), TODAY).unwrap_err();
        assert_eq!(e[0].field, "lines");
    }

    #[test]
    fn freight_may_be_credited_alone() {
        let mut f = form("other", &[]);
        f.charges = vec![ChargeForm {
            kind: "freight".into(),
            amount: "10".into(),
            description: String::new(),
            tax_rate: "19".into(),
        }];
        let c = check(&f, &basis(), TODAY).unwrap();
        assert_eq!(c.memo.totals.total, d("11.90"));
    }
}
