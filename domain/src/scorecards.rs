//! Supplier scorecards: the KPI definitions of docs/EXCEPTIONS.md "Scorecards", computed from counters summed over a
//! period (ISO week, month, quarter). A KPI without anything to measure in the period is "no data" — never 0 % or
//! 100 % — so a supplier with no orders is not ranked best or worst.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

/// The length of a scorecard period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// An ISO week, Monday to Sunday.
    Week,
    Month,
    Quarter,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Week, Period::Month, Period::Quarter];

    pub const fn code(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code.trim())
    }

    /// The period that holds `day`: its first day and the first day after it.
    pub fn bounds(self, day: Date) -> (Date, Date) {
        match self {
            Period::Week => {
                let start =
                    day - Duration::days(i64::from(day.weekday().number_days_from_monday()));
                (start, start + Duration::days(7))
            }
            Period::Month => {
                let start = day.replace_day(1).expect("day 1 exists");
                (start, first_of_next_month(start))
            }
            Period::Quarter => {
                let first_month = (u8::from(day.month()) - 1) / 3 * 3 + 1;
                let start = Date::from_calendar_date(
                    day.year(),
                    Month::try_from(first_month).expect("a month"),
                    1,
                )
                .expect("a date");
                let end = first_of_next_month(first_of_next_month(first_of_next_month(start)));
                (start, end)
            }
        }
    }

    /// The `count` periods up to and including the one that holds `day`, oldest first.
    pub fn last(self, day: Date, count: usize) -> Vec<(Date, Date)> {
        let mut out = Vec::with_capacity(count);
        let mut current = self.bounds(day);
        for _ in 0..count {
            out.push(current);
            current = self.bounds(current.0 - Duration::days(1));
        }
        out.reverse();
        out
    }
}

fn first_of_next_month(first: Date) -> Date {
    let (year, month) = match first.month() {
        Month::December => (first.year() + 1, Month::January),
        m => (first.year(), m.next()),
    };
    Date::from_calendar_date(year, month, 1).expect("a date")
}

/// Whether `day` is a Monday (the first day of an ISO week).
pub fn is_week_start(day: Date) -> bool {
    day.weekday() == Weekday::Monday
}

/// What happened in a period, counted. Every field is a count (or a sum of quantities); counters of days add up to
/// counters of a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Hours from each order (version) arriving to the supplier's first answer, one entry per answer.
    pub ack_hours: Vec<u32>,
    /// Answers within the buyer's deadline.
    pub acks_on_time: u32,
    /// Order lines whose promised date fell in the period.
    pub lines_due: u32,
    /// Of those, lines whose accepted receipts reached the promised quantity on or before the promised date.
    pub lines_on_time_in_full: u32,
    /// Quantity promised on the lines due.
    pub quantity_due: Decimal,
    /// Quantity received and accepted on the lines due (at most what was promised per line).
    pub quantity_received: Decimal,
    /// Notices with a receipt in the period.
    pub notices_received: u32,
    /// Of those, notices submitted before their first receipt.
    pub notices_before_receipt: u32,
    /// Invoices submitted in the period.
    pub invoices: u32,
    /// Of those, invoices that started `matched`.
    pub invoices_matched: u32,
    /// Invoice lines submitted in the period.
    pub invoice_lines: u32,
    /// Of those, lines at or below the order price.
    pub invoice_lines_price_ok: u32,
    /// Answers with changes (quantity, price, date, split).
    pub changes: u32,
    /// Delay reports (each moves promised dates: a change too).
    pub delays: u32,
}

impl Counters {
    /// Adds another day's (or supplier's) counters.
    pub fn add(&mut self, other: &Counters) {
        self.ack_hours.extend_from_slice(&other.ack_hours);
        self.acks_on_time += other.acks_on_time;
        self.lines_due += other.lines_due;
        self.lines_on_time_in_full += other.lines_on_time_in_full;
        self.quantity_due += other.quantity_due;
        self.quantity_received += other.quantity_received;
        self.notices_received += other.notices_received;
        self.notices_before_receipt += other.notices_before_receipt;
        self.invoices += other.invoices;
        self.invoices_matched += other.invoices_matched;
        self.invoice_lines += other.invoice_lines;
        self.invoice_lines_price_ok += other.invoice_lines_price_ok;
        self.changes += other.changes;
        self.delays += other.delays;
    }

    fn answers(&self) -> u32 {
        u32::try_from(self.ack_hours.len()).unwrap_or(u32::MAX)
    }
}

/// A KPI's value in a period: `None` when there was nothing to measure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpi {
    pub value: Option<Decimal>,
    /// What it was measured on (answers, lines, notices, invoices …), for "of how many".
    pub basis: u32,
}

/// The KPIs of one supplier and period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Median hours to the first answer.
    pub ack_turnaround_hours: Kpi,
    /// Percent of answers within the deadline.
    pub ack_on_time_pct: Kpi,
    /// Percent of due lines on time in full.
    pub otif_pct: Kpi,
    /// Percent of the due quantity received.
    pub fill_rate_pct: Kpi,
    /// Percent of received notices sent before the goods arrived.
    pub asn_timeliness_pct: Kpi,
    /// Percent of invoices matched at once.
    pub invoice_first_pass_pct: Kpi,
    /// Percent of invoice lines at or below the order price.
    pub price_accuracy_pct: Kpi,
    /// Percent of answers with changes, delay reports counted as answers with changes.
    pub change_rate_pct: Kpi,
}

/// `part` of `whole` in percent, one decimal, half away from zero; no data when `whole` is 0.
fn pct(part: u32, whole: u32) -> Kpi {
    Kpi {
        value: (whole > 0).then(|| {
            (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }),
        basis: whole,
    }
}

/// The median of `values` (the mean of the two middle values for an even count), one decimal.
pub fn median(values: &[u32]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let mid = v.len() / 2;
    let m = if v.len() % 2 == 1 {
        Decimal::from(v[mid])
    } else {
        (Decimal::from(v[mid - 1]) + Decimal::from(v[mid])) / Decimal::TWO
    };
    Some(m.round_dp(1))
}

impl Scorecard {
    /// The KPIs of `c`.
    pub fn of(c: &Counters) -> Self {
        let answers = c.answers();
        let fill = Kpi {
            value: (!c.quantity_due.is_zero()).then(|| {
                (c.quantity_received.min(c.quantity_due) * Decimal::ONE_HUNDRED / c.quantity_due)
                    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            }),
            basis: c.lines_due,
        };
        Self {
            ack_turnaround_hours: Kpi {
                value: median(&c.ack_hours),
                basis: answers,
            },
            ack_on_time_pct: pct(c.acks_on_time, answers),
            otif_pct: pct(c.lines_on_time_in_full, c.lines_due),
            fill_rate_pct: fill,
            asn_timeliness_pct: pct(c.notices_before_receipt, c.notices_received),
            invoice_first_pass_pct: pct(c.invoices_matched, c.invoices),
            price_accuracy_pct: pct(c.invoice_lines_price_ok, c.invoice_lines),
            change_rate_pct: pct(c.changes + c.delays, answers + c.delays),
        }
    }
}

/// One order line measured for OTIF and fill rate: what was promised (after accepted changes and delay reports) and
/// what arrived when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueLine {
    pub promised_date: Date,
    pub promised_quantity: Decimal,
    /// Accepted (received less rejected) quantities with their receipt dates.
    pub receipts: Vec<(Date, Decimal)>,
}

impl DueLine {
    /// Whether the promised quantity had arrived by the promised date (a partial shipment counts once its last
    /// needed quantity arrived on time).
    pub fn on_time_in_full(&self) -> bool {
        let by_date: Decimal = self
            .receipts
            .iter()
            .filter(|(d, _)| *d <= self.promised_date)
            .map(|(_, q)| *q)
            .sum();
        by_date >= self.promised_quantity
    }

    /// What arrived in all, up to the promised quantity.
    pub fn received(&self) -> Decimal {
        self.receipts
            .iter()
            .map(|(_, q)| *q)
            .sum::<Decimal>()
            .min(self.promised_quantity)
    }
}

/// Counts due lines into `c`.
pub fn count_lines(c: &mut Counters, lines: &[DueLine]) {
    for l in lines {
        c.lines_due += 1;
        c.quantity_due += l.promised_quantity;
        c.quantity_received += l.received();
        if l.on_time_in_full() {
            c.lines_on_time_in_full += 1;
        }
    }
}

/// A line that drags OTIF down: due in the period, not on time in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateLine {
    pub order_id: uuid::Uuid,
    pub order_number: String,
    pub line_number: i32,
    pub promised_date: Date,
    pub promised_quantity: Decimal,
    /// Received (accepted) by the promised date.
    pub received_by_date: Decimal,
}

/// An invoice that drags first-pass matching down: it did not start `matched`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissedInvoice {
    pub id: uuid::Uuid,
    pub number: String,
    pub status: String,
}

/// The supplier's scorecard page: its KPIs per period (oldest first) and what drags the current period down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierScorecard {
    pub period: Period,
    pub supplier_id: uuid::Uuid,
    pub supplier_name: String,
    pub buyer_name: String,
    /// The shown periods, oldest first; the last is the one the page is about.
    pub periods: Vec<(Date, Date, Scorecard)>,
    /// Whether the last period is the one holding today (no later period to go to).
    pub current: bool,
    /// The buyer's thresholds, shown as targets.
    pub thresholds: Vec<Threshold>,
    pub late_lines: Vec<LateLine>,
    pub missed_invoices: Vec<MissedInvoice>,
}

/// One supplier in the buyer's comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardRow {
    pub supplier_id: uuid::Uuid,
    pub supplier_name: String,
    /// The current period.
    pub card: Scorecard,
    /// OTIF per period, oldest first (for the sparkline).
    pub otif_trend: Vec<Option<Decimal>>,
}

/// The buyer's comparison of suppliers for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorecardTable {
    pub period: Period,
    pub from: Date,
    pub to: Date,
    pub rows: Vec<ScorecardRow>,
    /// The buyer's thresholds: cells on the wrong side are marked.
    pub thresholds: Vec<Threshold>,
}

/// The KPIs by code, in the order pages show them.
pub const KPIS: [&str; 8] = [
    "otif",
    "fill_rate",
    "ack_on_time",
    "ack_turnaround",
    "asn_timeliness",
    "invoice_first_pass",
    "price_accuracy",
    "change_rate",
];

impl Scorecard {
    /// The KPI with this code.
    pub fn kpi(&self, code: &str) -> Option<&Kpi> {
        Some(match code {
            "otif" => &self.otif_pct,
            "fill_rate" => &self.fill_rate_pct,
            "ack_on_time" => &self.ack_on_time_pct,
            "ack_turnaround" => &self.ack_turnaround_hours,
            "asn_timeliness" => &self.asn_timeliness_pct,
            "invoice_first_pass" => &self.invoice_first_pass_pct,
            "price_accuracy" => &self.price_accuracy_pct,
            "change_rate" => &self.change_rate_pct,
            _ => return None,
        })
    }
}

/// Whether more of the KPI is better (turnaround and change rate: less is better).
pub fn higher_is_better(code: &str) -> bool {
    !matches!(code, "ack_turnaround" | "change_rate")
}

/// Points of a line chart of `values` in a `width` × `height` box (y grows downwards), scaled to `0..=max`; a
/// period without data has no point (the line breaks there).
pub fn chart_points(
    values: &[Option<Decimal>],
    width: f64,
    height: f64,
    max: f64,
) -> Vec<Option<(f64, f64)>> {
    use rust_decimal::prelude::ToPrimitive;
    let n = values.len();
    let step = if n > 1 { width / (n - 1) as f64 } else { 0.0 };
    let max = if max > 0.0 { max } else { 1.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.and_then(|v| v.to_f64()).map(|v| {
                let x = if n > 1 { step * i as f64 } else { width / 2.0 };
                let y = height - (v.clamp(0.0, max) / max) * height;
                ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn periods_are_iso_weeks_months_and_quarters() {
        // Thursday 26 November 2026.
        let day = date!(2026 - 11 - 26);
        assert_eq!(
            Period::Week.bounds(day),
            (date!(2026 - 11 - 23), date!(2026 - 11 - 30))
        );
        assert_eq!(
            Period::Month.bounds(day),
            (date!(2026 - 11 - 01), date!(2026 - 12 - 01))
        );
        assert_eq!(
            Period::Quarter.bounds(day),
            (date!(2026 - 10 - 01), date!(2027 - 01 - 01))
        );
        assert_eq!(
            Period::Quarter.bounds(date!(2026 - 01 - 01)),
            (date!(2026 - 01 - 01), date!(2026 - 04 - 01))
        );
        assert!(is_week_start(date!(2026 - 11 - 23)));
        let last = Period::Month.last(day, 3);
        assert_eq!(
            last.iter().map(|p| p.0).collect::<Vec<_>>(),
            [
                date!(2026 - 09 - 01),
                date!(2026 - 10 - 01),
                date!(2026 - 11 - 01)
            ]
        );
        assert_eq!(Period::parse("quarter"), Some(Period::Quarter));
    }

    #[test]
    fn no_orders_is_no_data_not_a_score() {
        let s = Scorecard::of(&Counters::default());
        for k in [
            &s.ack_turnaround_hours,
            &s.ack_on_time_pct,
            &s.otif_pct,
            &s.fill_rate_pct,
            &s.asn_timeliness_pct,
            &s.invoice_first_pass_pct,
            &s.price_accuracy_pct,
            &s.change_rate_pct,
        ] {
            assert_eq!(k.value, None);
            assert_eq!(k.basis, 0);
        }
    }

    #[test]
    fn hand_worked_period() {
        // Four answers after 2, 30, 5 and 50 hours (median (5 + 30) / 2 = 17.5); three within the deadline; one with
        // changes, and one delay report: 2 of 5 = 40 %.
        let mut c = Counters {
            ack_hours: vec![2, 30, 5, 50],
            acks_on_time: 3,
            notices_received: 3,
            notices_before_receipt: 2,
            invoices: 4,
            invoices_matched: 3,
            invoice_lines: 8,
            invoice_lines_price_ok: 7,
            changes: 1,
            delays: 1,
            ..Counters::default()
        };
        let promised = date!(2026 - 11 - 20);
        count_lines(
            &mut c,
            &[
                // In full on time.
                DueLine {
                    promised_date: promised,
                    promised_quantity: d("10"),
                    receipts: vec![(date!(2026 - 11 - 19), d("10"))],
                },
                // Partial shipment: 6 on time, the last 4 a day late — not on time in full; all 10 arrived.
                DueLine {
                    promised_date: promised,
                    promised_quantity: d("10"),
                    receipts: vec![
                        (date!(2026 - 11 - 18), d("6")),
                        (date!(2026 - 11 - 21), d("4")),
                    ],
                },
                // Short: 5 of 20, on time.
                DueLine {
                    promised_date: promised,
                    promised_quantity: d("20"),
                    receipts: vec![(date!(2026 - 11 - 20), d("5"))],
                },
                // Over-delivered: counts as the promised quantity.
                DueLine {
                    promised_date: promised,
                    promised_quantity: d("10"),
                    receipts: vec![(date!(2026 - 11 - 20), d("12"))],
                },
            ],
        );
        let s = Scorecard::of(&c);
        assert_eq!(s.ack_turnaround_hours.value, Some(d("17.5")));
        assert_eq!(s.ack_on_time_pct.value, Some(d("75.0")));
        // 2 of 4 lines on time in full.
        assert_eq!(s.otif_pct.value, Some(d("50.0")));
        assert_eq!(s.otif_pct.basis, 4);
        // (10 + 10 + 5 + 10) of 50 = 70 %.
        assert_eq!(s.fill_rate_pct.value, Some(d("70.0")));
        // 2 of 3 = 66.666… → 66.7.
        assert_eq!(s.asn_timeliness_pct.value, Some(d("66.7")));
        assert_eq!(s.invoice_first_pass_pct.value, Some(d("75.0")));
        assert_eq!(s.price_accuracy_pct.value, Some(d("87.5")));
        assert_eq!(s.change_rate_pct.value, Some(d("40.0")));
        assert_eq!(s.change_rate_pct.basis, 5);
    }

    #[test]
    fn a_moved_promised_date_is_the_one_measured() {
        // Promised the 20th, moved to the 27th by an accepted change; arriving the 25th is on time.
        let line = DueLine {
            promised_date: date!(2026 - 11 - 27),
            promised_quantity: d("5"),
            receipts: vec![(date!(2026 - 11 - 25), d("5"))],
        };
        assert!(line.on_time_in_full());
    }

    #[test]
    fn counters_of_days_add_up_to_the_period() {
        let a = Counters {
            ack_hours: vec![1, 3],
            acks_on_time: 2,
            invoices: 1,
            invoices_matched: 1,
            quantity_due: d("4"),
            quantity_received: d("4"),
            lines_due: 1,
            ..Counters::default()
        };
        let b = Counters {
            ack_hours: vec![9],
            invoices: 1,
            quantity_due: d("6"),
            lines_due: 1,
            ..Counters::default()
        };
        let mut sum = Counters::default();
        sum.add(&a);
        sum.add(&b);
        let s = Scorecard::of(&sum);
        assert_eq!(s.ack_turnaround_hours.value, Some(d("3")));
        assert_eq!(s.invoice_first_pass_pct.value, Some(d("50.0")));
        assert_eq!(s.fill_rate_pct.value, Some(d("40.0")));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(d("7")));
        assert_eq!(median(&[9, 1, 5]), Some(d("5")));
        assert_eq!(median(&[4, 1]), Some(d("2.5")));
    }
}

/// The most hours a turnaround threshold may say (90 days).
pub const MAX_THRESHOLD_HOURS: i64 = 2160;

/// A buyer's threshold for one KPI: the level below which (above which, where less is better) a supplier's month
/// opens a `scorecard_below` exception.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    /// The KPI's code (one of [`KPIS`]).
    pub kpi: String,
    pub value: Decimal,
}

/// The buyer's thresholds as its form shows them: every KPI, with its threshold where one is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdSettings {
    pub thresholds: Vec<Threshold>,
}

impl ThresholdSettings {
    /// The threshold of `kpi`, if set.
    pub fn of(&self, kpi: &str) -> Option<Decimal> {
        self.thresholds
            .iter()
            .find(|t| t.kpi == kpi)
            .map(|t| t.value)
    }
}

/// Reads the threshold form: one field per KPI code, empty for none. Percentages are 0 to 100, the turnaround in
/// hours above 0 and at most [`MAX_THRESHOLD_HOURS`], each with at most two decimals. Every mistake comes back by
/// field, all at once; the result lists the KPIs in [`KPIS`] order with their threshold or `None`.
pub fn parse_thresholds(
    fields: &[(String, String)],
) -> Result<Vec<(&'static str, Option<Decimal>)>, Vec<crate::acknowledgement::FieldError>> {
    use crate::acknowledgement::FieldError;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for kpi in KPIS {
        let raw = fields
            .iter()
            .find(|(k, _)| k == kpi)
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        if raw.is_empty() {
            out.push((kpi, None));
            continue;
        }
        let Ok(value) = raw.replace(',', ".").parse::<Decimal>() else {
            errors.push(FieldError::new(kpi, "threshold-error-number"));
            continue;
        };
        if value.normalize().scale() > 2 {
            errors.push(FieldError::new(kpi, "threshold-error-decimals"));
        } else if kpi == "ack_turnaround" {
            if value <= Decimal::ZERO || value > Decimal::from(MAX_THRESHOLD_HOURS) {
                errors.push(FieldError::new(kpi, "threshold-error-hours"));
            } else {
                out.push((kpi, Some(value.normalize())));
            }
        } else if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            errors.push(FieldError::new(kpi, "threshold-error-percent"));
        } else {
            out.push((kpi, Some(value.normalize())));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Whether `value` of `kpi` is on the wrong side of `threshold` (below; above where less is better).
pub fn misses(kpi: &str, value: Decimal, threshold: Decimal) -> bool {
    if higher_is_better(kpi) {
        value < threshold
    } else {
        value > threshold
    }
}

/// A KPI of a period on the wrong side of its threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub kpi: &'static str,
    pub value: Decimal,
    pub threshold: Decimal,
}

/// The KPIs of `card` on the wrong side of `thresholds`: below, or above for the KPIs where less is better
/// (turnaround, change rate). A KPI without data breaches nothing; one exactly at its threshold meets it.
pub fn breaches(card: &Scorecard, thresholds: &[Threshold]) -> Vec<Breach> {
    KPIS.into_iter()
        .filter_map(|kpi| {
            let threshold = thresholds.iter().find(|t| t.kpi == kpi)?.value;
            let value = card.kpi(kpi)?.value?;
            misses(kpi, value, threshold).then_some(Breach {
                kpi,
                value,
                threshold,
            })
        })
        .collect()
}

#[cfg(test)]
mod threshold_tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_thresholds_and_leaves_empty_ones_unset() {
        let parsed = parse_thresholds(&form(&[
            ("otif", "95"),
            ("ack_turnaround", "48,5"),
            ("fill_rate", " "),
        ]))
        .unwrap();
        assert_eq!(parsed.len(), KPIS.len());
        assert_eq!(parsed[0], ("otif", Some(dec("95"))));
        assert_eq!(parsed[1], ("fill_rate", None));
        assert!(parsed.contains(&("ack_turnaround", Some(dec("48.5")))));
    }

    #[test]
    fn every_mistake_by_field() {
        let errors = parse_thresholds(&form(&[
            ("otif", "101"),
            ("fill_rate", "-1"),
            ("ack_turnaround", "0"),
            ("change_rate", "ten"),
            ("price_accuracy", "99.125"),
            ("asn_timeliness", "100"),
        ]))
        .unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("otif", "threshold-error-percent"),
                ("fill_rate", "threshold-error-percent"),
                ("ack_turnaround", "threshold-error-hours"),
                ("price_accuracy", "threshold-error-decimals"),
                ("change_rate", "threshold-error-number"),
            ]
        );
    }

    #[test]
    fn breaches_respect_the_direction_and_no_data() {
        // 4 lines due, 3 on time in full: OTIF 75 %; answers after 10, 30 and 50 hours, all on time.
        let c = Counters {
            lines_due: 4,
            lines_on_time_in_full: 3,
            ack_hours: vec![10, 30, 50],
            acks_on_time: 3,
            ..Default::default()
        };
        let card = Scorecard::of(&c);
        let t = |kpi: &str, v: Decimal| Threshold {
            kpi: kpi.to_owned(),
            value: v,
        };
        let found = breaches(
            &card,
            &[
                t("otif", dec("80")),
                t("ack_turnaround", dec("24")),
                t("ack_on_time", dec("100")),
                t("invoice_first_pass", dec("90")),
            ],
        );
        assert_eq!(
            found,
            vec![
                Breach {
                    kpi: "otif",
                    value: dec("75"),
                    threshold: dec("80")
                },
                Breach {
                    kpi: "ack_turnaround",
                    value: dec("30"),
                    threshold: dec("24")
                },
            ]
        );
        // Exactly at the threshold meets it.
        assert!(breaches(&card, &[t("otif", dec("75"))]).is_empty());
    }
}
