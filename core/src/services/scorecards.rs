//! Supplier scorecards (docs/EXCEPTIONS.md "Scorecards"). The KPIs of `portico_domain::scorecards` are computed from
//! counters per supplier and day: [`compute`] counts a range of days from the documents (first answers, promised
//! lines and what was received of them, notices and their first receipts, invoices, delay reports);
//! [`refresh`] stores closed days in `scorecard_days` (under a lease, recomputing the last 14 days for facts that
//! arrive late, e.g. a receipt dated back); [`trend`] sums stored days per period and adds today live, so a page
//! never reads all history.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::scorecards::{self as rows, DayRow};
use crate::db::{self, Context, Db, DbDecimal};
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::exceptions::{DocumentKind, ExceptionKind};
use portico_domain::scorecards::{
    breaches, count_lines, parse_thresholds, Counters, DueLine, LateLine, MissedInvoice, Period,
    Scorecard, ScorecardRow, ScorecardTable, SupplierScorecard, Threshold, ThresholdSettings, KPIS,
};
use portico_domain::{CurrentUser, TenantId};
use rust_decimal::Decimal;
use serde_json::json;
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

/// Stores every tenant's closed days not stored yet, and the last [`RECOMPUTE_DAYS`] again, once a day, and opens
/// `scorecard_below` for the last closed month ([`check_month`]). Holds the job's lease, so with several servers one runs it at a time. Returns how many supplier-days it stored.
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
        // One organisation's failure is logged and the others still get their day; its days are stored on the
        // next pass (from its last stored day).
        match refresh_tenant(db, tenant, today, now).await {
            Ok(n) => stored += n,
            Err(e) => {
                tracing::error!(tenant = %tenant.0, error = %e, "scorecards: storing days failed")
            }
        }
    }
    let mut tx = db.write(&Context::none()).await?;
    db::notifications::set_last_day(&mut tx, JOB, today).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Stores one tenant's closed days (see [`refresh`]) and checks its last closed month; returns the days stored.
async fn refresh_tenant(
    db: &Db,
    tenant: TenantId,
    today: Date,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let last = rows::last_day(&mut tx, tenant).await?;
    let first = rows::first_fact(&mut tx, tenant).await?;
    tx.commit().await?;
    let from = match (last, first) {
        (Some(last), _) => (last + Duration::days(1)).min(today - Duration::days(RECOMPUTE_DAYS)),
        // Nothing stored yet: from the first answer, and at least the last 400 days (promises and receipts can
        // come from elsewhere, e.g. orders answered by EDI before Portico).
        (None, first) => first
            .map(|f| f.date())
            .unwrap_or(today)
            .min(today - Duration::days(400)),
    };
    // A year per transaction, so a first pass over a long history holds no lock for long.
    let mut stored = 0;
    let mut from = from;
    while from < today {
        let to = today.min(from + Duration::days(366));
        stored += store_days(db, tenant, from, to).await?;
        from = to;
    }
    // A month that has closed is checked against the buyer's thresholds (once per cause).
    check_month(db, tenant, now).await?;
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

/// Scorecards per supplier and period: the `count` periods up to the one holding `at`, oldest first, each with its
/// bounds and KPIs (a supplier: `supplier` is its own). Days up to `today` count (today live).
pub async fn trend(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: Option<Uuid>,
    period: Period,
    count: usize,
    at: Date,
    today: Date,
) -> Result<BTreeMap<Uuid, Vec<(Date, Date, Scorecard)>>, CoreError> {
    let periods = period.last(at, count);
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

/// The signed-in supplier's scorecard for its buyer: KPIs per period up to the one holding `at` (today when
/// `None` or later), and what drags that one down.
pub async fn supplier_page(
    db: &Db,
    user: &CurrentUser,
    period: Period,
    at: Option<Date>,
) -> Result<SupplierScorecard, CoreError> {
    let w = &user.workspace;
    let (Some(supplier), false) = (w.supplier_id, w.role.is_buyer_side()) else {
        return Err(CoreError::Forbidden);
    };
    let scope = crate::scope::Scope::of(w);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let card = scorecard_of(&mut tx, w.tenant_id, supplier.0, period, at).await?;
    tx.commit().await?;
    Ok(card)
}

/// One supplier's scorecard as its buyer sees it (the supplier's page, from the comparison or a `scorecard_below`
/// exception): buyer side only; a supplier of another organisation is not found.
pub async fn supplier_page_for_buyer(
    db: &Db,
    user: &CurrentUser,
    supplier: Uuid,
    period: Period,
    at: Option<Date>,
) -> Result<SupplierScorecard, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let tenant = user.workspace.tenant_id;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    if !rows::suppliers(&mut tx, tenant)
        .await?
        .iter()
        .any(|(id, _)| *id == supplier)
    {
        return Err(CoreError::NotFound);
    }
    let card = scorecard_of(&mut tx, tenant, supplier, period, at).await?;
    tx.commit().await?;
    Ok(card)
}

async fn scorecard_of(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: Uuid,
    period: Period,
    at: Option<Date>,
) -> Result<SupplierScorecard, CoreError> {
    let today = OffsetDateTime::now_utc().date();
    let at = at.map_or(today, |d| d.min(today));
    let mut cards = trend(tx, tenant, Some(supplier), period, PERIODS_SHOWN, at, today).await?;
    let periods = match cards.remove(&supplier) {
        Some(p) => p,
        None => period
            .last(at, PERIODS_SHOWN)
            .into_iter()
            .map(|(a, b)| (a, b, Scorecard::of(&Counters::default())))
            .collect(),
    };
    let (from, to) = period.bounds(at);
    // The late lines of the period: due, not on time in full (by what arrived by the promised date).
    let mut received: HashMap<(Uuid, i32), Vec<(Date, Decimal)>> = HashMap::new();
    for (order, line, on, q) in rows::receipts_of_due(tx, tenant, from, to).await? {
        received.entry((order, line)).or_default().push((on, q.0));
    }
    let mut late_lines = Vec::new();
    for (order, number, line, date, quantity) in rows::due_lines_of(
        tx,
        tenant,
        supplier,
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
    let missed_invoices = rows::missed_invoices(tx, tenant, supplier, midnight(from), midnight(to))
        .await?
        .into_iter()
        .map(|(id, number, status)| MissedInvoice { id, number, status })
        .collect();
    let (supplier_name, buyer_name) = rows::names(tx, tenant, supplier).await?;
    let thresholds = thresholds_in(tx, tenant).await?;
    Ok(SupplierScorecard {
        period,
        supplier_id: supplier,
        supplier_name,
        buyer_name,
        periods,
        current: to > today,
        thresholds,
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
    let cards = trend(&mut tx, tenant, None, period, PERIODS_SHOWN, today, today).await?;
    let suppliers = rows::suppliers(&mut tx, tenant).await?;
    let thresholds = thresholds_in(&mut tx, tenant).await?;
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
        thresholds,
    })
}

/// The buyer's thresholds, with the time each was set.
async fn thresholds_set(
    tx: &mut db::Tx,
    tenant: TenantId,
) -> Result<Vec<(Threshold, OffsetDateTime)>, CoreError> {
    Ok(rows::thresholds(tx, tenant)
        .await?
        .into_iter()
        .map(|(kpi, value, set_at)| {
            (
                Threshold {
                    kpi,
                    value: value.0.normalize(),
                },
                set_at,
            )
        })
        .collect())
}

async fn thresholds_in(tx: &mut db::Tx, tenant: TenantId) -> Result<Vec<Threshold>, CoreError> {
    Ok(thresholds_set(tx, tenant)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect())
}

/// The buyer's KPI thresholds (anyone of the organisation may read them: suppliers see them as targets).
pub async fn thresholds(db: &Db, user: &CurrentUser) -> Result<ThresholdSettings, CoreError> {
    let scope = crate::scope::Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let thresholds = thresholds_in(&mut tx, scope.tenant_id()).await?;
    tx.commit().await?;
    Ok(ThresholdSettings { thresholds })
}

/// Sets the buyer's KPI thresholds (buyer administrators): one field per KPI, empty for none. A month is measured
/// against the thresholds set before it ended. Mistakes by field, all at once, and nothing stored.
pub async fn save_thresholds(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    fields: &[(String, String)],
) -> Result<Result<ThresholdSettings, Vec<FieldError>>, CoreError> {
    let tenant = super::buyer_admin_tenant(user)?;
    let parsed = match parse_thresholds(fields) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::save_thresholds(
        &mut tx,
        tenant,
        &parsed,
        user.id.0,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let detail: serde_json::Map<String, serde_json::Value> = parsed
        .iter()
        .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), json!(v.to_string()))))
        .collect();
    let entry = Entry::new(
        Some(tenant),
        Some(user.id),
        Action::ScorecardThresholdsSaved,
    )
    .detail(serde_json::Value::Object(detail));
    audit::append(&mut tx, meta, entry).await?;
    let thresholds = thresholds_in(&mut tx, tenant).await?;
    tx.commit().await?;
    Ok(Ok(ThresholdSettings { thresholds }))
}

/// The catalogue key of what a `scorecard_below` exception says, per KPI.
fn below_key(kpi: &str) -> &'static str {
    match kpi {
        "otif" => "exception-detail-below-otif",
        "fill_rate" => "exception-detail-below-fill-rate",
        "ack_on_time" => "exception-detail-below-ack-on-time",
        "ack_turnaround" => "exception-detail-below-ack-turnaround",
        "asn_timeliness" => "exception-detail-below-asn-timeliness",
        "invoice_first_pass" => "exception-detail-below-invoice-first-pass",
        "price_accuracy" => "exception-detail-below-price-accuracy",
        _ => "exception-detail-below-change-rate",
    }
}

/// Opens a `scorecard_below` exception for every supplier and KPI of `tenant` on the wrong side of a threshold in
/// the last closed month before `now` (thresholds set before that month ended), once per supplier, month and KPI
/// however often it runs. Returns how many it opened.
pub async fn check_month(
    db: &Db,
    tenant: TenantId,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    let today = now.date();
    let Some(in_last_month) = today.replace_day(1).ok().and_then(|d| d.previous_day()) else {
        return Ok(0);
    };
    let (from, to) = Period::Month.bounds(in_last_month);
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let thresholds: Vec<Threshold> = thresholds_set(&mut tx, tenant)
        .await?
        .into_iter()
        .filter(|(_, set_at)| *set_at < midnight(to))
        .map(|(t, _)| t)
        .collect();
    if thresholds.is_empty() {
        return Ok(0);
    }
    let months = trend(
        &mut tx,
        tenant,
        None,
        Period::Month,
        1,
        in_last_month,
        today,
    )
    .await?;
    let month = format!("{:04}-{:02}", from.year(), u8::from(from.month()));
    let mut opened = 0;
    for (supplier, cards) in months {
        let Some((_, _, card)) = cards.first() else {
            continue;
        };
        let found = breaches(card, &thresholds);
        if found.is_empty() {
            continue;
        }
        let supplier_ref = crate::exceptions::supplier_ref(&mut tx, tenant, supplier).await?;
        for b in found {
            let opening = crate::exceptions::Opening {
                kind: ExceptionKind::ScorecardBelow,
                supplier: supplier_ref.clone(),
                document: DocumentKind::Scorecard,
                document_id: supplier,
                document_number: month.clone(),
                line_number: None,
                detail: Some((
                    below_key(b.kpi),
                    vec![
                        ("month".to_owned(), month.clone()),
                        ("value".to_owned(), b.value.to_string()),
                        ("threshold".to_owned(), b.threshold.to_string()),
                    ],
                )),
                dedupe_key: format!("scorecard_below:{supplier}:{month}:{}", b.kpi),
            };
            if crate::exceptions::open(&mut tx, tenant, opening, now, None)
                .await?
                .is_some()
            {
                opened += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(opened)
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
