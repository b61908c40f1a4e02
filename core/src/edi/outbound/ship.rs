//! The advance ship notice as an X12 856 and as an EDIFACT D96A DESADV.
//!
//! X12 856 (004010), hierarchy shipment > order > tare (pallet) > pack (carton) > item:
//!
//! | segment | what |
//! |---|---|
//! | `BSN*00*{number}*{date}*{time}*0001` | |
//! | `HL*1**S`, `TD1*{PLT94,CTN25}*{packages}****G*{weight}*KG`, `TD5*B*2*{SCAC}*M*{service}`, `REF*BM`, `REF*CN`, `DTM*011` (shipped), `DTM*017` (expected), `N1*ST` + `N3`, `N1*SU*{name}*92*{code}` | the shipment |
//! | `HL*n*1*O`, `PRF*{order}***{order date}` | each order |
//! | `HL*n*p*T` / `HL*n*p*P`, `MAN*GM*{SSCC}` | each pallet / carton |
//! | `HL*n*p*I`, `LIN*{line}*BP*{item}*VP*{part}`, `SN1**{qty}*{uom}` | each item (in a package, or loose under its order) |
//! | `CTT*{HL count}` | |
//!
//! EDIFACT DESADV: `BGM+351+{number}+9`, `DTM+137` / `DTM+11` (shipped) / `DTM+17` (expected), `MEA+AAX+AAD+KGM:{weight}`,
//! `RFF+BM`, `RFF+CN`, `NAD+ST`, `NAD+SU`, `TDT+20++30++{SCAC}:172:182`; `CPS+1` for the consignment, then per package
//! `CPS+{n}+{parent}`, `PAC+1++{PX pallet, CT carton}`, `PCI+33E`, `GIN+BJ+{SSCC}`, and per item `LIN+{n}++{item}:BP`,
//! `PIA+1+{part}:SA`, `QTY+12:{qty}:{uom}`, `RFF+ON:{order}:{line}`; `CNT+2:{LIN count}`.

use super::{date8, edifact_interchange, number, one, seg, text, x12_interchange, Envelope};
use portico_domain::documents::{Package, PackageKind, PackedItem, ShipNotice};
use portico_edi::x12::{self, TransactionSet};
use portico_edi::{edifact, Segment};

/// A ship notice as an X12 856 interchange.
pub fn x12_856(asn: &ShipNotice, env: &Envelope<'_>) -> x12::Interchange {
    let time4 = format!("{:02}{:02}", env.now.hour(), env.now.minute());
    let mut body = vec![Segment::new(
        "BSN",
        [
            "00".to_owned(),
            asn.number.clone(),
            date8(asn.shipped_on),
            time4,
            "0001".to_owned(),
        ],
    )];
    let mut hl = 1;
    body.push(Segment::new("HL", ["1", "", "S"]));
    let packages: usize = asn.orders.iter().map(|o| o.packages.len()).sum();
    let pallets = asn
        .orders
        .iter()
        .flat_map(|o| &o.packages)
        .any(|p| p.kind == PackageKind::Pallet);
    let mut td1 = vec![
        if pallets { "PLT94" } else { "CTN25" }.to_owned(),
        packages.to_string(),
    ];
    if let Some(w) = asn.gross_weight_kg {
        td1.extend(["", "", "", "G"].map(String::from));
        td1.extend([number(w), "KG".to_owned()]);
    }
    body.push(Segment::new("TD1", td1));
    let mut td5 = vec!["B", "2", asn.carrier_scac.as_str(), "M"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    if let Some(level) = &asn.service_level {
        td5.push(text(env, level));
    }
    body.push(Segment::new("TD5", td5));
    if let Some(bol) = &asn.bill_of_lading {
        body.push(Segment::new("REF", ["BM", bol.as_str()]));
    }
    if let Some(tracking) = &asn.tracking_number {
        body.push(Segment::new("REF", ["CN", tracking.as_str()]));
    }
    body.push(Segment::new(
        "DTM",
        ["011".to_owned(), date8(asn.shipped_on)],
    ));
    if let Some(d) = asn.expected_delivery {
        body.push(Segment::new("DTM", ["017".to_owned(), date8(d)]));
    }
    body.push(Segment::new(
        "N1",
        ["ST".to_owned(), text(env, &asn.ship_to_name)],
    ));
    let address: String = text(env, &asn.ship_to_address).chars().take(55).collect();
    body.push(Segment::new("N3", [address]));
    body.push(Segment::new(
        "N1",
        [
            "SU".to_owned(),
            text(env, &asn.supplier_name),
            "92".to_owned(),
            asn.supplier_code.clone(),
        ],
    ));
    for order in &asn.orders {
        hl += 1;
        let order_hl = hl;
        body.push(Segment::new(
            "HL",
            [order_hl.to_string(), "1".into(), "O".into()],
        ));
        body.push(Segment::new(
            "PRF",
            [
                order.order_number.clone(),
                String::new(),
                String::new(),
                date8(order.order_date),
            ],
        ));
        for package in &order.packages {
            package_856(package, order_hl, &mut hl, &mut body);
        }
        for item in &order.loose {
            item_856(item, order_hl, &mut hl, &mut body);
        }
    }
    body.push(Segment::new("CTT", [hl.to_string()]));
    x12_interchange(env, "SH", TransactionSet::new("856", "0001", body))
}

fn package_856(p: &Package, parent: usize, hl: &mut usize, body: &mut Vec<Segment>) {
    *hl += 1;
    let me = *hl;
    let level = match p.kind {
        PackageKind::Pallet => "T",
        PackageKind::Carton => "P",
    };
    body.push(Segment::new(
        "HL",
        [me.to_string(), parent.to_string(), level.to_owned()],
    ));
    body.push(Segment::new("MAN", ["GM", p.sscc.as_str()]));
    for inner in &p.contents {
        package_856(inner, me, hl, body);
    }
    for item in &p.items {
        item_856(item, me, hl, body);
    }
}

fn item_856(item: &PackedItem, parent: usize, hl: &mut usize, body: &mut Vec<Segment>) {
    *hl += 1;
    body.push(Segment::new(
        "HL",
        [hl.to_string(), parent.to_string(), "I".to_owned()],
    ));
    let mut lin = vec![
        item.line_number.to_string(),
        "BP".to_owned(),
        item.buyer_item.clone(),
    ];
    if let Some(part) = &item.supplier_part {
        lin.extend(["VP".to_owned(), part.clone()]);
    }
    body.push(Segment::new("LIN", lin));
    body.push(Segment::new(
        "SN1",
        [
            String::new(),
            number(item.quantity),
            item.unit_of_measure.clone(),
        ],
    ));
}

/// An address in C059's four street components of 35 characters each.
fn street(address: &str) -> Vec<String> {
    let chars: Vec<char> = address.chars().collect();
    chars
        .chunks(35)
        .take(4)
        .map(|c| c.iter().collect())
        .collect()
}

/// A ship notice as an EDIFACT DESADV interchange.
pub fn desadv(asn: &ShipNotice, env: &Envelope<'_>) -> edifact::Interchange {
    let dtm = |q: &str, d: time::Date| seg("DTM", vec![vec![q.into(), date8(d), "102".into()]]);
    let mut body = vec![
        seg("BGM", vec![one("351"), one(&asn.number), one("9")]),
        dtm("137", env.now.date()),
        dtm("11", asn.shipped_on),
    ];
    if let Some(d) = asn.expected_delivery {
        body.push(dtm("17", d));
    }
    if let Some(w) = asn.gross_weight_kg {
        body.push(seg(
            "MEA",
            vec![one("AAX"), one("AAD"), vec!["KGM".into(), number(w)]],
        ));
    }
    if let Some(bol) = &asn.bill_of_lading {
        body.push(seg("RFF", vec![vec!["BM".into(), bol.clone()]]));
    }
    if let Some(tracking) = &asn.tracking_number {
        body.push(seg("RFF", vec![vec!["CN".into(), tracking.clone()]]));
    }
    let name = |s: &str| s.chars().take(35).collect::<String>();
    body.push(seg(
        "NAD",
        vec![
            one("ST"),
            vec![],
            vec![],
            vec![name(&asn.ship_to_name)],
            street(&asn.ship_to_address),
        ],
    ));
    body.push(seg(
        "NAD",
        vec![
            one("SU"),
            vec![asn.supplier_code.clone(), String::new(), "92".into()],
            vec![],
            vec![name(&asn.supplier_name)],
        ],
    ));
    body.push(seg(
        "TDT",
        vec![
            one("20"),
            vec![],
            one("30"),
            vec![],
            vec![asn.carrier_scac.clone(), "172".into(), "182".into()],
        ],
    ));
    body.push(seg("CPS", vec![one("1")]));
    let mut cps = 1;
    let mut lin = 0;
    for order in &asn.orders {
        for item in &order.loose {
            item_desadv(item, &order.order_number, &mut lin, &mut body);
        }
    }
    for order in &asn.orders {
        for package in &order.packages {
            package_desadv(
                package,
                1,
                &order.order_number,
                &mut cps,
                &mut lin,
                &mut body,
            );
        }
    }
    body.push(seg("CNT", vec![vec!["2".into(), lin.to_string()]]));
    edifact_interchange(
        env,
        edifact::Message::new("1", &["DESADV", "D", "96A", "UN"], body),
    )
}

fn package_desadv(
    p: &Package,
    parent: usize,
    order: &str,
    cps: &mut usize,
    lin: &mut usize,
    body: &mut Vec<Segment>,
) {
    *cps += 1;
    let me = *cps;
    body.push(seg(
        "CPS",
        vec![one(&me.to_string()), one(&parent.to_string())],
    ));
    let kind = match p.kind {
        PackageKind::Pallet => "PX",
        PackageKind::Carton => "CT",
    };
    body.push(seg("PAC", vec![one("1"), vec![], one(kind)]));
    body.push(seg("PCI", vec![one("33E")]));
    body.push(seg("GIN", vec![one("BJ"), one(p.sscc.as_str())]));
    for item in &p.items {
        item_desadv(item, order, lin, body);
    }
    for inner in &p.contents {
        package_desadv(inner, me, order, cps, lin, body);
    }
}

fn item_desadv(item: &PackedItem, order: &str, lin: &mut usize, body: &mut Vec<Segment>) {
    *lin += 1;
    body.push(seg(
        "LIN",
        vec![
            one(&lin.to_string()),
            vec![],
            vec![item.buyer_item.clone(), "BP".into()],
        ],
    ));
    if let Some(part) = &item.supplier_part {
        body.push(seg("PIA", vec![one("1"), vec![part.clone(), "SA".into()]]));
    }
    body.push(seg(
        "QTY",
        vec![vec![
            "12".into(),
            number(item.quantity),
            item.unit_of_measure.clone(),
        ]],
    ));
    body.push(seg(
        "RFF",
        vec![vec![
            "ON".into(),
            order.to_owned(),
            item.line_number.to_string(),
        ]],
    ));
}
