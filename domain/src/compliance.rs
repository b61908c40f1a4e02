//! Compliance documents (docs/SUPPLIERS.md "Compliance documents"): the certificates, insurance confirmations and tax
//! forms a buyer keeps on file for each supplier. A supplier uploads them as PDFs with their expiry dates; the status
//! follows from the date (valid, expiring within [`EXPIRING_DAYS`], expired), the supplier is reminded before a
//! document runs out, and a newer upload can replace an older one. Pure: the pages and `core` share these rules.

use crate::acknowledgement::{parse_date, FieldError};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// From how many days before its expiry a document counts as expiring.
pub const EXPIRING_DAYS: i64 = 30;

/// The reminders a supplier gets, in days before the expiry date: a month ahead, a week ahead, and on the day it
/// runs out (0). Each is sent once per document.
pub const REMINDER_DAYS: [i64; 3] = [30, 7, 0];

/// The longest title kept.
pub const TITLE_MAX: usize = 120;

/// What a document is. Certificates and insurance always expire; tax forms and others may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    /// A quality, safety or origin certificate (ISO 9001, FSC, REACH declaration …).
    Certificate,
    /// A certificate of insurance (liability, product recall).
    Insurance,
    /// A tax form such as the US W-9 / W-8BEN or an EU tax residence certificate.
    TaxForm,
    /// Anything else the buyer asked for.
    Other,
}

impl DocumentKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Certificate,
        DocumentKind::Insurance,
        DocumentKind::TaxForm,
        DocumentKind::Other,
    ];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            DocumentKind::Certificate => "certificate",
            DocumentKind::Insurance => "insurance",
            DocumentKind::TaxForm => "tax_form",
            DocumentKind::Other => "other",
        }
    }

    /// The kind a stored code names.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("doc-kind-{}", self.code().replace('_', "-"))
    }

    /// Whether a document of this kind must carry an expiry date.
    pub const fn expires(self) -> bool {
        matches!(self, DocumentKind::Certificate | DocumentKind::Insurance)
    }
}

/// Where a document stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DocumentStatus {
    /// Past its expiry date.
    Expired,
    /// Expires within [`EXPIRING_DAYS`] (the expiry day itself included: a document is valid through that day).
    Expiring,
    /// Valid for longer.
    Valid,
    /// Carries no expiry date.
    NoExpiry,
}

impl DocumentStatus {
    /// A document expiring on `expires_on` (if ever), seen on `today`.
    pub fn on(expires_on: Option<Date>, today: Date) -> Self {
        match expires_on {
            None => DocumentStatus::NoExpiry,
            Some(d) if d < today => DocumentStatus::Expired,
            Some(d) if (d - today).whole_days() <= EXPIRING_DAYS => DocumentStatus::Expiring,
            Some(_) => DocumentStatus::Valid,
        }
    }

    /// The code used in addresses and CSS classes.
    pub const fn code(self) -> &'static str {
        match self {
            DocumentStatus::Expired => "expired",
            DocumentStatus::Expiring => "expiring",
            DocumentStatus::Valid => "valid",
            DocumentStatus::NoExpiry => "no-expiry",
        }
    }

    /// The status a code names.
    pub fn parse(code: &str) -> Option<Self> {
        [
            DocumentStatus::Expired,
            DocumentStatus::Expiring,
            DocumentStatus::Valid,
            DocumentStatus::NoExpiry,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("doc-status-{}", self.code())
    }
}

/// Days after its expiry that a document is still reminded of (a job that missed the last day catches up); none
/// after that.
pub const REMINDER_GRACE_DAYS: i64 = 7;

/// The reminder due for a document expiring on `expires_on`, seen on `today`, when the last one sent was for
/// `last_sent` days before expiry (`None`: none yet): the number of days of the reminder to send now (one of
/// [`REMINDER_DAYS`]), or `None`. A job that missed days sends only the latest reminder due, never a burst; nothing is
/// sent for a document that ran out more than a week ago (uploaded already expired, or long forgotten).
pub fn reminder_due(expires_on: Date, today: Date, last_sent: Option<i64>) -> Option<i64> {
    let left = (expires_on - today).whole_days();
    if left < -REMINDER_GRACE_DAYS {
        return None;
    }
    let stage = REMINDER_DAYS.into_iter().filter(|d| left <= *d).min()?;
    match last_sent {
        Some(sent) if sent <= stage => None,
        _ => Some(stage),
    }
}

/// The upload form as typed (every field text, so a form with mistakes comes back as it was).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInput {
    pub kind: String,
    pub title: String,
    pub issued_on: String,
    pub expires_on: String,
    /// The id of the document this one replaces, or empty.
    pub replaces: String,
}

/// A checked upload form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentForm {
    pub kind: DocumentKind,
    pub title: String,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub replaces: Option<Uuid>,
}

impl DocumentInput {
    /// Checks the form on `today`: every mistake, each naming its field and rule.
    pub fn parse(&self, today: Date) -> Result<DocumentForm, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = DocumentKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new("kind", "doc-error-kind"));
        }
        let title =
            crate::supplier_profile::required_text("title", &self.title, TITLE_MAX, &mut errors);
        let mut date = |field: &str, text: &str| -> Option<Date> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = parse_date(text);
            if parsed.is_none() {
                errors.push(FieldError::new(field, "doc-error-date"));
            }
            parsed
        };
        let issued_on = date("issued_on", &self.issued_on);
        let expires_on = date("expires_on", &self.expires_on);
        if let Some(issued) = issued_on {
            if issued > today {
                errors.push(FieldError::new("issued_on", "doc-error-issued-future"));
            }
        }
        match (kind, expires_on) {
            (Some(k), None) if k.expires() && self.expires_on.trim().is_empty() => {
                errors.push(FieldError::new("expires_on", "doc-error-expiry-required"));
            }
            (_, Some(expires)) if expires < today => {
                errors.push(FieldError::new("expires_on", "doc-error-expired"));
            }
            (_, Some(expires)) if issued_on.is_some_and(|i| expires <= i) => {
                errors.push(FieldError::new(
                    "expires_on",
                    "doc-error-expiry-before-issue",
                ));
            }
            _ => {}
        }
        let replaces = match self.replaces.trim() {
            "" => None,
            text => match Uuid::parse_str(text) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(FieldError::new("replaces", "doc-error-replaces"));
                    None
                }
            },
        };
        match (kind, title) {
            (Some(kind), Some(title)) if errors.is_empty() => Ok(DocumentForm {
                kind,
                title,
                issued_on,
                expires_on,
                replaces,
            }),
            _ => Err(errors),
        }
    }
}

/// One document as the pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub kind: DocumentKind,
    pub title: String,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub status: DocumentStatus,
    /// Days until the expiry date (negative once expired).
    pub days_left: Option<i64>,
    pub file_name: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: OffsetDateTime,
    /// When a newer upload replaced it (it stays on file, out of the current list).
    pub replaced_at: Option<OffsetDateTime>,
}

/// The supplier's documents page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierDocumentsView {
    pub supplier_name: String,
    pub organisation_name: String,
    /// The documents in force, expired and expiring first.
    pub current: Vec<DocumentView>,
    /// Documents replaced by newer ones, newest first.
    pub replaced: Vec<DocumentView>,
    /// Whether this person may upload (supplier administrators and users).
    pub may_upload: bool,
}

/// Which documents the buyer's list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentFilter {
    /// Expired and expiring only: what needs chasing.
    #[default]
    Attention,
    /// Every document in force.
    All,
}

impl DocumentFilter {
    /// The code in the page's address.
    pub const fn code(self) -> &'static str {
        match self {
            DocumentFilter::Attention => "attention",
            DocumentFilter::All => "all",
        }
    }

    /// The filter an address names (anything else: the default).
    pub fn parse(code: &str) -> Self {
        if code == "all" {
            DocumentFilter::All
        } else {
            DocumentFilter::Attention
        }
    }
}

/// The buyer's list of suppliers' documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuyerDocumentsView {
    pub filter: DocumentFilter,
    /// Expired first (longest expired first), then expiring (soonest first), then the rest.
    pub documents: Vec<DocumentView>,
    pub expired: usize,
    pub expiring: usize,
}

/// Orders documents for the lists: expired (longest ago first), expiring (soonest first), valid (soonest first), then
/// those without expiry (by title).
pub fn sort_for_attention(documents: &mut [DocumentView]) {
    documents.sort_by(|a, b| {
        (a.status, a.expires_on, &a.supplier_name, &a.title).cmp(&(
            b.status,
            b.expires_on,
            &b.supplier_name,
            &b.title,
        ))
    });
}

#[cfg(test)]
mod tests;
