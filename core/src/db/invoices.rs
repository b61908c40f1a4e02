//! Invoices with their lines, charges and taxes, and the buyer's match tolerances. Tenant data; reads name the
//! supplier where the caller is one. Quantities are summed in Rust (SQLite keeps decimals as text).

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::invoicing::credit::CreditReason;
use portico_domain::invoicing::{CheckedInvoice, InvoiceStatus, MatchTolerances};
use portico_domain::{SupplierId, TenantId, UserId};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The buyer's match tolerances.
pub async fn tolerances(tx: &mut Tx, tenant: TenantId) -> Result<MatchTolerances, sqlx::Error> {
    const SQL: &str =
        "SELECT price_over_pct, price_over_abs, quantity_over_pct FROM tenants WHERE id = $1";
    let (p, a, q): (DbDecimal, DbDecimal, DbDecimal) =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_one(&mut **conn).await)?;
    Ok(MatchTolerances {
        price_over_pct: p.0,
        price_over_abs: a.0,
        quantity_over_pct: q.0,
    })
}

/// Sets the buyer's match tolerances.
pub async fn save_tolerances(
    tx: &mut Tx,
    tenant: TenantId,
    t: &MatchTolerances,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE tenants SET price_over_pct = $2, price_over_abs = $3, quantity_over_pct = $4 \
         WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(DbDecimal(t.price_over_pct))
        .bind(DbDecimal(t.price_over_abs))
        .bind(DbDecimal(t.quantity_over_pct))
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// What earlier invoices charged of an order's lines, less what credit memos gave back: `(line number, quantity)`
/// per invoice or memo line, a memo's quantity negative (a price correction gives no quantity back).
pub async fn invoiced(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
) -> Result<Vec<(i32, Decimal)>, sqlx::Error> {
    const SQL: &str = "SELECT l.line_number, l.quantity, i.credit_reason FROM invoice_lines l \
         JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
         WHERE l.tenant_id = $1 AND l.purchase_order_id = $2";
    let rows: Vec<(i32, DbDecimal, Option<String>)> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0).bind(order).fetch_all(&mut **conn).await)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(line, quantity, reason)| match reason.as_deref().map(CreditReason::parse) {
                None => Some((line, quantity.0)),
                Some(Some(r)) if r.credits_quantity() => Some((line, -quantity.0)),
                Some(_) => None,
            },
        )
        .collect())
}

/// What earlier credit memos of `invoice` credited: their totals, and `(line number, quantity)` per memo line that
/// gave quantity back.
pub async fn credited(
    tx: &mut Tx,
    tenant: TenantId,
    invoice: Uuid,
) -> Result<(Decimal, Vec<(i32, Decimal)>), sqlx::Error> {
    const TOTALS: &str = "SELECT total FROM invoices WHERE tenant_id = $1 AND credit_of = $2";
    const LINES: &str = "SELECT l.line_number, l.quantity, i.credit_reason FROM invoice_lines l \
         JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
         WHERE i.tenant_id = $1 AND i.credit_of = $2";
    let totals: Vec<DbDecimal> = on_tx!(tx, conn => sqlx::query_scalar(TOTALS)
        .bind(tenant.0).bind(invoice).fetch_all(&mut **conn).await)?;
    let lines: Vec<(i32, DbDecimal, Option<String>)> = on_tx!(tx, conn => sqlx::query_as(LINES)
        .bind(tenant.0).bind(invoice).fetch_all(&mut **conn).await)?;
    Ok((
        totals.into_iter().map(|t| t.0).sum(),
        lines
            .into_iter()
            .filter(|(_, _, r)| {
                r.as_deref()
                    .and_then(CreditReason::parse)
                    .is_some_and(CreditReason::credits_quantity)
            })
            .map(|(line, quantity, _)| (line, quantity.0))
            .collect(),
    ))
}

/// A credit memo of an invoice, for the invoice's page: `(id, number, total, status)`, oldest first.
pub async fn credits_of(
    tx: &mut Tx,
    tenant: TenantId,
    invoice: Uuid,
) -> Result<Vec<(Uuid, String, DbDecimal, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, number, total, status FROM invoices \
         WHERE tenant_id = $1 AND credit_of = $2 ORDER BY created_at, id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(invoice).fetch_all(&mut **conn).await)
}

/// What receipts accepted of an order's lines: `(line number, received)` per receipt line.
pub async fn received(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
) -> Result<Vec<(i32, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT line_number, received_quantity FROM goods_receipt_lines \
         WHERE tenant_id = $1 AND purchase_order_id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(order).fetch_all(&mut **conn).await)
}

/// The invoice a form token already stored, if any.
pub async fn by_token(
    tx: &mut Tx,
    tenant: TenantId,
    token: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM invoices WHERE tenant_id = $1 AND form_token = $2";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(token).fetch_optional(&mut **conn).await)
}

/// Whether the supplier already used this invoice number (case-insensitive).
pub async fn number_taken(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    number: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM invoices \
         WHERE tenant_id = $1 AND supplier_id = $2 AND lower(number) = lower($3)";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0).bind(supplier.0).bind(number).fetch_one(&mut **conn).await)?;
    Ok(n > 0)
}

/// An invoice to store.
pub struct NewInvoice<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub order: Uuid,
    pub notice: Option<Uuid>,
    pub invoice: &'a CheckedInvoice,
    pub outcomes: &'a [(i32, &'a str)],
    pub currency: &'a str,
    pub status: InvoiceStatus,
    pub token: &'a str,
    pub correlation_id: Option<&'a str>,
    pub created_by: UserId,
    /// For a credit memo: the invoice it credits and why.
    pub credit: Option<(Uuid, CreditReason)>,
}

/// Stores an invoice with its lines, charges and taxes.
pub async fn insert(tx: &mut Tx, tenant: TenantId, n: &NewInvoice<'_>) -> Result<(), sqlx::Error> {
    const INVOICE: &str = "INSERT INTO invoices (id, tenant_id, supplier_id, number, kind, purchase_order_id, \
            ship_notice_id, invoice_date, due_date, payment_terms, currency, lines_total, charges_total, tax_total, \
            total, status, form_token, correlation_id, created_by, created_at, updated_at, credit_of, credit_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, \
            $21, $22)";
    const LINE: &str =
        "INSERT INTO invoice_lines (tenant_id, invoice_id, supplier_id, purchase_order_id, \
            line_number, quantity, unit_price, tax_rate, amount, match_outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    const CHARGE: &str =
        "INSERT INTO invoice_charges (tenant_id, invoice_id, supplier_id, position, kind, \
            description, amount, tax_rate) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    const TAX: &str =
        "INSERT INTO invoice_taxes (tenant_id, invoice_id, supplier_id, rate, taxable, amount) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    let i = n.invoice;
    let kind = match i.kind {
        portico_domain::documents::InvoiceKind::Invoice => "invoice",
        portico_domain::documents::InvoiceKind::CreditMemo => "credit_memo",
    };
    on_tx!(tx, conn => {
        sqlx::query(INVOICE)
            .bind(n.id)
            .bind(tenant.0)
            .bind(n.supplier.0)
            .bind(&i.number)
            .bind(kind)
            .bind(n.order)
            .bind(n.notice)
            .bind(i.invoice_date)
            .bind(i.due_date)
            .bind(&i.payment_terms)
            .bind(n.currency)
            .bind(DbDecimal(i.totals.lines))
            .bind(DbDecimal(i.totals.charges))
            .bind(DbDecimal(i.totals.tax))
            .bind(DbDecimal(i.totals.total))
            .bind(n.status.code())
            .bind(n.token)
            .bind(n.correlation_id)
            .bind(n.created_by.0)
            .bind(OffsetDateTime::now_utc())
            .bind(n.credit.map(|c| c.0))
            .bind(n.credit.map(|c| c.1.code()))
            .execute(&mut **conn)
            .await?;
        for l in &i.lines {
            let outcome = n.outcomes.iter().find(|(ln, _)| *ln == l.line_number).map(|o| o.1).unwrap_or("matched");
            sqlx::query(LINE)
                .bind(tenant.0)
                .bind(n.id)
                .bind(n.supplier.0)
                .bind(n.order)
                .bind(l.line_number)
                .bind(DbDecimal(l.quantity))
                .bind(DbDecimal(l.unit_price))
                .bind(DbDecimal(l.tax_rate))
                .bind(DbDecimal(l.amount))
                .bind(outcome)
                .execute(&mut **conn)
                .await?;
        }
        for (position, c) in i.charges.iter().enumerate() {
            let kind = match c.kind {
                portico_domain::documents::ChargeKind::Freight => "freight",
                portico_domain::documents::ChargeKind::Handling => "handling",
                portico_domain::documents::ChargeKind::Discount => "discount",
            };
            sqlx::query(CHARGE)
                .bind(tenant.0)
                .bind(n.id)
                .bind(n.supplier.0)
                .bind(position as i32)
                .bind(kind)
                .bind(&c.description)
                .bind(DbDecimal(c.amount))
                .bind(DbDecimal(c.tax_rate))
                .execute(&mut **conn)
                .await?;
        }
        for t in &i.taxes {
            sqlx::query(TAX)
                .bind(tenant.0)
                .bind(n.id)
                .bind(n.supplier.0)
                .bind(DbDecimal(t.rate))
                .bind(DbDecimal(t.taxable))
                .bind(DbDecimal(t.amount))
                .execute(&mut **conn)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// An invoice's header as stored, with the names around it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub number: String,
    pub kind: String,
    pub purchase_order_id: Uuid,
    pub order_number: String,
    pub order_date: Date,
    pub ship_notice_id: Option<Uuid>,
    pub notice_number: Option<String>,
    pub invoice_date: Date,
    pub due_date: Option<Date>,
    pub payment_terms: String,
    pub currency: String,
    pub lines_total: DbDecimal,
    pub charges_total: DbDecimal,
    pub tax_total: DbDecimal,
    pub total: DbDecimal,
    pub status: String,
    pub dispute_reason: Option<String>,
    pub paid_on: Option<Date>,
    pub correlation_id: Option<String>,
    pub credit_of: Option<Uuid>,
    pub credited_number: Option<String>,
    pub credit_reason: Option<String>,
}

const COLUMNS: &str = "i.id, i.supplier_id, s.code AS supplier_code, s.name AS supplier_name, t.name AS buyer_name, \
     i.number, i.kind, i.purchase_order_id, po.number AS order_number, po.order_date, i.ship_notice_id, \
     n.number AS notice_number, i.invoice_date, i.due_date, i.payment_terms, i.currency, i.lines_total, \
     i.charges_total, i.tax_total, i.total, i.status, i.dispute_reason, i.paid_on, i.correlation_id, \
     i.credit_of, ci.number AS credited_number, i.credit_reason \
     FROM invoices i JOIN tenants t ON t.id = i.tenant_id \
     JOIN suppliers s ON s.tenant_id = i.tenant_id AND s.id = i.supplier_id \
     JOIN purchase_orders po ON po.tenant_id = i.tenant_id AND po.id = i.purchase_order_id \
     LEFT JOIN ship_notices n ON n.tenant_id = i.tenant_id AND n.id = i.ship_notice_id \
     LEFT JOIN invoices ci ON ci.tenant_id = i.tenant_id AND ci.id = i.credit_of";

/// The invoice `id` visible in `scope`.
pub async fn get(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Option<InvoiceRow>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} WHERE i.tenant_id = $1 AND i.id = $2");
    if scope.supplier_id().is_some() {
        sql.push_str(" AND i.supplier_id = $3");
    }
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, InvoiceRow>(&sql).bind(scope.tenant_id().0).bind(id);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// The latest invoices visible in `scope`, newest first, at most `limit`.
pub async fn list(tx: &mut Tx, scope: &Scope, limit: i64) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} WHERE i.tenant_id = $1");
    if scope.supplier_id().is_some() {
        sql.push_str(" AND i.supplier_id = $3");
    }
    sql.push_str(" ORDER BY i.created_at DESC, i.id DESC LIMIT $2");
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, InvoiceRow>(&sql).bind(scope.tenant_id().0).bind(limit);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// A stored line.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LineRow {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub quantity: DbDecimal,
    pub unit_price: DbDecimal,
    pub order_price: DbDecimal,
    pub tax_rate: DbDecimal,
    pub amount: DbDecimal,
    pub match_outcome: String,
}

/// An invoice's lines with their order lines.
pub async fn lines(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<Vec<LineRow>, sqlx::Error> {
    const SQL: &str = "SELECT l.line_number, pl.buyer_item, pl.supplier_part, pl.description, pl.unit_of_measure, \
            l.quantity, l.unit_price, pl.unit_price AS order_price, l.tax_rate, l.amount, l.match_outcome \
         FROM invoice_lines l \
         JOIN purchase_order_lines pl ON pl.tenant_id = l.tenant_id AND pl.purchase_order_id = l.purchase_order_id \
              AND pl.line_number = l.line_number \
         WHERE l.tenant_id = $1 AND l.invoice_id = $2 ORDER BY l.line_number";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// An invoice's charges: `(kind, description, amount, tax rate)`.
pub async fn charges(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
) -> Result<Vec<(String, String, DbDecimal, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT kind, description, amount, tax_rate FROM invoice_charges \
         WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY position";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// An invoice's taxes: `(rate, taxable, amount)`.
pub async fn taxes(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
) -> Result<Vec<(DbDecimal, DbDecimal, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT rate, taxable, amount FROM invoice_taxes \
         WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY rate";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// Moves an invoice from `from` to `to` with the dispute reason or payment date. `false` when it was not in `from`.
pub async fn move_status(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    from: InvoiceStatus,
    to: InvoiceStatus,
    reason: Option<&str>,
    paid_on: Option<Date>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE invoices SET status = $4, dispute_reason = COALESCE($5, dispute_reason), \
            paid_on = COALESCE($6, paid_on), updated_at = $7 \
         WHERE tenant_id = $1 AND id = $2 AND status = $3";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(from.code())
        .bind(to.code())
        .bind(reason)
        .bind(paid_on)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Takes the invoice's row lock (PostgreSQL; SQLite writes one transaction at a time anyway) so that what is
/// decided against it next is decided once at a time.
pub async fn touch(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE invoices SET updated_at = updated_at WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query(SQL).bind(tenant.0).bind(id).execute(&mut **conn).await.map(|_| ()))
}
