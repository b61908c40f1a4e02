//! The invoice (and credit memo) as an X12 810 and as an EDIFACT D96A INVOIC.
//!
//! X12 810 (004010): `BIG*{date}*{number}*{order date}*{order}***{DI invoice, CR credit memo}`, `CUR*SE`,
//! `REF*SI*{ship notice}`, `REF*IV*{credited invoice}`, `N1*BT`, `N1*SU*{name}*92*{code}`,
//! `ITD*01*3****{due date}******{terms}`; per line `IT1*{line}*{qty}*{uom}*{price}**BP*{item}*VP*{part}` and
//! `PID*F****{description}`; then `TDS*{total in cents}`, `TXI*VA*{tax}*{rate}` per tax,
//! `SAC*{C charge, A allowance}*{D240 freight, D500 handling, C310 discount}***{cents}` per charge, `CTT*{lines}`.
//!
//! EDIFACT INVOIC: `BGM+{380 invoice, 381 credit note}+{number}+9`, `DTM+137`, `FTX+AAB+++{terms}`, `RFF+ON` with
//! `DTM+171`, `RFF+AAK` (ship notice), `RFF+OI` (credited invoice), `NAD+BY`, `NAD+SU`, `CUX+2:{currency}:4`,
//! `PAT+1` with `DTM+13` (due), `ALC+{C,A}++++{FC freight, HD handling, DI discount}` with `MOA+8` per charge; per
//! line `LIN`, `PIA`, `IMD`, `QTY+47`, `MOA+203`, `PRI+AAA`; `UNS+S`, `CNT+2`, `MOA+79` (lines), `MOA+125`
//! (taxable), `MOA+176` (tax), `MOA+86` (total), `TAX+7+VAT+++:::{rate}` with `MOA+124` per tax.

use super::{
    date8, description, edifact_interchange, number, one, seg, text, x12_interchange, Envelope,
};
use portico_domain::documents::{ChargeKind, Invoice, InvoiceKind};
use portico_edi::x12::{self, TransactionSet};
use portico_edi::{edifact, Segment};
use rust_decimal::Decimal;

/// Money with two decimals (`2598.96`, `-12.00`).
fn money(d: Decimal) -> String {
    format!(
        "{:.2}",
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}

/// Money in cents, as X12's implied-decimal N2 fields take it.
fn cents(d: Decimal) -> String {
    (d * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// An invoice as an X12 810 interchange.
pub fn x12_810(inv: &Invoice, env: &Envelope<'_>) -> x12::Interchange {
    let kind = match inv.kind {
        InvoiceKind::Invoice => "DI",
        InvoiceKind::CreditMemo => "CR",
    };
    let mut body = vec![
        Segment::new(
            "BIG",
            [
                date8(inv.invoice_date),
                inv.number.clone(),
                date8(inv.order_date),
                inv.order_number.clone(),
                String::new(),
                String::new(),
                kind.to_owned(),
            ],
        ),
        Segment::new("CUR", ["SE", inv.currency.as_str()]),
    ];
    if let Some(asn) = &inv.ship_notice_number {
        body.push(Segment::new("REF", ["SI", asn.as_str()]));
    }
    if let Some(credited) = &inv.credited_invoice {
        body.push(Segment::new("REF", ["IV", credited.as_str()]));
    }
    body.push(Segment::new(
        "N1",
        ["BT".to_owned(), text(env, &inv.buyer_name)],
    ));
    body.push(Segment::new(
        "N1",
        [
            "SU".to_owned(),
            text(env, &inv.supplier_name),
            "92".to_owned(),
            inv.supplier_code.clone(),
        ],
    ));
    let mut itd = vec!["01".to_owned(), "3".to_owned()];
    itd.extend(std::iter::repeat_n(String::new(), 3));
    itd.push(inv.due_date.map(date8).unwrap_or_default());
    itd.extend(std::iter::repeat_n(String::new(), 5));
    itd.push(text(env, &inv.payment_terms).chars().take(80).collect());
    body.push(Segment::new("ITD", itd).trimmed());
    for line in &inv.lines {
        let mut it1 = vec![
            line.line_number.to_string(),
            number(line.quantity),
            line.unit_of_measure.clone(),
            number(line.unit_price),
            String::new(),
            "BP".to_owned(),
            line.buyer_item.clone(),
        ];
        if let Some(part) = &line.supplier_part {
            it1.extend(["VP".to_owned(), part.clone()]);
        }
        body.push(Segment::new("IT1", it1));
        let description: String = text(env, &line.description).chars().take(80).collect();
        body.push(Segment::new("PID", ["F", "", "", "", description.as_str()]));
    }
    body.push(Segment::new("TDS", [cents(inv.total())]));
    for tax in &inv.taxes {
        body.push(Segment::new(
            "TXI",
            ["VA".to_owned(), money(tax.amount), number(tax.rate)],
        ));
    }
    for charge in &inv.charges {
        let (indicator, code) = match charge.kind {
            ChargeKind::Freight => ("C", "D240"),
            ChargeKind::Handling => ("C", "D500"),
            ChargeKind::Discount => ("A", "C310"),
        };
        let mut sac = vec![indicator.to_owned(), code.to_owned()];
        sac.extend(std::iter::repeat_n(String::new(), 2));
        sac.push(cents(charge.amount));
        if !charge.description.is_empty() {
            sac.extend(std::iter::repeat_n(String::new(), 9));
            sac.push(text(env, &charge.description).chars().take(80).collect());
        }
        body.push(Segment::new("SAC", sac));
    }
    body.push(Segment::new("CTT", [inv.lines.len().to_string()]));
    x12_interchange(env, "IN", TransactionSet::new("810", "0001", body))
}

/// An invoice as an EDIFACT INVOIC interchange.
pub fn invoic(inv: &Invoice, env: &Envelope<'_>) -> edifact::Interchange {
    let dtm = |q: &str, d: time::Date| seg("DTM", vec![vec![q.into(), date8(d), "102".into()]]);
    let moa = |q: &str, d: Decimal| seg("MOA", vec![vec![q.into(), money(d)]]);
    let name = |s: &str| s.chars().take(35).collect::<String>();
    let kind = match inv.kind {
        InvoiceKind::Invoice => "380",
        InvoiceKind::CreditMemo => "381",
    };
    let mut body = vec![
        seg("BGM", vec![one(kind), one(&inv.number), one("9")]),
        dtm("137", inv.invoice_date),
    ];
    if !inv.payment_terms.is_empty() {
        body.push(seg(
            "FTX",
            vec![one("AAB"), vec![], vec![], vec![name(&inv.payment_terms)]],
        ));
    }
    body.push(seg(
        "RFF",
        vec![vec!["ON".into(), inv.order_number.clone()]],
    ));
    body.push(dtm("171", inv.order_date));
    if let Some(asn) = &inv.ship_notice_number {
        body.push(seg("RFF", vec![vec!["AAK".into(), asn.clone()]]));
    }
    if let Some(credited) = &inv.credited_invoice {
        body.push(seg("RFF", vec![vec!["OI".into(), credited.clone()]]));
    }
    body.push(seg(
        "NAD",
        vec![one("BY"), vec![], vec![], vec![name(&inv.buyer_name)]],
    ));
    body.push(seg(
        "NAD",
        vec![
            one("SU"),
            vec![inv.supplier_code.clone(), String::new(), "92".into()],
            vec![],
            vec![name(&inv.supplier_name)],
        ],
    ));
    body.push(seg(
        "CUX",
        vec![vec!["2".into(), inv.currency.clone(), "4".into()]],
    ));
    if let Some(due) = inv.due_date {
        body.push(seg("PAT", vec![one("1")]));
        body.push(dtm("13", due));
    }
    for charge in &inv.charges {
        let (indicator, code) = match charge.kind {
            ChargeKind::Freight => ("C", "FC"),
            ChargeKind::Handling => ("C", "HD"),
            ChargeKind::Discount => ("A", "DI"),
        };
        body.push(seg(
            "ALC",
            vec![one(indicator), vec![], vec![], vec![], one(code)],
        ));
        body.push(moa("8", charge.amount));
    }
    for line in &inv.lines {
        body.push(seg(
            "LIN",
            vec![
                one(&line.line_number.to_string()),
                vec![],
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
                "47".into(),
                number(line.quantity),
                line.unit_of_measure.clone(),
            ]],
        ));
        body.push(moa("203", line.amount()));
        body.push(seg(
            "PRI",
            vec![vec!["AAA".into(), number(line.unit_price)]],
        ));
    }
    body.push(seg("UNS", vec![one("S")]));
    body.push(seg(
        "CNT",
        vec![vec!["2".into(), inv.lines.len().to_string()]],
    ));
    body.push(moa("79", inv.lines_total()));
    let taxable: Decimal = inv.taxes.iter().map(|t| t.taxable).sum();
    body.push(moa("125", taxable));
    body.push(moa("176", inv.tax_total()));
    body.push(moa("86", inv.total()));
    for tax in &inv.taxes {
        body.push(seg(
            "TAX",
            vec![
                one("7"),
                one("VAT"),
                vec![],
                vec![],
                vec![
                    String::new(),
                    String::new(),
                    String::new(),
                    number(tax.rate),
                ],
            ],
        ));
        body.push(moa("124", tax.amount));
    }
    edifact_interchange(
        env,
        edifact::Message::new("1", &["INVOIC", "D", "96A", "UN"], body),
    )
}
