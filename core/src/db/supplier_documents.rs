//! Suppliers' compliance documents (docs/SUPPLIERS.md "Compliance documents"): the file and its facts in one row.
//! Tenant data; every statement names the tenant, and the supplier where the caller is one.

use crate::db::Tx;
use crate::on_tx;
use portico_domain::{SupplierId, TenantId, UserId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A document to store.
pub struct NewDocument<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub kind: &'a str,
    pub title: &'a str,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: UserId,
    pub uploaded_at: OffsetDateTime,
}

/// Stores a document.
pub async fn insert(tx: &mut Tx, tenant: TenantId, d: &NewDocument<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO supplier_documents (id, tenant_id, supplier_id, kind, title, issued_on, \
            expires_on, file_name, size_bytes, sha256, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(d.id)
        .bind(tenant.0)
        .bind(d.supplier.0)
        .bind(d.kind)
        .bind(d.title)
        .bind(d.issued_on)
        .bind(d.expires_on)
        .bind(d.file_name)
        .bind(d.content.len() as i64)
        .bind(d.sha256)
        .bind(d.content)
        .bind(d.uploaded_by.0)
        .bind(d.uploaded_at)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Marks document `old` of `supplier` as replaced by `new`; `false` when it is not the supplier's or was replaced
/// already.
pub async fn replace(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    old: Uuid,
    new: Uuid,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE supplier_documents SET replaced_by = $4, replaced_at = $5 \
         WHERE tenant_id = $1 AND supplier_id = $2 AND id = $3 AND replaced_at IS NULL";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(old)
        .bind(new)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// A document's facts (never its content) with the names the pages show.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_name: String,
    pub kind: String,
    pub title: String,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub file_name: String,
    pub size_bytes: i64,
    pub uploaded_by_name: String,
    pub uploaded_at: OffsetDateTime,
    pub replaced_at: Option<OffsetDateTime>,
}

const COLUMNS: &str = "SELECT d.id, d.supplier_id, s.name AS supplier_name, d.kind, d.title, d.issued_on, \
        d.expires_on, d.file_name, d.size_bytes, u.display_name AS uploaded_by_name, d.uploaded_at, d.replaced_at \
     FROM supplier_documents d \
     JOIN suppliers s ON s.tenant_id = d.tenant_id AND s.id = d.supplier_id \
     JOIN users u ON u.id = d.uploaded_by";

/// Every document of `supplier`, replaced ones included, newest first (at most 500).
pub async fn of_supplier(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    let sql = format!(
        "{COLUMNS} WHERE d.tenant_id = $1 AND d.supplier_id = $2 \
         ORDER BY d.uploaded_at DESC, d.id DESC LIMIT 500"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(tenant.0).bind(supplier.0).fetch_all(&mut **conn).await)
}

/// The tenant's documents in force; with `expiring_by`, only those expiring on or before that day (at most 1000,
/// soonest expiry first).
pub async fn in_force(
    tx: &mut Tx,
    tenant: TenantId,
    expiring_by: Option<Date>,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    let sql = format!(
        "{COLUMNS} WHERE d.tenant_id = $1 AND d.replaced_at IS NULL{} \
         ORDER BY d.expires_on, d.id LIMIT 1000",
        if expiring_by.is_some() {
            " AND d.expires_on <= $2"
        } else {
            ""
        }
    );
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as(&sql).bind(tenant.0);
        if let Some(day) = expiring_by {
            q = q.bind(day);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// One document visible in the caller's scope: `(file name, content)`.
pub async fn content(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Option<SupplierId>,
    id: Uuid,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let sql = format!(
        "SELECT file_name, content FROM supplier_documents WHERE tenant_id = $1 AND id = $2{}",
        if supplier.is_some() {
            " AND supplier_id = $3"
        } else {
            ""
        }
    );
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as(&sql).bind(tenant.0).bind(id);
        if let Some(s) = supplier {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// A document in force that may need an expiry reminder: `(id, supplier, title, kind, expires on, last reminder
/// sent in days before expiry)`.
pub type ReminderRow = (Uuid, Uuid, String, String, Date, Option<i64>);

/// The tenant's documents in force with an expiry reminder due (at most 500, soonest first): expiring between
/// `from` and `by` (the first stage), not yet reminded, or reminded at an earlier stage while a later one is due —
/// `stages` are the later stages as `(days before expiry, the expiry date at which that stage is due)`. Documents
/// that expired before `from`, or that have had every reminder due, are left out, so they never crowd out those
/// still due (documents are never deleted).
pub async fn expiring(
    tx: &mut Tx,
    tenant: TenantId,
    from: Date,
    by: Date,
    stages: &[(i64, Date)],
) -> Result<Vec<ReminderRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT id, supplier_id, title, kind, expires_on, reminded_days FROM supplier_documents \
         WHERE tenant_id = $1 AND replaced_at IS NULL AND expires_on IS NOT NULL \
            AND expires_on >= $2 AND expires_on <= $3 AND (reminded_days IS NULL",
    );
    for i in 0..stages.len() {
        let n = 4 + 2 * i;
        sql.push_str(&format!(
            " OR (reminded_days > ${n} AND expires_on <= ${})",
            n + 1
        ));
    }
    sql.push_str(") ORDER BY expires_on, id LIMIT 500");
    on_tx!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(tenant.0).bind(from).bind(by);
        for (days, due_at) in stages {
            query = query.bind(*days).bind(*due_at);
        }
        query.fetch_all(&mut **conn).await
    })
}

/// Records that the reminder for `days` before expiry was sent; `false` when another server recorded it (or a
/// later one) first.
pub async fn record_reminder(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    days: i64,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE supplier_documents SET reminded_days = $3, reminded_at = $4 \
         WHERE tenant_id = $1 AND id = $2 AND (reminded_days IS NULL OR reminded_days > $3)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(days)
        .bind(at)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}
