//! Scorecards against a hand-worked week on every backend. Two orders of Acme for Northwind, five rolls each,
//! arrive and are answered in the week of Monday 3 March 2025 (the first after 5 hours, the second after 74 — past
//! the 48-hour deadline), both promised for that Monday; the first is shipped with a notice the day before and
//! received in full that day, the second shipped with a notice sent a day after three of its rolls arrived. The first
//! is invoiced at the order's price (matched), the second at a higher price for the three (a mismatch). By hand:
//! turnaround median (5 + 74) / 2 = 39.5 h; on-time answers 1/2; OTIF 1/2; fill (5 + 3) / 10 = 80 %; notices before
//! arrival 1/2; first-pass invoices 1/2; price accuracy 1/2; no changes. The week before has no data at all, and
//! storing the days twice, or reading them live, gives the same scorecard.

use portico_core::audit::RequestMeta;
use portico_core::db::Context;
use portico_core::services::erp_api::ApiClient;
use portico_core::services::receipts::{self, ReceiptInput, ReceiptLineInput};
use portico_core::services::{
    acknowledgements, exceptions, invoices, purchase_orders, scorecards, ship_notices,
};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::CoreError;
use portico_core::{on_db, seed, Db, Scope};
use portico_domain::acknowledgement::AckForm;
use portico_domain::exceptions::{ExceptionFilter, ExceptionKind};
use portico_domain::invoicing::InvoiceForm;
use portico_domain::scorecards::{Kpi, Period};
use portico_domain::shipping::HeaderInput;
use portico_domain::{CurrentUser, InboxFilter, PurchaseOrderId};
use rust_decimal::Decimal;
use time::macros::{date, datetime};

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn exec(owner: &Db, sql: &str, at: time::OffsetDateTime, id: uuid::Uuid) {
    on_db!(owner, pool => sqlx::query(sql).bind(at).bind(id).execute(pool).await.map(|_| ()))
        .unwrap();
}

fn pct(k: &Kpi) -> Option<Decimal> {
    k.value
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_hand_worked_week_gives_every_kpi_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let scope = Scope::of(&anna.workspace);
        let erp = ApiClient {
            tenant: demo.northwind,
            key_id: None,
        };
        let monday = date!(2025 - 03 - 03);
        let today = time::OffsetDateTime::now_utc().date().to_string();

        // (number, arrived, answered, notice submitted, received, invoiced quantity and price)
        let plan = [
            (
                "SCA-0",
                datetime!(2025-03-03 08:00 UTC),
                datetime!(2025-03-03 13:00 UTC),
                datetime!(2025-03-02 16:00 UTC),
                "5",
                ("5", "42"),
            ),
            (
                "SCB-0",
                datetime!(2025-02-28 08:00 UTC),
                datetime!(2025-03-03 10:00 UTC),
                datetime!(2025-03-04 09:00 UTC),
                "3",
                ("3", "43"),
            ),
        ];
        for (number, arrived, answered, sent, received, (quantity, price)) in plan {
            let prefix = number.trim_end_matches("-0");
            receive_orders(&t.db, demo.northwind, demo.northwind_supplier, prefix, 1)
                .await
                .unwrap();
            let filter = InboxFilter::parse(None, Some(number), None, None).unwrap();
            let order: PurchaseOrderId = purchase_orders::list(&t.db, &scope, &filter)
                .await
                .unwrap()
                .items[0]
                .id;
            let po = purchase_orders::get(&t.db, &scope, order).await.unwrap();
            let accept = AckForm {
                decision: "accept".into(),
                ..AckForm::prefilled(&po, format!("{prefix}-ack"))
            };
            acknowledgements::submit(&t.db, &meta, PORTAL, &anna, order, &accept)
                .await
                .unwrap();
            let notice = ship_notices::start(&t.db, &meta, &anna, order)
                .await
                .unwrap()
                .unwrap();
            let header = HeaderInput {
                shipped_on: today.clone(),
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
            let notice_number = ship_notices::view(&t.db, &anna, notice)
                .await
                .unwrap()
                .number;
            receipts::record(
                &t.db,
                &meta,
                &erp,
                &ReceiptInput {
                    reference: format!("GR-{prefix}"),
                    ship_notice: Some(notice_number),
                    received_on: monday.to_string(),
                    lines: vec![ReceiptLineInput {
                        purchase_order: number.into(),
                        line_number: 10,
                        received_quantity: received.into(),
                        rejected_quantity: None,
                        reject_reason: None,
                    }],
                },
            )
            .await
            .unwrap();
            let start = invoices::start(&t.db, &anna, order, Some(notice))
                .await
                .unwrap();
            let mut form = InvoiceForm {
                number: format!("{prefix}-INV"),
                ..start.form.clone()
            };
            form.lines[0].quantity = quantity.into();
            form.lines[0].unit_price = price.into();
            let invoice = invoices::submit(
                &t.db,
                &meta,
                PORTAL,
                &anna,
                order,
                Some(notice),
                &form,
                &format!("{prefix}-inv"),
            )
            .await
            .unwrap()
            .unwrap();
            // The plan's times, as if it all happened in that week.
            exec(
                &t.owner,
                "UPDATE purchase_orders SET created_at = $1 WHERE id = $2",
                arrived,
                order.0,
            )
            .await;
            exec(
                &t.owner,
                "UPDATE po_acknowledgements SET submitted_at = $1 WHERE purchase_order_id = $2",
                answered,
                order.0,
            )
            .await;
            exec(
                &t.owner,
                "UPDATE ship_notices SET submitted_at = $1 WHERE id = $2",
                sent,
                notice,
            )
            .await;
            exec(
                &t.owner,
                "UPDATE invoices SET created_at = $1 WHERE id = $2",
                datetime!(2025-03-05 15:00 UTC),
                invoice,
            )
            .await;
            on_db!(&t.owner, pool => sqlx::query("UPDATE line_promises SET promised_date = $1 WHERE purchase_order_id = $2")
                .bind(monday).bind(order.0).execute(pool).await.map(|_| ()))
            .unwrap();
        }

        let supplier = demo.northwind_supplier.0;
        let read = |db: Db| async move {
            let mut tx = db.read(&Context::tenant(demo.northwind)).await.unwrap();
            let cards = scorecards::trend(
                &mut tx,
                demo.northwind,
                Some(supplier),
                Period::Week,
                2,
                date!(2025 - 03 - 09),
                date!(2025 - 03 - 09),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            cards.get(&supplier).cloned().unwrap_or_default()
        };
        // Nothing stored yet: no rows for the week.
        assert!(
            read(t.db.clone()).await.is_empty(),
            "{b}: nothing stored, nothing read"
        );
        scorecards::store_days(
            &t.db,
            demo.northwind,
            date!(2025 - 02 - 24),
            date!(2025 - 03 - 10),
        )
        .await
        .unwrap();
        let first = read(t.db.clone()).await;
        scorecards::store_days(
            &t.db,
            demo.northwind,
            date!(2025 - 02 - 24),
            date!(2025 - 03 - 10),
        )
        .await
        .unwrap();
        assert_eq!(
            read(t.db.clone()).await,
            first,
            "{b}: storing again changes nothing"
        );
        assert_eq!(first.len(), 2, "{b}");
        let (before, week) = (&first[0].2, &first[1].2);
        assert_eq!(
            (first[1].0, first[1].1),
            (monday, date!(2025 - 03 - 10)),
            "{b}"
        );
        for k in [
            &before.ack_turnaround_hours,
            &before.otif_pct,
            &before.fill_rate_pct,
            &before.asn_timeliness_pct,
            &before.invoice_first_pass_pct,
            &before.change_rate_pct,
        ] {
            assert_eq!(
                (k.value, k.basis),
                (None, 0),
                "{b}: the week before has no data"
            );
        }
        assert_eq!(pct(&week.ack_turnaround_hours), Some(d("39.5")), "{b}");
        assert_eq!(week.ack_turnaround_hours.basis, 2, "{b}");
        assert_eq!(pct(&week.ack_on_time_pct), Some(d("50.0")), "{b}");
        assert_eq!(pct(&week.otif_pct), Some(d("50.0")), "{b}");
        assert_eq!(pct(&week.fill_rate_pct), Some(d("80.0")), "{b}");
        assert_eq!(pct(&week.asn_timeliness_pct), Some(d("50.0")), "{b}");
        assert_eq!(pct(&week.invoice_first_pass_pct), Some(d("50.0")), "{b}");
        assert_eq!(pct(&week.price_accuracy_pct), Some(d("50.0")), "{b}");
        assert_eq!(pct(&week.change_rate_pct), Some(d("0.0")), "{b}");

        // The same days counted live from the documents give the same counters as the stored ones.
        let mut tx = t.db.read(&Context::tenant(demo.northwind)).await.unwrap();
        let live = scorecards::compute(
            &mut tx,
            demo.northwind,
            date!(2025 - 03 - 03),
            date!(2025 - 03 - 10),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let mut sum = portico_domain::scorecards::Counters::default();
        for ((s, _), c) in &live {
            if *s == supplier {
                sum.add(c);
            }
        }
        assert_eq!(
            portico_domain::scorecards::Scorecard::of(&sum),
            week.clone(),
            "{b}"
        );

        // Thresholds: buyer administrators only; mistakes by field with nothing stored.
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        for who in [&buyer, &anna] {
            assert!(
                matches!(
                    scorecards::save_thresholds(&t.db, &meta, who, &form(&[("otif", "90")])).await,
                    Err(CoreError::Forbidden)
                ),
                "{b}: only buyer administrators set thresholds"
            );
        }
        let errors = scorecards::save_thresholds(
            &t.db,
            &meta,
            &admin,
            &form(&[
                ("otif", "120"),
                ("ack_turnaround", "abc"),
                ("fill_rate", "80"),
            ]),
        )
        .await
        .unwrap()
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["otif", "ack_turnaround"], "{b}");
        assert!(
            scorecards::thresholds(&t.db, &admin)
                .await
                .unwrap()
                .thresholds
                .is_empty(),
            "{b}: nothing stored"
        );
        let saved = scorecards::save_thresholds(
            &t.db,
            &meta,
            &admin,
            &form(&[
                ("otif", "90"),
                ("ack_turnaround", "24"),
                ("fill_rate", "80"),
            ]),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(saved.of("otif"), Some(d("90")), "{b}");
        assert_eq!(saved.of("fill_rate"), Some(d("80")), "{b}");
        // The supplier reads them as targets.
        assert_eq!(
            scorecards::thresholds(&t.db, &anna).await.unwrap(),
            saved,
            "{b}: the supplier sees its buyer's targets"
        );

        // The buyer's SLA for the kind, set by an administrator, times the exceptions it opens.
        let sla = exceptions::save_slas(&t.db, &meta, &admin, &form(&[("scorecard_below", "48")]))
            .await
            .unwrap()
            .unwrap();
        assert!(
            sla.iter()
                .any(|s| s.kind == ExceptionKind::ScorecardBelow && s.hours == 48 && s.custom),
            "{b}"
        );

        // March 2025 closed long before the thresholds were set: it is not measured against them.
        let after_march = datetime!(2025-04-01 00:05 UTC);
        assert_eq!(
            scorecards::check_month(&t.db, demo.northwind, after_march)
                .await
                .unwrap(),
            0,
            "{b}: thresholds set after the month ended do not count"
        );
        // Set before March ended: OTIF 50 % < 90 % and a 39.5 h turnaround > 24 h open one exception each; fill
        // rate 80 % meets its threshold. A second run (another server, the next day) opens nothing more.
        on_db!(&t.owner, pool => sqlx::query("UPDATE scorecard_thresholds SET set_at = $1")
            .bind(datetime!(2025-01-01 00:00 UTC)).execute(pool).await.map(|_| ()))
        .unwrap();
        assert_eq!(
            scorecards::check_month(&t.db, demo.northwind, after_march)
                .await
                .unwrap(),
            2,
            "{b}"
        );
        assert_eq!(
            scorecards::check_month(&t.db, demo.northwind, after_march + time::Duration::days(1))
                .await
                .unwrap(),
            0,
            "{b}: once per supplier, month and KPI"
        );
        let bench = exceptions::list(
            &t.db,
            &admin,
            &ExceptionFilter::from_query(
                Some("scorecard_below"),
                None,
                None,
                None,
                None,
                admin.id.0,
            ),
        )
        .await
        .unwrap();
        assert_eq!(bench.exceptions.len(), 2, "{b}");
        let mut details: Vec<String> = bench
            .exceptions
            .iter()
            .map(|e| {
                assert_eq!(e.document_number, "2025-03", "{b}");
                assert_eq!(e.supplier.as_ref().map(|s| s.0), Some(supplier), "{b}");
                assert_eq!(
                    e.due_at - e.opened_at,
                    time::Duration::hours(48),
                    "{b}: the buyer's SLA"
                );
                assert!(
                    e.document_path().ends_with("?period=month&at=2025-03-31"),
                    "{b}"
                );
                format!(
                    "{}:{:?}",
                    e.detail_key.clone().unwrap_or_default(),
                    e.detail_args
                )
            })
            .collect();
        details.sort();
        assert!(
            details[0].starts_with("exception-detail-below-ack-turnaround"),
            "{b}: {details:?}"
        );
        assert!(
            details[0].contains("\"39.5\"") && details[0].contains("\"24\""),
            "{b}: {details:?}"
        );
        assert!(
            details[1].starts_with("exception-detail-below-otif"),
            "{b}: {details:?}"
        );
        assert!(details[1].contains("\"2025-03\""), "{b}: {details:?}");

        // The buyer opens the supplier's scorecard at that week; the supplier may not use the buyer's page, and
        // another organisation's supplier is not found.
        let card = scorecards::supplier_page_for_buyer(
            &t.db,
            &buyer,
            supplier,
            Period::Week,
            Some(date!(2025 - 03 - 05)),
        )
        .await
        .unwrap();
        let (from, to, shown) = card.periods.last().cloned().unwrap();
        assert_eq!((from, to), (monday, date!(2025 - 03 - 10)), "{b}");
        assert_eq!(&shown, week, "{b}");
        assert!(!card.current, "{b}");
        assert_eq!(card.thresholds.len(), 3, "{b}");
        assert_eq!(card.late_lines.len(), 1, "{b}: the second order's line");
        assert!(matches!(
            scorecards::supplier_page_for_buyer(&t.db, &anna, supplier, Period::Week, None).await,
            Err(CoreError::Forbidden)
        ));
        assert!(matches!(
            scorecards::supplier_page_for_buyer(
                &t.db,
                &buyer,
                demo.contoso_supplier.0,
                Period::Week,
                None
            )
            .await,
            Err(CoreError::NotFound)
        ));
        // The supplier's own page at the same day shows the same week.
        let own =
            scorecards::supplier_page(&t.db, &anna, Period::Week, Some(date!(2025 - 03 - 05)))
                .await
                .unwrap();
        assert_eq!(own.periods.last().map(|p| &p.2), Some(week), "{b}");

        t.cleanup().await;
    }
}
