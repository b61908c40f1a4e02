//! Supplier delay reports (docs/EXCEPTIONS.md "Supplier delay report"): a new promised date and a reason for every
//! open line in a scope — one order, some items, or everything due before a date. Portico finds the lines, shows
//! them before sending, and moves their promised dates in one transaction. A line already promised for the new date
//! or later is not delayed by it and stays as it is.

use crate::acknowledgement::{parse_date, FieldError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// Why a delivery is late.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelayReason {
    Capacity,
    Material,
    Transport,
    Quality,
    ForceMajeure,
    Other,
}

impl DelayReason {
    pub const ALL: [DelayReason; 6] = [
        DelayReason::Capacity,
        DelayReason::Material,
        DelayReason::Transport,
        DelayReason::Quality,
        DelayReason::ForceMajeure,
        DelayReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DelayReason::Capacity => "capacity",
            DelayReason::Material => "material",
            DelayReason::Transport => "transport",
            DelayReason::Quality => "quality",
            DelayReason::ForceMajeure => "force_majeure",
            DelayReason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> String {
        format!("delay-reason-{}", self.code().replace('_', "-"))
    }
}

/// Which open lines a report is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelayScope {
    /// Every open line of one order (by its number).
    Order(String),
    /// Every open line of these buyer items, in any order.
    Items(Vec<String>),
    /// Every open line promised before this day.
    DueBefore(Date),
}

/// The report form as sent (plain strings, kept as typed when sent back).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelayForm {
    /// `order`, `items` or `due_before`.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub order: String,
    /// Buyer item numbers, separated by commas, spaces or new lines.
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub due_before: String,
    #[serde(default)]
    pub new_date: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// The most characters of a report's note.
pub const NOTE_MAX: usize = 1000;
/// The most items one report names.
pub const ITEMS_MAX: usize = 50;

/// A report that keeps the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDelay {
    pub scope: DelayScope,
    pub new_date: Date,
    pub reason: DelayReason,
    pub note: Option<String>,
}

impl DelayForm {
    /// Checks the form on `today`; every mistake at once, by field.
    pub fn validate(&self, today: Date) -> Result<ValidDelay, Vec<FieldError>> {
        let mut errors = Vec::new();
        let scope = match self.scope.trim() {
            "order" => match self.order.trim() {
                "" => {
                    errors.push(FieldError::new("order", "delay-error-order"));
                    None
                }
                n => Some(DelayScope::Order(n.to_owned())),
            },
            "items" => {
                let items: Vec<String> = self
                    .items
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(str::to_owned)
                    .collect();
                if items.is_empty() {
                    errors.push(FieldError::new("items", "delay-error-items"));
                    None
                } else if items.len() > ITEMS_MAX {
                    errors.push(
                        FieldError::new("items", "delay-error-items-many")
                            .with_arg("max", ITEMS_MAX),
                    );
                    None
                } else {
                    Some(DelayScope::Items(items))
                }
            }
            "due_before" => match parse_date(&self.due_before) {
                Some(d) => Some(DelayScope::DueBefore(d)),
                None => {
                    errors.push(FieldError::new("due_before", "delay-error-date"));
                    None
                }
            },
            _ => {
                errors.push(FieldError::new("scope", "delay-error-scope"));
                None
            }
        };
        let new_date = match parse_date(&self.new_date) {
            Some(d) if d < today => {
                errors.push(FieldError::new("new_date", "delay-error-past"));
                None
            }
            Some(d) if d > today + time::Duration::days(730) => {
                errors.push(FieldError::new("new_date", "delay-error-far"));
                None
            }
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("new_date", "delay-error-date"));
                None
            }
        };
        let reason = DelayReason::parse(&self.reason);
        if reason.is_none() {
            errors.push(FieldError::new("reason", "delay-error-reason"));
        }
        let note = self.note.trim();
        if note.chars().count() > NOTE_MAX {
            errors.push(FieldError::new("note", "delay-error-note-long").with_arg("max", NOTE_MAX));
        } else if note.is_empty() && reason == Some(DelayReason::Other) {
            errors.push(FieldError::new("note", "delay-error-note-required"));
        }
        match (scope, new_date, reason) {
            (Some(scope), Some(new_date), Some(reason)) if errors.is_empty() => Ok(ValidDelay {
                scope,
                new_date,
                reason,
                note: (!note.is_empty()).then(|| note.to_owned()),
            }),
            _ => Err(errors),
        }
    }
}

/// An open order line as the report's scope sees it: promised, not yet shipped in full.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenLine {
    pub order_id: Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub buyer_item: String,
    pub description: String,
    pub unit_of_measure: String,
    /// Promised less shipped.
    pub open_quantity: Decimal,
    pub promised_date: Date,
}

/// A line the report moves: from its promised date to the new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffectedLine {
    pub line: OpenLine,
    pub new_date: Date,
}

impl ValidDelay {
    /// The lines of `open` this report moves: in its scope and promised before the new date (one already promised
    /// for then or later is not delayed by it). In the order given.
    pub fn affected(&self, open: &[OpenLine]) -> Vec<AffectedLine> {
        open.iter()
            .filter(|l| l.open_quantity > Decimal::ZERO && l.promised_date < self.new_date)
            .filter(|l| match &self.scope {
                DelayScope::Order(n) => l.order_number.eq_ignore_ascii_case(n),
                DelayScope::Items(items) => {
                    items.iter().any(|i| i.eq_ignore_ascii_case(&l.buyer_item))
                }
                DelayScope::DueBefore(d) => l.promised_date < *d,
            })
            .map(|l| AffectedLine {
                line: l.clone(),
                new_date: self.new_date,
            })
            .collect()
    }
}

/// A stored report, for its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelayReportView {
    pub id: Uuid,
    pub supplier_name: String,
    pub buyer_name: String,
    pub reason: DelayReason,
    pub note: Option<String>,
    pub new_date: Date,
    pub reported_by: String,
    pub reported_at: time::OffsetDateTime,
    /// Each line with its previous date.
    pub lines: Vec<AffectedLine>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn open(order: &str, line: i32, item: &str, promised: Date, open: i64) -> OpenLine {
        OpenLine {
            order_id: Uuid::nil(),
            order_number: order.into(),
            line_number: line,
            buyer_item: item.into(),
            description: String::new(),
            unit_of_measure: "EA".into(),
            open_quantity: Decimal::from(open),
            promised_date: promised,
        }
    }

    fn form(scope: &str) -> DelayForm {
        DelayForm {
            scope: scope.into(),
            order: "4500012207".into(),
            items: "RM-100, rm-200\nRM-300".into(),
            due_before: "2026-12-10".into(),
            new_date: "2026-12-15".into(),
            reason: "material".into(),
            note: String::new(),
        }
    }

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn the_scope_picks_open_lines_promised_before_the_new_date() {
        let lines = [
            open("4500012207", 10, "RM-100", date!(2026 - 12 - 01), 5),
            open("4500012207", 20, "RM-200", date!(2026 - 12 - 20), 5), // already later: not delayed
            open("4500012207", 30, "RM-300", date!(2026 - 12 - 02), 0), // shipped in full
            open("4500012300", 10, "RM-200", date!(2026 - 12 - 12), 3),
            open("4500012301", 10, "RM-900", date!(2026 - 12 - 05), 1),
        ];
        let v = form("order").validate(TODAY).unwrap();
        let picked: Vec<_> = v
            .affected(&lines)
            .iter()
            .map(|a| (a.line.order_number.clone(), a.line.line_number))
            .collect();
        assert_eq!(picked, vec![("4500012207".to_owned(), 10)]);
        let v = form("items").validate(TODAY).unwrap();
        assert_eq!(
            v.scope,
            DelayScope::Items(vec!["RM-100".into(), "rm-200".into(), "RM-300".into()])
        );
        let picked: Vec<_> = v
            .affected(&lines)
            .iter()
            .map(|a| (a.line.order_number.clone(), a.line.line_number))
            .collect();
        assert_eq!(
            picked,
            vec![("4500012207".to_owned(), 10), ("4500012300".to_owned(), 10)]
        );
        let v = form("due_before").validate(TODAY).unwrap();
        let picked: Vec<_> = v
            .affected(&lines)
            .iter()
            .map(|a| a.line.buyer_item.clone())
            .collect();
        assert_eq!(picked, vec!["RM-100".to_owned(), "RM-900".to_owned()]);
        assert!(v
            .affected(&lines)
            .iter()
            .all(|a| a.new_date == date!(2026 - 12 - 15)));
    }

    #[test]
    fn every_mistake_comes_back_by_field() {
        let bad = DelayForm {
            scope: "items".into(),
            items: " , ".into(),
            new_date: "2026-11-26".into(),
            reason: "weather".into(),
            note: "x".repeat(NOTE_MAX + 1),
            ..DelayForm::default()
        };
        let e = bad.validate(TODAY).unwrap_err();
        let fields: Vec<_> = e
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("items", "delay-error-items"),
                ("new_date", "delay-error-past"),
                ("reason", "delay-error-reason"),
                ("note", "delay-error-note-long"),
            ]
        );
        let other = DelayForm {
            reason: "other".into(),
            ..form("order")
        };
        assert_eq!(other.validate(TODAY).unwrap_err()[0].field, "note");
        let nowhere = DelayForm {
            scope: "everything".into(),
            ..form("order")
        };
        assert_eq!(nowhere.validate(TODAY).unwrap_err()[0].field, "scope");
        let today = DelayForm {
            new_date: "2026-11-27".into(),
            ..form("order")
        };
        assert!(
            today.validate(TODAY).is_ok(),
            "today is a date one may still promise"
        );
    }
}
