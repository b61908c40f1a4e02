//! Reading purchase orders: the supplier inbox, the buyer list and the detail page.

use crate::db::{self, Db};
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

/// One purchase order with its lines. Unknown ids and ids outside the caller's scope are both
/// [`CoreError::NotFound`].
pub async fn get(db: &Db, scope: &Scope, id: PurchaseOrderId) -> Result<PoDetail, CoreError> {
    db::purchase_orders::detail(db, scope, id)
        .await?
        .ok_or(CoreError::NotFound)
}
