//! `purchase_order.acknowledged.v1`: the supplier answered an order — accepted it, changed lines, or rejected it —
//! with the outcome (accepted at once, inside the buyer's change policy, waiting for the buyer, or rejected) and,
//! per line, what changed and whether the policy allowed it. Carries everything the 855 / ORDRSP needs, so the EDI
//! sink writes the document from the event alone.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::acknowledgement::{AckOutcome, LineVerdict};
use portico_domain::documents::{AckKind, AckLine, Acknowledgement, LineAnswer, ScheduleLine};
use portico_domain::{PoStatus, TenantId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// The event's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrderAcknowledged {
    pub purchase_order: AckOrderRef,
    pub supplier: SupplierRef,
    pub acknowledgement: AckPayload,
}

/// The order answered, with its status after the answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AckOrderRef {
    pub id: Uuid,
    pub number: String,
    pub version: i32,
    pub order_date: String,
    pub status: String,
    pub currency: String,
    pub buyer_name: String,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AckPayload {
    pub id: Uuid,
    pub reference: String,
    /// `accepted`, `accepted_with_changes`, `rejected`.
    pub kind: AckKind,
    /// `accepted`, `auto_accepted`, `pending_review`, `order_rejected`.
    pub outcome: AckOutcome,
    pub acknowledged_on: String,
    /// A whole-order rejection's reason code.
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub lines: Vec<AckLinePayload>,
}

/// One line: what was ordered, what the supplier answers, and the policy's judgement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AckLinePayload {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub ordered_quantity: String,
    pub ordered_price: String,
    pub requested_date: Option<String>,
    pub answer: LineAnswer,
    /// The X12 line status code (IA, IR, IQ, IP, DR, IC).
    pub status_code: String,
    pub quantity: String,
    pub price: String,
    pub schedule: Vec<SchedulePayload>,
    pub reason: Option<String>,
    pub comment: Option<String>,
    /// What the answer changes: `quantity`, `price`, `date`, `split`, `rejected`.
    pub changed: Vec<String>,
    pub within_policy: bool,
}

/// One promised delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchedulePayload {
    pub quantity: String,
    pub date: String,
}

fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// What an answer was, for [`PurchaseOrderAcknowledged::new`].
pub struct Answered<'a> {
    pub order_id: Uuid,
    pub status: PoStatus,
    pub supplier: SupplierRef,
    pub ack_id: Uuid,
    pub document: &'a Acknowledgement,
    pub outcome: AckOutcome,
    pub reason: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub line_comments: &'a [Option<String>],
    pub verdicts: &'a [LineVerdict],
}

impl PurchaseOrderAcknowledged {
    /// The payload of an answer.
    pub fn new(a: Answered<'_>) -> Self {
        let d = a.document;
        let lines = d
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let verdict = a.verdicts.iter().find(|v| v.line_number == l.line_number);
                AckLinePayload {
                    line_number: l.line_number,
                    buyer_item: l.buyer_item.clone(),
                    supplier_part: l.supplier_part.clone(),
                    description: l.description.clone(),
                    unit_of_measure: l.unit_of_measure.clone(),
                    ordered_quantity: text(l.ordered_quantity),
                    ordered_price: text(l.ordered_price),
                    requested_date: l.requested_date.map(|d| d.to_string()),
                    answer: l.answer,
                    status_code: l.status().x12().to_owned(),
                    quantity: text(l.promised_quantity()),
                    price: text(l.price),
                    schedule: l
                        .schedule
                        .iter()
                        .map(|s| SchedulePayload {
                            quantity: text(s.quantity),
                            date: s.date.to_string(),
                        })
                        .collect(),
                    reason: l.reason.clone(),
                    comment: a.line_comments.get(i).cloned().flatten(),
                    changed: verdict
                        .map(|v| v.changed.iter().map(|c| c.code().to_owned()).collect())
                        .unwrap_or_default(),
                    within_policy: verdict.is_none_or(LineVerdict::within_policy),
                }
            })
            .collect();
        Self {
            purchase_order: AckOrderRef {
                id: a.order_id,
                number: d.order_number.clone(),
                version: d.order_version,
                order_date: d.order_date.to_string(),
                status: a.status.code().to_owned(),
                currency: d.currency.clone(),
                buyer_name: d.buyer_name.clone(),
            },
            supplier: a.supplier,
            acknowledgement: AckPayload {
                id: a.ack_id,
                reference: d.reference.clone(),
                kind: d.kind,
                outcome: a.outcome,
                acknowledged_on: d.acknowledged_on.to_string(),
                reason: a.reason.map(str::to_owned),
                comment: a.comment.map(str::to_owned),
                lines,
            },
        }
    }

    /// The event to record, with the order's correlation id.
    pub fn event(
        &self,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type: EventType::PurchaseOrderAcknowledged,
            subject: format!("purchase-orders/{}", self.purchase_order.id),
            document: self.purchase_order.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }

    /// The canonical document back from the event (what the EDI sink writes as an 855 or ORDRSP).
    pub fn document(&self) -> Result<Acknowledgement, String> {
        let date = |s: &str| {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Date::parse(s, &format).map_err(|e| format!("date '{s}': {e}"))
        };
        let decimal = |s: &str| {
            s.parse::<Decimal>()
                .map_err(|e| format!("decimal '{s}': {e}"))
        };
        let lines = self
            .acknowledgement
            .lines
            .iter()
            .map(|l| {
                Ok(AckLine {
                    line_number: l.line_number,
                    buyer_item: l.buyer_item.clone(),
                    supplier_part: l.supplier_part.clone(),
                    description: l.description.clone(),
                    unit_of_measure: l.unit_of_measure.clone(),
                    ordered_quantity: decimal(&l.ordered_quantity)?,
                    ordered_price: decimal(&l.ordered_price)?,
                    requested_date: l.requested_date.as_deref().map(date).transpose()?,
                    answer: l.answer,
                    price: decimal(&l.price)?,
                    schedule: l
                        .schedule
                        .iter()
                        .map(|s| {
                            Ok(ScheduleLine {
                                quantity: decimal(&s.quantity)?,
                                date: date(&s.date)?,
                            })
                        })
                        .collect::<Result<_, String>>()?,
                    reason: l.reason.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Acknowledgement {
            reference: self.acknowledgement.reference.clone(),
            order_number: self.purchase_order.number.clone(),
            order_version: self.purchase_order.version,
            order_date: date(&self.purchase_order.order_date)?,
            acknowledged_on: date(&self.acknowledgement.acknowledged_on)?,
            kind: self.acknowledgement.kind,
            currency: self.purchase_order.currency.clone(),
            supplier_code: self.supplier.code.clone(),
            supplier_name: self.supplier.name.clone(),
            buyer_name: self.purchase_order.buyer_name.clone(),
            lines,
        })
    }
}
