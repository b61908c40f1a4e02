//! What acknowledged order lines are promised for (`line_promises`), and supplier delay reports. Tenant data; reads
//! name the supplier where the caller is one.

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::{SupplierId, TenantId};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Sets the promises of an order's lines from an answer that took effect (`(line, date, quantity)`); lines the
/// answer rejects lose theirs.
pub async fn set_from_answer(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    order: Uuid,
    promises: &[(i32, Date, Decimal)],
) -> Result<(), sqlx::Error> {
    const CLEAR: &str = "DELETE FROM line_promises WHERE tenant_id = $1 AND purchase_order_id = $2";
    const SET: &str =
        "INSERT INTO line_promises (tenant_id, supplier_id, purchase_order_id, line_number, \
            promised_date, promised_quantity, source, updated_at) ";
    let now = OffsetDateTime::now_utc();
    on_tx!(tx, conn => {
        sqlx::query(CLEAR).bind(tenant.0).bind(order).execute(&mut **conn).await?;
        // One statement for all of them: this runs inside the supplier's answer (docs/PERFORMANCE.md, P2).
        for chunk in promises.chunks(1000) {
            let mut insert = sqlx::QueryBuilder::new(SET);
            insert.push_values(chunk, |mut row, (line, date, quantity)| {
                row.push_bind(tenant.0)
                    .push_bind(supplier.0)
                    .push_bind(order)
                    .push_bind(*line)
                    .push_bind(*date)
                    .push_bind(DbDecimal(*quantity))
                    .push_bind("acknowledgement")
                    .push_bind(now);
            });
            insert.build().execute(&mut **conn).await?;
        }
        Ok(())
    })
}

/// A promised line of an order still open for shipping (acknowledged or partly shipped).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PromiseRow {
    pub order_id: Uuid,
    pub order_number: String,
    pub supplier_id: Uuid,
    pub line_number: i32,
    pub buyer_item: String,
    pub description: String,
    pub unit_of_measure: String,
    pub promised_date: Date,
    pub promised_quantity: DbDecimal,
}

/// The promised lines of open orders visible in `scope` (a supplier: its own), by date, order and line; at most
/// 5000.
pub async fn open_promises(tx: &mut Tx, scope: &Scope) -> Result<Vec<PromiseRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT p.purchase_order_id AS order_id, po.number AS order_number, p.supplier_id, p.line_number, \
            pl.buyer_item, pl.description, pl.unit_of_measure, p.promised_date, p.promised_quantity \
         FROM line_promises p \
         JOIN purchase_orders po ON po.tenant_id = p.tenant_id AND po.id = p.purchase_order_id \
         JOIN purchase_order_lines pl ON pl.tenant_id = p.tenant_id AND pl.purchase_order_id = p.purchase_order_id \
              AND pl.line_number = p.line_number \
         WHERE p.tenant_id = $1 AND po.status IN ('acknowledged', 'partially_shipped')",
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND p.supplier_id = $2");
    }
    sql.push_str(" ORDER BY p.promised_date, po.number, p.line_number LIMIT 5000");
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, PromiseRow>(&sql).bind(scope.tenant_id().0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// Promised lines of open orders whose date is before `today` and that have no `asn_overdue` opened since their
/// promise was last set, oldest first, at most `limit`.
pub async fn past_due(
    tx: &mut Tx,
    tenant: TenantId,
    today: Date,
    limit: i64,
) -> Result<Vec<PromiseRow>, sqlx::Error> {
    const SQL: &str = "SELECT p.purchase_order_id AS order_id, po.number AS order_number, p.supplier_id, \
            p.line_number, pl.buyer_item, pl.description, pl.unit_of_measure, p.promised_date, p.promised_quantity \
         FROM line_promises p \
         JOIN purchase_orders po ON po.tenant_id = p.tenant_id AND po.id = p.purchase_order_id \
         JOIN purchase_order_lines pl ON pl.tenant_id = p.tenant_id AND pl.purchase_order_id = p.purchase_order_id \
              AND pl.line_number = p.line_number \
         WHERE p.tenant_id = $1 AND p.promised_date < $2 AND po.status IN ('acknowledged', 'partially_shipped') \
           AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.tenant_id = p.tenant_id \
                AND e.document_id = p.purchase_order_id AND e.kind = 'asn_overdue' \
                AND e.line_number = p.line_number AND e.opened_at >= p.updated_at) \
         ORDER BY p.promised_date, po.number, p.line_number LIMIT $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(today).bind(limit).fetch_all(&mut **conn).await)
}

/// The date a line is promised for, if it is.
pub async fn promised_date(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    line_number: i32,
) -> Result<Option<Date>, sqlx::Error> {
    const SQL: &str = "SELECT promised_date FROM line_promises \
         WHERE tenant_id = $1 AND purchase_order_id = $2 AND line_number = $3";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0).bind(order).bind(line_number).fetch_optional(&mut **conn).await)
}

/// Moves a line's promised date (a delay report).
pub async fn move_date(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    line_number: i32,
    date: Date,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE line_promises SET promised_date = $4, source = 'delay_report', updated_at = $5 \
         WHERE tenant_id = $1 AND purchase_order_id = $2 AND line_number = $3";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0).bind(order).bind(line_number).bind(date).bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|_| ()))
}

/// A delay report to store.
pub struct NewReport<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub new_date: Date,
    pub reason: &'a str,
    pub note: Option<&'a str>,
    pub reported_by: Uuid,
    pub token: &'a str,
    pub correlation_id: Option<&'a str>,
}

/// Stores a delay report's header.
pub async fn insert_report(
    tx: &mut Tx,
    tenant: TenantId,
    r: &NewReport<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO delay_reports (id, tenant_id, supplier_id, new_date, reason, note, reported_by, \
            form_token, correlation_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(r.id)
        .bind(tenant.0)
        .bind(r.supplier.0)
        .bind(r.new_date)
        .bind(r.reason)
        .bind(r.note)
        .bind(r.reported_by)
        .bind(r.token)
        .bind(r.correlation_id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Stores a line a report moved.
#[expect(clippy::too_many_arguments, reason = "one column each")]
pub async fn insert_report_line(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    report: Uuid,
    order: Uuid,
    line_number: i32,
    open_quantity: Decimal,
    previous: Date,
    new: Date,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO delay_report_lines (tenant_id, report_id, supplier_id, purchase_order_id, \
            line_number, open_quantity, previous_date, new_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(report)
        .bind(supplier.0)
        .bind(order)
        .bind(line_number)
        .bind(DbDecimal(open_quantity))
        .bind(previous)
        .bind(new)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The report a form token already stored, if any.
pub async fn by_token(
    tx: &mut Tx,
    tenant: TenantId,
    token: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM delay_reports WHERE tenant_id = $1 AND form_token = $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(token).fetch_optional(&mut **conn).await)
}

/// A stored report's header.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReportRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub new_date: Date,
    pub reason: String,
    pub note: Option<String>,
    pub reported_by: String,
    pub created_at: OffsetDateTime,
    pub correlation_id: Option<String>,
}

/// A stored report's line.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReportLineRow {
    pub order_id: Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub buyer_item: String,
    pub description: String,
    pub unit_of_measure: String,
    pub open_quantity: DbDecimal,
    pub previous_date: Date,
    pub new_date: Date,
}

/// Report `id` visible in `scope`, with its lines by order and line.
pub async fn report(
    tx: &mut Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<(ReportRow, Vec<ReportLineRow>)>, sqlx::Error> {
    let mut head = String::from(
        "SELECT r.id, r.supplier_id, s.code AS supplier_code, s.name AS supplier_name, t.name AS buyer_name, \
            r.new_date, r.reason, r.note, u.display_name AS reported_by, r.created_at, r.correlation_id \
         FROM delay_reports r \
         JOIN suppliers s ON s.tenant_id = r.tenant_id AND s.id = r.supplier_id \
         JOIN tenants t ON t.id = r.tenant_id \
         JOIN users u ON u.id = r.reported_by \
         WHERE r.tenant_id = $1 AND r.id = $2",
    );
    if scope.supplier_id().is_some() {
        head.push_str(" AND r.supplier_id = $3");
    }
    const LINES: &str = "SELECT l.purchase_order_id AS order_id, po.number AS order_number, l.line_number, \
            pl.buyer_item, pl.description, pl.unit_of_measure, l.open_quantity, l.previous_date, l.new_date \
         FROM delay_report_lines l \
         JOIN purchase_orders po ON po.tenant_id = l.tenant_id AND po.id = l.purchase_order_id \
         JOIN purchase_order_lines pl ON pl.tenant_id = l.tenant_id AND pl.purchase_order_id = l.purchase_order_id \
              AND pl.line_number = l.line_number \
         WHERE l.tenant_id = $1 AND l.report_id = $2 ORDER BY po.number, l.line_number";
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, ReportRow>(&head).bind(scope.tenant_id().0).bind(id);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        let Some(row) = q.fetch_optional(&mut **conn).await? else {
            return Ok(None);
        };
        let lines = sqlx::query_as::<_, ReportLineRow>(LINES)
            .bind(scope.tenant_id().0)
            .bind(id)
            .fetch_all(&mut **conn)
            .await?;
        Ok(Some((row, lines)))
    })
}
