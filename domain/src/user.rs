//! People, their memberships and the workspace they are acting in.

use crate::ids::{SupplierId, TenantId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically plausible e-mail address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an e-mail address")]
pub struct InvalidEmail(pub String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a domain with a dot, no spaces, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let s = raw.trim().to_lowercase();
        let ok = s.len() <= 254
            && !s.chars().any(char::is_whitespace)
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if ok {
            Ok(Self(s))
        } else {
            Err(InvalidEmail(raw.to_owned()))
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A role held through one membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipRole {
    /// Manages the buyer organisation: users, suppliers, integrations.
    BuyerAdmin,
    /// Works purchase orders and exceptions for the buyer organisation.
    Buyer,
    /// Manages a supplier's users for one buyer relationship.
    SupplierAdmin,
    /// Works the supplier's documents for one buyer relationship.
    SupplierUser,
}

impl MembershipRole {
    /// The stable code stored in the database.
    pub const fn code(self) -> &'static str {
        match self {
            MembershipRole::BuyerAdmin => "buyer_admin",
            MembershipRole::Buyer => "buyer",
            MembershipRole::SupplierAdmin => "supplier_admin",
            MembershipRole::SupplierUser => "supplier_user",
        }
    }

    /// Parses a stored role code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            MembershipRole::BuyerAdmin,
            MembershipRole::Buyer,
            MembershipRole::SupplierAdmin,
            MembershipRole::SupplierUser,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    /// Whether the role acts for the buyer organisation (as opposed to a supplier).
    pub const fn is_buyer_side(self) -> bool {
        matches!(self, MembershipRole::BuyerAdmin | MembershipRole::Buyer)
    }
}

/// The scope a signed-in person is acting in: one tenant, and for supplier roles one supplier of that tenant.
///
/// Every query on tenant data is bounded by this value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    /// `Some` for supplier roles: the supplier the person works for in this tenant.
    pub supplier_id: Option<SupplierId>,
    pub supplier_name: Option<String>,
    pub role: MembershipRole,
}

/// The signed-in person as the UI needs to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub workspace: Workspace,
    /// The workspace's organisation requires two-factor sign-in for this role and the person has not set it up:
    /// until they do, only the two-factor set-up page is open to them.
    #[serde(default)]
    pub mfa_enrolment_required: bool,
}

/// One of the workspaces (customer or own organisation) a person can switch to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceChoice {
    pub membership_id: uuid::Uuid,
    /// The buyer organisation (the customer, for suppliers).
    pub tenant_name: String,
    /// The supplier the person works for there; `None` for buyer roles.
    pub supplier_name: Option<String>,
    pub role: MembershipRole,
    /// Whether the session is in this workspace now.
    pub current: bool,
}

/// Why an e-mailed link (invitation, password reset, magic link) cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenProblem {
    /// Malformed, unknown or tampered with.
    Invalid,
    /// Past its expiry.
    Expired,
    /// Already used once.
    Used,
    /// Withdrawn by the person who sent it.
    Revoked,
}

/// One of a person's open sessions, for the "where you are signed in" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: uuid::Uuid,
    pub signed_in_at: time::OffsetDateTime,
    pub last_seen_at: time::OffsetDateTime,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// Whether this is the session viewing the list.
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ann@Example.COM ").unwrap().as_str(),
            "ann@example.com"
        );
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "a@b@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for r in [
            MembershipRole::BuyerAdmin,
            MembershipRole::Buyer,
            MembershipRole::SupplierAdmin,
            MembershipRole::SupplierUser,
        ] {
            assert_eq!(MembershipRole::from_code(r.code()), Some(r));
        }
        assert_eq!(MembershipRole::from_code("root"), None);
    }
}

/// A person's two-factor sign-in settings, for the set-up page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaStatus {
    /// When two-factor sign-in was switched on; `None` while it is off.
    pub enabled_at: Option<time::OffsetDateTime>,
    /// A set-up in progress: the secret to scan or type.
    pub pending: Option<MfaEnrolment>,
    /// Unused recovery codes left.
    pub recovery_codes_left: i64,
    /// The organisation of the current workspace requires it for this person's role.
    pub required: bool,
}

/// What an authenticator app needs to add the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaEnrolment {
    /// The QR code as a `data:image/svg+xml;base64,…` URL.
    pub qr_data_url: String,
    /// The secret in groups of four, for typing.
    pub secret_grouped: String,
    /// The `otpauth://` URI (a link that opens an authenticator app on a phone).
    pub uri: String,
}

/// Whether a buyer organisation requires two-factor sign-in, for its own people and for its suppliers' people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaPolicy {
    pub buyers: bool,
    pub suppliers: bool,
}

/// What a document link (magic link) offers before it is opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLinkView {
    pub email: String,
    /// The buyer organisation that sent it.
    pub organisation: String,
    /// The document's number, e.g. the PO number.
    pub document: String,
    pub expires_at: time::OffsetDateTime,
}

/// What a visitor with a document link may do about a full account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountOffer {
    /// No Portico login with this address: create one (and see every order of this supplier).
    Create,
    /// A login exists but not for this supplier of this buyer: add this customer to it.
    AddCustomer,
    /// Already a member here: just sign in.
    SignIn,
    /// Whoever sent the link may not invite people: the visitor asks their contact for an invitation.
    AskContact,
}

/// Access granted by an opened document link, kept in the browser session: this one document, until `expires_at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentGrant {
    /// The link's token row (an account offer traces back to it).
    pub link_id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub supplier_id: SupplierId,
    pub document_id: uuid::Uuid,
    pub email: String,
    /// Unix seconds after which the grant is void.
    pub expires_at: i64,
}
