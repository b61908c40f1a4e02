//! Scorecard facts read from the documents for a range of days, and the materialised counters per supplier and day
//! (`scorecard_days`). Tenant data, buyer side; a supplier's reads name its supplier. Quantities are compared and
//! summed in Rust (SQLite keeps decimals as text).

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use portico_domain::TenantId;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A supplier's first answer to an order version answered in the range: `(supplier, answered at, the version
/// arrived at, with changes)`.
pub type AnswerRow = (Uuid, OffsetDateTime, OffsetDateTime, bool);

/// The first answers to order versions given in `[from, to)`, with when each version arrived.
pub async fn first_answers(
    tx: &mut Tx,
    tenant: TenantId,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<AnswerRow>, sqlx::Error> {
    const SQL: &str = "SELECT a.supplier_id, a.submitted_at, COALESCE(v.replaced_at, po.created_at) AS arrived, \
            CASE WHEN a.kind = 'accepted_with_changes' THEN 1 ELSE 0 END AS changed \
         FROM po_acknowledgements a \
         JOIN purchase_orders po ON po.tenant_id = a.tenant_id AND po.id = a.purchase_order_id \
         LEFT JOIN purchase_order_versions v ON v.tenant_id = a.tenant_id \
              AND v.purchase_order_id = a.purchase_order_id AND v.version = a.order_version - 1 \
         WHERE a.tenant_id = $1 AND a.submitted_at >= $2 AND a.submitted_at < $3 \
           AND NOT EXISTS (SELECT 1 FROM po_acknowledgements b WHERE b.tenant_id = a.tenant_id \
                AND b.purchase_order_id = a.purchase_order_id AND b.order_version = a.order_version \
                AND b.submitted_at < a.submitted_at)";
    let rows: Vec<(Uuid, OffsetDateTime, OffsetDateTime, i32)> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)?;
    Ok(rows
        .into_iter()
        .map(|(s, at, arrived, c)| (s, at, arrived, c != 0))
        .collect())
}

/// A line promised for a day in the range: `(supplier, order, line, promised date, promised quantity)`.
pub type DueRow = (Uuid, Uuid, i32, Date, DbDecimal);

/// The lines of orders (not cancelled) promised for `[from, to)`.
pub async fn due_lines(
    tx: &mut Tx,
    tenant: TenantId,
    from: Date,
    to: Date,
) -> Result<Vec<DueRow>, sqlx::Error> {
    const SQL: &str = "SELECT p.supplier_id, p.purchase_order_id, p.line_number, p.promised_date, \
            p.promised_quantity \
         FROM line_promises p JOIN purchase_orders po ON po.tenant_id = p.tenant_id AND po.id = p.purchase_order_id \
         WHERE p.tenant_id = $1 AND p.promised_date >= $2 AND p.promised_date < $3 AND po.status <> 'cancelled'";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// What was received of the lines promised for `[from, to)`: `(order, line, received on, accepted quantity)`.
pub async fn receipts_of_due(
    tx: &mut Tx,
    tenant: TenantId,
    from: Date,
    to: Date,
) -> Result<Vec<(Uuid, i32, Date, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT l.purchase_order_id, l.line_number, r.received_on, l.received_quantity \
         FROM goods_receipt_lines l \
         JOIN goods_receipts r ON r.tenant_id = l.tenant_id AND r.id = l.receipt_id \
         JOIN line_promises p ON p.tenant_id = l.tenant_id AND p.purchase_order_id = l.purchase_order_id \
              AND p.line_number = l.line_number \
         WHERE l.tenant_id = $1 AND p.promised_date >= $2 AND p.promised_date < $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// Notices whose first receipt is dated in `[from, to)`: `(supplier, submitted at, first received on)`.
pub async fn notices_received(
    tx: &mut Tx,
    tenant: TenantId,
    from: Date,
    to: Date,
) -> Result<Vec<(Uuid, Option<OffsetDateTime>, Date)>, sqlx::Error> {
    const SQL: &str = "SELECT n.supplier_id, n.submitted_at, r.received_on \
         FROM goods_receipts r JOIN ship_notices n ON n.tenant_id = r.tenant_id AND n.id = r.ship_notice_id \
         WHERE r.tenant_id = $1 AND r.received_on >= $2 AND r.received_on < $3 \
           AND NOT EXISTS (SELECT 1 FROM goods_receipts e WHERE e.tenant_id = r.tenant_id \
                AND e.ship_notice_id = r.ship_notice_id \
                AND (e.received_on < r.received_on OR (e.received_on = r.received_on AND e.id < r.id)))";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// An invoice line of an invoice submitted in the range: `(supplier, invoice, submitted at, match outcome, unit
/// price, order price)`.
pub type InvoiceLineRow = (Uuid, Uuid, OffsetDateTime, String, DbDecimal, DbDecimal);

/// The lines of invoices (not credit memos) submitted in `[from, to)`.
pub async fn invoice_lines(
    tx: &mut Tx,
    tenant: TenantId,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<InvoiceLineRow>, sqlx::Error> {
    const SQL: &str = "SELECT i.supplier_id, i.id, i.created_at, l.match_outcome, l.unit_price, pl.unit_price \
         FROM invoices i \
         JOIN invoice_lines l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id \
         JOIN purchase_order_lines pl ON pl.tenant_id = i.tenant_id AND pl.purchase_order_id = i.purchase_order_id \
              AND pl.line_number = l.line_number \
         WHERE i.tenant_id = $1 AND i.kind = 'invoice' AND i.created_at >= $2 AND i.created_at < $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// Delay reports sent in `[from, to)`: `(supplier, sent at)`.
pub async fn delay_reports(
    tx: &mut Tx,
    tenant: TenantId,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<(Uuid, OffsetDateTime)>, sqlx::Error> {
    const SQL: &str = "SELECT supplier_id, created_at FROM delay_reports \
         WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// A supplier's counters of one day, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DayRow {
    pub supplier_id: Uuid,
    pub day: Date,
    /// The hours to each first answer, comma-separated.
    pub ack_hours: String,
    pub acks_on_time: i32,
    pub lines_due: i32,
    pub lines_on_time_in_full: i32,
    pub quantity_due: DbDecimal,
    pub quantity_received: DbDecimal,
    pub notices_received: i32,
    pub notices_before_receipt: i32,
    pub invoices: i32,
    pub invoices_matched: i32,
    pub invoice_lines: i32,
    pub invoice_lines_price_ok: i32,
    pub changes: i32,
    pub delays: i32,
}

/// Replaces the stored counters of `[from, to)` with `rows` (a recomputation of those days).
pub async fn replace_days(
    tx: &mut Tx,
    tenant: TenantId,
    from: Date,
    to: Date,
    rows: &[DayRow],
) -> Result<(), sqlx::Error> {
    const CLEAR: &str =
        "DELETE FROM scorecard_days WHERE tenant_id = $1 AND day >= $2 AND day < $3";
    const INSERT: &str = "INSERT INTO scorecard_days (tenant_id, supplier_id, day, ack_hours, acks_on_time, \
            lines_due, lines_on_time_in_full, quantity_due, quantity_received, notices_received, \
            notices_before_receipt, invoices, invoices_matched, invoice_lines, invoice_lines_price_ok, changes, \
            delays, computed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
        sqlx::query(CLEAR).bind(tenant.0).bind(from).bind(to).execute(&mut **conn).await?;
        for r in rows {
            sqlx::query(INSERT)
                .bind(tenant.0)
                .bind(r.supplier_id)
                .bind(r.day)
                .bind(&r.ack_hours)
                .bind(r.acks_on_time)
                .bind(r.lines_due)
                .bind(r.lines_on_time_in_full)
                .bind(r.quantity_due)
                .bind(r.quantity_received)
                .bind(r.notices_received)
                .bind(r.notices_before_receipt)
                .bind(r.invoices)
                .bind(r.invoices_matched)
                .bind(r.invoice_lines)
                .bind(r.invoice_lines_price_ok)
                .bind(r.changes)
                .bind(r.delays)
                .bind(now)
                .execute(&mut **conn)
                .await?;
        }
        Ok(())
    })
}

/// The stored counters of `[from, to)`, of one supplier or all.
pub async fn days(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Option<Uuid>,
    from: Date,
    to: Date,
) -> Result<Vec<DayRow>, sqlx::Error> {
    const SQL: &str = "SELECT supplier_id, day, ack_hours, acks_on_time, lines_due, lines_on_time_in_full, \
            quantity_due, quantity_received, notices_received, notices_before_receipt, invoices, invoices_matched, \
            invoice_lines, invoice_lines_price_ok, changes, delays \
         FROM scorecard_days WHERE tenant_id = $1 AND ($2 IS NULL OR supplier_id = $2) AND day >= $3 AND day < $4 \
         ORDER BY day";
    on_tx!(tx, conn => sqlx::query_as::<_, DayRow>(SQL)
        .bind(tenant.0).bind(supplier).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// The last day with stored counters, if any.
pub async fn last_day(tx: &mut Tx, tenant: TenantId) -> Result<Option<Date>, sqlx::Error> {
    const SQL: &str =
        "SELECT day FROM scorecard_days WHERE tenant_id = $1 ORDER BY day DESC LIMIT 1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).fetch_optional(&mut **conn).await)
}

/// The day of the tenant's first answer, if any (where a first materialisation starts).
pub async fn first_fact(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    const SQL: &str = "SELECT submitted_at FROM po_acknowledgements WHERE tenant_id = $1 \
         ORDER BY submitted_at LIMIT 1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).fetch_optional(&mut **conn).await)
}

/// A supplier's lines promised for `[from, to)` with their orders: `(order, number, line, promised date, promised
/// quantity)`, by date and order.
pub async fn due_lines_of(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
    from: Date,
    to: Date,
) -> Result<Vec<(Uuid, String, i32, Date, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT p.purchase_order_id, po.number, p.line_number, p.promised_date, p.promised_quantity \
         FROM line_promises p JOIN purchase_orders po ON po.tenant_id = p.tenant_id AND po.id = p.purchase_order_id \
         WHERE p.tenant_id = $1 AND p.supplier_id = $2 AND p.promised_date >= $3 AND p.promised_date < $4 \
           AND po.status <> 'cancelled' \
         ORDER BY p.promised_date, po.number, p.line_number LIMIT 500";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0).bind(supplier).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// A supplier's invoices submitted in `[from, to)` that did not match at once: `(id, number, status)`.
pub async fn missed_invoices(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT i.id, i.number, i.status FROM invoices i \
         WHERE i.tenant_id = $1 AND i.supplier_id = $2 AND i.kind = 'invoice' AND i.created_at >= $3 \
           AND i.created_at < $4 AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.tenant_id = i.tenant_id \
                AND l.invoice_id = i.id AND l.match_outcome <> 'matched') \
         ORDER BY i.created_at, i.number LIMIT 200";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0).bind(supplier).bind(from).bind(to).fetch_all(&mut **conn).await)
}

/// The tenant's suppliers: `(id, name)`, by name.
pub async fn suppliers(tx: &mut Tx, tenant: TenantId) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, name FROM suppliers WHERE tenant_id = $1 ORDER BY name, id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// The names of a supplier and of the buyer organisation.
pub async fn names(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
) -> Result<(String, String), sqlx::Error> {
    const SQL: &str =
        "SELECT s.name, t.name FROM suppliers s JOIN tenants t ON t.id = s.tenant_id \
         WHERE s.tenant_id = $1 AND s.id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(supplier).fetch_one(&mut **conn).await)
}

/// The buyer's KPI thresholds: `(kpi, threshold, set at)`.
pub async fn thresholds(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Vec<(String, DbDecimal, OffsetDateTime)>, sqlx::Error> {
    const SQL: &str =
        "SELECT kpi, threshold, set_at FROM scorecard_thresholds WHERE tenant_id = $1 ORDER BY kpi";
    on_tx!(tx, conn => sqlx::query_as::<_, (String, DbDecimal, OffsetDateTime)>(SQL)
        .bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Replaces the buyer's thresholds. A threshold whose value does not change keeps the time it was set (a month is
/// measured against the thresholds set before it ended); a KPI with `None` has none.
pub async fn save_thresholds(
    tx: &mut Tx,
    tenant: TenantId,
    thresholds: &[(&str, Option<Decimal>)],
    by: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const CLEAR: &str = "DELETE FROM scorecard_thresholds WHERE tenant_id = $1 AND kpi = $2";
    const UPSERT: &str = "INSERT INTO scorecard_thresholds (tenant_id, kpi, threshold, set_at, set_by) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant_id, kpi) DO UPDATE SET threshold = excluded.threshold, set_at = excluded.set_at, \
            set_by = excluded.set_by \
         WHERE scorecard_thresholds.threshold <> excluded.threshold";
    on_tx!(tx, conn => {
        for (kpi, value) in thresholds {
            match value {
                None => {
                    sqlx::query(CLEAR).bind(tenant.0).bind(*kpi).execute(&mut **conn).await?;
                }
                Some(v) => {
                    sqlx::query(UPSERT)
                        .bind(tenant.0)
                        .bind(*kpi)
                        .bind(DbDecimal(*v))
                        .bind(now)
                        .bind(by)
                        .execute(&mut **conn)
                        .await?;
                }
            }
        }
        Ok(())
    })
}
