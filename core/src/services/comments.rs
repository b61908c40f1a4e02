//! The comments thread of a purchase order: both sides read it; the buyer's people and the order's supplier write
//! in it. Each comment is stored with its `purchase_order.comment_added` event in one transaction; the same form
//! sent twice adds one comment.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::events::{self, CommentPayload, CommentedOrder, PurchaseOrderCommentAdded, SupplierRef};
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::notify;
use crate::CoreError;
use portico_domain::comments::{self, CommentView, Side};
use portico_domain::{CurrentUser, PurchaseOrderId};
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// An order's thread, oldest first.
pub async fn thread(
    db: &Db,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<Vec<CommentView>, CoreError> {
    let mut tx = db.read(&Context::scope(scope)).await?;
    let rows = db::comments::thread(&mut tx, scope, order).await?;
    tx.commit().await?;
    rows.into_iter()
        .map(|r| {
            Ok(CommentView {
                id: r.id,
                side: Side::parse(&r.side).ok_or_else(|| {
                    CoreError::Internal(anyhow::anyhow!("comment side '{}'", r.side))
                })?,
                author: r.author,
                body: r.body,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// Adds a comment to an order the person may see. Returns whether it was added now (`false`: this form had
/// already added it).
pub async fn add(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    order: PurchaseOrderId,
    text: &str,
    token: &str,
) -> Result<bool, CoreError> {
    let body = comments::body(text).map_err(|rule| CoreError::validation("body", rule))?;
    let token = portico_domain::acknowledgement::form_token(token)
        .map_err(|e| CoreError::validation(e.field, e.message))?;
    let side = if user.workspace.role.is_buyer_side() {
        Side::Buyer
    } else {
        Side::Supplier
    };
    let scope = Scope::of(&user.workspace);
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    match db::comments::by_token(&mut tx, tenant, token).await? {
        Some(po) if po == order.0 => return Ok(false),
        Some(_) => return Err(CoreError::Conflict("form token".into())),
        None => {}
    }
    let po = db::purchase_orders::detail_in_tx(&mut tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let id = Uuid::now_v7();
    let at = OffsetDateTime::now_utc();
    db::comments::insert(
        &mut tx,
        tenant,
        &db::comments::NewComment {
            id,
            order,
            supplier: po.supplier_id,
            author: user.id,
            side,
            body: &body,
            token,
            at,
        },
    )
    .await?;
    let correlation = db::purchase_orders::correlation(&mut tx, &scope, order)
        .await?
        .or_else(|| meta.correlation_id.clone());
    let payload = PurchaseOrderCommentAdded {
        purchase_order: CommentedOrder {
            id: order.0,
            number: po.number.clone(),
            version: po.version,
        },
        supplier: SupplierRef {
            id: po.supplier_id,
            code: po.supplier_code.clone(),
            name: po.supplier_name.clone(),
        },
        comment: CommentPayload {
            id,
            side,
            author: user.display_name.clone(),
            body,
            created_at: at
                .format(&Rfc3339)
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("comment time: {e}")))?,
        },
    };
    events::record(&mut tx, &payload.event(tenant, correlation)?).await?;
    // The other side is told; the author's own side reads it on the page.
    let template = Template::NewComment {
        author: user.display_name.clone(),
        document: po.number.clone(),
    };
    let link = format!("{}#comments", notify::order_link(public_url, order));
    match side {
        Side::Supplier => {
            notify::buyer_people(&mut tx, tenant, &template, &link, Some(&user.email)).await?
        }
        Side::Buyer => {
            notify::supplier_people(
                &mut tx,
                tenant,
                po.supplier_id,
                &template,
                &link,
                Some(&user.email),
            )
            .await?
        }
    };
    let entry = Entry::new(Some(tenant), Some(user.id), Action::PurchaseOrderCommented)
        .subject("purchase_order", order.0)
        .detail(json!({ "number": po.number, "comment": id, "side": side.code() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(true)
}
