//! The supplier's documents as the canonical events carry them and the EDI mappings write them: the purchase order
//! acknowledgement (X12 855, EDIFACT ORDRSP). Quantities and prices are exact decimals; dates are calendar dates.

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
