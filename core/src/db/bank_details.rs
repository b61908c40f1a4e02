//! Suppliers' bank accounts and the requests that change them (docs/SUPPLIERS.md "Bank details"). Tenant data; every
//! statement names the tenant and the supplier. The account row is written only by [`approve`], in the buyer's
//! context (PostgreSQL's policy refuses it in a supplier's).

use crate::db::Tx;
use crate::on_tx;
use portico_domain::{SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// The account fields, as stored (numbers and BIC without spaces): `scheme` (`iban`, `us_aba`, `ca_eft`), the IBAN
/// or local account number, a domestic account's routing code, the BIC (optional for a domestic account).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRow {
    pub holder: String,
    pub scheme: String,
    pub account_number: String,
    pub routing_code: Option<String>,
    pub bic: Option<String>,
    pub bank_name: String,
}

/// The account in force and when it was approved.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CurrentRow {
    #[sqlx(flatten)]
    pub account: AccountRow,
    pub approved_at: OffsetDateTime,
}

/// The supplier's account in force, if it has one.
pub async fn current(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<CurrentRow>, sqlx::Error> {
    const SQL: &str =
        "SELECT holder, scheme, account_number, routing_code, bic, bank_name, approved_at \
         FROM supplier_bank_accounts \
         WHERE tenant_id = $1 AND supplier_id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(supplier.0).fetch_optional(&mut **conn).await)
}

/// A request with the names of the people involved and the supplier's.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_code: String,
    pub supplier_name: String,
    #[sqlx(flatten)]
    pub account: AccountRow,
    pub status: String,
    pub requested_by: Uuid,
    pub requested_by_name: String,
    pub requested_at: OffsetDateTime,
    pub verified_at: OffsetDateTime,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
}

const CHANGE_COLUMNS: &str = "SELECT c.id, c.supplier_id, s.code AS supplier_code, s.name AS supplier_name, \
        c.holder, c.scheme, c.account_number, c.routing_code, c.bic, c.bank_name, c.status, c.requested_by, r.display_name AS requested_by_name, \
        c.requested_at, c.verified_at, d.display_name AS decided_by_name, c.decided_at, c.reason \
     FROM supplier_bank_changes c \
     JOIN suppliers s ON s.tenant_id = c.tenant_id AND s.id = c.supplier_id \
     JOIN users r ON r.id = c.requested_by \
     LEFT JOIN users d ON d.id = c.decided_by";

/// Request `id` of the tenant (of `supplier` when the caller is a supplier).
pub async fn change(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Option<SupplierId>,
    id: Uuid,
) -> Result<Option<ChangeRow>, sqlx::Error> {
    let sql = format!(
        "{CHANGE_COLUMNS} WHERE c.tenant_id = $1 AND c.id = $2{}",
        if supplier.is_some() {
            " AND c.supplier_id = $3"
        } else {
            ""
        }
    );
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, ChangeRow>(&sql).bind(tenant.0).bind(id);
        if let Some(s) = supplier {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// The supplier's requests, newest first (at most 20).
pub async fn history(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    let sql = format!(
        "{CHANGE_COLUMNS} WHERE c.tenant_id = $1 AND c.supplier_id = $2 ORDER BY c.requested_at DESC LIMIT 20"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(supplier.0).fetch_all(&mut **conn).await)
}

/// Every pending request of the tenant, oldest first (at most 200).
pub async fn pending(tx: &mut Tx, tenant: TenantId) -> Result<Vec<ChangeRow>, sqlx::Error> {
    let sql = format!(
        "{CHANGE_COLUMNS} WHERE c.tenant_id = $1 AND c.status = 'pending' ORDER BY c.requested_at LIMIT 200"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Withdraws the supplier's pending request, if any; returns its id.
pub async fn withdraw_pending(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    by: UserId,
    at: OffsetDateTime,
) -> Result<Option<Uuid>, sqlx::Error> {
    const SQL: &str =
        "UPDATE supplier_bank_changes SET status = 'withdrawn', decided_by = $3, decided_at = $4 \
         WHERE tenant_id = $1 AND supplier_id = $2 AND status = 'pending' RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(supplier.0).bind(by.0).bind(at)
        .fetch_optional(&mut **conn).await)
}

/// A new pending request.
pub struct NewChange<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub account: &'a AccountRow,
    pub requested_by: UserId,
    pub at: OffsetDateTime,
    pub verified_at: OffsetDateTime,
    pub correlation_id: Option<&'a str>,
}

pub async fn insert_change(
    tx: &mut Tx,
    tenant: TenantId,
    c: &NewChange<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO supplier_bank_changes (id, tenant_id, supplier_id, holder, scheme, account_number, \
            routing_code, bic, bank_name, status, requested_by, requested_at, verified_at, correlation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12, $13)";
    let a = c.account;
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(c.id).bind(tenant.0).bind(c.supplier.0).bind(&a.holder).bind(&a.scheme).bind(&a.account_number)
        .bind(&a.routing_code).bind(&a.bic).bind(&a.bank_name).bind(c.requested_by.0).bind(c.at)
        .bind(c.verified_at).bind(c.correlation_id)
        .execute(&mut **conn).await.map(|_| ()))
}

/// Decides a pending request (`approved` or `rejected`); false when it is no longer pending (decided meanwhile).
pub async fn decide(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    status: &str,
    by: UserId,
    at: OffsetDateTime,
    reason: Option<&str>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE supplier_bank_changes SET status = $3, decided_by = $4, decided_at = $5, reason = $6 \
         WHERE tenant_id = $1 AND id = $2 AND status = 'pending'";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(id).bind(status).bind(by.0).bind(at).bind(reason)
        .execute(&mut **conn).await.map(|r| r.rows_affected() == 1))
}

/// Puts an approved request's account in force for its supplier.
pub async fn set_account(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    account: &AccountRow,
    change: Uuid,
    by: UserId,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO supplier_bank_accounts (tenant_id, supplier_id, holder, scheme, account_number, \
            routing_code, bic, bank_name, change_id, approved_by, approved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (tenant_id, supplier_id) DO UPDATE SET holder = excluded.holder, scheme = excluded.scheme, \
            account_number = excluded.account_number, routing_code = excluded.routing_code, bic = excluded.bic, \
            bank_name = excluded.bank_name, change_id = excluded.change_id, approved_by = excluded.approved_by, \
            approved_at = excluded.approved_at";
    let a = account;
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0).bind(supplier.0).bind(&a.holder).bind(&a.scheme).bind(&a.account_number)
        .bind(&a.routing_code).bind(&a.bic).bind(&a.bank_name).bind(change).bind(by.0).bind(at)
        .execute(&mut **conn).await.map(|_| ()))
}
