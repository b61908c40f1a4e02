//! Supplier scorecards (docs/EXCEPTIONS.md "Scorecards"). The KPIs of `portico_domain::scorecards` are computed from
//! counters per supplier and day: [`compute`] counts a range of days from the documents (first answers, promised
//! lines and what was received of them, notices and their first receipts, invoices, delay reports);
//! [`refresh`] stores closed days in `scorecard_days` (under a lease, recomputing the last 14 days for facts that
//! arrive late, e.g. a receipt dated back); [`trend`] sums stored days per period and adds today live, so a page
//! never reads all history.

use crate::db::scorecards::{self as rows, DayRow};
use crate::db::{self, Context, Db, DbDecimal};
use crate::CoreError;
use portico_domain::scorecards::{
    count_lines, Counters, DueLine, LateLine, MissedInvoice, Period, Scorecard, ScorecardRow,
    ScorecardTable, SupplierScorecard, KPIS,
};
use portico_domain::{CurrentUser, TenantId};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

/// How many closed days each refresh computes again (late facts: a receipt dated back, a late invoice line).
pub const RECOMPUTE_DAYS: i64 = 14;

/// Counters per supplier and day.
pub type DayCounters = BTreeMap<(Uuid, Date), Counters>;

fn midnight(day: Date) -> OffsetDateTime {
    day.with_time(Time::MIDNIGHT).assume_utc()
}

/// Counts the days `[from, to)` of a tenant from its documents, per supplier and day (UTC days).
pub async fn compute(
    tx: &mut db::Tx,
    tenant: TenantId,
    from: Date,
    to: Date,
) -> Result<DayCounters, CoreError> {
    let mut out: DayCounters = BTreeMap::new();
    let sla = i64::from(db::notifications::deadline(tx, tenant).await?);
    // First answers: hours from the version's arrival, within the deadline or not, with changes or not.
    for (supplier, at, arrived, changed) in
        rows::first_answers(tx, tenant, midnight(from), midnight(to)).await?
    {
        let c = out.entry((supplier, at.date())).or_default();
        let hours = (at - arrived).whole_hours().max(0);
        c.ack_hours.push(u32::try_from(hours).unwrap_or(u32::MAX));
        if hours <= sla {
            c.acks_on_time += 1;
        }
        if changed {
            c.changes += 1;
        }
    }
    // Lines promised for the day: on time in full, and how much of them arrived.
    let mut received: HashMap<(Uuid, i32), Vec<(Date, Decimal)>> = HashMap::new();
    for (order, line, on, q) in rows::receipts_of_due(tx, tenant, from, to).await? {
        received.entry((order, line)).or_default().push((on, q.0));
    }
    for (supplier, order, line, date, quantity) in rows::due_lines(tx, tenant, from, to).await? {
        let due = DueLine {
            promised_date: date,
            promised_quantity: quantity.0,
            receipts: received.remove(&(order, line)).unwrap_or_default(),
        };
        count_lines(out.entry((supplier, date)).or_default(), &[due]);
    }
    // Notices by the day of their first receipt: sent before the goods arrived (that day at the latest)?
    for (supplier, submitted, first) in rows::notices_received(tx, tenant, from, to).await? {
        let c = out.entry((supplier, first)).or_default();
        c.notices_received += 1;
        if submitted.is_some_and(|s| s.date() <= first) {
            c.notices_before_receipt += 1;
        }
    }
    // Invoices: matched at once (every line), and lines at or below the order's price.
    let mut invoices: BTreeMap<Uuid, (Uuid, Date, bool)> = BTreeMap::new();
    for (supplier, invoice, at, outcome, price, order_price) in
        rows::invoice_lines(tx, tenant, midnight(from), midnight(to)).await?
    {
        let c = out.entry((supplier, at.date())).or_default();
        c.invoice_lines += 1;
        if price.0 <= order_price.0 {
            c.invoice_lines_price_ok += 1;
        }
        let entry = invoices
            .entry(invoice)
            .or_insert((supplier, at.date(), true));
        entry.2 &= outcome == "matched";
    }
    for (supplier, day, matched) in invoices.into_values() {
        let c = out.entry((supplier, day)).or_default();
        c.invoices += 1;
        if matched {
            c.invoices_matched += 1;
        }
    }
    for (supplier, at) in rows::delay_reports(tx, tenant, midnight(from), midnight(to)).await? {
        out.entry((supplier, at.date())).or_default().delays += 1;
    }
    Ok(out)
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_row(supplier: Uuid, day: Date, c: &Counters) -> DayRow {
    DayRow {
        supplier_id: supplier,
        day,
        ack_hours: c
            .ack_hours
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
        acks_on_time: count(c.acks_on_time),
        lines_due: count(c.lines_due),
        lines_on_time_in_full: count(c.lines_on_time_in_full),
        quantity_due: DbDecimal(c.quantity_due),
        quantity_received: DbDecimal(c.quantity_received),
        notices_received: count(c.notices_received),
        notices_before_receipt: count(c.notices_before_receipt),
        invoices: count(c.invoices),
        invoices_matched: count(c.invoices_matched),
        invoice_lines: count(c.invoice_lines),
        invoice_lines_price_ok: count(c.invoice_lines_price_ok),
        changes: count(c.changes),
        delays: count(c.delays),
    }
}

fn from_row(r: &DayRow) -> Counters {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    Counters {
        ack_hours: r
            .ack_hours
            .split(',')
            .filter_map(|h| h.trim().parse().ok())
            .collect(),
        acks_on_time: n(r.acks_on_time),
        lines_due: n(r.lines_due),
        lines_on_time_in_full: n(r.lines_on_time_in_full),
        quantity_due: r.quantity_due.0,
        quantity_received: r.quantity_received.0,
        notices_received: n(r.notices_received),
        notices_before_receipt: n(r.notices_before_receipt),
        invoices: n(r.invoices),
        invoices_matched: n(r.invoices_matched),
        invoice_lines: n(r.invoice_lines),
        invoice_lines_price_ok: n(r.invoice_lines_price_ok),
        changes: n(r.changes),
        delays: n(r.delays),
    }
}

/// Computes and stores the closed days `[from, to)` of a tenant (replacing what was stored for them).
pub async fn store_days(
    db: &Db,
    tenant: TenantId,
    from: Date,
    to: Date,
) -> Result<usize, CoreError> {
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let counted = compute(&mut tx, tenant, from, to).await?;
    let rows: Vec<DayRow> = counted
        .iter()
        .map(|((supplier, day), c)| to_row(*supplier, *day, c))
        .collect();
    rows::replace_days(&mut tx, tenant, from, to, &rows).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Stores every tenant's closed days not stored yet, and the last [`RECOMPUTE_DAYS`] again, once a day. Holds the
/// job's lease, so with several servers one runs it at a time. Returns how many supplier-days it stored.
pub async fn refresh(db: &Db, now: OffsetDateTime) -> Result<usize, CoreError> {
    const JOB: &str = "scorecards";
    if !super::notifications::lease(db, JOB, now).await? {
        return Ok(0);
    }
    let today = now.date();
    // Once a day: the days before today are closed.
    let mut tx = db.write(&Context::none()).await?;
    if db::notifications::last_day(&mut tx, JOB).await? == Some(today) {
        return Ok(0);
    }
    tx.commit().await?;
    let mut read = db.read(&Context::relay()).await?;
    let tenants = db::notifications::tenant_deadlines(&mut read).await?;
    read.commit().await?;
    let mut stored = 0;
    for (tenant, _) in tenants {
        let tenant = TenantId(tenant);
        let mut tx = db.read(&Context::tenant(tenant)).await?;
        let last = rows::last_day(&mut tx, tenant).await?;
        let first = rows::first_fact(&mut tx, tenant).await?;
        tx.commit().await?;
        let from = match (last, first) {
            (Some(last), _) => {
                (last + Duration::days(1)).min(today - Duration::days(RECOMPUTE_DAYS))
            }
            // Nothing stored yet: from the first answer, and at least the last 400 days (promises and receipts can
            // come from elsewhere, e.g. orders answered by EDI before Portico).
            (None, first) => first
                .map(|f| f.date())
                .unwrap_or(today)
                .min(today - Duration::days(400)),
        };
        // A year per transaction, so a first pass over a long history holds no lock for long.
        let mut from = from;
        while from < today {
            let to = today.min(from + Duration::days(366));
            stored += store_days(db, tenant, from, to).await?;
            from = to;
        }
    }
    let mut tx = db.write(&Context::none()).await?;
    db::notifications::set_last_day(&mut tx, JOB, today).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Counters per supplier of the days `[from, to)`: stored days, and today computed live when it is in the range.
async fn counters(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: Option<Uuid>,
    from: Date,
    to: Date,
    today: Date,
) -> Result<DayCounters, CoreError> {
    let mut out: DayCounters = BTreeMap::new();
    for r in rows::days(tx, tenant, supplier, from, to.min(today)).await? {
        out.insert((r.supplier_id, r.day), from_row(&r));
    }
    if from <= today && today < to {
        for ((s, day), c) in compute(tx, tenant, today, today + Duration::days(1)).await? {
            if supplier.is_none_or(|only| only == s) {
                out.insert((s, day), c);
            }
        }
    }
    Ok(out)
}

/// A supplier's scorecard per period: the `count` periods up to the one holding `today`, oldest first, each with
/// its bounds and KPIs (a supplier: `supplier` is its own).
pub async fn trend(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: Option<Uuid>,
    period: Period,
    count: usize,
    today: Date,
) -> Result<BTreeMap<Uuid, Vec<(Date, Date, Scorecard)>>, CoreError> {
    let periods = period.last(today, count);
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok(BTreeMap::new());
    };
    let days = counters(tx, tenant, supplier, first.0, last.1, today).await?;
    let mut sums: BTreeMap<Uuid, Vec<Counters>> = BTreeMap::new();
    for ((s, day), c) in &days {
        let slots = sums
            .entry(*s)
            .or_insert_with(|| vec![Counters::default(); periods.len()]);
        if let Some(i) = periods.iter().position(|(a, b)| a <= day && day < b) {
            slots[i].add(c);
        }
    }
    Ok(sums
        .into_iter()
        .map(|(s, slots)| {
            let cards = periods
                .iter()
                .zip(slots.iter())
                .map(|((a, b), c)| (*a, *b, Scorecard::of(c)))
                .collect();
            (s, cards)
        })
        .collect())
}

/// How many periods the pages show.
pub const PERIODS_SHOWN: usize = 8;

/// The signed-in supplier's scorecard for its buyer: KPIs per period and what drags the current one down.
pub async fn supplier_page(
    db: &Db,
    user: &CurrentUser,
    period: Period,
) -> Result<SupplierScorecard, CoreError> {
    let w = &user.workspace;
    let (Some(supplier), false) = (w.supplier_id, w.role.is_buyer_side()) else {
        return Err(CoreError::Forbidden);
    };
    let tenant = w.tenant_id;
    let today = OffsetDateTime::now_utc().date();
    let scope = crate::scope::Scope::of(w);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let mut cards = trend(
        &mut tx,
        tenant,
        Some(supplier.0),
        period,
        PERIODS_SHOWN,
        today,
    )
    .await?;
    let periods = match cards.remove(&supplier.0) {
        Some(p) => p,
        None => period
            .last(today, PERIODS_SHOWN)
            .into_iter()
            .map(|(a, b)| (a, b, Scorecard::of(&Counters::default())))
            .collect(),
    };
    let (from, to) = period.bounds(today);
    // The late lines of the current period: due, not on time in full (by what arrived by the promised date).
    let mut received: HashMap<(Uuid, i32), Vec<(Date, Decimal)>> = HashMap::new();
    for (order, line, on, q) in rows::receipts_of_due(&mut tx, tenant, from, to).await? {
        received.entry((order, line)).or_default().push((on, q.0));
    }
    let mut late_lines = Vec::new();
    for (order, number, line, date, quantity) in rows::due_lines_of(
        &mut tx,
        tenant,
        supplier.0,
        from,
        to.min(today + Duration::days(1)),
    )
    .await?
    {
        let due = DueLine {
            promised_date: date,
            promised_quantity: quantity.0,
            receipts: received.remove(&(order, line)).unwrap_or_default(),
        };
        // A line due today may still arrive today: only past days count as late.
        if date < today && !due.on_time_in_full() {
            let by_date = due
                .receipts
                .iter()
                .filter(|(d, _)| *d <= date)
                .map(|(_, q)| *q)
                .sum();
            late_lines.push(LateLine {
                order_id: order,
                order_number: number,
                line_number: line,
                promised_date: date,
                promised_quantity: quantity.0,
                received_by_date: by_date,
            });
        }
    }
    let missed_invoices =
        rows::missed_invoices(&mut tx, tenant, supplier.0, midnight(from), midnight(to))
            .await?
            .into_iter()
            .map(|(id, number, status)| MissedInvoice { id, number, status })
            .collect();
    let (supplier_name, buyer_name) = rows::names(&mut tx, tenant, supplier.0).await?;
    tx.commit().await?;
    Ok(SupplierScorecard {
        period,
        supplier_name,
        buyer_name,
        periods,
        late_lines,
        missed_invoices,
    })
}

/// The buyer's comparison of every supplier for the current period, with each one's OTIF trend.
pub async fn buyer_table(
    db: &Db,
    user: &CurrentUser,
    period: Period,
) -> Result<ScorecardTable, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let tenant = user.workspace.tenant_id;
    let today = OffsetDateTime::now_utc().date();
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let cards = trend(&mut tx, tenant, None, period, PERIODS_SHOWN, today).await?;
    let suppliers = rows::suppliers(&mut tx, tenant).await?;
    tx.commit().await?;
    let empty = Scorecard::of(&Counters::default());
    let rows = suppliers
        .into_iter()
        .map(|(id, name)| {
            let periods = cards.get(&id);
            ScorecardRow {
                supplier_id: id,
                supplier_name: name,
                card: periods
                    .and_then(|p| p.last())
                    .map(|(_, _, c)| c.clone())
                    .unwrap_or_else(|| empty.clone()),
                otif_trend: match periods {
                    Some(p) => p.iter().map(|(_, _, c)| c.otif_pct.value).collect(),
                    None => vec![None; PERIODS_SHOWN],
                },
            }
        })
        .collect();
    let (from, to) = period.bounds(today);
    Ok(ScorecardTable {
        period,
        from,
        to,
        rows,
    })
}

/// The comparison as CSV: one row per supplier, the period's bounds and each KPI with its basis (empty for no
/// data).
pub fn csv(table: &ScorecardTable) -> Result<String, CoreError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![
        "supplier".to_owned(),
        "period_start".to_owned(),
        "period_end".to_owned(),
    ];
    for k in KPIS {
        head.push(k.to_owned());
        head.push(format!("{k}_basis"));
    }
    let fail = |e: csv::Error| CoreError::Internal(anyhow::anyhow!("scorecard csv: {e}"));
    w.write_record(&head).map_err(fail)?;
    for r in &table.rows {
        let mut rec = vec![
            r.supplier_name.clone(),
            table.from.to_string(),
            (table.to - Duration::days(1)).to_string(),
        ];
        for k in KPIS {
            let kpi = r
                .card
                .kpi(k)
                .cloned()
                .unwrap_or(portico_domain::scorecards::Kpi {
                    value: None,
                    basis: 0,
                });
            rec.push(kpi.value.map(|v| v.to_string()).unwrap_or_default());
            rec.push(kpi.basis.to_string());
        }
        w.write_record(&rec).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("scorecard csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CoreError::Internal(anyhow::anyhow!("scorecard csv: {e}")))
}
