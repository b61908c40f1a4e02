//! Suppliers as the buyer manages them (docs/SUPPLIERS.md "Onboarding"): a buyer administrator adds a supplier with
//! the invitation of its first administrator in one transaction; the supplier starts `onboarding` and receives no
//! orders (the ERP API and EDI 850/ORDERS refuse them by field `supplier_code`) until a buyer administrator activates
//! it, which records `supplier.activated.v1` and tells its administrators.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::events::{self, SupplierActivated, SupplierRef};
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::invitations::{self, Inviter};
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::onboarding::{
    NewSupplierInput, SupplierListItem, SupplierStatus, SuppliersView,
};
use portico_domain::{CurrentUser, MembershipRole, SupplierId};
use portico_i18n::Locale;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The buyer's suppliers page: every supplier with its status and people, those not active first.
pub async fn list(db: &Db, user: &CurrentUser) -> Result<SuppliersView, CoreError> {
    let w = &user.workspace;
    if !w.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let scope = Scope::of(w);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let rows = db::suppliers::list(&mut tx, w.tenant_id, OffsetDateTime::now_utc()).await?;
    tx.commit().await?;
    let mut suppliers = rows
        .into_iter()
        .map(|r| {
            Ok(SupplierListItem {
                status: SupplierStatus::parse(&r.status).ok_or_else(|| {
                    CoreError::Internal(anyhow::anyhow!("supplier {}: status", r.id))
                })?,
                id: r.id,
                code: r.code,
                name: r.name,
                people: r.people,
                invited: r.invited,
                created_at: r.created_at,
                activated_at: r.activated_at,
                profile_pending: r.profile_pending,
            })
        })
        .collect::<Result<Vec<_>, CoreError>>()?;
    suppliers.sort_by_key(|s| s.status == SupplierStatus::Active);
    Ok(SuppliersView {
        suppliers,
        may_manage: w.role == MembershipRole::BuyerAdmin,
    })
}

/// Adds a supplier (buyer administrators): checks the form, then in one transaction stores the supplier as
/// `onboarding`, invites its first administrator (the invitation mail in the chosen language) and audits both.
/// Returns the new supplier, or the mistakes by field (`code` — also when the code is taken —, `name`,
/// `admin_email`).
pub async fn add(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    input: &NewSupplierInput,
    public_url: &str,
) -> Result<Result<SupplierId, Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    if w.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let new = match input.parse() {
        Ok(n) => n,
        Err(errors) => return Ok(Err(errors)),
    };
    let locale = Locale::from_tag(input.language.trim()).unwrap_or_default();
    let tenant = w.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    let id = SupplierId(Uuid::now_v7());
    let now = OffsetDateTime::now_utc();
    if !db::suppliers::insert_onboarding(&mut tx, tenant, id, &new.code, &new.name, now).await? {
        return Ok(Err(vec![FieldError::new(
            "code",
            "supplier-error-code-taken",
        )
        .with_arg("code", &new.code)]));
    }
    let invitation = invitations::issue(
        &mut tx,
        public_url,
        &Inviter::from(user),
        &new.admin_email,
        MembershipRole::SupplierAdmin,
        Some(id),
        locale,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierAdded)
        .subject("supplier", id.0)
        .detail(json!({ "code": new.code, "name": new.name }));
    audit::append(&mut tx, meta, entry).await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::InvitationSent)
        .subject("invitation", invitation)
        .detail(json!({
            "email": new.admin_email.as_str(),
            "role": MembershipRole::SupplierAdmin.code(),
            "supplier": id.0,
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Activates a supplier not yet active (buyer administrators): from now on it receives orders. Records
/// `supplier.activated.v1`, audits it and mails the supplier's administrators. Activating an active supplier is a
/// conflict; another organisation's is not found.
pub async fn activate(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    supplier: SupplierId,
    public_url: &str,
) -> Result<(), CoreError> {
    let w = &user.workspace;
    if w.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let mut tx = db
        .write(&Context::tenant(w.tenant_id).with_user(user.id))
        .await?;
    // A submitted profile is decided on its review page, where approving it activates the supplier; `activate_in`
    // says so also when the supplier submitted between our read and our write.
    activate_in(
        &mut tx,
        meta,
        user,
        supplier,
        SupplierStatus::Onboarding,
        public_url,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates a supplier in status `from` in an open buyer transaction: the status, `supplier.activated.v1`, the
/// audit entry and the mail to its administrators (also the last step of approving an onboarding profile). A
/// supplier not in `from` is a conflict named by where it stands: `supplier-in-review` (its profile waits for review)
/// or `supplier-already-active`.
pub(crate) async fn activate_in(
    tx: &mut db::Tx,
    meta: &RequestMeta,
    user: &CurrentUser,
    supplier: SupplierId,
    from: SupplierStatus,
    public_url: &str,
) -> Result<(), CoreError> {
    let w = &user.workspace;
    let tenant = w.tenant_id;
    let (code, name, status) = db::suppliers::get(tx, tenant, supplier)
        .await?
        .ok_or(CoreError::NotFound)?;
    let conflict = |status: &str| {
        CoreError::Conflict(if status == SupplierStatus::InReview.code() {
            "supplier-in-review".into()
        } else {
            "supplier-already-active".into()
        })
    };
    if status != from.code() {
        return Err(conflict(&status));
    }
    let now = OffsetDateTime::now_utc();
    if !db::suppliers::activate(tx, tenant, supplier, from.code(), user.id, now).await? {
        // Moved on between the read and the write (PostgreSQL): read where it stands now, in this transaction.
        let (_, _, now) = db::suppliers::get(tx, tenant, supplier)
            .await?
            .ok_or(CoreError::NotFound)?;
        return Err(conflict(&now));
    }
    let body = SupplierActivated {
        supplier: SupplierRef {
            id: supplier,
            code: code.clone(),
            name: name.clone(),
        },
        activated_by: user.display_name.clone(),
        activated_at: now
            .format(&Rfc3339)
            .map_err(|e| CoreError::Internal(anyhow::anyhow!("time: {e}")))?,
    };
    events::record(tx, &body.event(tenant, meta.correlation_id.clone())?).await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierActivated)
        .subject("supplier", supplier.0)
        .detail(json!({ "code": code }));
    audit::append(tx, meta, entry).await?;
    let template = Template::SupplierActivated {
        organisation: w.tenant_name.clone(),
        supplier: name,
    };
    let people = db::people::administrators(tx, tenant, Some(supplier)).await?;
    let link = notify::page_link(public_url, "/orders");
    notify::queue(tx, tenant, people, &template, &link, None).await?;
    Ok(())
}
