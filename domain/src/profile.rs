//! A supplier's company profile as one buyer knows it (docs/SUPPLIERS.md "Profile"): legal name, three addresses,
//! tax and registration ids, GS1 company prefix, EDI capability, preferred language and contacts by role. Pure: the
//! form's rules, the fields a review compares, the buyer's approval rule per field and the views the pages share with
//! `core`.

use crate::acknowledgement::FieldError;
use crate::onboarding::SupplierStatus;
use crate::supplier_profile::{required_text, TaxId, TaxScheme};
use crate::user::Email;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

/// ISO 3166-1 alpha-2 country codes (the iso-codes registry), and XK for Kosovo (user-assigned, but what banks,
/// the EU and the IBAN registry use).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER \
    ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN \
    IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH \
    MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN \
    PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ \
    TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// Whether `code` is an ISO 3166-1 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split_ascii_whitespace().any(|c| c == code)
}

/// How the supplier can exchange documents besides the portal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdiCapability {
    /// The portal only.
    #[default]
    Portal,
    /// ANSI X12 (850, 855, 856, 810).
    X12,
    /// UN/EDIFACT (ORDERS, ORDRSP, DESADV, INVOIC).
    Edifact,
    /// Either standard.
    Both,
}

impl EdiCapability {
    pub const ALL: [EdiCapability; 4] = [
        EdiCapability::Portal,
        EdiCapability::X12,
        EdiCapability::Edifact,
        EdiCapability::Both,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EdiCapability::Portal => "portal",
            EdiCapability::X12 => "x12",
            EdiCapability::Edifact => "edifact",
            EdiCapability::Both => "both",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("profile-edi-{}", self.code())
    }
}

/// A postal address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: String,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A contact person for one role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

/// A checked profile. Parts not yet given are `None`; [`Profile::missing_for_review`] says which a review needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub legal_name: String,
    pub ordering_address: Option<Address>,
    pub ship_from_address: Option<Address>,
    pub remit_to_address: Option<Address>,
    pub tax_id: Option<TaxId>,
    pub registration_id: Option<String>,
    /// 6 to 12 digits: it leads every SSCC the supplier prints.
    pub gs1_prefix: Option<String>,
    pub edi_capability: EdiCapability,
    /// A language tag the portal speaks (`en`, `de`): mail to the supplier's people defaults to it.
    pub language: String,
    pub orders_contact: Option<Contact>,
    pub shipping_contact: Option<Contact>,
    pub invoicing_contact: Option<Contact>,
}

/// An address as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub region: String,
    pub country: String,
}

/// A contact as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// The profile form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub legal_name: String,
    pub ordering: AddressInput,
    pub ship_from: AddressInput,
    pub remit_to: AddressInput,
    /// `eu_vat`, `us_ein` or `other`.
    pub tax_scheme: String,
    pub tax_id: String,
    pub registration_id: String,
    pub gs1_prefix: String,
    pub edi_capability: String,
    pub language: String,
    pub orders: ContactInput,
    pub shipping: ContactInput,
    pub invoicing: ContactInput,
}

fn optional_text(
    field: &str,
    text: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        required_text(field, text, max, errors)
    }
}

impl AddressInput {
    fn is_blank(&self) -> bool {
        [
            &self.line1,
            &self.line2,
            &self.postal_code,
            &self.city,
            &self.region,
            &self.country,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
    }

    /// `None` when every part is blank; otherwise the address, with mistakes under `prefix.part`.
    fn parse(&self, prefix: &str, errors: &mut Vec<FieldError>) -> Option<Address> {
        if self.is_blank() {
            return None;
        }
        let f = |part: &str| format!("{prefix}.{part}");
        let before = errors.len();
        let line1 = required_text(&f("line1"), &self.line1, 140, errors);
        let line2 = optional_text(&f("line2"), &self.line2, 140, errors);
        let postal_code = optional_text(&f("postal_code"), &self.postal_code, 16, errors);
        let city = required_text(&f("city"), &self.city, 80, errors);
        let region = optional_text(&f("region"), &self.region, 80, errors);
        let country = self.country.trim().to_ascii_uppercase();
        if country.is_empty() {
            errors.push(FieldError::new(f("country"), "profile-error-required"));
        } else if !is_country(&country) {
            errors.push(
                FieldError::new(f("country"), "profile-error-country")
                    .with_arg("country", &country),
            );
        }
        if errors.len() > before {
            return None;
        }
        Some(Address {
            line1: line1?,
            line2,
            postal_code,
            city: city?,
            region,
            country,
        })
    }
}

/// Phone numbers: `+`, digits, spaces, `-`, `(`, `)` and `/`, with 6 to 15 digits (ITU-T E.164).
fn phone_ok(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && text.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '/') || (c == '+' && i == 0)
        })
}

impl ContactInput {
    fn is_blank(&self) -> bool {
        [&self.name, &self.email, &self.phone]
            .iter()
            .all(|t| t.trim().is_empty())
    }

    fn parse(&self, prefix: &str, errors: &mut Vec<FieldError>) -> Option<Contact> {
        if self.is_blank() {
            return None;
        }
        let before = errors.len();
        let name = required_text(&format!("{prefix}.name"), &self.name, 140, errors);
        let email = if self.email.trim().is_empty() {
            errors.push(FieldError::new(
                format!("{prefix}.email"),
                "profile-error-required",
            ));
            None
        } else {
            match Email::parse(&self.email) {
                Ok(e) => Some(e.as_str().to_owned()),
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("{prefix}.email"),
                        "field-email-invalid",
                    ));
                    None
                }
            }
        };
        let phone = self.phone.trim();
        let phone = if phone.is_empty() {
            None
        } else if phone_ok(phone) {
            Some(phone.to_owned())
        } else {
            errors.push(FieldError::new(
                format!("{prefix}.phone"),
                "profile-error-phone",
            ));
            None
        };
        if errors.len() > before {
            return None;
        }
        Some(Contact {
            name: name?,
            email: email?,
            phone,
        })
    }
}

impl ProfileInput {
    /// Checks every part that is filled in (a blank address or contact is simply not given yet); every mistake names
    /// its field (`legal_name`, `ordering.city`, `tax_id`, `orders.email`, …) and rule. `known_language` says which
    /// language tags the portal speaks.
    pub fn parse(&self, known_language: impl Fn(&str) -> bool) -> Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let legal_name = required_text("legal_name", &self.legal_name, 140, &mut errors);
        let ordering_address = self.ordering.parse("ordering", &mut errors);
        let ship_from_address = self.ship_from.parse("ship_from", &mut errors);
        let remit_to_address = self.remit_to.parse("remit_to", &mut errors);
        let tax_id = if self.tax_id.trim().is_empty() {
            None
        } else {
            match TaxScheme::parse(&self.tax_scheme) {
                None => {
                    errors.push(FieldError::new("tax_scheme", "profile-error-tax-scheme"));
                    None
                }
                Some(scheme) => TaxId::parse("tax_id", scheme, &self.tax_id)
                    .map_err(|e| errors.push(e))
                    .ok(),
            }
        };
        let registration_id =
            optional_text("registration_id", &self.registration_id, 40, &mut errors);
        let gs1 = self.gs1_prefix.trim();
        let gs1_prefix = if gs1.is_empty() {
            None
        } else if (6..=12).contains(&gs1.len()) && gs1.bytes().all(|b| b.is_ascii_digit()) {
            Some(gs1.to_owned())
        } else {
            errors.push(FieldError::new("gs1_prefix", "profile-error-gs1"));
            None
        };
        let edi_capability = if self.edi_capability.trim().is_empty() {
            EdiCapability::Portal
        } else {
            EdiCapability::parse(&self.edi_capability).unwrap_or_else(|| {
                errors.push(FieldError::new("edi_capability", "profile-error-choice"));
                EdiCapability::Portal
            })
        };
        let language = self.language.trim().to_owned();
        if !known_language(&language) {
            errors.push(FieldError::new("language", "profile-error-choice"));
        }
        let orders_contact = self.orders.parse("orders", &mut errors);
        let shipping_contact = self.shipping.parse("shipping", &mut errors);
        let invoicing_contact = self.invoicing.parse("invoicing", &mut errors);
        match legal_name {
            Some(legal_name) if errors.is_empty() => Ok(Profile {
                legal_name,
                ordering_address,
                ship_from_address,
                remit_to_address,
                tax_id,
                registration_id,
                gs1_prefix,
                edi_capability,
                language,
                orders_contact,
                shipping_contact,
                invoicing_contact,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&Address> for AddressInput {
    fn from(a: &Address) -> Self {
        Self {
            line1: a.line1.clone(),
            line2: a.line2.clone().unwrap_or_default(),
            postal_code: a.postal_code.clone().unwrap_or_default(),
            city: a.city.clone(),
            region: a.region.clone().unwrap_or_default(),
            country: a.country.clone(),
        }
    }
}

impl From<&Contact> for ContactInput {
    fn from(c: &Contact) -> Self {
        Self {
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone().unwrap_or_default(),
        }
    }
}

impl From<&Profile> for ProfileInput {
    fn from(p: &Profile) -> Self {
        Self {
            legal_name: p.legal_name.clone(),
            ordering: p
                .ordering_address
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
            ship_from: p
                .ship_from_address
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
            remit_to: p
                .remit_to_address
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
            tax_scheme: p
                .tax_id
                .as_ref()
                .map(|t| t.scheme.code().to_owned())
                .unwrap_or_default(),
            tax_id: p
                .tax_id
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            registration_id: p.registration_id.clone().unwrap_or_default(),
            gs1_prefix: p.gs1_prefix.clone().unwrap_or_default(),
            edi_capability: p.edi_capability.code().to_owned(),
            language: p.language.clone(),
            orders: p
                .orders_contact
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
            shipping: p
                .shipping_contact
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
            invoicing: p
                .invoicing_contact
                .as_ref()
                .map(Into::into)
                .unwrap_or_default(),
        }
    }
}

/// One field of the profile as a review compares it and an approval rule names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    LegalName,
    OrderingAddress,
    ShipFromAddress,
    RemitToAddress,
    TaxId,
    RegistrationId,
    Gs1Prefix,
    EdiCapability,
    Language,
    OrdersContact,
    ShippingContact,
    InvoicingContact,
}

impl ProfileField {
    pub const ALL: [ProfileField; 12] = [
        ProfileField::LegalName,
        ProfileField::OrderingAddress,
        ProfileField::ShipFromAddress,
        ProfileField::RemitToAddress,
        ProfileField::TaxId,
        ProfileField::RegistrationId,
        ProfileField::Gs1Prefix,
        ProfileField::EdiCapability,
        ProfileField::Language,
        ProfileField::OrdersContact,
        ProfileField::ShippingContact,
        ProfileField::InvoicingContact,
    ];

    /// The stored and published name (events, approval rules).
    pub fn code(self) -> &'static str {
        match self {
            ProfileField::LegalName => "legal_name",
            ProfileField::OrderingAddress => "ordering_address",
            ProfileField::ShipFromAddress => "ship_from_address",
            ProfileField::RemitToAddress => "remit_to_address",
            ProfileField::TaxId => "tax_id",
            ProfileField::RegistrationId => "registration_id",
            ProfileField::Gs1Prefix => "gs1_prefix",
            ProfileField::EdiCapability => "edi_capability",
            ProfileField::Language => "language",
            ProfileField::OrdersContact => "orders_contact",
            ProfileField::ShippingContact => "shipping_contact",
            ProfileField::InvoicingContact => "invoicing_contact",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("profile-field-{}", self.code().replace('_', "-"))
    }

    /// The rule a buyer starts with: what decides who gets paid and how the supplier is known to the tax office
    /// (legal name, tax and registration ids, remit-to address) waits for a buyer administrator; the rest takes
    /// effect at once.
    pub fn default_rule(self) -> FieldRule {
        match self {
            ProfileField::LegalName
            | ProfileField::TaxId
            | ProfileField::RegistrationId
            | ProfileField::RemitToAddress => FieldRule::Review,
            _ => FieldRule::Auto,
        }
    }

    /// The field's value in `profile`, as events publish it (`null` when not given).
    pub fn value(self, p: &Profile) -> Value {
        let v = match self {
            ProfileField::LegalName => serde_json::to_value(&p.legal_name),
            ProfileField::OrderingAddress => serde_json::to_value(&p.ordering_address),
            ProfileField::ShipFromAddress => serde_json::to_value(&p.ship_from_address),
            ProfileField::RemitToAddress => serde_json::to_value(&p.remit_to_address),
            ProfileField::TaxId => serde_json::to_value(&p.tax_id),
            ProfileField::RegistrationId => serde_json::to_value(&p.registration_id),
            ProfileField::Gs1Prefix => serde_json::to_value(&p.gs1_prefix),
            ProfileField::EdiCapability => serde_json::to_value(p.edi_capability),
            ProfileField::Language => serde_json::to_value(&p.language),
            ProfileField::OrdersContact => serde_json::to_value(&p.orders_contact),
            ProfileField::ShippingContact => serde_json::to_value(&p.shipping_contact),
            ProfileField::InvoicingContact => serde_json::to_value(&p.invoicing_contact),
        };
        v.unwrap_or(Value::Null)
    }

    /// Copies this field from `from` into `to`.
    pub fn copy(self, from: &Profile, to: &mut Profile) {
        match self {
            ProfileField::LegalName => to.legal_name = from.legal_name.clone(),
            ProfileField::OrderingAddress => to.ordering_address = from.ordering_address.clone(),
            ProfileField::ShipFromAddress => to.ship_from_address = from.ship_from_address.clone(),
            ProfileField::RemitToAddress => to.remit_to_address = from.remit_to_address.clone(),
            ProfileField::TaxId => to.tax_id = from.tax_id.clone(),
            ProfileField::RegistrationId => to.registration_id = from.registration_id.clone(),
            ProfileField::Gs1Prefix => to.gs1_prefix = from.gs1_prefix.clone(),
            ProfileField::EdiCapability => to.edi_capability = from.edi_capability,
            ProfileField::Language => to.language = from.language.clone(),
            ProfileField::OrdersContact => to.orders_contact = from.orders_contact.clone(),
            ProfileField::ShippingContact => to.shipping_contact = from.shipping_contact.clone(),
            ProfileField::InvoicingContact => to.invoicing_contact = from.invoicing_contact.clone(),
        }
    }

    /// The form's error field a mistake in this profile field is reported under.
    pub fn form_field(self) -> &'static str {
        match self {
            ProfileField::OrderingAddress => "ordering.line1",
            ProfileField::RemitToAddress => "remit_to.line1",
            ProfileField::ShipFromAddress => "ship_from.line1",
            ProfileField::OrdersContact => "orders.name",
            ProfileField::ShippingContact => "shipping.name",
            ProfileField::InvoicingContact => "invoicing.name",
            other => other.code(),
        }
    }
}

/// Whether a change to a field of an active supplier's profile takes effect at once or waits for a buyer
/// administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    Auto,
    Review,
}

impl FieldRule {
    pub fn code(self) -> &'static str {
        match self {
            FieldRule::Auto => "auto",
            FieldRule::Review => "review",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [FieldRule::Auto, FieldRule::Review]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// What a review needs: the ordering and remit-to addresses, a tax id, and contacts for orders and invoicing.
const NEEDED_FOR_REVIEW: [ProfileField; 5] = [
    ProfileField::OrderingAddress,
    ProfileField::RemitToAddress,
    ProfileField::TaxId,
    ProfileField::OrdersContact,
    ProfileField::InvoicingContact,
];

impl Profile {
    /// A first profile: the legal name as the buyer typed the supplier's name, the rest to fill in.
    pub fn empty(legal_name: &str, language: &str) -> Self {
        Self {
            legal_name: legal_name.to_owned(),
            ordering_address: None,
            ship_from_address: None,
            remit_to_address: None,
            tax_id: None,
            registration_id: None,
            gs1_prefix: None,
            edi_capability: EdiCapability::Portal,
            language: language.to_owned(),
            orders_contact: None,
            shipping_contact: None,
            invoicing_contact: None,
        }
    }

    /// The parts a review needs that are not given, each as a mistake on its form field.
    pub fn missing_for_review(&self) -> Vec<FieldError> {
        NEEDED_FOR_REVIEW
            .into_iter()
            .filter(|f| f.value(self).is_null())
            .map(|f| FieldError::new(f.form_field(), "profile-error-needed-for-review"))
            .collect()
    }

    /// The fields given (not `None`), in form order: what a first profile puts in force.
    pub fn given_fields(&self) -> Vec<ProfileField> {
        ProfileField::ALL
            .into_iter()
            .filter(|f| !f.value(self).is_null())
            .collect()
    }

    /// The fields in which `other` differs from this profile, in form order.
    pub fn changed_fields(&self, other: &Profile) -> Vec<ProfileField> {
        ProfileField::ALL
            .into_iter()
            .filter(|f| f.value(self) != f.value(other))
            .collect()
    }
}

/// One changed field with its value before and after (as events publish them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: ProfileField,
    pub old: Value,
    pub new: Value,
}

/// The changes `fields` make from `old` to `new`.
pub fn field_changes(
    old: Option<&Profile>,
    new: &Profile,
    fields: &[ProfileField],
) -> Vec<FieldChange> {
    fields
        .iter()
        .map(|&field| FieldChange {
            field,
            old: old.map(|o| field.value(o)).unwrap_or(Value::Null),
            new: field.value(new),
        })
        .collect()
}

/// Where a proposed profile stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    /// Being filled in during onboarding; nobody else sees it yet.
    Draft,
    /// Waiting for a buyer administrator.
    Pending,
    /// In force.
    Approved,
    /// Sent back to the supplier with the buyer's comment.
    Returned,
    /// Replaced by a newer proposal before anyone decided.
    Withdrawn,
}

impl ChangeStatus {
    pub const ALL: [ChangeStatus; 5] = [
        ChangeStatus::Draft,
        ChangeStatus::Pending,
        ChangeStatus::Approved,
        ChangeStatus::Returned,
        ChangeStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeStatus::Draft => "draft",
            ChangeStatus::Pending => "pending",
            ChangeStatus::Approved => "approved",
            ChangeStatus::Returned => "returned",
            ChangeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("profile-change-{}", self.code())
    }
}

/// A proposed profile as pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileChangeView {
    pub id: Uuid,
    pub status: ChangeStatus,
    /// The fields it changes, with the values in force and proposed.
    pub changes: Vec<FieldChange>,
    /// The whole profile as proposed.
    pub proposed: Profile,
    pub proposed_by: String,
    pub proposed_at: OffsetDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    /// The buyer's comment when returned.
    pub comment: Option<String>,
}

/// A buyer administrator's decision on a pending proposal: approve it, or return it with a comment (required).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDecision {
    pub change: Uuid,
    pub approve: bool,
    pub comment: String,
}

/// A supplier's profile page, for either side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub supplier_id: Uuid,
    pub supplier_code: String,
    pub supplier_name: String,
    pub organisation_name: String,
    pub status: SupplierStatus,
    /// The profile in force (approved), with its version.
    pub current: Option<(Profile, i64)>,
    /// The open proposal: a draft being filled in (onboarding) or one waiting for the buyer.
    pub open: Option<ProfileChangeView>,
    /// The last proposal the buyer returned, when nothing newer is open (its comment is what to mend).
    pub returned: Option<ProfileChangeView>,
    /// What the supplier's form starts from: the open proposal, else the returned one, else the profile in force.
    pub form: ProfileInput,
    /// Which fields wait for a buyer administrator once the supplier is active.
    pub review_fields: Vec<ProfileField>,
    /// A supplier administrator: may edit and submit.
    pub may_edit: bool,
    /// A buyer administrator: may approve or return the pending proposal.
    pub may_decide: bool,
    /// The viewer proposed the pending change (so another administrator decides it).
    pub own_proposal: bool,
    /// The buyer's view of a supplier being onboarded: a draft exists (its content is not shown).
    pub draft_saved: bool,
}

#[cfg(test)]
mod tests;
