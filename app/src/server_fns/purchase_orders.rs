//! Purchase order lists and detail.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::{Page, PoDetail, PoSummary};
use serde::{Deserialize, Serialize};

/// A page of the order list plus what the page needs to know about the viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderList {
    pub page: Page<PoSummary>,
    /// Buyers see every supplier's orders and a supplier column.
    pub buyer_view: bool,
    /// The buyer organisation's name (the customer, for suppliers).
    pub tenant_name: String,
}

/// One page of the purchase orders the signed-in person may see, filtered by status and PO number.
#[server(prefix = "/api", endpoint = "purchase-orders", input = server_fn::codec::GetUrl)]
pub async fn list_purchase_orders(
    status: Option<String>,
    q: Option<String>,
    after: Option<String>,
    before: Option<String>,
) -> Result<OrderList, AppError> {
    use portico_core::{services::purchase_orders, CoreError, Scope};
    use portico_domain::InboxFilter;

    let user = crate::ssr::require_user().await?;
    let filter = InboxFilter::parse(
        status.as_deref(),
        q.as_deref(),
        after.as_deref(),
        before.as_deref(),
    )
    .map_err(|e| AppError::from(CoreError::Paging(e)))?;
    let state = crate::ssr::state()?;
    let page = purchase_orders::list(&state.db, &Scope::of(&user.workspace), &filter).await?;
    Ok(OrderList {
        page,
        buyer_view: user.workspace.role.is_buyer_side(),
        tenant_name: user.workspace.tenant_name,
    })
}

/// One purchase order with its lines. Unknown and foreign ids both answer [`AppError::NotFound`] (404).
#[server(prefix = "/api", endpoint = "purchase-order", input = server_fn::codec::GetUrl)]
pub async fn get_purchase_order(id: String) -> Result<PoDetail, AppError> {
    use portico_core::{services::purchase_orders, CoreError, Scope};
    use portico_domain::PurchaseOrderId;

    let user = crate::ssr::require_user().await?;
    let id: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let state = crate::ssr::state()?;
    Ok(purchase_orders::get(&state.db, &Scope::of(&user.workspace), id).await?)
}
