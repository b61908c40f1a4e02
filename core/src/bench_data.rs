//! The benchmark data set (docs/PERFORMANCE.md): many buyer organisations, suppliers, purchase orders and lines,
//! written straight into the tables in batched multi-row inserts — no services and no events, because what the
//! benchmark measures is reading them. Deterministic from a seed, so two runs measure the same rows.
//!
//! Every organisation `bench-NN` has a buyer `buyer@bench-NN.example` and a supplier administrator
//! `supplier@bench-NN.example` at its first supplier, all with [`BENCH_PASSWORD`].

use crate::auth::password;
use crate::db::bench_data::{BenchLine, BenchOrder};
use crate::db::{self, Context, Db};
use crate::seed::{status_for, Rng};
use crate::CoreError;
use portico_domain::{Email, MembershipRole, SupplierId, TenantId, UserId};
use rust_decimal::Decimal;
use time::{Date, Duration};
use uuid::Uuid;

/// The password of every benchmark login.
pub const BENCH_PASSWORD: &str = "portico-bench";

/// How much to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BenchSpec {
    /// Buyer organisations.
    pub buyers: u32,
    /// Suppliers, spread evenly over the organisations (at least one each).
    pub suppliers: u32,
    /// Purchase orders, spread evenly over the suppliers; 1–19 lines each, 10 on average.
    pub orders: u32,
}

impl BenchSpec {
    /// The full-size set of docs/PERFORMANCE.md: 20 organisations, 1000 suppliers, 100 000 orders.
    pub const FULL: BenchSpec = BenchSpec {
        buyers: 20,
        suppliers: 1000,
        orders: 100_000,
    };

    /// Checks the figures: every organisation needs a supplier, every supplier an order.
    pub fn check(&self) -> Result<(), CoreError> {
        if self.buyers == 0 || self.buyers > 99 {
            return Err(CoreError::validation("buyers", "between 1 and 99"));
        }
        if self.suppliers < self.buyers {
            return Err(CoreError::validation(
                "suppliers",
                "at least one per buyer organisation",
            ));
        }
        if self.orders < self.suppliers {
            return Err(CoreError::validation("orders", "at least one per supplier"));
        }
        Ok(())
    }
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BenchOutcome {
    pub tenants: u32,
    pub suppliers: u32,
    pub orders: u64,
    pub lines: u64,
}

/// A login of the benchmark set.
pub fn bench_login(buyer_index: u32, supplier: bool) -> String {
    let who = if supplier { "supplier" } else { "buyer" };
    format!("{who}@bench-{:02}.example", buyer_index + 1)
}

/// Orders per transaction.
const ORDERS_PER_TRANSACTION: usize = 2000;

const ITEMS: &[(&str, &str, &str)] = &[
    ("100-2041", "Hex bolt M8 x 40, zinc plated", "EA"),
    ("100-3310", "Safety gloves, nitrile, size L", "PR"),
    ("200-0107", "Cordless drill 18 V with 2 batteries", "EA"),
    ("100-5521", "Cable ties 300 mm, black, pack of 100", "PK"),
    ("200-0450", "LED work light 20 W", "EA"),
    ("300-1180", "Pallet wrap film 500 mm x 300 m", "RL"),
    ("300-2204", "Corrugated box 600 x 400 x 400", "EA"),
    ("400-0031", "Hydraulic oil HLP 46, 20 l", "EA"),
];

/// Writes the benchmark set into an empty database (one without logins). The last order date is `today`; order dates
/// go back about two years.
pub async fn generate(db: &Db, spec: BenchSpec, today: Date) -> Result<BenchOutcome, CoreError> {
    spec.check()?;
    if db::setup::has_accounts(db).await? {
        return Err(CoreError::validation(
            "database",
            "already has logins; the benchmark set goes into an empty database",
        ));
    }
    let hash = password::hash(BENCH_PASSWORD)?;
    let mut rng = Rng(0x0BE7_C4DA_7A5E_ED01);
    let epoch_ms: u64 = 1_795_132_800_000;
    let mut outcome = BenchOutcome::default();
    let mut order_seq: u64 = 0;
    for t in 0..spec.buyers {
        let tenant = TenantId(rng.uuid(epoch_ms));
        // This organisation's share of suppliers and orders (the first ones take the remainders).
        let suppliers = share(spec.suppliers, spec.buyers, t);
        let orders = share(spec.orders, spec.buyers, t);
        let mut tx = db.write(&Context::tenant(tenant)).await?;
        let slug = format!("bench-{:02}", t + 1);
        db::setup::insert_tenant(
            &mut tx,
            tenant,
            &slug,
            &format!("Bench Distribution {:02}", t + 1),
        )
        .await?;
        let mut supplier_ids = Vec::with_capacity(suppliers as usize);
        for s in 0..suppliers {
            let id = SupplierId(rng.uuid(epoch_ms));
            db::setup::insert_supplier(
                &mut tx,
                tenant,
                id,
                &format!("S{:04}", s + 1),
                &format!("Supplier {:04} of {slug}", s + 1),
            )
            .await?;
            supplier_ids.push(id);
        }
        for (supplier, role) in [
            (None, MembershipRole::Buyer),
            (Some(supplier_ids[0]), MembershipRole::SupplierAdmin),
        ] {
            let user = UserId(rng.uuid(epoch_ms));
            let address = bench_login(t, supplier.is_some());
            let email = Email::parse(&address)
                .map_err(|e| CoreError::validation("email", e.to_string()))?;
            db::setup::insert_user(&mut tx, user, &email, &address, &hash).await?;
            db::setup::insert_membership(&mut tx, rng.uuid(epoch_ms), user, tenant, supplier, role)
                .await?;
        }
        tx.commit().await?;
        outcome.tenants += 1;
        outcome.suppliers += suppliers;

        let mut written = 0u32;
        while written < orders {
            let batch = (orders - written).min(ORDERS_PER_TRANSACTION as u32);
            let rows: Vec<BenchOrder> = (0..batch)
                .map(|i| {
                    order_seq += 1;
                    // Round-robin over the suppliers, so each has its share of every period.
                    let supplier = supplier_ids[((written + i) % suppliers) as usize].0;
                    order_row(&mut rng, epoch_ms, supplier, order_seq, today)
                })
                .collect();
            let mut tx = db.write(&Context::tenant(tenant)).await?;
            db::bench_data::insert_orders(&mut tx, tenant, &rows).await?;
            tx.commit().await?;
            outcome.orders += rows.len() as u64;
            outcome.lines += rows.iter().map(|r| r.lines.len() as u64).sum::<u64>();
            written += batch;
        }
    }
    Ok(outcome)
}

/// Gathers fresh statistics for the planner, as a database that has lived a while would have them. On PostgreSQL
/// only the tables' owner may: pass the owner's pool.
pub async fn analyze(owner: &Db) -> Result<(), sqlx::Error> {
    db::bench_data::analyze(owner).await
}

/// Part `index` of `total` split into `parts` (the first parts take the remainder).
fn share(total: u32, parts: u32, index: u32) -> u32 {
    total / parts + u32::from(index < total % parts)
}

fn order_row(rng: &mut Rng, epoch_ms: u64, supplier: Uuid, seq: u64, today: Date) -> BenchOrder {
    let age_days = rng.below(730) as i64;
    let order_date = today - Duration::days(age_days);
    let line_count = 1 + rng.below(19) as usize;
    let lines: Vec<BenchLine> = (0..line_count)
        .map(|_| {
            let (buyer_item, description, unit_of_measure) =
                ITEMS[rng.below(ITEMS.len() as u64) as usize];
            BenchLine {
                buyer_item,
                description,
                unit_of_measure,
                quantity: Decimal::from(1 + rng.below(500)),
                unit_price: Decimal::new(10 + rng.below(50_000) as i64, 2),
                requested_date: order_date + Duration::days(7 + rng.below(28) as i64),
            }
        })
        .collect();
    let total = lines.iter().map(|l| l.quantity * l.unit_price).sum();
    BenchOrder {
        id: rng.uuid(epoch_ms),
        supplier,
        number: format!("{}", 4_600_000_000u64 + seq),
        status: status_for(rng.below(100)).code(),
        order_date,
        total,
        lines,
    }
}

/// The query plan of the first page of the buyer's list and of a supplier's inbox (SQLite `EXPLAIN QUERY PLAN`,
/// PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)`), for the first benchmark organisation: which index serves them.
pub async fn explain_inbox(db: &Db) -> Result<Vec<(String, String)>, CoreError> {
    use crate::db::purchase_orders::list_sql;
    use crate::scope::Scope;
    use portico_domain::InboxFilter;
    let slug = "bench-01";
    let tenant = db::relay::tenant_by_slug(db, slug)
        .await?
        .ok_or_else(|| CoreError::validation("database", "has no benchmark set"))?;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let supplier = db::bench_data::supplier_by_code(&mut tx, tenant, "S0001")
        .await?
        .ok_or_else(|| CoreError::validation("database", "has no benchmark supplier S0001"))?;
    tx.commit().await?;
    let filter = InboxFilter::default();
    let mut plans = Vec::new();
    for (label, scope) in [
        ("buyer", Scope::tenant(tenant)),
        ("supplier", Scope::supplier(tenant, SupplierId(supplier))),
    ] {
        let sql = list_sql(&scope, &filter);
        // Through a read transaction in the scope's context, as requests run it (row-level security included).
        let mut tx = db.read(&Context::scope(&scope)).await?;
        let plan =
            db::bench_data::explain_list(&mut tx, &sql, tenant, scope.supplier_id().map(|s| s.0))
                .await?;
        tx.commit().await?;
        plans.push((label.to_owned(), plan.join("\n")));
    }
    Ok(plans)
}
