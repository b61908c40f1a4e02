//! The buyer's exception workbench (docs/EXCEPTIONS.md). Exceptions are opened by `crate::exceptions::open` inside the transaction of
//! the change that causes them (an answer with changes, a rejected order, a short receipt, an invoice outside the
//! tolerances, a dispute, a dead-lettered delivery) or by the overdue job ([`detect_overdue`], under a lease), each
//! at most once per cause, with `exception.opened.v1`. People work them here: the list with filters, one exception
//! with its document, assignment, comments, and resolving with an outcome (`exception.resolved.v1`).
//! `crate::exceptions::clear` closes them from the transaction that removes their cause.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::exceptions::{self as rows, ExceptionRow};
use crate::db::{self, Context, Db};
use crate::events::SupplierRef;
use crate::exceptions::{open, supplier_ref, Opening};
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::exceptions::{
    parse_comment, parse_slas, DocumentKind, ExceptionComment, ExceptionDetail, ExceptionFilter,
    ExceptionKind, ExceptionPage, ExceptionSummary, Outcome, Resolution, SlaSetting, Timing,
    Workbench,
};
use portico_domain::{CurrentUser, TenantId};
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// The most exceptions one workbench page lists.
pub const LIST_LIMIT: i64 = 200;

fn summary(row: &ExceptionRow, now: OffsetDateTime) -> Result<ExceptionSummary, CoreError> {
    let corrupt = |what: &str| CoreError::Internal(anyhow::anyhow!("exception {}: {what}", row.id));
    Ok(ExceptionSummary {
        id: row.id,
        kind: ExceptionKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
        open: row.status == "open",
        supplier: row.supplier_id.zip(row.supplier_name.clone()),
        document: DocumentKind::parse(&row.document_kind).ok_or_else(|| corrupt("document"))?,
        document_id: row.document_id,
        document_number: row.document_number.clone(),
        line_number: row.line_number,
        detail_key: row.detail_key.clone(),
        detail_args: serde_json::from_str(&row.detail_args).unwrap_or_default(),
        opened_at: row.opened_at,
        due_at: row.due_at,
        // A resolved exception's timing stops when it was resolved.
        timing: Timing::at(row.opened_at, row.due_at, row.resolved_at.unwrap_or(now)),
        assignee: row.assignee_id.zip(row.assignee_name.clone()),
        resolved_at: row.resolved_at,
        outcome: row.outcome.as_deref().and_then(Outcome::parse),
    })
}

fn buyer_tenant(user: &CurrentUser) -> Result<TenantId, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    Ok(user.workspace.tenant_id)
}

/// The exceptions of the buyer's organisation matching `filter`.
pub async fn list(
    db: &Db,
    user: &CurrentUser,
    filter: &ExceptionFilter,
) -> Result<Workbench, CoreError> {
    let tenant = buyer_tenant(user)?;
    let now = OffsetDateTime::now_utc();
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let (found, total) = rows::list(&mut tx, tenant, filter, now, LIST_LIMIT).await?;
    let (open, overdue) = rows::open_counts(&mut tx, tenant, now).await?;
    let suppliers = rows::suppliers_with_exceptions(&mut tx, tenant).await?;
    let people = rows::assignable(&mut tx, tenant).await?;
    tx.commit().await?;
    Ok(Workbench {
        exceptions: found
            .iter()
            .map(|r| summary(r, now))
            .collect::<Result<_, _>>()?,
        total,
        open,
        overdue,
        filter: filter.clone(),
        suppliers,
        people,
        me: user.id.0,
    })
}

/// Exception `id` of the buyer's organisation.
pub async fn detail(db: &Db, user: &CurrentUser, id: Uuid) -> Result<ExceptionPage, CoreError> {
    let tenant = buyer_tenant(user)?;
    let now = OffsetDateTime::now_utc();
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let row = rows::by_id(&mut tx, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let comments = rows::comments(&mut tx, tenant, id).await?;
    let people = rows::assignable(&mut tx, tenant).await?;
    tx.commit().await?;
    Ok(ExceptionPage {
        detail: ExceptionDetail {
            summary: summary(&row, now)?,
            resolved_by: row.resolver_name.clone(),
            note: row.note.clone(),
            comments: comments
                .into_iter()
                .map(|(author, at, body)| ExceptionComment { author, at, body })
                .collect(),
        },
        people,
        me: user.id.0,
    })
}

/// Gives exception `id` to `assignee` (a buyer-side person of the organisation) or to nobody.
pub async fn assign(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    id: Uuid,
    assignee: Option<Uuid>,
) -> Result<(), CoreError> {
    let tenant = buyer_tenant(user)?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::by_id(&mut tx, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if let Some(person) = assignee {
        if !rows::assignable(&mut tx, tenant)
            .await?
            .iter()
            .any(|(p, _)| *p == person)
        {
            return Err(CoreError::validation(
                "assignee",
                "exception-error-assignee",
            ));
        }
    }
    if !rows::assign(&mut tx, tenant, id, assignee).await? {
        return Err(CoreError::Conflict("exception-error-closed".into()));
    }
    let entry = Entry::new(Some(tenant), Some(user.id), Action::ExceptionAssigned)
        .subject("exception", id)
        .detail(json!({ "assignee": assignee }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a comment to exception `id` (open or resolved); a mistake comes back by field.
pub async fn comment(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    id: Uuid,
    body: &str,
) -> Result<Result<(), FieldError>, CoreError> {
    let tenant = buyer_tenant(user)?;
    let body = match parse_comment(body) {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::by_id(&mut tx, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    rows::insert_comment(
        &mut tx,
        tenant,
        id,
        user.id.0,
        &body,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::ExceptionCommented)
        .subject("exception", id)
        .detail(json!({ "characters": body.chars().count() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Resolves exception `id` with an outcome and a note; mistakes come back by field, all at once.
pub async fn resolve(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    id: Uuid,
    outcome: &str,
    note: &str,
) -> Result<Result<(), Vec<FieldError>>, CoreError> {
    let tenant = buyer_tenant(user)?;
    let resolution = Resolution::parse(outcome, note);
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    let row = rows::by_id(&mut tx, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    // A supplier's bank or profile change closes its exception when it is decided on its own page (with the
    // second factor and four eyes a bank change needs); resolving it here would leave the change waiting unseen.
    let decided_elsewhere = [
        ExceptionKind::BankChangeToReview,
        ExceptionKind::ProfileChangeToReview,
    ]
    .iter()
    .any(|k| k.code() == row.kind);
    if decided_elsewhere && row.status == "open" {
        return Ok(Err(vec![FieldError::new(
            "outcome",
            "exception-error-decide-change",
        )]));
    }
    let resolution = match resolution {
        Ok(r) => r,
        Err(errors) => return Ok(Err(errors)),
    };
    let correlation = row
        .correlation_id
        .clone()
        .or_else(|| meta.correlation_id.clone());
    if !crate::exceptions::close(
        &mut tx,
        tenant,
        id,
        resolution.outcome,
        resolution.note.as_deref(),
        Some(user.id),
        correlation,
    )
    .await?
    {
        return Ok(Err(vec![FieldError::new(
            "outcome",
            "exception-error-closed",
        )]));
    }
    let entry = Entry::new(Some(tenant), Some(user.id), Action::ExceptionResolved)
        .subject("exception", id)
        .detail(json!({ "kind": row.kind, "outcome": resolution.outcome.code() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Opens `ack_overdue` for every order unanswered past its organisation's acknowledgement deadline (once per order
/// version) and `asn_overdue` for every promised line past its date with quantity still to ship (once per line and
/// promised date: a delay report that moves the date, and then misses it, opens another). Holds the job's lease, so with several servers one runs it at a time; the occurrence key makes a second
/// run harmless anyway. Returns how many it opened.
pub async fn detect_overdue(db: &Db, now: OffsetDateTime) -> Result<usize, CoreError> {
    if !super::notifications::lease(db, "exception-overdue", now).await? {
        return Ok(0);
    }
    let mut read = db.read(&Context::relay()).await?;
    let tenants = db::notifications::tenant_deadlines(&mut read).await?;
    read.commit().await?;
    let mut opened = 0;
    for (tenant, sla_hours) in tenants {
        let tenant = TenantId(tenant);
        let mut tx = db.write(&Context::tenant(tenant)).await?;
        let cutoff = now - Duration::hours(i64::from(sla_hours));
        for (order, number, supplier, arrived) in
            rows::unanswered_orders(&mut tx, tenant, cutoff, 500).await?
        {
            let supplier_ref = supplier_ref(&mut tx, tenant, supplier).await?;
            let hours = ((now - arrived).whole_hours()).to_string();
            let opening = Opening {
                kind: ExceptionKind::AckOverdue,
                supplier: supplier_ref,
                document: DocumentKind::PurchaseOrder,
                document_id: order,
                document_number: number,
                line_number: None,
                detail: Some((
                    "exception-detail-ack-overdue",
                    vec![("hours".to_owned(), hours)],
                )),
                dedupe_key: format!(
                    "ack_overdue:{order}:{}",
                    crate::exceptions::rfc3339(arrived)?
                ),
            };
            let correlation = db::purchase_orders::correlation(
                &mut tx,
                &crate::scope::Scope::tenant(tenant),
                portico_domain::PurchaseOrderId(order),
            )
            .await?;
            if open(&mut tx, tenant, opening, now, correlation)
                .await?
                .is_some()
            {
                opened += 1;
            }
        }
        // Promised lines past their date with quantity still to ship: once per line and promised date.
        let today = now.date();
        let mut suppliers: std::collections::HashMap<Uuid, Option<SupplierRef>> =
            Default::default();
        let past = db::promises::past_due(&mut tx, tenant, today, 2000).await?;
        for (supplier, line) in super::delays::less_shipped(&mut tx, tenant, past).await? {
            if line.open_quantity <= rust_decimal::Decimal::ZERO {
                continue;
            }
            let supplier_ref = match suppliers.get(&supplier) {
                Some(s) => s.clone(),
                None => {
                    let s = supplier_ref(&mut tx, tenant, supplier).await?;
                    suppliers.insert(supplier, s.clone());
                    s
                }
            };
            let opening = Opening {
                kind: ExceptionKind::AsnOverdue,
                supplier: supplier_ref,
                document: DocumentKind::PurchaseOrder,
                document_id: line.order_id,
                document_number: line.order_number.clone(),
                line_number: Some(line.line_number),
                detail: Some((
                    "exception-detail-asn-overdue",
                    vec![
                        ("date".to_owned(), line.promised_date.to_string()),
                        (
                            "quantity".to_owned(),
                            line.open_quantity.normalize().to_string(),
                        ),
                        ("unit".to_owned(), line.unit_of_measure.clone()),
                    ],
                )),
                dedupe_key: format!(
                    "asn_overdue:{}:{}:{}",
                    line.order_id, line.line_number, line.promised_date
                ),
            };
            if open(&mut tx, tenant, opening, now, None).await?.is_some() {
                opened += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(opened)
}

/// The organisation's SLA for every kind of exception: its own where set, the built-in default otherwise (buyer
/// side).
pub async fn slas(db: &Db, user: &CurrentUser) -> Result<Vec<SlaSetting>, CoreError> {
    let tenant = buyer_tenant(user)?;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let own = rows::slas(&mut tx, tenant).await?;
    tx.commit().await?;
    Ok(ExceptionKind::ALL
        .into_iter()
        .map(|kind| {
            let set = own.iter().find(|(k, _)| k == kind.code()).map(|(_, h)| *h);
            SlaSetting {
                kind,
                hours: set.map(i64::from).unwrap_or(kind.sla_hours()),
                custom: set.is_some(),
            }
        })
        .collect())
}

/// Sets the organisation's SLAs (buyer administrators): a kind left empty goes back to the built-in default. They
/// hold for exceptions opened from now on; open ones keep their due time. Mistakes by field, all at once, and
/// nothing stored.
pub async fn save_slas(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    fields: &[(String, String)],
) -> Result<Result<Vec<SlaSetting>, Vec<FieldError>>, CoreError> {
    let tenant = super::buyer_admin_tenant(user)?;
    let parsed = match parse_slas(fields) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(errors)),
    };
    let values: Vec<(&str, Option<i32>)> = parsed
        .iter()
        .map(|(k, h)| (k.code(), h.and_then(|h| i32::try_from(h).ok())))
        .collect();
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    rows::save_slas(
        &mut tx,
        tenant,
        &values,
        user.id.0,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let detail: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .filter_map(|(k, h)| h.map(|h| ((*k).to_owned(), json!(h))))
        .collect();
    let entry = Entry::new(Some(tenant), Some(user.id), Action::ExceptionSlasSaved)
        .detail(serde_json::Value::Object(detail));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(slas(db, user).await?))
}
