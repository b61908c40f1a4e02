//! Outbound documents, written for a supplier's EDI profile: the purchase order acknowledgement as an X12 855 and as
//! an EDIFACT D96A ORDRSP (here), the ship notice as an 856 and a DESADV ([`ship`]), the invoice as an 810 and an
//! INVOIC ([`invoice`]).
//!
//! X12 855 (004010):
//!
//! | segment | what |
//! |---|---|
//! | `BAK*00*{AD,AC,RD}*{order}*{order date}****{reference}*{ack date}` | accepted as ordered, with changes, rejected |
//! | `CUR*SE*{currency}` | |
//! | `REF*PO*{order}*V{version}` | the order version answered |
//! | `N1*BY*{buyer}` / `N1*SU*{supplier}*92*{supplier code}` | |
//! | `PO1*{line}*{ordered qty}*{uom}*{acknowledged price}**BP*{item}*VP*{part}` | the ordered line, with the acknowledged price |
//! | `ACK*{status}*{qty}*{uom}*067*{date}` | per schedule line: IA, IQ, IP, DR, IC, IR (rejected: the ordered quantity, no date) |
//! | `CTT*{lines}*{sum of ordered quantities}` | |
//!
//! EDIFACT ORDRSP (D96A): `BGM+231+{reference}+{29 accepted, 4 changed, 27 rejected}`, `DTM+137` (document date),
//! `RFF+ON:{order}` with `DTM+171` (order date), `NAD+BY`, `NAD+SU+{code}::92`, `CUX+2:{currency}:9`; per line
//! `LIN+{line}+{5 accepted, 3 changed, 7 not accepted}+{item}:BP`, `PIA+1+{part}:SA`, `IMD+F++:::{description}` (two components of 35),
//! `QTY+21:{ordered}:{uom}`, `PRI+AAA:{price}`, `FTX+ACD+++{reason}` when given, and per schedule line
//! `SCC+1`, `QTY+113:{qty}:{uom}`, `DTM+69:{date}:102`; then `UNS+S`, `CNT+2:{lines}`.

mod invoice;
mod ship;

pub use invoice::{invoic, x12_810};
pub use ship::{desadv, x12_856};

use portico_domain::documents::{AckKind, Acknowledgement, LineStatus};
use portico_domain::edi::EdiProfile;
use portico_edi::x12::{self, Group, IsaHeader, TransactionSet};
use portico_edi::{edifact, Segment};
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// Where and when a document is written: the partner's profile and the control numbers taken for it.
#[derive(Clone, Copy, Debug)]
pub struct Envelope<'a> {
    pub profile: &'a EdiProfile,
    /// ISA13 or UNB05.
    pub interchange: i64,
    /// GS06 (X12 only).
    pub group: i64,
    pub now: OffsetDateTime,
}

pub(super) fn date8(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A decimal as EDI writes it: no exponent, no trailing zeros (`42.5`, `60`).
pub(super) fn number(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Free text for an X12 element: X12 has no release character, so a separator in a name becomes a space; at most
/// 60 characters.
pub(super) fn text(env: &Envelope<'_>, s: &str) -> String {
    let p = env.profile;
    s.chars()
        .map(|c| {
            if c == p.element_separator || c == p.component_separator || c == p.segment_terminator {
                ' '
            } else {
                c
            }
        })
        .take(60)
        .collect()
}

/// An EDIFACT segment from its elements.
pub(super) fn seg(tag: &str, elements: Vec<Vec<String>>) -> Segment {
    Segment {
        tag: tag.to_owned(),
        elements,
    }
}

/// An element of one component.
pub(super) fn one(s: &str) -> Vec<String> {
    vec![s.to_owned()]
}

/// C273 of an EDIFACT `IMD`: the description in the two 7008 components of 35 characters each.
pub(super) fn description(text: &str) -> Vec<String> {
    let mut c273 = vec![String::new(), String::new(), String::new()];
    c273.push(text.chars().take(35).collect());
    let rest: String = text.chars().skip(35).take(35).collect();
    if !rest.is_empty() {
        c273.push(rest);
    }
    c273
}

/// The X12 interchange around one transaction set, from the supplier to the buyer's gateway.
pub(super) fn x12_interchange(
    env: &Envelope<'_>,
    functional_id: &str,
    set: TransactionSet,
) -> x12::Interchange {
    let p = env.profile;
    let separators = x12::Separators {
        element: p.element_separator,
        component: p.component_separator,
        repetition: None,
        segment: p.segment_terminator,
        line_break: true,
    };
    let now = env.now;
    let date6 = format!(
        "{:02}{:02}{:02}",
        now.year() % 100,
        u8::from(now.month()),
        now.day()
    );
    let time4 = format!("{:02}{:02}", now.hour(), now.minute());
    let isa = x12::isa(
        &IsaHeader {
            sender_qualifier: &p.supplier_qualifier,
            sender_id: &p.supplier_code,
            receiver_qualifier: &p.buyer_qualifier,
            receiver_id: &p.buyer_code,
            date: &date6,
            time: &time4,
            control: u32::try_from(env.interchange % 1_000_000_000).unwrap_or(0),
            ack_requested: false,
            test: p.test,
        },
        &separators,
    );
    let gs = Segment::new(
        "GS",
        [
            functional_id.to_owned(),
            p.supplier_code.clone(),
            p.buyer_code.clone(),
            date8(now.date()),
            time4,
            env.group.to_string(),
            "X".to_owned(),
            "004010".to_owned(),
        ],
    );
    x12::Interchange {
        separators,
        isa,
        groups: vec![Group {
            gs,
            sets: vec![set],
        }],
    }
}

/// The EDIFACT interchange around one message, from the supplier to the buyer's gateway.
pub(super) fn edifact_interchange(
    env: &Envelope<'_>,
    message: edifact::Message,
) -> edifact::Interchange {
    let p = env.profile;
    let party = |code: &str, qualifier: &str| {
        let mut v = vec![code.to_owned()];
        if !qualifier.is_empty() {
            v.push(qualifier.to_owned());
        }
        v
    };
    let now = env.now;
    let mut unb = Segment {
        tag: "UNB".to_owned(),
        elements: vec![
            vec!["UNOC".to_owned(), "3".to_owned()],
            party(&p.supplier_code, &p.supplier_qualifier),
            party(&p.buyer_code, &p.buyer_qualifier),
            vec![
                format!(
                    "{:02}{:02}{:02}",
                    now.year() % 100,
                    u8::from(now.month()),
                    now.day()
                ),
                format!("{:02}{:02}", now.hour(), now.minute()),
            ],
            vec![env.interchange.to_string()],
        ],
    };
    if p.test {
        // UNB06–UNB10 empty, UNB11 test indicator 1.
        unb.elements
            .extend([vec![], vec![], vec![], vec![], vec![], vec!["1".to_owned()]]);
    }
    edifact::Interchange {
        separators: edifact::Separators {
            component: p.component_separator,
            element: p.element_separator,
            decimal: '.',
            release: '?',
            segment: p.segment_terminator,
            line_break: true,
        },
        una: true,
        unb,
        messages: vec![message],
    }
}

/// An acknowledgement as an X12 855 interchange.
pub fn x12_855(ack: &Acknowledgement, env: &Envelope<'_>) -> x12::Interchange {
    let purpose = match ack.kind {
        AckKind::Accepted => "AD",
        AckKind::AcceptedWithChanges => "AC",
        AckKind::Rejected => "RD",
    };
    let mut body = vec![
        Segment::new(
            "BAK",
            [
                "00".to_owned(),
                purpose.to_owned(),
                ack.order_number.clone(),
                date8(ack.order_date),
                String::new(),
                String::new(),
                String::new(),
                ack.reference.clone(),
                date8(ack.acknowledged_on),
            ],
        ),
        Segment::new("CUR", ["SE", ack.currency.as_str()]),
        Segment::new(
            "REF",
            [
                "PO".to_owned(),
                ack.order_number.clone(),
                format!("V{}", ack.order_version),
            ],
        ),
        Segment::new("N1", ["BY".to_owned(), text(env, &ack.buyer_name)]),
        Segment::new(
            "N1",
            [
                "SU".to_owned(),
                text(env, &ack.supplier_name),
                "92".to_owned(),
                ack.supplier_code.clone(),
            ],
        ),
    ];
    let mut hash = Decimal::ZERO;
    for line in &ack.lines {
        hash += line.ordered_quantity;
        let mut po1 = vec![
            line.line_number.to_string(),
            number(line.ordered_quantity),
            line.unit_of_measure.clone(),
            number(line.price),
            String::new(),
            "BP".to_owned(),
            line.buyer_item.clone(),
        ];
        if let Some(part) = &line.supplier_part {
            po1.extend(["VP".to_owned(), part.clone()]);
        }
        body.push(Segment::new("PO1", po1));
        let status = line.status();
        if status == LineStatus::Rejected || line.schedule.is_empty() {
            body.push(Segment::new(
                "ACK",
                [
                    LineStatus::Rejected.x12().to_owned(),
                    number(line.ordered_quantity),
                    line.unit_of_measure.clone(),
                ],
            ));
        } else {
            for s in &line.schedule {
                body.push(Segment::new(
                    "ACK",
                    [
                        status.x12().to_owned(),
                        number(s.quantity),
                        line.unit_of_measure.clone(),
                        "067".to_owned(),
                        date8(s.date),
                    ],
                ));
            }
        }
    }
    body.push(Segment::new(
        "CTT",
        [ack.lines.len().to_string(), number(hash)],
    ));
    x12_interchange(env, "PR", TransactionSet::new("855", "0001", body))
}

/// An acknowledgement as an EDIFACT ORDRSP interchange.
pub fn ordrsp(ack: &Acknowledgement, env: &Envelope<'_>) -> edifact::Interchange {
    let function = match ack.kind {
        AckKind::Accepted => "29",
        AckKind::AcceptedWithChanges => "4",
        AckKind::Rejected => "27",
    };
    let mut body = vec![
        seg("BGM", vec![one("231"), one(&ack.reference), one(function)]),
        seg(
            "DTM",
            vec![vec!["137".into(), date8(ack.acknowledged_on), "102".into()]],
        ),
        seg("RFF", vec![vec!["ON".into(), ack.order_number.clone()]]),
        seg(
            "DTM",
            vec![vec!["171".into(), date8(ack.order_date), "102".into()]],
        ),
        seg(
            "NAD",
            vec![
                one("BY"),
                vec![],
                vec![],
                vec![ack.buyer_name.chars().take(35).collect()],
            ],
        ),
        seg(
            "NAD",
            vec![
                one("SU"),
                vec![ack.supplier_code.clone(), String::new(), "92".into()],
                vec![],
                vec![ack.supplier_name.chars().take(35).collect()],
            ],
        ),
        seg(
            "CUX",
            vec![vec!["2".into(), ack.currency.clone(), "9".into()]],
        ),
    ];
    for line in &ack.lines {
        let action = match line.status() {
            LineStatus::Accepted => "5",
            LineStatus::Rejected => "7",
            _ => "3",
        };
        body.push(seg(
            "LIN",
            vec![
                one(&line.line_number.to_string()),
                one(action),
                vec![line.buyer_item.clone(), "BP".into()],
            ],
        ));
        if let Some(part) = &line.supplier_part {
            body.push(seg("PIA", vec![one("1"), vec![part.clone(), "SA".into()]]));
        }
        body.push(seg(
            "IMD",
            vec![one("F"), vec![], description(&line.description)],
        ));
        body.push(seg(
            "QTY",
            vec![vec![
                "21".into(),
                number(line.ordered_quantity),
                line.unit_of_measure.clone(),
            ]],
        ));
        body.push(seg("PRI", vec![vec!["AAA".into(), number(line.price)]]));
        if let Some(reason) = &line.reason {
            body.push(seg(
                "FTX",
                vec![one("ACD"), vec![], vec![], vec![reason.clone()]],
            ));
        }
        if line.status() != LineStatus::Rejected {
            for s in &line.schedule {
                body.push(seg("SCC", vec![one("1")]));
                body.push(seg(
                    "QTY",
                    vec![vec![
                        "113".into(),
                        number(s.quantity),
                        line.unit_of_measure.clone(),
                    ]],
                ));
                body.push(seg(
                    "DTM",
                    vec![vec!["69".into(), date8(s.date), "102".into()]],
                ));
            }
        }
    }
    body.push(seg("UNS", vec![one("S")]));
    body.push(seg(
        "CNT",
        vec![vec!["2".into(), ack.lines.len().to_string()]],
    ));
    edifact_interchange(
        env,
        edifact::Message::new("1", &["ORDRSP", "D", "96A", "UN"], body),
    )
}
