//! Goods receipts: what the buyer's ERP or WMS reports as arrived against a ship notice or order lines, with
//! rejected quantities and their reasons. The supplier sees them on the order and the notice; they feed the invoice
//! match (received quantities) and the scorecards (on time, in full).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// Why goods were rejected at receipt (codes the API takes and the pages translate as `receipt-reason-{code}`).
pub const REJECT_REASONS: [&str; 6] = [
    "damaged",
    "wrong_item",
    "quality",
    "over_shipment",
    "late",
    "other",
];

/// Whether `code` is one of [`REJECT_REASONS`].
pub fn is_reject_reason(code: &str) -> bool {
    REJECT_REASONS.contains(&code)
}

/// One received line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLineView {
    pub order_id: Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub buyer_item: String,
    pub unit_of_measure: String,
    pub received: Decimal,
    pub rejected: Decimal,
    pub reject_reason: Option<String>,
}

/// A goods receipt as both sides see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub id: Uuid,
    /// The ERP's receipt number.
    pub reference: String,
    pub received_on: Date,
    /// The notice it receives, if any: `(id, number)`.
    pub ship_notice: Option<(Uuid, String)>,
    pub lines: Vec<ReceiptLineView>,
}
