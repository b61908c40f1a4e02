//! EDIFACT D96A ORDERS in: a message becomes the REST API's [`PurchaseOrderInput`], like an X12 850
//! ([`super::x12_850`]).
//!
//! | segment | becomes |
//! |---|---|
//! | `BGM+220+{number}+9` | number (BGM03 `1` = cancellation is refused) |
//! | `DTM+137:{CCYYMMDD}:102` | order date; `DTM+2:…:102` requested delivery (header: every line; after a LIN: that line) |
//! | `CUX+2:{currency}:9` | currency (required) |
//! | `FTX+AAB+++{text}` | payment terms ("As agreed" when absent); other FTX: notes |
//! | `TOD+…++{code}` | Incoterms |
//! | `NAD+ST+…++{name}+{street}+{city}++{postcode}+{country}` | ship-to name and address |
//! | `NAD+SU+{code}::92` | the supplier's code (as the buyer set it up in Portico) |
//! | `LIN+{line}++{item}:BP` (or `IN`) | a line; `PIA+5+{part}:SA` the supplier's part; `IMD+F++:::{text}` its description |
//! | `QTY+21:{qty}:{unit}` / `PRI+AAA:{price}` | quantity and unit, unit price |
//! | `CNT+2:{n}` | checked against the number of LIN segments |

use super::x12_850::Origins;
use super::Problem;
use crate::services::erp_api::{LineInput, PurchaseOrderInput, ShipToInput};
use portico_edi::edifact::Message;

fn date(qualified: &portico_edi::Segment, pos: usize) -> Result<String, Problem> {
    let raw = qualified.component(1, 2);
    let format = qualified.component(1, 3);
    if (format.is_empty() || format == "102")
        && raw.len() == 8
        && raw.chars().all(|c| c.is_ascii_digit())
    {
        Ok(format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..]))
    } else {
        Err(Problem::element(
            pos,
            "DTM",
            1,
            "12",
            format!("'{raw}' is not a date in format 102 (CCYYMMDD)"),
        ))
    }
}

/// Reads an ORDERS message into an order, or the problem that rejects it (CONTRL error codes: 12 invalid value,
/// 13 missing).
pub fn read(message: &Message) -> Result<(PurchaseOrderInput, Origins), Problem> {
    let at = |i: usize| message.first_position + i;
    let mut o = Origins::default();
    let mut number = None;
    let mut order_date = String::new();
    let mut currency = None;
    let mut payment_terms = None;
    let mut incoterms = None;
    let mut notes: Vec<String> = Vec::new();
    let mut header_date: Option<String> = None;
    let mut ship = (String::new(), String::new());
    let mut supplier = None;
    let mut lines: Vec<LineInput> = Vec::new();
    let mut cnt = None;
    for (i, seg) in message.segments.iter().enumerate() {
        let pos = at(i);
        let n = lines.len();
        match seg.tag.as_str() {
            "BGM" => {
                if seg.el(3) == "1" {
                    return Err(Problem::element(
                        pos,
                        "BGM",
                        3,
                        "12",
                        "cancellations (BGM03 = 1) are not taken by EDI; cancel in the ERP",
                    ));
                }
                number = Some(seg.el(2).to_owned());
                o.note_at("number", pos, "BGM", 2);
            }
            "DTM" => match seg.el(1) {
                "137" | "4" => {
                    order_date = date(seg, pos)?;
                    o.note_at("order_date", pos, "DTM", 1);
                }
                "2" => {
                    let d = date(seg, pos)?;
                    match lines.last_mut() {
                        Some(line) => {
                            line.requested_date = Some(d);
                            o.note_at(format!("lines[{}].requested_date", n - 1), pos, "DTM", 1);
                        }
                        None => header_date = Some(d),
                    }
                }
                _ => {}
            },
            "CUX" => {
                currency = Some(seg.component(1, 2).to_owned());
                o.note_at("currency", pos, "CUX", 1);
            }
            "FTX" if seg.el(1) == "AAB" => payment_terms = Some(seg.el(4).to_owned()),
            "FTX" => notes.push(seg.el(4).to_owned()),
            "TOD" => {
                incoterms = Some(seg.el(3).to_owned()).filter(|s| !s.is_empty());
                o.note_at("incoterms", pos, "TOD", 3);
            }
            "NAD" if seg.el(1) == "ST" => {
                ship.0 = if seg.el(4).is_empty() {
                    seg.el(3)
                } else {
                    seg.el(4)
                }
                .to_owned();
                o.note_at("ship_to.name", pos, "NAD", 4);
                let city = [seg.el(8), seg.el(6)]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                ship.1 = [seg.el(5), city.as_str(), seg.el(9)]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                o.note_at("ship_to.address", pos, "NAD", 5);
            }
            "NAD" if seg.el(1) == "SU" => {
                supplier = Some(seg.el(2).to_owned());
                o.note_at("supplier_code", pos, "NAD", 2);
            }
            "LIN" => {
                let line_number = seg.el(1).trim().parse::<i32>().map_err(|_| {
                    Problem::element(
                        pos,
                        "LIN",
                        1,
                        "12",
                        format!("line number '{}' is not a whole number", seg.el(1)),
                    )
                })?;
                if !matches!(seg.component(3, 2), "BP" | "IN" | "") || seg.el(3).is_empty() {
                    return Err(Problem::element(
                        pos,
                        "LIN",
                        3,
                        "13",
                        "a buyer's item number (type BP or IN) is required",
                    ));
                }
                o.note_at(format!("lines[{n}].line_number"), pos, "LIN", 1);
                o.note_at(format!("lines[{n}].buyer_item"), pos, "LIN", 3);
                lines.push(LineInput {
                    line_number,
                    buyer_item: seg.el(3).to_owned(),
                    supplier_part: None,
                    description: String::new(),
                    quantity: String::new(),
                    unit_of_measure: String::new(),
                    unit_price: String::new(),
                    requested_date: header_date.clone(),
                });
            }
            "PIA" => {
                if let Some(line) = lines.last_mut() {
                    if seg.component(2, 2) == "SA" || seg.component(2, 2) == "VP" {
                        line.supplier_part = Some(seg.el(2).to_owned());
                    }
                }
            }
            "IMD" => {
                if let Some(line) = lines.last_mut() {
                    line.description = seg.component(3, 4).to_owned();
                    o.note_at(format!("lines[{}].description", n - 1), pos, "IMD", 3);
                }
            }
            "QTY" if seg.component(1, 1) == "21" => {
                if let Some(line) = lines.last_mut() {
                    line.quantity = seg.component(1, 2).to_owned();
                    line.unit_of_measure = seg.component(1, 3).to_owned();
                    o.note_at(format!("lines[{}].quantity", n - 1), pos, "QTY", 1);
                    o.note_at(format!("lines[{}].unit_of_measure", n - 1), pos, "QTY", 1);
                }
            }
            "PRI" => {
                if let Some(line) = lines.last_mut() {
                    line.unit_price = seg.component(1, 2).to_owned();
                    o.note_at(format!("lines[{}].unit_price", n - 1), pos, "PRI", 1);
                }
            }
            "CNT" if seg.component(1, 1) == "2" => {
                cnt = Some((pos, seg.component(1, 2).to_owned()))
            }
            _ => {}
        }
    }
    let fallback = message.first_position.saturating_sub(1);
    let number = number.ok_or_else(|| {
        Problem::segment(fallback, "BGM", "13", "BGM (the order number) is missing")
    })?;
    let currency = currency
        .ok_or_else(|| Problem::segment(fallback, "CUX", "13", "CUX (the currency) is missing"))?;
    let supplier_code = supplier.ok_or_else(|| {
        Problem::segment(
            fallback,
            "NAD",
            "13",
            "the supplier (NAD+SU with its code) is missing",
        )
    })?;
    if let Some((pos, count)) = cnt {
        if count.trim().parse::<usize>().ok() != Some(lines.len()) {
            return Err(Problem::element(
                pos,
                "CNT",
                1,
                "12",
                format!("{} LIN lines counted, CNT says '{count}'", lines.len()),
            ));
        }
    }
    for line in &mut lines {
        if line.description.is_empty() {
            line.description = line.buyer_item.clone();
        }
    }
    Ok((
        PurchaseOrderInput {
            number,
            supplier_code,
            order_date,
            currency,
            ship_to: ShipToInput {
                name: ship.0,
                address: ship.1,
            },
            payment_terms: payment_terms
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "As agreed".to_owned()),
            incoterms,
            notes: (!notes.is_empty()).then(|| notes.join("\n")),
            lines,
        },
        o,
    ))
}
