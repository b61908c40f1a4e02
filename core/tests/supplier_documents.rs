//! Compliance documents on every backend (docs/SUPPLIERS.md "Compliance documents"): a supplier's people upload
//! PDFs with their dates — mistakes and non-PDFs store nothing — a newer upload replaces an older one of the same
//! supplier only, each upload records its event and audit entry, the buyer's list shows what has expired or runs out
//! first, nobody outside the supplier and its buyer sees or downloads a document, and the reminder job mails the
//! supplier's administrators once per stage.

use portico_core::audit::RequestMeta;
use portico_core::db::{Context, TxInner};
use portico_core::services::supplier_documents as documents;
use portico_core::testing::{demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db};
use portico_domain::attachments::Refusal;
use portico_domain::compliance::{DocumentFilter, DocumentInput, DocumentStatus};
use portico_domain::{CurrentUser, SupplierId};
use serde_json::Value;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

async fn supplier(owner: &Db, code: &str) -> SupplierId {
    let sql = format!("SELECT id FROM suppliers WHERE code = '{code}' ORDER BY id LIMIT 1");
    SupplierId(
        on_db!(owner, pool => sqlx::query_scalar::<_, Uuid>(&sql).fetch_one(pool).await).unwrap(),
    )
}

fn input(
    kind: &str,
    title: &str,
    expires: Option<time::Date>,
    replaces: Option<Uuid>,
) -> DocumentInput {
    DocumentInput {
        kind: kind.into(),
        title: title.into(),
        issued_on: String::new(),
        expires_on: expires.map(|d| d.to_string()).unwrap_or_default(),
        replaces: replaces.map(|r| r.to_string()).unwrap_or_default(),
    }
}

fn fields(errors: &[portico_domain::acknowledgement::FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect()
}

#[tokio::test]
async fn documents_are_uploaded_replaced_listed_and_reminded_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let now = OffsetDateTime::now_utc();
        let today = now.date();
        let sam = user(&t.db, "sam@acme.example").await;
        let berta = user(&t.db, "berta@bolt.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let contoso = user(&t.db, "buyer@contoso.example").await;
        let cascade = supplier(&t.owner, "CASC").await;
        let pdf = seed::demo_pdf("Product liability insurance 2027");

        // The demo's documents: Acme's three with the one running out first; the buyer's list shows Cascade's
        // expired certificate before Acme's insurance, and nothing in force for longer.
        let own = documents::own(&t.db, &sam, today).await.unwrap();
        assert!(own.may_upload, "{b}");
        let statuses: Vec<_> = own.current.iter().map(|d| d.status).collect();
        assert_eq!(
            statuses,
            [
                DocumentStatus::Expiring,
                DocumentStatus::Valid,
                DocumentStatus::NoExpiry
            ],
            "{b}"
        );
        let insurance = own.current[0].id;
        let list = documents::buyer_list(&t.db, &buyer, DocumentFilter::Attention, today)
            .await
            .unwrap();
        let seen: Vec<_> = list
            .documents
            .iter()
            .map(|d| (d.supplier_name.as_str(), d.status, d.days_left))
            .collect();
        assert_eq!(
            seen,
            [
                ("Cascade Packaging Co.", DocumentStatus::Expired, Some(-9)),
                ("Acme Industrial Supply", DocumentStatus::Expiring, Some(12)),
            ],
            "{b}"
        );
        assert_eq!((list.expired, list.expiring), (1, 1), "{b}");
        let all = documents::buyer_list(&t.db, &buyer, DocumentFilter::All, today)
            .await
            .unwrap();
        assert_eq!(all.documents.len(), 5, "{b}");

        // Sides: buyers do not upload, suppliers do not read the buyer's list, another organisation sees nothing.
        let refused = documents::upload(
            &t.db,
            &meta,
            &buyer,
            &input("other", "x", None, None),
            "x.pdf",
            Ok(&pdf),
            today,
        )
        .await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );
        let refused = documents::buyer_list(&t.db, &sam, DocumentFilter::All, today).await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );
        let theirs = documents::buyer_list(&t.db, &contoso, DocumentFilter::All, today)
            .await
            .unwrap();
        assert!(theirs.documents.is_empty(), "{b}");
        let refused =
            documents::of_supplier(&t.db, &contoso, sam.workspace.supplier_id.unwrap(), today)
                .await;
        assert!(
            matches!(refused, Err(CoreError::NotFound)),
            "{b}: {refused:?}"
        );

        // Mistakes in the form and the file come back together; nothing is stored.
        let before = count(&t.owner, "SELECT COUNT(*) FROM supplier_documents").await;
        let errors = documents::upload(
            &t.db,
            &meta,
            &sam,
            &input(
                "insurance",
                "Liability",
                Some(today - Duration::days(1)),
                None,
            ),
            "liability.pdf",
            Ok(b"PK\x03\x04 a zip archive"),
            today,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("expires_on", "doc-error-expired"),
                ("file", "attach-error-not-pdf")
            ],
            "{b}"
        );
        let errors = documents::upload(
            &t.db,
            &meta,
            &sam,
            &input(
                "insurance",
                "Liability",
                Some(today + Duration::days(20)),
                None,
            ),
            "big.pdf",
            Err(Refusal::TooLarge),
            today,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&errors), [("file", "attach-error-too-large")], "{b}");
        // Another supplier's document cannot be replaced from Acme.
        let cascades = documents::buyer_list(&t.db, &buyer, DocumentFilter::All, today)
            .await
            .unwrap()
            .documents
            .into_iter()
            .find(|d| d.supplier_id == cascade.0)
            .unwrap()
            .id;
        let errors = documents::upload(
            &t.db,
            &meta,
            &sam,
            &input(
                "insurance",
                "Liability",
                Some(today + Duration::days(20)),
                Some(cascades),
            ),
            "liability.pdf",
            Ok(&pdf),
            today,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&errors), [("replaces", "doc-error-replaces")], "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM supplier_documents").await,
            before,
            "{b}"
        );

        // The renewal: stored, the old insurance replaced, the event and audit entry written.
        let renewed = documents::upload(
            &t.db,
            &meta,
            &sam,
            &input(
                "insurance",
                "Product liability insurance 2027",
                Some(today + Duration::days(20)),
                Some(insurance),
            ),
            "C:\\Users\\sam\\liability-2027.pdf",
            Ok(&pdf),
            today,
        )
        .await
        .unwrap()
        .unwrap();
        let own = documents::own(&t.db, &sam, today).await.unwrap();
        assert_eq!(own.current.len(), 3, "{b}");
        assert_eq!(own.current[0].id, renewed, "{b}");
        assert_eq!(own.current[0].file_name, "liability-2027.pdf", "{b}");
        assert_eq!(own.current[0].days_left, Some(20), "{b}");
        assert_eq!(own.replaced.len(), 1, "{b}");
        assert_eq!(own.replaced[0].id, insurance, "{b}");
        // Replacing the same document twice is refused.
        let errors = documents::upload(
            &t.db,
            &meta,
            &sam,
            &input(
                "insurance",
                "Again",
                Some(today + Duration::days(20)),
                Some(insurance),
            ),
            "again.pdf",
            Ok(&pdf),
            today,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(fields(&errors), [("replaces", "doc-error-replaces")], "{b}");

        let rows: Vec<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.supplier.document_uploaded.v1'"
        ).fetch_all(pool).await)
        .unwrap();
        assert_eq!(rows.len(), 1, "{b}");
        let event: Value = serde_json::from_str(&rows[0]).unwrap();
        assert_eq!(event["data"]["document"]["id"], renewed.to_string(), "{b}");
        assert_eq!(
            event["data"]["document"]["replaces"],
            insurance.to_string(),
            "{b}"
        );
        assert_eq!(event["data"]["document"]["kind"], "insurance", "{b}");
        assert_eq!(event["data"]["supplier"]["code"], "ACME", "{b}");
        assert_eq!(
            event["data"]["document"]["sha256"].as_str().unwrap().len(),
            64,
            "{b}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'supplier.document_uploaded'"
            )
            .await,
            1,
            "{b}"
        );

        // Downloads: the supplier and its buyer; not another supplier of the buyer, not another organisation.
        let (name, content) = documents::download(&t.db, &sam, renewed).await.unwrap();
        assert_eq!(
            (name.as_str(), content.as_slice()),
            ("liability-2027.pdf", pdf.as_slice()),
            "{b}"
        );
        assert!(
            documents::download(&t.db, &buyer, renewed).await.is_ok(),
            "{b}"
        );
        for outsider in [&berta, &contoso] {
            let refused = documents::download(&t.db, outsider, renewed).await;
            assert!(
                matches!(refused, Err(CoreError::NotFound)),
                "{b}: {refused:?}"
            );
        }

        // Reminders: the renewal runs out in 20 days → the 30-day reminder to Acme's administrator, once; the week
        // reminder six days before; the last-day one; nothing after. Cascade's certificate ran out over a week ago.
        // 600 certificates of Cascade's that ran out long ago (documents are never deleted) must not crowd the
        // renewal out of the job's look-up.
        // Nor must 600 that run out sooner but had their 30-day reminder already (removed again after this step).
        let old: Vec<(Uuid, i64, Option<i64>, &str)> = (0..1200)
            .map(|i| {
                if i < 600 {
                    (Uuid::now_v7(), -400, None, "Old certificate")
                } else {
                    (Uuid::now_v7(), 10, Some(30), "Reminded certificate")
                }
            })
            .collect();
        on_db!(&t.owner, pool => {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO supplier_documents (id, tenant_id, supplier_id, kind, title, expires_on, file_name, \
                    size_bytes, sha256, content, uploaded_by, uploaded_at, reminded_days) ",
            );
            insert.push_values(&old, |mut row, (id, days, reminded, title)| {
                row.push_bind(*id)
                    .push_bind(sam.workspace.tenant_id.0)
                    .push_bind(cascade.0)
                    .push_bind("certificate")
                    .push_bind(*title)
                    .push_bind(today + Duration::days(*days))
                    .push_bind("old.pdf")
                    .push_bind(1_i64)
                    .push_bind("0".repeat(64))
                    .push_bind(b"%PDF-".to_vec())
                    .push_bind(sam.id.0)
                    .push_bind(now)
                    .push_bind(*reminded);
            });
            insert.build().execute(pool).await.unwrap();
        });
        let sent = |at: OffsetDateTime| documents::remind_due(&t.db, PORTAL, at);
        assert_eq!(sent(now).await.unwrap(), 1, "{b}");
        on_db!(&t.owner, pool => sqlx::query("DELETE FROM supplier_documents WHERE title = 'Reminded certificate'")
            .execute(pool).await.map(|_| ()))
        .unwrap();
        assert_eq!(sent(now + Duration::minutes(5)).await.unwrap(), 0, "{b}");
        assert_eq!(sent(now + Duration::days(14)).await.unwrap(), 1, "{b}");
        assert_eq!(sent(now + Duration::days(15)).await.unwrap(), 0, "{b}");
        assert_eq!(sent(now + Duration::days(20)).await.unwrap(), 1, "{b}");
        assert_eq!(sent(now + Duration::days(21)).await.unwrap(), 0, "{b}");
        let mut mails: Vec<(String, String)> = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT to_address, subject FROM mail_outbox WHERE subject LIKE 'Product liability insurance 2027%'"
        ).fetch_all(pool).await)
        .unwrap();
        mails.sort();
        let subjects: Vec<_> = mails
            .iter()
            .map(|(to, s)| (to.as_str(), s.as_str()))
            .collect();
        assert_eq!(
            subjects,
            [
                (
                    "anna@acme.example",
                    "Product liability insurance 2027 runs out in 20 days"
                ),
                (
                    "anna@acme.example",
                    "Product liability insurance 2027 runs out in 6 days"
                ),
                (
                    "anna@acme.example",
                    "Product liability insurance 2027 runs out today"
                ),
            ],
            "{b}"
        );

        // PostgreSQL's second wall: in Acme's context, Cascade's documents are neither seen nor changed.
        if matches!(t.db, Db::Postgres(_)) {
            let scope = portico_core::Scope::of(&sam.workspace);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let changed =
                sqlx::query("UPDATE supplier_documents SET title = 'x' WHERE supplier_id = $1")
                    .bind(cascade.0)
                    .execute(&mut **conn)
                    .await
                    .unwrap();
            assert_eq!(changed.rows_affected(), 0, "{b}");
            let planted = sqlx::query(
                "INSERT INTO supplier_documents (id, tenant_id, supplier_id, kind, title, file_name, size_bytes, \
                    sha256, content, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, 'other', 'x', 'x.pdf', 1, repeat('0', 64), 'x', $4, now())",
            )
            .bind(Uuid::now_v7())
            .bind(sam.workspace.tenant_id.0)
            .bind(cascade.0)
            .bind(sam.id.0)
            .execute(&mut **conn)
            .await;
            assert!(planted.is_err(), "{b}: {planted:?}");
        }
        t.cleanup().await;
    }
}
