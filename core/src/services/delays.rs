//! Supplier delay reports (docs/EXCEPTIONS.md "Supplier delay report"). The supplier names a scope (one order, some
//! items, everything due before a date), a new promised date and a reason; [`preview`] shows the open lines it
//! moves, [`submit`] stores the report with each line's previous date, moves the promises, records
//! `supplier.delay_reported.v1` and opens a `delay_reported` exception for the buyer — one transaction; the same
//! form twice stores one report.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::events::{self, DelayPayload, DelayedLinePayload, OrderRef, SupplierDelayReported};
use crate::exceptions;
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::acknowledgement::{form_token, FieldError};
use portico_domain::delays::{
    AffectedLine, DelayForm, DelayReason, DelayReportView, OpenLine, ValidDelay,
};
use portico_domain::exceptions::{DocumentKind, ExceptionKind};
use portico_domain::{CurrentUser, SupplierId};
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The supplier's scope, or Forbidden for anyone else.
fn supplier_scope(user: &CurrentUser) -> Result<(Scope, SupplierId), CoreError> {
    let w = &user.workspace;
    match w.supplier_id {
        Some(s) if !w.role.is_buyer_side() => Ok((Scope::of(w), s)),
        _ => Err(CoreError::Forbidden),
    }
}

/// The open lines visible in `scope` with their suppliers: promised, of orders open for shipping, less what
/// submitted notices shipped.
pub(crate) async fn open_lines(
    tx: &mut db::Tx,
    scope: &Scope,
) -> Result<Vec<(Uuid, OpenLine)>, CoreError> {
    let promises = db::promises::open_promises(tx, scope).await?;
    less_shipped(tx, scope.tenant_id(), promises).await
}

/// Promised lines less what submitted notices shipped of them, with their suppliers.
pub(crate) async fn less_shipped(
    tx: &mut db::Tx,
    tenant: portico_domain::TenantId,
    promises: Vec<db::promises::PromiseRow>,
) -> Result<Vec<(Uuid, OpenLine)>, CoreError> {
    let mut shipped: HashMap<(Uuid, i32), Decimal> = HashMap::new();
    let mut orders: Vec<Uuid> = promises.iter().map(|p| p.order_id).collect();
    orders.sort();
    orders.dedup();
    for order in orders {
        for (line, q) in db::ship_notices::shipped_elsewhere(tx, tenant, order, None).await? {
            *shipped.entry((order, line)).or_default() += q.0;
        }
    }
    Ok(promises
        .into_iter()
        .map(|p| {
            let done = shipped
                .get(&(p.order_id, p.line_number))
                .copied()
                .unwrap_or_default();
            let line = OpenLine {
                order_id: p.order_id,
                order_number: p.order_number,
                line_number: p.line_number,
                buyer_item: p.buyer_item,
                description: p.description,
                unit_of_measure: p.unit_of_measure,
                open_quantity: (p.promised_quantity.0 - done).max(Decimal::ZERO),
                promised_date: p.promised_date,
            };
            (p.supplier_id, line)
        })
        .collect())
}

/// The lines a report would move, or its mistakes by field (nothing in scope is a mistake of the scope).
async fn affected(
    tx: &mut db::Tx,
    scope: &Scope,
    form: &DelayForm,
) -> Result<Result<(ValidDelay, Vec<AffectedLine>), Vec<FieldError>>, CoreError> {
    let valid = match form.validate(OffsetDateTime::now_utc().date()) {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let open: Vec<OpenLine> = open_lines(tx, scope)
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let lines = valid.affected(&open);
    if lines.is_empty() {
        let field = match form.scope.trim() {
            "order" => "order",
            "items" => "items",
            _ => "due_before",
        };
        return Ok(Err(vec![FieldError::new(field, "delay-error-none")]));
    }
    Ok(Ok((valid, lines)))
}

/// The open lines a report would move (nothing stored).
pub async fn preview(
    db: &Db,
    user: &CurrentUser,
    form: &DelayForm,
) -> Result<Result<Vec<AffectedLine>, Vec<FieldError>>, CoreError> {
    let (scope, _) = supplier_scope(user)?;
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = affected(&mut tx, &scope, form).await?;
    tx.commit().await?;
    Ok(found.map(|(_, lines)| lines))
}

/// Stores the report and moves the lines' promises; returns the report's id (the earlier one for a form sent twice).
pub async fn submit(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    form: &DelayForm,
    token: &str,
) -> Result<Result<Uuid, Vec<FieldError>>, CoreError> {
    let (scope, supplier) = supplier_scope(user)?;
    let token = match form_token(token) {
        Ok(t) => t,
        Err(e) => return Ok(Err(vec![e])),
    };
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    if let Some(id) = db::promises::by_token(&mut tx, tenant, token).await? {
        return Ok(Ok(id));
    }
    let (valid, lines) = match affected(&mut tx, &scope, form).await? {
        Ok(found) => found,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = Uuid::now_v7();
    let correlation = meta.correlation_id.clone();
    db::promises::insert_report(
        &mut tx,
        tenant,
        &db::promises::NewReport {
            id,
            supplier,
            new_date: valid.new_date,
            reason: valid.reason.code(),
            note: valid.note.as_deref(),
            reported_by: user.id.0,
            token,
            correlation_id: correlation.as_deref(),
        },
    )
    .await?;
    for a in &lines {
        db::promises::insert_report_line(
            &mut tx,
            tenant,
            supplier,
            id,
            a.line.order_id,
            a.line.line_number,
            a.line.open_quantity,
            a.line.promised_date,
            a.new_date,
        )
        .await?;
        db::promises::move_date(
            &mut tx,
            tenant,
            a.line.order_id,
            a.line.line_number,
            a.new_date,
        )
        .await?;
        // Overdue no more: the line has a new date (and the buyer a delay to look at instead).
        exceptions::clear_line(
            &mut tx,
            tenant,
            ExceptionKind::AsnOverdue,
            a.line.order_id,
            a.line.line_number,
            correlation.clone(),
        )
        .await?;
    }
    let (head, _) = db::promises::report(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let supplier_ref = events::SupplierRef {
        id: supplier,
        code: head.supplier_code.clone(),
        name: head.supplier_name.clone(),
    };
    let body = SupplierDelayReported {
        report: DelayPayload {
            id,
            new_date: valid.new_date.to_string(),
            reason: valid.reason.code().to_owned(),
            note: valid.note.clone(),
            reported_at: head
                .created_at
                .format(&Rfc3339)
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("report time: {e}")))?,
        },
        supplier: supplier_ref.clone(),
        lines: lines
            .iter()
            .map(|a| DelayedLinePayload {
                purchase_order: OrderRef {
                    id: a.line.order_id,
                    number: a.line.order_number.clone(),
                },
                line_number: a.line.line_number,
                buyer_item: a.line.buyer_item.clone(),
                unit_of_measure: a.line.unit_of_measure.clone(),
                open_quantity: a.line.open_quantity.normalize().to_string(),
                previous_date: a.line.promised_date.to_string(),
                new_date: a.new_date.to_string(),
            })
            .collect(),
    };
    events::record(&mut tx, &body.event(tenant, correlation.clone())?).await?;
    let mut orders: Vec<&str> = lines.iter().map(|a| a.line.order_number.as_str()).collect();
    orders.dedup();
    let number = match orders.len() {
        1 => orders[0].to_owned(),
        n => format!("{} +{}", orders[0], n - 1),
    };
    let opening = exceptions::Opening {
        kind: ExceptionKind::DelayReported,
        supplier: Some(supplier_ref),
        document: DocumentKind::DelayReport,
        document_id: id,
        document_number: number,
        line_number: None,
        detail: Some((
            "exception-detail-delay",
            vec![
                ("lines".to_owned(), lines.len().to_string()),
                ("date".to_owned(), valid.new_date.to_string()),
            ],
        )),
        dedupe_key: format!("delay_reported:{id}"),
    };
    exceptions::open(
        &mut tx,
        tenant,
        opening,
        OffsetDateTime::now_utc(),
        correlation,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::DelayReported)
        .subject("delay_report", id)
        .detail(json!({
            "lines": lines.len(),
            "new_date": valid.new_date.to_string(),
            "reason": valid.reason.code(),
        }));
    audit::append(&mut tx, meta, entry).await?;
    match tx.commit().await {
        Ok(()) => Ok(Ok(id)),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            // The same form committed first by a concurrent request.
            let mut read = db.read(&Context::scope(&scope)).await?;
            match db::promises::by_token(&mut read, tenant, token).await? {
                Some(id) => Ok(Ok(id)),
                None => Err(CoreError::Conflict("delay report".into())),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Report `id` as either side sees it (the supplier its own; the buyer all of its organisation's).
pub async fn view(db: &Db, user: &CurrentUser, id: Uuid) -> Result<DelayReportView, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let (head, lines) = db::promises::report(&mut tx, &scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(DelayReportView {
        id: head.id,
        supplier_name: head.supplier_name,
        buyer_name: head.buyer_name,
        reason: DelayReason::parse(&head.reason)
            .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("delay report {id}: reason")))?,
        note: head.note,
        new_date: head.new_date,
        reported_by: head.reported_by,
        reported_at: head.created_at,
        lines: lines
            .into_iter()
            .map(|l| AffectedLine {
                line: OpenLine {
                    order_id: l.order_id,
                    order_number: l.order_number,
                    line_number: l.line_number,
                    buyer_item: l.buyer_item,
                    description: l.description,
                    unit_of_measure: l.unit_of_measure,
                    open_quantity: l.open_quantity.0,
                    promised_date: l.previous_date,
                },
                new_date: l.new_date,
            })
            .collect(),
    })
}
