//! EDI trading partners: the profile a buyer sets per supplier (standard, interchange ids, separators, test flag,
//! outbound directory) and the log of interchanges in and out (docs/EDI.md).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The EDI standard a partner speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdiStandard {
    /// ANSI ASC X12, version 004010.
    X12,
    /// UN/EDIFACT, directory D96A.
    Edifact,
}

impl EdiStandard {
    pub const ALL: [EdiStandard; 2] = [EdiStandard::X12, EdiStandard::Edifact];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdiStandard::X12 => "x12",
            EdiStandard::Edifact => "edifact",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The version Portico writes: X12 004010, EDIFACT D96A.
    pub fn version(self) -> &'static str {
        match self {
            EdiStandard::X12 => "004010",
            EdiStandard::Edifact => "D96A",
        }
    }

    /// The usual separators: element, component, segment terminator.
    pub fn default_separators(self) -> (char, char, char) {
        match self {
            EdiStandard::X12 => ('*', '>', '~'),
            EdiStandard::Edifact => ('+', ':', '\''),
        }
    }

    /// The usual qualifier of a mutually defined id: `ZZ` (X12 ISA05) or `ZZZ` (EDIFACT UNB partner qualifier).
    pub fn default_qualifier(self) -> &'static str {
        match self {
            EdiStandard::X12 => "ZZ",
            EdiStandard::Edifact => "ZZZ",
        }
    }
}

/// A profile as a buyer administrator fills it in (every field text, as a form sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdiProfileInput {
    pub standard: String,
    pub supplier_qualifier: String,
    pub supplier_code: String,
    pub buyer_qualifier: String,
    pub buyer_code: String,
    pub element_separator: String,
    pub component_separator: String,
    pub segment_terminator: String,
    pub test: bool,
    pub outbound_dir: String,
    pub enabled: bool,
}

impl EdiProfileInput {
    /// What a new profile suggests: the standard's usual separators and mutually defined qualifiers, ids made of
    /// the letters and digits of the supplier's code and of `buyer` (empty for the administrator to fill in), test
    /// mode, and an outbound folder named after the supplier.
    pub fn suggested(standard: EdiStandard, supplier_code: &str, buyer: &str) -> Self {
        let (element, component, terminator) = standard.default_separators();
        let id = |s: &str| -> String {
            s.to_ascii_uppercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(15)
                .collect()
        };
        let supplier = id(supplier_code);
        Self {
            standard: standard.as_str().to_owned(),
            supplier_qualifier: standard.default_qualifier().to_owned(),
            outbound_dir: supplier.to_ascii_lowercase(),
            supplier_code: supplier,
            buyer_qualifier: standard.default_qualifier().to_owned(),
            buyer_code: id(buyer),
            element_separator: element.to_string(),
            component_separator: component.to_string(),
            segment_terminator: terminator.to_string(),
            test: true,
            enabled: true,
        }
    }
}

impl From<&EdiProfile> for EdiProfileInput {
    /// A profile as its form shows it.
    fn from(p: &EdiProfile) -> Self {
        Self {
            standard: p.standard.as_str().to_owned(),
            supplier_qualifier: p.supplier_qualifier.clone(),
            supplier_code: p.supplier_code.clone(),
            buyer_qualifier: p.buyer_qualifier.clone(),
            buyer_code: p.buyer_code.clone(),
            element_separator: p.element_separator.to_string(),
            component_separator: p.component_separator.to_string(),
            segment_terminator: p.segment_terminator.to_string(),
            test: p.test,
            outbound_dir: p.outbound_dir.clone(),
            enabled: p.enabled,
        }
    }
}

/// A valid profile. Made by [`EdiProfile::parse`] only, so every stored profile writes readable interchanges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdiProfile {
    pub standard: EdiStandard,
    pub supplier_qualifier: String,
    pub supplier_code: String,
    pub buyer_qualifier: String,
    pub buyer_code: String,
    pub element_separator: char,
    pub component_separator: char,
    pub segment_terminator: char,
    pub test: bool,
    /// A relative directory under the organisation's outbound directory; empty for the outbound directory itself.
    pub outbound_dir: String,
    pub enabled: bool,
}

/// A profile field that is not valid: the field's name and the message code (`edi-…` in the catalogue).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    pub field: &'static str,
    pub code: &'static str,
}

fn fail<T>(field: &'static str, code: &'static str) -> Result<T, ProfileError> {
    Err(ProfileError { field, code })
}

impl EdiProfile {
    /// Checks a profile: X12 qualifiers are two letters or digits and ids up to 15 characters (they fill the
    /// fixed-width ISA); EDIFACT qualifiers up to 4 (or none) and ids up to 35; ids printable ASCII without a
    /// separator; three different separators, each one printable character that is neither a letter, a digit, a
    /// space nor (EDIFACT) the release character `?` or the decimal mark `.`; the outbound directory relative, made of
    /// letters, digits, `.`, `_`, `-` and `/`, without `..`.
    pub fn parse(input: &EdiProfileInput) -> Result<Self, ProfileError> {
        let Some(standard) = EdiStandard::parse(input.standard.trim()) else {
            return fail("standard", "edi-standard-invalid");
        };
        let one = |field: &'static str, text: &str| -> Result<char, ProfileError> {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None)
                    if c.is_ascii_graphic()
                        && !c.is_ascii_alphanumeric()
                        && !(standard == EdiStandard::Edifact && (c == '?' || c == '.')) =>
                {
                    Ok(c)
                }
                _ => fail(field, "edi-separator-invalid"),
            }
        };
        let element = one("element_separator", &input.element_separator)?;
        let component = one("component_separator", &input.component_separator)?;
        let terminator = one("segment_terminator", &input.segment_terminator)?;
        if component == element {
            return fail("component_separator", "edi-separators-same");
        }
        if terminator == element || terminator == component {
            return fail("segment_terminator", "edi-separators-same");
        }
        let separators = [element, component, terminator];
        let (qualifier_len, id_len) = match standard {
            EdiStandard::X12 => (2..=2, 15),
            EdiStandard::Edifact => (0..=4, 35),
        };
        let qualifier = |field: &'static str, text: &str| -> Result<String, ProfileError> {
            let q = text.trim().to_ascii_uppercase();
            if qualifier_len.contains(&q.len()) && q.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(q)
            } else {
                fail(field, "edi-qualifier-invalid")
            }
        };
        let id = |field: &'static str, text: &str| -> Result<String, ProfileError> {
            let v = text.trim();
            if v.is_empty() {
                return fail(field, "edi-id-missing");
            }
            if v.len() > id_len {
                return fail(field, "edi-id-too-long");
            }
            if !v.chars().all(|c| c == ' ' || c.is_ascii_graphic()) || v.contains(separators) {
                return fail(field, "edi-id-invalid");
            }
            Ok(v.to_owned())
        };
        let supplier_qualifier = qualifier("supplier_qualifier", &input.supplier_qualifier)?;
        let supplier_code = id("supplier_code", &input.supplier_code)?;
        let buyer_qualifier = qualifier("buyer_qualifier", &input.buyer_qualifier)?;
        let buyer_code = id("buyer_code", &input.buyer_code)?;
        if supplier_qualifier == buyer_qualifier && supplier_code == buyer_code {
            return fail("buyer_code", "edi-ids-same");
        }
        let dir = input.outbound_dir.trim().trim_matches('/');
        let dir_ok = dir.len() <= 200
            && !input.outbound_dir.trim().starts_with('/')
            && dir.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            });
        if !dir.is_empty() && !dir_ok {
            return fail("outbound_dir", "edi-dir-invalid");
        }
        Ok(EdiProfile {
            standard,
            supplier_qualifier,
            supplier_code,
            buyer_qualifier,
            buyer_code,
            element_separator: element,
            component_separator: component,
            segment_terminator: terminator,
            test: input.test,
            outbound_dir: dir.to_owned(),
            enabled: input.enabled,
        })
    }

    /// The supplier's interchange id as control numbers key it: `qualifier:id`.
    pub fn supplier_party(&self) -> String {
        format!("{}:{}", self.supplier_qualifier, self.supplier_code)
    }

    /// The buyer gateway's interchange id: `qualifier:id`.
    pub fn buyer_party(&self) -> String {
        format!("{}:{}", self.buyer_qualifier, self.buyer_code)
    }
}

/// A profile as the page fills its form with it: the stored one, or a suggestion for a supplier without one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdiPartnerView {
    pub supplier_id: Uuid,
    pub supplier_name: String,
    /// The supplier's code as the buyer set it up (what 850s name in `N1*VN`).
    pub supplier_code: String,
    /// The stored profile, if any.
    pub profile: Option<EdiProfile>,
    pub updated_at: Option<OffsetDateTime>,
}

/// Which way an interchange went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    In,
    Out,
}

/// One interchange of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterchangeView {
    pub id: Uuid,
    pub direction: Direction,
    pub standard: EdiStandard,
    pub control_number: String,
    /// `qualifier:id` of the sender and the receiver.
    pub sender: String,
    pub receiver: String,
    pub supplier_name: Option<String>,
    /// Transaction set or message types, e.g. `850` or `ORDERS`.
    pub documents: String,
    pub set_count: i64,
    pub accepted_count: i64,
    /// `accepted`, `partial`, `rejected`, `unreadable` (in) or `written` (out).
    pub status: String,
    /// `cli`, `api`, `directory`, `sink`, `samples`, `upload`.
    pub channel: String,
    pub file_name: Option<String>,
    pub error: Option<String>,
    pub created_at: OffsetDateTime,
}

/// What became of one transaction set (X12) or message (EDIFACT) of an inbound interchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetOutcome {
    /// ST01 or the UNH message type.
    pub document: String,
    /// ST02 or UNH01.
    pub control: String,
    /// The order it became, when accepted.
    pub order_number: Option<String>,
    /// `created`, `new_version` or `unchanged`, when accepted.
    pub outcome: Option<String>,
    /// Why it was rejected.
    pub error: Option<SetError>,
}

/// Where and why a set was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetError {
    /// The segment's position in the interchange, its tag and the element.
    pub segment: usize,
    pub tag: String,
    pub element: Option<usize>,
    /// For a rule of the order: the input field and the catalogue id of the rule.
    pub rule: Option<(String, String)>,
    /// The value at fault.
    pub value: Option<String>,
    /// The English sentence the acknowledgement and the API carry.
    pub text: String,
}

/// An interchange with its text, the acknowledgement that answered it and each set's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterchangeDetail {
    pub summary: InterchangeView,
    pub body: String,
    pub answer: Option<String>,
    pub sets: Vec<SetOutcome>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x12() -> EdiProfileInput {
        EdiProfileInput {
            standard: "x12".into(),
            supplier_qualifier: "zz".into(),
            supplier_code: "ACMESUPPLY".into(),
            buyer_qualifier: "ZZ".into(),
            buyer_code: "NORTHWIND".into(),
            element_separator: "*".into(),
            component_separator: ">".into(),
            segment_terminator: "~".into(),
            test: true,
            outbound_dir: "acme/".into(),
            enabled: true,
        }
    }

    #[test]
    fn a_usual_x12_profile_is_taken_and_tidied() {
        let p = EdiProfile::parse(&x12()).unwrap();
        assert_eq!(p.supplier_qualifier, "ZZ");
        assert_eq!(p.outbound_dir, "acme");
        assert_eq!(p.supplier_party(), "ZZ:ACMESUPPLY");
        assert_eq!(p.buyer_party(), "ZZ:NORTHWIND");
    }

    #[test]
    fn a_suggestion_is_a_valid_profile_and_a_profile_fills_its_form() {
        let s = EdiProfileInput::suggested(EdiStandard::Edifact, "acme-01", "northwind");
        let p = EdiProfile::parse(&s).unwrap();
        assert_eq!(
            (
                p.supplier_party(),
                p.buyer_party(),
                p.outbound_dir.as_str(),
                p.test
            ),
            (
                "ZZZ:ACME01".to_owned(),
                "ZZZ:NORTHWIND".to_owned(),
                "acme01",
                true
            )
        );
        assert_eq!(EdiProfile::parse(&EdiProfileInput::from(&p)), Ok(p));
    }

    #[test]
    fn each_mistake_names_its_field() {
        type Case = (fn(&mut EdiProfileInput), &'static str, &'static str);
        let cases: [Case; 10] = [
            (
                |i| i.standard = "x13".into(),
                "standard",
                "edi-standard-invalid",
            ),
            (
                |i| i.element_separator = "**".into(),
                "element_separator",
                "edi-separator-invalid",
            ),
            (
                |i| i.element_separator = "A".into(),
                "element_separator",
                "edi-separator-invalid",
            ),
            (
                |i| i.component_separator = "*".into(),
                "component_separator",
                "edi-separators-same",
            ),
            (
                |i| i.segment_terminator = ">".into(),
                "segment_terminator",
                "edi-separators-same",
            ),
            (
                |i| i.supplier_qualifier = "Z".into(),
                "supplier_qualifier",
                "edi-qualifier-invalid",
            ),
            (
                |i| i.supplier_code = "A*B".into(),
                "supplier_code",
                "edi-id-invalid",
            ),
            (
                |i| i.buyer_code = "X".repeat(16),
                "buyer_code",
                "edi-id-too-long",
            ),
            (
                |i| i.buyer_code = "ACMESUPPLY".into(),
                "buyer_code",
                "edi-ids-same",
            ),
            (
                |i| i.outbound_dir = "../etc".into(),
                "outbound_dir",
                "edi-dir-invalid",
            ),
        ];
        for (change, field, code) in cases {
            let mut input = x12();
            change(&mut input);
            assert_eq!(
                EdiProfile::parse(&input),
                Err(ProfileError { field, code }),
                "{input:?}"
            );
        }
        let mut absolute = x12();
        absolute.outbound_dir = "/etc".into();
        assert_eq!(
            EdiProfile::parse(&absolute).unwrap_err().field,
            "outbound_dir"
        );
    }

    #[test]
    fn edifact_takes_long_ids_no_qualifier_and_refuses_the_release_character() {
        let mut input = x12();
        input.standard = "edifact".into();
        input.element_separator = "+".into();
        input.component_separator = ":".into();
        input.segment_terminator = "'".into();
        input.supplier_qualifier = String::new();
        input.supplier_code = "4012345000009".into();
        input.buyer_code = "X".repeat(35);
        let p = EdiProfile::parse(&input).unwrap();
        assert_eq!(p.supplier_party(), ":4012345000009");
        input.component_separator = "?".into();
        assert_eq!(
            EdiProfile::parse(&input).unwrap_err(),
            ProfileError {
                field: "component_separator",
                code: "edi-separator-invalid"
            }
        );
    }
}
