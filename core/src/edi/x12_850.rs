//! X12 004010 850 (purchase order) in: a transaction set becomes the REST API's [`PurchaseOrderInput`], so an EDI
//! order takes the same path as an API order (validation, change orders, the event, the supplier's e-mail).
//!
//! | segment | becomes |
//! |---|---|
//! | `BEG*00*SA*{number}**{CCYYMMDD}` | number, order date (BEG01 `01` = cancellation is refused) |
//! | `CUR*BY*{currency}` | currency (USD when absent, as 004010 implies) |
//! | `ITD` | payment terms: ITD12, else `Net {ITD07}`, else "As agreed" |
//! | `FOB` | Incoterms from FOB05 when FOB04 is `01` |
//! | `DTM*002*{CCYYMMDD}` | requested delivery date (header: every line; after a PO1: that line) |
//! | `NTE` / `MSG` | notes |
//! | `N1*ST*{name}` + `N3` + `N4` | ship-to name and address |
//! | `N1*VN` or `N1*SE` with N104 | the supplier's code (as the buyer set it up in Portico) |
//! | `PO1*{line}*{qty}*{uom}*{price}**BP*{item}*VP*{part}` | a line (qualifiers BP/IN buyer item, VP/VN supplier part) |
//! | `PID*F****{text}` | the line's description |
//! | `CTT*{n}` | checked against the number of PO1 segments |

use super::{Located, Problem};
use crate::services::erp_api::{LineInput, PurchaseOrderInput, ShipToInput};
use portico_edi::x12::TransactionSet;
use portico_edi::Segment;

/// Where each input field came from, so a validation error on a field names the segment and element.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    pub fields: Vec<(String, Located)>,
}

impl Origins {
    pub(crate) fn note_at(
        &mut self,
        field: impl Into<String>,
        position: usize,
        tag: &str,
        element: usize,
    ) {
        self.fields.push((
            field.into(),
            Located {
                position,
                tag: tag.to_owned(),
                element,
            },
        ));
    }

    /// Where `field` (e.g. `lines[1].quantity`) came from.
    pub fn of(&self, field: &str) -> Option<&Located> {
        self.fields.iter().find(|(f, _)| f == field).map(|(_, l)| l)
    }
}

fn date(raw: &str) -> Option<String> {
    (raw.len() == 8 && raw.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..]))
}

/// Reads an 850 into an order. Structural problems (a missing BEG, an unreadable date, a CTT that does not match)
/// come back as a [`Problem`] at the segment and element.
pub fn read(set: &TransactionSet) -> Result<(PurchaseOrderInput, Origins), Problem> {
    let at = |i: usize| set.first_position + i;
    let mut origins = Origins::default();
    let mut number = None;
    let mut order_date = None;
    let mut currency = "USD".to_owned();
    let mut payment_terms = None;
    let mut incoterms = None;
    let mut notes: Vec<String> = Vec::new();
    let mut header_date: Option<String> = None;
    let mut party: Option<String> = None;
    let mut ship_name = None;
    let mut ship_address: Vec<String> = Vec::new();
    let mut supplier = None;
    let mut lines: Vec<LineInput> = Vec::new();
    let mut ctt: Option<(usize, &Segment)> = None;
    for (i, seg) in set.segments.iter().enumerate() {
        let pos = at(i);
        match seg.tag.as_str() {
            "BEG" => {
                if seg.el(1) == "01" {
                    return Err(Problem::element(
                        pos,
                        "BEG",
                        1,
                        "7",
                        "cancellations (BEG01 = 01) are not taken by EDI; cancel in the ERP",
                    ));
                }
                number = Some(seg.el(3).to_owned());
                origins.note_at("number", pos, "BEG", 3);
                let raw = seg.el(5);
                order_date = Some(date(raw).ok_or_else(|| {
                    Problem::element(
                        pos,
                        "BEG",
                        5,
                        "8",
                        format!("'{raw}' is not a date (CCYYMMDD)"),
                    )
                })?);
                origins.note_at("order_date", pos, "BEG", 5);
            }
            "CUR" => {
                currency = seg.el(2).to_owned();
                origins.note_at("currency", pos, "CUR", 2);
            }
            "ITD" => {
                payment_terms = Some(if !seg.el(12).is_empty() {
                    seg.el(12).to_owned()
                } else if !seg.el(7).is_empty() {
                    format!("Net {}", seg.el(7))
                } else {
                    "As agreed".to_owned()
                });
            }
            "FOB" if seg.el(4) == "01" && !seg.el(5).is_empty() => {
                incoterms = Some(seg.el(5).to_owned());
                origins.note_at("incoterms", pos, "FOB", 5);
            }
            "DTM" if seg.el(1) == "002" => {
                let raw = seg.el(2);
                let d = date(raw).ok_or_else(|| {
                    Problem::element(
                        pos,
                        "DTM",
                        2,
                        "8",
                        format!("'{raw}' is not a date (CCYYMMDD)"),
                    )
                })?;
                match lines.last_mut() {
                    Some(line) => {
                        line.requested_date = Some(d);
                        origins.note_at(
                            format!("lines[{}].requested_date", lines.len() - 1),
                            pos,
                            "DTM",
                            2,
                        );
                    }
                    None => header_date = Some(d),
                }
            }
            "NTE" => notes.push(seg.el(2).to_owned()),
            "MSG" => notes.push(seg.el(1).to_owned()),
            "N1" => {
                party = Some(seg.el(1).to_owned());
                match seg.el(1) {
                    "ST" => {
                        ship_name = Some(seg.el(2).to_owned());
                        origins.note_at("ship_to.name", pos, "N1", 2);
                    }
                    "VN" | "SE" => {
                        supplier = Some(seg.el(4).to_owned());
                        origins.note_at("supplier_code", pos, "N1", 4);
                    }
                    _ => {}
                }
            }
            "N3" if party.as_deref() == Some("ST") => {
                ship_address.extend(
                    seg.elements
                        .iter()
                        .filter_map(|e| e.first())
                        .filter(|s| !s.is_empty())
                        .cloned(),
                );
                origins.note_at("ship_to.address", pos, "N3", 1);
            }
            "N4" if party.as_deref() == Some("ST") => {
                let city_line = [seg.el(3), seg.el(1)]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut parts = vec![city_line];
                if !seg.el(2).is_empty() {
                    parts.push(seg.el(2).to_owned());
                }
                if !seg.el(4).is_empty() {
                    parts.push(seg.el(4).to_owned());
                }
                ship_address.push(
                    parts
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            "PO1" => {
                let n = lines.len();
                let line_number = seg.el(1).trim().parse::<i32>().map_err(|_| {
                    Problem::element(
                        pos,
                        "PO1",
                        1,
                        "6",
                        format!("line number '{}' is not a whole number", seg.el(1)),
                    )
                })?;
                let mut buyer_item = String::new();
                let mut supplier_part = None;
                // PO106/PO107, PO108/PO109, …: product id qualifier and value pairs.
                let mut e = 6;
                while !seg.el(e).is_empty() || !seg.el(e + 1).is_empty() {
                    match seg.el(e) {
                        "BP" | "IN" if buyer_item.is_empty() => {
                            buyer_item = seg.el(e + 1).to_owned();
                            origins.note_at(format!("lines[{n}].buyer_item"), pos, "PO1", e + 1);
                        }
                        "VP" | "VN" if supplier_part.is_none() => {
                            supplier_part = Some(seg.el(e + 1).to_owned())
                        }
                        _ => {}
                    }
                    e += 2;
                }
                if buyer_item.is_empty() {
                    return Err(Problem::element(
                        pos,
                        "PO1",
                        6,
                        "1",
                        "a buyer's item number (qualifier BP or IN) is required",
                    ));
                }
                for (field, element) in [
                    ("line_number", 1),
                    ("quantity", 2),
                    ("unit_of_measure", 3),
                    ("unit_price", 4),
                ] {
                    origins.note_at(format!("lines[{n}].{field}"), pos, "PO1", element);
                }
                lines.push(LineInput {
                    line_number,
                    buyer_item,
                    supplier_part,
                    description: String::new(),
                    quantity: seg.el(2).to_owned(),
                    unit_of_measure: seg.el(3).to_owned(),
                    unit_price: seg.el(4).to_owned(),
                    requested_date: header_date.clone(),
                });
            }
            "PID" => {
                if let Some(line) = lines.last_mut() {
                    if line.description.is_empty() {
                        line.description = seg.el(5).to_owned();
                        origins.note_at(
                            format!("lines[{}].description", lines.len() - 1),
                            pos,
                            "PID",
                            5,
                        );
                    }
                }
            }
            "CTT" => ctt = Some((pos, seg)),
            _ => {}
        }
    }
    let Some(number) = number else {
        return Err(Problem::segment(
            set.first_position,
            "BEG",
            "3",
            "BEG (the order number and date) is missing",
        ));
    };
    if let Some((pos, seg)) = ctt {
        if seg.el(1).trim().parse::<usize>().ok() != Some(lines.len()) {
            return Err(Problem::element(
                pos,
                "CTT",
                1,
                "6",
                format!(
                    "{} PO1 lines counted, CTT01 says '{}'",
                    lines.len(),
                    seg.el(1)
                ),
            ));
        }
    }
    for line in &mut lines {
        if line.description.is_empty() {
            line.description = line.buyer_item.clone();
        }
    }
    let supplier_code = supplier.ok_or_else(|| {
        Problem::segment(
            set.first_position,
            "N1",
            "3",
            "the supplier (N1*VN or N1*SE with its code in N104) is missing",
        )
    })?;
    let input = PurchaseOrderInput {
        number,
        supplier_code,
        order_date: order_date.unwrap_or_default(),
        currency,
        ship_to: ShipToInput {
            name: ship_name.unwrap_or_default(),
            address: ship_address.join(", "),
        },
        payment_terms: payment_terms.unwrap_or_else(|| "As agreed".to_owned()),
        incoterms,
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        lines,
    };
    Ok((input, origins))
}
