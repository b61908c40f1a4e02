//! Advance ship notices, their lines and packages, the supplier's SSCC numbering and the buyer's shipping rules.
//! Tenant data; reads name the supplier where the caller is one. Quantities are summed in Rust, not in SQL (SQLite
//! keeps decimals as text and would sum them as floats).

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::shipping::ShippingPolicy;
use portico_domain::{SupplierId, TenantId, UserId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The buyer's shipping rules.
pub async fn policy(tx: &mut Tx, tenant: TenantId) -> Result<ShippingPolicy, sqlx::Error> {
    const SQL: &str = "SELECT over_ship_pct, ship_unacknowledged FROM tenants WHERE id = $1";
    let (pct, unacknowledged): (DbDecimal, bool) =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_one(&mut **conn).await)?;
    Ok(ShippingPolicy {
        over_ship_pct: pct.0,
        ship_unacknowledged: unacknowledged,
    })
}

/// Sets the buyer's shipping rules.
pub async fn save_policy(
    tx: &mut Tx,
    tenant: TenantId,
    policy: &ShippingPolicy,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE tenants SET over_ship_pct = $2, ship_unacknowledged = $3 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(DbDecimal(policy.over_ship_pct))
        .bind(policy.ship_unacknowledged)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Makes sure the supplier has its numbering row.
async fn ensure_numbering(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO supplier_shipping (tenant_id, supplier_id, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, supplier_id) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The supplier's GS1 company prefix and extension digit, if set.
pub async fn label_settings(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<(String, i32)>, sqlx::Error> {
    const SQL: &str = "SELECT company_prefix, extension_digit FROM supplier_shipping \
         WHERE tenant_id = $1 AND supplier_id = $2 AND company_prefix IS NOT NULL";
    let row: Option<(Option<String>, i32)> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(row.and_then(|(p, e)| p.map(|p| (p, e))))
}

/// Sets the supplier's GS1 company prefix and extension digit.
pub async fn save_label_settings(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    prefix: &str,
    extension: i32,
) -> Result<(), sqlx::Error> {
    ensure_numbering(tx, tenant, supplier).await?;
    const SQL: &str =
        "UPDATE supplier_shipping SET company_prefix = $3, extension_digit = $4, updated_at = $5 \
         WHERE tenant_id = $1 AND supplier_id = $2";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(prefix)
        .bind(extension)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Takes the supplier's next notice number (1, 2, …).
pub async fn take_notice_number(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<i32, sqlx::Error> {
    ensure_numbering(tx, tenant, supplier).await?;
    const SQL: &str = "UPDATE supplier_shipping SET next_notice = next_notice + 1 \
         WHERE tenant_id = $1 AND supplier_id = $2 RETURNING next_notice - 1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(supplier.0).fetch_one(&mut **conn).await)
}

/// Takes the supplier's next SSCC serial reference: `(company prefix, extension digit, serial)`, or `None` while
/// it has no company prefix.
pub async fn take_serial(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<(String, i32, i64)>, sqlx::Error> {
    const SQL: &str = "UPDATE supplier_shipping SET next_serial = next_serial + 1 \
         WHERE tenant_id = $1 AND supplier_id = $2 AND company_prefix IS NOT NULL \
         RETURNING company_prefix, extension_digit, next_serial - 1";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .fetch_optional(&mut **conn)
        .await)
}

/// A notice's header as stored, with the names around it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub supplier_code: String,
    pub supplier_name: String,
    pub buyer_name: String,
    pub number: String,
    pub status: String,
    pub revision: i32,
    pub ship_to_name: String,
    pub ship_to_address: String,
    pub shipped_on: Option<Date>,
    pub expected_delivery: Option<Date>,
    pub carrier_scac: Option<String>,
    pub service_level: Option<String>,
    pub tracking_number: Option<String>,
    pub bill_of_lading: Option<String>,
    pub gross_weight_kg: Option<DbDecimal>,
    pub correlation_id: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
}

const NOTICE_COLUMNS: &str =
    "n.id, n.supplier_id, s.code AS supplier_code, s.name AS supplier_name, t.name AS buyer_name, n.number, \
     n.status, n.revision, n.ship_to_name, n.ship_to_address, n.shipped_on, n.expected_delivery, n.carrier_scac, \
     n.service_level, n.tracking_number, n.bill_of_lading, n.gross_weight_kg, n.correlation_id, n.submitted_at \
     FROM ship_notices n JOIN tenants t ON t.id = n.tenant_id \
     JOIN suppliers s ON s.tenant_id = n.tenant_id AND s.id = n.supplier_id";

/// The notice `id` visible in `scope`.
pub async fn notice(
    tx: &mut Tx,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<NoticeRow>, sqlx::Error> {
    let mut sql = format!("SELECT {NOTICE_COLUMNS} WHERE n.tenant_id = $1 AND n.id = $2");
    if scope.supplier_id().is_some() {
        sql.push_str(" AND n.supplier_id = $3");
    }
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, NoticeRow>(&sql).bind(scope.tenant_id().0).bind(id);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// The latest notices visible in `scope` (drafts only to their supplier), newest first, at most `limit`.
pub async fn list(tx: &mut Tx, scope: &Scope, limit: i64) -> Result<Vec<NoticeRow>, sqlx::Error> {
    let mut sql = format!("SELECT {NOTICE_COLUMNS} WHERE n.tenant_id = $1");
    match scope.supplier_id() {
        Some(_) => sql.push_str(" AND n.supplier_id = $3"),
        None => sql.push_str(" AND n.status <> 'draft'"),
    }
    sql.push_str(" ORDER BY n.created_at DESC, n.id DESC LIMIT $2");
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, NoticeRow>(&sql).bind(scope.tenant_id().0).bind(limit);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// A notice to insert (a draft).
pub struct NewNotice<'a> {
    pub id: Uuid,
    pub supplier: SupplierId,
    pub number: &'a str,
    pub ship_to_name: &'a str,
    pub ship_to_address: &'a str,
    pub shipped_on: Date,
    pub correlation_id: Option<&'a str>,
    pub created_by: UserId,
}

/// Stores a new draft notice.
pub async fn insert(tx: &mut Tx, tenant: TenantId, n: &NewNotice<'_>) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO ship_notices (id, tenant_id, supplier_id, number, status, revision, \
            ship_to_name, ship_to_address, shipped_on, correlation_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'draft', 1, $5, $6, $7, $8, $9, $10, $10)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(n.id)
        .bind(tenant.0)
        .bind(n.supplier.0)
        .bind(n.number)
        .bind(n.ship_to_name)
        .bind(n.ship_to_address)
        .bind(n.shipped_on)
        .bind(n.correlation_id)
        .bind(n.created_by.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// A header to store on a draft (values as checked; texts may be blank while it is a draft).
pub struct HeaderValues<'a> {
    pub shipped_on: Option<Date>,
    pub expected_delivery: Option<Date>,
    pub carrier_scac: Option<&'a str>,
    pub service_level: Option<&'a str>,
    pub tracking_number: Option<&'a str>,
    pub bill_of_lading: Option<&'a str>,
    pub gross_weight_kg: Option<rust_decimal::Decimal>,
}

/// Sets a draft's header.
pub async fn set_header(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    h: &HeaderValues<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE ship_notices SET shipped_on = $3, expected_delivery = $4, carrier_scac = $5, \
            service_level = $6, tracking_number = $7, bill_of_lading = $8, gross_weight_kg = $9, updated_at = $10 \
         WHERE tenant_id = $1 AND id = $2 AND status = 'draft'";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(h.shipped_on)
        .bind(h.expected_delivery)
        .bind(h.carrier_scac)
        .bind(h.service_level)
        .bind(h.tracking_number)
        .bind(h.bill_of_lading)
        .bind(h.gross_weight_kg.map(DbDecimal))
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Moves a notice from `from` to `to` (and sets the revision and submission time given). `false` when it was not in
/// `from` (someone else moved it first).
pub async fn move_status(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    from: &str,
    to: &str,
    revision: i32,
    submitted_at: Option<OffsetDateTime>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE ship_notices SET status = $4, revision = $5, \
            submitted_at = COALESCE($6, submitted_at), updated_at = $7 \
         WHERE tenant_id = $1 AND id = $2 AND status = $3";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(revision)
        .bind(submitted_at)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Deletes a draft with its lines and packages.
pub async fn delete_draft(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<bool, sqlx::Error> {
    const ITEMS: &str =
        "DELETE FROM ship_notice_package_items WHERE tenant_id = $1 AND ship_notice_id = $2";
    const PACKAGES: &str =
        "DELETE FROM ship_notice_packages WHERE tenant_id = $1 AND ship_notice_id = $2";
    const LINES: &str =
        "DELETE FROM ship_notice_lines WHERE tenant_id = $1 AND ship_notice_id = $2";
    const NOTICE: &str =
        "DELETE FROM ship_notices WHERE tenant_id = $1 AND id = $2 AND status = 'draft'";
    on_tx!(tx, conn => {
        for sql in [ITEMS, PACKAGES, LINES] {
            sqlx::query(sql).bind(tenant.0).bind(id).execute(&mut **conn).await?;
        }
        sqlx::query(NOTICE).bind(tenant.0).bind(id).execute(&mut **conn).await.map(|r| r.rows_affected() == 1)
    })
}

/// A notice line with its order line.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LineRow {
    pub purchase_order_id: Uuid,
    pub order_number: String,
    pub order_date: Date,
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub ordered: DbDecimal,
    pub quantity: DbDecimal,
}

/// The lines of a notice, by order number and line number.
pub async fn lines(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<Vec<LineRow>, sqlx::Error> {
    const SQL: &str = "SELECT l.purchase_order_id, po.number AS order_number, po.order_date, l.line_number, \
            pl.buyer_item, pl.supplier_part, pl.description, pl.unit_of_measure, pl.quantity AS ordered, \
            l.quantity \
         FROM ship_notice_lines l \
         JOIN purchase_orders po ON po.tenant_id = l.tenant_id AND po.id = l.purchase_order_id \
         JOIN purchase_order_lines pl ON pl.tenant_id = l.tenant_id AND pl.purchase_order_id = l.purchase_order_id \
              AND pl.line_number = l.line_number \
         WHERE l.tenant_id = $1 AND l.ship_notice_id = $2 \
         ORDER BY po.number, l.line_number";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// What submitted and received notices other than `except` shipped of the lines of `order`:
/// `(line number, quantity)` per notice line.
pub async fn shipped_elsewhere(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    except: Option<Uuid>,
) -> Result<Vec<(i32, DbDecimal)>, sqlx::Error> {
    const SQL: &str = "SELECT l.line_number, l.quantity FROM ship_notice_lines l \
         JOIN ship_notices n ON n.tenant_id = l.tenant_id AND n.id = l.ship_notice_id \
         WHERE l.tenant_id = $1 AND l.purchase_order_id = $2 AND n.status IN ('submitted', 'received') \
           AND n.id <> $3";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(order)
        .bind(except.unwrap_or_else(Uuid::nil))
        .fetch_all(&mut **conn)
        .await)
}

/// Adds (or sets) what a draft ships of an order line.
pub async fn set_line(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    id: Uuid,
    order: Uuid,
    line_number: i32,
    quantity: rust_decimal::Decimal,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO ship_notice_lines (tenant_id, ship_notice_id, supplier_id, purchase_order_id, \
            line_number, quantity) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (ship_notice_id, purchase_order_id, line_number) DO UPDATE SET quantity = excluded.quantity";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(supplier.0)
        .bind(order)
        .bind(line_number)
        .bind(DbDecimal(quantity))
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// A package as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PackageRow {
    pub id: Uuid,
    pub sscc: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
}

/// The packages of a notice, in the order they were added.
pub async fn packages(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
) -> Result<Vec<PackageRow>, sqlx::Error> {
    const SQL: &str = "SELECT id, sscc, kind, parent_id FROM ship_notice_packages \
         WHERE tenant_id = $1 AND ship_notice_id = $2 ORDER BY created_at, id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// What a package holds of a line.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ItemRow {
    pub package_id: Uuid,
    pub purchase_order_id: Uuid,
    pub line_number: i32,
    pub quantity: DbDecimal,
}

/// What the packages of a notice hold.
pub async fn items(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<Vec<ItemRow>, sqlx::Error> {
    const SQL: &str = "SELECT package_id, purchase_order_id, line_number, quantity \
         FROM ship_notice_package_items WHERE tenant_id = $1 AND ship_notice_id = $2 \
         ORDER BY purchase_order_id, line_number";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(id).fetch_all(&mut **conn).await)
}

/// A package to add to a draft.
pub struct NewPackage<'a> {
    pub id: Uuid,
    pub notice: Uuid,
    pub supplier: SupplierId,
    pub sscc: &'a str,
    pub kind: &'a str,
    pub parent: Option<Uuid>,
}

/// Adds a package.
pub async fn insert_package(
    tx: &mut Tx,
    tenant: TenantId,
    p: &NewPackage<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO ship_notice_packages (id, tenant_id, ship_notice_id, supplier_id, sscc, kind, \
            parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(p.id)
        .bind(tenant.0)
        .bind(p.notice)
        .bind(p.supplier.0)
        .bind(p.sscc)
        .bind(p.kind)
        .bind(p.parent)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Removes a package of a notice with its cartons and what they hold (deleted here, not left to cascades).
pub async fn delete_package(
    tx: &mut Tx,
    tenant: TenantId,
    notice: Uuid,
    package: Uuid,
) -> Result<bool, sqlx::Error> {
    const ITEMS: &str = "DELETE FROM ship_notice_package_items WHERE tenant_id = $1 AND ship_notice_id = $2 \
         AND package_id IN (SELECT id FROM ship_notice_packages WHERE tenant_id = $1 AND ship_notice_id = $2 \
                            AND (id = $3 OR parent_id = $3))";
    const CHILDREN: &str =
        "DELETE FROM ship_notice_packages WHERE tenant_id = $1 AND ship_notice_id = $2 \
         AND parent_id = $3";
    const PACKAGE: &str =
        "DELETE FROM ship_notice_packages WHERE tenant_id = $1 AND ship_notice_id = $2 AND id = $3";
    on_tx!(tx, conn => {
        for sql in [ITEMS, CHILDREN] {
            sqlx::query(sql).bind(tenant.0).bind(notice).bind(package).execute(&mut **conn).await?;
        }
        sqlx::query(PACKAGE)
            .bind(tenant.0)
            .bind(notice)
            .bind(package)
            .execute(&mut **conn)
            .await
            .map(|r| r.rows_affected() == 1)
    })
}

/// Sets what a package holds of a line.
#[expect(clippy::too_many_arguments, reason = "one row's columns")]
pub async fn set_item(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    notice: Uuid,
    package: Uuid,
    order: Uuid,
    line_number: i32,
    quantity: rust_decimal::Decimal,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO ship_notice_package_items (tenant_id, package_id, ship_notice_id, supplier_id, \
            purchase_order_id, line_number, quantity) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (package_id, purchase_order_id, line_number) DO UPDATE SET quantity = excluded.quantity";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(package)
        .bind(notice)
        .bind(supplier.0)
        .bind(order)
        .bind(line_number)
        .bind(DbDecimal(quantity))
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The supplier's orders that may join a notice to this ship-to (in `statuses`), newest first, at most 50.
pub async fn orders_to(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    ship_to_name: &str,
    ship_to_address: &str,
    statuses: &[&str],
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let placeholders: Vec<String> = (0..statuses.len()).map(|i| format!("${}", i + 5)).collect();
    let sql = format!(
        "SELECT id, number FROM purchase_orders WHERE tenant_id = $1 AND supplier_id = $2 \
         AND ship_to_name = $3 AND ship_to_address = $4 AND status IN ({}) \
         ORDER BY order_date DESC, id DESC LIMIT 50",
        if statuses.is_empty() {
            "NULL".to_owned()
        } else {
            placeholders.join(", ")
        }
    );
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as(&sql)
            .bind(tenant.0)
            .bind(supplier.0)
            .bind(ship_to_name)
            .bind(ship_to_address);
        for s in statuses {
            q = q.bind(*s);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// The notices (not drafts, unless the supplier's own) that ship lines of `order`: `(id, number, status)`.
pub async fn of_order(
    tx: &mut Tx,
    scope: &Scope,
    order: Uuid,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT DISTINCT n.id, n.number, n.status FROM ship_notices n \
         JOIN ship_notice_lines l ON l.tenant_id = n.tenant_id AND l.ship_notice_id = n.id \
         WHERE n.tenant_id = $1 AND l.purchase_order_id = $2",
    );
    match scope.supplier_id() {
        Some(_) => sql.push_str(" AND n.supplier_id = $3"),
        None => sql.push_str(" AND n.status <> 'draft'"),
    }
    sql.push_str(" ORDER BY n.number");
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as(&sql).bind(scope.tenant_id().0).bind(order);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_all(&mut **conn).await
    })
}

/// Sets an order's status when shipping moves it (from one of `from`).
pub async fn set_order_status(
    tx: &mut Tx,
    tenant: TenantId,
    order: Uuid,
    from: &[&str],
    to: &str,
) -> Result<bool, sqlx::Error> {
    let placeholders: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 5)).collect();
    let sql = format!(
        "UPDATE purchase_orders SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2 \
         AND status IN ({})",
        placeholders.join(", ")
    );
    on_tx!(tx, conn => {
        let mut q = sqlx::query(&sql)
            .bind(tenant.0)
            .bind(order)
            .bind(to)
            .bind(OffsetDateTime::now_utc());
        for s in from {
            q = q.bind(*s);
        }
        q.execute(&mut **conn).await.map(|r| r.rows_affected() == 1)
    })
}

/// Closes a submitted notice when the buyer receives it (`received`: it can no longer be corrected or cancelled).
pub async fn close(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE ship_notices SET status = 'received', updated_at = $3 \
         WHERE tenant_id = $1 AND id = $2 AND status = 'submitted'";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}
