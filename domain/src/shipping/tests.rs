use super::*;
use time::macros::date;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn line(order: u128, n: i32, ordered: Decimal, elsewhere: Decimal) -> OpenLine {
    OpenLine {
        order_id: Uuid::from_u128(order),
        order_number: format!("PO-{order}"),
        line_number: n,
        buyer_item: format!("ITEM-{n}"),
        supplier_part: None,
        description: "Widget".into(),
        unit_of_measure: "EA".into(),
        ordered,
        shipped_elsewhere: elsewhere,
    }
}

fn header() -> HeaderInput {
    HeaderInput {
        shipped_on: "2026-11-27".into(),
        expected_delivery: "2026-11-30".into(),
        carrier_scac: "upsn".into(),
        service_level: "Ground".into(),
        tracking_number: "1Z999AA10123456784".into(),
        bill_of_lading: String::new(),
        gross_weight_kg: "12,5".into(),
    }
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

#[test]
fn a_header_reads_as_typed() {
    let h = header()
        .check(date!(2026 - 11 - 27), date!(2026 - 11 - 20))
        .unwrap();
    assert_eq!(h.carrier_scac, "UPSN");
    assert_eq!(h.gross_weight_kg, Some(d("12.5")));
    assert_eq!(h.bill_of_lading, None);
    assert_eq!(h.expected_delivery, Some(date!(2026 - 11 - 30)));
}

#[test]
fn every_header_mistake_is_named_at_once() {
    let bad = HeaderInput {
        shipped_on: "2026-11-19".into(),
        expected_delivery: "27.11.2026".into(),
        carrier_scac: "U2".into(),
        service_level: "x".repeat(MAX_TEXT + 1),
        gross_weight_kg: "-1".into(),
        ..header()
    };
    let errors = bad
        .check(date!(2026 - 11 - 27), date!(2026 - 11 - 20))
        .unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![
            ("shipped_on", "ship-error-before-order"),
            ("expected_delivery", "ship-error-date"),
            ("carrier_scac", "ship-error-scac"),
            ("service_level", "ship-error-text-long"),
            ("gross_weight_kg", "ship-error-weight"),
        ]
    );
    // Dates in order; not more than a day ahead.
    let early = HeaderInput {
        expected_delivery: "2026-11-26".into(),
        ..header()
    };
    let errors = early
        .check(date!(2026 - 11 - 27), date!(2026 - 11 - 20))
        .unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![("expected_delivery", "ship-error-delivery-early")]
    );
    let ahead = HeaderInput {
        shipped_on: "2026-11-29".into(),
        expected_delivery: String::new(),
        ..header()
    };
    let errors = ahead
        .check(date!(2026 - 11 - 27), date!(2026 - 11 - 20))
        .unwrap_err();
    assert_eq!(fields(&errors), vec![("shipped_on", "ship-error-future")]);
}

#[test]
fn a_line_ships_at_most_its_open_quantity_plus_the_tolerance() {
    let lines = vec![line(1, 10, d("100"), d("40")), line(1, 20, d("10"), d("0"))];
    let strict = ShippingPolicy::default();
    assert_eq!(
        check_quantities(&lines, &["60".into(), String::new()], &strict).unwrap(),
        vec![d("60"), d("0")]
    );
    let errors = check_quantities(&lines, &["60.5".into(), "1".into()], &strict).unwrap_err();
    assert_eq!(fields(&errors), vec![("line-0", "ship-error-over")]);
    assert_eq!(
        errors[0].args,
        vec![("allowed".to_owned(), "60".to_owned())]
    );
    // 5 % of 100 ordered may go over: 65 of the 60 open.
    let lenient = ShippingPolicy::parse("5", false).unwrap();
    assert!(check_quantities(&lines, &["65".into(), "10,5".into()], &lenient).is_ok());
    let errors = check_quantities(&lines, &["65.01".into(), "abc".into()], &lenient).unwrap_err();
    assert_eq!(
        fields(&errors),
        vec![
            ("line-0", "ship-error-over"),
            ("line-1", "ship-error-quantity")
        ]
    );
    // Nothing at all to ship is a mistake too; negative quantities are not numbers here.
    let errors = check_quantities(&lines, &["0".into(), String::new()], &strict).unwrap_err();
    assert_eq!(fields(&errors), vec![("line-0", "ship-error-nothing")]);
    let errors = check_quantities(&lines, &["-1".into(), "1".into()], &strict).unwrap_err();
    assert_eq!(fields(&errors), vec![("line-0", "ship-error-quantity")]);
}

#[test]
fn a_line_shipped_in_full_elsewhere_has_nothing_open() {
    let l = line(1, 10, d("10"), d("12"));
    assert_eq!(l.open(), d("0"));
    assert_eq!(l.allowed(&ShippingPolicy::default()), d("0"));
}

#[test]
fn only_acknowledged_orders_ship_unless_the_buyer_allows_more() {
    let strict = ShippingPolicy::default();
    let open = ShippingPolicy::parse("0", true).unwrap();
    assert!(may_ship(PoStatus::Acknowledged, &strict));
    assert!(may_ship(PoStatus::PartiallyShipped, &strict));
    assert!(!may_ship(PoStatus::New, &strict));
    assert!(may_ship(PoStatus::New, &open));
    for status in [
        PoStatus::Rejected,
        PoStatus::Cancelled,
        PoStatus::Shipped,
        PoStatus::Closed,
    ] {
        assert!(!may_ship(status, &open), "{status}");
    }
}

#[test]
fn policies_and_label_settings_are_checked_by_field() {
    assert_eq!(
        ShippingPolicy::parse("101", false).unwrap_err().field,
        "over_ship_pct"
    );
    assert_eq!(
        ShippingPolicy::parse("", false).unwrap_err().field,
        "over_ship_pct"
    );
    assert_eq!(
        ShippingPolicy::parse("2,5", false).unwrap().over_ship_pct,
        d("2.5")
    );
    let s = LabelSettings::parse(" 0614 141 ", "").unwrap();
    assert_eq!(
        (s.company_prefix.as_str(), s.extension_digit),
        ("0614141", 0)
    );
    assert_eq!(
        LabelSettings::parse("12345", "1").unwrap_err().field,
        "company_prefix"
    );
    assert_eq!(
        LabelSettings::parse("1234567890123", "1")
            .unwrap_err()
            .field,
        "company_prefix"
    );
    assert_eq!(
        LabelSettings::parse("0614141", "10").unwrap_err().field,
        "extension_digit"
    );
}

#[test]
fn packing_keeps_to_the_line_and_to_one_order_per_package() {
    let order_a = Uuid::from_u128(1);
    let order_b = Uuid::from_u128(2);
    let pallet = Uuid::from_u128(10);
    let carton = Uuid::from_u128(11);
    let mut packages = vec![
        PackageState {
            id: pallet,
            kind: PackageKind::Pallet,
            parent: None,
            items: vec![],
        },
        PackageState {
            id: carton,
            kind: PackageKind::Carton,
            parent: Some(pallet),
            items: vec![(order_a, 10, d("6"))],
        },
    ];
    // 10 shipped, 6 packed: 4 loose.
    assert_eq!(
        check_pack(&packages, carton, order_a, 10, d("10"), "4").unwrap(),
        d("4")
    );
    let e = check_pack(&packages, carton, order_a, 10, d("10"), "4.5").unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("quantity", "ship-error-pack-over")
    );
    assert_eq!(e.args, vec![("loose".to_owned(), "4".to_owned())]);
    assert_eq!(
        check_pack(&packages, carton, order_a, 10, d("10"), "0")
            .unwrap_err()
            .field,
        "quantity"
    );
    // The pallet holds order A through its carton: order B goes elsewhere.
    let e = check_pack(&packages, pallet, order_b, 10, d("5"), "1").unwrap_err();
    assert_eq!(e.message, "ship-error-pack-order");
    // An empty package, or more packed than shipped, stops the submission.
    assert!(check_packing(&packages, &[(order_a, 10, d("10"))]).is_ok());
    assert_eq!(
        check_packing(&packages, &[(order_a, 10, d("5"))])
            .unwrap_err()
            .message,
        "ship-error-packed-over"
    );
    packages.push(PackageState {
        id: Uuid::from_u128(12),
        kind: PackageKind::Carton,
        parent: None,
        items: vec![],
    });
    assert_eq!(
        check_packing(&packages, &[(order_a, 10, d("10"))])
            .unwrap_err()
            .message,
        "ship-error-empty-package"
    );
}

#[test]
fn statuses_round_trip() {
    for s in NoticeStatus::ALL {
        assert_eq!(NoticeStatus::parse(s.code()), Some(s));
    }
    assert_eq!(NoticeStatus::parse("shipped"), None);
}
