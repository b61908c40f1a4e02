//! Onboarding (docs/SUPPLIERS.md "Onboarding"): a buyer administrator adds a supplier together with the invitation of
//! its first administrator; the supplier receives orders only once the buyer has activated it. Pure: the form's rules
//! and the views the pages share with `core`.

use crate::acknowledgement::FieldError;
use crate::user::Email;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The longest supplier code (EDI and ERP vendor numbers fit in 20 characters).
pub const CODE_MAX: usize = 20;

/// Where a supplier stands with the buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SupplierStatus {
    /// Added; its people are setting it up. No orders yet.
    Onboarding,
    /// Waiting for the buyer's review. No orders yet.
    InReview,
    /// Receives orders.
    Active,
}

impl SupplierStatus {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            SupplierStatus::Onboarding => "onboarding",
            SupplierStatus::InReview => "in_review",
            SupplierStatus::Active => "active",
        }
    }

    /// The status a stored code names.
    pub fn parse(code: &str) -> Option<Self> {
        [
            SupplierStatus::Onboarding,
            SupplierStatus::InReview,
            SupplierStatus::Active,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The catalogue id of its name.
    pub fn label_key(self) -> String {
        format!("supplier-status-{}", self.code().replace('_', "-"))
    }
}

/// The "add a supplier" form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSupplierInput {
    pub code: String,
    pub name: String,
    /// The e-mail address of the supplier's first administrator, who is invited.
    pub admin_email: String,
    /// The invitation's language tag (`en`, `de`).
    pub language: String,
}

/// A checked "add a supplier" form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSupplier {
    /// Upper case, as the ERP and EDI name the supplier.
    pub code: String,
    pub name: String,
    pub admin_email: Email,
}

impl NewSupplierInput {
    /// Checks the form: every mistake, each naming its field and rule.
    pub fn parse(&self) -> Result<NewSupplier, Vec<FieldError>> {
        let mut errors = Vec::new();
        let code = self.code.trim().to_ascii_uppercase();
        let code_ok = if code.is_empty() {
            errors.push(FieldError::new("code", "profile-error-required"));
            false
        } else if code.chars().count() > CODE_MAX {
            errors
                .push(FieldError::new("code", "profile-error-too-long").with_arg("max", CODE_MAX));
            false
        } else if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            errors.push(FieldError::new("code", "supplier-error-code"));
            false
        } else {
            true
        };
        let name = crate::supplier_profile::required_text("name", &self.name, 140, &mut errors);
        let admin_email = match Email::parse(self.admin_email.trim()) {
            Ok(e) => Some(e),
            Err(_) => {
                errors.push(FieldError::new("admin_email", "field-email-invalid"));
                None
            }
        };
        match (code_ok, name, admin_email) {
            (true, Some(name), Some(admin_email)) if errors.is_empty() => Ok(NewSupplier {
                code,
                name,
                admin_email,
            }),
            _ => Err(errors),
        }
    }
}

/// One supplier on the buyer's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierListItem {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub status: SupplierStatus,
    /// People who can sign in for it.
    pub people: i64,
    /// Invitations not yet accepted.
    pub invited: i64,
    pub created_at: OffsetDateTime,
    pub activated_at: Option<OffsetDateTime>,
    /// A profile or profile change waits for a buyer administrator.
    pub profile_pending: bool,
}

/// The buyer's suppliers page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppliersView {
    /// Those not active first, then by name.
    pub suppliers: Vec<SupplierListItem>,
    /// Whether the viewer may add and activate suppliers (buyer administrators).
    pub may_manage: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, name: &str, email: &str) -> NewSupplierInput {
        NewSupplierInput {
            code: code.into(),
            name: name.into(),
            admin_email: email.into(),
            language: "en".into(),
        }
    }

    #[test]
    fn a_complete_form_passes_with_the_code_in_upper_case() {
        let s = input(" dlt-01 ", " Delta Labels Ltd ", "ops@delta.example")
            .parse()
            .unwrap();
        assert_eq!(s.code, "DLT-01");
        assert_eq!(s.name, "Delta Labels Ltd");
        assert_eq!(s.admin_email.as_str(), "ops@delta.example");
    }

    #[test]
    fn each_mistake_names_its_field_and_rule() {
        let fields = |i: NewSupplierInput| -> Vec<(String, String)> {
            i.parse()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect()
        };
        assert_eq!(
            fields(input("", "", "")),
            [
                ("code".to_owned(), "profile-error-required".to_owned()),
                ("name".to_owned(), "profile-error-required".to_owned()),
                ("admin_email".to_owned(), "field-email-invalid".to_owned()),
            ]
        );
        assert_eq!(
            fields(input("DÉLTA 1", "Delta", "ops@delta.example")),
            [("code".to_owned(), "supplier-error-code".to_owned())]
        );
        assert_eq!(
            fields(input(
                &"X".repeat(CODE_MAX + 1),
                "Delta",
                "ops@delta.example"
            )),
            [("code".to_owned(), "profile-error-too-long".to_owned())]
        );
        assert_eq!(
            fields(input("DLT", "Delta\u{202E}", "not an address")),
            [
                ("name".to_owned(), "profile-error-characters".to_owned()),
                ("admin_email".to_owned(), "field-email-invalid".to_owned()),
            ]
        );
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            SupplierStatus::Onboarding,
            SupplierStatus::InReview,
            SupplierStatus::Active,
        ] {
            assert_eq!(SupplierStatus::parse(s.code()), Some(s));
        }
        assert_eq!(SupplierStatus::parse("blocked"), None);
    }
}
