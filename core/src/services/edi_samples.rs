//! Sample outbound documents for certifying a trading partner, one of every type for both standards, from an order
//! of the organisation's data: an acknowledgement with the usual cases (a line accepted, a line short in two
//! deliveries at a lower price, a line rejected) as an X12 855 and an EDIFACT ORDRSP; the ship notice of what it
//! promised first, packed in SSCC-labelled cartons on a pallet, as an 856 and a DESADV; the invoice flipped from that
//! ship notice with freight and VAT as an 810 and an INVOIC. The supplier's EDI profile is used when it has one of
//! the standard. Control numbers come from the pair's sequence (never reused) and each file is logged as channel
//! `samples`.

use super::edi_outbound::{self, Document};
use crate::db::{self, Context, Db};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::documents::{
    AckKind, AckLine, Acknowledgement, Charge, ChargeKind, Invoice, InvoiceKind, InvoiceLine,
    LineAnswer, Package, PackageKind, PackedItem, ScheduleLine, ShipNotice, ShippedOrder, Sscc,
    TaxLine,
};
use portico_domain::edi::{EdiProfile, EdiProfileInput, EdiStandard};
use portico_domain::{InboxFilter, PoDetail};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The acknowledgement the samples show for `po`: the first line accepted, the second 10 % short in two
/// deliveries a week apart at 3 % less, the third rejected as discontinued; an order of one line is accepted.
pub fn sample_acknowledgement(po: &PoDetail, today: time::Date) -> Acknowledgement {
    let lines: Vec<AckLine> = po
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let requested = l.requested_date.unwrap_or(today + time::Duration::days(14));
            let base = AckLine {
                line_number: l.line_number,
                buyer_item: l.buyer_item.clone(),
                supplier_part: l.supplier_part.clone(),
                description: l.description.clone(),
                unit_of_measure: l.unit_of_measure.as_str().to_owned(),
                ordered_quantity: l.quantity,
                ordered_price: l.unit_price,
                requested_date: l.requested_date,
                answer: LineAnswer::Accepted,
                price: l.unit_price,
                schedule: vec![ScheduleLine {
                    quantity: l.quantity,
                    date: requested,
                }],
                reason: None,
            };
            match i {
                1 => {
                    let promised = (l.quantity * Decimal::new(9, 1)).round_dp(3).normalize();
                    let first = (promised * Decimal::new(6, 1)).round_dp(0);
                    AckLine {
                        answer: LineAnswer::Changed,
                        price: (l.unit_price * Decimal::new(97, 2)).round_dp(4).normalize(),
                        schedule: vec![
                            ScheduleLine {
                                quantity: first,
                                date: requested,
                            },
                            ScheduleLine {
                                quantity: promised - first,
                                date: requested + time::Duration::days(7),
                            },
                        ],
                        reason: Some("lead_time".into()),
                        ..base
                    }
                }
                2 => AckLine {
                    answer: LineAnswer::Rejected,
                    schedule: Vec::new(),
                    reason: Some("discontinued".into()),
                    ..base
                },
                _ => base,
            }
        })
        .collect();
    Acknowledgement {
        reference: format!("ACK-{}-{}", po.number, po.version),
        order_number: po.number.clone(),
        order_version: po.version,
        order_date: po.order_date,
        acknowledged_on: today,
        kind: if lines.len() > 1 {
            AckKind::AcceptedWithChanges
        } else {
            AckKind::Accepted
        },
        currency: po.currency.as_str().to_owned(),
        supplier_code: po.supplier_code.clone(),
        supplier_name: po.supplier_name.clone(),
        buyer_name: po.buyer_name.clone(),
        lines,
    }
}

/// The ship notice the samples show: what the acknowledgement promised first, shipped on the day after it, each
/// line in its own carton on one pallet (SSCCs with GS1's example company prefix 4012345).
pub fn sample_ship_notice(po: &PoDetail, ack: &Acknowledgement) -> ShipNotice {
    let shipped_on = ack.acknowledged_on + time::Duration::days(1);
    let mut serial = 1;
    let mut sscc = || {
        serial += 1;
        Sscc::new(3, "4012345", serial).expect("a serial within range")
    };
    let pallet = sscc();
    let cartons: Vec<Package> = ack
        .lines
        .iter()
        .filter_map(|l| l.schedule.first().map(|s| (l, s.quantity)))
        .map(|(l, quantity)| Package {
            sscc: sscc(),
            kind: PackageKind::Carton,
            contents: Vec::new(),
            items: vec![PackedItem {
                line_number: l.line_number,
                buyer_item: l.buyer_item.clone(),
                supplier_part: l.supplier_part.clone(),
                quantity,
                unit_of_measure: l.unit_of_measure.clone(),
            }],
        })
        .collect();
    ShipNotice {
        number: format!("ASN-{}-1", po.number),
        shipped_on,
        expected_delivery: Some(shipped_on + time::Duration::days(2)),
        carrier_scac: "DHLF".into(),
        service_level: Some("Standard".into()),
        tracking_number: Some(format!("JJD{:010}", po.number.len() * 7919)),
        bill_of_lading: Some(format!("BOL-{}", po.number)),
        gross_weight_kg: Some(Decimal::new(2500, 1) + Decimal::from(cartons.len() as i64 * 12)),
        supplier_code: po.supplier_code.clone(),
        supplier_name: po.supplier_name.clone(),
        buyer_name: po.buyer_name.clone(),
        ship_to_name: po.ship_to_name.clone(),
        ship_to_address: po.ship_to_address.clone(),
        orders: vec![ShippedOrder {
            order_number: po.number.clone(),
            order_date: po.order_date,
            packages: vec![Package {
                sscc: pallet,
                kind: PackageKind::Pallet,
                contents: cartons,
                items: Vec::new(),
            }],
            loose: Vec::new(),
        }],
    }
}

/// The invoice the samples show: the ship notice flipped at the acknowledged prices, with freight, and VAT at 21 %.
pub fn sample_invoice(po: &PoDetail, ack: &Acknowledgement, asn: &ShipNotice) -> Invoice {
    let mut lines = Vec::new();
    for package in asn.orders.iter().flat_map(|o| &o.packages) {
        for item in package.contents.iter().flat_map(|c| &c.items) {
            let acked = ack.lines.iter().find(|l| l.line_number == item.line_number);
            lines.push(InvoiceLine {
                line_number: item.line_number,
                buyer_item: item.buyer_item.clone(),
                supplier_part: item.supplier_part.clone(),
                description: acked.map(|l| l.description.clone()).unwrap_or_default(),
                quantity: item.quantity,
                unit_of_measure: item.unit_of_measure.clone(),
                unit_price: acked.map_or(Decimal::ZERO, |l| l.price),
            });
        }
    }
    let mut invoice = Invoice {
        number: format!("INV-{}-1", po.number),
        kind: InvoiceKind::Invoice,
        invoice_date: asn.shipped_on,
        order_number: po.number.clone(),
        order_date: po.order_date,
        ship_notice_number: Some(asn.number.clone()),
        credited_invoice: None,
        currency: po.currency.as_str().to_owned(),
        payment_terms: po.payment_terms.clone(),
        due_date: Some(asn.shipped_on + time::Duration::days(30)),
        supplier_code: po.supplier_code.clone(),
        supplier_name: po.supplier_name.clone(),
        buyer_name: po.buyer_name.clone(),
        lines,
        charges: vec![Charge {
            kind: ChargeKind::Freight,
            amount: Decimal::new(4500, 2),
            description: "Freight".into(),
        }],
        taxes: Vec::new(),
    };
    let taxable = invoice.lines_total() + invoice.charges_total();
    let rate = Decimal::from(21);
    invoice.taxes.push(TaxLine {
        rate,
        taxable,
        amount: (taxable * rate / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
    });
    invoice
}

/// A profile for `standard` when the supplier has none of that standard: mutually defined ids made of the
/// supplier's code and the organisation's slug, the usual separators, test.
fn stand_in(standard: EdiStandard, supplier_code: &str, tenant_slug: &str) -> EdiProfile {
    EdiProfile::parse(&EdiProfileInput::suggested(
        standard,
        supplier_code,
        tenant_slug,
    ))
    .expect("a stand-in profile of valid parts")
}

/// Writes the samples for the organisation `tenant_slug` into `out` (created if missing) and returns the files.
pub async fn write(db: &Db, tenant_slug: &str, out: &Path) -> Result<Vec<PathBuf>, CoreError> {
    let tenant = db::relay::tenant_by_slug(db, tenant_slug)
        .await?
        .ok_or(CoreError::NotFound)?;
    let scope = Scope::tenant(tenant);
    let filter = InboxFilter::parse(None, None, None, None).map_err(CoreError::Paging)?;
    let page = db::purchase_orders::list_page(db, &scope, &filter).await?;
    let pick = page
        .items
        .iter()
        .max_by_key(|s| (s.line_count.min(3), s.order_date))
        .ok_or_else(|| CoreError::validation("tenant", "edi-samples-no-orders"))?;
    let po = db::purchase_orders::detail(db, &scope, pick.id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let ack = sample_acknowledgement(&po, now.date());
    let asn = sample_ship_notice(&po, &ack);
    let invoice = sample_invoice(&po, &ack, &asn);
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let stored = db::edi::profile(&mut tx, tenant, po.supplier_id.0)
        .await?
        .and_then(|row| super::edi_partners::profile_of(&row));
    tx.commit().await?;
    let mut files = Vec::new();
    for standard in EdiStandard::ALL {
        let profile = stored
            .clone()
            .filter(|p| p.standard == standard)
            .unwrap_or_else(|| stand_in(standard, &po.supplier_code, tenant_slug));
        for document in [
            Document::Acknowledgement(&ack),
            Document::ShipNotice(&asn),
            Document::Invoice(&invoice),
        ] {
            let written = edi_outbound::write(
                db,
                tenant,
                po.supplier_id.0,
                &profile,
                document,
                &edi_outbound::Target {
                    dir: out,
                    channel: "samples",
                    correlation_id: None,
                    now,
                },
            )
            .await?;
            files.push(written.path);
        }
    }
    Ok(files)
}
