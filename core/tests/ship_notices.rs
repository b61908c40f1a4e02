//! Ship notices on every backend: an order ships once acknowledged, part of it in labelled cartons; every mistake
//! comes back by field and saves nothing; submitting writes the notice, its event (readable as an 856) and the
//! order's new status together; the tolerance lets a line ship a little more; corrections and cancellations emit
//! their events; other suppliers and the buyer's side stay out of a supplier's drafts.

use portico_core::audit::RequestMeta;
use portico_core::edi::outbound;
use portico_core::events::ShipNoticeEvent;
use portico_core::services::erp_api::ApiClient;
use portico_core::services::receipts::{self, ReceiptInput, ReceiptLineInput};
use portico_core::services::{
    acknowledgements, packing, purchase_orders, ship_notices, shipping_settings,
};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::{AckForm, FieldError};
use portico_domain::documents::PackageKind;
use portico_domain::shipping::{HeaderInput, NoticeStatus};
use portico_domain::{CurrentUser, InboxFilter, PoStatus, PurchaseOrderId};
use rust_decimal::Decimal;

const PORTAL: &str = "http://portal.test";

fn x12_profile() -> portico_domain::edi::EdiProfile {
    portico_domain::edi::EdiProfile::parse(&portico_domain::edi::EdiProfileInput {
        standard: "x12".into(),
        supplier_qualifier: "ZZ".into(),
        supplier_code: "ACMESUPPLY".into(),
        buyer_qualifier: "ZZ".into(),
        buyer_code: "NORTHWINDEDI".into(),
        element_separator: "*".into(),
        component_separator: ">".into(),
        segment_terminator: "~".into(),
        test: true,
        outbound_dir: String::new(),
        enabled: true,
    })
    .unwrap()
}

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

fn header() -> HeaderInput {
    HeaderInput {
        shipped_on: time::OffsetDateTime::now_utc().date().to_string(),
        expected_delivery: String::new(),
        carrier_scac: "UPSN".into(),
        service_level: "Ground".into(),
        tracking_number: "1Z999AA10123456784".into(),
        bill_of_lading: String::new(),
        gross_weight_kg: "12.5".into(),
    }
}

/// The stored events of a notice: `(type, data)`, oldest first.
async fn notice_events(owner: &Db, notice: uuid::Uuid) -> Vec<(String, serde_json::Value)> {
    let rows: Vec<(String, String)> = on_db!(owner, pool => sqlx::query_as(
        "SELECT event_type, envelope FROM outbox_events WHERE subject = $1 ORDER BY created_at, id")
        .bind(format!("ship-notices/{notice}"))
        .fetch_all(pool).await)
    .unwrap();
    rows.into_iter()
        .map(|(t, e)| {
            (
                t,
                serde_json::from_str::<serde_json::Value>(&e).unwrap()["data"].clone(),
            )
        })
        .collect()
}

async fn order_status(db: &Db, who: &CurrentUser, order: PurchaseOrderId) -> PoStatus {
    purchase_orders::get(db, &Scope::of(&who.workspace), order)
        .await
        .unwrap()
        .status
}

#[tokio::test]
async fn an_order_ships_in_labelled_cartons_with_one_event_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let sam = user(&t.db, "sam@acme.example").await;
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let ivan = user(&t.db, "sales@acme-contoso.example").await;
        receive_orders(&t.db, demo.northwind, demo.northwind_supplier, "SHIP", 1)
            .await
            .unwrap();
        let scope = Scope::of(&anna.workspace);
        let filter = InboxFilter::parse(None, Some("SHIP-0"), None, None).unwrap();
        let order = purchase_orders::list(&t.db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;

        // Not acknowledged: it does not ship (the buyer allows no early shipping).
        let e = ship_notices::start(&t.db, &meta, &anna, order)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("order", "ship-error-not-shippable")],
            "{b}"
        );
        assert!(
            matches!(
                ship_notices::start(&t.db, &meta, &buyer, order).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        let po = purchase_orders::get(&t.db, &scope, order).await.unwrap();
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "ship-t1".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, order, &accept)
            .await
            .unwrap();
        assert_eq!(
            order_status(&t.db, &anna, order).await,
            PoStatus::Acknowledged,
            "{b}"
        );

        // A draft: the open line at its open quantity (5).
        let id = ship_notices::start(&t.db, &meta, &sam, order)
            .await
            .unwrap()
            .unwrap();
        let view = ship_notices::view(&t.db, &anna, id).await.unwrap();
        assert_eq!(view.status, NoticeStatus::Draft, "{b}");
        assert_eq!(view.lines[0].quantity, Decimal::from(5), "{b}");
        assert!(view.number.starts_with("ASN-ACME-"), "{b}: {}", view.number);
        // The buyer and another supplier do not see a draft.
        assert!(
            matches!(
                ship_notices::view(&t.db, &buyer, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        assert!(
            matches!(
                ship_notices::view(&t.db, &ivan, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        assert!(
            matches!(
                packing::add_package(&t.db, &ivan, id, PackageKind::Carton, None).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );

        // Every mistake at once, nothing saved.
        let bad = HeaderInput {
            carrier_scac: "U".into(),
            gross_weight_kg: "heavy".into(),
            ..header()
        };
        let e = ship_notices::save(&t.db, &anna, id, &bad, &["6".into()])
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("carrier_scac", "ship-error-scac"),
                ("gross_weight_kg", "ship-error-weight"),
                ("line-0", "ship-error-over")
            ],
            "{b}"
        );
        assert_eq!(
            ship_notices::view(&t.db, &anna, id)
                .await
                .unwrap()
                .header
                .carrier_scac,
            "",
            "{b}"
        );
        ship_notices::save(&t.db, &anna, id, &header(), &["3".into()])
            .await
            .unwrap()
            .unwrap();

        // Packages number from the supplier's GS1 prefix (the demo's is set); only its administrator changes it.
        assert!(
            matches!(
                shipping_settings::save_label_settings(&t.db, &meta, &sam, "0614141", "1").await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        assert_eq!(
            shipping_settings::save_label_settings(&t.db, &meta, &anna, "06141", "1")
                .await
                .unwrap()
                .unwrap_err()
                .field,
            "company_prefix",
            "{b}"
        );
        shipping_settings::save_label_settings(&t.db, &meta, &anna, "0614141", "1")
            .await
            .unwrap()
            .unwrap();

        let carton = packing::add_package(&t.db, &anna, id, PackageKind::Carton, None)
            .await
            .unwrap()
            .unwrap();
        packing::pack(&t.db, &anna, id, carton, 0, "2")
            .await
            .unwrap()
            .unwrap();
        let e = packing::pack(&t.db, &anna, id, carton, 0, "1.5")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("quantity", "ship-error-pack-over")],
            "{b}"
        );
        let pallet = packing::add_package(&t.db, &anna, id, PackageKind::Pallet, None)
            .await
            .unwrap()
            .unwrap();
        let on_pallet = packing::add_package(&t.db, &anna, id, PackageKind::Carton, Some(pallet))
            .await
            .unwrap()
            .unwrap();
        let view = ship_notices::view(&t.db, &anna, id).await.unwrap();
        let ssccs: Vec<_> = view.packages.iter().map(|p| p.sscc.clone()).collect();
        assert_eq!(ssccs.len(), 3, "{b}");
        for s in &ssccs {
            assert!(
                portico_domain::documents::Sscc::parse(s).is_ok(),
                "{b}: {s}"
            );
            assert!(s.starts_with("10614141"), "{b}: {s}");
        }
        assert_eq!(
            view.packages
                .iter()
                .find(|p| p.id == on_pallet)
                .unwrap()
                .parent,
            Some(pallet),
            "{b}"
        );
        // The buyer's ERP does not see a notice never sent.
        let erp = ApiClient {
            tenant: demo.northwind,
            key_id: None,
        };
        assert!(
            matches!(
                ship_notices::by_api(&t.db, &erp, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        // An empty pallet stops the submission; nothing is sent.
        let e = ship_notices::submit(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("packages", "ship-error-empty-package")],
            "{b}"
        );
        assert!(notice_events(&t.owner, id).await.is_empty(), "{b}");
        packing::remove_package(&t.db, &anna, id, pallet)
            .await
            .unwrap();
        assert_eq!(
            ship_notices::view(&t.db, &anna, id)
                .await
                .unwrap()
                .packages
                .len(),
            1,
            "{b}: the carton on it went too"
        );
        // Less than is packed cannot ship.
        let e = ship_notices::save(&t.db, &anna, id, &header(), &["1".into()])
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("line-0", "ship-error-below-packed")],
            "{b}"
        );

        ship_notices::submit(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
            .unwrap();
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            order_status(&t.db, &anna, order).await,
            PoStatus::PartiallyShipped,
            "{b}"
        );
        let events = notice_events(&t.owner, id).await;
        assert_eq!(events.len(), 1, "{b}: one event for a double click");
        assert_eq!(events[0].0, "org.portico.ship_notice.submitted.v1", "{b}");
        let payload: ShipNoticeEvent = serde_json::from_value(events[0].1.clone()).unwrap();
        // The ERP reads the notice as its event carried it; another organisation does not find it.
        assert_eq!(
            ship_notices::by_api(&t.db, &erp, id).await.unwrap(),
            payload,
            "{b}"
        );
        let other = ApiClient {
            tenant: demo.contoso,
            key_id: None,
        };
        assert!(
            matches!(
                ship_notices::by_api(&t.db, &other, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        let document = payload.document().unwrap();
        assert_eq!(document.orders[0].packages.len(), 1, "{b}");
        assert_eq!(
            document.orders[0].packages[0].items[0].quantity,
            Decimal::from(2),
            "{b}"
        );
        assert_eq!(
            document.orders[0].loose[0].quantity,
            Decimal::from(1),
            "{b}"
        );
        let profile = x12_profile();
        let env = outbound::Envelope {
            profile: &profile,
            interchange: 1,
            group: 1,
            now: time::OffsetDateTime::now_utc(),
        };
        let x12 = portico_edi::x12::write(&outbound::x12_856(&document, &env)).unwrap();
        assert!(x12.contains(&format!("MAN*GM*{}", ssccs[0])), "{b}: {x12}");
        // The buyer now sees it; Contoso's people do not.
        assert_eq!(
            ship_notices::view(&t.db, &buyer, id).await.unwrap().status,
            NoticeStatus::Submitted,
            "{b}"
        );
        assert!(
            ship_notices::list(&t.db, &buyer)
                .await
                .unwrap()
                .iter()
                .any(|n| n.id == id),
            "{b}"
        );
        let olga = user(&t.db, "buyer@contoso.example").await;
        assert!(
            !ship_notices::list(&t.db, &olga)
                .await
                .unwrap()
                .iter()
                .any(|n| n.id == id),
            "{b}"
        );

        // A second notice: 2 open; with the buyer's 50 % tolerance up to 4.5.
        let second = ship_notices::start(&t.db, &meta, &anna, order)
            .await
            .unwrap()
            .unwrap();
        let e = ship_notices::save(&t.db, &anna, second, &header(), &["2.5".into()])
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            e[0].args,
            vec![("allowed".to_owned(), "2".to_owned())],
            "{b}"
        );
        assert!(
            matches!(
                shipping_settings::save_policy(&t.db, &meta, &buyer, "50", false).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        shipping_settings::save_policy(&t.db, &meta, &admin, "50", false)
            .await
            .unwrap()
            .unwrap();
        ship_notices::save(&t.db, &anna, second, &header(), &["4.5".into()])
            .await
            .unwrap()
            .unwrap();
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, second)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            order_status(&t.db, &anna, order).await,
            PoStatus::Shipped,
            "{b}"
        );

        // The first is corrected (revision 2), the second cancelled: the order is partly shipped again.
        ship_notices::correct(&t.db, &anna, id).await.unwrap();
        ship_notices::save(&t.db, &anna, id, &header(), &["2".into()])
            .await
            .unwrap()
            .unwrap();
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
            .unwrap();
        ship_notices::cancel(&t.db, &meta, &anna, second)
            .await
            .unwrap();
        assert_eq!(
            order_status(&t.db, &anna, order).await,
            PoStatus::PartiallyShipped,
            "{b}"
        );
        let events = notice_events(&t.owner, id).await;
        assert_eq!(
            events.last().unwrap().0,
            "org.portico.ship_notice.corrected.v1",
            "{b}"
        );
        assert_eq!(
            events.last().unwrap().1["ship_notice"]["revision"],
            2,
            "{b}"
        );
        let cancelled = notice_events(&t.owner, second).await;
        assert_eq!(
            cancelled.last().unwrap().0,
            "org.portico.ship_notice.cancelled.v1",
            "{b}"
        );
        assert!(
            matches!(
                ship_notices::discard(&t.db, &anna, second).await,
                Err(CoreError::Conflict(_))
            ),
            "{b}"
        );

        // A draft may be thrown away.
        let third = ship_notices::start(&t.db, &meta, &anna, order)
            .await
            .unwrap()
            .unwrap();
        ship_notices::discard(&t.db, &anna, third).await.unwrap();
        assert!(
            matches!(
                ship_notices::view(&t.db, &anna, third).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        t.cleanup().await;
    }
}

fn receipt(reference: &str, notice: Option<&str>, lines: Vec<ReceiptLineInput>) -> ReceiptInput {
    ReceiptInput {
        reference: reference.into(),
        ship_notice: notice.map(str::to_owned),
        received_on: time::OffsetDateTime::now_utc().date().to_string(),
        lines,
    }
}

fn received(
    order: &str,
    line: i32,
    quantity: &str,
    rejected: Option<&str>,
    reason: Option<&str>,
) -> ReceiptLineInput {
    ReceiptLineInput {
        purchase_order: order.into(),
        line_number: line,
        received_quantity: quantity.into(),
        rejected_quantity: rejected.map(str::to_owned),
        reject_reason: reason.map(str::to_owned),
    }
}

fn field_of(e: CoreError) -> (String, String) {
    match e {
        CoreError::Validation { field, message } => (field, message),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[tokio::test]
async fn receipts_close_the_notice_and_are_recorded_once_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let olga = user(&t.db, "buyer@contoso.example").await;
        let ivan = user(&t.db, "sales@acme-contoso.example").await;
        receive_orders(&t.db, demo.northwind, demo.northwind_supplier, "RCV", 1)
            .await
            .unwrap();
        let scope = Scope::of(&anna.workspace);
        let filter = InboxFilter::parse(None, Some("RCV-0"), None, None).unwrap();
        let order = purchase_orders::list(&t.db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;
        let po = purchase_orders::get(&t.db, &scope, order).await.unwrap();
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "rcv-t1".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, order, &accept)
            .await
            .unwrap();
        let id = ship_notices::start(&t.db, &meta, &anna, order)
            .await
            .unwrap()
            .unwrap();
        ship_notices::save(&t.db, &anna, id, &header(), &["5".into()])
            .await
            .unwrap()
            .unwrap();
        let draft_number = ship_notices::view(&t.db, &anna, id).await.unwrap().number;
        let northwind = ApiClient {
            tenant: demo.northwind,
            key_id: None,
        };
        let contoso = ApiClient {
            tenant: demo.contoso,
            key_id: None,
        };

        // A draft is not received; mistakes are named by field and store nothing.
        let e = receipts::record(
            &t.db,
            &meta,
            &northwind,
            &receipt(
                "GR-1",
                Some(&draft_number),
                vec![received("RCV-0", 10, "5", None, None)],
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(
            field_of(e),
            ("ship_notice".into(), "api-notice-not-submitted".into()),
            "{b}"
        );
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
            .unwrap();
        for (line, expected) in [
            (
                received("RCV-0", 10, "4", Some("1"), None),
                ("lines[0].reject_reason", "api-reject-reason-required"),
            ),
            (
                received("RCV-0", 10, "4", Some("1"), Some("broken")),
                ("lines[0].reject_reason", "api-reject-reason-invalid"),
            ),
            (
                received("RCV-0", 10, "-1", None, None),
                ("lines[0].received_quantity", "api-quantity-negative"),
            ),
            (
                received("RCV-0", 10, "0", None, None),
                ("lines[0].received_quantity", "api-receipt-nothing"),
            ),
            (
                received("RCV-0", 20, "1", None, None),
                ("lines[0].line_number", "api-line-unknown"),
            ),
            (
                received("NOPE-1", 10, "1", None, None),
                ("lines[0].purchase_order", "api-po-unknown"),
            ),
        ] {
            let e = receipts::record(
                &t.db,
                &meta,
                &northwind,
                &receipt("GR-1", Some(&draft_number), vec![line]),
            )
            .await
            .unwrap_err();
            let (f, m) = field_of(e);
            assert_eq!((f.as_str(), m.as_str()), expected, "{b}");
        }
        // Another organisation's key does not find the notice or the order.
        let e = receipts::record(
            &t.db,
            &meta,
            &contoso,
            &receipt(
                "GR-1",
                Some(&draft_number),
                vec![received("RCV-0", 10, "5", None, None)],
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(field_of(e).1, "api-notice-unknown", "{b}");
        assert!(
            receipts::of_order(&t.db, &anna, order)
                .await
                .unwrap()
                .is_empty(),
            "{b}"
        );

        let input = receipt(
            "GR-1",
            Some(&draft_number),
            vec![received("RCV-0", 10, "4", Some("1"), Some("damaged"))],
        );
        let first = receipts::record(&t.db, &meta, &northwind, &input)
            .await
            .unwrap();
        assert!(!first.replayed, "{b}");
        assert_eq!(first.body.lines[0].rejected_quantity, "1", "{b}");
        let again = receipts::record(&t.db, &meta, &northwind, &input)
            .await
            .unwrap();
        assert!(again.replayed, "{b}");
        assert_eq!(again.body, first.body, "{b}");
        let changed = receipt(
            "GR-1",
            Some(&draft_number),
            vec![received("RCV-0", 10, "5", None, None)],
        );
        assert!(
            matches!(receipts::record(&t.db, &meta, &northwind, &changed).await, Err(CoreError::Conflict(c)) if c == "api-receipt-reference-reused"),
            "{b}"
        );
        let events: i64 = on_db!(&t.owner, pool => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.receipt.recorded.v1'").fetch_one(pool).await).unwrap();
        assert_eq!(events, 1, "{b}: one event for the same receipt twice");

        // The notice is received: no correction or cancellation any more. The supplier sees the receipt; others not.
        assert_eq!(
            ship_notices::view(&t.db, &anna, id).await.unwrap().status,
            NoticeStatus::Received,
            "{b}"
        );
        assert!(
            matches!(
                ship_notices::cancel(&t.db, &meta, &anna, id).await,
                Err(CoreError::Conflict(_))
            ),
            "{b}"
        );
        assert!(
            matches!(
                ship_notices::correct(&t.db, &anna, id).await,
                Err(CoreError::Conflict(_))
            ),
            "{b}"
        );
        let seen = receipts::of_order(&t.db, &anna, order).await.unwrap();
        assert_eq!(seen.len(), 1, "{b}");
        assert_eq!(
            seen[0].lines[0].reject_reason.as_deref(),
            Some("damaged"),
            "{b}"
        );
        assert_eq!(
            receipts::of_notice(&t.db, &anna, id).await.unwrap().len(),
            1,
            "{b}"
        );
        assert!(
            receipts::of_order(&t.db, &ivan, order)
                .await
                .unwrap()
                .is_empty(),
            "{b}"
        );
        assert!(
            receipts::of_order(&t.db, &olga, order)
                .await
                .unwrap()
                .is_empty(),
            "{b}"
        );
        // A receipt against order lines alone.
        let plain = receipts::record(
            &t.db,
            &meta,
            &northwind,
            &receipt("GR-2", None, vec![received("RCV-0", 10, "1", None, None)]),
        )
        .await
        .unwrap();
        assert!(plain.body.receipt.ship_notice.is_none(), "{b}");
        assert_eq!(
            receipts::of_order(&t.db, &anna, order).await.unwrap().len(),
            2,
            "{b}"
        );
        t.cleanup().await;
    }
}
