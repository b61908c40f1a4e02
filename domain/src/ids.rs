//! Typed identifiers. Every entity id is a UUID v7 (time-ordered), wrapped so that a supplier id can never be passed
//! where a tenant id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Wraps an existing UUID.
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A buyer organisation: the tenant that owns purchase orders and invites suppliers.
    TenantId
);
id_type!(
    /// A supplier as a trading partner of one tenant.
    SupplierId
);
id_type!(
    /// A person with a Portico login.
    UserId
);
id_type!(
    /// A purchase order (all versions share one id; the version is a field).
    PurchaseOrderId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_strings_and_json() {
        let raw = "0190f5a2-7c3e-7d4a-9a8b-0123456789ab";
        let id: TenantId = raw.parse().unwrap();
        assert_eq!(id.to_string(), raw);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{raw}\""));
        assert!("not-a-uuid".parse::<SupplierId>().is_err());
    }
}
