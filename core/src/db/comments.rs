//! The comments thread of purchase orders. Tenant data; reads name the supplier where the caller is one.

use crate::db::Tx;
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::comments::Side;
use portico_domain::{PurchaseOrderId, SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A comment as stored, with its author's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentRow {
    pub id: Uuid,
    pub side: String,
    pub author: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

/// The thread of an order visible in `scope`, oldest first (at most the latest 500).
pub async fn thread(
    tx: &mut Tx,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT c.id, c.side, u.display_name AS author, c.body, c.created_at \
         FROM po_comments c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.tenant_id = $1 AND c.purchase_order_id = $2",
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND c.supplier_id = $3");
    }
    sql.push_str(" ORDER BY c.created_at DESC, c.id DESC LIMIT 500");
    let mut rows: Vec<CommentRow> = on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, CommentRow>(&sql).bind(scope.tenant_id().0).bind(order.0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })?;
    rows.reverse();
    Ok(rows)
}

/// The order a form token already added a comment to, if any.
pub async fn by_token(
    tx: &mut Tx,
    tenant: TenantId,
    token: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    const SQL: &str =
        "SELECT purchase_order_id FROM po_comments WHERE tenant_id = $1 AND form_token = $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(token).fetch_optional(&mut **conn).await)
}

/// A comment to store.
pub struct NewComment<'a> {
    pub id: Uuid,
    pub order: PurchaseOrderId,
    pub supplier: SupplierId,
    pub author: UserId,
    pub side: Side,
    pub body: &'a str,
    pub token: &'a str,
    pub at: OffsetDateTime,
}

/// Stores a comment.
pub async fn insert(tx: &mut Tx, tenant: TenantId, c: &NewComment<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO po_comments (id, tenant_id, purchase_order_id, supplier_id, author_id, side, \
            body, form_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(c.id)
        .bind(tenant.0)
        .bind(c.order.0)
        .bind(c.supplier.0)
        .bind(c.author.0)
        .bind(c.side.code())
        .bind(c.body)
        .bind(c.token)
        .bind(c.at)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}
