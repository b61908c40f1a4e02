//! Answering orders by file (docs/ACKNOWLEDGEMENTS.md "Answering by file"): the supplier downloads the open lines of
//! its orders as CSV ([`download`]), answers them in a spreadsheet and uploads the file ([`upload`]); the preview
//! ([`preview`]) shows every row with its mistakes by column and, when all are fine, what each order's answer becomes
//! under the buyer's change policy; [`apply`] stores every answer in one transaction, or none.
//!
//! Files written by spreadsheets are read as they come: comma, semicolon or tab separated, with or without a byte
//! order mark, UTF-8 or Windows-1252 (what Excel writes for "CSV" in Western Europe), decimal commas.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::scope::Scope;
use crate::services::acknowledgements::{answer_in, Submitted};
use crate::CoreError;
use portico_domain::acknowledgement::file::{
    self, check, header_positions, row_from, FilePreview, FileRow, OrderPlan, COLUMNS,
    MAX_FILE_BYTES, MAX_ROWS,
};
use portico_domain::acknowledgement::{AckOutcome, FieldError};
use portico_domain::{CurrentUser, PoDetail, PurchaseOrderId};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The most orders one download holds.
pub const MAX_DOWNLOAD_ORDERS: i64 = 1000;

/// How many orders wait for the signed-in supplier's answer.
pub async fn open_count(db: &Db, user: &CurrentUser) -> Result<usize, CoreError> {
    let scope = supplier_scope(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let n = db::answer_files::open_count(&mut tx, &scope).await?;
    tx.commit().await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// A CSV file to hand to the browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub file_name: String,
    pub content: String,
}

fn supplier_scope(user: &CurrentUser) -> Result<Scope, CoreError> {
    if user.workspace.role.is_buyer_side() || user.workspace.supplier_id.is_none() {
        return Err(CoreError::Forbidden);
    }
    Ok(Scope::of(&user.workspace))
}

/// The open lines (orders waiting for an answer) of the signed-in supplier as CSV: of `orders` when given (others
/// and answered ones are left out), else of every open order, oldest first. Starts with a byte order mark so
/// spreadsheets read it as UTF-8.
pub async fn download(
    db: &Db,
    user: &CurrentUser,
    orders: &[PurchaseOrderId],
) -> Result<Download, CoreError> {
    let scope = supplier_scope(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let ids: Vec<PurchaseOrderId> = if orders.is_empty() {
        db::answer_files::open_orders(&mut tx, &scope, MAX_DOWNLOAD_ORDERS)
            .await?
            .into_iter()
            .map(PurchaseOrderId)
            .collect()
    } else {
        orders.to_vec()
    };
    let mut pos = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(po) = db::purchase_orders::detail_in_tx(&mut tx, &scope, id).await? {
            if po.status == portico_domain::PoStatus::New {
                pos.push(po);
            }
        }
    }
    tx.commit().await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let write = |e: csv::Error| CoreError::Internal(anyhow::anyhow!("writing CSV: {e}"));
    out.write_record(COLUMNS).map_err(write)?;
    for po in &pos {
        for row in file::rows_for(po) {
            out.write_record(&row).map_err(write)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("writing CSV: {e}")))?;
    let body = String::from_utf8(bytes)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("writing CSV: {e}")))?;
    let today = time::OffsetDateTime::now_utc().date();
    let file_name = match pos.as_slice() {
        [one] if !orders.is_empty() => format!("answer-{}.csv", safe_name(&one.number)),
        _ => format!("open-order-lines-{today}.csv"),
    };
    Ok(Download {
        file_name,
        content: format!("\u{feff}{body}"),
    })
}

/// A name safe in a `Content-Disposition` header: letters, digits, `-`, `_`, `.`.
fn safe_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect()
}

/// What became of an uploaded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Uploaded {
    /// Stored: its preview is at this id.
    Stored(Uuid),
    /// Not a file we can read (empty, too large, not CSV); nothing stored.
    Refused(FieldError),
}

/// Stores an uploaded file for its preview. Only files that cannot be text at all are refused here; everything else
/// is explained row by row in the preview.
pub async fn upload(
    db: &Db,
    user: &CurrentUser,
    file_name: &str,
    bytes: &[u8],
) -> Result<Uploaded, CoreError> {
    let scope = supplier_scope(user)?;
    let supplier = user.workspace.supplier_id.ok_or(CoreError::Forbidden)?;
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(problem) => return Ok(Uploaded::Refused(problem)),
    };
    let name: String = file_name.trim().chars().take(255).collect();
    let name = if name.is_empty() {
        "answers.csv".to_owned()
    } else {
        name
    };
    let id = Uuid::now_v7();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    db::answer_files::insert(&mut tx, &scope, supplier, user.id, id, &name, &text).await?;
    tx.commit().await?;
    Ok(Uploaded::Stored(id))
}

/// The file's bytes as text, or why they cannot be a CSV file.
pub fn decode(bytes: &[u8]) -> Result<String, FieldError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file::file_problem("file-error-too-large"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file::file_problem("file-error-empty"));
    }
    // A workbook or a PDF saved instead of CSV: say so rather than list missing columns.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(file::file_problem("file-error-workbook"));
    }
    if bytes.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err(file::file_problem("file-error-not-csv"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Ok(match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    })
}

/// One byte of Windows-1252 as a character.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Reads the rows of a CSV text: the separator is found from the header line; blank rows are skipped.
pub fn read_rows(text: &str) -> Result<Vec<FileRow>, FieldError> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_owned).collect(),
        Some(Err(_)) => return Err(file::file_problem("file-error-not-csv")),
        None => return Err(file::file_problem("file-error-empty")),
    };
    let at = header_positions(&header)?;
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or_default();
            file::file_problem("file-error-row-unreadable").with_arg("row", line)
        })?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(file::file_problem("file-error-too-many-rows").with_arg("max", MAX_ROWS));
        }
        // The row's line in the file, counted from its first byte (a record after CRLF starts at the LF).
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(0);
        let line = text
            .as_bytes()
            .get(..=start)
            .map_or(0, |before| before.iter().filter(|&&b| b == b'\n').count())
            + 1;
        let values: Vec<String> = record.iter().map(str::to_owned).collect();
        rows.push(row_from(line, &values, &at));
    }
    if rows.is_empty() {
        return Err(file::file_problem("file-error-no-rows"));
    }
    Ok(rows)
}

/// Loads the orders a file's rows name, among those the supplier may see.
async fn orders_named(
    tx: &mut db::Tx,
    scope: &Scope,
    rows: &[FileRow],
) -> Result<HashMap<String, PoDetail>, CoreError> {
    let supplier = scope.supplier_id().ok_or(CoreError::Forbidden)?;
    let mut found = HashMap::new();
    for row in rows {
        if row.order.is_empty() || found.contains_key(&row.order) {
            continue;
        }
        let Some((id, _, _, owner)) =
            db::purchase_orders::by_number(tx, scope.tenant_id(), &row.order).await?
        else {
            continue;
        };
        if owner != supplier.0 {
            continue;
        }
        if let Some(po) = db::purchase_orders::detail_in_tx(tx, scope, PurchaseOrderId(id)).await? {
            found.insert(row.order.clone(), po);
        }
    }
    Ok(found)
}

/// A checked file with its forms, read inside `tx`.
async fn checked(
    tx: &mut db::Tx,
    scope: &Scope,
    stored: &db::answer_files::AnswerFileRow,
) -> Result<(FilePreview, Vec<file::OrderForm>), CoreError> {
    let rows = match read_rows(&stored.content) {
        Ok(rows) => rows,
        Err(problem) => {
            return Ok((
                FilePreview::unreadable(&stored.file_name, problem),
                Vec::new(),
            ))
        }
    };
    let orders = orders_named(tx, scope, &rows).await?;
    let result = check(&rows, |n| orders.get(n), &stored.id.simple().to_string());
    let mut plans = Vec::with_capacity(result.forms.len());
    let valid = result.rows.iter().all(|r| r.problems.is_empty());
    for f in &result.forms {
        let po = &orders[&f.number];
        // What the policy would make of it, for the preview (the same rules [`answer_in`] applies).
        let outcome = match f.form.validate(po) {
            Ok(answer) if valid => {
                let policy =
                    db::acknowledgements::policy_for(tx, scope.tenant_id(), po.supplier_id)
                        .await?
                        .unwrap_or_default();
                let verdicts: Vec<_> = answer.lines.iter().map(|l| policy.judge(l)).collect();
                Some(AckOutcome::of(answer.kind, &verdicts))
            }
            _ => None,
        };
        plans.push(OrderPlan {
            id: f.id,
            number: f.number.clone(),
            lines: f.form.lines.len(),
            outcome,
        });
    }
    let preview = FilePreview {
        file_name: stored.file_name.clone(),
        file_problems: Vec::new(),
        rows: result.rows,
        orders: plans,
        applied_at: stored.applied_at,
    };
    Ok((preview, result.forms))
}

/// The preview of an uploaded file: every row with its mistakes, and per order what applying would do.
pub async fn preview(db: &Db, user: &CurrentUser, id: Uuid) -> Result<FilePreview, CoreError> {
    let scope = supplier_scope(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let stored = db::answer_files::get(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let (preview, _) = checked(&mut tx, &scope, &stored).await?;
    tx.commit().await?;
    Ok(preview)
}

/// What became of applying a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Every order answered, in one transaction.
    Done { orders: usize },
    /// The file had been applied already: nothing changed again.
    Repeated,
    /// Some row is wrong (or an order changed since the preview): nothing was applied. The fresh preview says why.
    Refused(FilePreview),
}

/// Answers every order of the file in one transaction, or none.
pub async fn apply(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    id: Uuid,
) -> Result<Applied, CoreError> {
    let scope = supplier_scope(user)?;
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let stored = db::answer_files::get(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if stored.applied_at.is_some() {
        return Ok(Applied::Repeated);
    }
    let (mut preview, forms) = checked(&mut tx, &scope, &stored).await?;
    if !preview.is_valid() {
        return Ok(Applied::Refused(preview));
    }
    let mut answered = Vec::with_capacity(forms.len());
    for f in &forms {
        match answer_in(
            &mut tx,
            meta,
            public_url,
            user,
            f.id,
            &f.form,
            &f.form.token,
        )
        .await?
        {
            Submitted::Applied { outcome, .. } => answered.push(json!({
                "number": f.number,
                "outcome": outcome.code(),
            })),
            _ => {
                // Changed between the check and the write: nothing is kept.
                drop(tx);
                preview
                    .file_problems
                    .push(file::file_problem("file-error-changed-meanwhile"));
                return Ok(Applied::Refused(preview));
            }
        }
    }
    if !db::answer_files::mark_applied(&mut tx, &scope, id).await? {
        return Ok(Applied::Repeated);
    }
    let entry = Entry::new(
        Some(scope.tenant_id()),
        Some(user.id),
        Action::AnswerFileApplied,
    )
    .subject("answer_file", id)
    .detail(json!({
        "file_name": stored.file_name,
        "rows": preview.rows.len(),
        "orders": answered,
    }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Applied::Done {
        orders: forms.len(),
    })
}
