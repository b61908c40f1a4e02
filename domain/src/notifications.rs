//! What people are told by e-mail about orders, and how: at once, or gathered into one daily digest
//! (docs/ACKNOWLEDGEMENTS.md "Notifications"). Each person chooses per kind; at once is the default. Messages about
//! the person's own account (invitations, password resets, sign-in links) are never held back.

use serde::{Deserialize, Serialize};

/// A kind of notification a person may choose how to receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Suppliers: a new purchase order.
    NewOrder,
    /// Suppliers: a new version of an order (a change order).
    ChangedOrder,
    /// Suppliers: an order's acknowledgement is due soon or overdue.
    AckDue,
    /// Suppliers: the buyer approved, rejected or countered their changes.
    ReviewDecided,
    /// Buyers: a supplier's changes wait for review.
    ChangesToReview,
    /// Buyers: a supplier rejected an order.
    OrderRejected,
    /// Buyers: a supplier accepted their counter-proposal.
    CounterAccepted,
    /// Both: someone commented on an order.
    Comment,
    /// Buyers: a supplier sent a ship notice.
    ShipNotice,
    /// Buyers: an invoice waits for a decision (outside the tolerances), or a credit memo arrived.
    InvoiceToReview,
    /// Suppliers: the buyer disputed, approved or paid an invoice.
    InvoiceDecided,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 11] = [
        NotificationKind::NewOrder,
        NotificationKind::ChangedOrder,
        NotificationKind::AckDue,
        NotificationKind::ReviewDecided,
        NotificationKind::ChangesToReview,
        NotificationKind::OrderRejected,
        NotificationKind::CounterAccepted,
        NotificationKind::Comment,
        NotificationKind::ShipNotice,
        NotificationKind::InvoiceToReview,
        NotificationKind::InvoiceDecided,
    ];

    /// The stable code (stored, in forms, in catalogue ids).
    pub const fn code(self) -> &'static str {
        match self {
            NotificationKind::NewOrder => "new_order",
            NotificationKind::ChangedOrder => "changed_order",
            NotificationKind::AckDue => "ack_due",
            NotificationKind::ReviewDecided => "review_decided",
            NotificationKind::ChangesToReview => "changes_to_review",
            NotificationKind::OrderRejected => "order_rejected",
            NotificationKind::CounterAccepted => "counter_accepted",
            NotificationKind::Comment => "comment",
            NotificationKind::ShipNotice => "ship_notice",
            NotificationKind::InvoiceToReview => "invoice_to_review",
            NotificationKind::InvoiceDecided => "invoice_decided",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The kinds a person on this side receives (`buyer` or supplier side).
    pub fn for_side(buyer: bool) -> Vec<NotificationKind> {
        use NotificationKind::*;
        if buyer {
            vec![
                ChangesToReview,
                OrderRejected,
                CounterAccepted,
                Comment,
                ShipNotice,
                InvoiceToReview,
            ]
        } else {
            vec![
                NewOrder,
                ChangedOrder,
                AckDue,
                ReviewDecided,
                Comment,
                InvoiceDecided,
            ]
        }
    }
}

/// How a person receives a kind of notification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// One e-mail per event, at once.
    #[default]
    Immediate,
    /// Gathered into one e-mail a day.
    Digest,
}

impl Delivery {
    pub const fn code(self) -> &'static str {
        match self {
            Delivery::Immediate => "immediate",
            Delivery::Digest => "digest",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Delivery::Immediate, Delivery::Digest]
            .into_iter()
            .find(|d| d.code() == code.trim())
    }
}

/// One row of the preferences form: a kind and how it is received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preference {
    pub kind: NotificationKind,
    pub delivery: Delivery,
}

/// The most hours an order may wait for its acknowledgement before it is overdue (30 days), and the least.
pub const SLA_HOURS: std::ops::RangeInclusive<i32> = 1..=720;

/// The acknowledgement deadline a buyer administrator typed, in whole hours.
pub fn parse_sla_hours(text: &str) -> Result<i32, &'static str> {
    match text.trim().parse::<i32>() {
        Ok(h) if SLA_HOURS.contains(&h) => Ok(h),
        Ok(_) => Err("sla-error-range"),
        Err(_) => Err("sla-error-number"),
    }
}

/// When a reminder about an unanswered order is due, counted from when its current version arrived: a day before
/// the deadline ("due soon", only when the deadline is more than a day), and at the deadline ("overdue").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderStage {
    DueSoon,
    Overdue,
}

impl ReminderStage {
    pub const fn code(self) -> &'static str {
        match self {
            ReminderStage::DueSoon => "due_soon",
            ReminderStage::Overdue => "overdue",
        }
    }

    /// Hours after arrival at which this stage's reminder goes out under a deadline of `sla_hours` (`None`: not
    /// at all, e.g. "due soon" for a deadline of a day or less).
    pub fn after_hours(self, sla_hours: i32) -> Option<i32> {
        match self {
            ReminderStage::DueSoon => (sla_hours > 24).then(|| sla_hours - 24),
            ReminderStage::Overdue => Some(sla_hours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_sides_split_the_kinds() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.code()), Some(k));
        }
        let buyer = NotificationKind::for_side(true);
        let supplier = NotificationKind::for_side(false);
        for k in NotificationKind::ALL {
            assert!(
                buyer.contains(&k) || supplier.contains(&k),
                "{k:?} reaches nobody"
            );
        }
        assert_eq!(Delivery::parse("digest"), Some(Delivery::Digest));
        assert_eq!(Delivery::parse("weekly"), None);
    }

    #[test]
    fn deadlines_and_reminders() {
        assert_eq!(parse_sla_hours(" 48 "), Ok(48));
        assert_eq!(parse_sla_hours("0"), Err("sla-error-range"));
        assert_eq!(parse_sla_hours("721"), Err("sla-error-range"));
        assert_eq!(parse_sla_hours("two days"), Err("sla-error-number"));
        assert_eq!(ReminderStage::DueSoon.after_hours(48), Some(24));
        assert_eq!(ReminderStage::DueSoon.after_hours(24), None);
        assert_eq!(ReminderStage::Overdue.after_hours(24), Some(24));
    }
}
