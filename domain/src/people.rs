//! People of an organisation and invitations: what the people page and the invitation page show.

use crate::user::MembershipRole;
use serde::{Deserialize, Serialize};

/// A member of the organisation (or, for supplier admins, of their supplier).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub membership_id: uuid::Uuid,
    pub email: String,
    pub display_name: String,
    pub role: MembershipRole,
    pub supplier_name: Option<String>,
    pub disabled: bool,
    /// Whether the person signs in with a second factor.
    pub two_factor: bool,
    /// The viewer themself (whose role and membership they cannot change here).
    pub is_self: bool,
}

/// An invitation sent and not yet accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: uuid::Uuid,
    pub email: String,
    pub role: MembershipRole,
    pub supplier_name: Option<String>,
    pub expires_at: time::OffsetDateTime,
}

/// A supplier a buyer administrator can invite people for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierOption {
    pub id: uuid::Uuid,
    pub name: String,
}

/// Everything the people page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleView {
    pub members: Vec<Member>,
    pub pending: Vec<PendingInvitation>,
    /// The roles the viewer may invite people into.
    pub invitable_roles: Vec<MembershipRole>,
    /// Suppliers the viewer may invite supplier people for (all of the tenant's for buyer admins; their own for
    /// supplier admins).
    pub suppliers: Vec<SupplierOption>,
    /// The organisation's two-factor requirement, for buyer administrators (who set it).
    pub mfa_policy: Option<crate::user::MfaPolicy>,
}

/// What an invitation link offers, shown before it is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub organisation: String,
    pub supplier_name: Option<String>,
    pub role: MembershipRole,
    pub inviter: String,
    /// Whether a Portico account with this address exists (then the person signs in instead of choosing a
    /// password).
    pub account_exists: bool,
}

impl MembershipRole {
    /// Every role.
    pub const ALL: [MembershipRole; 4] = [
        MembershipRole::BuyerAdmin,
        MembershipRole::Buyer,
        MembershipRole::SupplierAdmin,
        MembershipRole::SupplierUser,
    ];

    /// The roles a member in this role can be moved to (the same side: buyer roles, or supplier roles).
    pub fn same_side(self) -> &'static [MembershipRole] {
        if self.is_buyer_side() {
            &[MembershipRole::BuyerAdmin, MembershipRole::Buyer]
        } else {
            &[MembershipRole::SupplierAdmin, MembershipRole::SupplierUser]
        }
    }

    /// The roles someone in this role may invite people into: buyer administrators invite anyone, supplier
    /// administrators their own colleagues, everyone else nobody.
    pub fn may_invite(self) -> &'static [MembershipRole] {
        match self {
            // Supplier roles first: inviting a supplier's contact is the common case.
            MembershipRole::BuyerAdmin => &[
                MembershipRole::SupplierAdmin,
                MembershipRole::SupplierUser,
                MembershipRole::Buyer,
                MembershipRole::BuyerAdmin,
            ],
            MembershipRole::SupplierAdmin => {
                &[MembershipRole::SupplierAdmin, MembershipRole::SupplierUser]
            }
            MembershipRole::Buyer | MembershipRole::SupplierUser => &[],
        }
    }
}
