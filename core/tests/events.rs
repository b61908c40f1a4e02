//! Canonical events: golden envelopes checked against their published JSON Schemas, and the outbox written in the
//! transaction of the change (on every configured backend).

use portico_core::db::purchase_orders::NewPoRow;
use portico_core::events::{
    Answered, BankAccountPayload, BankAccountPayloadV2, BankChangePayload, BankDetailsChange,
    BankDetailsChangeV2, ChargePayload, CloudEvent, CommentPayload, CommentedOrder,
    CreditLinePayload, CreditMemoSubmitted, CreditedInvoice, DelayPayload, DelayedLinePayload,
    DeliveryFailed, EventType, ExceptionDocument, ExceptionOpened, ExceptionPayload,
    ExceptionResolved, FailedEndpoint, FailedEventRef, InvoiceLinePayload, InvoicePayload,
    InvoiceStatusChanged, InvoiceSubmitted, InvoicedOrder, NoticePayload, NoticeRef, OrderRef,
    PackagePayload, PackedItemPayload, PurchaseOrderAcknowledged, PurchaseOrderChangeReviewed,
    PurchaseOrderCommentAdded, PurchaseOrderPayload, PurchaseOrderReceived, ReceiptPayload,
    ReceiptRecorded, ReceivedLinePayload, ResolutionPayload, ReviewPayload, ReviewedAck,
    ReviewedOrder, ShipNoticeEvent, ShippedLinePayload, ShippedOrderPayload, StatusPayload,
    SupplierDelayReported, SupplierRef, TaxPayload,
};
use portico_core::seed;
use portico_core::services::purchase_orders;
use portico_core::testing::TestDb;
use portico_core::Scope;
use portico_domain::acknowledgement::{
    AckForm, AckOutcome, ChangePolicy, LineDecision, ReviewDecision, ScheduleForm,
};
use portico_domain::{
    CurrencyCode, PoDetail, PoLine, PoStatus, PurchaseOrderId, SupplierId, TenantId, UnitOfMeasure,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
use uuid::Uuid;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn lines() -> Vec<PoLine> {
    vec![
        PoLine {
            line_number: 10,
            buyer_item: "300-3100".into(),
            supplier_part: Some("VF-PAPER-450".into()),
            description: "Void fill paper roll 450 m".into(),
            quantity: Decimal::from_str("60").unwrap(),
            unit_of_measure: UnitOfMeasure::parse("RL").unwrap(),
            unit_price: Decimal::from_str("42.00").unwrap(),
            requested_date: Some(time::macros::date!(2026 - 12 - 09)),
        },
        PoLine {
            line_number: 20,
            buyer_item: "300-4030".into(),
            supplier_part: None,
            description: "Corrugated box 400 x 300 x 200 mm".into(),
            quantity: Decimal::from_str("70.5").unwrap(),
            unit_of_measure: UnitOfMeasure::parse("EA").unwrap(),
            unit_price: Decimal::from_str("1.12").unwrap(),
            requested_date: None,
        },
    ]
}

fn sample<'a>(
    supplier: SupplierId,
    lines: &'a [PoLine],
    currency: &'a CurrencyCode,
) -> NewPoRow<'a> {
    NewPoRow {
        id: PurchaseOrderId(Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001)),
        supplier_id: supplier,
        number: "4500012207",
        status: PoStatus::New,
        order_date: time::macros::date!(2026 - 11 - 19),
        currency,
        ship_to_name: "Northwind DC Rotterdam",
        ship_to_address: "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL",
        payment_terms: "2% 10, Net 30",
        incoterms: Some("FCA"),
        notes: None,
        lines,
    }
}

/// A minimal JSON Schema check for what our schemas use: type (with null unions), required, properties,
/// additionalProperties: false, items, enum, minItems, minimum. Returns every violation with its path.
fn check(schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    check_in(schema, schema, value, path, problems)
}

/// [`check`] with the root schema at hand, for `$ref`s into its `$defs` (packages nest in packages).
fn check_in(root: &Value, schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/$defs/").expect("a local $ref");
        let target = &root["$defs"][name];
        assert!(target.is_object(), "{path}: {reference} not found");
        return check_in(root, target, value, path, problems);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            problems.push(format!("{path}: expected {types:?}, got {value}"));
            return;
        }
    }
    if let (Some(Value::Array(allowed)), false) = (schema.get("enum"), value.is_null()) {
        if !allowed.contains(value) {
            problems.push(format!("{path}: {value} not in enum"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_i64),
        value.as_i64(),
    ) {
        if n < min {
            problems.push(format!("{path}: {n} < {min}"));
        }
    }
    if let Value::Object(map) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = req.as_str().unwrap();
            if !map.contains_key(key) {
                problems.push(format!("{path}.{key}: required"));
            }
        }
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => check_in(root, s, v, &format!("{path}.{k}"), problems),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    problems.push(format!("{path}.{k}: not allowed"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                problems.push(format!("{path}: fewer than {min} items"));
            }
        }
        for (i, item) in items.iter().enumerate() {
            check_in(root, s, item, &format!("{path}[{i}]"), problems);
        }
    }
}

fn schema_of(t: EventType) -> Value {
    let file = repo()
        .join("schemas/events")
        .join(format!("{}.json", t.short_name()));
    serde_json::from_str(
        &std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
    )
    .expect("schema is JSON")
}

/// A notice shipping two lines of one order: a pallet of two cartons, and part of line 20 loose.
fn ship_notice_sample(supplier: SupplierId, t: EventType) -> ShipNoticeEvent {
    let carton = |sscc: &str, quantity: &str| PackagePayload {
        sscc: sscc.into(),
        kind: portico_domain::documents::PackageKind::Carton,
        contents: vec![],
        items: vec![PackedItemPayload {
            line_number: 10,
            quantity: quantity.into(),
        }],
    };
    ShipNoticeEvent {
        ship_notice: NoticePayload {
            id: Uuid::from_u128(0x0193_6f3a_7777_7000_8000_0000_0000_0001),
            number: "ASN-CASC-00001".into(),
            revision: if t == EventType::ShipNoticeCorrected {
                2
            } else {
                1
            },
            status: if t == EventType::ShipNoticeCancelled {
                "cancelled".into()
            } else {
                "submitted".into()
            },
            shipped_on: "2026-11-27".into(),
            expected_delivery: Some("2026-11-30".into()),
            carrier_scac: "UPSN".into(),
            service_level: Some("Ground".into()),
            tracking_number: Some("1Z999AA10123456784".into()),
            bill_of_lading: None,
            gross_weight_kg: Some("182.5".into()),
            buyer_name: "Northwind Distribution".into(),
            ship_to_name: "Northwind DC Rotterdam".into(),
            ship_to_address: "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".into(),
        },
        supplier: SupplierRef {
            id: supplier,
            code: "CASC".into(),
            name: "Cascade Packaging Co.".into(),
        },
        orders: vec![ShippedOrderPayload {
            id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
            number: "4500012207".into(),
            order_date: "2026-11-19".into(),
            lines: vec![
                ShippedLinePayload {
                    line_number: 10,
                    buyer_item: "NW-10042".into(),
                    supplier_part: Some("CP-4431".into()),
                    description: "Corrugated box 40x30x20".into(),
                    unit_of_measure: "EA".into(),
                    quantity: "40".into(),
                    loose: "0".into(),
                },
                ShippedLinePayload {
                    line_number: 20,
                    buyer_item: "NW-10043".into(),
                    supplier_part: None,
                    description: "Packing tape 50 mm".into(),
                    unit_of_measure: "RL".into(),
                    quantity: "12".into(),
                    loose: "12".into(),
                },
            ],
            packages: vec![PackagePayload {
                sscc: "106141410000000019".into(),
                kind: portico_domain::documents::PackageKind::Pallet,
                contents: vec![
                    carton("106141410000000026", "24"),
                    carton("106141410000000033", "16"),
                ],
                items: vec![],
            }],
        }],
    }
}

/// A bank change request as the golden bank events carry it, in the state `t` reports (either version).
fn bank_request(t: EventType, id: u128) -> BankChangePayload {
    let (status, decided_by, reason) = match t.superseded_by().unwrap_or(t) {
        EventType::SupplierBankDetailsChangeRequestedV2 => ("pending", None, None),
        EventType::SupplierBankDetailsChangeApprovedV2 => ("approved", Some("Nadia Brooks"), None),
        EventType::SupplierBankDetailsChangeWithdrawnV2 => ("withdrawn", Some("Carl Nguyen"), None),
        _ => (
            "rejected",
            Some("Nadia Brooks"),
            Some("Not confirmed by telephone.".to_owned()),
        ),
    };
    BankChangePayload {
        id: Uuid::from_u128(id),
        status: status.into(),
        requested_by: "Carl Nguyen".into(),
        requested_at: "2026-11-26T09:00:00Z".into(),
        second_factor_at: "2026-11-26T09:00:00Z".into(),
        decided_by: decided_by.map(str::to_owned),
        decided_at: decided_by.map(|_| "2026-11-26T11:30:00Z".to_owned()),
        reason,
    }
}

/// One golden envelope per catalogue type, rebuilt from fixed inputs. `UPDATE_GOLDEN=1` rewrites the files after a
/// deliberate change (review the diff).
#[test]
fn golden_envelopes_match_and_follow_their_schemas() {
    let tenant = TenantId(Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_00aa));
    let supplier = SupplierId(Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_00bb));
    let currency = CurrencyCode::parse("USD").unwrap();
    let id = Uuid::from_u128(0x0193_6f3a_1111_7000_8000_0000_0000_0001);
    let at = time::macros::datetime!(2026-11-26 10:00:00 UTC);
    for t in EventType::ALL {
        let envelope: CloudEvent = match t {
            EventType::PurchaseOrderReceived => {
                let lines = lines();
                let po = sample(supplier, &lines, &currency);
                let supplier = SupplierRef {
                    id: supplier,
                    code: "CASC".into(),
                    name: "Cascade Packaging Co.".into(),
                };
                let payload = PurchaseOrderReceived {
                    purchase_order: PurchaseOrderPayload::from_new(&po, 1, supplier),
                };
                let mut event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.causation_id = None;
                event.envelope(id, at).unwrap()
            }
            EventType::PurchaseOrderAcknowledged => {
                let detail = PoDetail {
                    id: PurchaseOrderId(Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001)),
                    number: "4500012207".into(),
                    version: 1,
                    status: PoStatus::New,
                    order_date: time::macros::date!(2026 - 11 - 19),
                    currency: currency.clone(),
                    buyer_name: "Northwind Distribution".into(),
                    supplier_id: supplier,
                    supplier_name: "Cascade Packaging Co.".into(),
                    supplier_code: "CASC".into(),
                    ship_to_name: "Northwind DC Rotterdam".into(),
                    ship_to_address: "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".into(),
                    payment_terms: "2% 10, Net 30".into(),
                    incoterms: Some("FCA".into()),
                    notes: None,
                    lines: lines(),
                };
                // Line 10 split over two deliveries (three days later in part); line 20 cheaper.
                let mut form = AckForm {
                    decision: "lines".into(),
                    ..AckForm::prefilled(&detail, "t".into())
                };
                form.lines[0].answer = "change".into();
                form.lines[0].reason = "lead_time".into();
                form.lines[0].schedule = vec![
                    ScheduleForm {
                        quantity: "40".into(),
                        date: "2026-12-09".into(),
                    },
                    ScheduleForm {
                        quantity: "20".into(),
                        date: "2026-12-12".into(),
                    },
                ];
                form.lines[1].answer = "change".into();
                form.lines[1].reason = "price_change".into();
                form.lines[1].price = "1.05".into();
                form.lines[1].comment = "Volume price from December".into();
                form.lines[1].schedule = vec![ScheduleForm {
                    quantity: String::new(),
                    date: "2026-12-01".into(),
                }];
                let answer = form.validate(&detail).unwrap();
                let policy = ChangePolicy {
                    price_decrease_pct: Decimal::ONE_HUNDRED,
                    date_later_days: 5,
                    splits_allowed: true,
                    ..ChangePolicy::default()
                };
                let verdicts: Vec<_> = answer.lines.iter().map(|l| policy.judge(l)).collect();
                let outcome = AckOutcome::of(answer.kind, &verdicts);
                let document = answer.document(
                    &detail,
                    "4500012207-1".into(),
                    time::macros::date!(2026 - 11 - 20),
                );
                let payload = PurchaseOrderAcknowledged::new(Answered {
                    order_id: detail.id.0,
                    status: PoStatus::Acknowledged,
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    ack_id: Uuid::from_u128(0x0193_6f3a_4444_7000_8000_0000_0000_0001),
                    document: &document,
                    outcome,
                    reason: None,
                    comment: answer.comment.as_deref(),
                    line_comments: &answer.line_comments,
                    verdicts: &verdicts,
                });
                // The EDI sink rebuilds the document from the event alone.
                assert_eq!(payload.document().unwrap(), document);
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::PurchaseOrderChangeReviewed => {
                let payload = PurchaseOrderChangeReviewed {
                    purchase_order: ReviewedOrder {
                        id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                        number: "4500012207".into(),
                        version: 1,
                        status: "countered".into(),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    acknowledgement: ReviewedAck {
                        id: Uuid::from_u128(0x0193_6f3a_4444_7000_8000_0000_0000_0001),
                        reference: "4500012207-1".into(),
                    },
                    review: ReviewPayload {
                        id: Uuid::from_u128(0x0193_6f3a_5555_7000_8000_0000_0000_0001),
                        outcome: AckOutcome::Countered,
                        comment: Some("We can take the full quantity a week later.".into()),
                        decisions: vec![
                            LineDecision {
                                line_number: 10,
                                decision: ReviewDecision::Approve,
                                counter: None,
                            },
                            LineDecision {
                                line_number: 20,
                                decision: ReviewDecision::Counter,
                                counter: Some(portico_domain::acknowledgement::CounterTerms {
                                    quantity: rust_decimal::Decimal::new(500, 0),
                                    price: rust_decimal::Decimal::new(1240, 2),
                                    date: time::macros::date!(2026 - 12 - 04),
                                }),
                            },
                        ],
                    },
                };
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::PurchaseOrderCommentAdded => {
                let payload = PurchaseOrderCommentAdded {
                    purchase_order: CommentedOrder {
                        id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                        number: "4500012207".into(),
                        version: 1,
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    comment: CommentPayload {
                        id: Uuid::from_u128(0x0193_6f3a_6666_7000_8000_0000_0000_0001),
                        side: portico_domain::comments::Side::Supplier,
                        author: "Carl Weber".into(),
                        body: "Can we ship on Friday instead?".into(),
                        created_at: "2026-11-26T09:58:00Z".into(),
                    },
                };
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::ShipNoticeSubmitted
            | EventType::ShipNoticeCorrected
            | EventType::ShipNoticeCancelled => {
                let payload = ship_notice_sample(supplier, t);
                // The EDI sink rebuilds the 856 / DESADV document from the event alone.
                let document = payload.document().unwrap();
                assert_eq!(document.orders[0].packages[0].contents.len(), 2);
                assert_eq!(document.orders[0].loose.len(), 1);
                let event = payload.event(t, tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::ReceiptRecorded => {
                let line =
                    |n: i32, item: &str, received: &str, rejected: &str, reason: Option<&str>| {
                        ReceivedLinePayload {
                            purchase_order: OrderRef {
                                id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                                number: "4500012207".into(),
                            },
                            line_number: n,
                            buyer_item: item.into(),
                            unit_of_measure: "EA".into(),
                            received_quantity: received.into(),
                            rejected_quantity: rejected.into(),
                            reject_reason: reason.map(str::to_owned),
                        }
                    };
                let payload = ReceiptRecorded {
                    receipt: ReceiptPayload {
                        id: Uuid::from_u128(0x0193_6f3a_8888_7000_8000_0000_0000_0001),
                        reference: "GR-2026-0117".into(),
                        received_on: "2026-11-30".into(),
                        ship_notice: Some(NoticeRef {
                            id: Uuid::from_u128(0x0193_6f3a_7777_7000_8000_0000_0000_0001),
                            number: "ASN-CASC-00001".into(),
                        }),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    lines: vec![
                        line(10, "NW-10042", "39", "1", Some("damaged")),
                        line(20, "NW-10043", "12", "0", None),
                    ],
                };
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::InvoiceSubmitted => {
                let line = |n: i32, item: &str, q: &str, p: &str, amount: &str, m: &str| {
                    InvoiceLinePayload {
                        line_number: n,
                        buyer_item: item.into(),
                        supplier_part: None,
                        description: "Corrugated box 40x30x20".into(),
                        unit_of_measure: "EA".into(),
                        quantity: q.into(),
                        unit_price: p.into(),
                        tax_rate: "21".into(),
                        amount: amount.into(),
                        r#match: m.into(),
                    }
                };
                let payload = InvoiceSubmitted {
                    invoice: InvoicePayload {
                        id: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                        number: "INV-2026-0042".into(),
                        kind: portico_domain::documents::InvoiceKind::Invoice,
                        status: "submitted".into(),
                        invoice_date: "2026-12-01".into(),
                        due_date: Some("2026-12-31".into()),
                        payment_terms: "Net 30".into(),
                        currency: "EUR".into(),
                        ship_notice: Some(NoticeRef {
                            id: Uuid::from_u128(0x0193_6f3a_7777_7000_8000_0000_0000_0001),
                            number: "ASN-CASC-00001".into(),
                        }),
                        lines_total: "1010.4".into(),
                        charges_total: "25".into(),
                        tax_total: "217.43".into(),
                        total: "1252.83".into(),
                    },
                    purchase_order: InvoicedOrder {
                        id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                        number: "4500012207".into(),
                        order_date: "2026-11-19".into(),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    buyer_name: "Northwind Distribution".into(),
                    lines: vec![
                        line(10, "NW-10042", "40", "24.26", "970.4", "price_over"),
                        line(20, "NW-10043", "12", "3.3333", "40", "matched"),
                    ],
                    charges: vec![ChargePayload {
                        kind: portico_domain::documents::ChargeKind::Freight,
                        description: "Pallet freight".into(),
                        amount: "25".into(),
                        tax_rate: "21".into(),
                    }],
                    taxes: vec![TaxPayload {
                        rate: "21".into(),
                        taxable: "1035.4".into(),
                        amount: "217.43".into(),
                    }],
                };
                // The EDI sink rebuilds the 810 / INVOIC document from the event alone.
                let document = payload.document().unwrap();
                assert_eq!(document.lines.len(), 2);
                assert_eq!(
                    document.ship_notice_number.as_deref(),
                    Some("ASN-CASC-00001")
                );
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::CreditMemoSubmitted => {
                let payload = CreditMemoSubmitted {
                    credit_memo: InvoicePayload {
                        id: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0002),
                        number: "CM-2026-0007".into(),
                        kind: portico_domain::documents::InvoiceKind::CreditMemo,
                        status: "submitted".into(),
                        invoice_date: "2026-12-04".into(),
                        due_date: None,
                        payment_terms: String::new(),
                        currency: "EUR".into(),
                        ship_notice: None,
                        lines_total: "48.52".into(),
                        charges_total: "0".into(),
                        tax_total: "10.19".into(),
                        total: "58.71".into(),
                    },
                    credited_invoice: CreditedInvoice {
                        id: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                        number: "INV-2026-0042".into(),
                        invoice_date: "2026-12-01".into(),
                    },
                    reason: "damaged".into(),
                    purchase_order: InvoicedOrder {
                        id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                        number: "4500012207".into(),
                        order_date: "2026-11-19".into(),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    buyer_name: "Northwind Distribution".into(),
                    lines: vec![CreditLinePayload {
                        line_number: 10,
                        buyer_item: "NW-10042".into(),
                        supplier_part: None,
                        description: "Corrugated box 40x30x20".into(),
                        unit_of_measure: "EA".into(),
                        quantity: "2".into(),
                        unit_price: "24.26".into(),
                        tax_rate: "21".into(),
                        amount: "48.52".into(),
                    }],
                    charges: Vec::new(),
                    taxes: vec![TaxPayload {
                        rate: "21".into(),
                        taxable: "48.52".into(),
                        amount: "10.19".into(),
                    }],
                };
                // The EDI sink writes it as a credit naming the invoice it credits.
                let document = payload.document().unwrap();
                assert_eq!(
                    document.kind,
                    portico_domain::documents::InvoiceKind::CreditMemo
                );
                assert_eq!(document.credited_invoice.as_deref(), Some("INV-2026-0042"));
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::InvoiceStatusChanged => {
                let payload = InvoiceStatusChanged {
                    invoice: StatusPayload {
                        id: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                        number: "INV-2026-0042".into(),
                        status: "disputed".into(),
                        previous_status: "submitted".into(),
                        dispute_reason: Some("Line 10 is billed above the agreed price.".into()),
                        paid_on: None,
                        total: "1252.83".into(),
                        currency: "EUR".into(),
                    },
                    purchase_order: OrderRef {
                        id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                        number: "4500012207".into(),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                };
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::DeliveryFailed => {
                let payload = DeliveryFailed {
                    reason: "dead_letter".into(),
                    delivery_id: Uuid::from_u128(0x0193_6f3a_2222_7000_8000_0000_0000_0001),
                    attempts: 8,
                    last_status: Some(503),
                    last_error: Some("HTTP 503".into()),
                    endpoint: FailedEndpoint {
                        id: Uuid::from_u128(0x0193_6f3a_3333_7000_8000_0000_0000_0001),
                        kind: "erp_webhook".into(),
                        url: "https://erp.example.com/portico/events".into(),
                        description: "ERP order intake".into(),
                    },
                    event: FailedEventRef {
                        id: Uuid::from_u128(0x0193_6f3a_1111_7000_8000_0000_0000_0002),
                        event_type: EventType::PurchaseOrderReceived.name().into(),
                        subject: "purchase-orders/01936f3a-0000-7000-8000-000000000001".into(),
                    },
                };
                let event = payload.event(tenant, Some("req-7f3a".into())).unwrap();
                event.envelope(id, at).unwrap()
            }
            EventType::ExceptionOpened | EventType::ExceptionResolved => {
                let exception = ExceptionPayload {
                    id: Uuid::from_u128(0x0193_6f3a_4444_7000_8000_0000_0000_0001),
                    kind: "invoice_mismatch".into(),
                    status: if t == EventType::ExceptionOpened {
                        "open"
                    } else {
                        "resolved"
                    }
                    .into(),
                    document: ExceptionDocument {
                        kind: "invoice".into(),
                        id: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                        number: "INV-2026-0042".into(),
                        line_number: None,
                    },
                    supplier: Some(SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    }),
                    opened_at: "2026-11-26T09:00:00Z".into(),
                    due_at: "2026-11-28T09:00:00Z".into(),
                };
                let event = if t == EventType::ExceptionOpened {
                    ExceptionOpened { exception }
                        .event(tenant, Some("req-7f3a".into()))
                        .unwrap()
                } else {
                    ExceptionResolved {
                        exception,
                        resolution: ResolutionPayload {
                            outcome: "accepted".into(),
                            note: Some("Price agreed by phone with Cascade.".into()),
                            resolved_at: "2026-11-26T10:00:00Z".into(),
                            resolved_by: Some(Uuid::from_u128(
                                0x0193_6f3a_5555_7000_8000_0000_0000_0001,
                            )),
                        },
                    }
                    .event(tenant, Some("req-7f3a".into()))
                    .unwrap()
                };
                event.envelope(id, at).unwrap()
            }
            EventType::SupplierDelayReported => {
                let payload = SupplierDelayReported {
                    report: DelayPayload {
                        id: Uuid::from_u128(0x0193_6f3a_6666_7000_8000_0000_0000_0001),
                        new_date: "2026-12-15".into(),
                        reason: "material".into(),
                        note: Some("Resin allocation cut by our supplier.".into()),
                        reported_at: "2026-11-26T10:00:00Z".into(),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    lines: vec![DelayedLinePayload {
                        purchase_order: OrderRef {
                            id: Uuid::from_u128(0x0193_6f3a_0000_7000_8000_0000_0000_0001),
                            number: "4500012207".into(),
                        },
                        line_number: 10,
                        buyer_item: "300-3100".into(),
                        unit_of_measure: "RL".into(),
                        open_quantity: "24".into(),
                        previous_date: "2026-12-01".into(),
                        new_date: "2026-12-15".into(),
                    }],
                };
                payload
                    .event(tenant, Some("req-7f3a".into()))
                    .unwrap()
                    .envelope(id, at)
                    .unwrap()
            }
            EventType::SupplierActivated => portico_core::events::SupplierActivated {
                supplier: SupplierRef {
                    id: supplier,
                    code: "CASC".into(),
                    name: "Cascade Packaging Co.".into(),
                },
                activated_by: "Nadia Brooks".into(),
                activated_at: "2026-11-26T09:30:00Z".into(),
            }
            .event(tenant, Some("req-7f3a".into()))
            .unwrap()
            .envelope(id, at)
            .unwrap(),
            EventType::SupplierProfileSubmitted => portico_core::events::SupplierProfileSubmitted {
                supplier: SupplierRef {
                    id: supplier,
                    code: "DLT".into(),
                    name: "Delta Labels".into(),
                },
                change: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                profile: serde_json::to_value(golden_profile()).unwrap(),
                submitted_by: "Dana Ortiz".into(),
                submitted_at: "2026-11-26T09:00:00Z".into(),
            }
            .event(tenant, Some("req-7f3a".into()))
            .unwrap()
            .envelope(id, at)
            .unwrap(),
            EventType::SupplierProfileReturned => portico_core::events::SupplierProfileReturned {
                supplier: SupplierRef {
                    id: supplier,
                    code: "DLT".into(),
                    name: "Delta Labels".into(),
                },
                change: Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0001),
                fields: vec!["legal_name".into(), "tax_id".into()],
                comment: "The VAT number belongs to another company; please check it.".into(),
                returned_by: "Nadia Brooks".into(),
                returned_at: "2026-11-26T09:30:00Z".into(),
            }
            .event(tenant, Some("req-7f3a".into()))
            .unwrap()
            .envelope(id, at)
            .unwrap(),
            EventType::SupplierProfileUpdated => {
                let profile = golden_profile();
                let mut before = profile.clone();
                before.legal_name = "Delta Labels Ltd".into();
                before.orders_contact = None;
                let fields = [
                    portico_domain::profile::ProfileField::LegalName,
                    portico_domain::profile::ProfileField::OrdersContact,
                ];
                portico_core::events::SupplierProfileUpdated {
                    supplier: SupplierRef {
                        id: supplier,
                        code: "DLT".into(),
                        name: "Delta Labels".into(),
                    },
                    version: 2,
                    changes: portico_domain::profile::field_changes(
                        Some(&before),
                        &profile,
                        &fields,
                    )
                    .into_iter()
                    .map(|c| portico_core::events::ProfileFieldChange {
                        field: c.field.code().into(),
                        old: c.old,
                        new: c.new,
                    })
                    .collect(),
                    change: Some(Uuid::from_u128(0x0193_6f3a_9999_7000_8000_0000_0000_0002)),
                    proposed_by: "Dana Ortiz".into(),
                    approved_by: Some("Nadia Brooks".into()),
                    updated_at: "2026-11-26T10:00:00Z".into(),
                }
                .event(tenant, Some("req-7f3a".into()))
                .unwrap()
                .envelope(id, at)
                .unwrap()
            }
            EventType::SupplierDocumentUploaded => {
                let payload = portico_core::events::SupplierDocumentUploaded {
                    document: portico_core::events::SupplierDocumentPayload {
                        id: Uuid::from_u128(0x0193_6f3a_8888_7000_8000_0000_0000_0001),
                        kind: "certificate".into(),
                        title: "FSC Chain of Custody certificate".into(),
                        issued_on: Some("2026-11-01".into()),
                        expires_on: Some("2031-10-31".into()),
                        file_name: "fsc-coc-2026.pdf".into(),
                        size_bytes: 184_322,
                        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                            .into(),
                        uploaded_by: "Carl Nguyen".into(),
                        uploaded_at: "2026-11-26T09:00:00Z".into(),
                        replaces: Some(Uuid::from_u128(0x0193_6f3a_8888_7000_8000_0000_0000_0000)),
                    },
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                };
                payload
                    .event(tenant, Some("req-7f3a".into()))
                    .unwrap()
                    .envelope(id, at)
                    .unwrap()
            }
            EventType::SupplierBankDetailsChangeRequested
            | EventType::SupplierBankDetailsChangeApproved
            | EventType::SupplierBankDetailsChangeRejected
            | EventType::SupplierBankDetailsChangeWithdrawn => {
                let payload = BankDetailsChange {
                    request: bank_request(t, 0x0193_6f3a_7777_7000_8000_0000_0000_0001),
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    account: BankAccountPayload {
                        holder: "Cascade Packaging Co.".into(),
                        iban: (t == EventType::SupplierBankDetailsChangeApproved)
                            .then(|| "NL91ABNA0417164300".to_owned()),
                        iban_masked: "NL91 •••• •••• ••43 00".into(),
                        bic: "ABNANL2A".into(),
                        bank_name: "ABN AMRO".into(),
                        country: "NL".into(),
                    },
                    previous_account: Some(BankAccountPayload {
                        holder: "Cascade Packaging Co.".into(),
                        iban: None,
                        iban_masked: "NL02 •••• •••• ••14 66".into(),
                        bic: "RABONL2U".into(),
                        bank_name: "Rabobank".into(),
                        country: "NL".into(),
                    }),
                };
                payload
                    .event(tenant, t, Some("req-7f3a".into()))
                    .unwrap()
                    .envelope(id, at)
                    .unwrap()
            }
            EventType::SupplierBankDetailsChangeRequestedV2
            | EventType::SupplierBankDetailsChangeApprovedV2
            | EventType::SupplierBankDetailsChangeRejectedV2
            | EventType::SupplierBankDetailsChangeWithdrawnV2 => {
                // A US supplier moving from its old bank (with a BIC) to a domestic account without one.
                let payload = BankDetailsChangeV2 {
                    request: bank_request(t, 0x0193_6f3a_7777_7000_8000_0000_0000_0002),
                    supplier: SupplierRef {
                        id: supplier,
                        code: "CASC".into(),
                        name: "Cascade Packaging Co.".into(),
                    },
                    account: BankAccountPayloadV2 {
                        holder: "Cascade Packaging Co.".into(),
                        scheme: "us_aba".into(),
                        country: "US".into(),
                        account_number: (t == EventType::SupplierBankDetailsChangeApprovedV2)
                            .then(|| "000456789012".to_owned()),
                        account_masked: "••••••••9012".into(),
                        routing_code: Some("021000021".into()),
                        bic: None,
                        bank_name: "JPMorgan Chase".into(),
                    },
                    previous_account: Some(BankAccountPayloadV2 {
                        holder: "Cascade Packaging Co.".into(),
                        scheme: "us_aba".into(),
                        country: "US".into(),
                        account_number: None,
                        account_masked: "•••••4321".into(),
                        routing_code: Some("121000358".into()),
                        bic: Some("BOFAUS3N".into()),
                        bank_name: "Bank of America".into(),
                    }),
                };
                payload
                    .event(tenant, t, Some("req-7f3a".into()))
                    .unwrap()
                    .envelope(id, at)
                    .unwrap()
            }
        };
        let text = serde_json::to_string_pretty(&envelope).unwrap() + "\n";
        let golden = repo()
            .join("core/tests/golden/events")
            .join(format!("{}.json", t.short_name()));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        assert_eq!(text, expected, "{} differs from its golden file", t.name());

        // The envelope carries every CloudEvents attribute and our extensions; the data follows the schema.
        let value: Value = serde_json::from_str(&text).unwrap();
        for attr in [
            "specversion",
            "id",
            "source",
            "type",
            "subject",
            "time",
            "datacontenttype",
            "dataschema",
            "correlationid",
            "partitionkey",
            "data",
        ] {
            assert!(value.get(attr).is_some(), "{}: {attr} missing", t.name());
        }
        assert_eq!(value["specversion"], "1.0");
        assert_eq!(value["type"], t.name());
        let mut problems = Vec::new();
        check(&schema_of(t), &value["data"], "data", &mut problems);
        assert!(problems.is_empty(), "{}: {problems:?}", t.name());
        // And the check itself catches a broken payload: a required property missing, an unknown one added.
        let mut broken = value["data"].clone();
        let required = schema_of(t)["required"][0].as_str().unwrap().to_owned();
        let object = broken.as_object_mut().unwrap();
        object.remove(&required);
        object.insert("unexpected".into(), Value::from(60));
        let mut found = Vec::new();
        check(&schema_of(t), &broken, "data", &mut found);
        assert_eq!(found.len(), 2, "{found:?}");
    }
}

#[tokio::test]
async fn events_are_written_in_the_transaction_of_the_change_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let db = &t.db;
        let b = t.label;
        seed::seed_demo(db).await.unwrap();
        let contoso = seed::seed_other_tenant(db).await.unwrap();
        let anna = portico_core::testing::sign_in(db, "anna@acme.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        let tenant = anna.user.workspace.tenant_id;

        // The demo's 60 orders arrived through the same path as any other: 60 received events, one per order.
        let events = portico_core::db::outbox::recent(db, tenant, 1000)
            .await
            .unwrap();
        assert_eq!(events.len(), 60, "{b}");
        let schema = schema_of(EventType::PurchaseOrderReceived);
        let mut subjects = std::collections::HashSet::new();
        for e in &events {
            let envelope: CloudEvent = serde_json::from_str(&e.envelope).unwrap();
            assert_eq!(envelope.id, e.id, "{b}");
            assert_eq!(envelope.source, format!("/tenants/{}", tenant.0), "{b}");
            let mut problems = Vec::new();
            check(&schema, &envelope.data, "data", &mut problems);
            assert!(problems.is_empty(), "{b}: {problems:?}");
            subjects.insert(envelope.subject.clone());
        }
        assert_eq!(subjects.len(), 60, "{b}: one event per order");
        // Contoso's events are its own: neither tenant's list shows the other's.
        let theirs = portico_core::db::outbox::recent(db, contoso, 1000)
            .await
            .unwrap();
        assert_eq!(theirs.len(), 2, "{b}");
        assert!(theirs.iter().all(|e| !subjects.contains(&e.subject)), "{b}");

        // A change that rolls back leaves no event behind; one that commits leaves exactly one.
        let currency = CurrencyCode::parse("USD").unwrap();
        let supplier = anna.user.workspace.supplier_id.unwrap();
        let sample_lines = lines();
        let mut po = sample(supplier, &sample_lines, &currency);
        po.id = PurchaseOrderId(Uuid::now_v7());
        po.number = "RB-1";
        let sref = || SupplierRef {
            id: supplier,
            code: "ACME".into(),
            name: "Acme Industrial Supply".into(),
        };
        let scope = Scope::tenant(tenant);
        let mut tx = db
            .write(&portico_core::db::Context::tenant(tenant))
            .await
            .unwrap();
        purchase_orders::receive(&mut tx, &scope, &po, sref(), Some("corr-1".into()))
            .await
            .unwrap();
        drop(tx);
        assert_eq!(
            portico_core::db::outbox::recent(db, tenant, 1000)
                .await
                .unwrap()
                .len(),
            60,
            "{b}: rolled back"
        );
        let mut tx = db
            .write(&portico_core::db::Context::tenant(tenant))
            .await
            .unwrap();
        let stored = purchase_orders::receive(&mut tx, &scope, &po, sref(), Some("corr-1".into()))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let after = portico_core::db::outbox::recent(db, tenant, 1000)
            .await
            .unwrap();
        assert_eq!(after.len(), 61, "{b}");
        assert_eq!(after[0].id, stored.id, "{b}: newest first");
        assert_eq!(stored.correlationid.as_deref(), Some("corr-1"), "{b}");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn each_event_gets_a_delivery_per_subscribed_endpoint_of_its_own_tenant_on_every_backend() {
    use portico_core::services::webhooks;
    for t in TestDb::all().await.expect("test databases") {
        let db = &t.db;
        let b = t.label;
        seed::seed_demo(db).await.unwrap();
        seed::seed_other_tenant(db).await.unwrap();
        let meta = portico_core::audit::RequestMeta::default();
        let admin =
            portico_core::testing::sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
                .await
                .unwrap();
        let buyer =
            portico_core::testing::sign_in(db, "buyer@northwind.example", seed::DEMO_PASSWORD)
                .await
                .unwrap();
        let tenant = admin.user.workspace.tenant_id;

        // Only buyer administrators add endpoints; addresses and type filters are checked, naming the field.
        let url = "https://erp.example.com/portico";
        assert!(
            matches!(
                webhooks::add_endpoint(db, &meta, &buyer.user, url, "*", "", false).await,
                Err(portico_core::CoreError::Forbidden)
            ),
            "{b}"
        );
        for (bad_url, types, field) in [
            ("http://erp.example.com/", "*", "url"),
            ("https://10.0.0.5/hook", "*", "url"),
            ("https://erp.example.com/", "", "event_types"),
            (
                "https://erp.example.com/",
                "org.portico.nothing.v1",
                "event_types",
            ),
        ] {
            match webhooks::add_endpoint(db, &meta, &admin.user, bad_url, types, "", false).await {
                Err(portico_core::CoreError::Validation { field: f, .. }) => {
                    assert_eq!(f, field, "{b}: {bad_url} {types}")
                }
                other => panic!("{b}: {bad_url} {types}: {other:?}"),
            }
        }
        let all = webhooks::add_endpoint(db, &meta, &admin.user, url, "*", "", false)
            .await
            .unwrap();
        assert!(all.secret.starts_with("whsec_"), "{b}");
        webhooks::add_endpoint(
            db,
            &meta,
            &admin.user,
            "https://other.example.com/",
            "org.portico.invoice.submitted.v9",
            "",
            false,
        )
        .await
        .expect_err("unknown version refused");
        let received = webhooks::add_endpoint(
            db,
            &meta,
            &admin.user,
            "https://wms.example.com/in",
            "org.portico.purchase_order.received.v1",
            "",
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            portico_core::db::webhooks::endpoints(db, tenant)
                .await
                .unwrap()
                .len(),
            2,
            "{b}"
        );

        // A new order: one event, one pending delivery per matching endpoint, due now; the other tenant's outbox
        // and deliveries are untouched.
        let currency = CurrencyCode::parse("USD").unwrap();
        let supplier = SupplierId(
            portico_core::testing::sign_in(db, "anna@acme.example", seed::DEMO_PASSWORD)
                .await
                .unwrap()
                .user
                .workspace
                .supplier_id
                .unwrap()
                .0,
        );
        let sample_lines = lines();
        let mut po = sample(supplier, &sample_lines, &currency);
        po.id = PurchaseOrderId(Uuid::now_v7());
        po.number = "WH-1";
        let sref = SupplierRef {
            id: supplier,
            code: "ACME".into(),
            name: "Acme Industrial Supply".into(),
        };
        let mut tx = db
            .write(&portico_core::db::Context::tenant(tenant))
            .await
            .unwrap();
        let event = purchase_orders::receive(&mut tx, &Scope::tenant(tenant), &po, sref, None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let deliveries = portico_core::db::webhooks::deliveries(db, tenant, 100)
            .await
            .unwrap();
        assert_eq!(deliveries.len(), 2, "{b}");
        assert!(
            deliveries
                .iter()
                .all(|d| d.event_id == event.id && d.status == "pending" && d.attempts == 0),
            "{b}"
        );
        let mut endpoints: Vec<Uuid> = deliveries.iter().map(|d| d.endpoint_id).collect();
        endpoints.sort();
        let mut expected = vec![all.id, received.id];
        expected.sort();
        assert_eq!(endpoints, expected, "{b}");
        let contoso = portico_core::testing::sign_in(
            db,
            seed::OTHER_TENANT_ACCOUNTS[0].email,
            seed::DEMO_PASSWORD,
        )
        .await
        .unwrap();
        assert!(
            portico_core::db::webhooks::deliveries(db, contoso.user.workspace.tenant_id, 100)
                .await
                .unwrap()
                .is_empty(),
            "{b}"
        );
        t.cleanup().await;
    }
}

/// The profile the golden files of the profile events carry.
fn golden_profile() -> portico_domain::profile::Profile {
    use portico_domain::profile::{AddressInput, ContactInput, ProfileInput};
    let address = |line1: &str| AddressInput {
        line1: line1.into(),
        postal_code: "10115".into(),
        city: "Berlin".into(),
        country: "DE".into(),
        ..Default::default()
    };
    ProfileInput {
        legal_name: "Delta Labels GmbH".into(),
        ordering: address("Invalidenstraße 1"),
        remit_to: address("Postfach 12 34"),
        tax_scheme: "eu_vat".into(),
        tax_id: "DE136695976".into(),
        gs1_prefix: "4012345".into(),
        edi_capability: "x12".into(),
        language: "de".into(),
        orders: ContactInput {
            name: "Dana Ortiz".into(),
            email: "orders@delta.example".into(),
            phone: "+49 30 1234567".into(),
        },
        invoicing: ContactInput {
            name: "Ivo Berg".into(),
            email: "ap@delta.example".into(),
            phone: String::new(),
        },
        ..Default::default()
    }
    .parse(|l| l == "de" || l == "en")
    .expect("the golden profile is valid")
}
