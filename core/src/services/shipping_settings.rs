//! Shipping settings: the buyer's rules (over-ship tolerance, whether unacknowledged orders ship), set by buyer
//! administrators; and the supplier's GS1 numbering for SSCC labels, set by supplier administrators.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::ship_notices as rows;
use crate::db::{Context, Db};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::shipping::{LabelSettings, ShippingPolicy};
use portico_domain::{CurrentUser, MembershipRole};
use serde_json::json;

/// The buyer's shipping rules (anyone of the tenant may read them: suppliers see their tolerance).
pub async fn policy(db: &Db, user: &CurrentUser) -> Result<ShippingPolicy, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let p = rows::policy(&mut tx, scope.tenant_id()).await?;
    tx.commit().await?;
    Ok(p)
}

/// Sets the buyer's shipping rules (buyer administrators).
pub async fn save_policy(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    over_ship_pct: &str,
    ship_unacknowledged: bool,
) -> Result<Result<ShippingPolicy, FieldError>, CoreError> {
    let tenant = super::buyer_admin_tenant(user)?;
    let policy = match ShippingPolicy::parse(over_ship_pct, ship_unacknowledged) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::save_policy(&mut tx, tenant, &policy).await?;
    let entry =
        Entry::new(Some(tenant), Some(user.id), Action::ShippingPolicySaved).detail(json!({
            "over_ship_pct": policy.over_ship_pct.normalize().to_string(),
            "ship_unacknowledged": policy.ship_unacknowledged,
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(policy))
}

/// The supplier's GS1 numbering, if set (supplier side only).
pub async fn label_settings(
    db: &Db,
    user: &CurrentUser,
) -> Result<Option<LabelSettings>, CoreError> {
    let (scope, supplier) = super::ship_notices::shipper(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::label_settings(&mut tx, scope.tenant_id(), supplier).await?;
    tx.commit().await?;
    Ok(found.map(|(company_prefix, e)| LabelSettings {
        company_prefix,
        extension_digit: u8::try_from(e).unwrap_or(0),
    }))
}

/// Sets the supplier's GS1 company prefix and extension digit (supplier administrators). Serial references go on
/// counting: a changed prefix starts new SSCCs, it never repeats old ones.
pub async fn save_label_settings(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    company_prefix: &str,
    extension_digit: &str,
) -> Result<Result<LabelSettings, FieldError>, CoreError> {
    let (scope, supplier) = super::ship_notices::shipper(user)?;
    if user.workspace.role != MembershipRole::SupplierAdmin {
        return Err(CoreError::Forbidden);
    }
    let settings = match LabelSettings::parse(company_prefix, extension_digit) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    rows::save_label_settings(
        &mut tx,
        tenant,
        supplier,
        &settings.company_prefix,
        i32::from(settings.extension_digit),
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::LabelSettingsSaved)
        .subject("supplier", supplier.0)
        .detail(json!({ "company_prefix": settings.company_prefix, "extension_digit": settings.extension_digit }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(settings))
}
