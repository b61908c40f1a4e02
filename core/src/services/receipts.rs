//! Goods receipts from the buyer's ERP or WMS (`POST /api/v1/receipts`): against a ship notice or order lines, the
//! received quantity, date and rejected quantity with a reason. Stored with `receipt.recorded.v1` in one
//! transaction; a receipt against a notice closes it (`received`). The ERP's receipt reference is unique per
//! tenant: the same request again is answered as before, different content under the same reference is refused.
//! Both sides read receipts on the order and the notice.

use super::erp_api::{date, decimal, text, ApiClient};
use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::receipts as rows;
use crate::db::{self, Context, Db};
use crate::events::{self, ReceiptPayload, ReceiptRecorded, ReceivedLinePayload, SupplierRef};
use crate::exceptions;
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::exceptions::{DocumentKind, ExceptionKind};
use portico_domain::receipts::{is_reject_reason, ReceiptView};
use portico_domain::{CurrentUser, PurchaseOrderId, SupplierId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// A goods receipt as the ERP posts it.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptInput {
    /// The ERP's receipt number: unique in your organisation; the same request again is answered as before.
    #[schema(example = "GR-2026-0117")]
    pub reference: String,
    /// The ship notice received, by its number (optional: receipts may be against order lines alone).
    #[serde(default)]
    #[schema(example = "ASN-ACME-00001")]
    pub ship_notice: Option<String>,
    #[schema(example = "2026-11-28", format = Date)]
    pub received_on: String,
    /// 1 to 999 lines.
    pub lines: Vec<ReceiptLineInput>,
}

/// One received order line.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptLineInput {
    /// The order's number.
    #[schema(example = "4500012207")]
    pub purchase_order: String,
    #[schema(example = 10)]
    pub line_number: i32,
    /// Accepted into stock; decimal as a string, zero or more.
    #[schema(example = "24")]
    pub received_quantity: String,
    /// Refused at the dock; decimal as a string (default 0).
    #[serde(default)]
    #[schema(example = "1")]
    pub rejected_quantity: Option<String>,
    /// Why goods were refused: damaged, wrong_item, quality, over_shipment, late, other. Required with a rejected
    /// quantity.
    #[serde(default)]
    #[schema(example = "damaged")]
    pub reject_reason: Option<String>,
}

/// What recording a receipt answered: the receipt (as the event's payload) and whether it was already recorded.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub body: ReceiptRecorded,
    pub replayed: bool,
}

struct CheckedLine {
    order: String,
    line_number: i32,
    received: Decimal,
    rejected: Decimal,
    reason: Option<String>,
}

fn check_lines(input: &ReceiptInput) -> Result<Vec<CheckedLine>, CoreError> {
    if input.lines.is_empty() || input.lines.len() > 999 {
        return Err(CoreError::validation("lines", "api-receipt-lines-count"));
    }
    let mut out: Vec<CheckedLine> = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let f = |name: &str| format!("lines[{i}].{name}");
        let order = text(&f("purchase_order"), &l.purchase_order, 35)?;
        if !(1..=999_999).contains(&l.line_number) {
            return Err(CoreError::validation(
                f("line_number"),
                "api-line-number-invalid",
            ));
        }
        let received = decimal(&f("received_quantity"), &l.received_quantity)?;
        let rejected = match &l.rejected_quantity {
            Some(r) => decimal(&f("rejected_quantity"), r)?,
            None => Decimal::ZERO,
        };
        if received < Decimal::ZERO {
            return Err(CoreError::validation(
                f("received_quantity"),
                "api-quantity-negative",
            ));
        }
        if rejected < Decimal::ZERO {
            return Err(CoreError::validation(
                f("rejected_quantity"),
                "api-quantity-negative",
            ));
        }
        if received.is_zero() && rejected.is_zero() {
            return Err(CoreError::validation(
                f("received_quantity"),
                "api-receipt-nothing",
            ));
        }
        let reason = l
            .reject_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let reason = match (rejected.is_zero(), reason) {
            (false, None) => {
                return Err(CoreError::validation(
                    f("reject_reason"),
                    "api-reject-reason-required",
                ))
            }
            (_, Some(r)) if !is_reject_reason(r) => {
                return Err(CoreError::validation(
                    f("reject_reason"),
                    "api-reject-reason-invalid",
                ))
            }
            (_, r) => r.map(str::to_owned),
        };
        if out
            .iter()
            .any(|o| o.order == order && o.line_number == l.line_number)
        {
            return Err(CoreError::validation(
                f("line_number"),
                "api-line-number-duplicate",
            ));
        }
        out.push(CheckedLine {
            order,
            line_number: l.line_number,
            received,
            rejected,
            reason,
        });
    }
    Ok(out)
}

fn request_hash(input: &ReceiptInput) -> Result<String, CoreError> {
    let body = serde_json::to_vec(input)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("hashing the request: {e}")))?;
    let mut h = Sha256::new();
    h.update(b"POST /api/v1/receipts\n");
    h.update(&body);
    Ok(crate::audit::hex(&h.finalize()))
}

/// Records a goods receipt for the API caller's organisation.
pub async fn record(
    db: &Db,
    meta: &RequestMeta,
    client: &ApiClient,
    input: &ReceiptInput,
) -> Result<Recorded, CoreError> {
    let reference = text("reference", &input.reference, 35)?;
    let received_on = date("received_on", &input.received_on)?;
    if received_on > OffsetDateTime::now_utc().date() + time::Duration::days(1) {
        return Err(CoreError::validation("received_on", "api-date-future"));
    }
    let lines = check_lines(input)?;
    let hash = request_hash(input)?;
    let tenant = client.tenant;
    let scope = client.scope();
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    if let Some((id, stored_hash)) = rows::by_reference(&mut tx, tenant, &reference).await? {
        if stored_hash != hash {
            return Err(CoreError::Conflict("api-receipt-reference-reused".into()));
        }
        let body = payload(&mut tx, &scope, id).await?;
        return Ok(Recorded {
            body,
            replayed: true,
        });
    }
    // The notice, if named: submitted (or already received by an earlier receipt).
    let notice = match input
        .ship_notice
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        None => None,
        Some(number) => {
            let (id, status, supplier) = rows::notice_by_number(&mut tx, tenant, number)
                .await?
                .ok_or_else(|| CoreError::validation("ship_notice", "api-notice-unknown"))?;
            if status != "submitted" && status != "received" {
                return Err(CoreError::validation(
                    "ship_notice",
                    "api-notice-not-submitted",
                ));
            }
            Some((id, supplier))
        }
    };
    let mut supplier: Option<Uuid> = notice.map(|(_, s)| s);
    let mut resolved = Vec::with_capacity(lines.len());
    // Lines received short of what the notice shipped, or with goods refused.
    let mut short = 0usize;
    for (i, l) in lines.iter().enumerate() {
        let (order_id, _, _, order_supplier) =
            db::purchase_orders::by_number(&mut tx, tenant, &l.order)
                .await?
                .ok_or_else(|| {
                    CoreError::validation(format!("lines[{i}].purchase_order"), "api-po-unknown")
                })?;
        match supplier {
            Some(s) if s != order_supplier => {
                return Err(CoreError::validation(
                    format!("lines[{i}].purchase_order"),
                    "api-receipt-supplier",
                ))
            }
            _ => supplier = Some(order_supplier),
        }
        if !rows::order_line_exists(&mut tx, tenant, order_id, l.line_number).await? {
            return Err(CoreError::validation(
                format!("lines[{i}].line_number"),
                "api-line-unknown",
            ));
        }
        if let Some((notice_id, _)) = notice {
            match rows::shipped_on_notice(&mut tx, tenant, notice_id, order_id, l.line_number)
                .await?
            {
                None => {
                    return Err(CoreError::validation(
                        format!("lines[{i}].line_number"),
                        "api-line-not-on-notice",
                    ))
                }
                Some(shipped) if l.received < shipped => short += 1,
                Some(_) if !l.rejected.is_zero() => short += 1,
                Some(_) => {}
            }
        } else if !l.rejected.is_zero() {
            short += 1;
        }
        resolved.push(order_id);
    }
    let supplier = SupplierId(
        supplier.ok_or_else(|| CoreError::validation("lines", "api-receipt-lines-count"))?,
    );
    let id = Uuid::now_v7();
    let correlation = meta.correlation_id.clone();
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewReceipt {
            id,
            supplier,
            reference: &reference,
            ship_notice: notice.map(|(n, _)| n),
            received_on,
            request_hash: &hash,
            correlation_id: correlation.as_deref(),
        },
    )
    .await?;
    for (l, order) in lines.iter().zip(&resolved) {
        rows::insert_line(
            &mut tx,
            tenant,
            supplier,
            id,
            &rows::NewLine {
                order: *order,
                line_number: l.line_number,
                received: l.received,
                rejected: l.rejected,
                reason: l.reason.as_deref(),
            },
        )
        .await?;
    }
    if let Some((notice_id, _)) = notice {
        crate::db::ship_notices::close(&mut tx, tenant, notice_id).await?;
    }
    let body = payload(&mut tx, &scope, id).await?;
    events::record(&mut tx, &body.event(tenant, correlation.clone())?).await?;
    // A short receipt is about its notice, or the order of its first line (a short receipt has lines).
    let about = match (&body.receipt.ship_notice, body.lines.first()) {
        (Some(n), _) => Some((DocumentKind::ShipNotice, n.id, n.number.clone())),
        (None, Some(l)) => Some((
            DocumentKind::PurchaseOrder,
            l.purchase_order.id,
            l.purchase_order.number.clone(),
        )),
        (None, None) => None,
    };
    if let (true, Some((document, document_id, document_number))) = (short > 0, about) {
        let opening = exceptions::Opening {
            kind: ExceptionKind::ShortShipment,
            supplier: Some(body.supplier.clone()),
            document,
            document_id,
            document_number,
            line_number: None,
            detail: Some((
                "exception-detail-short",
                vec![
                    ("lines".to_owned(), short.to_string()),
                    ("reference".to_owned(), reference.clone()),
                ],
            )),
            dedupe_key: format!("short_shipment:{id}"),
        };
        exceptions::open(
            &mut tx,
            tenant,
            opening,
            OffsetDateTime::now_utc(),
            correlation,
        )
        .await?;
    }
    let entry = Entry::new(Some(tenant), None, Action::ReceiptRecorded)
        .subject("goods_receipt", id)
        .detail(json!({ "reference": reference, "api_key": client.key_id }));
    audit::append(&mut tx, meta, entry).await?;
    match tx.commit().await {
        Ok(()) => Ok(Recorded {
            body,
            replayed: false,
        }),
        // The same reference committed first by a concurrent request: answer as that request did.
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            let mut tx = db.read(&Context::tenant(tenant)).await?;
            let (id, stored_hash) = rows::by_reference(&mut tx, tenant, &reference)
                .await?
                .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("receipt vanished")))?;
            if stored_hash != hash {
                return Err(CoreError::Conflict("api-receipt-reference-reused".into()));
            }
            let body = payload(&mut tx, &scope, id).await?;
            Ok(Recorded {
                body,
                replayed: true,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// A receipt as the buyer organisation's ERP reads it (`GET /api/v1/receipts/{reference}`), as it was recorded.
pub async fn by_api(
    db: &Db,
    client: &ApiClient,
    reference: &str,
) -> Result<ReceiptRecorded, CoreError> {
    let tenant = client.tenant;
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let (id, _) = rows::by_reference(&mut tx, tenant, reference.trim())
        .await?
        .ok_or(CoreError::NotFound)?;
    let body = payload(&mut tx, &client.scope(), id).await?;
    tx.commit().await?;
    Ok(body)
}

/// The receipt `id` as its event's payload.
async fn payload(tx: &mut db::Tx, scope: &Scope, id: Uuid) -> Result<ReceiptRecorded, CoreError> {
    let view = rows::receipts(tx, scope, rows::Filter::Receipt(id))
        .await?
        .into_iter()
        .next()
        .ok_or(CoreError::NotFound)?;
    let (supplier_id, code, name) = rows::supplier_of(tx, scope.tenant_id(), id).await?;
    Ok(ReceiptRecorded {
        receipt: ReceiptPayload {
            id: view.id,
            reference: view.reference.clone(),
            received_on: view.received_on.to_string(),
            ship_notice: view
                .ship_notice
                .as_ref()
                .map(|(id, number)| events::NoticeRef {
                    id: *id,
                    number: number.clone(),
                }),
        },
        supplier: SupplierRef {
            id: SupplierId(supplier_id),
            code,
            name,
        },
        lines: view
            .lines
            .iter()
            .map(|l| ReceivedLinePayload {
                purchase_order: events::OrderRef {
                    id: l.order_id,
                    number: l.order_number.clone(),
                },
                line_number: l.line_number,
                buyer_item: l.buyer_item.clone(),
                unit_of_measure: l.unit_of_measure.clone(),
                received_quantity: l.received.normalize().to_string(),
                rejected_quantity: l.rejected.normalize().to_string(),
                reject_reason: l.reject_reason.clone(),
            })
            .collect(),
    })
}

/// The receipts of an order the person may see, oldest first.
pub async fn of_order(
    db: &Db,
    user: &CurrentUser,
    order: PurchaseOrderId,
) -> Result<Vec<ReceiptView>, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::receipts(&mut tx, &scope, rows::Filter::Order(order.0)).await?;
    tx.commit().await?;
    Ok(found)
}

/// The receipts of a ship notice the person may see, oldest first.
pub async fn of_notice(
    db: &Db,
    user: &CurrentUser,
    notice: Uuid,
) -> Result<Vec<ReceiptView>, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::receipts(&mut tx, &scope, rows::Filter::Notice(notice)).await?;
    tx.commit().await?;
    Ok(found)
}
