//! Purchase orders: keyset-paged lists, detail, insert. Every query is bounded by a [`Scope`].

use crate::db::{Context, Db, DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::paging::{Direction, InboxCursor, PAGE_SIZE};
use portico_domain::{
    CurrencyCode, InboxFilter, Page, PoDetail, PoLine, PoStatus, PoSummary, PurchaseOrderId,
    SupplierId, UnitOfMeasure,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    number: String,
    version: i32,
    status: String,
    order_date: Date,
    first_requested_date: Option<Date>,
    supplier_id: Uuid,
    supplier_name: String,
    currency: String,
    total_amount: DbDecimal,
    line_count: i32,
}

impl SummaryRow {
    fn into_summary(self) -> Result<PoSummary, sqlx::Error> {
        Ok(PoSummary {
            id: PurchaseOrderId(self.id),
            number: self.number,
            version: self.version,
            status: self.status.parse().map_err(corrupt)?,
            order_date: self.order_date,
            first_requested_date: self.first_requested_date,
            supplier_id: SupplierId(self.supplier_id),
            supplier_name: self.supplier_name,
            currency: CurrencyCode::parse(&self.currency).map_err(corrupt)?,
            total: self.total_amount.0,
            line_count: i64::from(self.line_count),
        })
    }
}

fn corrupt(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// The SQL of one list request; which clauses appear depends on the filter, so each shape is its own prepared
/// statement and can use its own index (no `$n IS NULL OR …` that defeats the planner). The benchmark's baseline
/// and query plans (`bench_data`) run the same SQL.
pub fn list_sql(scope: &Scope, filter: &InboxFilter) -> String {
    // The page of orders is chosen first, then each of its rows looks up its supplier's name: with a join, either
    // backend's planner may start from the suppliers (all of the tenant's on PostgreSQL, every one with an automatic
    // index on SQLite) instead of walking the page index and stopping after a page.
    let mut sql = String::from(
        "SELECT page.id, page.number, page.version, page.status, page.order_date, page.first_requested_date, \
                page.supplier_id, \
                (SELECT s.name FROM suppliers s WHERE s.tenant_id = page.tenant_id AND s.id = page.supplier_id) \
                    AS supplier_name, \
                page.currency, page.total_amount, page.line_count \
         FROM (SELECT po.id, po.tenant_id, po.number, po.version, po.status, po.order_date, \
                      po.first_requested_date, po.supplier_id, po.currency, po.total_amount, po.line_count \
               FROM purchase_orders po \
               WHERE po.tenant_id = $1",
    );
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if scope.supplier_id().is_some() {
        sql.push_str(&format!(" AND po.supplier_id = ${}", next()));
    }
    if scope.document_id().is_some() {
        sql.push_str(&format!(" AND po.id = ${}", next()));
    }
    if filter.status.is_some() {
        sql.push_str(&format!(" AND po.status = ${}", next()));
    }
    if filter.search.is_some() {
        sql.push_str(&format!(
            " AND po.number_lower LIKE ${} ESCAPE '\\'",
            next()
        ));
    }
    let ascending = matches!(
        filter.cursor,
        Some(InboxCursor {
            direction: Direction::Before,
            ..
        })
    );
    if let Some(c) = &filter.cursor {
        let op = if c.direction == Direction::After {
            "<"
        } else {
            ">"
        };
        let (a, b) = (next(), next());
        sql.push_str(&format!(" AND (po.order_date, po.id) {op} (${a}, ${b})"));
    }
    let dir = if ascending { "ASC" } else { "DESC" };
    // The limit is part of the SQL, not a parameter: PostgreSQL's generic plan for a parameterised `LIMIT` is costed
    // as if a tenth of the rows were fetched, so its default `plan_cache_mode` would plan every execution afresh
    // (docs/PERFORMANCE.md, "a parameterised `LIMIT`"). One row more than a page says whether another page follows.
    sql.push_str(&format!(
        " ORDER BY po.order_date {dir}, po.id {dir} LIMIT {}) page \
         ORDER BY page.order_date {dir}, page.id {dir}",
        PAGE_SIZE + 1
    ));
    sql
}

/// Binds a list request's values in the order [`list_sql`] numbers them.
macro_rules! bind_list {
    ($query:expr, $scope:expr, $filter:expr) => {{
        let mut q = $query.bind($scope.tenant_id().0);
        if let Some(s) = $scope.supplier_id() {
            q = q.bind(s.0);
        }
        if let Some(d) = $scope.document_id() {
            q = q.bind(d);
        }
        if let Some(st) = $filter.status {
            q = q.bind(st.code());
        }
        if let Some(p) = $filter.search_pattern() {
            q = q.bind(p);
        }
        if let Some(c) = &$filter.cursor {
            q = q.bind(c.order_date).bind(c.id);
        }
        q
    }};
}

/// One page of purchase orders visible in `scope`, newest order date first.
pub async fn list_page(
    db: &Db,
    scope: &Scope,
    filter: &InboxFilter,
) -> Result<Page<PoSummary>, sqlx::Error> {
    let sql = list_sql(scope, filter);
    let rows: Vec<SummaryRow> = crate::read_single!(db, &Context::scope(scope), conn => {
        let q = sqlx::query_as::<_, SummaryRow>(&sql);
        bind_list!(q, scope, filter).fetch_all(&mut **conn).await
    })?;

    let more = rows.len() > PAGE_SIZE as usize;
    let mut items = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(SummaryRow::into_summary)
        .collect::<Result<Vec<_>, _>>()?;
    let backwards = matches!(
        filter.cursor,
        Some(InboxCursor {
            direction: Direction::Before,
            ..
        })
    );
    if backwards {
        items.reverse();
    }
    let key = |p: &PoSummary, direction| {
        InboxCursor {
            order_date: p.order_date,
            id: p.id.0,
            direction,
        }
        .encode()
    };
    let (has_prev, has_next) = match filter.cursor {
        None => (false, more),
        Some(InboxCursor {
            direction: Direction::After,
            ..
        }) => (true, more),
        Some(InboxCursor {
            direction: Direction::Before,
            ..
        }) => (more, true),
    };
    let next = has_next
        .then(|| items.last().map(|p| key(p, Direction::After)))
        .flatten();
    let prev = has_prev
        .then(|| items.first().map(|p| key(p, Direction::Before)))
        .flatten();
    Ok(Page { items, next, prev })
}

#[derive(Debug, sqlx::FromRow)]
struct HeaderRow {
    id: Uuid,
    number: String,
    version: i32,
    status: String,
    order_date: Date,
    currency: String,
    buyer_name: String,
    supplier_id: Uuid,
    supplier_name: String,
    supplier_code: String,
    ship_to_name: String,
    ship_to_address: String,
    payment_terms: String,
    incoterms: Option<String>,
    notes: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
struct LineRow {
    line_number: i32,
    buyer_item: String,
    supplier_part: Option<String>,
    description: String,
    quantity: DbDecimal,
    unit_of_measure: String,
    unit_price: DbDecimal,
    requested_date: Option<Date>,
}

/// A purchase order with its lines, if it exists within `scope`.
pub async fn detail(
    db: &Db,
    scope: &Scope,
    id: PurchaseOrderId,
) -> Result<Option<PoDetail>, sqlx::Error> {
    if scope.document_id().is_some_and(|d| d != id.0) {
        return Ok(None);
    }
    let mut tx = db.read(&Context::scope(scope)).await?;
    let found = detail_in_tx(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(found)
}

/// [`detail`] inside an open transaction (which has entered the scope's context).
pub async fn detail_in_tx(
    tx: &mut Tx,
    scope: &Scope,
    id: PurchaseOrderId,
) -> Result<Option<PoDetail>, sqlx::Error> {
    let mut header_sql = String::from(
        "SELECT po.id, po.number, po.version, po.status, po.order_date, po.currency, t.name AS buyer_name, \
                po.supplier_id, s.name AS supplier_name, s.code AS supplier_code, po.ship_to_name, \
                po.ship_to_address, po.payment_terms, po.incoterms, po.notes \
         FROM purchase_orders po \
         JOIN tenants t ON t.id = po.tenant_id \
         JOIN suppliers s ON s.tenant_id = po.tenant_id AND s.id = po.supplier_id \
         WHERE po.tenant_id = $1 AND po.id = $2",
    );
    if scope.supplier_id().is_some() {
        header_sql.push_str(" AND po.supplier_id = $3");
    }
    const LINES_SQL: &str = "SELECT line_number, buyer_item, supplier_part, description, quantity, unit_of_measure, \
                unit_price, requested_date \
         FROM purchase_order_lines WHERE tenant_id = $1 AND purchase_order_id = $2 ORDER BY line_number";

    if scope.document_id().is_some_and(|d| d != id.0) {
        return Ok(None);
    }
    let (header, lines) = on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, HeaderRow>(&header_sql).bind(scope.tenant_id().0).bind(id.0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        match q.fetch_optional(&mut **conn).await? {
            None => (None, Vec::new()),
            Some(h) => {
                let lines = sqlx::query_as::<_, LineRow>(LINES_SQL)
                    .bind(scope.tenant_id().0)
                    .bind(id.0)
                    .fetch_all(&mut **conn)
                    .await?;
                (Some(h), lines)
            }
        }
    });
    let Some(h) = header else { return Ok(None) };
    let lines = lines
        .into_iter()
        .map(|l| {
            Ok(PoLine {
                line_number: l.line_number,
                buyer_item: l.buyer_item,
                supplier_part: l.supplier_part,
                description: l.description,
                quantity: l.quantity.0,
                unit_of_measure: UnitOfMeasure::parse(&l.unit_of_measure).map_err(corrupt)?,
                unit_price: l.unit_price.0,
                requested_date: l.requested_date,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(PoDetail {
        id: PurchaseOrderId(h.id),
        number: h.number,
        version: h.version,
        status: h.status.parse::<PoStatus>().map_err(corrupt)?,
        order_date: h.order_date,
        currency: CurrencyCode::parse(&h.currency).map_err(corrupt)?,
        buyer_name: h.buyer_name,
        supplier_id: SupplierId(h.supplier_id),
        supplier_name: h.supplier_name,
        supplier_code: h.supplier_code,
        ship_to_name: h.ship_to_name,
        ship_to_address: h.ship_to_address,
        payment_terms: h.payment_terms,
        incoterms: h.incoterms,
        notes: h.notes,
        lines,
    }))
}

/// A purchase order to insert; totals and line count are derived from the lines.
#[derive(Clone, Debug)]
pub struct NewPoRow<'a> {
    pub id: PurchaseOrderId,
    pub supplier_id: SupplierId,
    pub number: &'a str,
    pub status: PoStatus,
    pub order_date: Date,
    pub currency: &'a CurrencyCode,
    pub ship_to_name: &'a str,
    pub ship_to_address: &'a str,
    pub payment_terms: &'a str,
    pub incoterms: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub lines: &'a [PoLine],
}

/// Inserts a purchase order and its lines into the scope's tenant.
pub async fn insert(tx: &mut Tx, scope: &Scope, po: &NewPoRow<'_>) -> Result<(), sqlx::Error> {
    const HEADER: &str = "INSERT INTO purchase_orders (id, tenant_id, supplier_id, number, number_lower, version, \
            status, order_date, currency, ship_to_name, ship_to_address, payment_terms, incoterms, notes, total_amount, \
            line_count, first_requested_date, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)";
    let total: rust_decimal::Decimal = po.lines.iter().map(PoLine::amount).sum();
    let first_requested = po.lines.iter().filter_map(|l| l.requested_date).min();
    let line_count = i32::try_from(po.lines.len()).unwrap_or(i32::MAX);
    let now = OffsetDateTime::now_utc();
    let tenant = scope.tenant_id().0;
    on_tx!(tx, conn => {
        sqlx::query(HEADER)
            .bind(po.id.0)
            .bind(tenant)
            .bind(po.supplier_id.0)
            .bind(po.number)
            .bind(po.number.to_lowercase())
            .bind(po.status.code())
            .bind(po.order_date)
            .bind(po.currency.as_str())
            .bind(po.ship_to_name)
            .bind(po.ship_to_address)
            .bind(po.payment_terms)
            .bind(po.incoterms)
            .bind(po.notes)
            .bind(DbDecimal(total))
            .bind(line_count)
            .bind(first_requested)
            .bind(now)
            .execute(&mut **conn)
            .await?;
    });
    insert_lines(tx, scope, po).await
}

/// Inserts an order's lines.
async fn insert_lines(tx: &mut Tx, scope: &Scope, po: &NewPoRow<'_>) -> Result<(), sqlx::Error> {
    const LINE: &str = "INSERT INTO purchase_order_lines (id, tenant_id, purchase_order_id, line_number, buyer_item, \
            supplier_part, description, quantity, unit_of_measure, unit_price, requested_date) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    let tenant = scope.tenant_id().0;
    on_tx!(tx, conn => {
        for line in po.lines {
            sqlx::query(LINE)
                .bind(Uuid::now_v7())
                .bind(tenant)
                .bind(po.id.0)
                .bind(line.line_number)
                .bind(&line.buyer_item)
                .bind(line.supplier_part.as_deref())
                .bind(&line.description)
                .bind(DbDecimal(line.quantity))
                .bind(line.unit_of_measure.as_str())
                .bind(DbDecimal(line.unit_price))
                .bind(line.requested_date)
                .execute(&mut **conn)
                .await?;
        }
    });
    Ok(())
}

/// A supplier of the tenant by the buyer's code for it: `(id, name, status)`.
pub async fn supplier_by_code(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
    code: &str,
) -> Result<Option<(Uuid, String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT id, name, status FROM suppliers WHERE tenant_id = $1 AND code = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(code).fetch_optional(&mut **conn).await)
}

/// The current state of the tenant's order with this number: `(id, version, status, supplier id)`.
pub async fn by_number(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
    number: &str,
) -> Result<Option<(Uuid, i32, String, Uuid)>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, version, status, supplier_id FROM purchase_orders WHERE tenant_id = $1 AND number = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(number).fetch_optional(&mut **conn).await)
}

/// Replaces an order's content with a new version (a change order): header, lines, totals, status back to `new`.
pub async fn replace(
    tx: &mut Tx,
    scope: &Scope,
    po: &NewPoRow<'_>,
    version: i32,
) -> Result<(), sqlx::Error> {
    const HEADER: &str = "UPDATE purchase_orders SET version = $3, status = $4, order_date = $5, currency = $6, \
            ship_to_name = $7, ship_to_address = $8, payment_terms = $9, incoterms = $10, notes = $11, \
            total_amount = $12, line_count = $13, first_requested_date = $14, updated_at = $15 \
         WHERE tenant_id = $1 AND id = $2";
    const DELETE_LINES: &str =
        "DELETE FROM purchase_order_lines WHERE tenant_id = $1 AND purchase_order_id = $2";
    let total: rust_decimal::Decimal = po.lines.iter().map(PoLine::amount).sum();
    let first_requested = po.lines.iter().filter_map(|l| l.requested_date).min();
    let line_count = i32::try_from(po.lines.len()).unwrap_or(i32::MAX);
    let tenant = scope.tenant_id().0;
    on_tx!(tx, conn => {
        sqlx::query(HEADER)
            .bind(tenant)
            .bind(po.id.0)
            .bind(version)
            .bind(po.status.code())
            .bind(po.order_date)
            .bind(po.currency.as_str())
            .bind(po.ship_to_name)
            .bind(po.ship_to_address)
            .bind(po.payment_terms)
            .bind(po.incoterms)
            .bind(po.notes)
            .bind(DbDecimal(total))
            .bind(line_count)
            .bind(first_requested)
            .bind(OffsetDateTime::now_utc())
            .execute(&mut **conn)
            .await?;
        sqlx::query(DELETE_LINES).bind(tenant).bind(po.id.0).execute(&mut **conn).await?;
    });
    insert_lines(tx, scope, po).await
}

/// Records the correlation id an order arrived with, unless it has one (a change order keeps the first).
pub async fn keep_correlation(
    tx: &mut Tx,
    scope: &Scope,
    id: PurchaseOrderId,
    correlation_id: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE purchase_orders SET correlation_id = COALESCE(correlation_id, $3) \
         WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(scope.tenant_id().0)
        .bind(id.0)
        .bind(correlation_id)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The correlation id an order arrived with, if it is visible in `scope` and has one.
pub async fn correlation(
    tx: &mut Tx,
    scope: &Scope,
    id: PurchaseOrderId,
) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT correlation_id FROM purchase_orders WHERE tenant_id = $1 AND id = $2";
    let found: Option<Option<String>> = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(scope.tenant_id().0)
        .bind(id.0)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(found.flatten())
}

/// A person to tell: id, e-mail address, language.
pub type Contact = (Uuid, String, Option<String>);

/// Ids, e-mail addresses and languages of the active people of a supplier (who are told about new orders).
pub async fn supplier_contacts(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
    supplier: SupplierId,
) -> Result<Vec<Contact>, sqlx::Error> {
    const SQL: &str = "SELECT u.id, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND m.supplier_id = $2 AND u.disabled_at IS NULL ORDER BY u.email LIMIT 50";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(supplier.0).fetch_all(&mut **conn).await)
}

/// Ids, e-mail addresses and languages of the active buyers and buyer administrators of a tenant (who are told about
/// answers to review, rejections and comments).
pub async fn buyer_contacts(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
) -> Result<Vec<Contact>, sqlx::Error> {
    const SQL: &str = "SELECT u.id, u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND m.supplier_id IS NULL AND u.disabled_at IS NULL ORDER BY u.email LIMIT 50";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// The tenant's display name.
pub async fn tenant_name(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
) -> Result<String, sqlx::Error> {
    const SQL: &str = "SELECT name FROM tenants WHERE id = $1";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).fetch_one(&mut **conn).await)
}

/// Keeps a version of an order as it was before a change order replaced it.
pub async fn keep_version(tx: &mut Tx, scope: &Scope, po: &PoDetail) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO purchase_order_versions (tenant_id, purchase_order_id, version, supplier_id, \
         snapshot, replaced_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
    let snapshot = serde_json::to_string(po).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(scope.tenant_id().0)
        .bind(po.id.0)
        .bind(po.version)
        .bind(po.supplier_id.0)
        .bind(&snapshot)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// An earlier version of an order visible in `scope`, as it was.
pub async fn earlier_version(
    tx: &mut Tx,
    scope: &Scope,
    id: PurchaseOrderId,
    version: i32,
) -> Result<Option<PoDetail>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT snapshot FROM purchase_order_versions WHERE tenant_id = $1 AND purchase_order_id = $2 AND version = $3",
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND supplier_id = $4");
    }
    let snapshot: Option<String> = on_tx!(tx, conn => {
        let mut q = sqlx::query_scalar(&sql).bind(scope.tenant_id().0).bind(id.0).bind(version);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })?;
    snapshot
        .map(|s| serde_json::from_str(&s).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

/// Marks the order's answers that wait on someone (for review, or for the supplier to take a counter-proposal)
/// superseded: a new version asks for a new answer.
pub async fn supersede_open_answers(
    tx: &mut Tx,
    scope: &Scope,
    id: PurchaseOrderId,
) -> Result<u64, sqlx::Error> {
    const SQL: &str = "UPDATE po_acknowledgements SET outcome = 'superseded' \
         WHERE tenant_id = $1 AND purchase_order_id = $2 AND outcome IN ('pending_review', 'countered')";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(scope.tenant_id().0)
        .bind(id.0)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for every list shape walks an index in sort order: no full scan and no sort step, so the cost
    /// of a page does not grow with how deep the cursor is.
    #[tokio::test]
    async fn every_list_shape_walks_an_index_without_sorting() {
        let t = crate::testing::TestDb::sqlite().await.unwrap();
        crate::seed::seed_demo(&t.db).await.unwrap();
        let Db::Sqlite(pool) = &t.db else {
            unreachable!()
        };
        let tenant = portico_domain::TenantId(Uuid::nil());
        let cursor = InboxCursor {
            order_date: time::macros::date!(2026 - 10 - 01),
            id: Uuid::nil(),
            direction: Direction::After,
        };
        let before = InboxCursor {
            direction: Direction::Before,
            ..cursor
        };
        for scope in [
            Scope::tenant(tenant),
            Scope::supplier(tenant, SupplierId(Uuid::nil())),
        ] {
            for status in [None, Some(PoStatus::New)] {
                for search in [None, Some("45".to_owned())] {
                    for c in [None, Some(cursor), Some(before)] {
                        let filter = InboxFilter {
                            status,
                            search: search.clone(),
                            cursor: c,
                        };
                        let sql = format!("EXPLAIN QUERY PLAN {}", list_sql(&scope, &filter));
                        let q = sqlx::query_as::<_, (i64, i64, i64, String)>(&sql);
                        let q = bind_list!(q, scope, filter);
                        let plan: Vec<String> = q
                            .fetch_all(pool)
                            .await
                            .unwrap()
                            .into_iter()
                            .map(|r| r.3)
                            .collect();
                        let plan = plan.join(" | ");
                        // The page is chosen by walking an index; only its (at most 51) rows are put in order
                        // again, and each finds its supplier by key.
                        let page = plan.split("SCAN page").next().unwrap_or_default();
                        assert!(
                            page.contains("USING INDEX purchase_orders_"),
                            "{filter:?}: {plan}"
                        );
                        assert!(!page.contains("TEMP B-TREE"), "{filter:?} sorts: {plan}");
                        assert!(!plan.contains("SCAN po"), "{filter:?} scans: {plan}");
                        assert!(plan.contains("SCAN page"), "{filter:?}: {plan}");
                        assert!(
                            plan.contains("SEARCH s USING INDEX suppliers_tenant_id_id"),
                            "{filter:?}: {plan}"
                        );
                        assert!(
                            !plan.contains("SCAN s"),
                            "{filter:?} scans suppliers: {plan}"
                        );
                    }
                }
            }
        }
        t.cleanup().await;
    }

    #[test]
    fn list_sql_numbers_placeholders_in_bind_order() {
        let scope = Scope::supplier(
            portico_domain::TenantId(Uuid::nil()),
            SupplierId(Uuid::nil()),
        );
        let filter = InboxFilter::parse(Some("new"), Some("45"), None, None).unwrap();
        let sql = list_sql(&scope, &filter);
        assert!(sql.contains("po.supplier_id = $2"));
        assert!(sql.contains("po.status = $3"));
        assert!(sql.contains("LIKE $4 ESCAPE '\\' ORDER BY"));
        assert!(!sql.contains("$5"));
        assert!(sql.contains(&format!("LIMIT {}) page", PAGE_SIZE + 1)));
        let buyer = list_sql(
            &Scope::tenant(portico_domain::TenantId(Uuid::nil())),
            &InboxFilter::default(),
        );
        assert!(!buyer.contains("supplier_id = $"));
        assert!(buyer.contains("ORDER BY po.order_date DESC, po.id DESC LIMIT 51) page"));
        assert!(!buyer.contains("$2"));
    }
}
