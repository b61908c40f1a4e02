//! Advance ship notices: the rules a notice keeps (docs/SHIPPING.md) and the views its pages render.
//!
//! A notice ships lines of one or more orders to one ship-to. Each line ships at most its open quantity (ordered less
//! what submitted notices already shipped) plus the buyer's over-ship tolerance. Pallets and cartons carry SSCCs; a
//! carton stands alone or sits on a pallet, and a package holds the lines of one order (the 856 nests packs under
//! their order). Every mistake names its field, so the form can show it beside the value as typed.

use crate::acknowledgement::{parse_date, parse_decimal, FieldError};
use crate::documents::PackageKind;
use crate::purchase_order::PoStatus;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use uuid::Uuid;

/// Where a notice is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Being built by the supplier; the buyer does not see it yet.
    Draft,
    Submitted,
    /// The buyer's receipt closed it.
    Received,
    Cancelled,
}

impl NoticeStatus {
    pub const ALL: [NoticeStatus; 4] = [
        NoticeStatus::Draft,
        NoticeStatus::Submitted,
        NoticeStatus::Received,
        NoticeStatus::Cancelled,
    ];

    /// The stable code stored in the database.
    pub const fn code(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Submitted => "submitted",
            NoticeStatus::Received => "received",
            NoticeStatus::Cancelled => "cancelled",
        }
    }

    /// The status with this code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The buyer's shipping rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingPolicy {
    /// How far above its open quantity a line may ship, in percent of the ordered quantity.
    pub over_ship_pct: Decimal,
    /// Whether orders not yet acknowledged may ship.
    pub ship_unacknowledged: bool,
}

impl ShippingPolicy {
    /// Reads the buyer's form: a percentage from 0 to 100 (decimal comma allowed).
    pub fn parse(over_ship_pct: &str, ship_unacknowledged: bool) -> Result<Self, FieldError> {
        let pct = parse_decimal(over_ship_pct)
            .filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED && p.scale() <= 4)
            .ok_or_else(|| FieldError::new("over_ship_pct", "ship-error-tolerance"))?;
        Ok(Self {
            over_ship_pct: pct,
            ship_unacknowledged,
        })
    }

    /// The most a line may ship in total: its ordered quantity plus the tolerance.
    pub fn ceiling(&self, ordered: Decimal) -> Decimal {
        ordered + ordered * self.over_ship_pct / Decimal::ONE_HUNDRED
    }
}

/// Whether an order in `status` may be put on a notice under `policy`.
pub fn may_ship(status: PoStatus, policy: &ShippingPolicy) -> bool {
    match status {
        PoStatus::Acknowledged | PoStatus::PartiallyShipped => true,
        PoStatus::New | PoStatus::ChangePending | PoStatus::Countered => policy.ship_unacknowledged,
        _ => false,
    }
}

/// The supplier's GS1 numbering for SSCCs: the company prefix GS1 assigned (6 to 12 digits) and the extension digit
/// it chose (0–9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSettings {
    pub company_prefix: String,
    pub extension_digit: u8,
}

impl LabelSettings {
    /// Reads the supplier's form.
    pub fn parse(company_prefix: &str, extension_digit: &str) -> Result<Self, FieldError> {
        let prefix: String = company_prefix
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !(6..=12).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("company_prefix", "ship-error-prefix"));
        }
        let extension = match extension_digit.trim() {
            "" => 0,
            t => t
                .parse::<u8>()
                .ok()
                .filter(|d| *d <= 9)
                .ok_or_else(|| FieldError::new("extension_digit", "ship-error-extension"))?,
        };
        Ok(Self {
            company_prefix: prefix,
            extension_digit: extension,
        })
    }
}

/// The longest free text on a notice (service level, tracking number, bill of lading).
pub const MAX_TEXT: usize = 35;

/// The header of a notice as the form posts it (and as a draft keeps it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderInput {
    pub shipped_on: String,
    pub expected_delivery: String,
    pub carrier_scac: String,
    pub service_level: String,
    pub tracking_number: String,
    pub bill_of_lading: String,
    pub gross_weight_kg: String,
}

/// A header that keeps every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeHeader {
    pub shipped_on: Date,
    pub expected_delivery: Option<Date>,
    pub carrier_scac: String,
    pub service_level: Option<String>,
    pub tracking_number: Option<String>,
    pub bill_of_lading: Option<String>,
    pub gross_weight_kg: Option<Decimal>,
}

fn optional_text(value: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let t = value.trim();
    if t.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(field, "ship-error-text-long").with_arg("max", MAX_TEXT));
    }
    (!t.is_empty()).then(|| t.to_owned())
}

impl HeaderInput {
    /// Checks the header: a ship date from the latest order date to a day after `today`, the expected delivery
    /// not before it, a carrier SCAC of 2–4 letters, short free texts and a positive weight. Every mistake at once.
    pub fn check(
        &self,
        today: Date,
        latest_order_date: Date,
    ) -> Result<NoticeHeader, Vec<FieldError>> {
        let mut errors = Vec::new();
        let shipped_on = match parse_date(&self.shipped_on) {
            None => {
                errors.push(FieldError::new("shipped_on", "ship-error-date"));
                None
            }
            Some(d) if d < latest_order_date => {
                errors.push(
                    FieldError::new("shipped_on", "ship-error-before-order")
                        .with_arg("date", latest_order_date),
                );
                None
            }
            Some(d) if d > today + Duration::days(1) => {
                errors.push(FieldError::new("shipped_on", "ship-error-future"));
                None
            }
            Some(d) => Some(d),
        };
        let expected_delivery = match self.expected_delivery.trim() {
            "" => None,
            t => match parse_date(t) {
                None => {
                    errors.push(FieldError::new("expected_delivery", "ship-error-date"));
                    None
                }
                Some(d) if shipped_on.is_some_and(|s| d < s) => {
                    errors.push(FieldError::new(
                        "expected_delivery",
                        "ship-error-delivery-early",
                    ));
                    None
                }
                Some(d) => Some(d),
            },
        };
        let scac = self.carrier_scac.trim().to_ascii_uppercase();
        if !(2..=4).contains(&scac.len()) || !scac.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(FieldError::new("carrier_scac", "ship-error-scac"));
        }
        let service_level = optional_text(&self.service_level, "service_level", &mut errors);
        let tracking_number = optional_text(&self.tracking_number, "tracking_number", &mut errors);
        let bill_of_lading = optional_text(&self.bill_of_lading, "bill_of_lading", &mut errors);
        let gross_weight_kg = match self.gross_weight_kg.trim() {
            "" => None,
            t => match parse_decimal(t).filter(|w| *w > Decimal::ZERO && w.scale() <= 3) {
                Some(w) => Some(w),
                None => {
                    errors.push(FieldError::new("gross_weight_kg", "ship-error-weight"));
                    None
                }
            },
        };
        match shipped_on {
            Some(shipped_on) if errors.is_empty() => Ok(NoticeHeader {
                shipped_on,
                expected_delivery,
                carrier_scac: scac,
                service_level,
                tracking_number,
                bill_of_lading,
                gross_weight_kg,
            }),
            _ => Err(errors),
        }
    }
}

/// An order line as a notice sees it: what was ordered and what other submitted notices shipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLine {
    pub order_id: Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub ordered: Decimal,
    /// Shipped on other submitted (or received) notices.
    pub shipped_elsewhere: Decimal,
}

impl OpenLine {
    /// What is still to ship (never below zero).
    pub fn open(&self) -> Decimal {
        (self.ordered - self.shipped_elsewhere).max(Decimal::ZERO)
    }

    /// The most this notice may ship of the line under `policy`.
    pub fn allowed(&self, policy: &ShippingPolicy) -> Decimal {
        (policy.ceiling(self.ordered) - self.shipped_elsewhere).max(Decimal::ZERO)
    }
}

/// The form field of the notice's `index`-th line.
pub fn line_field(index: usize) -> String {
    format!("line-{index}")
}

/// Reads the shipped quantities typed for `lines` (same order; blank means 0): each a number of at most six
/// decimals, not negative, not above what the line may ship; at least one above zero.
pub fn check_quantities(
    lines: &[OpenLine],
    typed: &[String],
    policy: &ShippingPolicy,
) -> Result<Vec<Decimal>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut quantities = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let text = typed.get(i).map(String::as_str).unwrap_or("").trim();
        let q = if text.is_empty() {
            Some(Decimal::ZERO)
        } else {
            parse_decimal(text).filter(|q| *q >= Decimal::ZERO && q.scale() <= 6)
        };
        match q {
            None => errors.push(FieldError::new(line_field(i), "ship-error-quantity")),
            Some(q) if q > line.allowed(policy) => errors.push(
                FieldError::new(line_field(i), "ship-error-over")
                    .with_arg("allowed", line.allowed(policy).normalize()),
            ),
            Some(q) => quantities.push(q),
        }
    }
    if errors.is_empty() && quantities.iter().all(|q| q.is_zero()) {
        errors.push(FieldError::new(line_field(0), "ship-error-nothing"));
    }
    if errors.is_empty() {
        Ok(quantities)
    } else {
        Err(errors)
    }
}

/// A package as packing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageState {
    pub id: Uuid,
    pub kind: PackageKind,
    pub parent: Option<Uuid>,
    /// (order, line number, quantity)
    pub items: Vec<(Uuid, i32, Decimal)>,
}

/// The order a package's tree holds lines of, if it holds any yet.
fn order_of_tree(packages: &[PackageState], root: Uuid) -> Option<Uuid> {
    packages
        .iter()
        .filter(|p| p.id == root || p.parent == Some(root))
        .flat_map(|p| p.items.iter().map(|i| i.0))
        .next()
}

/// The top of the tree a package is in (itself, or its pallet).
fn root_of(packages: &[PackageState], id: Uuid) -> Uuid {
    packages
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.parent)
        .unwrap_or(id)
}

/// How much of a line the packages hold.
pub fn packed(packages: &[PackageState], order: Uuid, line_number: i32) -> Decimal {
    packages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter(|i| i.0 == order && i.1 == line_number)
        .map(|i| i.2)
        .sum()
}

/// Checks putting `quantity` of a notice line (shipping `shipped` in total) into the package `target`: a positive
/// number, not more than is still loose, and the same order as the rest of the package's pallet or carton.
pub fn check_pack(
    packages: &[PackageState],
    target: Uuid,
    order: Uuid,
    line_number: i32,
    shipped: Decimal,
    quantity: &str,
) -> Result<Decimal, FieldError> {
    let q = parse_decimal(quantity)
        .filter(|q| *q > Decimal::ZERO && q.scale() <= 6)
        .ok_or_else(|| FieldError::new("quantity", "ship-error-quantity"))?;
    let loose = shipped - packed(packages, order, line_number);
    if q > loose {
        return Err(FieldError::new("quantity", "ship-error-pack-over")
            .with_arg("loose", loose.normalize()));
    }
    let root = root_of(packages, target);
    if order_of_tree(packages, root).is_some_and(|o| o != order) {
        return Err(FieldError::new("line", "ship-error-pack-order"));
    }
    Ok(q)
}

/// Checks a notice before it is submitted: the header, at least one line shipping something, every package
/// holding something, and nothing packed beyond its line's quantity. The first field at fault is named.
pub fn check_packing(
    packages: &[PackageState],
    lines: &[(Uuid, i32, Decimal)],
) -> Result<(), FieldError> {
    for p in packages {
        let holds = !p.items.is_empty() || packages.iter().any(|c| c.parent == Some(p.id));
        if !holds {
            return Err(FieldError::new("packages", "ship-error-empty-package"));
        }
    }
    for (order, line, shipped) in lines {
        if packed(packages, *order, *line) > *shipped {
            return Err(FieldError::new("packages", "ship-error-packed-over"));
        }
    }
    Ok(())
}

/// One line of a notice, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLineView {
    pub line: OpenLine,
    /// What this notice ships of it.
    pub quantity: Decimal,
    /// How much of that the packages hold.
    pub packed: Decimal,
}

/// What a package holds of one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedLineView {
    pub order_id: Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub buyer_item: String,
    pub quantity: Decimal,
    pub unit_of_measure: String,
}

/// A pallet or carton, for the notice page and its labels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageView {
    pub id: Uuid,
    pub sscc: String,
    pub kind: PackageKind,
    pub parent: Option<Uuid>,
    /// 1-based position among the notice's packages ("carton x of y").
    pub position: usize,
    pub items: Vec<PackedLineView>,
}

/// Another order that may join a draft: same supplier, same ship-to, something open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChoice {
    pub id: Uuid,
    pub number: String,
}

/// A notice with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: Uuid,
    pub number: String,
    pub status: NoticeStatus,
    pub revision: i32,
    pub supplier_name: String,
    pub buyer_name: String,
    pub ship_to_name: String,
    pub ship_to_address: String,
    pub header: HeaderInput,
    pub lines: Vec<NoticeLineView>,
    pub packages: Vec<PackageView>,
    /// The viewer may change it (its supplier, while a draft).
    pub may_edit: bool,
    /// The viewer may cancel or correct it (its supplier, while submitted).
    pub may_revise: bool,
    /// Orders that may join this draft.
    pub addable_orders: Vec<OrderChoice>,
    /// Whether the supplier has set its GS1 company prefix (packages need it).
    pub labels_ready: bool,
    /// RFC 3339.
    pub submitted_at: Option<String>,
}

/// One row of the list of notices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: Uuid,
    pub number: String,
    pub status: NoticeStatus,
    pub revision: i32,
    pub supplier_name: String,
    pub shipped_on: Option<Date>,
    pub expected_delivery: Option<Date>,
    pub carrier_scac: Option<String>,
    pub tracking_number: Option<String>,
    /// The order numbers, comma separated.
    pub orders: String,
    pub packages: i64,
}

#[cfg(test)]
mod tests;
