//! `ship_notice.submitted.v1`, `ship_notice.corrected.v1`, `ship_notice.cancelled.v1`: a supplier sent, corrected or
//! withdrew an advance ship notice. All three carry the whole notice — header, carrier, each order with its shipped
//! lines and its pallets and cartons by SSCC — so the ERP books it and the EDI sink writes the 856 / DESADV from the
//! event alone.

use super::{payload, EventType, NewEvent, SupplierRef};
use crate::CoreError;
use portico_domain::documents::{Package, PackageKind, PackedItem, ShipNotice, ShippedOrder, Sscc};
use portico_domain::TenantId;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::Date;
use uuid::Uuid;

/// The payload of the three ship notice events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShipNoticeEvent {
    pub ship_notice: NoticePayload,
    pub supplier: SupplierRef,
    pub orders: Vec<ShippedOrderPayload>,
}

/// The notice's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticePayload {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub number: String,
    /// 1 when first submitted; each correction counts up.
    pub revision: i32,
    /// `submitted` or `cancelled` in events; read through the API also `received` or `being_corrected` (a
    /// correction the supplier has not sent yet: the content is the one being edited).
    pub status: String,
    pub shipped_on: String,
    pub expected_delivery: Option<String>,
    pub carrier_scac: String,
    pub service_level: Option<String>,
    pub tracking_number: Option<String>,
    pub bill_of_lading: Option<String>,
    pub gross_weight_kg: Option<String>,
    pub buyer_name: String,
    pub ship_to_name: String,
    pub ship_to_address: String,
}

/// One order on the notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShippedOrderPayload {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub number: String,
    pub order_date: String,
    pub lines: Vec<ShippedLinePayload>,
    pub packages: Vec<PackagePayload>,
}

/// What the notice ships of one order line, and how much of it travels outside any package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ShippedLinePayload {
    pub line_number: i32,
    pub buyer_item: String,
    pub supplier_part: Option<String>,
    pub description: String,
    pub unit_of_measure: String,
    pub quantity: String,
    pub loose: String,
}

/// A pallet (with its cartons) or a carton.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PackagePayload {
    pub sscc: String,
    /// `pallet` or `carton`.
    #[schema(value_type = String)]
    pub kind: PackageKind,
    #[schema(no_recursion)]
    pub contents: Vec<PackagePayload>,
    pub items: Vec<PackedItemPayload>,
}

/// A quantity of a line in a package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PackedItemPayload {
    pub line_number: i32,
    pub quantity: String,
}

fn decimal(text: &str) -> Result<Decimal, String> {
    Decimal::from_str(text).map_err(|e| format!("'{text}': {e}"))
}

fn date(text: &str) -> Result<Date, String> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| format!("'{text}': {e}"))
}

impl ShipNoticeEvent {
    /// The event of `event_type` (one of the three ship notice types) for this payload.
    pub fn event(
        &self,
        event_type: EventType,
        tenant: TenantId,
        correlation_id: Option<String>,
    ) -> Result<NewEvent, CoreError> {
        Ok(NewEvent {
            tenant,
            event_type,
            subject: format!("ship-notices/{}", self.ship_notice.id),
            document: self.ship_notice.id,
            correlation_id,
            causation_id: None,
            data: payload(self)?,
            supplier: Some(self.supplier.id),
        })
    }

    /// The canonical document the 856 / DESADV writers take.
    pub fn document(&self) -> Result<ShipNotice, String> {
        let n = &self.ship_notice;
        let orders = self
            .orders
            .iter()
            .map(|o| {
                let item = |line_number: i32, quantity: &str| -> Result<PackedItem, String> {
                    let line = o
                        .lines
                        .iter()
                        .find(|l| l.line_number == line_number)
                        .ok_or_else(|| format!("order {} has no line {line_number}", o.number))?;
                    Ok(PackedItem {
                        line_number,
                        buyer_item: line.buyer_item.clone(),
                        supplier_part: line.supplier_part.clone(),
                        quantity: decimal(quantity)?,
                        unit_of_measure: line.unit_of_measure.clone(),
                    })
                };
                fn package(
                    p: &PackagePayload,
                    item: &dyn Fn(i32, &str) -> Result<PackedItem, String>,
                ) -> Result<Package, String> {
                    Ok(Package {
                        sscc: Sscc::parse(&p.sscc).map_err(|e| format!("{}: {e}", p.sscc))?,
                        kind: p.kind,
                        contents: p
                            .contents
                            .iter()
                            .map(|c| package(c, item))
                            .collect::<Result<_, _>>()?,
                        items: p
                            .items
                            .iter()
                            .map(|i| item(i.line_number, &i.quantity))
                            .collect::<Result<_, _>>()?,
                    })
                }
                Ok(ShippedOrder {
                    order_number: o.number.clone(),
                    order_date: date(&o.order_date)?,
                    packages: o
                        .packages
                        .iter()
                        .map(|p| package(p, &item))
                        .collect::<Result<_, _>>()?,
                    loose: o
                        .lines
                        .iter()
                        .filter(|l| decimal(&l.loose).is_ok_and(|q| !q.is_zero()))
                        .map(|l| item(l.line_number, &l.loose))
                        .collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(ShipNotice {
            number: n.number.clone(),
            shipped_on: date(&n.shipped_on)?,
            expected_delivery: n.expected_delivery.as_deref().map(date).transpose()?,
            carrier_scac: n.carrier_scac.clone(),
            service_level: n.service_level.clone(),
            tracking_number: n.tracking_number.clone(),
            bill_of_lading: n.bill_of_lading.clone(),
            gross_weight_kg: n.gross_weight_kg.as_deref().map(decimal).transpose()?,
            supplier_code: self.supplier.code.clone(),
            supplier_name: self.supplier.name.clone(),
            buyer_name: n.buyer_name.clone(),
            ship_to_name: n.ship_to_name.clone(),
            ship_to_address: n.ship_to_address.clone(),
            orders,
        })
    }
}
