//! The buyer organisation's change policy (docs/ACKNOWLEDGEMENTS.md "Rules"): how far a supplier may change an order
//! without the buyer, as a default for every supplier and as overrides for some. Set by buyer administrators; each
//! change is audited. Answers already given keep the judgement they got.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::acknowledgement::{ChangePolicy, PolicyInput, PolicyPage, SupplierPolicy};
use portico_domain::{CurrentUser, SupplierId};
use serde_json::json;
use uuid::Uuid;

/// The policy page of the administrator's organisation.
pub async fn page(db: &Db, admin: &CurrentUser) -> Result<PolicyPage, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let suppliers = db::people::suppliers(db, &Scope::tenant(tenant)).await?;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let policies = db::acknowledgements::policies(&mut tx, tenant).await?;
    tx.commit().await?;
    let mut default = None;
    let mut overrides = Vec::new();
    for (supplier, policy) in policies {
        match supplier.and_then(|id| suppliers.iter().find(|s| s.id == id)) {
            None if supplier.is_none() => default = Some(policy),
            None => {}
            Some(s) => overrides.push(SupplierPolicy {
                supplier: s.clone(),
                policy,
            }),
        }
    }
    overrides.sort_by(|a, b| a.supplier.name.cmp(&b.supplier.name));
    Ok(PolicyPage {
        default,
        overrides,
        suppliers,
    })
}

/// Saves the default (`supplier` `None`) or a supplier's override. A mistake names its field.
pub async fn save(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    supplier: Option<Uuid>,
    input: &PolicyInput,
) -> Result<ChangePolicy, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let policy =
        ChangePolicy::parse(input).map_err(|e| CoreError::validation(e.field, e.message))?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    if let Some(s) = supplier {
        if !db::edi::supplier_exists(&mut tx, tenant, s).await? {
            return Err(CoreError::NotFound);
        }
    }
    db::acknowledgements::save_policy(
        &mut tx,
        tenant,
        supplier.map(SupplierId),
        &policy,
        Some(admin.id),
    )
    .await?;
    let mut entry =
        Entry::new(Some(tenant), Some(admin.id), Action::ChangePolicySaved).detail(json!({
            "supplier": supplier,
            "price_increase_pct": policy.price_increase_pct.to_string(),
            "price_decrease_pct": policy.price_decrease_pct.to_string(),
            "quantity_under_pct": policy.quantity_under_pct.to_string(),
            "quantity_over_pct": policy.quantity_over_pct.to_string(),
            "date_later_days": policy.date_later_days,
            "date_earlier_days": policy.date_earlier_days,
            "splits_allowed": policy.splits_allowed,
            "line_rejections_allowed": policy.line_rejections_allowed,
        }));
    if let Some(s) = supplier {
        entry = entry.subject("supplier", s);
    }
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(policy)
}

/// Removes a supplier's override: the organisation's default applies to it again.
pub async fn remove(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    supplier: Uuid,
) -> Result<(), CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    if !db::acknowledgements::delete_policy(&mut tx, tenant, SupplierId(supplier)).await? {
        return Err(CoreError::NotFound);
    }
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::ChangePolicySaved)
        .subject("supplier", supplier)
        .detail(json!({ "supplier": supplier, "removed": true }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}
