//! EDI mappings between transaction sets and Portico's documents (the syntax is `portico-edi`'s). See docs/EDI.md.
//!
//! - [`x12_850`]: purchase orders in.
//! - [`outbound`]: the acknowledgement out (855, ORDRSP) for a supplier's EDI profile.
//! - [`ack`]: the 997 functional acknowledgement for every inbound group, accepting or rejecting each set with the
//!   segment and element at fault.

pub mod ack;
pub mod orders;
pub mod outbound;
pub mod x12_850;

use crate::CoreError;
use portico_i18n::{Catalogue, Locale};

/// A place in an interchange that a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The segment's position in the interchange (ISA = 1).
    pub position: usize,
    pub tag: String,
    /// The element's position in the segment, from 1.
    pub element: usize,
}

/// Why a transaction set was rejected, in the terms of a 997: the segment (and element) at fault with its X12 error
/// code, and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub position: usize,
    pub tag: String,
    pub element: Option<usize>,
    /// AK403 (element error) when `element` is set, else AK304 (segment error).
    pub code: &'static str,
    /// The value at fault (AK404), when there is one.
    pub value: Option<String>,
    /// English, for the 997/CONTRL, the API and logs.
    pub message: String,
    /// For a rule of the order (not of the syntax): the input field and the catalogue id of the rule, so a page can
    /// say it in the reader's language.
    pub rule: Option<Box<(String, String)>>,
}

impl Problem {
    /// A problem with one element.
    pub fn element(
        position: usize,
        tag: &str,
        element: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            position,
            tag: tag.to_owned(),
            element: Some(element),
            code,
            value: None,
            message: message.into(),
            rule: None,
        }
    }

    /// A problem with a whole segment (missing, unexpected).
    pub fn segment(
        position: usize,
        tag: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            position,
            tag: tag.to_owned(),
            element: None,
            code,
            value: None,
            message: message.into(),
            rule: None,
        }
    }

    /// A validation error of the order (which names an input field) at the segment and element the field came
    /// from, with the X12 element error code that fits the rule.
    pub fn from_validation(
        err: &CoreError,
        origins: &x12_850::Origins,
        header: (usize, &str),
    ) -> Option<Self> {
        let CoreError::Validation { field, message } = err else {
            return None;
        };
        let code = match message.as_str() {
            "api-field-required" | "api-lines-count" => "1",
            "api-field-too-long" => "5",
            "api-date-invalid" => "8",
            "api-currency-invalid"
            | "api-uom-invalid"
            | "api-supplier-unknown"
            | "api-supplier-not-active"
            | "api-po-supplier-changed"
            | "api-po-closed" => "7",
            _ => "6",
        };
        let text = Catalogue::new(Locale::En).tr(message);
        let rule = Some(Box::new((field.clone(), message.clone())));
        let problem = match origins.of(field) {
            Some(at) => Problem::element(
                at.position,
                &at.tag,
                at.element,
                code,
                format!("{field}: {text}"),
            ),
            None => Problem::segment(header.0, header.1, "8", format!("{field}: {text}")),
        };
        Some(Problem { rule, ..problem })
    }

    /// `segment 14 (PO1), element 2: …`, as the syntax layer words its errors.
    pub fn describe(&self) -> String {
        match self.element {
            Some(e) => format!(
                "segment {} ({}), element {e}: {}",
                self.position, self.tag, self.message
            ),
            None => format!("segment {} ({}): {}", self.position, self.tag, self.message),
        }
    }
}
