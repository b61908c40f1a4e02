//! The buyer's exception workbench on every backend: an answer with changes outside the policy opens one
//! `changes_to_review` (with `exception.opened.v1`) that the buyer's review closes as accepted; a rejection is
//! assigned, commented and resolved by hand — mistakes by field, a second resolve refused; an order unanswered past
//! the deadline opens `ack_overdue` once however often (and however concurrently) the job runs, and the late answer
//! clears it; an invoice outside the tolerances opens `invoice_mismatch`, its dispute returns it and opens
//! `invoice_disputed`, which the supplier's credit memo corrects. Suppliers and other organisations see none of it.

use portico_core::audit::RequestMeta;
use portico_core::services::invoices::StatusChange;
use portico_core::services::{
    acknowledgements, credit_memos, exceptions, invoices, purchase_orders,
};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, DemoTenants, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::{AckForm, ReviewForm, ReviewLineForm};
use portico_domain::exceptions::{
    AssigneeFilter, ExceptionFilter, ExceptionKind, ExceptionSummary, Outcome,
};
use portico_domain::invoicing::credit::{CreditLineForm, CreditMemoForm};
use portico_domain::invoicing::InvoiceForm;
use portico_domain::{CurrentUser, InboxFilter, PoDetail, PurchaseOrderId};
use uuid::Uuid;

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// Order `number` of Northwind as Anna sees it.
async fn order(db: &Db, demo: &DemoTenants, anna: &CurrentUser, number: &str) -> PoDetail {
    let prefix = number.trim_end_matches("-0");
    receive_orders(db, demo.northwind, demo.northwind_supplier, prefix, 1)
        .await
        .unwrap();
    let scope = Scope::of(&anna.workspace);
    let filter = InboxFilter::parse(None, Some(number), None, None).unwrap();
    let id = purchase_orders::list(db, &scope, &filter)
        .await
        .unwrap()
        .items[0]
        .id;
    purchase_orders::get(db, &scope, id).await.unwrap()
}

/// Every exception (open and resolved) about `document`, as the workbench lists them.
async fn about(db: &Db, buyer: &CurrentUser, document: Uuid) -> Vec<ExceptionSummary> {
    let mut all = Vec::new();
    for resolved in [false, true] {
        let filter = ExceptionFilter {
            resolved,
            ..ExceptionFilter::default()
        };
        let bench = exceptions::list(db, buyer, &filter).await.unwrap();
        all.extend(
            bench
                .exceptions
                .into_iter()
                .filter(|e| e.document_id == document),
        );
    }
    all
}

async fn events_of(owner: &Db, kind: &str, exception: Uuid) -> i64 {
    let subject = format!("exceptions/{exception}");
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM outbox_events WHERE event_type = $1 AND subject = $2")
        .bind(format!("org.portico.exception.{kind}.v1")).bind(subject).fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn exceptions_open_once_and_close_by_review_hand_or_cause_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let contoso = user(&t.db, "buyer@contoso.example").await;

        // A dearer price is outside the policy: one exception to review, with its event.
        let po = order(&t.db, &demo, &anna, "EXC-0").await;
        let mut dearer = AckForm {
            decision: "lines".into(),
            ..AckForm::prefilled(&po, "exc-dearer".into())
        };
        dearer.lines[0].answer = "change".into();
        dearer.lines[0].reason = "price_change".into();
        dearer.lines[0].price = (po.lines[0].unit_price + rust_decimal::Decimal::ONE).to_string();
        dearer.lines[0].schedule[0].date = po.order_date.to_string();
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &dearer)
            .await
            .unwrap();
        assert!(
            matches!(r, acknowledgements::Submitted::Applied { .. }),
            "{b}: {r:?}"
        );
        let found = about(&t.db, &buyer, po.id.0).await;
        assert_eq!(found.len(), 1, "{b}: {found:?}");
        let review = &found[0];
        assert_eq!(review.kind, ExceptionKind::ChangesToReview, "{b}");
        assert!(review.open && review.outcome.is_none(), "{b}");
        assert_eq!(review.document_number, "EXC-0", "{b}");
        assert_eq!(
            review.supplier.as_ref().map(|s| s.0),
            Some(demo.northwind_supplier.0),
            "{b}"
        );
        assert_eq!(
            (review.due_at - review.opened_at).whole_hours(),
            24,
            "{b}: its SLA"
        );
        assert_eq!(events_of(&t.owner, "opened", review.id).await, 1, "{b}");

        // Suppliers have no workbench; another organisation's buyer finds nothing.
        let e = exceptions::list(&t.db, &anna, &ExceptionFilter::default())
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{b}: {e:?}");
        let e = exceptions::detail(&t.db, &contoso, review.id)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::NotFound), "{b}: {e:?}");
        assert!(about(&t.db, &contoso, po.id.0).await.is_empty(), "{b}");

        // The buyer's review closes it as what the buyer decided.
        let ack = acknowledgements::latest(&t.db, &Scope::of(&buyer.workspace), po.id)
            .await
            .unwrap()
            .unwrap();
        let approve = ReviewForm {
            acknowledgement: ack.id.to_string(),
            token: "exc-r1".into(),
            comment: String::new(),
            lines: ack
                .lines_to_review()
                .into_iter()
                .map(|line| ReviewLineForm {
                    line,
                    decision: "approve".into(),
                    ..ReviewLineForm::default()
                })
                .collect(),
        };
        acknowledgements::review(&t.db, &meta, PORTAL, &buyer, po.id, &approve)
            .await
            .unwrap();
        let page = exceptions::detail(&t.db, &buyer, review.id).await.unwrap();
        assert!(!page.detail.summary.open, "{b}");
        assert_eq!(page.detail.summary.outcome, Some(Outcome::Accepted), "{b}");
        assert_eq!(
            page.detail.resolved_by.as_deref(),
            Some(buyer.display_name.as_str()),
            "{b}"
        );
        assert_eq!(events_of(&t.owner, "resolved", review.id).await, 1, "{b}");

        // A rejection: assigned, commented and resolved by hand; mistakes come back by field.
        let po = order(&t.db, &demo, &anna, "EXR-0").await;
        let reject = AckForm {
            decision: "reject".into(),
            reason: "discontinued".into(),
            ..AckForm::prefilled(&po, "exc-reject".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &reject)
            .await
            .unwrap();
        let rejected = about(&t.db, &buyer, po.id.0).await;
        assert_eq!(rejected.len(), 1, "{b}: {rejected:?}");
        assert_eq!(rejected[0].kind, ExceptionKind::OrderRejected, "{b}");
        let id = rejected[0].id;
        let e = exceptions::assign(&t.db, &meta, &buyer, id, Some(anna.id.0))
            .await
            .unwrap_err();
        assert!(
            matches!(e, CoreError::Validation { .. }),
            "{b}: a supplier is nobody to assign to"
        );
        exceptions::assign(&t.db, &meta, &buyer, id, Some(buyer.id.0))
            .await
            .unwrap();
        let mine = exceptions::list(
            &t.db,
            &buyer,
            &ExceptionFilter {
                assignee: AssigneeFilter::Person(buyer.id.0),
                kind: Some(ExceptionKind::OrderRejected),
                ..ExceptionFilter::default()
            },
        )
        .await
        .unwrap();
        assert!(mine.exceptions.iter().any(|e| e.id == id), "{b}");
        assert!(
            mine.exceptions
                .iter()
                .all(|e| e.kind == ExceptionKind::OrderRejected),
            "{b}"
        );
        let e = exceptions::comment(&t.db, &meta, &buyer, id, "  ")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(e.message, "exception-error-comment-empty", "{b}");
        exceptions::comment(&t.db, &meta, &buyer, id, "Asked Acme for an alternative.")
            .await
            .unwrap()
            .unwrap();
        let errors = exceptions::resolve(&t.db, &meta, &buyer, id, "escalated", " ")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(errors[0].message, "exception-error-note-required", "{b}");
        let errors = exceptions::resolve(&t.db, &meta, &buyer, id, "cleared", "x")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            errors[0].field, "outcome",
            "{b}: cleared is Portico's alone"
        );
        assert!(
            exceptions::detail(&t.db, &buyer, id)
                .await
                .unwrap()
                .detail
                .summary
                .open,
            "{b}"
        );
        exceptions::resolve(
            &t.db,
            &meta,
            &buyer,
            id,
            "escalated",
            "To the category manager.",
        )
        .await
        .unwrap()
        .unwrap();
        let again = exceptions::resolve(&t.db, &meta, &buyer, id, "accepted", "")
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(again[0].message, "exception-error-closed", "{b}");
        let page = exceptions::detail(&t.db, &buyer, id).await.unwrap();
        assert_eq!(page.detail.summary.outcome, Some(Outcome::Escalated), "{b}");
        assert_eq!(
            page.detail.note.as_deref(),
            Some("To the category manager."),
            "{b}"
        );
        assert_eq!(page.detail.comments.len(), 1, "{b}");
        assert_eq!(
            page.detail.summary.assignee.map(|a| a.0),
            Some(buyer.id.0),
            "{b}"
        );
        // Assigned, commented, resolved: three audit entries (the refused attempts leave none).
        let audited = count(
            &t.owner,
            &format!("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'exception.%' AND subject_id = '{id}'"),
        )
        .await;
        assert_eq!(audited, 3, "{b}");

        // Unanswered past the deadline: the job opens it once, however often and concurrently it runs.
        let po = order(&t.db, &demo, &anna, "EXO-0").await;
        let three_days_ago = time::OffsetDateTime::now_utc() - time::Duration::days(3);
        on_db!(&t.owner, pool => sqlx::query("UPDATE purchase_orders SET updated_at = $1 WHERE id = $2")
            .bind(three_days_ago).bind(po.id.0).execute(pool).await.map(|_| ()))
        .unwrap();
        let now = time::OffsetDateTime::now_utc();
        let (a, c) = tokio::join!(
            exceptions::detect_overdue(&t.db, now),
            exceptions::detect_overdue(&t.db, now)
        );
        a.unwrap();
        c.unwrap();
        exceptions::detect_overdue(&t.db, now).await.unwrap();
        let overdue = about(&t.db, &buyer, po.id.0).await;
        assert_eq!(overdue.len(), 1, "{b}: {overdue:?}");
        assert_eq!(overdue[0].kind, ExceptionKind::AckOverdue, "{b}");
        assert!(
            overdue[0].timing.age_hours == 0 && !overdue[0].timing.overdue(),
            "{b}"
        );
        // The late answer arrives: Portico clears it.
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "exc-late".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &accept)
            .await
            .unwrap();
        // (The accepted line is promised for the order date: once that has passed, the job may also open an
        // `asn_overdue` for it; only the answer's exception is counted here.)
        let ack_overdue = |all: Vec<ExceptionSummary>| -> Vec<ExceptionSummary> {
            all.into_iter()
                .filter(|e| e.kind == ExceptionKind::AckOverdue)
                .collect()
        };
        let cleared = &ack_overdue(about(&t.db, &buyer, po.id.0).await)[0];
        assert_eq!(
            (cleared.open, cleared.outcome),
            (false, Some(Outcome::Cleared)),
            "{b}"
        );
        assert_eq!(
            exceptions::detail(&t.db, &buyer, cleared.id)
                .await
                .unwrap()
                .detail
                .resolved_by,
            None,
            "{b}: nobody resolved it"
        );
        // A resolved occurrence is not opened again.
        exceptions::detect_overdue(&t.db, now).await.unwrap();
        assert_eq!(
            ack_overdue(about(&t.db, &buyer, po.id.0).await).len(),
            1,
            "{b}"
        );

        // An invoice dearer than the order: a mismatch; disputed, it is returned and the dispute followed; the
        // supplier's credit memo corrects it.
        let po = order(&t.db, &demo, &anna, "EXI-0").await;
        let accept = AckForm {
            decision: "accept".into(),
            ..AckForm::prefilled(&po, "exc-inv-ack".into())
        };
        acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &accept)
            .await
            .unwrap();
        let start = invoices::start(&t.db, &anna, po.id, None).await.unwrap();
        let mut form = InvoiceForm {
            number: "EXI-INV-1".into(),
            ..start.form.clone()
        };
        form.lines.truncate(1);
        form.lines[0].unit_price =
            (po.lines[0].unit_price + rust_decimal::Decimal::ONE).to_string();
        let invoice = invoices::submit(&t.db, &meta, PORTAL, &anna, po.id, None, &form, "exi-f1")
            .await
            .unwrap()
            .unwrap();
        let mismatch = about(&t.db, &buyer, invoice).await;
        assert_eq!(mismatch.len(), 1, "{b}: {mismatch:?}");
        assert_eq!(mismatch[0].kind, ExceptionKind::InvoiceMismatch, "{b}");
        assert_eq!(
            mismatch[0].detail_args,
            vec![("lines".to_owned(), "1".to_owned())],
            "{b}"
        );
        let change = StatusChange {
            status: "disputed",
            reason: "Line 1 is billed above the order price.",
            paid_on: "",
        };
        invoices::set_status(&t.db, &meta, PORTAL, &buyer, invoice, &change)
            .await
            .unwrap()
            .unwrap();
        let after = about(&t.db, &buyer, invoice).await;
        let by_kind = |k: ExceptionKind| after.iter().find(|e| e.kind == k).cloned().unwrap();
        assert_eq!(
            by_kind(ExceptionKind::InvoiceMismatch).outcome,
            Some(Outcome::Returned),
            "{b}"
        );
        assert!(by_kind(ExceptionKind::InvoiceDisputed).open, "{b}");
        let memo = CreditMemoForm {
            number: "EXI-CM-1".into(),
            credit_date: time::OffsetDateTime::now_utc().date().to_string(),
            reason: "price_correction".into(),
            lines: vec![CreditLineForm {
                line_number: form.lines[0].line_number,
                quantity: form.lines[0].quantity.clone(),
                unit_price: "1".into(),
            }],
            charges: Vec::new(),
        };
        credit_memos::submit(&t.db, &meta, PORTAL, &anna, invoice, &memo, "exi-cm")
            .await
            .unwrap()
            .unwrap();
        let after = about(&t.db, &buyer, invoice).await;
        let disputed = after
            .iter()
            .find(|e| e.kind == ExceptionKind::InvoiceDisputed)
            .unwrap();
        assert_eq!(disputed.outcome, Some(Outcome::Corrected), "{b}");

        let _: PurchaseOrderId = po.id;
        t.cleanup().await;
    }
}
