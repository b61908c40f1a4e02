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

/// The session key of an acknowledgement form sent back with mistakes.
#[cfg(feature = "ssr")]
const ACK_DRAFT_KEY: &str = "ack_draft";

/// The session key of a review form sent back with a mistake.
#[cfg(feature = "ssr")]
const REVIEW_DRAFT_KEY: &str = "review_draft";

/// An acknowledgement form as it was sent, with its mistakes (kept in the session so nothing typed is lost).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AckDraft {
    pub form: portico_domain::acknowledgement::AckForm,
    pub errors: Vec<portico_domain::acknowledgement::FieldError>,
}

/// What the order page shows: the order, its latest answer, and — for its supplier while it waits for an answer —
/// the acknowledgement form (fresh, or as last sent with its mistakes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub po: PoDetail,
    pub ack: Option<portico_domain::acknowledgement::AckView>,
    pub form: Option<AckDraft>,
    /// For buyers, while the latest answer waits for their review: the review form's token.
    pub review_token: Option<String>,
    /// The review form as last sent, when it had a mistake (its decisions and comment are shown again).
    pub review_draft: Option<portico_domain::acknowledgement::ReviewForm>,
    /// For the order's supplier, while the buyer's counter-proposal waits: the accepting form's token.
    pub counter_token: Option<String>,
    /// What this version changed against the one before (a change order).
    pub changes: Option<portico_domain::purchase_order::VersionChanges>,
    /// The comments thread, oldest first, and the token of the form that adds to it.
    pub comments: Vec<portico_domain::comments::CommentView>,
    pub comment_token: String,
    /// The ship notices with lines of this order: `(id, number, status)`.
    pub shipments: Vec<(uuid::Uuid, String, portico_domain::shipping::NoticeStatus)>,
    /// For its supplier: whether the order may be shipped now.
    pub may_ship: bool,
    /// For its supplier: whether the order may be invoiced (acknowledged or shipping).
    pub may_invoice: bool,
    /// Goods receipts the buyer's warehouse reported for this order.
    pub receipts: Vec<portico_domain::receipts::ReceiptView>,
}

/// The order page's data. `draft` names a form sent back with mistakes.
#[server(prefix = "/api", endpoint = "purchase-order/page", input = server_fn::codec::GetUrl)]
pub async fn order_page(
    id: String,
    draft: Option<String>,
    review_draft: Option<String>,
) -> Result<OrderView, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    use portico_core::services::{acknowledgements, purchase_orders};
    use portico_core::{CoreError, Scope};
    use portico_domain::acknowledgement::{may_accept_counter, may_answer, may_review, AckForm};
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let id: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let db = &state()?.db;
    let scope = Scope::of(&user.workspace);
    let po = purchase_orders::get(db, &scope, id).await?;
    let ack = acknowledgements::latest(db, &scope, id).await?;
    let role = user.workspace.role;
    let form = if may_answer(role, po.status) {
        let kept = match draft {
            Some(nonce) => shown_once(ACK_DRAFT_KEY, &nonce).await?.and_then(|v| {
                v.first()
                    .and_then(|json| serde_json::from_str::<AckDraft>(json).ok())
            }),
            None => None,
        };
        // A draft of an older version is not shown: the order changed since.
        Some(
            kept.filter(|d| d.form.version == po.version)
                .unwrap_or_else(|| AckDraft {
                    form: AckForm::prefilled(&po, uuid::Uuid::now_v7().simple().to_string()),
                    errors: Vec::new(),
                }),
        )
    } else {
        None
    };
    let review_token = may_review(role, po.status, ack.as_ref().map(|a| a.outcome))
        .then(|| uuid::Uuid::now_v7().simple().to_string());
    let counter_token = may_accept_counter(role, po.status, ack.as_ref().map(|a| a.outcome))
        .then(|| uuid::Uuid::now_v7().simple().to_string());
    let review_draft = match (review_token.is_some(), review_draft) {
        (true, Some(nonce)) => shown_once(REVIEW_DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        _ => None,
    };
    let comments = portico_core::services::comments::thread(db, &scope, id).await?;
    let changes = purchase_orders::changes(db, &scope, &po).await?;
    let shipments = portico_core::services::ship_notices::of_order(db, &user, id).await?;
    let receipts = portico_core::services::receipts::of_order(db, &user, id).await?;
    let may_invoice = !role.is_buyer_side()
        && matches!(
            po.status,
            portico_domain::PoStatus::Acknowledged
                | portico_domain::PoStatus::PartiallyShipped
                | portico_domain::PoStatus::Shipped
        );
    let may_ship = !role.is_buyer_side()
        && portico_domain::shipping::may_ship(
            po.status,
            &portico_core::services::shipping_settings::policy(db, &user).await?,
        );
    Ok(OrderView {
        po,
        ack,
        form,
        review_token,
        review_draft,
        counter_token,
        changes,
        comments,
        comment_token: uuid::Uuid::now_v7().simple().to_string(),
        shipments,
        may_ship,
        may_invoice,
        receipts,
    })
}

/// The supplier's answer to an order, posted by the plain form on the order page. `decision` is the button pressed:
/// `accept`, `reject` or `lines`.
#[server(prefix = "/api", endpoint = "purchase-order/acknowledge")]
pub async fn acknowledge_order(
    id: String,
    version: i32,
    token: String,
    decision: String,
    reason: Option<String>,
    comment: Option<String>,
    lines: Option<Vec<portico_domain::acknowledgement::AckLineForm>>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::acknowledgements::{self, Submitted};
    use portico_core::CoreError;
    use portico_domain::acknowledgement::AckForm;
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let state = state()?;
    let order: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let form = AckForm {
        version,
        token,
        decision,
        reason: reason.unwrap_or_default(),
        comment: comment.unwrap_or_default(),
        lines: lines.unwrap_or_default(),
    };
    let page = format!("/orders/{}", order.0);
    let result = acknowledgements::submit(
        &state.db,
        &request_meta(),
        &state.public_url,
        &user,
        order,
        &form,
    )
    .await?;
    let target = match result {
        Submitted::Applied { outcome, .. } | Submitted::Repeated { outcome } => {
            format!("{page}?notice=ack-{}", outcome.code().replace('_', "-"))
        }
        Submitted::Invalid(errors) => {
            let draft = serde_json::to_string(&AckDraft { form, errors })
                .map_err(|_| AppError::Internal)?;
            let nonce = keep_for_display(ACK_DRAFT_KEY, vec![draft]).await?;
            format!("{page}?draft={nonce}#ack")
        }
        Submitted::Stale { current_version } => {
            format!("{page}?error=ack-stale&version={current_version}#ack")
        }
        Submitted::NotOpen { .. } => format!("{page}?error=ack-not-open"),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The buyer's decision on a supplier's changes, posted by the review form on the order page.
#[server(prefix = "/api", endpoint = "purchase-order/review")]
pub async fn review_order(
    id: String,
    acknowledgement: String,
    token: String,
    comment: Option<String>,
    lines: Option<Vec<portico_domain::acknowledgement::ReviewLineForm>>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::acknowledgements::{self, Reviewed};
    use portico_core::CoreError;
    use portico_domain::acknowledgement::ReviewForm;
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let state = state()?;
    let order: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let form = ReviewForm {
        acknowledgement,
        token,
        comment: comment.unwrap_or_default(),
        lines: lines.unwrap_or_default(),
    };
    let page = format!("/orders/{}", order.0);
    let result = acknowledgements::review(
        &state.db,
        &request_meta(),
        &state.public_url,
        &user,
        order,
        &form,
    )
    .await?;
    let target = match result {
        Reviewed::Applied { outcome, .. } | Reviewed::Repeated { outcome } => {
            format!("{page}?notice=review-{}", outcome.code().replace('_', "-"))
        }
        Reviewed::Invalid(errors) => {
            let (first, field) = errors
                .first()
                .map(|e| (e.message.clone(), e.field.clone()))
                .unwrap_or_default();
            let draft = serde_json::to_string(&form).map_err(|_| AppError::Internal)?;
            let nonce = keep_for_display(REVIEW_DRAFT_KEY, vec![draft]).await?;
            format!("{page}?error={first}&field={field}&review_draft={nonce}#review")
        }
        Reviewed::NotPending => format!("{page}?error=review-not-pending"),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The supplier accepts the buyer's counter-proposal, posted by the button beside it on the order page.
#[server(prefix = "/api", endpoint = "purchase-order/accept-counter")]
pub async fn accept_counter(id: String, token: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::acknowledgements::{self, Submitted};
    use portico_core::CoreError;
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let state = state()?;
    let order: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let page = format!("/orders/{}", order.0);
    let target = match acknowledgements::accept_counter(
        &state.db,
        &request_meta(),
        &state.public_url,
        &user,
        order,
        &token,
    )
    .await?
    {
        Submitted::Applied { .. } | Submitted::Repeated { .. } => {
            format!("{page}?notice=ack-counter-accepted")
        }
        Submitted::Invalid(_) => format!("{page}?error=ack-error-token"),
        Submitted::Stale { current_version } => {
            format!("{page}?error=ack-stale&version={current_version}#ack")
        }
        Submitted::NotOpen { .. } => format!("{page}?error=ack-counter-not-open"),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Adds a comment to an order's thread, posted by the comment form on the order page.
#[server(prefix = "/api", endpoint = "purchase-order/comment")]
pub async fn comment_order(id: String, token: String, body: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::comments;
    use portico_core::CoreError;
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let state = state()?;
    let order: PurchaseOrderId = id
        .parse()
        .map_err(|_| AppError::from(CoreError::NotFound))?;
    let page = format!("/orders/{}", order.0);
    let target = match comments::add(
        &state.db,
        &request_meta(),
        &state.public_url,
        &user,
        order,
        &body,
        &token,
    )
    .await
    {
        Ok(_) => format!("{page}?notice=comment-added#comments"),
        Err(CoreError::Validation { message, .. }) => format!("{page}?error={message}#comments"),
        Err(e) => return Err(e.into()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}
