//! Currencies and units of measure as validated codes.
//!
//! Amounts themselves are `rust_decimal::Decimal` (never floats); the currency says how many minor units to show.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An ISO 4217 alphabetic currency code, upper case, e.g. `EUR`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CurrencyCode(String);

/// Why a currency or unit code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("currency code must be three letters A-Z (ISO 4217), got '{0}'")]
    Currency(String),
    #[error("unit of measure must be 1-3 letters or digits (UN/ECE Rec 20 or X12 355), got '{0}'")]
    Unit(String),
}

impl CurrencyCode {
    /// Parses an ISO 4217 code; lower case input is accepted and normalised.
    pub fn parse(raw: &str) -> Result<Self, CodeError> {
        let up = raw.trim().to_ascii_uppercase();
        if up.len() == 3 && up.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(up))
        } else {
            Err(CodeError::Currency(raw.to_owned()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Number of minor-unit digits (ISO 4217 exponent) for display and rounding.
    pub fn minor_units(&self) -> u32 {
        match self.0.as_str() {
            "JPY" | "KRW" | "CLP" | "ISK" | "VND" | "XAF" | "XOF" | "HUF" => 0,
            "BHD" | "JOD" | "KWD" | "OMR" | "TND" | "IQD" | "LYD" => 3,
            _ => 2,
        }
    }

    /// The currency symbol commonly shown next to amounts, if there is a well-known one.
    pub fn symbol(&self) -> Option<&'static str> {
        match self.0.as_str() {
            "EUR" => Some("€"),
            "USD" => Some("$"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            "CHF" => Some("CHF"),
            _ => None,
        }
    }
}

impl TryFrom<String> for CurrencyCode {
    type Error = CodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CurrencyCode> for String {
    fn from(value: CurrencyCode) -> Self {
        value.0
    }
}

impl FromStr for CurrencyCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A unit of measure code as exchanged with ERPs and EDI (e.g. `EA`, `CS`, `KGM`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitOfMeasure(String);

impl UnitOfMeasure {
    /// Parses a unit code: 1 to 3 ASCII letters or digits, normalised to upper case.
    pub fn parse(raw: &str) -> Result<Self, CodeError> {
        let up = raw.trim().to_ascii_uppercase();
        if (1..=3).contains(&up.len()) && up.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Self(up))
        } else {
            Err(CodeError::Unit(raw.to_owned()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitOfMeasure {
    type Error = CodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<UnitOfMeasure> for String {
    fn from(value: UnitOfMeasure) -> Self {
        value.0
    }
}

impl fmt::Display for UnitOfMeasure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_normalised_and_checked() {
        assert_eq!(CurrencyCode::parse("eur").unwrap().as_str(), "EUR");
        assert_eq!(CurrencyCode::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(CurrencyCode::parse("KWD").unwrap().minor_units(), 3);
        assert!(CurrencyCode::parse("EURO").is_err());
        assert!(CurrencyCode::parse("E1R").is_err());
    }

    #[test]
    fn units_are_short_codes() {
        assert_eq!(UnitOfMeasure::parse(" ea ").unwrap().as_str(), "EA");
        assert!(UnitOfMeasure::parse("").is_err());
        assert!(UnitOfMeasure::parse("EACH").is_err());
    }
}
