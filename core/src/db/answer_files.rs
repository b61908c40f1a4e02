//! Answer files a supplier uploaded (docs/ACKNOWLEDGEMENTS.md "Answering by file"): stored as read, shown again as a
//! preview, applied once. Only the supplier's own people reach them.

use crate::db::Tx;
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::{SupplierId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A stored file.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AnswerFileRow {
    pub id: Uuid,
    pub file_name: String,
    pub content: String,
    pub applied_at: Option<OffsetDateTime>,
}

/// Stores an uploaded file of `supplier`.
pub async fn insert(
    tx: &mut Tx,
    scope: &Scope,
    supplier: SupplierId,
    user: UserId,
    id: Uuid,
    file_name: &str,
    content: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO answer_files (id, tenant_id, supplier_id, uploaded_by, file_name, content, \
                       uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(scope.tenant_id().0)
        .bind(supplier.0)
        .bind(user.0)
        .bind(file_name)
        .bind(content)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The file with this id, if it is the scope's supplier's.
pub async fn get(
    tx: &mut Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<AnswerFileRow>, sqlx::Error> {
    let Some(supplier) = scope.supplier_id() else {
        return Ok(None);
    };
    const SQL: &str = "SELECT id, file_name, content, applied_at FROM answer_files \
                       WHERE tenant_id = $1 AND supplier_id = $2 AND id = $3";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(scope.tenant_id().0)
        .bind(supplier.0)
        .bind(id)
        .fetch_optional(&mut **conn)
        .await)
}

/// Marks the file applied; `false` when it already was (a second confirmation).
pub async fn mark_applied(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<bool, sqlx::Error> {
    let Some(supplier) = scope.supplier_id() else {
        return Ok(false);
    };
    const SQL: &str = "UPDATE answer_files SET applied_at = $4 \
                       WHERE tenant_id = $1 AND supplier_id = $2 AND id = $3 AND applied_at IS NULL";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(scope.tenant_id().0)
        .bind(supplier.0)
        .bind(id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The ids of the scope's supplier's orders waiting for an answer, oldest order first (at most `limit`).
pub async fn open_orders(tx: &mut Tx, scope: &Scope, limit: i64) -> Result<Vec<Uuid>, sqlx::Error> {
    let Some(supplier) = scope.supplier_id() else {
        return Ok(Vec::new());
    };
    const SQL: &str = "SELECT id FROM purchase_orders WHERE tenant_id = $1 AND supplier_id = $2 AND status = 'new' \
                       ORDER BY order_date, number LIMIT $3";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(scope.tenant_id().0)
        .bind(supplier.0)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)
}

/// How many of the scope's supplier's orders wait for an answer.
pub async fn open_count(tx: &mut Tx, scope: &Scope) -> Result<i64, sqlx::Error> {
    let Some(supplier) = scope.supplier_id() else {
        return Ok(0);
    };
    const SQL: &str = "SELECT COUNT(*) FROM purchase_orders WHERE tenant_id = $1 AND supplier_id = $2 AND status = 'new'";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(scope.tenant_id().0)
        .bind(supplier.0)
        .fetch_one(&mut **conn)
        .await)
}
