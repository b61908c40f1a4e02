//! Supplier profiles (docs/SUPPLIERS.md "Profile"): the profile in force, the proposals that change it and the
//! buyer's rule per field. Tenant data; every statement names the tenant and the supplier. Profiles are stored as
//! the JSON of `portico_domain::profile::Profile`; the service reads and writes them whole.

use crate::db::Tx;
use crate::on_tx;
use portico_domain::{SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// The profile in force.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CurrentRow {
    pub profile: String,
    pub version: i64,
}

/// The supplier's profile in force, if it has one.
pub async fn current(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<CurrentRow>, sqlx::Error> {
    const SQL: &str = "SELECT profile, version FROM supplier_profiles \
         WHERE tenant_id = $1 AND supplier_id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(supplier.0).fetch_optional(&mut **conn).await)
}

/// Stores the profile in force as `version` (the first when there was none); `false` when another writer got there
/// first (the version in force was not `version - 1`).
pub async fn put(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    profile: &str,
    version: i64,
    by: UserId,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO supplier_profiles (tenant_id, supplier_id, profile, version, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (tenant_id, supplier_id) DO UPDATE SET profile = excluded.profile, version = excluded.version, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at \
         WHERE supplier_profiles.version = excluded.version - 1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(profile)
        .bind(version)
        .bind(by.0)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// A proposal with the names of the people involved.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub profile: String,
    pub fields: String,
    pub status: String,
    pub proposed_by: Uuid,
    pub proposed_by_name: String,
    pub proposed_at: OffsetDateTime,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub comment: Option<String>,
}

const CHANGE_COLUMNS: &str = "SELECT c.id, c.supplier_id, c.profile, c.fields, c.status, c.proposed_by, \
        p.display_name AS proposed_by_name, c.proposed_at, d.display_name AS decided_by_name, c.decided_at, c.comment \
     FROM supplier_profile_changes c \
     JOIN users p ON p.id = c.proposed_by \
     LEFT JOIN users d ON d.id = c.decided_by";

/// The supplier's open proposal (draft or pending), if any.
pub async fn open(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<ChangeRow>, sqlx::Error> {
    let sql = format!(
        "{CHANGE_COLUMNS} WHERE c.tenant_id = $1 AND c.supplier_id = $2 AND c.status IN ('draft', 'pending')"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(supplier.0).fetch_optional(&mut **conn).await)
}

/// The supplier's latest decided proposal (approved or returned), if any.
pub async fn last_decided(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<ChangeRow>, sqlx::Error> {
    let sql = format!(
        "{CHANGE_COLUMNS} WHERE c.tenant_id = $1 AND c.supplier_id = $2 AND c.status IN ('approved', 'returned') \
         ORDER BY c.decided_at DESC, c.id DESC LIMIT 1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(supplier.0).fetch_optional(&mut **conn).await)
}

/// A new open proposal (`draft` or `pending`). The caller has withdrawn any other open one first.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    id: Uuid,
    profile: &str,
    fields: &str,
    status: &str,
    by: UserId,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO supplier_profile_changes \
         (id, tenant_id, supplier_id, profile, fields, status, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(profile)
        .bind(fields)
        .bind(status)
        .bind(by.0)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Rewrites an open draft (its profile, who last saved it, when); `false` if it is no longer a draft.
pub async fn update_draft(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    profile: &str,
    by: UserId,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE supplier_profile_changes SET profile = $3, proposed_by = $4, proposed_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND status = 'draft'";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(profile)
        .bind(by.0)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Moves an open proposal from `from` to `to` (with the fields it applies); `false` if it was not in `from`.
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    from: &str,
    to: &str,
    fields: Option<&str>,
    decided: Option<(UserId, OffsetDateTime)>,
    comment: Option<&str>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE supplier_profile_changes SET status = $4, fields = COALESCE($5, fields), \
             decided_by = $6, decided_at = $7, comment = $8 \
         WHERE tenant_id = $1 AND id = $2 AND status = $3";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(fields)
        .bind(decided.map(|(u, _)| u.0))
        .bind(decided.map(|(_, at)| at))
        .bind(comment)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The tenant's rules that differ from the defaults: `(field, rule)`.
pub async fn rules(tx: &mut Tx, tenant: TenantId) -> Result<Vec<(String, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT field, rule FROM supplier_profile_rules WHERE tenant_id = $1 ORDER BY field";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Sets the tenant's rule for one field.
pub async fn set_rule(
    tx: &mut Tx,
    tenant: TenantId,
    field: &str,
    rule: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO supplier_profile_rules (tenant_id, field, rule) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, field) DO UPDATE SET rule = excluded.rule";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(field)
        .bind(rule)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Pending proposals of the tenant: `(supplier id, change id)`, oldest first (the buyer's list).
pub async fn pending(tx: &mut Tx, tenant: TenantId) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    const SQL: &str = "SELECT supplier_id, id FROM supplier_profile_changes \
         WHERE tenant_id = $1 AND status = 'pending' ORDER BY proposed_at LIMIT 500";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Moves a supplier being onboarded to `in_review` (the supplier's own submission); `false` if it was not onboarding.
pub async fn submit_supplier(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE suppliers SET status = 'in_review' \
         WHERE tenant_id = $1 AND id = $2 AND status = 'onboarding'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(supplier.0).execute(&mut **conn).await.map(|r| r.rows_affected() == 1))
}

/// Moves a supplier in review back to `onboarding` (the buyer returned its profile); `false` if it was not in review.
pub async fn return_supplier(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE suppliers SET status = 'onboarding' \
         WHERE tenant_id = $1 AND id = $2 AND status = 'in_review'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(supplier.0).execute(&mut **conn).await.map(|r| r.rows_affected() == 1))
}
