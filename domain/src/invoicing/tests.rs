use super::*;
use time::macros::date;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn basis(n: i32, ordered: &str, price: &str) -> BasisLine {
    BasisLine {
        line_number: n,
        buyer_item: format!("ITEM-{n}"),
        supplier_part: None,
        description: "Widget".into(),
        unit_of_measure: "EA".into(),
        ordered: d(ordered),
        order_price: d(price),
        shipped: None,
        received: None,
        invoiced: Decimal::ZERO,
    }
}

fn form(lines: Vec<(i32, &str, &str, &str)>, charges: Vec<(&str, &str, &str)>) -> InvoiceForm {
    InvoiceForm {
        number: "INV-1001".into(),
        invoice_date: "2026-11-27".into(),
        due_date: "2026-12-27".into(),
        payment_terms: "Net 30".into(),
        lines: lines
            .into_iter()
            .map(|(n, q, p, t)| InvoiceLineForm {
                line_number: n,
                quantity: q.into(),
                unit_price: p.into(),
                tax_rate: t.into(),
            })
            .collect(),
        charges: charges
            .into_iter()
            .map(|(k, a, t)| ChargeForm {
                kind: k.into(),
                amount: a.into(),
                description: String::new(),
                tax_rate: t.into(),
            })
            .collect(),
    }
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

const TODAY: Date = date!(2026 - 11 - 27);

#[test]
fn totals_round_each_line_then_tax_per_rate() {
    let b = vec![basis(10, "3", "0.335"), basis(20, "7", "19.99")];
    let f = form(
        vec![(10, "3", "0.335", "19"), (20, "7", "19.99", "7")],
        vec![("freight", "12.50", "19"), ("discount", "5.00", "7")],
    );
    let inv = check(&f, &b, &MatchTolerances::default(), 2, TODAY).unwrap();
    // 3 × 0.335 = 1.005 → 1.01 (half away from zero); 7 × 19.99 = 139.93.
    assert_eq!(inv.lines[0].amount, d("1.01"));
    assert_eq!(inv.lines[1].amount, d("139.93"));
    // 7 %: 139.93 − 5.00 = 134.93 → 9.4451 → 9.45; 19 %: 1.01 + 12.50 = 13.51 → 2.5669 → 2.57.
    assert_eq!(
        inv.taxes,
        vec![
            TaxAtRate {
                rate: d("7"),
                taxable: d("134.93"),
                amount: d("9.45")
            },
            TaxAtRate {
                rate: d("19"),
                taxable: d("13.51"),
                amount: d("2.57")
            },
        ]
    );
    assert_eq!(
        inv.totals,
        Totals {
            lines: d("140.94"),
            charges: d("7.50"),
            tax: d("12.02"),
            total: d("160.46")
        }
    );
}

#[test]
fn a_currency_without_minor_units_rounds_to_whole_amounts() {
    let b = vec![basis(1, "3", "333.5")];
    let inv = check(
        &form(vec![(1, "3", "333.5", "10")], vec![]),
        &b,
        &MatchTolerances::default(),
        0,
        TODAY,
    )
    .unwrap();
    assert_eq!(inv.lines[0].amount, d("1001"));
    assert_eq!(inv.totals.tax, d("100"));
    // A charge with cents in yen is a mistake.
    let e = check(
        &form(vec![(1, "3", "333.5", "")], vec![("freight", "10.5", "")]),
        &b,
        &MatchTolerances::default(),
        0,
        TODAY,
    )
    .unwrap_err();
    assert_eq!(fields(&e), vec![("charge-0-amount", "inv-error-amount")]);
}

/// A small deterministic generator (xorshift), so the property runs the same cases everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn property_the_parts_always_add_up_to_the_total_and_never_lose_a_cent() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let rates = ["", "0", "5.5", "7", "19", "20", "21", "8.875"];
    for case in 0..3_000 {
        let minor = [0u32, 2, 3][rng.below(3) as usize];
        let n = 1 + rng.below(8) as i32;
        let mut b = Vec::new();
        let mut lines = Vec::new();
        for i in 1..=n {
            let q = Decimal::new(1 + rng.below(100_000) as i64, rng.below(4) as u32);
            let p = Decimal::new(rng.below(10_000_000) as i64, rng.below(5) as u32);
            b.push(BasisLine {
                ordered: q,
                order_price: p,
                ..basis(i, "1", "1")
            });
            lines.push(InvoiceLineForm {
                line_number: i,
                quantity: q.to_string(),
                unit_price: p.to_string(),
                tax_rate: rates[rng.below(rates.len() as u64) as usize].into(),
            });
        }
        let charges = (0..rng.below(3))
            .map(|_| ChargeForm {
                kind: ["freight", "handling", "discount"][rng.below(3) as usize].into(),
                amount: Decimal::new(1 + rng.below(100_000) as i64, minor).to_string(),
                description: String::new(),
                tax_rate: rates[rng.below(rates.len() as u64) as usize].into(),
            })
            .collect();
        let f = InvoiceForm {
            lines,
            charges,
            ..form(vec![], vec![])
        };
        let Ok(inv) = check(&f, &b, &MatchTolerances::default(), minor, TODAY) else {
            // Only a discount larger than everything else is refused.
            continue;
        };
        let scale_ok = |x: Decimal| x.normalize().scale() <= minor;
        for l in &inv.lines {
            assert!(scale_ok(l.amount), "case {case}: {l:?}");
            // Rounded half away from zero: never more than half a minor unit off.
            let unit = Decimal::new(1, minor);
            assert!(
                (l.amount - l.quantity * l.unit_price).abs() * Decimal::TWO <= unit,
                "case {case}: {l:?}"
            );
        }
        for t in &inv.taxes {
            assert!(scale_ok(t.amount), "case {case}: {t:?}");
        }
        let sum_lines: Decimal = inv.lines.iter().map(|l| l.amount).sum();
        let sum_taxable: Decimal = inv.taxes.iter().map(|t| t.taxable).sum::<Decimal>()
            + inv
                .lines
                .iter()
                .filter(|l| l.tax_rate.is_zero())
                .map(|l| l.amount)
                .sum::<Decimal>()
            + inv
                .charges
                .iter()
                .filter(|c| c.tax_rate.is_zero())
                .map(|c| {
                    if c.kind == ChargeKind::Discount {
                        -c.amount
                    } else {
                        c.amount
                    }
                })
                .sum::<Decimal>();
        assert_eq!(inv.totals.lines, sum_lines, "case {case}");
        assert_eq!(
            sum_taxable,
            inv.totals.lines + inv.totals.charges,
            "case {case}: every amount taxed once"
        );
        assert_eq!(
            inv.totals.total,
            inv.totals.lines + inv.totals.charges + inv.totals.tax,
            "case {case}"
        );
        assert!(scale_ok(inv.totals.total), "case {case}");
        assert!(inv.totals.total >= Decimal::ZERO, "case {case}");
    }
}

#[test]
fn every_form_mistake_is_named_at_once() {
    let mut b = vec![basis(10, "60", "42"), basis(20, "10", "1.5")];
    b[0].shipped = Some(d("40"));
    let f = InvoiceForm {
        number: "INV 1001!".into(),
        invoice_date: "2026-11-30".into(),
        due_date: "2026-11-01".into(),
        payment_terms: "Net 30".into(),
        ..form(
            vec![
                (10, "41", "42", "19"),
                (20, "x", "-1", "101"),
                (30, "1", "1", ""),
            ],
            vec![("shipping", "10", ""), ("freight", "0", "")],
        )
    };
    let e = check(&f, &b, &MatchTolerances::default(), 2, TODAY).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            ("number", "inv-error-number"),
            ("invoice_date", "inv-error-future"),
            ("line-10-quantity", "inv-error-over-quantity"),
            ("line-20-quantity", "inv-error-quantity"),
            ("line-20-unit_price", "inv-error-price"),
            ("line-20-tax_rate", "inv-error-tax-rate"),
            ("line-30-quantity", "inv-error-line"),
            ("charge-0-kind", "inv-error-charge-kind"),
            ("charge-1-amount", "inv-error-amount"),
        ]
    );
    // The shipped quantity (40), not the ordered (60), bounds the invoice; the tolerance adds to it.
    assert_eq!(e[2].args, vec![("allowed".to_owned(), "40".to_owned())]);
    let lenient = MatchTolerances {
        quantity_over_pct: d("5"),
        ..MatchTolerances::default()
    };
    assert!(check(
        &form(vec![(10, "42", "42", "")], vec![]),
        &b,
        &lenient,
        2,
        TODAY
    )
    .is_ok());
    // Earlier invoices count.
    b[0].invoiced = d("30");
    let e = check(
        &form(vec![(10, "11", "42", "")], vec![]),
        &b,
        &MatchTolerances::default(),
        2,
        TODAY,
    )
    .unwrap_err();
    assert_eq!(e[0].args, vec![("allowed".to_owned(), "10".to_owned())]);
    // Nothing invoiced, and a discount beyond the lines.
    let e = check(
        &form(vec![(10, "", "42", "")], vec![]),
        &b,
        &MatchTolerances::default(),
        2,
        TODAY,
    )
    .unwrap_err();
    assert_eq!(fields(&e), vec![("lines", "inv-error-no-lines")]);
    let e = check(
        &form(vec![(20, "1", "1.5", "")], vec![("discount", "2.00", "")]),
        &b,
        &MatchTolerances::default(),
        2,
        TODAY,
    )
    .unwrap_err();
    assert_eq!(fields(&e), vec![("charges", "inv-error-negative-total")]);
}

#[test]
fn the_preview_flags_a_dearer_line_and_more_than_was_received() {
    let mut b = vec![
        basis(10, "60", "42.00"),
        basis(20, "10", "1.50"),
        basis(30, "5", "10"),
    ];
    b[1].received = Some(d("8"));
    b[2].received = Some(Decimal::ZERO);
    let t = MatchTolerances {
        price_over_pct: d("1"),
        price_over_abs: d("0.05"),
        quantity_over_pct: Decimal::ZERO,
    };
    let f = form(
        vec![
            (10, "60", "42.42", ""),
            (20, "9", "1.55", ""),
            (30, "5", "10", ""),
        ],
        vec![],
    );
    let inv = check(&f, &b, &t, 2, TODAY).unwrap();
    let p = preview(&inv, &b, &t);
    let outcomes: Vec<_> = p.iter().map(|l| (l.line_number, l.outcome)).collect();
    // 42.42 is 1 % over 42.00 (allowed: 0.42); 1.55 is 0.05 over (allowed: the absolute 0.05); 9 > 8 received.
    assert_eq!(
        outcomes,
        vec![
            (10, LineMatch::Matched),
            (20, LineMatch::QuantityOverReceived),
            (30, LineMatch::NotReceived)
        ]
    );
    assert_eq!(initial_status(&p), InvoiceStatus::Submitted);
    let dearer = form(vec![(10, "60", "42.43", "")], vec![]);
    let inv = check(&dearer, &b, &t, 2, TODAY).unwrap();
    let p = preview(&inv, &b, &t);
    assert_eq!(p[0].outcome, LineMatch::PriceOver);
    let fixed = form(vec![(10, "60", "42.00", "")], vec![]);
    let p = preview(&check(&fixed, &b, &t, 2, TODAY).unwrap(), &b, &t);
    assert_eq!(initial_status(&p), InvoiceStatus::Matched);
}

#[test]
fn statuses_move_only_forward_as_the_buyer_decides() {
    use InvoiceStatus::*;
    assert!(Submitted.may_become(Disputed));
    assert!(Disputed.may_become(Approved));
    assert!(Approved.may_become(Paid));
    assert!(!Paid.may_become(Disputed));
    assert!(!Disputed.may_become(Disputed));
    assert!(!Submitted.may_become(Paid));
    for s in InvoiceStatus::ALL {
        assert_eq!(InvoiceStatus::parse(s.code()), Some(s));
    }
}

#[test]
fn tolerances_are_read_from_the_buyers_form() {
    let t = MatchTolerances::parse("2,5", "0.50", "").unwrap();
    assert_eq!(
        (t.price_over_pct, t.price_over_abs, t.quantity_over_pct),
        (d("2.5"), d("0.5"), Decimal::ZERO)
    );
    let e = MatchTolerances::parse("101", "-1", "x").unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["price_over_pct", "quantity_over_pct", "price_over_abs"]
    );
}
