//! The supplier's answer to a purchase order as a form: what the browser posts ([`AckForm`]), the rules it must
//! keep ([`AckForm::validate`], each mistake naming its field), the buyer's change policy that decides whether a
//! change needs the buyer ([`ChangePolicy::judge`]) and the outcome that follows ([`AckOutcome`]). The result is the
//! canonical [`Acknowledgement`] the events carry and the EDI writers turn into an 855 or ORDRSP.

pub mod file;

use crate::documents::{AckKind, AckLine, Acknowledgement, LineAnswer, ScheduleLine};
use crate::purchase_order::{PoDetail, PoStatus};
use crate::user::MembershipRole;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::Date;

/// The most deliveries one line may be split into.
pub const MAX_SCHEDULE_ROWS: usize = 20;

/// The longest comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// Why a supplier changes or rejects a line or an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    OutOfStock,
    Discontinued,
    PriceChange,
    LeadTime,
    MinimumOrder,
    PackSize,
    /// Any other reason, said in the comment.
    Other,
}

impl ReasonCode {
    /// Every reason, in the order forms list them.
    pub const ALL: [ReasonCode; 7] = [
        ReasonCode::OutOfStock,
        ReasonCode::Discontinued,
        ReasonCode::PriceChange,
        ReasonCode::LeadTime,
        ReasonCode::MinimumOrder,
        ReasonCode::PackSize,
        ReasonCode::Other,
    ];

    /// The stable code (stored, in events, in CSV files).
    pub const fn code(self) -> &'static str {
        match self {
            ReasonCode::OutOfStock => "out_of_stock",
            ReasonCode::Discontinued => "discontinued",
            ReasonCode::PriceChange => "price_change",
            ReasonCode::LeadTime => "lead_time",
            ReasonCode::MinimumOrder => "minimum_order",
            ReasonCode::PackSize => "pack_size",
            ReasonCode::Other => "other",
        }
    }

    /// The reason with this code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// One delivery of a line as typed: a quantity and a date (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub date: String,
}

impl ScheduleForm {
    fn is_blank(&self) -> bool {
        self.quantity.trim().is_empty() && self.date.trim().is_empty()
    }
}

/// One line's answer as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckLineForm {
    /// The order line it answers.
    #[serde(default)]
    pub line: i32,
    /// `accept`, `change` or `reject`.
    #[serde(default)]
    pub answer: String,
    /// The promised quantity in all (a change).
    #[serde(default)]
    pub quantity: String,
    /// The unit price the supplier confirms (a change).
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub comment: String,
    /// Deliveries; blank rows are ignored. None at all means the whole quantity on the requested date.
    #[serde(default)]
    pub schedule: Vec<ScheduleForm>,
}

/// The acknowledgement form as the browser posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckForm {
    /// The order version the form was opened on (a different current version makes the form stale).
    pub version: i32,
    /// Made when the form was drawn: a second submission of the same form applies once.
    pub token: String,
    /// `accept` (every line as ordered), `reject` (the whole order) or `lines` (line by line).
    pub decision: String,
    /// The reason of a whole-order rejection.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub lines: Vec<AckLineForm>,
}

/// A mistake in the form: the field (`decision`, `reason`, `comment`, `line-3-quantity`, `line-3-schedule-2-date`),
/// the catalogue id of the sentence and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub args: Vec<(String, String)>,
}

impl FieldError {
    /// A mistake in `field`, said by the catalogue sentence `message`.
    pub fn new(field: impl Into<String>, message: &str) -> Self {
        Self {
            field: field.into(),
            message: message.to_owned(),
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_owned(), value.to_string()));
        self
    }

    /// The mistake with one more argument for its sentence.
    pub fn with_arg(self, name: &str, value: impl ToString) -> Self {
        self.with(name, value)
    }
}

/// A form that keeps every rule: the answer per line, ready to become an [`Acknowledgement`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAck {
    pub kind: AckKind,
    /// The reason and comment of a whole-order rejection.
    pub reason: Option<ReasonCode>,
    pub comment: Option<String>,
    pub lines: Vec<AckLine>,
    /// Per line (same order as `lines`): the supplier's comment.
    pub line_comments: Vec<Option<String>>,
}

impl ValidAck {
    /// The canonical document: this answer to `po`, made on `today` under `reference`.
    pub fn document(&self, po: &PoDetail, reference: String, today: Date) -> Acknowledgement {
        Acknowledgement {
            reference,
            order_number: po.number.clone(),
            order_version: po.version,
            order_date: po.order_date,
            acknowledged_on: today,
            kind: self.kind,
            currency: po.currency.to_string(),
            supplier_code: po.supplier_code.clone(),
            supplier_name: po.supplier_name.clone(),
            buyer_name: po.buyer_name.clone(),
            lines: self.lines.clone(),
        }
    }
}

/// The longest form token accepted (a token made when a form is drawn, so a second submission applies once).
pub const MAX_FORM_TOKEN: usize = 64;

/// A form token as posted: trimmed, not empty, at most [`MAX_FORM_TOKEN`] long.
pub fn form_token(text: &str) -> Result<&str, FieldError> {
    let t = text.trim();
    if t.is_empty() || t.len() > MAX_FORM_TOKEN {
        Err(FieldError::new("token", "ack-error-token"))
    } else {
        Ok(t)
    }
}

/// Whether a person in `role` answers an order in `status`: its supplier, while the order waits for an answer (also
/// when the buyer counter-proposed: the supplier may answer anew instead of accepting the counter).
pub fn may_answer(role: MembershipRole, status: PoStatus) -> bool {
    !role.is_buyer_side() && matches!(status, PoStatus::New | PoStatus::Countered)
}

/// Whether a person in `role` accepts the buyer's counter-proposal on an order in `status`: its supplier, while the
/// latest answer (`outcome`) is countered.
pub fn may_accept_counter(
    role: MembershipRole,
    status: PoStatus,
    outcome: Option<AckOutcome>,
) -> bool {
    !role.is_buyer_side() && status == PoStatus::Countered && outcome == Some(AckOutcome::Countered)
}

/// Whether a person in `role` decides on the latest answer (`outcome`) to an order in `status`: a buyer, while the
/// answer waits for review.
pub fn may_review(role: MembershipRole, status: PoStatus, outcome: Option<AckOutcome>) -> bool {
    role.is_buyer_side()
        && status == PoStatus::ChangePending
        && outcome == Some(AckOutcome::PendingReview)
}

/// Reads a decimal as people type it: `12`, `12.5`, or with a decimal comma `12,5`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t.len() > 30 {
        return None;
    }
    let normalised = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t.to_owned()
    };
    Decimal::from_str(&normalised).ok().map(|d| d.normalize())
}

/// Reads a date as the browser's date field sends it (`YYYY-MM-DD`).
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).ok()
}

fn comment(text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let t = text.trim();
    if t.chars().count() > MAX_COMMENT_CHARS {
        errors
            .push(FieldError::new(field, "ack-error-comment-long").with("max", MAX_COMMENT_CHARS));
    }
    (!t.is_empty()).then(|| t.to_owned())
}

/// A reason code that must be there; `other` also needs the comment.
fn required_reason(
    code: &str,
    field: &str,
    comment: Option<&String>,
    comment_field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<ReasonCode> {
    if code.trim().is_empty() {
        errors.push(FieldError::new(field, "ack-error-reason-required"));
        return None;
    }
    let Some(reason) = ReasonCode::parse(code) else {
        errors.push(FieldError::new(field, "ack-error-reason-unknown"));
        return None;
    };
    if reason == ReasonCode::Other && comment.is_none() {
        errors.push(FieldError::new(comment_field, "ack-error-comment-required"));
    }
    Some(reason)
}

impl AckForm {
    /// The form as first drawn for `po`: every line accepted as ordered, one delivery on the requested date.
    pub fn prefilled(po: &PoDetail, token: String) -> Self {
        Self {
            version: po.version,
            token,
            decision: String::new(),
            reason: String::new(),
            comment: String::new(),
            lines: po
                .lines
                .iter()
                .map(|l| AckLineForm {
                    line: l.line_number,
                    answer: "accept".to_owned(),
                    quantity: l.quantity.normalize().to_string(),
                    price: l.unit_price.normalize().to_string(),
                    reason: String::new(),
                    comment: String::new(),
                    schedule: vec![ScheduleForm {
                        quantity: String::new(),
                        date: l.requested_date.map(|d| d.to_string()).unwrap_or_default(),
                    }],
                })
                .collect(),
        }
    }

    /// Checks the form against the order it answers. Every mistake is reported (not only the first), each naming
    /// its field.
    pub fn validate(&self, po: &PoDetail) -> Result<ValidAck, Vec<FieldError>> {
        let mut errors = Vec::new();
        let comment = comment(&self.comment, "comment", &mut errors);
        let result = match self.decision.trim() {
            "accept" => Some(ValidAck {
                kind: AckKind::Accepted,
                reason: None,
                comment: comment.clone(),
                lines: po
                    .lines
                    .iter()
                    .map(|l| accepted(l, po.order_date))
                    .collect(),
                line_comments: vec![None; po.lines.len()],
            }),
            "reject" => {
                let reason = required_reason(
                    &self.reason,
                    "reason",
                    comment.as_ref(),
                    "comment",
                    &mut errors,
                );
                reason.map(|reason| ValidAck {
                    kind: AckKind::Rejected,
                    reason: Some(reason),
                    comment: comment.clone(),
                    lines: po
                        .lines
                        .iter()
                        .map(|l| AckLine {
                            answer: LineAnswer::Rejected,
                            schedule: Vec::new(),
                            reason: Some(reason.code().to_owned()),
                            ..accepted(l, po.order_date)
                        })
                        .collect(),
                    line_comments: vec![None; po.lines.len()],
                })
            }
            "lines" => self.by_line(po, comment.clone(), &mut errors),
            _ => {
                errors.push(FieldError::new("decision", "ack-error-decision"));
                None
            }
        };
        match result {
            Some(ack) if errors.is_empty() => Ok(ack),
            _ => Err(errors),
        }
    }

    fn by_line(
        &self,
        po: &PoDetail,
        comment: Option<String>,
        errors: &mut Vec<FieldError>,
    ) -> Option<ValidAck> {
        let mut lines = Vec::with_capacity(po.lines.len());
        let mut line_comments = Vec::with_capacity(po.lines.len());
        for ordered in &po.lines {
            let n = ordered.line_number;
            let Some(form) = self.lines.iter().find(|f| f.line == n) else {
                errors.push(
                    FieldError::new(format!("line-{n}-answer"), "ack-error-line-missing")
                        .with("line", n),
                );
                continue;
            };
            let field = |name: &str| format!("line-{n}-{name}");
            let line_comment = comment_for_line(form, &field("comment"), errors);
            let base = accepted(ordered, po.order_date);
            let line = match form.answer.trim() {
                "accept" => Some(base),
                "reject" => required_reason(
                    &form.reason,
                    &field("reason"),
                    line_comment.as_ref(),
                    &field("comment"),
                    errors,
                )
                .map(|reason| AckLine {
                    answer: LineAnswer::Rejected,
                    schedule: Vec::new(),
                    reason: Some(reason.code().to_owned()),
                    ..base
                }),
                "change" => changed_line(form, base, po.order_date, line_comment.as_ref(), errors),
                _ => {
                    errors.push(FieldError::new(field("answer"), "ack-error-answer"));
                    None
                }
            };
            if let Some(line) = line {
                lines.push(line);
                line_comments.push(line_comment);
            }
        }
        if !errors.is_empty() {
            return None;
        }
        let kind = if lines
            .iter()
            .all(|l| l.status() == crate::documents::LineStatus::Accepted)
        {
            AckKind::Accepted
        } else if lines.iter().all(|l| l.answer == LineAnswer::Rejected) {
            AckKind::Rejected
        } else {
            AckKind::AcceptedWithChanges
        };
        // A line answered "change" that changes nothing reads as accepted.
        for line in &mut lines {
            if line.answer == LineAnswer::Changed
                && line.status() == crate::documents::LineStatus::Accepted
            {
                line.answer = LineAnswer::Accepted;
                line.reason = None;
            }
        }
        Some(ValidAck {
            kind,
            reason: None,
            comment,
            lines,
            line_comments,
        })
    }
}

fn comment_for_line(
    form: &AckLineForm,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    comment(&form.comment, field, errors)
}

/// A line accepted as ordered: the whole quantity on the requested date (the order date when none was asked).
fn accepted(line: &crate::purchase_order::PoLine, order_date: Date) -> AckLine {
    AckLine {
        line_number: line.line_number,
        buyer_item: line.buyer_item.clone(),
        supplier_part: line.supplier_part.clone(),
        description: line.description.clone(),
        unit_of_measure: line.unit_of_measure.to_string(),
        ordered_quantity: line.quantity,
        ordered_price: line.unit_price,
        requested_date: line.requested_date,
        answer: LineAnswer::Accepted,
        price: line.unit_price,
        schedule: vec![ScheduleLine {
            quantity: line.quantity,
            date: line.requested_date.unwrap_or(order_date),
        }],
        reason: None,
    }
}

/// A changed line: quantity, price and deliveries, each checked.
fn changed_line(
    form: &AckLineForm,
    base: AckLine,
    order_date: Date,
    comment: Option<&String>,
    errors: &mut Vec<FieldError>,
) -> Option<AckLine> {
    let n = base.line_number;
    let field = |name: &str| format!("line-{n}-{name}");
    let before = errors.len();
    let reason = required_reason(
        &form.reason,
        &field("reason"),
        comment,
        &field("comment"),
        errors,
    );
    let quantity = match parse_decimal(&form.quantity) {
        None => {
            errors.push(FieldError::new(field("quantity"), "ack-error-quantity"));
            None
        }
        Some(q) if q < Decimal::ZERO => {
            errors.push(FieldError::new(
                field("quantity"),
                "ack-error-quantity-negative",
            ));
            None
        }
        Some(q) if q.is_zero() => {
            errors.push(FieldError::new(
                field("quantity"),
                "ack-error-quantity-zero",
            ));
            None
        }
        Some(q) => Some(q),
    };
    let price = match parse_decimal(&form.price) {
        None => {
            errors.push(FieldError::new(field("price"), "ack-error-price"));
            None
        }
        Some(p) if p < Decimal::ZERO => {
            errors.push(FieldError::new(field("price"), "ack-error-price-negative"));
            None
        }
        Some(p) => Some(p),
    };
    let rows: Vec<(usize, &ScheduleForm)> = form
        .schedule
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .collect();
    if rows.len() > MAX_SCHEDULE_ROWS {
        errors.push(
            FieldError::new(field("schedule-0-quantity"), "ack-error-schedule-many")
                .with("max", MAX_SCHEDULE_ROWS),
        );
        return None;
    }
    let mut schedule = Vec::with_capacity(rows.len().max(1));
    for (k, row) in &rows {
        let date_field = format!("line-{n}-schedule-{k}-date");
        let quantity_field = format!("line-{n}-schedule-{k}-quantity");
        let date = match parse_date(&row.date) {
            None if row.date.trim().is_empty() => {
                errors.push(FieldError::new(&date_field, "ack-error-date-required"));
                None
            }
            None => {
                errors.push(FieldError::new(&date_field, "ack-error-date"));
                None
            }
            Some(d) if d < order_date => {
                errors.push(
                    FieldError::new(&date_field, "ack-error-date-before-order")
                        .with("date", order_date),
                );
                None
            }
            Some(d) => Some(d),
        };
        // One delivery with no quantity carries the whole line.
        let row_quantity = if row.quantity.trim().is_empty() && rows.len() == 1 {
            quantity
        } else {
            match parse_decimal(&row.quantity) {
                None => {
                    errors.push(FieldError::new(&quantity_field, "ack-error-quantity"));
                    None
                }
                Some(q) if q <= Decimal::ZERO => {
                    errors.push(FieldError::new(
                        &quantity_field,
                        "ack-error-schedule-quantity",
                    ));
                    None
                }
                Some(q) => Some(q),
            }
        };
        if let (Some(quantity), Some(date)) = (row_quantity, date) {
            schedule.push(ScheduleLine { quantity, date });
        }
    }
    if rows.is_empty() {
        match base.requested_date {
            Some(date) => {
                if let Some(q) = quantity {
                    schedule.push(ScheduleLine { quantity: q, date });
                }
            }
            None => errors.push(FieldError::new(
                field("schedule-0-date"),
                "ack-error-date-required",
            )),
        }
    }
    if errors.len() > before {
        return None;
    }
    let (quantity, price, reason) = (quantity?, price?, reason?);
    let sum: Decimal = schedule.iter().map(|s| s.quantity).sum();
    if sum != quantity {
        errors.push(
            FieldError::new(field("quantity"), "ack-error-schedule-sum")
                .with("sum", sum.normalize())
                .with("quantity", quantity.normalize()),
        );
        return None;
    }
    schedule.sort_by_key(|s| s.date);
    Some(AckLine {
        answer: LineAnswer::Changed,
        price,
        schedule,
        reason: Some(reason.code().to_owned()),
        ..base
    })
}

/// What a line's answer changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangedField {
    Quantity,
    Price,
    Date,
    /// Split into several deliveries.
    Split,
    /// The line rejected.
    Rejected,
}

impl ChangedField {
    pub const fn code(self) -> &'static str {
        match self {
            ChangedField::Quantity => "quantity",
            ChangedField::Price => "price",
            ChangedField::Date => "date",
            ChangedField::Split => "split",
            ChangedField::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Quantity,
            Self::Price,
            Self::Date,
            Self::Split,
            Self::Rejected,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }
}

/// How far a supplier may change an order without the buyer: a buyer organisation's default, overridable per
/// supplier. Percentages of the ordered value; 0 means "not without the buyer".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePolicy {
    pub price_increase_pct: Decimal,
    pub price_decrease_pct: Decimal,
    pub quantity_under_pct: Decimal,
    pub quantity_over_pct: Decimal,
    /// Days a delivery may be promised after the requested date.
    pub date_later_days: i32,
    /// Days a delivery may be promised before the requested date.
    pub date_earlier_days: i32,
    pub splits_allowed: bool,
    pub line_rejections_allowed: bool,
}

impl Default for ChangePolicy {
    /// No policy set: every change goes to the buyer.
    fn default() -> Self {
        Self {
            price_increase_pct: Decimal::ZERO,
            price_decrease_pct: Decimal::ZERO,
            quantity_under_pct: Decimal::ZERO,
            quantity_over_pct: Decimal::ZERO,
            date_later_days: 0,
            date_earlier_days: 0,
            splits_allowed: false,
            line_rejections_allowed: false,
        }
    }
}

/// A change policy as typed on the policy page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInput {
    pub price_increase_pct: String,
    pub price_decrease_pct: String,
    pub quantity_under_pct: String,
    pub quantity_over_pct: String,
    pub date_later_days: String,
    pub date_earlier_days: String,
    pub splits_allowed: bool,
    pub line_rejections_allowed: bool,
}

impl From<&ChangePolicy> for PolicyInput {
    fn from(p: &ChangePolicy) -> Self {
        Self {
            price_increase_pct: p.price_increase_pct.normalize().to_string(),
            price_decrease_pct: p.price_decrease_pct.normalize().to_string(),
            quantity_under_pct: p.quantity_under_pct.normalize().to_string(),
            quantity_over_pct: p.quantity_over_pct.normalize().to_string(),
            date_later_days: p.date_later_days.to_string(),
            date_earlier_days: p.date_earlier_days.to_string(),
            splits_allowed: p.splits_allowed,
            line_rejections_allowed: p.line_rejections_allowed,
        }
    }
}

impl ChangePolicy {
    /// Reads a policy as typed: percentages from 0 to 100 (increases of price and quantity up to 1000), days from 0
    /// to 365; empty means 0. A mistake names its field and the catalogue id of the rule.
    pub fn parse(input: &PolicyInput) -> Result<Self, FieldError> {
        let pct = |field: &str, text: &str, max: i64| -> Result<Decimal, FieldError> {
            match parse_decimal(if text.trim().is_empty() { "0" } else { text }) {
                Some(d) if d >= Decimal::ZERO && d <= Decimal::from(max) => Ok(d),
                _ if max > 100 => Err(FieldError::new(field, "policy-error-percent-increase")),
                _ => Err(FieldError::new(field, "policy-error-percent")),
            }
        };
        let days = |field: &str, text: &str| -> Result<i32, FieldError> {
            let t = if text.trim().is_empty() {
                "0"
            } else {
                text.trim()
            };
            match t.parse::<i32>() {
                Ok(d) if (0..=365).contains(&d) => Ok(d),
                _ => Err(FieldError::new(field, "policy-error-days")),
            }
        };
        Ok(Self {
            price_increase_pct: pct("price_increase_pct", &input.price_increase_pct, 1000)?,
            price_decrease_pct: pct("price_decrease_pct", &input.price_decrease_pct, 100)?,
            quantity_under_pct: pct("quantity_under_pct", &input.quantity_under_pct, 100)?,
            quantity_over_pct: pct("quantity_over_pct", &input.quantity_over_pct, 1000)?,
            date_later_days: days("date_later_days", &input.date_later_days)?,
            date_earlier_days: days("date_earlier_days", &input.date_earlier_days)?,
            splits_allowed: input.splits_allowed,
            line_rejections_allowed: input.line_rejections_allowed,
        })
    }
}

/// The change policy page: the organisation's default, the overrides per supplier, and the suppliers that can get
/// one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPage {
    pub default: Option<ChangePolicy>,
    pub overrides: Vec<SupplierPolicy>,
    pub suppliers: Vec<crate::people::SupplierOption>,
}

/// A supplier's override.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierPolicy {
    pub supplier: crate::people::SupplierOption,
    pub policy: ChangePolicy,
}

/// What a line changes and which of those changes are outside the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineVerdict {
    pub line_number: i32,
    pub changed: Vec<ChangedField>,
    pub outside: Vec<ChangedField>,
}

impl LineVerdict {
    pub fn within_policy(&self) -> bool {
        self.outside.is_empty()
    }
}

/// `new` differs from `old` by at most `pct` per cent of `old` (in the direction the caller checks).
fn within_pct(old: Decimal, new: Decimal, pct: Decimal) -> bool {
    let difference = (new - old).abs();
    if old.is_zero() {
        return difference.is_zero();
    }
    difference * Decimal::ONE_HUNDRED <= old.abs() * pct
}

impl ChangePolicy {
    /// Judges one answered line.
    pub fn judge(&self, line: &AckLine) -> LineVerdict {
        let mut changed = Vec::new();
        let mut outside = Vec::new();
        let mut note = |field: ChangedField, allowed: bool| {
            changed.push(field);
            if !allowed {
                outside.push(field);
            }
        };
        if line.answer == LineAnswer::Rejected {
            note(ChangedField::Rejected, self.line_rejections_allowed);
            return LineVerdict {
                line_number: line.line_number,
                changed,
                outside,
            };
        }
        let promised = line.promised_quantity();
        if promised != line.ordered_quantity {
            let limit = if promised > line.ordered_quantity {
                self.quantity_over_pct
            } else {
                self.quantity_under_pct
            };
            note(
                ChangedField::Quantity,
                within_pct(line.ordered_quantity, promised, limit),
            );
        }
        if line.price != line.ordered_price {
            let limit = if line.price > line.ordered_price {
                self.price_increase_pct
            } else {
                self.price_decrease_pct
            };
            note(
                ChangedField::Price,
                within_pct(line.ordered_price, line.price, limit),
            );
        }
        if let Some(requested) = line.requested_date {
            let moved: Vec<i64> = line
                .schedule
                .iter()
                .map(|s| (s.date - requested).whole_days())
                .filter(|d| *d != 0)
                .collect();
            if !moved.is_empty() {
                let allowed = moved.iter().all(|d| {
                    if *d > 0 {
                        *d <= i64::from(self.date_later_days)
                    } else {
                        -*d <= i64::from(self.date_earlier_days)
                    }
                });
                note(ChangedField::Date, allowed);
            }
        }
        if line.schedule.len() > 1 {
            note(ChangedField::Split, self.splits_allowed);
        }
        LineVerdict {
            line_number: line.line_number,
            changed,
            outside,
        }
    }
}

/// Where an acknowledgement stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckOutcome {
    /// Every line as ordered.
    Accepted,
    /// Changes, all inside the buyer's change policy.
    AutoAccepted,
    /// Changes outside the policy, waiting for the buyer.
    PendingReview,
    /// The supplier rejected the whole order.
    OrderRejected,
    /// The buyer approved the changes.
    Approved,
    /// The buyer rejected the changes (the order asks for a new acknowledgement).
    ChangesRejected,
    /// The buyer proposed other values.
    Countered,
    /// A new version of the order replaced the one this answered.
    Superseded,
}

impl AckOutcome {
    pub const ALL: [AckOutcome; 8] = [
        AckOutcome::Accepted,
        AckOutcome::AutoAccepted,
        AckOutcome::PendingReview,
        AckOutcome::OrderRejected,
        AckOutcome::Approved,
        AckOutcome::ChangesRejected,
        AckOutcome::Countered,
        AckOutcome::Superseded,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            AckOutcome::Accepted => "accepted",
            AckOutcome::AutoAccepted => "auto_accepted",
            AckOutcome::PendingReview => "pending_review",
            AckOutcome::OrderRejected => "order_rejected",
            AckOutcome::Approved => "approved",
            AckOutcome::ChangesRejected => "changes_rejected",
            AckOutcome::Countered => "countered",
            AckOutcome::Superseded => "superseded",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The outcome of a fresh answer judged line by line.
    pub fn of(kind: AckKind, verdicts: &[LineVerdict]) -> Self {
        match kind {
            AckKind::Rejected => AckOutcome::OrderRejected,
            _ if verdicts.iter().all(|v| v.changed.is_empty()) => AckOutcome::Accepted,
            _ if verdicts.iter().all(LineVerdict::within_policy) => AckOutcome::AutoAccepted,
            _ => AckOutcome::PendingReview,
        }
    }
}

/// One line's comment and the policy's judgement, beside the answer on the order page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckLineNote {
    pub line_number: i32,
    pub comment: Option<String>,
    pub changed: Vec<ChangedField>,
    pub outside: Vec<ChangedField>,
}

/// The latest answer to an order, as the order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckView {
    pub id: uuid::Uuid,
    pub outcome: AckOutcome,
    pub submitted_at: time::OffsetDateTime,
    pub submitted_by: Option<String>,
    /// A whole-order rejection's reason code and the comment.
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub document: Acknowledgement,
    pub notes: Vec<AckLineNote>,
    /// The buyer's decision on it, once made.
    pub review: Option<ReviewView>,
}

impl AckView {
    /// The note on a line, if it has one.
    pub fn note(&self, line_number: i32) -> Option<&AckLineNote> {
        self.notes.iter().find(|n| n.line_number == line_number)
    }

    /// The lines the buyer decides on: those with changes outside the change policy.
    pub fn lines_to_review(&self) -> Vec<i32> {
        self.notes
            .iter()
            .filter(|n| !n.outside.is_empty())
            .map(|n| n.line_number)
            .collect()
    }
}

/// The buyer's decision on one changed line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    Reject,
    /// The buyer proposes its own quantity, price and date for the line.
    Counter,
}

impl ReviewDecision {
    pub const fn code(self) -> &'static str {
        match self {
            ReviewDecision::Approve => "approve",
            ReviewDecision::Reject => "reject",
            ReviewDecision::Counter => "counter",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Approve, Self::Reject, Self::Counter]
            .into_iter()
            .find(|d| d.code() == code.trim())
    }
}

/// One line's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDecision {
    pub line_number: i32,
    pub decision: ReviewDecision,
    /// The buyer's values, for a counter-proposal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<CounterTerms>,
}

/// What the buyer proposes for a line instead of the supplier's change: the whole quantity, the unit price and one
/// delivery date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterTerms {
    pub quantity: Decimal,
    pub price: Decimal,
    #[serde(with = "iso_date")]
    pub date: Date,
}

/// A date as `YYYY-MM-DD` in JSON (stored reviews, events).
mod iso_date {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_date(&text).ok_or_else(|| D::Error::custom(format!("date '{text}'")))
    }
}

/// The buyer's review of an answer, as the order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub decided_by: Option<String>,
    pub decided_at: time::OffsetDateTime,
    pub comment: Option<String>,
    pub decisions: Vec<LineDecision>,
}

impl ReviewView {
    /// The decision on a line, if the buyer made one.
    pub fn decision(&self, line_number: i32) -> Option<ReviewDecision> {
        self.decisions
            .iter()
            .find(|d| d.line_number == line_number)
            .map(|d| d.decision)
    }

    /// The buyer's values for a line it counter-proposed.
    pub fn counter(&self, line_number: i32) -> Option<&CounterTerms> {
        self.decisions
            .iter()
            .find(|d| d.line_number == line_number)
            .and_then(|d| d.counter.as_ref())
    }
}

/// One line's decision as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLineForm {
    #[serde(default)]
    pub line: i32,
    #[serde(default)]
    pub decision: String,
    /// A counter-proposal's quantity, unit price and date (`YYYY-MM-DD`).
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub date: String,
}

/// The buyer's review form as posted: which answer it decides on, a token against double submission, the
/// decision per line outside the policy, and a comment (required when a change is rejected).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub acknowledgement: String,
    pub token: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub lines: Vec<ReviewLineForm>,
}

/// A review that keeps the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReview {
    pub decisions: Vec<LineDecision>,
    pub comment: Option<String>,
}

impl ValidReview {
    /// Every change approved: the answer stands; any rejected: the supplier answers again; otherwise, with a
    /// counter-proposal, the supplier accepts the buyer's values or answers anew.
    pub fn outcome(&self) -> AckOutcome {
        let any = |d: ReviewDecision| self.decisions.iter().any(|x| x.decision == d);
        if any(ReviewDecision::Reject) {
            AckOutcome::ChangesRejected
        } else if any(ReviewDecision::Counter) {
            AckOutcome::Countered
        } else {
            AckOutcome::Approved
        }
    }
}

impl ReviewForm {
    /// Checks the form against the answer it reviews: a decision for every line outside the policy, a comment
    /// when any change is rejected (the supplier needs to know why).
    pub fn validate(&self, ack: &AckView) -> Result<ValidReview, Vec<FieldError>> {
        let mut errors = Vec::new();
        let comment = comment(&self.comment, "comment", &mut errors);
        let mut decisions = Vec::new();
        for n in ack.lines_to_review() {
            let posted = self.lines.iter().find(|l| l.line == n);
            match posted.and_then(|l| ReviewDecision::parse(&l.decision).map(|d| (l, d))) {
                Some((line, ReviewDecision::Counter)) => {
                    if let Some(counter) = counter_terms(line, ack.document.order_date, &mut errors)
                    {
                        decisions.push(LineDecision {
                            line_number: n,
                            decision: ReviewDecision::Counter,
                            counter: Some(counter),
                        });
                    }
                }
                Some((_, decision)) => decisions.push(LineDecision {
                    line_number: n,
                    decision,
                    counter: None,
                }),
                None => errors.push(
                    FieldError::new(format!("line-{n}-decision"), "review-error-decision")
                        .with("line", n),
                ),
            }
        }
        if comment.is_none()
            && decisions
                .iter()
                .any(|d| d.decision == ReviewDecision::Reject)
        {
            errors.push(FieldError::new("comment", "review-error-comment-required"));
        }
        if errors.is_empty() {
            Ok(ValidReview { decisions, comment })
        } else {
            Err(errors)
        }
    }
}

/// A counter-proposal's values as typed, each checked like the supplier's own.
fn counter_terms(
    line: &ReviewLineForm,
    order_date: Date,
    errors: &mut Vec<FieldError>,
) -> Option<CounterTerms> {
    let n = line.line;
    let field = |name: &str| format!("line-{n}-counter-{name}");
    let before = errors.len();
    let quantity = match parse_decimal(&line.quantity) {
        Some(q) if q > Decimal::ZERO => Some(q),
        Some(q) if q.is_zero() => {
            errors.push(FieldError::new(
                field("quantity"),
                "ack-error-quantity-zero",
            ));
            None
        }
        Some(_) => {
            errors.push(FieldError::new(
                field("quantity"),
                "ack-error-quantity-negative",
            ));
            None
        }
        None => {
            errors.push(FieldError::new(field("quantity"), "ack-error-quantity"));
            None
        }
    };
    let price = match parse_decimal(&line.price) {
        Some(p) if p >= Decimal::ZERO => Some(p),
        Some(_) => {
            errors.push(FieldError::new(field("price"), "ack-error-price-negative"));
            None
        }
        None => {
            errors.push(FieldError::new(field("price"), "ack-error-price"));
            None
        }
    };
    let date = match parse_date(&line.date) {
        Some(d) if d < order_date => {
            errors.push(
                FieldError::new(field("date"), "ack-error-date-before-order")
                    .with("date", order_date),
            );
            None
        }
        Some(d) => Some(d),
        None if line.date.trim().is_empty() => {
            errors.push(FieldError::new(field("date"), "ack-error-date-required"));
            None
        }
        None => {
            errors.push(FieldError::new(field("date"), "ack-error-date"));
            None
        }
    };
    if errors.len() > before {
        return None;
    }
    Some(CounterTerms {
        quantity: quantity?,
        price: price?,
        date: date?,
    })
}

impl AckView {
    /// The answer that accepting the buyer's counter-proposal makes: the countered lines with the buyer's quantity,
    /// price and date, every other line as the supplier answered it. `None` when there is no counter-proposal.
    pub fn accepting_counter(&self) -> Option<ValidAck> {
        let review = self.review.as_ref()?;
        if self.outcome != AckOutcome::Countered {
            return None;
        }
        let lines: Vec<AckLine> = self
            .document
            .lines
            .iter()
            .map(|l| match review.counter(l.line_number) {
                Some(c) => AckLine {
                    answer: LineAnswer::Changed,
                    price: c.price,
                    schedule: vec![ScheduleLine {
                        quantity: c.quantity,
                        date: c.date,
                    }],
                    ..l.clone()
                },
                None => l.clone(),
            })
            .collect();
        let kind = if lines
            .iter()
            .all(|l| l.status() == crate::documents::LineStatus::Accepted)
        {
            AckKind::Accepted
        } else {
            AckKind::AcceptedWithChanges
        };
        let line_comments = lines
            .iter()
            .map(|l| self.note(l.line_number).and_then(|n| n.comment.clone()))
            .collect();
        Some(ValidAck {
            kind,
            reason: None,
            comment: None,
            lines,
            line_comments,
        })
    }
}

#[cfg(test)]
mod tests;
