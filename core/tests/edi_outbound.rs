//! Outbound EDI documents: golden files for every type (X12 855, 856, 810; EDIFACT ORDRSP, DESADV, INVOIC), rebuilt from fixed
//! inputs, each read back by our own readers to the same interchange. `UPDATE_GOLDEN=1` rewrites the files after a
//! deliberate change (review the diff).

use portico_core::edi::outbound::{self, Envelope};
use portico_domain::documents::{
    AckKind, AckLine, Acknowledgement, Charge, ChargeKind, Invoice, InvoiceKind, InvoiceLine,
    LineAnswer, Package, PackageKind, PackedItem, ScheduleLine, ShipNotice, ShippedOrder, Sscc,
    TaxLine,
};
use portico_domain::edi::{EdiProfile, EdiProfileInput};
use portico_edi::{edifact, x12};
use rust_decimal::Decimal;
use std::path::PathBuf;
use time::macros::{date, datetime};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn profile(standard: &str, separators: [&str; 3]) -> EdiProfile {
    EdiProfile::parse(&EdiProfileInput {
        standard: standard.into(),
        supplier_qualifier: if standard == "x12" { "ZZ" } else { "14" }.into(),
        supplier_code: if standard == "x12" {
            "ACMESUPPLY"
        } else {
            "4012345000009"
        }
        .into(),
        buyer_qualifier: if standard == "x12" { "ZZ" } else { "14" }.into(),
        buyer_code: if standard == "x12" {
            "NORTHWINDEDI"
        } else {
            "4098765000004"
        }
        .into(),
        element_separator: separators[0].into(),
        component_separator: separators[1].into(),
        segment_terminator: separators[2].into(),
        test: true,
        outbound_dir: String::new(),
        enabled: true,
    })
    .unwrap()
}

/// An order of three lines answered with changes: one accepted as ordered, one short and split over two dates at
/// a lower price, one rejected.
fn acknowledgement() -> Acknowledgement {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    Acknowledgement {
        reference: "ACK-4500020001-1".into(),
        order_number: "4500020001".into(),
        order_version: 2,
        order_date: date!(2026 - 11 - 27),
        acknowledged_on: date!(2026 - 11 - 28),
        kind: AckKind::AcceptedWithChanges,
        currency: "EUR".into(),
        supplier_code: "ACME".into(),
        supplier_name: "Acme Industrial Supply".into(),
        buyer_name: "Northwind Distribution B.V.".into(),
        lines: vec![
            AckLine {
                line_number: 10,
                buyer_item: "300-3100".into(),
                supplier_part: Some("AC-VF450".into()),
                description: "Void fill paper roll 450 m".into(),
                unit_of_measure: "RL".into(),
                ordered_quantity: d("60"),
                ordered_price: d("42.00"),
                requested_date: Some(date!(2026 - 12 - 09)),
                answer: LineAnswer::Accepted,
                price: d("42.00"),
                schedule: vec![ScheduleLine {
                    quantity: d("60"),
                    date: date!(2026 - 12 - 09),
                }],
                reason: None,
            },
            AckLine {
                line_number: 20,
                buyer_item: "300-4030".into(),
                supplier_part: None,
                description: "Corrugated box 400 x 300 x 200 mm: 'heavy'+".into(),
                unit_of_measure: "EA".into(),
                ordered_quantity: d("500"),
                ordered_price: d("1.12"),
                requested_date: Some(date!(2026 - 12 - 09)),
                answer: LineAnswer::Changed,
                price: d("1.09"),
                schedule: vec![
                    ScheduleLine {
                        quantity: d("300"),
                        date: date!(2026 - 12 - 09),
                    },
                    ScheduleLine {
                        quantity: d("150.5"),
                        date: date!(2026 - 12 - 18),
                    },
                ],
                reason: Some("lead_time".into()),
            },
            AckLine {
                line_number: 30,
                buyer_item: "300-9000".into(),
                supplier_part: Some("AC-DISC".into()),
                description: "Stretch film 23 my".into(),
                unit_of_measure: "RL".into(),
                ordered_quantity: d("12"),
                ordered_price: d("18.40"),
                requested_date: None,
                answer: LineAnswer::Rejected,
                price: d("18.40"),
                schedule: vec![],
                reason: Some("discontinued".into()),
            },
        ],
    }
}

fn check_golden(name: &str, text: &str) {
    let golden = repo().join("core/tests/golden/edi").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, text).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
    assert_eq!(text, expected, "{name} differs from its golden file");
}

#[test]
fn the_855_is_golden_and_reads_back() {
    let profile = profile("x12", ["*", ">", "~"]);
    let env = Envelope {
        profile: &profile,
        interchange: 17,
        group: 17,
        now: datetime!(2026-11-28 09:30:00 UTC),
    };
    let interchange = outbound::x12_855(&acknowledgement(), &env);
    let text = x12::write(&interchange).unwrap();
    check_golden("855.x12", &text);
    let read = x12::parse(&text).unwrap();
    assert_eq!(x12::write(&read).unwrap(), text);
    assert_eq!(read.control(), "000000017");
    assert_eq!(read.isa.el(15), "T", "a test interchange");
    let set = &read.groups[0].sets[0];
    let acks: Vec<String> = set
        .segments
        .iter()
        .filter(|s| s.tag == "ACK")
        .map(|s| format!("{} {} {}", s.el(1), s.el(2), s.el(5)))
        .collect();
    assert_eq!(
        acks,
        [
            "IA 60 20261209",
            "IC 300 20261209",
            "IC 150.5 20261218",
            "IR 12 "
        ],
        "one ACK per schedule line with the line's status"
    );
}

#[test]
fn the_ordrsp_is_golden_and_reads_back_with_odd_separators() {
    let profile = profile("edifact", ["|", "^", "!"]);
    let env = Envelope {
        profile: &profile,
        interchange: 5,
        group: 0,
        now: datetime!(2026-11-28 09:30:00 UTC),
    };
    let interchange = outbound::ordrsp(&acknowledgement(), &env);
    let text = edifact::write(&interchange);
    check_golden("ordrsp.edi", &text);
    assert!(text.starts_with("UNA^|.? !"), "{text}");
    let read = edifact::parse(&text).unwrap();
    assert_eq!(edifact::write(&read), text);
    let message = &read.messages[0];
    assert_eq!(message.message_type(), "ORDRSP");
    let bgm = &message.segments[0];
    assert_eq!((bgm.el(1), bgm.el(3)), ("231", "4"));
    let imd = message
        .segments
        .iter()
        .find(|s| s.tag == "IMD" && s.component(3, 4).starts_with("Corrugated"))
        .unwrap();
    assert_eq!(
        format!("{}{}", imd.component(3, 4), imd.component(3, 5)),
        "Corrugated box 400 x 300 x 200 mm: 'heavy'+",
        "the usual separators' characters arrive as data"
    );
}

fn ship_notice() -> ShipNotice {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    let item = |line: i32, item: &str, part: Option<&str>, qty: &str, uom: &str| PackedItem {
        line_number: line,
        buyer_item: item.into(),
        supplier_part: part.map(Into::into),
        quantity: d(qty),
        unit_of_measure: uom.into(),
    };
    let carton = |serial: u64| Package {
        sscc: Sscc::new(3, "4012345", serial).unwrap(),
        kind: PackageKind::Carton,
        contents: vec![],
        items: vec![item(10, "300-3100", Some("AC-VF450"), "30", "RL")],
    };
    ShipNotice {
        number: "ASN-4500020001-1".into(),
        shipped_on: date!(2026 - 12 - 08),
        expected_delivery: Some(date!(2026 - 12 - 09)),
        carrier_scac: "DHLF".into(),
        service_level: Some("Standard".into()),
        tracking_number: Some("JJD0099887766".into()),
        bill_of_lading: Some("BOL-552301".into()),
        gross_weight_kg: Some(d("412.5")),
        supplier_code: "ACME".into(),
        supplier_name: "Acme Industrial Supply".into(),
        buyer_name: "Northwind Distribution B.V.".into(),
        ship_to_name: "Northwind DC Rotterdam".into(),
        ship_to_address: "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".into(),
        orders: vec![ShippedOrder {
            order_number: "4500020001".into(),
            order_date: date!(2026 - 11 - 27),
            packages: vec![Package {
                sscc: Sscc::new(3, "4012345", 1).unwrap(),
                kind: PackageKind::Pallet,
                contents: vec![carton(2), carton(3)],
                items: vec![],
            }],
            loose: vec![item(20, "300-4030", None, "300", "EA")],
        }],
    }
}

fn invoice() -> Invoice {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    Invoice {
        number: "INV-2026-0042".into(),
        kind: InvoiceKind::Invoice,
        invoice_date: date!(2026 - 12 - 09),
        order_number: "4500020001".into(),
        order_date: date!(2026 - 11 - 27),
        ship_notice_number: Some("ASN-4500020001-1".into()),
        credited_invoice: None,
        currency: "EUR".into(),
        payment_terms: "2% 10, Net 30".into(),
        due_date: Some(date!(2027 - 01 - 08)),
        supplier_code: "ACME".into(),
        supplier_name: "Acme Industrial Supply".into(),
        buyer_name: "Northwind Distribution B.V.".into(),
        lines: vec![
            InvoiceLine {
                line_number: 10,
                buyer_item: "300-3100".into(),
                supplier_part: Some("AC-VF450".into()),
                description: "Void fill paper roll 450 m".into(),
                quantity: d("60"),
                unit_of_measure: "RL".into(),
                unit_price: d("42.00"),
            },
            InvoiceLine {
                line_number: 20,
                buyer_item: "300-4030".into(),
                supplier_part: None,
                description: "Corrugated box 400 x 300 x 200 mm".into(),
                quantity: d("300"),
                unit_of_measure: "EA".into(),
                unit_price: d("1.09"),
            },
        ],
        charges: vec![
            Charge {
                kind: ChargeKind::Freight,
                amount: d("45.00"),
                description: "Pallet freight".into(),
            },
            Charge {
                kind: ChargeKind::Discount,
                amount: d("25.20"),
                description: "Promotion".into(),
            },
        ],
        taxes: vec![TaxLine {
            rate: d("21"),
            taxable: d("2866.80"),
            amount: d("602.03"),
        }],
    }
}

#[test]
fn the_856_and_desadv_are_golden_with_the_packing_hierarchy_and_ssccs() {
    let asn = ship_notice();
    let x = profile("x12", ["*", ">", "~"]);
    let env = Envelope {
        profile: &x,
        interchange: 18,
        group: 18,
        now: datetime!(2026-12-08 16:05:00 UTC),
    };
    let text = x12::write(&outbound::x12_856(&asn, &env)).unwrap();
    check_golden("856.x12", &text);
    let read = x12::parse(&text).unwrap();
    assert_eq!(x12::write(&read).unwrap(), text);
    let set = &read.groups[0].sets[0];
    let levels: String = set
        .segments
        .iter()
        .filter(|s| s.tag == "HL")
        .map(|s| s.el(3))
        .collect();
    assert_eq!(
        levels, "SOTPIPII",
        "shipment, order, pallet, carton, item, carton, item, loose item"
    );
    let ssccs: Vec<&str> = set
        .segments
        .iter()
        .filter(|s| s.tag == "MAN")
        .map(|s| s.el(2))
        .collect();
    assert_eq!(
        ssccs,
        [
            "340123450000000017",
            "340123450000000024",
            "340123450000000031"
        ]
    );
    for s in &ssccs {
        Sscc::parse(s).unwrap();
    }
    let ctt = set.segments.iter().find(|s| s.tag == "CTT").unwrap();
    assert_eq!(ctt.el(1), "8");

    let e = profile("edifact", ["+", ":", "'"]);
    let env = Envelope { profile: &e, ..env };
    let text = edifact::write(&outbound::desadv(&asn, &env));
    check_golden("desadv.edi", &text);
    let read = edifact::parse(&text).unwrap();
    assert_eq!(edifact::write(&read), text);
    let gins: Vec<&str> = read.messages[0]
        .segments
        .iter()
        .filter(|s| s.tag == "GIN")
        .map(|s| s.el(2))
        .collect();
    assert_eq!(gins, ssccs);
}

#[test]
fn the_810_and_invoic_are_golden_with_totals_charges_and_tax() {
    let inv = invoice();
    assert_eq!(
        inv.lines_total(),
        Decimal::from_str_exact("2847.00").unwrap()
    );
    assert_eq!(inv.total(), Decimal::from_str_exact("3468.83").unwrap());
    let x = profile("x12", ["*", ">", "~"]);
    let env = Envelope {
        profile: &x,
        interchange: 19,
        group: 19,
        now: datetime!(2026-12-09 08:00:00 UTC),
    };
    let text = x12::write(&outbound::x12_810(&inv, &env)).unwrap();
    check_golden("810.x12", &text);
    let read = x12::parse(&text).unwrap();
    assert_eq!(x12::write(&read).unwrap(), text);
    let set = &read.groups[0].sets[0];
    let tds = set.segments.iter().find(|s| s.tag == "TDS").unwrap();
    assert_eq!(tds.el(1), "346883", "the total in cents");

    let e = profile("edifact", ["+", ":", "'"]);
    let env = Envelope { profile: &e, ..env };
    let text = edifact::write(&outbound::invoic(&inv, &env));
    check_golden("invoic.edi", &text);
    let read = edifact::parse(&text).unwrap();
    assert_eq!(edifact::write(&read), text);
    let total = read.messages[0]
        .segments
        .iter()
        .find(|s| s.tag == "MOA" && s.component(1, 1) == "86")
        .unwrap();
    assert_eq!(total.component(1, 2), "3468.83");
    let mut credit = inv.clone();
    credit.kind = InvoiceKind::CreditMemo;
    credit.credited_invoice = Some("INV-2026-0042".into());
    let text = edifact::write(&outbound::invoic(&credit, &env));
    assert!(
        text.contains("BGM+381+INV-2026-0042+9'") && text.contains("RFF+OI:INV-2026-0042'"),
        "{text}"
    );
}
