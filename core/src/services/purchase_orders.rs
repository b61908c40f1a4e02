//! Reading purchase orders: the supplier inbox, the buyer list and the detail page.

use crate::db::purchase_orders::NewPoRow;
use crate::db::{self, Db, Tx};
use crate::events::{self, CloudEvent, PurchaseOrderPayload, PurchaseOrderReceived, SupplierRef};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::{InboxFilter, Page, PoDetail, PoSummary, PurchaseOrderId};

/// One page of the purchase orders the caller may see (a supplier: its own; a buyer: all of its tenant's).
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &InboxFilter,
) -> Result<Page<PoSummary>, CoreError> {
    Ok(db::purchase_orders::list_page(db, scope, filter).await?)
}

/// What the order's current version changed against the one before (`None` for a first version, or when the
/// earlier version was not kept).
pub async fn changes(
    db: &Db,
    scope: &Scope,
    po: &PoDetail,
) -> Result<Option<portico_domain::purchase_order::VersionChanges>, CoreError> {
    if po.version < 2 {
        return Ok(None);
    }
    let mut tx = db.read(&db::Context::scope(scope)).await?;
    let before =
        db::purchase_orders::earlier_version(&mut tx, scope, po.id, po.version - 1).await?;
    tx.commit().await?;
    Ok(before.map(|b| portico_domain::purchase_order::VersionChanges::between(&b, po)))
}

/// One purchase order with its lines. Unknown ids and ids outside the caller's scope are both
/// [`CoreError::NotFound`].
pub async fn get(db: &Db, scope: &Scope, id: PurchaseOrderId) -> Result<PoDetail, CoreError> {
    db::purchase_orders::detail(db, scope, id)
        .await?
        .ok_or(CoreError::NotFound)
}

/// Stores a new purchase order and records its `purchase_order.received` event in the same transaction: the one path
/// by which orders arrive (demo data today; the ERP API and inbound EDI alike).
pub async fn receive(
    tx: &mut Tx,
    scope: &Scope,
    po: &NewPoRow<'_>,
    supplier: SupplierRef,
    correlation_id: Option<String>,
) -> Result<CloudEvent, CoreError> {
    db::purchase_orders::insert(tx, scope, po).await?;
    if let Some(c) = &correlation_id {
        db::purchase_orders::keep_correlation(tx, scope, po.id, c).await?;
    }
    let payload = PurchaseOrderReceived {
        purchase_order: PurchaseOrderPayload::from_new(po, 1, supplier),
    };
    events::record(tx, &payload.event(scope.tenant_id(), correlation_id)?).await
}

/// Stores a new version of an existing order (a change order) and records its `purchase_order.received` event with
/// that version, in the caller's transaction. The version it replaces is kept as it was (the order page shows what
/// changed), and answers still waiting on someone are superseded: the new version asks for a new answer.
pub async fn receive_version(
    tx: &mut Tx,
    scope: &Scope,
    po: &NewPoRow<'_>,
    version: i32,
    supplier: SupplierRef,
    correlation_id: Option<String>,
) -> Result<CloudEvent, CoreError> {
    if let Some(before) = db::purchase_orders::detail_in_tx(tx, scope, po.id).await? {
        db::purchase_orders::keep_version(tx, scope, &before).await?;
    }
    db::purchase_orders::supersede_open_answers(tx, scope, po.id).await?;
    db::purchase_orders::replace(tx, scope, po, version).await?;
    if let Some(c) = &correlation_id {
        db::purchase_orders::keep_correlation(tx, scope, po.id, c).await?;
    }
    let payload = PurchaseOrderReceived {
        purchase_order: PurchaseOrderPayload::from_new(po, version, supplier),
    };
    events::record(tx, &payload.event(scope.tenant_id(), correlation_id)?).await
}
