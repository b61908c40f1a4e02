//! Suppliers as the buyer manages them (docs/SUPPLIERS.md "Onboarding"): adding one, the list with its status and
//! people, and activation. Tenant data written only in the buyer's context (PostgreSQL's policy refuses it in a
//! supplier's).

use crate::db::tokens::Purpose;
use crate::db::{Tx, TxInner};
use crate::on_tx;
use portico_domain::{SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// Adds a supplier in `onboarding`; `false` when the tenant already has a supplier with this code.
pub async fn insert_onboarding(
    tx: &mut Tx,
    tenant: TenantId,
    id: SupplierId,
    code: &str,
    name: &str,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO suppliers (id, tenant_id, code, name, created_at, status) \
         VALUES ($1, $2, $3, $4, $5, 'onboarding') ON CONFLICT (tenant_id, code) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id.0)
        .bind(tenant.0)
        .bind(code)
        .bind(name)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// A supplier on the buyer's list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SupplierRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub status: String,
    pub people: i64,
    pub invited: i64,
    pub created_at: OffsetDateTime,
    pub activated_at: Option<OffsetDateTime>,
    pub profile_pending: bool,
}

/// The tenant's suppliers with how many people sign in for each and how many invitations wait (at most 2000).
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    now: OffsetDateTime,
) -> Result<Vec<SupplierRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.id, s.code, s.name, s.status, \
            (SELECT COUNT(*) FROM memberships m WHERE m.tenant_id = s.tenant_id AND m.supplier_id = s.id) AS people, \
            (SELECT COUNT(*) FROM auth_tokens t WHERE t.tenant_id = s.tenant_id AND t.supplier_id = s.id \
               AND t.purpose = '{}' AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $2) AS invited, \
            s.created_at, s.activated_at, \
            EXISTS (SELECT 1 FROM supplier_profile_changes c WHERE c.tenant_id = s.tenant_id \
               AND c.supplier_id = s.id AND c.status = 'pending') AS profile_pending \
         FROM suppliers s WHERE s.tenant_id = $1 ORDER BY s.name, s.id LIMIT 2000",
        Purpose::Invitation.code()
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(now).fetch_all(&mut **conn).await)
}

/// A supplier's code, name and status.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: SupplierId,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT code, name, status FROM suppliers WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id.0).fetch_optional(&mut **conn).await)
}

/// Makes a supplier in status `from` (`onboarding` or `in_review`) `active`; `false` when its status was another
/// by the time of the write (active already, or submitted for review meanwhile).
pub async fn activate(
    tx: &mut Tx,
    tenant: TenantId,
    id: SupplierId,
    from: &str,
    by: UserId,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE suppliers SET status = 'active', activated_at = $3, activated_by = $4 \
         WHERE tenant_id = $1 AND id = $2 AND status = $5";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id.0)
        .bind(at)
        .bind(by.0)
        .bind(from)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Makes writes of one supplier's master data (bank change requests, profile saves) wait for each other until their
/// transactions end, so a second one withdraws the first instead of colliding with it on a one-pending index.
/// SQLite's write transactions already run one at a time (`BEGIN IMMEDIATE`); PostgreSQL takes a
/// transaction-scoped advisory lock on the supplier (no table privilege or policy involved).
pub async fn serialise_master_data(tx: &mut Tx, supplier: SupplierId) -> Result<(), sqlx::Error> {
    match &mut tx.inner {
        TxInner::Sqlite(_) => Ok(()),
        TxInner::Postgres(conn) => {
            let key =
                i64::from_be_bytes(supplier.0.as_bytes()[8..16].try_into().unwrap_or_default());
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(key)
                .execute(&mut **conn)
                .await
                .map(|_| ())
        }
    }
}
