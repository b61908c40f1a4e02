//! Goods receipts and their lines. Tenant data; reads name the supplier where the caller is one. Written only by
//! the API (the buyer's side), never changed afterwards.

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::receipts::{ReceiptLineView, ReceiptView};
use portico_domain::{SupplierId, TenantId};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The receipt with this reference: `(id, request hash)`.
pub async fn by_reference(
    tx: &mut Tx,
    tenant: TenantId,
    reference: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, request_hash FROM goods_receipts WHERE tenant_id = $1 AND reference = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(reference).fetch_optional(&mut **conn).await)
}

/// The ship notice with this number: `(id, status, supplier)`.
pub async fn notice_by_number(
    tx: &mut Tx,
    tenant: TenantId,
    number: &str,
) -> Result<Option<(Uuid, String, Uuid)>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, status, supplier_id FROM ship_notices WHERE tenant_id = $1 AND number = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(number).fetch_optional(&mut **conn).await)
}

/// Whether the order has this line.
pub async fn order_line_exists(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    line_number: i32,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM purchase_order_lines \
         WHERE tenant_id = $1 AND purchase_order_id = $2 AND line_number = $3";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0).bind(order).bind(line_number).fetch_one(&mut **conn).await)?;
    Ok(n > 0)
}

/// What the notice ships of this order line (`None` when it does not ship it).
pub async fn shipped_on_notice(
    tx: &mut Tx,
    tenant: TenantId,
    notice: Uuid,
    order: Uuid,
    line_number: i32,
) -> Result<Option<Decimal>, sqlx::Error> {
    const SQL: &str = "SELECT quantity FROM ship_notice_lines \
         WHERE tenant_id = $1 AND ship_notice_id = $2 AND purchase_order_id = $3 AND line_number = $4";
    let found: Option<DbDecimal> = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0).bind(notice).bind(order).bind(line_number).fetch_optional(&mut **conn).await)?;
    Ok(found.map(|d| d.0))
}

/// A receipt to store.
pub struct NewReceipt<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub reference: &'a str,
    pub ship_notice: Option<Uuid>,
    pub received_on: Date,
    pub request_hash: &'a str,
    pub correlation_id: Option<&'a str>,
}

/// Stores a receipt's header.
pub async fn insert(tx: &mut Tx, tenant: TenantId, r: &NewReceipt<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO goods_receipts (id, tenant_id, supplier_id, reference, ship_notice_id, \
            received_on, request_hash, correlation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(r.id)
        .bind(tenant.0)
        .bind(r.supplier.0)
        .bind(r.reference)
        .bind(r.ship_notice)
        .bind(r.received_on)
        .bind(r.request_hash)
        .bind(r.correlation_id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// A received line to store.
pub struct NewLine<'a> {
    pub order: Uuid,
    pub line_number: i32,
    pub received: Decimal,
    pub rejected: Decimal,
    pub reason: Option<&'a str>,
}

/// Stores a received line.
pub async fn insert_line(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    receipt: Uuid,
    l: &NewLine<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO goods_receipt_lines (tenant_id, receipt_id, supplier_id, purchase_order_id, \
            line_number, received_quantity, rejected_quantity, reject_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(receipt)
        .bind(supplier.0)
        .bind(l.order)
        .bind(l.line_number)
        .bind(DbDecimal(l.received))
        .bind(DbDecimal(l.rejected))
        .bind(l.reason)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The supplier of a receipt: `(id, code, name)`.
pub async fn supplier_of(
    tx: &mut Tx,
    tenant: TenantId,
    receipt: Uuid,
) -> Result<(Uuid, String, String), sqlx::Error> {
    const SQL: &str = "SELECT s.id, s.code, s.name FROM goods_receipts r \
         JOIN suppliers s ON s.tenant_id = r.tenant_id AND s.id = r.supplier_id \
         WHERE r.tenant_id = $1 AND r.id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(receipt).fetch_one(&mut **conn).await)
}

/// Which receipts to read.
#[derive(Clone, Copy, Debug)]
pub enum Filter {
    Receipt(Uuid),
    Order(Uuid),
    Notice(Uuid),
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    reference: String,
    received_on: Date,
    ship_notice_id: Option<Uuid>,
    notice_number: Option<String>,
    purchase_order_id: Uuid,
    order_number: String,
    line_number: i32,
    buyer_item: String,
    unit_of_measure: String,
    received_quantity: DbDecimal,
    rejected_quantity: DbDecimal,
    reject_reason: Option<String>,
}

/// Receipts visible in `scope` matching `filter`, oldest first, each with its lines (for an order filter, only that
/// order's lines).
pub async fn receipts(
    tx: &mut Tx,
    scope: &Scope,
    filter: Filter,
) -> Result<Vec<ReceiptView>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT r.id, r.reference, r.received_on, r.ship_notice_id, n.number AS notice_number, \
                l.purchase_order_id, po.number AS order_number, l.line_number, pl.buyer_item, pl.unit_of_measure, \
                l.received_quantity, l.rejected_quantity, l.reject_reason \
         FROM goods_receipts r \
         JOIN goods_receipt_lines l ON l.tenant_id = r.tenant_id AND l.receipt_id = r.id \
         JOIN purchase_orders po ON po.tenant_id = l.tenant_id AND po.id = l.purchase_order_id \
         JOIN purchase_order_lines pl ON pl.tenant_id = l.tenant_id AND pl.purchase_order_id = l.purchase_order_id \
              AND pl.line_number = l.line_number \
         LEFT JOIN ship_notices n ON n.tenant_id = r.tenant_id AND n.id = r.ship_notice_id \
         WHERE r.tenant_id = $1",
    );
    sql.push_str(match filter {
        Filter::Receipt(_) => " AND r.id = $2",
        Filter::Order(_) => " AND l.purchase_order_id = $2",
        Filter::Notice(_) => " AND r.ship_notice_id = $2",
    });
    if scope.supplier_id().is_some() {
        sql.push_str(" AND r.supplier_id = $3");
    }
    sql.push_str(
        " ORDER BY r.received_on, r.created_at, r.id, po.number, l.line_number LIMIT 2000",
    );
    let key = match filter {
        Filter::Receipt(id) | Filter::Order(id) | Filter::Notice(id) => id,
    };
    let rows: Vec<Row> = on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, Row>(&sql).bind(scope.tenant_id().0).bind(key);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })?;
    let mut out: Vec<ReceiptView> = Vec::new();
    for r in rows {
        let line = ReceiptLineView {
            order_id: r.purchase_order_id,
            order_number: r.order_number,
            line_number: r.line_number,
            buyer_item: r.buyer_item,
            unit_of_measure: r.unit_of_measure,
            received: r.received_quantity.0,
            rejected: r.rejected_quantity.0,
            reject_reason: r.reject_reason,
        };
        match out.last_mut() {
            Some(last) if last.id == r.id => last.lines.push(line),
            _ => out.push(ReceiptView {
                id: r.id,
                reference: r.reference,
                received_on: r.received_on,
                ship_notice: r.ship_notice_id.zip(r.notice_number),
                lines: vec![line],
            }),
        }
    }
    Ok(out)
}
