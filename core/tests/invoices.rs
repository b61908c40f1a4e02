//! Invoices on every backend: flipped from a ship notice, checked by field (over-invoicing, a used number), matched
//! or sent to the buyer by the preview's verdict with one event each; the same form twice stores one invoice; the
//! buyer disputes with a reason the supplier reads, approves and marks paid, each with its event; other
//! organisations and suppliers see nothing.

use portico_core::audit::RequestMeta;
use portico_core::services::erp_api::ApiClient;
use portico_core::services::invoices::StatusChange;
use portico_core::services::receipts::{self, ReceiptInput, ReceiptLineInput};
use portico_core::services::{acknowledgements, invoices, purchase_orders, ship_notices};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::{AckForm, FieldError};
use portico_domain::invoicing::{ChargeForm, InvoiceForm, InvoiceStatus, LineMatch};
use portico_domain::shipping::HeaderInput;
use portico_domain::{CurrentUser, InboxFilter};
use rust_decimal::Decimal;

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[tokio::test]
async fn invoices_flip_a_notice_match_and_are_decided_by_the_buyer_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let ivan = user(&t.db, "sales@acme-contoso.example").await;
        let olga = user(&t.db, "buyer@contoso.example").await;
        // An order of 5 rolls at 42, acknowledged, shipped in full; 4 received.
        receive_orders(&t.db, demo.northwind, demo.northwind_supplier, "INV", 1)
            .await
            .unwrap();
        let scope = Scope::of(&anna.workspace);
        let filter = InboxFilter::parse(None, Some("INV-0"), None, None).unwrap();
        let order = purchase_orders::list(&t.db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;
        let po = purchase_orders::get(&t.db, &scope, order).await.unwrap();
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "inv-t1".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, order, &accept)
            .await
            .unwrap();
        let notice = ship_notices::start(&t.db, &meta, &anna, order)
            .await
            .unwrap()
            .unwrap();
        let header = HeaderInput {
            shipped_on: time::OffsetDateTime::now_utc().date().to_string(),
            carrier_scac: "DHLX".into(),
            ..HeaderInput::default()
        };
        ship_notices::save(&t.db, &anna, notice, &header, &["5".into()])
            .await
            .unwrap()
            .unwrap();
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, notice)
            .await
            .unwrap()
            .unwrap();
        let number = ship_notices::view(&t.db, &anna, notice)
            .await
            .unwrap()
            .number;
        let northwind = ApiClient {
            tenant: demo.northwind,
            key_id: None,
        };
        receipts::record(
            &t.db,
            &meta,
            &northwind,
            &ReceiptInput {
                reference: "GR-INV-1".into(),
                ship_notice: Some(number),
                received_on: time::OffsetDateTime::now_utc().date().to_string(),
                lines: vec![ReceiptLineInput {
                    purchase_order: "INV-0".into(),
                    line_number: 10,
                    received_quantity: "4".into(),
                    rejected_quantity: Some("1".into()),
                    reject_reason: Some("damaged".into()),
                }],
            },
        )
        .await
        .unwrap();

        // The flip: the notice's quantity and the order's price.
        let start = invoices::start(&t.db, &anna, order, Some(notice))
            .await
            .unwrap();
        assert_eq!(start.form.lines[0].quantity, "5", "{b}");
        assert_eq!(start.form.lines[0].unit_price, "42", "{b}");
        assert_eq!(start.basis[0].received, Some(d("4")), "{b}");
        assert!(
            matches!(
                invoices::start(&t.db, &buyer, order, None).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        assert!(
            matches!(
                invoices::start(&t.db, &ivan, order, None).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );

        // The preview flags the dearer line and more than was received; nothing is stored.
        let mut form = InvoiceForm {
            number: "INV-1".into(),
            ..start.form.clone()
        };
        form.lines[0].unit_price = "43".into();
        let (_, preview) = invoices::preview(&t.db, &anna, order, &form)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(preview[0].outcome, LineMatch::PriceOver, "{b}");
        form.lines[0].unit_price = "42".into();
        let (_, preview) = invoices::preview(&t.db, &anna, order, &form)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(preview[0].outcome, LineMatch::QuantityOverReceived, "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM invoices").await,
            0,
            "{b}"
        );

        // Over-invoicing is refused by field.
        form.lines[0].quantity = "6".into();
        let e = invoices::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            order,
            Some(notice),
            &form,
            "f-1",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("line-10-quantity", "inv-error-over-quantity")],
            "{b}"
        );

        // Four at the order price with 19 % tax and freight: matched at once, one event.
        form.lines[0].quantity = "4".into();
        form.lines[0].tax_rate = "19".into();
        form.charges = vec![ChargeForm {
            kind: "freight".into(),
            amount: "10.00".into(),
            description: "Parcel".into(),
            tax_rate: "19".into(),
        }];
        let first = invoices::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            order,
            Some(notice),
            &form,
            "f-1",
        )
        .await
        .unwrap()
        .unwrap();
        let again = invoices::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            order,
            Some(notice),
            &form,
            "f-1",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(first, again, "{b}: the same form stores one invoice");
        let view = invoices::view(&t.db, &anna, first).await.unwrap();
        assert_eq!(view.status, InvoiceStatus::Matched, "{b}");
        // 4 × 42 = 168 + 10 freight = 178; 19 % = 33.82; total 211.82.
        assert_eq!(
            (view.totals.lines, view.totals.tax, view.totals.total),
            (d("168"), d("33.82"), d("211.82")),
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.invoice.submitted.v1'").await,
            1,
            "{b}"
        );
        // The number is the supplier's once, in any case.
        let mut dup = InvoiceForm {
            number: "inv-1".into(),
            ..form.clone()
        };
        dup.lines[0].quantity = "1".into();
        let e = invoices::submit(&t.db, &meta, PORTAL, &anna, order, None, &dup, "f-2")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(fields(&e), vec![("number", "inv-error-duplicate")], "{b}");

        // The last one at a higher price: sent to the buyer.
        let mut dearer = InvoiceForm {
            number: "INV-2".into(),
            ..form.clone()
        };
        dearer.charges.clear();
        dearer.lines[0].quantity = "1".into();
        dearer.lines[0].unit_price = "45".into();
        let second = invoices::submit(&t.db, &meta, PORTAL, &anna, order, None, &dearer, "f-3")
            .await
            .unwrap()
            .unwrap();
        let view = invoices::view(&t.db, &buyer, second).await.unwrap();
        assert_eq!(view.status, InvoiceStatus::Submitted, "{b}");
        assert_eq!(view.lines[0].outcome, "price_over", "{b}");
        assert_eq!(
            view.next,
            vec![InvoiceStatus::Disputed, InvoiceStatus::Approved],
            "{b}"
        );
        // Nothing more may be invoiced.
        let e = invoices::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            order,
            None,
            &InvoiceForm {
                number: "INV-3".into(),
                ..dearer.clone()
            },
            "f-4",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            e[0].args,
            vec![("allowed".to_owned(), "0".to_owned())],
            "{b}"
        );

        // The buyer disputes (a reason is needed), the supplier reads it; then approves and pays.
        assert!(
            matches!(
                invoices::set_status(
                    &t.db,
                    &meta,
                    PORTAL,
                    &anna,
                    second,
                    &StatusChange::to("approved")
                )
                .await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        let e = invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange {
                status: "disputed",
                reason: "  ",
                paid_on: "",
            },
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&e), vec![("reason", "inv-error-reason")], "{b}");
        invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange {
                status: "disputed",
                reason: "45 is above the agreed 42.",
                paid_on: "",
            },
        )
        .await
        .unwrap()
        .unwrap();
        let seen = invoices::view(&t.db, &anna, second).await.unwrap();
        assert_eq!(seen.status, InvoiceStatus::Disputed, "{b}");
        assert_eq!(
            seen.dispute_reason.as_deref(),
            Some("45 is above the agreed 42."),
            "{b}"
        );
        assert!(seen.next.is_empty(), "{b}: suppliers do not decide");
        let e = invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange {
                status: "paid",
                reason: "",
                paid_on: &time::OffsetDateTime::now_utc().date().to_string(),
            },
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&e), vec![("status", "inv-error-transition")], "{b}");
        invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange::to("approved"),
        )
        .await
        .unwrap()
        .unwrap();
        let e = invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange {
                status: "paid",
                reason: "",
                paid_on: "soon",
            },
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&e), vec![("paid_on", "inv-error-date")], "{b}");
        let today = time::OffsetDateTime::now_utc().date();
        invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            second,
            &StatusChange {
                status: "paid",
                reason: "",
                paid_on: &today.to_string(),
            },
        )
        .await
        .unwrap()
        .unwrap();
        let paid = invoices::view(&t.db, &anna, second).await.unwrap();
        assert_eq!(
            (paid.status, paid.paid_on),
            (InvoiceStatus::Paid, Some(today)),
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.invoice.status_changed.v1'").await,
            3,
            "{b}"
        );

        // Other organisations and suppliers see nothing.
        assert!(
            matches!(
                invoices::view(&t.db, &ivan, first).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        assert!(
            matches!(
                invoices::view(&t.db, &olga, first).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        assert!(
            invoices::list(&t.db, &olga).await.unwrap().is_empty(),
            "{b}"
        );
        assert_eq!(invoices::list(&t.db, &anna).await.unwrap().len(), 2, "{b}");
        t.cleanup().await;
    }
}
