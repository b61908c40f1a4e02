//! Purchase orders as the supplier and the buyer see them.

use crate::ids::{PurchaseOrderId, SupplierId};
use crate::money::{CurrencyCode, UnitOfMeasure};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// Where a purchase order stands in its life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoStatus {
    /// Received from the buyer, waiting for the supplier's acknowledgement.
    New,
    /// Accepted by the supplier as ordered.
    Acknowledged,
    /// Acknowledged with changes that wait for the buyer's review.
    ChangePending,
    /// The buyer answered the supplier's changes with values of its own; waits for the supplier.
    Countered,
    /// Rejected by the supplier.
    Rejected,
    /// Some lines shipped.
    PartiallyShipped,
    /// All lines shipped.
    Shipped,
    /// Invoiced by the supplier.
    Invoiced,
    /// Complete; nothing more happens.
    Closed,
    /// Cancelled by the buyer.
    Cancelled,
}

/// A status code that is not one of [`PoStatus`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown purchase order status '{0}'; expected one of: new, acknowledged, change_pending, countered, rejected, partially_shipped, shipped, invoiced, closed, cancelled")]
pub struct UnknownStatus(pub String);

impl PoStatus {
    /// Every status, in life-cycle order (used for filters).
    pub const ALL: [PoStatus; 10] = [
        PoStatus::New,
        PoStatus::Acknowledged,
        PoStatus::ChangePending,
        PoStatus::Countered,
        PoStatus::Rejected,
        PoStatus::PartiallyShipped,
        PoStatus::Shipped,
        PoStatus::Invoiced,
        PoStatus::Closed,
        PoStatus::Cancelled,
    ];

    /// The stable code stored in the database and used in URLs.
    pub const fn code(self) -> &'static str {
        match self {
            PoStatus::New => "new",
            PoStatus::Acknowledged => "acknowledged",
            PoStatus::ChangePending => "change_pending",
            PoStatus::Countered => "countered",
            PoStatus::Rejected => "rejected",
            PoStatus::PartiallyShipped => "partially_shipped",
            PoStatus::Shipped => "shipped",
            PoStatus::Invoiced => "invoiced",
            PoStatus::Closed => "closed",
            PoStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the supplier still has something to do on this order.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            PoStatus::New
                | PoStatus::Acknowledged
                | PoStatus::ChangePending
                | PoStatus::Countered
                | PoStatus::PartiallyShipped
        )
    }
}

impl FromStr for PoStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PoStatus::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

impl fmt::Display for PoStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of a PO inbox or list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoSummary {
    pub id: PurchaseOrderId,
    pub number: String,
    pub version: i32,
    pub status: PoStatus,
    pub order_date: Date,
    /// The earliest requested delivery date over the lines, if any line has one.
    pub first_requested_date: Option<Date>,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub currency: CurrencyCode,
    pub total: Decimal,
    pub line_count: i64,
}

/// One line of a purchase order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoLine {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_of_measure: UnitOfMeasure,
    pub unit_price: Decimal,
    pub requested_date: Option<Date>,
}

impl PoLine {
    /// Quantity times unit price, unrounded.
    pub fn amount(&self) -> Decimal {
        self.quantity * self.unit_price
    }
}

/// A purchase order with its header and lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoDetail {
    pub id: PurchaseOrderId,
    pub number: String,
    pub version: i32,
    pub status: PoStatus,
    pub order_date: Date,
    pub currency: CurrencyCode,
    pub buyer_name: String,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub supplier_code: String,
    pub ship_to_name: String,
    pub ship_to_address: String,
    pub payment_terms: String,
    pub incoterms: Option<String>,
    pub notes: Option<String>,
    pub lines: Vec<PoLine>,
}

impl PoDetail {
    /// Sum of all line amounts, rounded to the currency's minor units (banker's rounding is not used for display
    /// totals: half away from zero, as invoices do).
    pub fn total(&self) -> Decimal {
        let sum: Decimal = self.lines.iter().map(PoLine::amount).sum();
        sum.round_dp_with_strategy(
            self.currency.minor_units(),
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    }
}

/// A field of an order that a change order changed, with its value before and after (as plain text; dates
/// `YYYY-MM-DD`, numbers normalised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// `order_date`, `ship_to`, `payment_terms`, `incoterms`, `notes`, `currency`; per line `quantity`,
    /// `unit_price`, `requested_date`, `item`, `description`, `unit`.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What a change order did to one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum LineChange {
    Added {
        line_number: i32,
    },
    Removed {
        line_number: i32,
    },
    Changed {
        line_number: i32,
        fields: Vec<FieldChange>,
    },
}

/// What changed between two versions of an order, for the order page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionChanges {
    pub from_version: i32,
    pub to_version: i32,
    pub header: Vec<FieldChange>,
    pub lines: Vec<LineChange>,
}

impl VersionChanges {
    /// The differences from `before` to `after` (same order, two versions).
    pub fn between(before: &PoDetail, after: &PoDetail) -> Self {
        fn text(d: &Option<Date>) -> String {
            d.map(|d| d.to_string()).unwrap_or_default()
        }
        fn push(out: &mut Vec<FieldChange>, field: &str, before: String, after: String) {
            if before != after {
                out.push(FieldChange {
                    field: field.to_owned(),
                    before,
                    after,
                });
            }
        }
        let mut header = Vec::new();
        push(
            &mut header,
            "order_date",
            before.order_date.to_string(),
            after.order_date.to_string(),
        );
        push(
            &mut header,
            "currency",
            before.currency.to_string(),
            after.currency.to_string(),
        );
        push(
            &mut header,
            "ship_to",
            format!("{}, {}", before.ship_to_name, before.ship_to_address),
            format!("{}, {}", after.ship_to_name, after.ship_to_address),
        );
        push(
            &mut header,
            "payment_terms",
            before.payment_terms.clone(),
            after.payment_terms.clone(),
        );
        push(
            &mut header,
            "incoterms",
            before.incoterms.clone().unwrap_or_default(),
            after.incoterms.clone().unwrap_or_default(),
        );
        push(
            &mut header,
            "notes",
            before.notes.clone().unwrap_or_default(),
            after.notes.clone().unwrap_or_default(),
        );
        let mut lines = Vec::new();
        for old in &before.lines {
            match after
                .lines
                .iter()
                .find(|l| l.line_number == old.line_number)
            {
                None => lines.push(LineChange::Removed {
                    line_number: old.line_number,
                }),
                Some(new) => {
                    let mut fields = Vec::new();
                    push(
                        &mut fields,
                        "item",
                        old.buyer_item.clone(),
                        new.buyer_item.clone(),
                    );
                    push(
                        &mut fields,
                        "description",
                        old.description.clone(),
                        new.description.clone(),
                    );
                    push(
                        &mut fields,
                        "quantity",
                        old.quantity.normalize().to_string(),
                        new.quantity.normalize().to_string(),
                    );
                    push(
                        &mut fields,
                        "unit",
                        old.unit_of_measure.to_string(),
                        new.unit_of_measure.to_string(),
                    );
                    push(
                        &mut fields,
                        "unit_price",
                        old.unit_price.normalize().to_string(),
                        new.unit_price.normalize().to_string(),
                    );
                    push(
                        &mut fields,
                        "requested_date",
                        text(&old.requested_date),
                        text(&new.requested_date),
                    );
                    if !fields.is_empty() {
                        lines.push(LineChange::Changed {
                            line_number: old.line_number,
                            fields,
                        });
                    }
                }
            }
        }
        for new in &after.lines {
            if !before
                .lines
                .iter()
                .any(|l| l.line_number == new.line_number)
            {
                lines.push(LineChange::Added {
                    line_number: new.line_number,
                });
            }
        }
        lines.sort_by_key(|c| match c {
            LineChange::Added { line_number }
            | LineChange::Removed { line_number }
            | LineChange::Changed { line_number, .. } => *line_number,
        });
        Self {
            from_version: before.version,
            to_version: after.version,
            header,
            lines,
        }
    }

    /// Whether nothing an acknowledgement answers changed.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn a_change_order_lists_what_changed_line_by_line() {
        let line = |n: i32, q: &str, p: &str| PoLine {
            line_number: n,
            buyer_item: format!("ITEM-{n}"),
            supplier_part: None,
            description: "Widget".into(),
            quantity: Decimal::from_str(q).unwrap(),
            unit_of_measure: UnitOfMeasure::parse("EA").unwrap(),
            unit_price: Decimal::from_str(p).unwrap(),
            requested_date: Some(time::macros::date!(2026 - 12 - 01)),
        };
        let before = PoDetail {
            id: PurchaseOrderId(uuid::Uuid::nil()),
            number: "4500".into(),
            version: 1,
            status: PoStatus::Acknowledged,
            order_date: time::macros::date!(2026 - 11 - 02),
            currency: CurrencyCode::parse("EUR").unwrap(),
            buyer_name: "B".into(),
            supplier_id: SupplierId(uuid::Uuid::nil()),
            supplier_name: "S".into(),
            supplier_code: "S".into(),
            ship_to_name: "DC".into(),
            ship_to_address: "Street 1".into(),
            payment_terms: "Net 30".into(),
            incoterms: None,
            notes: None,
            lines: vec![
                line(10, "100", "2.50"),
                line(20, "10", "40"),
                line(30, "5", "1"),
            ],
        };
        let mut after = before.clone();
        after.version = 2;
        after.status = PoStatus::New;
        after.payment_terms = "Net 45".into();
        after.lines[0].quantity = Decimal::from_str("80.0").unwrap();
        after.lines[0].requested_date = Some(time::macros::date!(2026 - 12 - 08));
        after.lines.remove(2);
        after.lines.push(line(40, "1", "9"));
        let changes = VersionChanges::between(&before, &after);
        assert_eq!((changes.from_version, changes.to_version), (1, 2));
        assert_eq!(
            changes.header,
            vec![FieldChange {
                field: "payment_terms".into(),
                before: "Net 30".into(),
                after: "Net 45".into()
            }]
        );
        assert_eq!(
            changes.lines,
            vec![
                LineChange::Changed {
                    line_number: 10,
                    fields: vec![
                        FieldChange {
                            field: "quantity".into(),
                            before: "100".into(),
                            after: "80".into()
                        },
                        FieldChange {
                            field: "requested_date".into(),
                            before: "2026-12-01".into(),
                            after: "2026-12-08".into()
                        },
                    ]
                },
                LineChange::Removed { line_number: 30 },
                LineChange::Added { line_number: 40 },
            ]
        );
        assert!(VersionChanges::between(&before, &before).is_empty());
    }

    #[test]
    fn status_codes_round_trip() {
        for st in PoStatus::ALL {
            assert_eq!(st.code().parse::<PoStatus>().unwrap(), st);
        }
        let err = "open".parse::<PoStatus>().unwrap_err();
        assert!(err.to_string().contains("'open'"));
    }

    #[test]
    fn totals_use_decimal_arithmetic_and_currency_rounding() {
        let line = |q: &str, p: &str| PoLine {
            line_number: 1,
            buyer_item: "X".into(),
            supplier_part: None,
            description: "d".into(),
            quantity: Decimal::from_str(q).unwrap(),
            unit_of_measure: UnitOfMeasure::parse("EA").unwrap(),
            unit_price: Decimal::from_str(p).unwrap(),
            requested_date: None,
        };
        let po = PoDetail {
            id: PurchaseOrderId(uuid::Uuid::nil()),
            number: "PO-1".into(),
            version: 1,
            status: PoStatus::New,
            order_date: time::macros::date!(2026 - 01 - 02),
            currency: CurrencyCode::parse("EUR").unwrap(),
            buyer_name: "B".into(),
            supplier_id: SupplierId(uuid::Uuid::nil()),
            supplier_name: "S".into(),
            supplier_code: "S1".into(),
            ship_to_name: "DC".into(),
            ship_to_address: "Street".into(),
            payment_terms: "Net 30".into(),
            incoterms: None,
            notes: None,
            // 0.1 + 0.2 would not be 0.3 in floating point; 3 x 0.335 = 1.005 rounds half away from zero to 1.01.
            lines: vec![line("1", "0.1"), line("1", "0.2"), line("3", "0.335")],
        };
        assert_eq!(po.total(), Decimal::from_str("1.31").unwrap());
    }
}
