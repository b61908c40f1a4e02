//! Supplier master data a supplier keeps itself (docs/SUPPLIERS.md): bank accounts, tax ids and their rules. Each
//! value has a type whose constructor names the rule it broke, as a [`FieldError`] with a catalogue sentence, so a
//! form can show the mistake next to the field and keep what was typed.

use crate::acknowledgement::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Removes the spaces, dashes and dots people type to group long numbers, and upper-cases the rest.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// IBAN lengths by country (the ISO 13616 registry kept by SWIFT).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// An International Bank Account Number: a country the registry knows, that country's length, and check digits
/// that pass ISO 7064 mod 97-10. Stored and compared without spaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iban(String);

impl Iban {
    /// Reads an IBAN as typed (spaces and lower case allowed); the error names the rule, in field `field`.
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let iban = compact(text);
        if iban.is_empty() {
            return Err(FieldError::new(field, "profile-error-required"));
        }
        if iban.len() < 5 || !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(FieldError::new(field, "profile-error-iban-characters"));
        }
        let country = &iban[..2];
        let Some(&(_, length)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
            return Err(
                FieldError::new(field, "profile-error-iban-country").with_arg("country", country)
            );
        };
        if !iban[2..4].bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "profile-error-iban-check"));
        }
        if iban.len() != length {
            return Err(FieldError::new(field, "profile-error-iban-length")
                .with_arg("country", country)
                .with_arg("length", length)
                .with_arg("typed", iban.len()));
        }
        if mod97(&iban[4..], &iban[..4]) != 1 {
            return Err(FieldError::new(field, "profile-error-iban-check"));
        }
        Ok(Self(iban))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country code (its first two letters).
    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// What may be shown anywhere: the country, the check digits and the last four characters, the rest hidden
    /// (`DE89 •••• •••• •••• ••30 00` keeps the groups of four people read IBANs in).
    pub fn masked(&self) -> String {
        let n = self.0.len();
        let shown: String = self
            .0
            .char_indices()
            .map(|(i, c)| if i < 4 || i >= n - 4 { c } else { '•' })
            .collect();
        grouped(&shown)
    }

    /// The IBAN in groups of four, as printed on paper.
    pub fn grouped(&self) -> String {
        grouped(&self.0)
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn grouped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// ISO 7064 mod 97-10 of `body` followed by `head`, letters counting as 10–35 (the IBAN check).
fn mod97(body: &str, head: &str) -> u32 {
    let mut rest = 0u32;
    for c in body.chars().chain(head.chars()) {
        let value = c.to_digit(36).unwrap_or(0);
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    rest
}

/// A Business Identifier Code (ISO 9362, "SWIFT code"): bank code (4 letters), country (2 letters), location (2
/// letters or digits), and an optional branch (3 letters or digits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bic(String);

impl Bic {
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let bic = compact(text);
        if bic.is_empty() {
            return Err(FieldError::new(field, "profile-error-required"));
        }
        let b = bic.as_bytes();
        let shape = (b.len() == 8 || b.len() == 11)
            && b[..6].iter().all(u8::is_ascii_uppercase)
            && b[6..].iter().all(u8::is_ascii_alphanumeric);
        if !shape {
            return Err(FieldError::new(field, "profile-error-bic-format"));
        }
        if !IBAN_LENGTHS.iter().any(|(c, _)| *c == &bic[4..6])
            && !NON_IBAN_COUNTRIES.contains(&&bic[4..6])
            && !IBAN_TERRITORIES.iter().any(|(t, _)| *t == &bic[4..6])
        {
            return Err(
                FieldError::new(field, "profile-error-bic-country").with_arg("country", &bic[4..6])
            );
        }
        Ok(Self(bic))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country of the bank (letters 5 and 6).
    pub fn country(&self) -> &str {
        &self.0[4..6]
    }
}

/// Countries whose banks have BICs but whose accounts have no IBAN (an account number and a routing code instead).
const NON_IBAN_COUNTRIES: &[&str] = &[
    "US", "CA", "MX", "CN", "JP", "IN", "AU", "NZ", "SG", "HK", "KR", "TW", "ZA", "AR", "CL", "CO",
    "PE", "TH", "MY", "ID", "PH", "VN", "PR", "GU", "VI", "AS", "MP",
];

/// United States territories whose banks have BICs with the territory's own code and ABA routing numbers:
/// `(BIC country, account country)`.
const ABA_TERRITORIES: &[(&str, &str)] = &[
    ("PR", "US"),
    ("GU", "US"),
    ("VI", "US"),
    ("AS", "US"),
    ("MP", "US"),
];

/// Territories whose banks have BICs with the territory's own code while their accounts' IBANs carry another
/// country's (ISO 13616 registry): `(BIC country, IBAN country)`. The Channel Islands and the Isle of Man use GB
/// IBANs, the Åland Islands Finnish ones, the French overseas departments and collectivities French ones.
const IBAN_TERRITORIES: &[(&str, &str)] = &[
    ("GG", "GB"),
    ("JE", "GB"),
    ("IM", "GB"),
    ("AX", "FI"),
    ("GF", "FR"),
    ("GP", "FR"),
    ("MQ", "FR"),
    ("RE", "FR"),
    ("YT", "FR"),
    ("BL", "FR"),
    ("MF", "FR"),
    ("PM", "FR"),
    ("NC", "FR"),
    ("PF", "FR"),
    ("WF", "FR"),
    ("TF", "FR"),
];

/// Whether a bank in `bic_country` keeps accounts of `account_country` (an IBAN's first letters, or a domestic
/// scheme's country).
fn bic_serves(bic_country: &str, account_country: &str) -> bool {
    bic_country == account_country
        || IBAN_TERRITORIES
            .iter()
            .chain(ABA_TERRITORIES)
            .any(|(t, c)| *t == bic_country && *c == account_country)
}

/// How an account is identified: by IBAN, or — where banks have no IBANs — by a national routing code and a local
/// account number. Its code is what forms, storage and events carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountScheme {
    /// An International Bank Account Number (the SEPA countries and the rest of the ISO 13616 registry).
    #[default]
    Iban,
    /// A United States account: the bank's ABA routing number (nine digits, 3-7-1 check digit) and the account
    /// number.
    UsAba,
    /// A Canadian account: the branch's transit number (five digits) and the bank's institution number (three), as
    /// on a cheque, and the account number (Payments Canada's electronic funds transfer format).
    CaEft,
}

impl AccountScheme {
    pub const ALL: [AccountScheme; 3] = [
        AccountScheme::Iban,
        AccountScheme::UsAba,
        AccountScheme::CaEft,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccountScheme::Iban => "iban",
            AccountScheme::UsAba => "us_aba",
            AccountScheme::CaEft => "ca_eft",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> String {
        format!("bank-scheme-{}", self.code().replace('_', "-"))
    }

    /// The country of a domestic scheme's accounts (an IBAN names its own).
    pub fn country(self) -> Option<&'static str> {
        match self {
            AccountScheme::Iban => None,
            AccountScheme::UsAba => Some("US"),
            AccountScheme::CaEft => Some("CA"),
        }
    }
}

/// A bank's routing code under a domestic scheme, stored in its electronic form: a US ABA routing number (nine
/// digits) or a Canadian routing number (`0` + institution + transit, nine digits). Made only by
/// [`RoutingCode::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingCode {
    scheme: AccountScheme,
    code: String,
}

/// The first two digits of ABA routing numbers: the United States Government (`00`), the Federal Reserve's twelve
/// districts (`01`–`12`), thrift institutions (`21`–`32`), electronic transactions (`61`–`72`) and traveller's
/// cheques (`80`).
fn aba_prefix_assigned(prefix: u32) -> bool {
    matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80)
}

impl RoutingCode {
    /// Reads a routing code as typed for `scheme` (a domestic one); the error names the rule, in field `field`.
    /// A Canadian one may be typed as on a cheque, transit then institution (`12345-003`, or the eight digits
    /// together), or in the electronic form (`000312345`); with a separator, only the cheque's five and three digits
    /// are read, so an institution typed first (`003-12345`) is refused rather than routed to another branch.
    pub fn parse(field: &str, scheme: AccountScheme, text: &str) -> Result<Self, FieldError> {
        let typed = compact(text);
        if typed.is_empty() {
            return Err(FieldError::new(field, "profile-error-required"));
        }
        if !typed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "profile-error-routing-digits"));
        }
        let digits: Vec<u32> = typed.chars().filter_map(|c| c.to_digit(10)).collect();
        let code = match scheme {
            AccountScheme::Iban => {
                return Err(FieldError::new(field, "profile-error-routing-scheme"))
            }
            AccountScheme::UsAba => {
                if digits.len() != 9 {
                    return Err(FieldError::new(field, "profile-error-aba-length")
                        .with_arg("typed", digits.len()));
                }
                if !aba_prefix_assigned(digits[0] * 10 + digits[1]) {
                    return Err(FieldError::new(field, "profile-error-aba-prefix")
                        .with_arg("prefix", &typed[..2]));
                }
                let d = &digits;
                let sum =
                    3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
                // All zeros passes the sum but is nobody's routing number.
                if !sum.is_multiple_of(10) || d.iter().all(|&x| x == 0) {
                    return Err(FieldError::new(field, "profile-error-aba-check"));
                }
                typed
            }
            AccountScheme::CaEft => {
                let groups: Vec<usize> = text
                    .split(|c: char| c.is_whitespace() || matches!(c, '-' | '.'))
                    .filter(|g| !g.is_empty())
                    .map(str::len)
                    .collect();
                match (groups.as_slice(), digits.len()) {
                    // As on a cheque: transit (5) then institution (3).
                    ([5, 3], 8) | ([8], 8) => format!("0{}{}", &typed[5..], &typed[..5]),
                    ([9], 9) if digits[0] == 0 => typed,
                    _ => return Err(FieldError::new(field, "profile-error-ca-routing")),
                }
            }
        };
        Ok(Self { scheme, code })
    }

    /// The electronic form (nine digits).
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// As people read it: a US routing number as is, a Canadian one as on a cheque (`transit-institution`).
    pub fn display(&self) -> String {
        match self.scheme {
            AccountScheme::CaEft => format!("{}-{}", &self.code[4..], &self.code[1..4]),
            _ => self.code.clone(),
        }
    }
}

/// An account number under a domestic scheme: digits only (US 4 to 17, Canada 7 to 12).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalAccountNumber(String);

impl LocalAccountNumber {
    pub fn parse(field: &str, scheme: AccountScheme, text: &str) -> Result<Self, FieldError> {
        let number = compact(text);
        if number.is_empty() {
            return Err(FieldError::new(field, "profile-error-required"));
        }
        let (min, max) = match scheme {
            AccountScheme::CaEft => (7, 12),
            _ => (4, 17),
        };
        if !number.bytes().all(|b| b.is_ascii_digit()) || !(min..=max).contains(&number.len()) {
            return Err(FieldError::new(field, "profile-error-account-number")
                .with_arg("min", min)
                .with_arg("max", max));
        }
        Ok(Self(number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, the rest hidden (`••••••••9012`); a number shorter than eight digits shows only its
    /// last two, so that a short one is never shown whole.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        let shown = if n >= 8 { 4 } else { 2 };
        self.0
            .char_indices()
            .map(|(i, c)| if i + shown >= n { c } else { '•' })
            .collect()
    }
}

/// Where the money goes: an IBAN, or a domestic routing code with a local account number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountId {
    Iban(Iban),
    Domestic {
        routing: RoutingCode,
        number: LocalAccountNumber,
    },
}

impl AccountId {
    pub fn scheme(&self) -> AccountScheme {
        match self {
            AccountId::Iban(_) => AccountScheme::Iban,
            AccountId::Domestic { routing, .. } => routing.scheme,
        }
    }

    /// ISO 3166-1 alpha-2: the IBAN's, or the domestic scheme's.
    pub fn country(&self) -> &str {
        match self {
            AccountId::Iban(iban) => iban.country(),
            AccountId::Domestic { routing, .. } => routing.scheme.country().unwrap_or_default(),
        }
    }

    /// The IBAN, or the local account number (without spaces).
    pub fn number(&self) -> &str {
        match self {
            AccountId::Iban(iban) => iban.as_str(),
            AccountId::Domestic { number, .. } => number.as_str(),
        }
    }

    /// What may be shown anywhere (see [`Iban::masked`], [`LocalAccountNumber::masked`]).
    pub fn masked(&self) -> String {
        match self {
            AccountId::Iban(iban) => iban.masked(),
            AccountId::Domestic { number, .. } => number.masked(),
        }
    }

    /// The number in full as people read it (an IBAN in groups of four).
    pub fn full(&self) -> String {
        match self {
            AccountId::Iban(iban) => iban.grouped(),
            AccountId::Domestic { number, .. } => number.as_str().to_owned(),
        }
    }

    /// The routing code of a domestic account.
    pub fn routing(&self) -> Option<&RoutingCode> {
        match self {
            AccountId::Iban(_) => None,
            AccountId::Domestic { routing, .. } => Some(routing),
        }
    }

    /// The account again from its stored parts (`scheme`, the IBAN or local number, the routing code).
    pub fn from_stored(
        scheme: &str,
        number: &str,
        routing: Option<&str>,
    ) -> Result<Self, FieldError> {
        let scheme = AccountScheme::parse(scheme)
            .ok_or_else(|| FieldError::new("scheme", "profile-error-scheme"))?;
        match scheme {
            AccountScheme::Iban => Iban::parse("iban", number).map(AccountId::Iban),
            _ => Ok(AccountId::Domestic {
                routing: RoutingCode::parse("routing", scheme, routing.unwrap_or_default())?,
                number: LocalAccountNumber::parse("account_number", scheme, number)?,
            }),
        }
    }
}

/// A bank account as a supplier enters it: the account (an IBAN, or a routing code and an account number), the
/// bank's BIC (required with an IBAN, optional for a domestic account; its country must agree with the account's),
/// the holder's name and the bank's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankAccount {
    pub holder: String,
    pub account: AccountId,
    pub bic: Option<Bic>,
    pub bank_name: String,
}

/// A bank account form as typed. `iban` is read for the IBAN scheme, `routing` and `account_number` for the
/// domestic ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccountInput {
    pub holder: String,
    #[serde(default)]
    pub scheme: String,
    pub iban: String,
    #[serde(default)]
    pub routing: String,
    #[serde(default)]
    pub account_number: String,
    pub bic: String,
    pub bank_name: String,
}

impl BankAccountInput {
    /// The scheme chosen (an empty one is the IBAN, as before there was a choice).
    pub fn scheme(&self) -> Option<AccountScheme> {
        match self.scheme.trim() {
            "" => Some(AccountScheme::Iban),
            code => AccountScheme::parse(code),
        }
    }

    /// Every mistake, by field (`holder`, `scheme`, `iban`, `routing`, `account_number`, `bic`, `bank_name`), or
    /// the account.
    pub fn parse(&self) -> Result<BankAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let holder = required_text("holder", &self.holder, 140, &mut errors);
        let bank_name = required_text("bank_name", &self.bank_name, 140, &mut errors);
        let scheme = self.scheme();
        let account = match scheme {
            None => {
                errors.push(FieldError::new("scheme", "profile-error-scheme"));
                None
            }
            Some(AccountScheme::Iban) => Iban::parse("iban", &self.iban)
                .map(AccountId::Iban)
                .map_err(|e| errors.push(e))
                .ok(),
            Some(scheme) => {
                let routing = RoutingCode::parse("routing", scheme, &self.routing)
                    .map_err(|e| errors.push(e))
                    .ok();
                let number =
                    LocalAccountNumber::parse("account_number", scheme, &self.account_number)
                        .map_err(|e| errors.push(e))
                        .ok();
                routing
                    .zip(number)
                    .map(|(routing, number)| AccountId::Domestic { routing, number })
            }
        };
        // A domestic transfer needs no BIC; one given must still be well formed.
        let bic = if self.bic.trim().is_empty() && scheme.is_some_and(|s| s != AccountScheme::Iban)
        {
            Ok(None)
        } else {
            Bic::parse("bic", &self.bic)
                .map(Some)
                .map_err(|e| errors.push(e))
        };
        if let (Some(account), Ok(Some(bic))) = (&account, &bic) {
            if !bic_serves(bic.country(), account.country()) {
                let rule = match account {
                    AccountId::Iban(_) => "profile-error-bic-iban-country",
                    AccountId::Domestic { .. } => "profile-error-bic-account-country",
                };
                errors.push(
                    FieldError::new("bic", rule)
                        .with_arg("bic", bic.country())
                        .with_arg("iban", account.country()),
                );
            }
        }
        match (holder, bank_name, account, bic) {
            (Some(holder), Some(bank_name), Some(account), Ok(bic)) if errors.is_empty() => {
                Ok(BankAccount {
                    holder,
                    account,
                    bic,
                    bank_name,
                })
            }
            _ => Err(errors),
        }
    }
}

pub(crate) fn required_text(
    field: &str,
    text: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, "profile-error-required"));
        None
    } else if text.chars().count() > max {
        errors.push(FieldError::new(field, "profile-error-too-long").with_arg("max", max));
        None
    } else if text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        errors.push(FieldError::new(field, "profile-error-characters"));
        None
    } else {
        Some(text.to_owned())
    }
}

/// Invisible marks that change the direction text is shown in (U+200E/F, U+202A–E, U+2066–9): in an account
/// holder's name they could make the review page read differently from what is stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The national patterns of EU VAT identification numbers (VIES), after the country prefix. `9` is a digit, `A` a
/// letter, `X` a letter or digit; several shapes are separated by `|`.
const VAT_PATTERNS: &[(&str, &str)] = &[
    ("AT", "U99999999"),
    ("BE", "9999999999"),
    ("BG", "999999999|9999999999"),
    ("CY", "99999999A"),
    ("CZ", "99999999|999999999|9999999999"),
    ("DE", "999999999"),
    ("DK", "99999999"),
    ("EE", "999999999"),
    ("EL", "999999999"),
    ("ES", "X9999999X"),
    ("FI", "99999999"),
    ("FR", "XX999999999"),
    ("HR", "99999999999"),
    ("HU", "99999999"),
    ("IE", "9999999A|9999999AA|9X99999A"),
    ("IT", "99999999999"),
    ("LT", "999999999|999999999999"),
    ("LU", "99999999"),
    ("LV", "99999999999"),
    ("MT", "99999999"),
    ("NL", "999999999B99"),
    ("PL", "9999999999"),
    ("PT", "999999999"),
    (
        "RO",
        "99|999|9999|99999|999999|9999999|99999999|999999999|9999999999",
    ),
    ("SE", "999999999901"),
    ("SI", "99999999"),
    ("SK", "9999999999"),
    ("XI", "999999999|999999999999"),
];

fn matches_shape(text: &str, shape: &str) -> bool {
    text.len() == shape.len()
        && text.bytes().zip(shape.bytes()).all(|(c, s)| match s {
            b'9' => c.is_ascii_digit(),
            b'A' => c.is_ascii_uppercase(),
            b'X' => c.is_ascii_alphanumeric(),
            literal => c == literal,
        })
}

/// An EU VAT identification number (the two-letter prefix, `EL` for Greece and `XI` for Northern Ireland, and the
/// country's pattern; the check digit where its rule is public and simple: Germany and Italy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuVatId(String);

impl EuVatId {
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let vat = compact(text);
        if vat.len() < 4 || !vat.is_char_boundary(2) {
            return Err(
                FieldError::new(field, "profile-error-vat-country").with_arg("country", "none")
            );
        }
        let (country, number) = vat.split_at(2);
        let Some(&(_, shapes)) = VAT_PATTERNS.iter().find(|(c, _)| *c == country) else {
            return Err(
                FieldError::new(field, "profile-error-vat-country").with_arg("country", country)
            );
        };
        if !shapes.split('|').any(|s| matches_shape(number, s)) {
            let example = shapes.split('|').next().unwrap_or_default();
            return Err(FieldError::new(field, "profile-error-vat-format")
                .with_arg("country", country)
                .with_arg("shape", format!("{country}{example}")));
        }
        let check_ok = match country {
            "DE" => german_check(number),
            "IT" => luhn(number),
            _ => true,
        };
        if !check_ok {
            return Err(
                FieldError::new(field, "profile-error-vat-check").with_arg("country", country)
            );
        }
        Ok(Self(vat))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The German USt-IdNr. check digit: ISO 7064 MOD 11,10 over the first eight digits.
fn german_check(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 || d[0] == 0 {
        return false;
    }
    let mut product = 10;
    for &digit in &d[..8] {
        let mut sum = (digit + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    let check = (11 - product) % 10;
    check == d[8]
}

/// The Luhn check over every digit (the Italian partita IVA).
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A United States Employer Identification Number: nine digits (`12-3456789`), with a prefix the IRS assigns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ein(String);

/// Prefixes the IRS has never assigned.
const EIN_UNUSED_PREFIXES: &[&str] = &[
    "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96",
    "97",
];

impl Ein {
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let digits = compact(text);
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "profile-error-ein-format"));
        }
        if EIN_UNUSED_PREFIXES.contains(&&digits[..2]) {
            return Err(
                FieldError::new(field, "profile-error-ein-prefix").with_arg("prefix", &digits[..2])
            );
        }
        Ok(Self(format!("{}-{}", &digits[..2], &digits[2..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which kind of tax id a supplier gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxScheme {
    /// An EU VAT identification number.
    EuVat,
    /// A US Employer Identification Number.
    UsEin,
    /// Another country's tax number, kept as typed (letters, digits, spaces, `-`, `/`, `.`).
    Other,
}

impl TaxScheme {
    pub const ALL: [TaxScheme; 3] = [TaxScheme::EuVat, TaxScheme::UsEin, TaxScheme::Other];

    pub fn code(self) -> &'static str {
        match self {
            TaxScheme::EuVat => "eu_vat",
            TaxScheme::UsEin => "us_ein",
            TaxScheme::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// A tax id under its scheme, checked by the scheme's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxId {
    pub scheme: TaxScheme,
    pub value: String,
}

impl TaxId {
    pub fn parse(field: &str, scheme: TaxScheme, text: &str) -> Result<Self, FieldError> {
        let value = match scheme {
            TaxScheme::EuVat => EuVatId::parse(field, text)?.0,
            TaxScheme::UsEin => Ein::parse(field, text)?.0,
            TaxScheme::Other => {
                let t = text.trim();
                let ok = (4..=30).contains(&t.chars().count())
                    && t.chars().any(|c| c.is_ascii_digit())
                    && t.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '.'));
                if !ok {
                    return Err(FieldError::new(field, "profile-error-tax-other"));
                }
                t.to_owned()
            }
        };
        Ok(Self { scheme, value })
    }
}

/// Where a bank account change request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankChangeStatus {
    /// Waiting for a buyer administrator.
    Pending,
    /// In force.
    Approved,
    /// Refused by the buyer, with a reason.
    Rejected,
    /// Replaced by a newer request before anyone decided.
    Withdrawn,
}

impl BankChangeStatus {
    pub const ALL: [BankChangeStatus; 4] = [
        BankChangeStatus::Pending,
        BankChangeStatus::Approved,
        BankChangeStatus::Rejected,
        BankChangeStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BankChangeStatus::Pending => "pending",
            BankChangeStatus::Approved => "approved",
            BankChangeStatus::Rejected => "rejected",
            BankChangeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> String {
        format!("bank-status-{}", self.code())
    }
}

/// A bank account as pages show it: masked, unless the viewer is a buyer administrator looking at a request to
/// decide (who needs the full number to read it back to the supplier on the telephone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccountView {
    pub holder: String,
    pub scheme: AccountScheme,
    /// The IBAN or account number, masked.
    pub number_masked: String,
    /// In full, when the viewer may see it.
    pub number_full: Option<String>,
    /// A domestic account's routing code as people read it.
    pub routing: Option<String>,
    pub bic: Option<String>,
    pub bank_name: String,
    pub country: String,
}

/// One change request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankChangeView {
    pub id: uuid::Uuid,
    pub supplier_id: uuid::Uuid,
    pub supplier_name: String,
    pub account: BankAccountView,
    pub status: BankChangeStatus,
    pub requested_by: String,
    pub requested_at: time::OffsetDateTime,
    pub verified_at: time::OffsetDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<time::OffsetDateTime>,
    pub reason: Option<String>,
}

/// A supplier's bank details page, for either side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankDetailsView {
    pub supplier_id: uuid::Uuid,
    pub supplier_name: String,
    /// The buyer organisation that pays into the account.
    pub organisation_name: String,
    /// The account in force and when it was approved.
    pub current: Option<(BankAccountView, time::OffsetDateTime)>,
    pub pending: Option<BankChangeView>,
    /// Earlier requests, newest first.
    pub history: Vec<BankChangeView>,
    /// A supplier administrator: may request a change.
    pub may_request: bool,
    /// A buyer administrator: may approve or reject the pending request.
    pub may_decide: bool,
    /// Whether the viewer has two-step sign-in on (a request needs its code).
    pub two_factor_on: bool,
}

/// The change request form as typed: the new account and a code from the authenticator app (or a recovery code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankChangeForm {
    pub account: BankAccountInput,
    pub code: String,
}

/// A buyer administrator's decision on a requested change: approving needs a fresh code from the approver's
/// authenticator app (or a recovery code) too, rejecting needs a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankDecision {
    pub approve: bool,
    pub reason: String,
    pub code: String,
}

#[cfg(test)]
mod tests;
