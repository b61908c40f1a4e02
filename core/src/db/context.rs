//! Whose data a transaction works on: the input to PostgreSQL's row-level-security policies.

use crate::scope::Scope;
use portico_domain::{SupplierId, TenantId, UserId};
use uuid::Uuid;

/// The rows a transaction may see on PostgreSQL, beyond what its SQL already restricts: a tenant (and, for
/// supplier-side callers, one supplier of it), a person (their own memberships, for choosing a customer), and a
/// presented token hash (the one token row it names). Anything left unset matches no row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    tenant: Option<TenantId>,
    supplier: Option<SupplierId>,
    user: Option<UserId>,
    token_hash: Option<String>,
    document: Option<Uuid>,
    relay: bool,
}

impl Context {
    /// No tenant data at all: only global tables (people, sessions, throttles) are reachable.
    pub fn none() -> Self {
        Self::default()
    }

    /// One tenant's data, as seen by a buyer (all its suppliers) or a supplier (its own documents).
    pub fn scope(scope: &Scope) -> Self {
        Self {
            tenant: Some(scope.tenant_id()),
            supplier: scope.supplier_id(),
            document: scope.document_id(),
            ..Self::default()
        }
    }

    /// A whole tenant (set-up code, the tenant's own administration).
    pub fn tenant(tenant: TenantId) -> Self {
        Self {
            tenant: Some(tenant),
            ..Self::default()
        }
    }

    /// A person's memberships across tenants (sign-in, choosing a customer, resolving a session).
    pub fn user(user: UserId) -> Self {
        Self {
            user: Some(user),
            ..Self::default()
        }
    }

    /// The single token row with this hash (following an e-mailed link).
    pub fn token(token_hash: &str) -> Self {
        Self {
            token_hash: Some(token_hash.to_owned()),
            ..Self::default()
        }
    }

    /// The relay's view: the delivery tables (events, endpoints, deliveries, attempts) of every tenant and nothing
    /// else. On PostgreSQL the transaction switches to the `portico_relay` role, whose policies allow exactly that;
    /// only `core::outbox` uses it.
    pub(crate) fn relay() -> Self {
        Self {
            relay: true,
            ..Self::default()
        }
    }

    pub(crate) fn is_relay(&self) -> bool {
        self.relay
    }

    /// Adds a person to this context.
    pub fn with_user(mut self, user: UserId) -> Self {
        self.user = Some(user);
        self
    }

    pub(crate) fn tenant_setting(&self) -> String {
        self.tenant.map(|t| t.0.to_string()).unwrap_or_default()
    }

    pub(crate) fn supplier_setting(&self) -> String {
        self.supplier.map(|s| s.0.to_string()).unwrap_or_default()
    }

    pub(crate) fn user_setting(&self) -> String {
        self.user.map(|u| u.0.to_string()).unwrap_or_default()
    }

    pub(crate) fn document_setting(&self) -> String {
        self.document.map(|d| d.to_string()).unwrap_or_default()
    }

    pub(crate) fn token_setting(&self) -> String {
        self.token_hash.clone().unwrap_or_default()
    }
}

impl From<&Scope> for Context {
    fn from(scope: &Scope) -> Self {
        Context::scope(scope)
    }
}
