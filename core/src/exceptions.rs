//! Exceptions opened and closed inside the transaction of what causes them (docs/EXCEPTIONS.md): [`open`] by the
//! change that makes a buyer look (an answer with changes, a short receipt, an invoice outside the tolerances, a
//! dead-lettered delivery …), each at most once per cause, with `exception.opened.v1`; [`clear`] and its kin by the
//! change that removes the cause, with `exception.resolved.v1`. Both the services and the relay's effects call
//! these; the workbench itself (lists, assignment, comments, resolving by a person) is `services::exceptions`.

use crate::db;
use crate::db::exceptions::{self as rows, ExceptionRow, NewException};
use crate::events::{
    self, ExceptionDocument, ExceptionOpened, ExceptionPayload, ExceptionResolved,
    ResolutionPayload, SupplierRef,
};
use crate::CoreError;
use portico_domain::exceptions::{DocumentKind, ExceptionKind, Outcome};
use portico_domain::{TenantId, UserId};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// An exception to open: what, about which document, and the occurrence that makes it unique.
pub struct Opening {
    pub kind: ExceptionKind,
    pub supplier: Option<SupplierRef>,
    pub document: DocumentKind,
    pub document_id: Uuid,
    pub document_number: String,
    pub line_number: Option<i32>,
    /// What the workbench says about it: a catalogue key and its arguments.
    pub detail: Option<(&'static str, Vec<(String, String)>)>,
    /// Names the occurrence (`kind:…`): the same cause never opens a second exception.
    pub dedupe_key: String,
}

pub(crate) fn rfc3339(at: OffsetDateTime) -> Result<String, CoreError> {
    at.format(&Rfc3339)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("exception time: {e}")))
}

/// Opens an exception inside `tx` (which has entered the tenant's context) and records `exception.opened.v1`,
/// unless its occurrence was opened before: `Some(id)` when this call opened it.
pub(crate) async fn open(
    tx: &mut db::Tx,
    tenant: TenantId,
    o: Opening,
    now: OffsetDateTime,
    correlation_id: Option<String>,
) -> Result<Option<Uuid>, CoreError> {
    open_except(tx, tenant, o, now, correlation_id, None).await
}

/// [`open`], with `exception.opened.v1` delivered to every subscribed endpoint but `except` (the endpoint whose
/// failure it reports: telling it of its own failure would only fail again).
pub(crate) async fn open_except(
    tx: &mut db::Tx,
    tenant: TenantId,
    o: Opening,
    now: OffsetDateTime,
    correlation_id: Option<String>,
    except: Option<Uuid>,
) -> Result<Option<Uuid>, CoreError> {
    let id = Uuid::now_v7();
    // The organisation's own SLA for the kind, or the built-in one.
    let hours = match rows::sla_hours(tx, tenant, o.kind.code()).await? {
        Some(h) => i64::from(h),
        None => o.kind.sla_hours(),
    };
    let due = now + Duration::hours(hours);
    let args = match &o.detail {
        Some((_, args)) => serde_json::to_string(args)
            .map_err(|e| CoreError::Internal(anyhow::anyhow!("exception detail: {e}")))?,
        None => "[]".to_owned(),
    };
    let opened = rows::insert(
        tx,
        tenant,
        &NewException {
            id,
            supplier: o.supplier.as_ref().map(|s| s.id.0),
            kind: o.kind.code(),
            document_kind: o.document.code(),
            document_id: o.document_id,
            document_number: &o.document_number,
            line_number: o.line_number,
            detail_key: o.detail.as_ref().map(|(k, _)| *k),
            detail_args: &args,
            dedupe_key: &o.dedupe_key,
            opened_at: now,
            due_at: due,
            correlation_id: correlation_id.as_deref(),
        },
    )
    .await?;
    if !opened {
        return Ok(None);
    }
    let body = ExceptionOpened {
        exception: ExceptionPayload {
            id,
            kind: o.kind.code().to_owned(),
            status: "open".to_owned(),
            document: ExceptionDocument {
                kind: o.document.code().to_owned(),
                id: o.document_id,
                number: o.document_number.clone(),
                line_number: o.line_number,
            },
            supplier: o.supplier,
            opened_at: rfc3339(now)?,
            due_at: rfc3339(due)?,
        },
    };
    events::record_except(tx, &body.event(tenant, correlation_id)?, except).await?;
    metrics::counter!("portico_exceptions_opened_total", "kind" => o.kind.code()).increment(1);
    Ok(Some(id))
}

/// The event payload of a stored exception.
pub(crate) fn payload_of(row: &ExceptionRow) -> Result<ExceptionPayload, CoreError> {
    Ok(ExceptionPayload {
        id: row.id,
        kind: row.kind.clone(),
        status: row.status.clone(),
        document: ExceptionDocument {
            kind: row.document_kind.clone(),
            id: row.document_id,
            number: row.document_number.clone(),
            line_number: row.line_number,
        },
        supplier: match (row.supplier_id, &row.supplier_code, &row.supplier_name) {
            (Some(id), Some(code), Some(name)) => Some(SupplierRef {
                id: portico_domain::SupplierId(id),
                code: code.clone(),
                name: name.clone(),
            }),
            _ => None,
        },
        opened_at: rfc3339(row.opened_at)?,
        due_at: rfc3339(row.due_at)?,
    })
}

/// Closes exception `id` inside `tx` and records `exception.resolved.v1`; `false` when it was no longer open.
pub(crate) async fn close(
    tx: &mut db::Tx,
    tenant: TenantId,
    id: Uuid,
    outcome: Outcome,
    note: Option<&str>,
    by: Option<UserId>,
    correlation_id: Option<String>,
) -> Result<bool, CoreError> {
    let now = OffsetDateTime::now_utc();
    if !rows::resolve(tx, tenant, id, outcome.code(), note, by.map(|u| u.0), now).await? {
        return Ok(false);
    }
    let row = rows::by_id(tx, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let body = ExceptionResolved {
        exception: payload_of(&row)?,
        resolution: ResolutionPayload {
            outcome: outcome.code().to_owned(),
            note: note.map(str::to_owned),
            resolved_at: rfc3339(now)?,
            resolved_by: by.map(|u| u.0),
        },
    };
    events::record(tx, &body.event(tenant, correlation_id)?).await?;
    Ok(true)
}

/// Closes the open exceptions of `kind` about `document` inside `tx`, from the change that removed their cause:
/// `by` is the person whose action it was (the buyer who reviewed the answer) or `None` when it happened on its own
/// (the late answer arrived). Returns how many closed.
pub(crate) async fn clear(
    tx: &mut db::Tx,
    tenant: TenantId,
    kind: ExceptionKind,
    document: Uuid,
    outcome: Outcome,
    by: Option<UserId>,
    correlation_id: Option<String>,
) -> Result<usize, CoreError> {
    clear_any(tx, tenant, &[kind], document, outcome, by, correlation_id).await
}

/// [`clear`] for several kinds at once, oldest first: one look-up instead of one per kind.
pub(crate) async fn clear_any(
    tx: &mut db::Tx,
    tenant: TenantId,
    kinds: &[ExceptionKind],
    document: Uuid,
    outcome: Outcome,
    by: Option<UserId>,
    correlation_id: Option<String>,
) -> Result<usize, CoreError> {
    let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
    let mut closed = 0;
    for id in rows::open_about(tx, tenant, &codes, document).await? {
        if close(tx, tenant, id, outcome, None, by, correlation_id.clone()).await? {
            closed += 1;
        }
    }
    Ok(closed)
}

/// [`clear`] for one line of a document (a notice ships the line that was overdue): cleared by Portico.
pub(crate) async fn clear_line(
    tx: &mut db::Tx,
    tenant: TenantId,
    kind: ExceptionKind,
    document: Uuid,
    line_number: i32,
    correlation_id: Option<String>,
) -> Result<usize, CoreError> {
    let mut closed = 0;
    for id in rows::open_about_line(tx, tenant, kind.code(), document, line_number).await? {
        if close(
            tx,
            tenant,
            id,
            Outcome::Cleared,
            None,
            None,
            correlation_id.clone(),
        )
        .await?
        {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Closes the open `delivery_failed` exceptions a replay puts right (of deliveries of `event`, or all), as corrected
/// by `by`, inside `tx`.
pub(crate) async fn clear_delivery_failures(
    tx: &mut db::Tx,
    tenant: TenantId,
    event: Option<Uuid>,
    by: Option<UserId>,
    correlation_id: Option<String>,
) -> Result<usize, CoreError> {
    let mut closed = 0;
    for id in rows::open_delivery_failures(tx, tenant, event).await? {
        if close(
            tx,
            tenant,
            id,
            Outcome::Corrected,
            None,
            by,
            correlation_id.clone(),
        )
        .await?
        {
            closed += 1;
        }
    }
    Ok(closed)
}

/// The supplier as events name it.
pub(crate) async fn supplier_ref(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: Uuid,
) -> Result<Option<SupplierRef>, CoreError> {
    Ok(rows::supplier(tx, tenant, supplier)
        .await?
        .map(|(code, name)| SupplierRef {
            id: portico_domain::SupplierId(supplier),
            code,
            name,
        }))
}
