//! The buyer's exception workbench (docs/EXCEPTIONS.md): what an exception is about, how long the buyer has for it,
//! how it ends, and how the workbench filters and shows its timing. Opened by the system in the transaction of the
//! change that causes it (or by the overdue job); closed by a person with an outcome, or by the system when its cause
//! goes away.

use crate::acknowledgement::FieldError;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// What needs the buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    ChangesToReview,
    OrderRejected,
    AckOverdue,
    AsnOverdue,
    ShippedLate,
    ShortShipment,
    InvoiceMismatch,
    InvoiceDisputed,
    DelayReported,
    DeliveryFailed,
    /// A supplier ended a month below one of the buyer's scorecard thresholds.
    ScorecardBelow,
    /// A supplier asked to change its bank account (docs/SUPPLIERS.md).
    BankChangeToReview,
    /// A supplier submitted its profile, or changes to fields the buyer reviews (docs/SUPPLIERS.md "Profile").
    ProfileChangeToReview,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 13] = [
        ExceptionKind::ChangesToReview,
        ExceptionKind::OrderRejected,
        ExceptionKind::AckOverdue,
        ExceptionKind::AsnOverdue,
        ExceptionKind::ShippedLate,
        ExceptionKind::ShortShipment,
        ExceptionKind::InvoiceMismatch,
        ExceptionKind::InvoiceDisputed,
        ExceptionKind::DelayReported,
        ExceptionKind::DeliveryFailed,
        ExceptionKind::ScorecardBelow,
        ExceptionKind::BankChangeToReview,
        ExceptionKind::ProfileChangeToReview,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExceptionKind::ChangesToReview => "changes_to_review",
            ExceptionKind::OrderRejected => "order_rejected",
            ExceptionKind::AckOverdue => "ack_overdue",
            ExceptionKind::AsnOverdue => "asn_overdue",
            ExceptionKind::ShippedLate => "shipped_late",
            ExceptionKind::ShortShipment => "short_shipment",
            ExceptionKind::InvoiceMismatch => "invoice_mismatch",
            ExceptionKind::InvoiceDisputed => "invoice_disputed",
            ExceptionKind::DelayReported => "delay_reported",
            ExceptionKind::DeliveryFailed => "delivery_failed",
            ExceptionKind::ScorecardBelow => "scorecard_below",
            ExceptionKind::BankChangeToReview => "bank_change_to_review",
            ExceptionKind::ProfileChangeToReview => "profile_change_to_review",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The hours a buyer has for it unless the organisation set its own (its SLA).
    pub fn sla_hours(self) -> i64 {
        match self {
            ExceptionKind::ChangesToReview
            | ExceptionKind::OrderRejected
            | ExceptionKind::AckOverdue
            | ExceptionKind::AsnOverdue
            | ExceptionKind::DelayReported => 24,
            ExceptionKind::ShippedLate => 72,
            ExceptionKind::ShortShipment
            | ExceptionKind::InvoiceMismatch
            | ExceptionKind::BankChangeToReview => 48,
            ExceptionKind::ProfileChangeToReview => 72,
            ExceptionKind::InvoiceDisputed | ExceptionKind::ScorecardBelow => 120,
            ExceptionKind::DeliveryFailed => 4,
        }
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> String {
        format!("exception-kind-{}", self.code().replace('_', "-"))
    }
}

/// How an exception ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The buyer accepted what happened (the change, the short quantity, the price).
    Accepted,
    /// Sent back to the supplier (a rejected change, a disputed invoice).
    Returned,
    /// Put right (a corrected document, a replayed delivery, a new date agreed).
    Corrected,
    /// Handed on to someone else (purchasing manager, the supplier's account manager).
    Escalated,
    /// Nothing to do.
    NoAction,
    /// Closed by Portico because its cause went away (the late answer arrived, the invoice was decided).
    Cleared,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Accepted,
        Outcome::Returned,
        Outcome::Corrected,
        Outcome::Escalated,
        Outcome::NoAction,
        Outcome::Cleared,
    ];

    /// The outcomes a person may choose.
    pub const CHOOSABLE: [Outcome; 5] = [
        Outcome::Accepted,
        Outcome::Returned,
        Outcome::Corrected,
        Outcome::Escalated,
        Outcome::NoAction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Returned => "returned",
            Outcome::Corrected => "corrected",
            Outcome::Escalated => "escalated",
            Outcome::NoAction => "no_action",
            Outcome::Cleared => "cleared",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> String {
        format!("exception-outcome-{}", self.code().replace('_', "-"))
    }
}

/// What the document an exception is about is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    PurchaseOrder,
    ShipNotice,
    Invoice,
    Delivery,
    DelayReport,
    /// A supplier's scorecard (the document id is the supplier's).
    Scorecard,
    /// A supplier's bank details (the document id is the supplier's).
    SupplierBank,
    /// A supplier's profile (the document id is the supplier's).
    SupplierProfile,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::PurchaseOrder => "purchase_order",
            DocumentKind::ShipNotice => "ship_notice",
            DocumentKind::Invoice => "invoice",
            DocumentKind::Delivery => "delivery",
            DocumentKind::DelayReport => "delay_report",
            DocumentKind::Scorecard => "scorecard",
            DocumentKind::SupplierBank => "supplier_bank",
            DocumentKind::SupplierProfile => "supplier_profile",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            DocumentKind::PurchaseOrder,
            DocumentKind::ShipNotice,
            DocumentKind::Invoice,
            DocumentKind::Delivery,
            DocumentKind::DelayReport,
            DocumentKind::Scorecard,
            DocumentKind::SupplierBank,
            DocumentKind::SupplierProfile,
        ]
        .into_iter()
        .find(|d| d.code() == code)
    }

    /// The page of the document.
    pub fn path(self, id: Uuid) -> String {
        match self {
            DocumentKind::PurchaseOrder => format!("/orders/{id}"),
            DocumentKind::ShipNotice => format!("/shipments/{id}"),
            DocumentKind::Invoice => format!("/invoices/{id}"),
            DocumentKind::Delivery => format!("/integration/deliveries/{id}"),
            DocumentKind::DelayReport => format!("/delays/{id}"),
            DocumentKind::Scorecard => format!("/suppliers/scorecards/{id}?period=month"),
            DocumentKind::SupplierBank => format!("/suppliers/{id}/bank"),
            DocumentKind::SupplierProfile => format!("/suppliers/{id}/profile"),
        }
    }
}

/// Where an exception stands against its SLA at a moment, in whole hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    /// Hours since it opened.
    pub age_hours: i64,
    /// Hours left before it is due; negative once overdue.
    pub due_in_hours: i64,
}

impl Timing {
    /// The timing at `now` of an exception opened at `opened` and due at `due` (hours rounded down, so "due in 0 h"
    /// still means not yet overdue).
    pub fn at(opened: OffsetDateTime, due: OffsetDateTime, now: OffsetDateTime) -> Self {
        let age = (now - opened).whole_hours().max(0);
        let left = due - now;
        let due_in = if left.is_negative() {
            // Overdue by a part of an hour counts as one.
            -((-left).whole_seconds() + 3599) / 3600
        } else {
            left.whole_hours()
        };
        Self {
            age_hours: age,
            due_in_hours: due_in,
        }
    }

    pub fn overdue(&self) -> bool {
        self.due_in_hours < 0
    }
}

/// One exception as the workbench lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExceptionSummary {
    pub id: Uuid,
    pub kind: ExceptionKind,
    pub open: bool,
    /// Empty for a failed delivery to the ERP, which concerns no one supplier.
    pub supplier: Option<(Uuid, String)>,
    pub document: DocumentKind,
    pub document_id: Uuid,
    pub document_number: String,
    pub line_number: Option<i32>,
    /// What the system knew when it opened it (e.g. "2 lines changed"), in the catalogue's words: a key and its
    /// arguments.
    pub detail_key: Option<String>,
    pub detail_args: Vec<(String, String)>,
    pub opened_at: OffsetDateTime,
    pub due_at: OffsetDateTime,
    pub timing: Timing,
    pub assignee: Option<(Uuid, String)>,
    pub resolved_at: Option<OffsetDateTime>,
    pub outcome: Option<Outcome>,
}

impl ExceptionSummary {
    /// The page of its document. A scorecard opens at the month the exception is about: the month before it opened
    /// (the month-end check runs once the month has closed).
    pub fn document_path(&self) -> String {
        let path = self.document.path(self.document_id);
        match self.document {
            DocumentKind::Scorecard => {
                let opened = self.opened_at.date();
                let in_month_before = opened
                    .replace_day(1)
                    .ok()
                    .and_then(|d| d.previous_day())
                    .unwrap_or(opened);
                format!("{path}&at={in_month_before}")
            }
            _ => path,
        }
    }
}

/// The most hours an organisation may give itself for a kind of exception (90 days).
pub const MAX_SLA_HOURS: i64 = 2160;

/// The hours an organisation gives itself for one kind of exception.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSetting {
    pub kind: ExceptionKind,
    /// In force: the organisation's own, or the built-in default.
    pub hours: i64,
    /// Whether the organisation set it (otherwise `hours` is [`ExceptionKind::sla_hours`]).
    pub custom: bool,
}

/// Reads the SLA form: one field per kind's code with whole hours from 1 to [`MAX_SLA_HOURS`], empty for the
/// built-in default. Every mistake by field, all at once; the result lists every kind in [`ExceptionKind::ALL`]
/// order.
pub fn parse_slas(
    fields: &[(String, String)],
) -> Result<Vec<(ExceptionKind, Option<i64>)>, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for kind in ExceptionKind::ALL {
        let raw = fields
            .iter()
            .find(|(k, _)| k == kind.code())
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        if raw.is_empty() {
            out.push((kind, None));
            continue;
        }
        match raw.parse::<i64>() {
            Ok(h) if (1..=MAX_SLA_HOURS).contains(&h) => out.push((kind, Some(h))),
            _ => errors.push(FieldError::new(kind.code(), "sla-error-hours")),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A comment on an exception.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExceptionComment {
    pub author: String,
    pub at: OffsetDateTime,
    pub body: String,
}

/// One exception with its history, for its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExceptionDetail {
    pub summary: ExceptionSummary,
    pub resolved_by: Option<String>,
    pub note: Option<String>,
    pub comments: Vec<ExceptionComment>,
}

/// The workbench: the exceptions matching its filter, with what the filters offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workbench {
    pub exceptions: Vec<ExceptionSummary>,
    /// How many match (the list shows at most the first 200).
    pub total: i64,
    /// Open in the whole organisation, and of those past their due time.
    pub open: i64,
    pub overdue: i64,
    pub filter: ExceptionFilter,
    /// The suppliers that have exceptions, and the people they may be given to: `(id, name)`.
    pub suppliers: Vec<(Uuid, String)>,
    pub people: Vec<(Uuid, String)>,
    /// The signed-in person.
    pub me: Uuid,
}

/// One exception's page: the exception with its comments, and who it may be given to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExceptionPage {
    pub detail: ExceptionDetail,
    pub people: Vec<(Uuid, String)>,
    pub me: Uuid,
}

/// Which exceptions the workbench shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionFilter {
    pub kind: Option<ExceptionKind>,
    pub supplier: Option<Uuid>,
    pub assignee: AssigneeFilter,
    /// Resolved ones instead of open ones.
    pub resolved: bool,
    /// Only those open at least this many days.
    pub older_than_days: Option<i64>,
}

/// Whose exceptions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Unassigned,
    Person(Uuid),
}

impl ExceptionFilter {
    /// The filter from the workbench's query string values, ignoring what does not parse (a stale bookmark shows
    /// everything rather than an error). `me` is the signed-in person, for `assignee=me`.
    pub fn from_query(
        kind: Option<&str>,
        supplier: Option<&str>,
        assignee: Option<&str>,
        state: Option<&str>,
        age: Option<&str>,
        me: Uuid,
    ) -> Self {
        Self {
            kind: some(kind).and_then(ExceptionKind::parse),
            supplier: some(supplier).and_then(|s| Uuid::parse_str(s).ok()),
            assignee: match some(assignee) {
                Some("me") => AssigneeFilter::Person(me),
                Some("none") => AssigneeFilter::Unassigned,
                Some(id) => Uuid::parse_str(id)
                    .map(AssigneeFilter::Person)
                    .unwrap_or_default(),
                None => AssigneeFilter::Anyone,
            },
            resolved: some(state) == Some("resolved"),
            older_than_days: some(age)
                .and_then(|a| a.parse::<i64>().ok())
                .filter(|d| (1..=365).contains(d)),
        }
    }
}

/// A query value, trimmed; `None` when empty.
fn some(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// The most characters of a comment or a resolution note.
pub const NOTE_MAX: usize = 2000;

/// A resolution as a person sends it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub outcome: Outcome,
    pub note: Option<String>,
}

impl Resolution {
    /// Checks the resolve form: a choosable outcome; a note of at most [`NOTE_MAX`] characters, required when the
    /// exception is escalated or needs nothing (so the next reader knows to whom, or why).
    pub fn parse(outcome: &str, note: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let outcome = match Outcome::parse(outcome.trim()) {
            Some(o) if Outcome::CHOOSABLE.contains(&o) => Some(o),
            _ => {
                errors.push(FieldError::new("outcome", "exception-error-outcome"));
                None
            }
        };
        let note = note.trim();
        if note.chars().count() > NOTE_MAX {
            errors.push(
                FieldError::new("note", "exception-error-note-long")
                    .with_arg("max", NOTE_MAX.to_string()),
            );
        }
        if note.is_empty() && matches!(outcome, Some(Outcome::Escalated | Outcome::NoAction)) {
            errors.push(FieldError::new("note", "exception-error-note-required"));
        }
        match outcome {
            Some(outcome) if errors.is_empty() => Ok(Self {
                outcome,
                note: (!note.is_empty()).then(|| note.to_owned()),
            }),
            _ => Err(errors),
        }
    }
}

/// Checks a comment: not empty, at most [`NOTE_MAX`] characters.
pub fn parse_comment(body: &str) -> Result<String, FieldError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(FieldError::new("body", "exception-error-comment-empty"));
    }
    if body.chars().count() > NOTE_MAX {
        return Err(FieldError::new("body", "exception-error-note-long")
            .with_arg("max", NOTE_MAX.to_string()));
    }
    Ok(body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn codes_round_trip_and_every_kind_has_an_sla() {
        for k in ExceptionKind::ALL {
            assert_eq!(ExceptionKind::parse(k.code()), Some(k));
            assert!(k.sla_hours() > 0);
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.code()), Some(o));
        }
        assert_eq!(ExceptionKind::parse("nonsense"), None);
        assert!(!Outcome::CHOOSABLE.contains(&Outcome::Cleared));
    }

    #[test]
    fn timing_counts_whole_hours_and_a_part_hour_overdue_as_one() {
        let opened = datetime!(2026-11-20 08:00 UTC);
        let due = datetime!(2026-11-21 08:00 UTC);
        let t = Timing::at(opened, due, datetime!(2026-11-20 20:30 UTC));
        assert_eq!((t.age_hours, t.due_in_hours, t.overdue()), (12, 11, false));
        let t = Timing::at(opened, due, datetime!(2026-11-21 08:00 UTC));
        assert_eq!((t.due_in_hours, t.overdue()), (0, false));
        let t = Timing::at(opened, due, datetime!(2026-11-21 08:10 UTC));
        assert_eq!((t.due_in_hours, t.overdue()), (-1, true));
        let t = Timing::at(opened, due, datetime!(2026-11-23 09:00 UTC));
        assert_eq!((t.age_hours, t.due_in_hours), (73, -49));
    }

    #[test]
    fn a_resolution_needs_a_choosable_outcome_and_a_note_when_escalated() {
        assert_eq!(
            Resolution::parse("accepted", "  "),
            Ok(Resolution {
                outcome: Outcome::Accepted,
                note: None
            })
        );
        let e = Resolution::parse("cleared", "").unwrap_err();
        assert_eq!(e[0].field, "outcome");
        let e = Resolution::parse("escalated", "").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].message.as_str()),
            ("note", "exception-error-note-required")
        );
        let long = "x".repeat(NOTE_MAX + 1);
        let e = Resolution::parse("bogus", &long).unwrap_err();
        assert_eq!(e.len(), 2, "every mistake at once");
        assert!(Resolution::parse("no_action", &"x".repeat(NOTE_MAX)).is_ok());
        assert!(parse_comment(" ").is_err());
        assert_eq!(parse_comment(" looks fine ").unwrap(), "looks fine");
    }

    #[test]
    fn the_filter_reads_its_query_and_ignores_what_does_not_parse() {
        let me = Uuid::from_u128(7);
        let f = ExceptionFilter::from_query(
            Some("short_shipment"),
            Some("not-a-uuid"),
            Some("me"),
            Some("resolved"),
            Some("3"),
            me,
        );
        assert_eq!(f.kind, Some(ExceptionKind::ShortShipment));
        assert_eq!(f.supplier, None);
        assert_eq!(f.assignee, AssigneeFilter::Person(me));
        assert!(f.resolved);
        assert_eq!(f.older_than_days, Some(3));
        let f = ExceptionFilter::from_query(None, None, Some("none"), None, Some("-2"), me);
        assert_eq!(
            f,
            ExceptionFilter {
                assignee: AssigneeFilter::Unassigned,
                ..Default::default()
            }
        );
    }

    #[test]
    fn sla_form_reads_hours_and_every_mistake_by_field() {
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let parsed = parse_slas(&form(&[("ack_overdue", " 8 "), ("delivery_failed", "")])).unwrap();
        assert_eq!(parsed.len(), ExceptionKind::ALL.len());
        assert!(parsed.contains(&(ExceptionKind::AckOverdue, Some(8))));
        assert!(parsed.contains(&(ExceptionKind::DeliveryFailed, None)));
        let errors = parse_slas(&form(&[
            ("ack_overdue", "0"),
            ("shipped_late", "2161"),
            ("invoice_mismatch", "1.5"),
            ("scorecard_below", "2160"),
        ]))
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["ack_overdue", "shipped_late", "invoice_mismatch"]
        );
        assert!(errors.iter().all(|e| e.message == "sla-error-hours"));
    }

    #[test]
    fn a_scorecard_exception_links_the_month_it_is_about() {
        let s = ExceptionSummary {
            id: Uuid::nil(),
            kind: ExceptionKind::ScorecardBelow,
            open: true,
            supplier: None,
            document: DocumentKind::Scorecard,
            document_id: Uuid::nil(),
            document_number: "2026-10".into(),
            line_number: None,
            detail_key: None,
            detail_args: vec![],
            opened_at: datetime!(2026-11-01 00:05 UTC),
            due_at: datetime!(2026-11-06 00:05 UTC),
            timing: Timing::at(
                datetime!(2026-11-01 00:05 UTC),
                datetime!(2026-11-06 00:05 UTC),
                datetime!(2026-11-02 00:05 UTC),
            ),
            assignee: None,
            resolved_at: None,
            outcome: None,
        };
        assert_eq!(
            s.document_path(),
            format!(
                "/suppliers/scorecards/{}?period=month&at=2026-10-31",
                Uuid::nil()
            )
        );
    }
}
