//! The authorisation boundary of every tenant-data query.

use portico_domain::{SupplierId, TenantId, Workspace};
use uuid::Uuid;

/// Which documents a caller may see: always one tenant, and for supplier roles one supplier of that tenant.
///
/// A `Scope` is only built from a [`Workspace`] that was loaded for a signed-in person (or by trusted set-up code), and
/// every repository function on tenant data takes one, so there is no unscoped query reachable from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    tenant_id: TenantId,
    supplier_id: Option<SupplierId>,
    /// Set for a visitor with a document-scoped (magic) link: only this one document is visible.
    document_id: Option<Uuid>,
}

impl Scope {
    /// The scope of a signed-in person's current workspace.
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            tenant_id: workspace.tenant_id,
            supplier_id: workspace.supplier_id,
            document_id: None,
        }
    }

    /// A buyer-side scope over a whole tenant (set-up code, seeding, tests).
    pub fn tenant(tenant_id: TenantId) -> Self {
        Self {
            tenant_id,
            supplier_id: None,
            document_id: None,
        }
    }

    /// A supplier-side scope (set-up code, seeding, tests).
    pub fn supplier(tenant_id: TenantId, supplier_id: SupplierId) -> Self {
        Self {
            tenant_id,
            supplier_id: Some(supplier_id),
            document_id: None,
        }
    }

    /// One document of one supplier: what an e-mailed magic link opens (built only from a redeemed link).
    pub fn document(tenant_id: TenantId, supplier_id: SupplierId, document_id: Uuid) -> Self {
        Self {
            tenant_id,
            supplier_id: Some(supplier_id),
            document_id: Some(document_id),
        }
    }

    /// The tenant every query is bounded by.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    /// The supplier a supplier-side caller is bounded by; `None` for buyers.
    pub fn supplier_id(&self) -> Option<SupplierId> {
        self.supplier_id
    }

    /// The one document a magic-link visitor may see; `None` for signed-in people.
    pub fn document_id(&self) -> Option<Uuid> {
        self.document_id
    }
}
