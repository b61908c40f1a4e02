//! Supplier delay reports on every backend: an accepted order's lines carry their promises; a report names its
//! scope, is checked by field (nothing stored on a mistake), previews exactly the open lines promised before the new
//! date, and once sent moves them, records one `supplier.delay_reported.v1` with every line and its previous date,
//! and opens one `delay_reported` exception — the same form twice stores one report. Buyers read it, other
//! suppliers do not, and buyers cannot send one.

use portico_core::audit::RequestMeta;
use portico_core::services::{acknowledgements, delays, exceptions, purchase_orders};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::AckForm;
use portico_domain::delays::DelayForm;
use portico_domain::exceptions::{ExceptionFilter, ExceptionKind};
use portico_domain::{CurrentUser, InboxFilter};

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn delay_reports_move_open_lines_once_with_one_event_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let other = user(&t.db, "sales@acme-contoso.example").await;
        let scope = Scope::of(&anna.workspace);

        receive_orders(&t.db, demo.northwind, demo.northwind_supplier, "DLY", 1)
            .await
            .unwrap();
        let filter = InboxFilter::parse(None, Some("DLY-0"), None, None).unwrap();
        let id = purchase_orders::list(&t.db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;
        let po = purchase_orders::get(&t.db, &scope, id).await.unwrap();
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "dly-ack".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, id, &accept)
            .await
            .unwrap();
        let promised = count(
            &t.owner,
            &format!(
                "SELECT COUNT(*) FROM line_promises WHERE purchase_order_id = {}",
                sql_id(&t.owner, id.0)
            ),
        )
        .await;
        assert_eq!(
            promised,
            po.lines.len() as i64,
            "{b}: every accepted line is promised"
        );

        let today = time::OffsetDateTime::now_utc().date();
        let later = (today + time::Duration::days(400)).to_string();
        let form = DelayForm {
            scope: "order".into(),
            order: "DLY-0".into(),
            new_date: later.clone(),
            reason: "material".into(),
            note: "Resin allocation cut by our supplier.".into(),
            ..DelayForm::default()
        };

        // Mistakes by field, nothing stored.
        let bad = DelayForm {
            scope: "items".into(),
            new_date: (today - time::Duration::days(1)).to_string(),
            ..form.clone()
        };
        let errors = delays::submit(&t.db, &meta, &anna, &bad, "dly-bad")
            .await
            .unwrap()
            .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("items", "delay-error-items"),
                ("new_date", "delay-error-past")
            ],
            "{b}"
        );
        let nothing = DelayForm {
            order: "NO-SUCH".into(),
            ..form.clone()
        };
        let errors = delays::submit(&t.db, &meta, &anna, &nothing, "dly-none")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(errors[0].message, "delay-error-none", "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM delay_reports").await,
            0,
            "{b}"
        );

        // Promised three days ago and not shipped: the overdue job opens one `asn_overdue` per line, once.
        let three_days_ago = today - time::Duration::days(3);
        on_db!(&t.owner, pool => sqlx::query("UPDATE line_promises SET promised_date = $1 WHERE purchase_order_id = $2")
            .bind(three_days_ago).bind(id.0).execute(pool).await.map(|_| ()))
        .unwrap();
        let now = time::OffsetDateTime::now_utc();
        exceptions::detect_overdue(&t.db, now).await.unwrap();
        exceptions::detect_overdue(&t.db, now).await.unwrap();
        let overdue = |open: bool| {
            let buyer = buyer.clone();
            let db = t.db.clone();
            async move {
                exceptions::list(
                    &db,
                    &buyer,
                    &ExceptionFilter {
                        kind: Some(ExceptionKind::AsnOverdue),
                        resolved: !open,
                        ..ExceptionFilter::default()
                    },
                )
                .await
                .unwrap()
                .exceptions
                .into_iter()
                .filter(|e| e.document_id == id.0)
                .collect::<Vec<_>>()
            }
        };
        let open = overdue(true).await;
        assert_eq!(open.len(), po.lines.len(), "{b}: {open:?}");
        assert_eq!(open[0].line_number, Some(po.lines[0].line_number), "{b}");

        // The preview lists exactly the order's lines, each with its promised date.
        let lines = delays::preview(&t.db, &anna, &form).await.unwrap().unwrap();
        assert_eq!(lines.len(), po.lines.len(), "{b}");
        assert!(lines.iter().all(|l| l.line.order_number == "DLY-0"), "{b}");
        let first = &lines[0];
        let ordered = po
            .lines
            .iter()
            .find(|l| l.line_number == first.line.line_number)
            .unwrap();
        assert_eq!(first.line.promised_date, three_days_ago, "{b}");
        assert_eq!(
            first.line.open_quantity, ordered.quantity,
            "{b}: nothing shipped yet"
        );

        // Buyers do not report delays.
        let e = delays::submit(&t.db, &meta, &buyer, &form, "dly-buyer")
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{b}: {e:?}");

        // Sent twice, stored once.
        let report = delays::submit(&t.db, &meta, &anna, &form, "dly-1")
            .await
            .unwrap()
            .unwrap();
        let again = delays::submit(&t.db, &meta, &anna, &form, "dly-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report, again, "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM delay_reports").await,
            1,
            "{b}"
        );
        let events = count(
            &t.owner,
            "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.supplier.delay_reported.v1'",
        )
        .await;
        assert_eq!(events, 1, "{b}");
        let envelope: String = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.supplier.delay_reported.v1'")
            .fetch_one(pool).await)
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&envelope).unwrap();
        assert_eq!(
            v["data"]["lines"].as_array().unwrap().len(),
            po.lines.len(),
            "{b}"
        );
        assert_eq!(v["data"]["lines"][0]["new_date"], later.as_str(), "{b}");
        assert_eq!(v["data"]["report"]["reason"], "material", "{b}");

        // The overdue lines have a new date: cleared, and the job opens none again.
        assert!(overdue(true).await.is_empty(), "{b}");
        assert_eq!(overdue(false).await.len(), po.lines.len(), "{b}");
        exceptions::detect_overdue(&t.db, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        assert!(overdue(true).await.is_empty(), "{b}");

        // The lines now carry the new date: the same report finds nothing more to move.
        let errors = delays::preview(&t.db, &anna, &form)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(errors[0].message, "delay-error-none", "{b}");

        // The buyer's exception links the report; the buyer reads it, another supplier does not.
        let bench = exceptions::list(
            &t.db,
            &buyer,
            &ExceptionFilter {
                kind: Some(ExceptionKind::DelayReported),
                ..ExceptionFilter::default()
            },
        )
        .await
        .unwrap();
        let opened: Vec<_> = bench
            .exceptions
            .iter()
            .filter(|e| e.document_id == report)
            .collect();
        assert_eq!(opened.len(), 1, "{b}");
        assert_eq!(opened[0].document_number, "DLY-0", "{b}");
        let view = delays::view(&t.db, &buyer, report).await.unwrap();
        assert_eq!(view.lines.len(), po.lines.len(), "{b}");
        assert_eq!(
            view.note.as_deref(),
            Some("Resin allocation cut by our supplier."),
            "{b}"
        );
        let e = delays::view(&t.db, &other, report).await.unwrap_err();
        assert!(matches!(e, CoreError::NotFound), "{b}: {e:?}");

        t.cleanup().await;
    }
}

/// `id` as a SQL literal for the backend.
fn sql_id(db: &Db, id: uuid::Uuid) -> String {
    match db {
        Db::Sqlite(_) => format!("X'{}'", id.simple()),
        Db::Postgres(_) => format!("'{id}'"),
    }
}
