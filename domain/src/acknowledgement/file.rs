//! Answering orders by file: the supplier downloads the open lines of its orders as a spreadsheet (one row per line,
//! [`COLUMNS`]), writes its answers into it and uploads it. [`check`] turns the rows into one [`AckForm`] per order
//! and reports every mistake by row and column ([`FilePreview`]); nothing is applied while any row is wrong. The
//! forms then go through the same rules as the order page's form ([`AckForm::validate`]), so a file can say nothing
//! the page could not.
//!
//! A line split into several deliveries is several rows with the same order and line, answer `change`, each with
//! its quantity and promised date; the line's quantity is their sum and the price, reason and comment come from the
//! first of them.

use super::{
    parse_date, parse_decimal, AckForm, AckLineForm, AckOutcome, FieldError, ScheduleForm,
};
use crate::ids::PurchaseOrderId;
use crate::purchase_order::{PoDetail, PoStatus};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The columns of the file, in the order the download writes them.
pub const COLUMNS: [&str; 17] = [
    "order",
    "version",
    "line",
    "buyer_item",
    "supplier_part",
    "description",
    "unit",
    "currency",
    "ordered_quantity",
    "ordered_price",
    "requested_date",
    "answer",
    "quantity",
    "price",
    "promised_date",
    "reason",
    "comment",
];

/// The columns an upload must have (the others are there to read, and are ignored).
pub const REQUIRED_COLUMNS: [&str; 8] = [
    "order",
    "version",
    "line",
    "answer",
    "quantity",
    "price",
    "promised_date",
    "reason",
];

/// The most rows one file may have.
pub const MAX_ROWS: usize = 5000;

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Text as a spreadsheet cell that is never read as a formula: a value starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return (CSV injection) gets a leading apostrophe, which spreadsheets show as text.
pub fn inert_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The download's rows for one order: one per line, answered "accept" with the ordered values, so a supplier only
/// edits what changes. Texts that come from the buyer's systems (item numbers, descriptions) are made inert
/// ([`inert_cell`]); the columns read back on upload are numbers, dates and codes.
pub fn rows_for(po: &PoDetail) -> Vec<[String; 17]> {
    po.lines
        .iter()
        .map(|l| {
            let requested = l.requested_date.map(|d| d.to_string()).unwrap_or_default();
            [
                inert_cell(&po.number),
                po.version.to_string(),
                l.line_number.to_string(),
                inert_cell(&l.buyer_item),
                inert_cell(l.supplier_part.as_deref().unwrap_or_default()),
                inert_cell(&l.description),
                l.unit_of_measure.to_string(),
                po.currency.to_string(),
                l.quantity.normalize().to_string(),
                l.unit_price.normalize().to_string(),
                requested.clone(),
                "accept".to_owned(),
                l.quantity.normalize().to_string(),
                l.unit_price.normalize().to_string(),
                requested,
                String::new(),
                String::new(),
            ]
        })
        .collect()
}

/// One row of an uploaded file as read: its number in the file (the header is row 1) and the columns that matter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    pub row: usize,
    pub order: String,
    pub version: String,
    pub line: String,
    pub answer: String,
    pub quantity: String,
    pub price: String,
    pub promised_date: String,
    pub reason: String,
    pub comment: String,
}

/// A mistake in one cell: the column (one of [`COLUMNS`]), the catalogue id of the sentence and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    pub column: String,
    pub message: String,
    pub args: Vec<(String, String)>,
}

/// One row as the preview shows it, with its mistakes (none: the row is fine).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCheck {
    pub row: FileRow,
    pub problems: Vec<CellProblem>,
}

/// What applying the file would do to one order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPlan {
    pub id: PurchaseOrderId,
    pub number: String,
    pub lines: usize,
    /// What the answer becomes under the buyer's change policy (accepted, accepted automatically, waits for the
    /// buyer, order rejected).
    pub outcome: Option<AckOutcome>,
}

/// The check of a whole file: mistakes of the file itself (columns, size, encoding), every row with its mistakes,
/// and per order what applying would do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePreview {
    pub file_name: String,
    pub file_problems: Vec<FieldError>,
    pub rows: Vec<RowCheck>,
    pub orders: Vec<OrderPlan>,
    /// When the file was applied (a file applies once).
    pub applied_at: Option<time::OffsetDateTime>,
}

impl FilePreview {
    /// A preview of a file that could not be read at all.
    pub fn unreadable(file_name: &str, problem: FieldError) -> Self {
        Self {
            file_name: file_name.to_owned(),
            file_problems: vec![problem],
            ..Self::default()
        }
    }

    /// Whether every row is fine (and there is at least one): only then may the file be applied.
    pub fn is_valid(&self) -> bool {
        self.file_problems.is_empty()
            && !self.rows.is_empty()
            && self.rows.iter().all(|r| r.problems.is_empty())
    }

    /// How many rows have a mistake.
    pub fn rows_with_problems(&self) -> usize {
        self.rows.iter().filter(|r| !r.problems.is_empty()).count()
    }
}

/// A file-level mistake.
pub fn file_problem(message: &str) -> FieldError {
    FieldError::new("file", message)
}

/// Finds the required columns in a header row (names compared without case and surrounding spaces): the index of
/// each [`REQUIRED_COLUMNS`] entry plus `comment` when present, or the mistake naming the missing ones.
pub fn header_positions(header: &[String]) -> Result<BTreeMap<&'static str, usize>, FieldError> {
    let mut found = BTreeMap::new();
    for name in REQUIRED_COLUMNS.iter().chain(std::iter::once(&"comment")) {
        if let Some(i) = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
        {
            found.insert(*name, i);
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !found.contains_key(c))
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(file_problem("file-error-columns").with("columns", missing.join(", ")))
    }
}

/// A record's values as a [`FileRow`], by the positions [`header_positions`] found.
pub fn row_from(row: usize, record: &[String], at: &BTreeMap<&'static str, usize>) -> FileRow {
    let cell = |name: &str| {
        at.get(name)
            .and_then(|&i| record.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    FileRow {
        row,
        // A number made inert for spreadsheets ([`inert_cell`]) reads back without its apostrophe.
        order: cell("order").trim_start_matches('\'').to_owned(),
        version: cell("version"),
        line: cell("line"),
        answer: cell("answer").to_ascii_lowercase(),
        quantity: cell("quantity"),
        price: cell("price"),
        promised_date: cell("promised_date"),
        reason: cell("reason").to_ascii_lowercase(),
        comment: cell("comment"),
    }
}

/// An order the file answers, with the form built from its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderForm {
    pub id: PurchaseOrderId,
    pub number: String,
    pub form: AckForm,
}

/// The result of [`check`]: every row with its mistakes, and the forms of the orders whose rows are fine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub rows: Vec<RowCheck>,
    pub forms: Vec<OrderForm>,
}

/// Checks the rows of a file against the orders they name. `order` looks an order number up among the orders the
/// supplier may see (`None`: unknown to it). `token` is the upload's own token: each order's form gets `token-k`,
/// so applying the file twice applies it once.
pub fn check<'a>(
    rows: &[FileRow],
    order: impl Fn(&str) -> Option<&'a PoDetail>,
    token: &str,
) -> Checked {
    let mut checks: Vec<RowCheck> = rows
        .iter()
        .map(|r| RowCheck {
            row: r.clone(),
            problems: Vec::new(),
        })
        .collect();
    // Rows by order number, in the order orders first appear.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.order.is_empty() {
            push(&mut checks[i], "order", "file-error-order-missing", &[]);
            continue;
        }
        match groups.iter_mut().find(|(n, _)| *n == r.order) {
            Some((_, idx)) => idx.push(i),
            None => groups.push((r.order.clone(), vec![i])),
        }
    }
    let mut forms = Vec::new();
    for (k, (number, idx)) in groups.iter().enumerate() {
        let Some(po) = order(number) else {
            for &i in idx {
                push(&mut checks[i], "order", "file-error-order-unknown", &[]);
            }
            continue;
        };
        let first = idx[0];
        if po.status != PoStatus::New {
            push(
                &mut checks[first],
                "order",
                "file-error-order-not-open",
                &[("status", po.status.code())],
            );
            continue;
        }
        let mut version_ok = true;
        for &i in idx {
            match rows[i].version.parse::<i32>() {
                Ok(v) if v == po.version => {}
                Ok(_) => {
                    push(
                        &mut checks[i],
                        "version",
                        "file-error-version-stale",
                        &[("version", &po.version.to_string())],
                    );
                    version_ok = false;
                }
                Err(_) => {
                    push(&mut checks[i], "version", "file-error-version", &[]);
                    version_ok = false;
                }
            }
        }
        if !version_ok {
            continue;
        }
        if let Some(form) = order_form(po, rows, idx, &mut checks, &format!("{token}-{k}")) {
            forms.push(OrderForm {
                id: po.id,
                number: po.number.clone(),
                form,
            });
        }
    }
    Checked {
        rows: checks,
        forms,
    }
}

fn push(check: &mut RowCheck, column: &str, message: &str, args: &[(&str, &str)]) {
    // One mistake per cell is enough to point at it.
    if check.problems.iter().any(|p| p.column == column) {
        return;
    }
    check.problems.push(CellProblem {
        column: column.to_owned(),
        message: message.to_owned(),
        args: args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    });
}

/// The form of one order from its rows (indexes into `rows`), or `None` when a row is wrong (marked in `checks`).
fn order_form(
    po: &PoDetail,
    rows: &[FileRow],
    idx: &[usize],
    checks: &mut [RowCheck],
    token: &str,
) -> Option<AckForm> {
    let before: usize = idx.iter().map(|&i| checks[i].problems.len()).sum();
    // Rows by line number, in file order.
    let mut by_line: Vec<(i32, Vec<usize>)> = Vec::new();
    for &i in idx {
        let Ok(n) = rows[i].line.parse::<i32>() else {
            push(&mut checks[i], "line", "file-error-line", &[]);
            continue;
        };
        if !po.lines.iter().any(|l| l.line_number == n) {
            push(
                &mut checks[i],
                "line",
                "file-error-line-unknown",
                &[("order", &po.number)],
            );
            continue;
        }
        match by_line.iter_mut().find(|(l, _)| *l == n) {
            Some((_, v)) => v.push(i),
            None => by_line.push((n, vec![i])),
        }
    }
    let mut lines = Vec::with_capacity(by_line.len());
    // Which row each line's fields came from, to put the form's mistakes back on the right cells.
    let mut sources: Vec<(i32, Vec<usize>)> = Vec::new();
    for (n, line_rows) in &by_line {
        let ordered = po.lines.iter().find(|l| l.line_number == *n)?;
        let head = &rows[line_rows[0]];
        let answer = head.answer.as_str();
        for &i in &line_rows[1..] {
            if answer != "change" {
                push(&mut checks[i], "line", "file-error-line-twice", &[]);
            } else {
                let r = &rows[i];
                if !r.answer.is_empty() && r.answer != "change" {
                    push(&mut checks[i], "answer", "file-error-split-answer", &[]);
                }
                for (column, value, first) in [
                    ("price", &r.price, &head.price),
                    ("reason", &r.reason, &head.reason),
                    ("comment", &r.comment, &head.comment),
                ] {
                    if !value.is_empty() && value != first {
                        push(&mut checks[i], column, "file-error-split-differs", &[]);
                    }
                }
            }
        }
        let form = match answer {
            "accept" => {
                // An accepted line keeps the order's values; a different value means the answer should say change.
                let same_decimal = |text: &str, ordered: Decimal| {
                    text.is_empty() || parse_decimal(text) == Some(ordered.normalize())
                };
                if !same_decimal(&head.quantity, ordered.quantity) {
                    push(
                        &mut checks[line_rows[0]],
                        "quantity",
                        "file-error-accept-differs",
                        &[],
                    );
                }
                if !same_decimal(&head.price, ordered.unit_price) {
                    push(
                        &mut checks[line_rows[0]],
                        "price",
                        "file-error-accept-differs",
                        &[],
                    );
                }
                let requested = ordered.requested_date;
                if !head.promised_date.is_empty() && parse_date(&head.promised_date) != requested {
                    push(
                        &mut checks[line_rows[0]],
                        "promised_date",
                        "file-error-accept-differs",
                        &[],
                    );
                }
                line_form(*n, "accept", head, Vec::new(), String::new())
            }
            "change" if line_rows.len() > 1 => {
                // A split: each row one delivery, the line's quantity their sum.
                let schedule: Vec<ScheduleForm> = line_rows
                    .iter()
                    .map(|&i| ScheduleForm {
                        quantity: rows[i].quantity.clone(),
                        date: rows[i].promised_date.clone(),
                    })
                    .collect();
                let sum: Option<Decimal> =
                    schedule.iter().map(|s| parse_decimal(&s.quantity)).sum();
                let total = sum
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| head.quantity.clone());
                let price = or_ordered(&head.price, ordered.unit_price);
                line_form(*n, "change", head, schedule, total).with_price(price)
            }
            "change" => {
                let quantity = or_ordered(&head.quantity, ordered.quantity);
                let schedule = vec![ScheduleForm {
                    quantity: String::new(),
                    date: head.promised_date.clone(),
                }];
                let price = or_ordered(&head.price, ordered.unit_price);
                line_form(*n, "change", head, schedule, quantity).with_price(price)
            }
            other => line_form(*n, other, head, Vec::new(), String::new()),
        };
        lines.push(form);
        sources.push((*n, line_rows.clone()));
    }
    let form = AckForm {
        version: po.version,
        token: token.to_owned(),
        decision: "lines".to_owned(),
        reason: String::new(),
        comment: String::new(),
        lines,
    };
    let result = form.validate(po);
    if let Err(errors) = &result {
        for e in errors {
            place(e, po, idx, &sources, checks);
        }
    }
    let after: usize = idx.iter().map(|&i| checks[i].problems.len()).sum();
    (result.is_ok() && after == before).then_some(form)
}

fn or_ordered(text: &str, ordered: Decimal) -> String {
    if text.is_empty() {
        ordered.normalize().to_string()
    } else {
        text.to_owned()
    }
}

fn line_form(
    n: i32,
    answer: &str,
    head: &FileRow,
    schedule: Vec<ScheduleForm>,
    quantity: String,
) -> AckLineForm {
    AckLineForm {
        line: n,
        answer: answer.to_owned(),
        quantity,
        price: String::new(),
        reason: head.reason.clone(),
        comment: head.comment.clone(),
        schedule,
    }
}

impl AckLineForm {
    fn with_price(mut self, price: String) -> Self {
        self.price = price;
        self
    }
}

/// Puts a mistake of the order's form on the cell it came from.
fn place(
    error: &FieldError,
    po: &PoDetail,
    idx: &[usize],
    sources: &[(i32, Vec<usize>)],
    checks: &mut [RowCheck],
) {
    let args: Vec<(&str, &str)> = error
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // `line-3-quantity`, `line-3-schedule-1-date`, or a field of the whole form.
    let parts: Vec<&str> = error.field.split('-').collect();
    let line = match parts.as_slice() {
        ["line", n, ..] => n.parse::<i32>().ok(),
        _ => None,
    };
    let rows_of_line = line.and_then(|n| sources.iter().find(|(l, _)| *l == n));
    match (parts.as_slice(), rows_of_line) {
        // A line the file does not answer.
        (["line", n, "answer"], None) if error.message == "ack-error-line-missing" => {
            let n = (*n).to_owned();
            push(
                &mut checks[idx[0]],
                "order",
                "file-error-line-missing",
                &[("line", &n), ("order", &po.number)],
            );
        }
        (["line", _, "schedule", k, name], Some((_, line_rows))) => {
            let k: usize = k.parse().unwrap_or(0);
            let row = line_rows.get(k).copied().unwrap_or(line_rows[0]);
            let column = if *name == "date" {
                "promised_date"
            } else {
                "quantity"
            };
            push(&mut checks[row], column, &error.message, &args);
        }
        (["line", _, name], Some((_, line_rows))) => {
            push(&mut checks[line_rows[0]], name, &error.message, &args);
        }
        _ => push(&mut checks[idx[0]], "order", &error.message, &args),
    }
}
