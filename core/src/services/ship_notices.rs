//! Advance ship notices (docs/SHIPPING.md): the supplier starts a draft from an order, sets the carrier and what
//! ships, packs pallets and cartons (`services::packing`), and submits it — the notice, its event and the orders'
//! new statuses in one transaction. A submitted notice may be corrected (back to a draft that submits the next
//! revision) or cancelled until the buyer has received it.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::ship_notices::{self as rows, HeaderValues, NoticeRow};
use crate::db::{Context, Db, Tx};
use crate::events::{
    self, EventType, NoticePayload, PackagePayload, PackedItemPayload, ShipNoticeEvent,
    ShippedLinePayload, ShippedOrderPayload, SupplierRef,
};
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::documents::PackageKind;
use portico_domain::exceptions::{DocumentKind, ExceptionKind};
use portico_domain::shipping::{
    self, HeaderInput, NoticeLineView, NoticeStatus, NoticeSummary, NoticeView, OpenLine,
    OrderChoice, PackageState, PackageView, PackedLineView, ShippingPolicy,
};
use portico_domain::{CurrentUser, PoStatus, PurchaseOrderId, SupplierId};
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// A result whose mistakes are the user's: each names its field.
pub type Checked<T> = Result<T, Vec<FieldError>>;

/// The order statuses a notice may ship under `policy`, as stored codes.
pub(crate) fn shippable_codes(policy: &ShippingPolicy) -> Vec<&'static str> {
    PoStatus::ALL
        .into_iter()
        .filter(|s| shipping::may_ship(*s, policy))
        .map(PoStatus::code)
        .collect()
}

/// The supplier of a supplier-side person; buyers do not ship.
pub(crate) fn shipper(user: &CurrentUser) -> Result<(Scope, SupplierId), CoreError> {
    match user.workspace.supplier_id {
        Some(s) if !user.workspace.role.is_buyer_side() => Ok((Scope::of(&user.workspace), s)),
        _ => Err(CoreError::Forbidden),
    }
}

/// A notice with its lines and packages, as loaded in a transaction.
pub(crate) struct Loaded {
    pub row: NoticeRow,
    pub status: NoticeStatus,
    /// Each line with what this notice ships of it.
    pub lines: Vec<(OpenLine, Decimal)>,
    pub order_dates: HashMap<Uuid, time::Date>,
    pub packages: Vec<(PackageState, String)>,
}

impl Loaded {
    pub fn states(&self) -> Vec<PackageState> {
        self.packages.iter().map(|(p, _)| p.clone()).collect()
    }
}

/// Loads the notice `id` visible in `scope`.
pub(crate) async fn load(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Loaded, CoreError> {
    let row = rows::notice(tx, scope, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let status = NoticeStatus::parse(&row.status)
        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("notice status '{}'", row.status)))?;
    let tenant = scope.tenant_id();
    let line_rows = rows::lines(tx, tenant, id).await?;
    let mut elsewhere: HashMap<(Uuid, i32), Decimal> = HashMap::new();
    let mut order_dates = HashMap::new();
    for l in &line_rows {
        if order_dates
            .insert(l.purchase_order_id, l.order_date)
            .is_none()
        {
            for (n, q) in rows::shipped_elsewhere(tx, tenant, l.purchase_order_id, Some(id)).await?
            {
                *elsewhere.entry((l.purchase_order_id, n)).or_default() += q.0;
            }
        }
    }
    let lines = line_rows
        .into_iter()
        .map(|l| {
            let shipped_elsewhere = elsewhere
                .get(&(l.purchase_order_id, l.line_number))
                .copied()
                .unwrap_or_default();
            (
                OpenLine {
                    order_id: l.purchase_order_id,
                    order_number: l.order_number,
                    line_number: l.line_number,
                    buyer_item: l.buyer_item,
                    supplier_part: l.supplier_part,
                    description: l.description,
                    unit_of_measure: l.unit_of_measure,
                    ordered: l.ordered.0,
                    shipped_elsewhere,
                },
                l.quantity.0,
            )
        })
        .collect();
    let items = rows::items(tx, tenant, id).await?;
    let packages = rows::packages(tx, tenant, id)
        .await?
        .into_iter()
        .map(|p| {
            let kind = if p.kind == "pallet" {
                PackageKind::Pallet
            } else {
                PackageKind::Carton
            };
            let contents = items
                .iter()
                .filter(|i| i.package_id == p.id)
                .map(|i| (i.purchase_order_id, i.line_number, i.quantity.0))
                .collect();
            (
                PackageState {
                    id: p.id,
                    kind,
                    parent: p.parent_id,
                    items: contents,
                },
                p.sscc,
            )
        })
        .collect();
    Ok(Loaded {
        row,
        status,
        lines,
        order_dates,
        packages,
    })
}

/// The draft `id` of the person's supplier, for a change.
pub(crate) async fn draft(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Loaded, CoreError> {
    let loaded = load(tx, scope, id).await?;
    if loaded.status != NoticeStatus::Draft {
        return Err(CoreError::Conflict("ship notice is not a draft".into()));
    }
    Ok(loaded)
}

/// Puts the open lines of `order` on the draft `notice` (each at its open quantity). `false` when nothing is open.
async fn add_open_lines(
    tx: &mut Tx,
    scope: &Scope,
    supplier: SupplierId,
    notice: Uuid,
    order: &portico_domain::PoDetail,
) -> Result<bool, CoreError> {
    let tenant = scope.tenant_id();
    let mut shipped: HashMap<i32, Decimal> = HashMap::new();
    for (n, q) in rows::shipped_elsewhere(tx, tenant, order.id.0, Some(notice)).await? {
        *shipped.entry(n).or_default() += q.0;
    }
    let mut any = false;
    for l in &order.lines {
        let open = (l.quantity - shipped.get(&l.line_number).copied().unwrap_or_default())
            .max(Decimal::ZERO);
        if open > Decimal::ZERO {
            any = true;
            rows::set_line(
                tx,
                tenant,
                supplier,
                notice,
                order.id.0,
                l.line_number,
                open,
            )
            .await?;
        }
    }
    Ok(any)
}

/// Starts a draft notice from an order: its open lines at their open quantities, shipping today.
pub async fn start(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    order: PurchaseOrderId,
) -> Result<Checked<Uuid>, CoreError> {
    let (scope, supplier) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let po = crate::db::purchase_orders::detail_in_tx(&mut tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let policy = rows::policy(&mut tx, tenant).await?;
    if !shipping::may_ship(po.status, &policy) {
        return Ok(Err(vec![FieldError::new(
            "order",
            "ship-error-not-shippable",
        )]));
    }
    let id = Uuid::now_v7();
    let n = rows::take_notice_number(&mut tx, tenant, supplier).await?;
    let number = format!("ASN-{}-{n:05}", po.supplier_code);
    let correlation = crate::db::purchase_orders::correlation(&mut tx, &scope, order)
        .await?
        .or_else(|| meta.correlation_id.clone());
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewNotice {
            id,
            supplier,
            number: &number,
            ship_to_name: &po.ship_to_name,
            ship_to_address: &po.ship_to_address,
            shipped_on: OffsetDateTime::now_utc().date(),
            correlation_id: correlation.as_deref(),
            created_by: user.id,
        },
    )
    .await?;
    if !add_open_lines(&mut tx, &scope, supplier, id, &po).await? {
        return Ok(Err(vec![FieldError::new(
            "order",
            "ship-error-nothing-open",
        )]));
    }
    tx.commit().await?;
    Ok(Ok(id))
}

/// Adds the open lines of another order to the same ship-to to a draft.
pub async fn add_order(
    db: &Db,
    user: &CurrentUser,
    id: Uuid,
    order: PurchaseOrderId,
) -> Result<Checked<()>, CoreError> {
    let (scope, supplier) = shipper(user)?;
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let notice = draft(&mut tx, &scope, id).await?;
    let po = crate::db::purchase_orders::detail_in_tx(&mut tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let policy = rows::policy(&mut tx, scope.tenant_id()).await?;
    if po.ship_to_name != notice.row.ship_to_name
        || po.ship_to_address != notice.row.ship_to_address
    {
        return Ok(Err(vec![FieldError::new(
            "order",
            "ship-error-other-ship-to",
        )]));
    }
    if !shipping::may_ship(po.status, &policy) {
        return Ok(Err(vec![FieldError::new(
            "order",
            "ship-error-not-shippable",
        )]));
    }
    if notice.lines.iter().any(|(l, _)| l.order_id == po.id.0) {
        return Ok(Ok(()));
    }
    if !add_open_lines(&mut tx, &scope, supplier, id, &po).await? {
        return Ok(Err(vec![FieldError::new(
            "order",
            "ship-error-nothing-open",
        )]));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Saves a draft's header and shipped quantities. The header is checked as it will be at submission; a line may
/// not ship less than its packages already hold.
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    id: Uuid,
    header: &HeaderInput,
    quantities: &[String],
) -> Result<Checked<()>, CoreError> {
    let (scope, supplier) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let notice = draft(&mut tx, &scope, id).await?;
    let policy = rows::policy(&mut tx, tenant).await?;
    let latest_order = notice
        .order_dates
        .values()
        .max()
        .copied()
        .unwrap_or(time::Date::MIN);
    let today = OffsetDateTime::now_utc().date();
    let mut errors = Vec::new();
    let checked_header = header
        .check(today, latest_order)
        .map_err(|e| errors.extend(e))
        .ok();
    let open: Vec<OpenLine> = notice.lines.iter().map(|(l, _)| l.clone()).collect();
    let checked_lines = shipping::check_quantities(&open, quantities, &policy)
        .map_err(|e| errors.extend(e))
        .ok();
    if let Some(q) = &checked_lines {
        let states = notice.states();
        for (i, (l, shipped)) in open.iter().zip(q).enumerate() {
            let packed = shipping::packed(&states, l.order_id, l.line_number);
            if packed > *shipped {
                errors.push(
                    FieldError::new(shipping::line_field(i), "ship-error-below-packed")
                        .with_arg("packed", packed.normalize()),
                );
            }
        }
    }
    let (Some(h), Some(q), true) = (checked_header, checked_lines, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    rows::set_header(
        &mut tx,
        tenant,
        id,
        &HeaderValues {
            shipped_on: Some(h.shipped_on),
            expected_delivery: h.expected_delivery,
            carrier_scac: Some(&h.carrier_scac),
            service_level: h.service_level.as_deref(),
            tracking_number: h.tracking_number.as_deref(),
            bill_of_lading: h.bill_of_lading.as_deref(),
            gross_weight_kg: h.gross_weight_kg,
        },
    )
    .await?;
    for (l, quantity) in open.iter().zip(q) {
        rows::set_line(
            &mut tx,
            tenant,
            supplier,
            id,
            l.order_id,
            l.line_number,
            quantity,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// The header as stored, for the form.
fn header_of(row: &NoticeRow) -> HeaderInput {
    HeaderInput {
        shipped_on: row.shipped_on.map(|d| d.to_string()).unwrap_or_default(),
        expected_delivery: row
            .expected_delivery
            .map(|d| d.to_string())
            .unwrap_or_default(),
        carrier_scac: row.carrier_scac.clone().unwrap_or_default(),
        service_level: row.service_level.clone().unwrap_or_default(),
        tracking_number: row.tracking_number.clone().unwrap_or_default(),
        bill_of_lading: row.bill_of_lading.clone().unwrap_or_default(),
        gross_weight_kg: row
            .gross_weight_kg
            .map(|w| w.0.normalize().to_string())
            .unwrap_or_default(),
    }
}

/// A notice with everything its page shows.
pub async fn view(db: &Db, user: &CurrentUser, id: Uuid) -> Result<NoticeView, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope).with_user(user.id)).await?;
    let n = load(&mut tx, &scope, id).await?;
    let supplier_side = !user.workspace.role.is_buyer_side();
    // Buyers see submitted notices only.
    if !supplier_side && n.status == NoticeStatus::Draft {
        return Err(CoreError::NotFound);
    }
    let may_edit = supplier_side && n.status == NoticeStatus::Draft;
    let (addable_orders, labels_ready) = if may_edit {
        let tenant = scope.tenant_id();
        let supplier = SupplierId(n.row.supplier_id);
        let policy = rows::policy(&mut tx, tenant).await?;
        let orders = rows::orders_to(
            &mut tx,
            tenant,
            supplier,
            &n.row.ship_to_name,
            &n.row.ship_to_address,
            &shippable_codes(&policy),
        )
        .await?
        .into_iter()
        .filter(|(o, _)| !n.lines.iter().any(|(l, _)| l.order_id == *o))
        .map(|(id, number)| OrderChoice { id, number })
        .collect();
        let ready = rows::label_settings(&mut tx, tenant, supplier)
            .await?
            .is_some();
        (orders, ready)
    } else {
        (Vec::new(), true)
    };
    tx.commit().await?;
    let states = n.states();
    let lines = n
        .lines
        .iter()
        .map(|(l, q)| NoticeLineView {
            packed: shipping::packed(&states, l.order_id, l.line_number),
            line: l.clone(),
            quantity: *q,
        })
        .collect();
    let packages = package_views(&n);
    Ok(NoticeView {
        id: n.row.id,
        number: n.row.number.clone(),
        status: n.status,
        revision: n.row.revision,
        supplier_name: n.row.supplier_name.clone(),
        buyer_name: n.row.buyer_name.clone(),
        ship_to_name: n.row.ship_to_name.clone(),
        ship_to_address: n.row.ship_to_address.clone(),
        header: header_of(&n.row),
        lines,
        packages,
        may_edit,
        may_revise: supplier_side
            && (n.status == NoticeStatus::Submitted
                || (n.status == NoticeStatus::Draft && n.row.submitted_at.is_some())),
        addable_orders,
        labels_ready,
        submitted_at: n.row.submitted_at.and_then(|t| t.format(&Rfc3339).ok()),
    })
}

/// The packages of a loaded notice with their positions and contents.
fn package_views(n: &Loaded) -> Vec<PackageView> {
    n.packages
        .iter()
        .enumerate()
        .map(|(i, (p, sscc))| PackageView {
            id: p.id,
            sscc: sscc.clone(),
            kind: p.kind,
            parent: p.parent,
            position: i + 1,
            items: p
                .items
                .iter()
                .filter_map(|(order, line, q)| {
                    let (l, _) = n
                        .lines
                        .iter()
                        .find(|(l, _)| l.order_id == *order && l.line_number == *line)?;
                    Some(PackedLineView {
                        order_id: *order,
                        order_number: l.order_number.clone(),
                        line_number: *line,
                        buyer_item: l.buyer_item.clone(),
                        quantity: *q,
                        unit_of_measure: l.unit_of_measure.clone(),
                    })
                })
                .collect(),
        })
        .collect()
}

/// The latest notices the person may see (a supplier its own, drafts included; a buyer every submitted one).
pub async fn list(db: &Db, user: &CurrentUser) -> Result<Vec<NoticeSummary>, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope).with_user(user.id)).await?;
    let found = rows::list(&mut tx, &scope, 200).await?;
    let mut out = Vec::with_capacity(found.len());
    for r in found {
        let lines = rows::lines(&mut tx, scope.tenant_id(), r.id).await?;
        let mut orders: Vec<String> = lines.iter().map(|l| l.order_number.clone()).collect();
        orders.dedup();
        let packages = rows::packages(&mut tx, scope.tenant_id(), r.id)
            .await?
            .len() as i64;
        out.push(NoticeSummary {
            id: r.id,
            number: r.number,
            status: NoticeStatus::parse(&r.status).unwrap_or(NoticeStatus::Draft),
            revision: r.revision,
            supplier_name: r.supplier_name,
            shipped_on: r.shipped_on,
            expected_delivery: r.expected_delivery,
            carrier_scac: r.carrier_scac,
            tracking_number: r.tracking_number,
            orders: orders.join(", "),
            packages,
        });
    }
    tx.commit().await?;
    Ok(out)
}

/// The notices that ship lines of an order: `(id, number, status)`.
pub async fn of_order(
    db: &Db,
    user: &CurrentUser,
    order: PurchaseOrderId,
) -> Result<Vec<(Uuid, String, NoticeStatus)>, CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::of_order(&mut tx, &scope, order.0).await?;
    tx.commit().await?;
    Ok(found
        .into_iter()
        .filter_map(|(id, number, status)| Some((id, number, NoticeStatus::parse(&status)?)))
        .collect())
}

/// The event payload of a loaded notice (lines shipping nothing are left out).
fn payload(n: &Loaded, status: &str, revision: i32) -> Result<ShipNoticeEvent, CoreError> {
    let r = &n.row;
    let missing =
        |what: &str| CoreError::Internal(anyhow::anyhow!("submitted notice without {what}"));
    let states = n.states();
    let mut orders: Vec<ShippedOrderPayload> = Vec::new();
    for (l, q) in n.lines.iter().filter(|(_, q)| !q.is_zero()) {
        let idx = match orders.iter().position(|o| o.id == l.order_id) {
            Some(i) => i,
            None => {
                orders.push(ShippedOrderPayload {
                    id: l.order_id,
                    number: l.order_number.clone(),
                    order_date: n
                        .order_dates
                        .get(&l.order_id)
                        .ok_or_else(|| missing("order date"))?
                        .to_string(),
                    lines: Vec::new(),
                    packages: Vec::new(),
                });
                orders.len() - 1
            }
        };
        let loose = *q - shipping::packed(&states, l.order_id, l.line_number);
        orders[idx].lines.push(ShippedLinePayload {
            line_number: l.line_number,
            buyer_item: l.buyer_item.clone(),
            supplier_part: l.supplier_part.clone(),
            description: l.description.clone(),
            unit_of_measure: l.unit_of_measure.clone(),
            quantity: q.normalize().to_string(),
            loose: loose.normalize().to_string(),
        });
    }
    let package = |p: &PackageState, sscc: &str| PackagePayload {
        sscc: sscc.to_owned(),
        kind: p.kind,
        contents: n
            .packages
            .iter()
            .filter(|(c, _)| c.parent == Some(p.id))
            .map(|(c, s)| PackagePayload {
                sscc: s.clone(),
                kind: c.kind,
                contents: Vec::new(),
                items: c
                    .items
                    .iter()
                    .map(|(_, line, q)| PackedItemPayload {
                        line_number: *line,
                        quantity: q.normalize().to_string(),
                    })
                    .collect(),
            })
            .collect(),
        items: p
            .items
            .iter()
            .map(|(_, line, q)| PackedItemPayload {
                line_number: *line,
                quantity: q.normalize().to_string(),
            })
            .collect(),
    };
    for (p, sscc) in n.packages.iter().filter(|(p, _)| p.parent.is_none()) {
        let order = p.items.first().map(|i| i.0).or_else(|| {
            n.packages
                .iter()
                .filter(|(c, _)| c.parent == Some(p.id))
                .find_map(|(c, _)| c.items.first().map(|i| i.0))
        });
        if let Some(o) = orders.iter_mut().find(|o| Some(o.id) == order) {
            o.packages.push(package(p, sscc));
        }
    }
    Ok(ShipNoticeEvent {
        ship_notice: NoticePayload {
            id: r.id,
            number: r.number.clone(),
            revision,
            status: status.to_owned(),
            shipped_on: r
                .shipped_on
                .ok_or_else(|| missing("ship date"))?
                .to_string(),
            expected_delivery: r.expected_delivery.map(|d| d.to_string()),
            carrier_scac: r.carrier_scac.clone().ok_or_else(|| missing("carrier"))?,
            service_level: r.service_level.clone(),
            tracking_number: r.tracking_number.clone(),
            bill_of_lading: r.bill_of_lading.clone(),
            gross_weight_kg: r.gross_weight_kg.map(|w| w.0.normalize().to_string()),
            buyer_name: r.buyer_name.clone(),
            ship_to_name: r.ship_to_name.clone(),
            ship_to_address: r.ship_to_address.clone(),
        },
        supplier: SupplierRef {
            id: SupplierId(r.supplier_id),
            code: r.supplier_code.clone(),
            name: r.supplier_name.clone(),
        },
        orders,
    })
}

/// Moves each order of the notice to what its shipments now say: `shipped` when every line shipped in full,
/// `partially_shipped` when something shipped, `acknowledged` when nothing does any more. Orders still waiting
/// for an answer (shipped early with the buyer's leave) keep their status.
async fn restate_orders(tx: &mut Tx, scope: &Scope, n: &Loaded) -> Result<(), CoreError> {
    let tenant = scope.tenant_id();
    let mut seen = Vec::new();
    for (l, _) in &n.lines {
        if seen.contains(&l.order_id) {
            continue;
        }
        seen.push(l.order_id);
        let po = crate::db::purchase_orders::detail_in_tx(tx, scope, PurchaseOrderId(l.order_id))
            .await?
            .ok_or(CoreError::NotFound)?;
        let mut shipped: HashMap<i32, Decimal> = HashMap::new();
        for (line, q) in rows::shipped_elsewhere(tx, tenant, l.order_id, None).await? {
            *shipped.entry(line).or_default() += q.0;
        }
        let total: Decimal = shipped.values().copied().sum();
        let full = po
            .lines
            .iter()
            .all(|pl| shipped.get(&pl.line_number).copied().unwrap_or_default() >= pl.quantity);
        let to = if total.is_zero() {
            PoStatus::Acknowledged
        } else if full {
            PoStatus::Shipped
        } else {
            PoStatus::PartiallyShipped
        };
        rows::set_order_status(
            tx,
            tenant,
            l.order_id,
            &["acknowledged", "partially_shipped", "shipped"],
            to.code(),
        )
        .await?;
    }
    Ok(())
}

/// Submits a draft: every rule checked again (header, quantities against what is open now, packing), then the
/// notice, its event (`submitted`, or `corrected` for a later revision), the orders' statuses and the audit entry
/// in one transaction.
pub async fn submit(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    id: Uuid,
) -> Result<Checked<()>, CoreError> {
    let (scope, _) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = load(&mut tx, &scope, id).await?;
    if n.status == NoticeStatus::Submitted {
        // A second click on "Submit": already done.
        return Ok(Ok(()));
    }
    if n.status != NoticeStatus::Draft {
        return Err(CoreError::Conflict("ship notice is not a draft".into()));
    }
    let policy = rows::policy(&mut tx, tenant).await?;
    let mut errors = Vec::new();
    let latest_order = n
        .order_dates
        .values()
        .max()
        .copied()
        .unwrap_or(time::Date::MIN);
    if let Err(e) = header_of(&n.row).check(OffsetDateTime::now_utc().date(), latest_order) {
        errors.extend(e);
    }
    let open: Vec<OpenLine> = n.lines.iter().map(|(l, _)| l.clone()).collect();
    let typed: Vec<String> = n
        .lines
        .iter()
        .map(|(_, q)| q.normalize().to_string())
        .collect();
    if let Err(e) = shipping::check_quantities(&open, &typed, &policy) {
        errors.extend(e);
    }
    for (i, (l, _)) in n.lines.iter().enumerate() {
        let status =
            crate::db::purchase_orders::detail_in_tx(&mut tx, &scope, PurchaseOrderId(l.order_id))
                .await?
                .map(|po| po.status);
        if !status.is_some_and(|s| shipping::may_ship(s, &policy))
            && !errors
                .iter()
                .any(|e| e.message == "ship-error-not-shippable")
        {
            errors.push(
                FieldError::new(shipping::line_field(i), "ship-error-not-shippable")
                    .with_arg("order", &l.order_number),
            );
        }
    }
    let lines: Vec<(Uuid, i32, Decimal)> = n
        .lines
        .iter()
        .map(|(l, q)| (l.order_id, l.line_number, *q))
        .collect();
    if let Err(e) = shipping::check_packing(&n.states(), &lines) {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let corrected = n.row.submitted_at.is_some();
    let revision = if corrected {
        n.row.revision + 1
    } else {
        n.row.revision
    };
    let now = OffsetDateTime::now_utc();
    if !rows::move_status(
        &mut tx,
        tenant,
        id,
        "draft",
        "submitted",
        revision,
        Some(now),
    )
    .await?
    {
        return Err(CoreError::Conflict("ship notice changed meanwhile".into()));
    }
    restate_orders(&mut tx, &scope, &n).await?;
    let (event_type, action) = if corrected {
        (EventType::ShipNoticeCorrected, Action::ShipNoticeCorrected)
    } else {
        (EventType::ShipNoticeSubmitted, Action::ShipNoticeSubmitted)
    };
    let payload = payload(&n, "submitted", revision)?;
    let correlation = n
        .row
        .correlation_id
        .clone()
        .or_else(|| meta.correlation_id.clone());
    events::record(
        &mut tx,
        &payload.event(event_type, tenant, correlation.clone())?,
    )
    .await?;
    exceptions_of_shipping(&mut tx, tenant, &n, id, correlation).await?;
    let entry = Entry::new(Some(tenant), Some(user.id), action)
        .subject("ship_notice", id)
        .detail(json!({ "number": n.row.number, "revision": revision }));
    audit::append(&mut tx, meta, entry).await?;
    let template = Template::ShipNoticeArrived {
        supplier: n.row.supplier_name.clone(),
        document: n.row.number.clone(),
        corrected,
    };
    let link = notify::page_link(public_url, &format!("/shipments/{id}"));
    notify::buyer_people(&mut tx, tenant, &template, &link, None).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// What a submitted notice means for the buyer's exceptions: a line it ships is no longer overdue for shipping;
/// a line shipped after the date it was promised for is `shipped_late` (once per notice and line).
async fn exceptions_of_shipping(
    tx: &mut Tx,
    tenant: portico_domain::TenantId,
    n: &Loaded,
    id: Uuid,
    correlation: Option<String>,
) -> Result<(), CoreError> {
    let supplier = crate::exceptions::supplier_ref(tx, tenant, n.row.supplier_id).await?;
    let now = OffsetDateTime::now_utc();
    for (l, _) in &n.lines {
        crate::exceptions::clear_line(
            tx,
            tenant,
            ExceptionKind::AsnOverdue,
            l.order_id,
            l.line_number,
            correlation.clone(),
        )
        .await?;
        let Some(shipped) = n.row.shipped_on else {
            continue;
        };
        let Some(promised) =
            crate::db::promises::promised_date(tx, tenant, l.order_id, l.line_number).await?
        else {
            continue;
        };
        if shipped <= promised {
            continue;
        }
        let opening = crate::exceptions::Opening {
            kind: ExceptionKind::ShippedLate,
            supplier: supplier.clone(),
            document: DocumentKind::ShipNotice,
            document_id: id,
            document_number: n.row.number.clone(),
            line_number: Some(l.line_number),
            detail: Some((
                "exception-detail-late",
                vec![
                    ("order".to_owned(), l.order_number.clone()),
                    ("promised".to_owned(), promised.to_string()),
                    ("shipped".to_owned(), shipped.to_string()),
                ],
            )),
            dedupe_key: format!("shipped_late:{id}:{}:{}", l.order_id, l.line_number),
        };
        crate::exceptions::open(tx, tenant, opening, now, correlation.clone()).await?;
    }
    Ok(())
}

/// A notice as the buyer organisation's ERP reads it (`GET /api/v1/ship-notices/{id}`), in the shape of its events:
/// `submitted`, `received`, `cancelled`, or `being_corrected`. A notice never submitted is not the buyer's to see.
pub async fn by_api(
    db: &Db,
    client: &crate::services::erp_api::ApiClient,
    id: Uuid,
) -> Result<ShipNoticeEvent, CoreError> {
    let scope = Scope::tenant(client.tenant);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let n = load(&mut tx, &scope, id).await?;
    tx.commit().await?;
    let status = match n.status {
        NoticeStatus::Draft if n.row.submitted_at.is_none() => return Err(CoreError::NotFound),
        NoticeStatus::Draft => "being_corrected",
        other => other.code(),
    };
    payload(&n, status, n.row.revision)
}

/// Cancels a submitted notice (until the buyer has received it): what it shipped is open again.
pub async fn cancel(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    id: Uuid,
) -> Result<(), CoreError> {
    let (scope, _) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = load(&mut tx, &scope, id).await?;
    // A notice being corrected is a draft that was submitted before: it may be cancelled too.
    let from = match n.status {
        NoticeStatus::Cancelled => return Ok(()),
        NoticeStatus::Submitted => "submitted",
        NoticeStatus::Draft if n.row.submitted_at.is_some() => "draft",
        _ => {
            return Err(CoreError::Conflict(
                "only a submitted notice can be cancelled".into(),
            ))
        }
    };
    if !rows::move_status(&mut tx, tenant, id, from, "cancelled", n.row.revision, None).await? {
        return Err(CoreError::Conflict("ship notice changed meanwhile".into()));
    }
    restate_orders(&mut tx, &scope, &n).await?;
    let payload = payload(&n, "cancelled", n.row.revision)?;
    let correlation = n
        .row
        .correlation_id
        .clone()
        .or_else(|| meta.correlation_id.clone());
    events::record(
        &mut tx,
        &payload.event(EventType::ShipNoticeCancelled, tenant, correlation)?,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::ShipNoticeCancelled)
        .subject("ship_notice", id)
        .detail(json!({ "number": n.row.number, "revision": n.row.revision }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens a submitted notice for correction: it becomes a draft again (its quantities no longer count as shipped
/// until it is submitted as the next revision). Nothing is sent until then.
pub async fn correct(db: &Db, user: &CurrentUser, id: Uuid) -> Result<(), CoreError> {
    let (scope, _) = shipper(user)?;
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = load(&mut tx, &scope, id).await?;
    match n.status {
        NoticeStatus::Draft => return Ok(()),
        NoticeStatus::Submitted => {}
        _ => {
            return Err(CoreError::Conflict(
                "only a submitted notice can be corrected".into(),
            ))
        }
    }
    if !rows::move_status(
        &mut tx,
        tenant,
        id,
        "submitted",
        "draft",
        n.row.revision,
        None,
    )
    .await?
    {
        return Err(CoreError::Conflict("ship notice changed meanwhile".into()));
    }
    restate_orders(&mut tx, &scope, &n).await?;
    tx.commit().await?;
    Ok(())
}

/// Throws a draft away. A draft that was submitted before (being corrected) cannot be: it is cancelled instead.
pub async fn discard(db: &Db, user: &CurrentUser, id: Uuid) -> Result<(), CoreError> {
    let (scope, _) = shipper(user)?;
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let n = draft(&mut tx, &scope, id).await?;
    if n.row.submitted_at.is_some() {
        return Err(CoreError::Conflict(
            "a submitted notice is cancelled, not discarded".into(),
        ));
    }
    rows::delete_draft(&mut tx, scope.tenant_id(), id).await?;
    tx.commit().await?;
    Ok(())
}
