//! Invoice attachments: the file and its label in one row (docs/SHIPPING.md "Attachments"). Tenant data; reads name
//! the supplier where the caller is one.

use crate::db::Tx;
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::{SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A file to store.
pub struct NewAttachment<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub invoice: Uuid,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub created_by: UserId,
}

/// Stores a file.
pub async fn insert(
    tx: &mut Tx,
    tenant: TenantId,
    a: &NewAttachment<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO invoice_attachments (id, tenant_id, supplier_id, invoice_id, file_name, \
            content_type, size_bytes, sha256, content, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(a.id)
        .bind(tenant.0)
        .bind(a.supplier.0)
        .bind(a.invoice)
        .bind(a.file_name)
        .bind(portico_domain::attachments::PDF)
        .bind(a.content.len() as i64)
        .bind(a.sha256)
        .bind(a.content)
        .bind(a.created_by.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// An invoice's files without their content: `(id, file name, size, added at)`, oldest first.
pub async fn of_invoice(
    tx: &mut Tx,
    tenant: TenantId,
    invoice: Uuid,
) -> Result<Vec<(Uuid, String, i64, OffsetDateTime)>, sqlx::Error> {
    const SQL: &str = "SELECT id, file_name, size_bytes, created_at FROM invoice_attachments \
         WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY created_at, id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(invoice).fetch_all(&mut **conn).await)
}

/// One file of an invoice visible in `scope`: `(file name, content)`.
pub async fn content(
    tx: &mut Tx,
    scope: &Scope,
    invoice: Uuid,
    id: Uuid,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let mut sql = "SELECT file_name, content FROM invoice_attachments \
         WHERE tenant_id = $1 AND invoice_id = $2 AND id = $3"
        .to_owned();
    if scope.supplier_id().is_some() {
        sql.push_str(" AND supplier_id = $4");
    }
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, (String, Vec<u8>)>(&sql)
            .bind(scope.tenant_id().0)
            .bind(invoice)
            .bind(id);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}
