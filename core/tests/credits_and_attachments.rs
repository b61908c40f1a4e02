//! Credit memos on every backend: an invoiced order is `invoiced`; a memo credits part of it — checked by field
//! (more than billed, dearer than billed, no reason) with nothing stored — and records one
//! `credit_memo.submitted.v1`; a returned quantity may be invoiced again and the order is no longer `invoiced`; a
//! price correction gives no quantity back; all memos together stay within the invoice's total; the same form
//! twice stores one memo; buyers, other suppliers and memos of memos are refused.
//!
//! Attachments: a PDF by content is stored with its SHA-256 audited; a PNG named `.pdf`, a cut-off PDF, an empty
//! file, one byte over 10 MiB and a sixth file are refused with nothing stored; both sides download the same bytes;
//! nobody else does.

use portico_core::audit::RequestMeta;
use portico_core::services::invoices::StatusChange;
use portico_core::services::{acknowledgements, credit_memos, invoices, purchase_orders};
use portico_core::testing::{demo_tenants, receive_orders, sign_in, DemoTenants, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::{AckForm, FieldError};
use portico_domain::documents::InvoiceKind;
use portico_domain::invoicing::credit::{CreditLineForm, CreditMemoForm, CreditReason};
use portico_domain::invoicing::{InvoiceForm, InvoiceStatus};
use portico_domain::{CurrentUser, InboxFilter, PoStatus};
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

fn memo(number: &str, reason: &str, quantity: &str, price: &str) -> CreditMemoForm {
    CreditMemoForm {
        number: number.into(),
        credit_date: time::OffsetDateTime::now_utc().date().to_string(),
        reason: reason.into(),
        lines: vec![CreditLineForm {
            line_number: 10,
            quantity: quantity.into(),
            unit_price: price.into(),
        }],
        charges: Vec::new(),
    }
}

/// A Northwind order `prefix`-0 of 5 rolls at 42, acknowledged by Anna; the buyer uses no ship notices for it.
async fn acknowledged_order(
    db: &Db,
    demo: &DemoTenants,
    anna: &CurrentUser,
    prefix: &str,
) -> portico_domain::PurchaseOrderId {
    receive_orders(db, demo.northwind, demo.northwind_supplier, prefix, 1)
        .await
        .unwrap();
    let scope = Scope::of(&anna.workspace);
    let filter = InboxFilter::parse(None, Some(&format!("{prefix}-0")), None, None).unwrap();
    let order = purchase_orders::list(db, &scope, &filter)
        .await
        .unwrap()
        .items[0]
        .id;
    let po = purchase_orders::get(db, &scope, order).await.unwrap();
    let accept = AckForm {
        decision: "accept".into(),
        ..AckForm::prefilled(&po, format!("{prefix}-ack"))
    };
    acknowledgements::submit(db, &RequestMeta::default(), PORTAL, anna, order, &accept)
        .await
        .unwrap();
    order
}

#[tokio::test]
async fn credit_memos_credit_within_the_invoice_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let ivan = user(&t.db, "sales@acme-contoso.example").await;
        let scope = Scope::of(&anna.workspace);
        let order = acknowledged_order(&t.db, &demo, &anna, "CRD").await;

        // All five invoiced at 42 with 19 %: 210 + 39.90 = 249.90; the order is invoiced.
        let start = invoices::start(&t.db, &anna, order, None).await.unwrap();
        let mut form = InvoiceForm {
            number: "CRD-INV-1".into(),
            ..start.form.clone()
        };
        form.lines[0].tax_rate = "19".into();
        let invoice = invoices::submit(&t.db, &meta, PORTAL, &anna, order, None, &form, "crd-f1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            invoices::view(&t.db, &anna, invoice)
                .await
                .unwrap()
                .totals
                .total,
            d("249.90"),
            "{b}"
        );
        let status = || async {
            purchase_orders::get(&t.db, &scope, order)
                .await
                .unwrap()
                .status
        };
        assert_eq!(status().await, PoStatus::Invoiced, "{b}");

        // The memo form starts from the invoice's lines and prices.
        let start = credit_memos::start(&t.db, &anna, invoice).await.unwrap();
        assert_eq!(start.basis.lines[0].quantity, d("5"), "{b}");
        assert_eq!(start.form.lines[0].unit_price, "42", "{b}");
        assert_eq!(start.basis.creditable_total(), d("249.90"), "{b}");
        assert!(
            matches!(
                credit_memos::start(&t.db, &buyer, invoice).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        assert!(
            matches!(
                credit_memos::start(&t.db, &ivan, invoice).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );

        // Mistakes by field; nothing stored.
        let e = credit_memos::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            invoice,
            &memo("CM-1", "", "6", "43"),
            "crd-m1",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("reason", "credit-error-reason"),
                ("line-10-quantity", "credit-error-over-quantity"),
                ("line-10-unit_price", "credit-error-over-price"),
            ],
            "{b}"
        );
        // The invoice's own number is taken.
        let e = credit_memos::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            invoice,
            &memo("crd-inv-1", "returned", "2", "42"),
            "crd-m1",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&e), vec![("number", "inv-error-duplicate")], "{b}");
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM invoices WHERE kind = 'credit_memo'"
            )
            .await,
            0,
            "{b}"
        );

        // Two returned: 84 + 15.96 = 99.96; one event; twice the same form stores one memo.
        let returned = memo("CM-1", "returned", "2", "42");
        let first = credit_memos::submit(&t.db, &meta, PORTAL, &anna, invoice, &returned, "crd-m1")
            .await
            .unwrap()
            .unwrap();
        let again = credit_memos::submit(&t.db, &meta, PORTAL, &anna, invoice, &returned, "crd-m1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first, again, "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.credit_memo.submitted.v1'").await,
            1,
            "{b}"
        );
        let view = invoices::view(&t.db, &buyer, first).await.unwrap();
        assert_eq!(view.kind, InvoiceKind::CreditMemo, "{b}");
        assert_eq!(view.totals.total, d("99.96"), "{b}");
        assert_eq!(view.status, InvoiceStatus::Submitted, "{b}");
        assert_eq!(view.credit_reason, Some(CreditReason::Returned), "{b}");
        assert_eq!(view.credited.as_ref().map(|c| c.0), Some(invoice), "{b}");
        assert!(!view.may_credit, "{b}: a memo is not credited");
        let invoice_view = invoices::view(&t.db, &anna, invoice).await.unwrap();
        assert_eq!(invoice_view.credits.len(), 1, "{b}");
        assert!(invoice_view.may_credit, "{b}");
        assert!(
            !invoices::view(&t.db, &buyer, invoice)
                .await
                .unwrap()
                .may_credit,
            "{b}: buyers do not issue memos"
        );
        // The returned quantity may be invoiced again; the order is no longer invoiced in full.
        assert_eq!(
            invoices::start(&t.db, &anna, order, None)
                .await
                .unwrap()
                .form
                .lines[0]
                .quantity,
            "2",
            "{b}"
        );
        assert_eq!(status().await, PoStatus::Acknowledged, "{b}");
        // At most the three not credited back.
        let e = credit_memos::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            invoice,
            &memo("CM-2", "damaged", "4", "42"),
            "crd-m2",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            e[0].args,
            vec![("allowed".to_owned(), "3".to_owned())],
            "{b}"
        );

        // A price correction of 30 on all five (150 + 28.50 = 178.50) would pass the lines but not the total:
        // 249.90 − 99.96 = 149.94 left.
        let e = credit_memos::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            invoice,
            &memo("CM-2", "price_correction", "5", "30"),
            "crd-m2",
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("total", "credit-error-over-total")],
            "{b}"
        );
        // 5 × 2 = 10 + 1.90: accepted, and no quantity given back.
        credit_memos::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            invoice,
            &memo("CM-2", "price_correction", "5", "2"),
            "crd-m2",
        )
        .await
        .unwrap()
        .unwrap();
        let start = credit_memos::start(&t.db, &anna, invoice).await.unwrap();
        assert_eq!(start.basis.lines[0].credited, d("2"), "{b}");
        assert_eq!(start.basis.credited_total, d("111.86"), "{b}");

        // A memo is not credited again.
        assert!(
            matches!(
                credit_memos::start(&t.db, &anna, first).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        // The buyers hear of each memo, with a link to it; a matched invoice needed nobody.
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%sent credit memo CM-1%' AND to_address = 'buyer@northwind.example'").await,
            1,
            "{b}"
        );
        let body: String = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT text_body FROM mail_outbox WHERE subject LIKE '%sent credit memo CM-1%' LIMIT 1")
            .fetch_one(pool).await)
        .unwrap();
        assert!(
            body.contains(&format!("{PORTAL}/invoices/{first}")),
            "{b}: {body}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%CRD-INV-1%waits for you%'"
            )
            .await,
            0,
            "{b}"
        );
        // The buyer approves the memo; the supplier's people hear of it.
        invoices::set_status(
            &t.db,
            &meta,
            PORTAL,
            &buyer,
            first,
            &StatusChange::to("approved"),
        )
        .await
        .unwrap()
        .unwrap();
        assert!(
            count(&t.owner, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%approved invoice CM-1%' AND to_address = 'anna@acme.example'").await
                >= 1,
            "{b}"
        );
        // Every memo is audited.
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'credit_memo.submitted'"
            )
            .await,
            2,
            "{b}"
        );
    }
}

fn pdf(size: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    b.resize(size - 6, b' ');
    b.extend_from_slice(b"%%EOF\n");
    b
}

#[tokio::test]
async fn invoice_attachments_are_pdfs_by_content_on_every_backend() {
    use portico_core::services::attachments;
    use portico_domain::attachments::{Refusal, MAX_BYTES};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let ivan = user(&t.db, "sales@acme-contoso.example").await;
        let olga = user(&t.db, "buyer@contoso.example").await;
        let order = acknowledged_order(&t.db, &demo, &anna, "ATT").await;
        let start = invoices::start(&t.db, &anna, order, None).await.unwrap();
        let form = InvoiceForm {
            number: "ATT-INV-1".into(),
            ..start.form
        };
        let invoice = invoices::submit(&t.db, &meta, PORTAL, &anna, order, None, &form, "att-f1")
            .await
            .unwrap()
            .unwrap();

        // Refused by content and size, nothing stored.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(2048, 0);
        let over = pdf(MAX_BYTES + 1);
        for (name, content, refusal) in [
            ("invoice.pdf", png.as_slice(), Refusal::NotPdf),
            ("cut.pdf", &b"%PDF-1.7\n1 0 obj"[..], Refusal::Truncated),
            ("empty.pdf", &b""[..], Refusal::Empty),
            ("big.pdf", over.as_slice(), Refusal::TooLarge),
        ] {
            assert_eq!(
                attachments::add(&t.db, &meta, &anna, invoice, name, content)
                    .await
                    .unwrap(),
                Err(refusal),
                "{b}: {name}"
            );
        }
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM invoice_attachments").await,
            0,
            "{b}"
        );
        // Buyers do not add files; another supplier does not see the invoice.
        assert!(
            matches!(
                attachments::add(&t.db, &meta, &buyer, invoice, "a.pdf", &pdf(100)).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        assert!(
            matches!(
                attachments::add(&t.db, &meta, &ivan, invoice, "a.pdf", &pdf(100)).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );

        // Exactly at the limit, under a name that is a path: stored under its own id, the name a label.
        let big = pdf(MAX_BYTES);
        let id = attachments::add(&t.db, &meta, &anna, invoice, "..\\..\\INV 7.pdf", &big)
            .await
            .unwrap()
            .unwrap();
        let view = invoices::view(&t.db, &buyer, invoice).await.unwrap();
        assert_eq!(view.attachments.len(), 1, "{b}");
        assert_eq!(view.attachments[0].file_name, "INV 7.pdf", "{b}");
        assert_eq!(view.attachments[0].size_bytes, MAX_BYTES as i64, "{b}");
        assert!(!view.may_attach, "{b}: buyers do not attach");
        let (name, content) = attachments::download(&t.db, &buyer, invoice, id)
            .await
            .unwrap();
        assert_eq!((name.as_str(), content == big), ("INV 7.pdf", true), "{b}");
        for outsider in [&ivan, &olga] {
            assert!(
                matches!(
                    attachments::download(&t.db, outsider, invoice, id).await,
                    Err(CoreError::NotFound)
                ),
                "{b}"
            );
        }
        // The audit names the file by its hash.
        let audited = count(
            &t.owner,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invoice.attachment_added'",
        )
        .await;
        assert_eq!(audited, 1, "{b}");

        // Five files at most.
        for i in 0..4 {
            attachments::add(&t.db, &meta, &anna, invoice, &format!("{i}.pdf"), &pdf(200))
                .await
                .unwrap()
                .unwrap();
        }
        assert_eq!(
            attachments::add(&t.db, &meta, &anna, invoice, "6.pdf", &pdf(200))
                .await
                .unwrap(),
            Err(Refusal::TooMany),
            "{b}"
        );
        assert!(
            !invoices::view(&t.db, &anna, invoice)
                .await
                .unwrap()
                .may_attach,
            "{b}"
        );
    }
}
