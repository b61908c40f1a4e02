//! Sample outbound documents for certifying a trading partner: from an order of the organisation's data, an
//! acknowledgement with the usual cases (a line accepted, a line shipped short in two deliveries at a lower price, a
//! line rejected) written as an X12 855 and an EDIFACT ORDRSP, with the supplier's EDI profile when it has one.
//! Their control numbers come from the pair's sequence (never reused) and each is logged as channel `samples`.

use super::edi_directory;
use crate::db::edi::NewInterchange;
use crate::db::{self, Context, Db};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::documents::{AckKind, AckLine, Acknowledgement, LineAnswer, ScheduleLine};
use portico_domain::edi::{EdiProfile, EdiProfileInput, EdiStandard};
use portico_domain::{InboxFilter, PoDetail, TenantId};
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
                        price: (l.unit_price * Decimal::new(97, 2)).round_dp(2),
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

/// A profile for `standard` when the supplier has none of that standard: mutually defined ids made of the
/// supplier's code and the organisation's slug, the usual separators, test.
fn stand_in(standard: EdiStandard, supplier_code: &str, tenant_slug: &str) -> EdiProfile {
    let (element, component, terminator) = standard.default_separators();
    let id = |s: &str| -> String {
        s.to_ascii_uppercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(15)
            .collect()
    };
    EdiProfile::parse(&EdiProfileInput {
        standard: standard.as_str().into(),
        supplier_qualifier: standard.default_qualifier().into(),
        supplier_code: id(supplier_code),
        buyer_qualifier: standard.default_qualifier().into(),
        buyer_code: id(tenant_slug),
        element_separator: element.to_string(),
        component_separator: component.to_string(),
        segment_terminator: terminator.to_string(),
        test: true,
        outbound_dir: String::new(),
        enabled: true,
    })
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
        let path = write_one(db, tenant, po.supplier_id.0, &profile, &ack, now, out).await?;
        files.push(path);
    }
    Ok(files)
}

/// Writes one acknowledgement for `profile`, taking its control numbers and logging it, in one transaction: the
/// file is written before the commit, so a number is never logged for a file that does not exist.
async fn write_one(
    db: &Db,
    tenant: TenantId,
    supplier: uuid::Uuid,
    profile: &EdiProfile,
    ack: &Acknowledgement,
    now: OffsetDateTime,
    out: &Path,
) -> Result<PathBuf, CoreError> {
    use crate::edi::outbound::{self, Envelope};
    let pair = format!("{}>{}", profile.supplier_party(), profile.buyer_party());
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let interchange = db::edi::next_control(&mut tx, tenant, &pair, "interchange").await?;
    let group = match profile.standard {
        EdiStandard::X12 => db::edi::next_control(&mut tx, tenant, &pair, "group").await?,
        EdiStandard::Edifact => 0,
    };
    let env = Envelope {
        profile,
        interchange,
        group,
        now,
    };
    let (document, text, control, extension) = match profile.standard {
        EdiStandard::X12 => {
            let i = outbound::x12_855(ack, &env);
            let text = portico_edi::x12::write(&i).map_err(|e| {
                CoreError::Internal(anyhow::anyhow!("855 for {}: {e}", ack.order_number))
            })?;
            ("855", text, i.control().to_owned(), "x12")
        }
        EdiStandard::Edifact => {
            let i = outbound::ordrsp(ack, &env);
            let control = i.control().to_owned();
            ("ORDRSP", portico_edi::edifact::write(&i), control, "edi")
        }
    };
    let name = edi_directory::file_name(document, &control, extension);
    let path = edi_directory::write_atomic(out, &name, &text)
        .await
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("{}: {e}", out.display())))?;
    db::edi::log_interchange(
        &mut tx,
        tenant,
        &NewInterchange {
            supplier: Some(supplier),
            direction: "out",
            standard: profile.standard,
            control_number: &control,
            sender: &profile.supplier_party(),
            receiver: &profile.buyer_party(),
            documents: document,
            set_count: 1,
            accepted_count: 1,
            status: "written",
            channel: "samples",
            file_name: Some(&name),
            error: None,
            body: &text,
            answer: None,
            correlation_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(path)
}
