//! The benchmark data set's statements (see `crate::bench_data` for what is generated): batched multi-row inserts,
//! `ANALYZE`, and the query plan of the order list.

use super::{Db, DbDecimal, Tx, TxInner};
use crate::on_tx;
use portico_domain::TenantId;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Orders per insert statement (19 values each) and lines per insert statement (11 values each): well inside both
/// backends' limits on bound values.
const ORDERS_PER_STATEMENT: usize = 50;
const LINES_PER_STATEMENT: usize = 500;

/// One generated purchase order (version 1, in euros, shipped to the central warehouse).
pub struct BenchOrder {
    pub id: Uuid,
    pub supplier: Uuid,
    pub number: String,
    pub status: &'static str,
    pub order_date: Date,
    pub total: Decimal,
    pub lines: Vec<BenchLine>,
}

/// One of its lines.
pub struct BenchLine {
    pub buyer_item: &'static str,
    pub description: &'static str,
    pub unit_of_measure: &'static str,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub requested_date: Date,
}

/// Writes the orders and their lines of one organisation.
pub async fn insert_orders(
    tx: &mut Tx,
    tenant: TenantId,
    rows: &[BenchOrder],
) -> Result<(), sqlx::Error> {
    const ORDER_COLUMNS: &str = "INSERT INTO purchase_orders (id, tenant_id, supplier_id, number, number_lower, \
        version, status, order_date, currency, ship_to_name, ship_to_address, payment_terms, incoterms, notes, \
        total_amount, line_count, first_requested_date, created_at, updated_at) VALUES ";
    const LINE_COLUMNS: &str = "INSERT INTO purchase_order_lines (id, tenant_id, purchase_order_id, line_number, \
        buyer_item, supplier_part, description, quantity, unit_of_measure, unit_price, requested_date) VALUES ";
    let now = OffsetDateTime::now_utc();
    for chunk in rows.chunks(ORDERS_PER_STATEMENT) {
        let sql = format!("{ORDER_COLUMNS}{}", placeholders(chunk.len(), 19));
        on_tx!(tx, conn => {
            let mut q = sqlx::query(&sql);
            for o in chunk {
                let first_requested = o.lines.iter().map(|l| l.requested_date).min();
                q = q
                    .bind(o.id)
                    .bind(tenant.0)
                    .bind(o.supplier)
                    .bind(o.number.clone())
                    .bind(o.number.clone())
                    .bind(1i32)
                    .bind(o.status)
                    .bind(o.order_date)
                    .bind("EUR")
                    .bind("Central warehouse")
                    .bind("Industriestrasse 12, 40210 Duesseldorf, DE")
                    .bind("Net 30")
                    .bind(Some("DAP"))
                    .bind(None::<String>)
                    .bind(DbDecimal(o.total))
                    .bind(o.lines.len() as i32)
                    .bind(first_requested)
                    .bind(now)
                    .bind(now);
            }
            q.execute(&mut **conn).await?;
        });
    }
    let lines: Vec<(&BenchOrder, usize, &BenchLine)> = rows
        .iter()
        .flat_map(|o| o.lines.iter().enumerate().map(move |(i, l)| (o, i, l)))
        .collect();
    for chunk in lines.chunks(LINES_PER_STATEMENT) {
        let sql = format!("{LINE_COLUMNS}{}", placeholders(chunk.len(), 11));
        on_tx!(tx, conn => {
            let mut q = sqlx::query(&sql);
            for (o, i, l) in chunk {
                q = q
                    .bind(Uuid::now_v7())
                    .bind(tenant.0)
                    .bind(o.id)
                    .bind(*i as i32 + 1)
                    .bind(l.buyer_item)
                    .bind(None::<String>)
                    .bind(l.description)
                    .bind(DbDecimal(l.quantity))
                    .bind(l.unit_of_measure)
                    .bind(DbDecimal(l.unit_price))
                    .bind(Some(l.requested_date));
            }
            q.execute(&mut **conn).await?;
        });
    }
    Ok(())
}

/// `($1, $2, …)` groups for `rows` rows of `columns` values each, numbered from 1.
fn placeholders(rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * columns + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// Gathers fresh statistics for the planner, as a database that has lived a while would have them. On PostgreSQL
/// only the tables' owner may: pass the owner's pool.
pub async fn analyze(owner: &Db) -> Result<(), sqlx::Error> {
    crate::on_db!(owner, pool => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()))
}

/// A supplier of the organisation by its code.
pub async fn supplier_by_code(
    tx: &mut Tx,
    tenant: TenantId,
    code: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE tenant_id = $1 AND code = $2")
        .bind(tenant.0).bind(code).fetch_optional(&mut **conn).await)
}

/// The plan of the order list's statement `sql` for the tenant and the supplier when there is one (SQLite `EXPLAIN
/// QUERY PLAN`; PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)` of the generic plan, so run in the request's context).
pub async fn explain_list(
    tx: &mut Tx,
    sql: &str,
    tenant: TenantId,
    supplier: Option<Uuid>,
) -> Result<Vec<String>, sqlx::Error> {
    match &mut tx.inner {
        TxInner::Sqlite(conn) => {
            let text = format!("EXPLAIN QUERY PLAN {sql}");
            let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&text).bind(tenant.0);
            if let Some(s) = supplier {
                q = q.bind(s);
            }
            Ok(q.fetch_all(&mut **conn)
                .await?
                .into_iter()
                .map(|(_, _, _, detail)| detail)
                .collect())
        }
        TxInner::Postgres(conn) => {
            // The plan a request runs: read transactions force generic plans (`postgres_begin_read`), so the
            // statement is prepared without its values and `EXECUTE` shows that plan (an `EXPLAIN` of the statement
            // with bound values would show a plan made for those values).
            // A name of its own: a prepared statement outlives a failed transaction on the pooled connection.
            let name = format!("portico_explain_{}", Uuid::new_v4().simple());
            let prepare = format!("PREPARE {name} AS {sql}");
            sqlx::raw_sql(&prepare).execute(&mut **conn).await?;
            // The values are written into the `EXECUTE`: they are UUIDs (hexadecimal digits and hyphens only).
            let values = match supplier {
                Some(s) => format!("'{}'::uuid, '{s}'::uuid", tenant.0),
                None => format!("'{}'::uuid", tenant.0),
            };
            let text = format!("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE {name}({values})");
            let plan = sqlx::query_scalar::<_, String>(&text)
                .fetch_all(&mut **conn)
                .await;
            if plan.is_ok() {
                let deallocate = format!("DEALLOCATE {name}");
                sqlx::raw_sql(&deallocate).execute(&mut **conn).await?;
            }
            plan
        }
    }
}
