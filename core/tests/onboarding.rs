//! Onboarding on every backend (docs/SUPPLIERS.md "Onboarding"): a buyer administrator — nobody else — adds a
//! supplier with its first administrator's invitation in one step; mistakes and a code already taken store nothing;
//! orders for the supplier are refused by field until a buyer administrator activates it, which records
//! `supplier.activated.v1` and mails the supplier's administrators; on PostgreSQL a supplier's context cannot
//! activate itself.

use portico_core::audit::RequestMeta;
use portico_core::db::{Context, TxInner};
use portico_core::services::erp_api::{self, ApiClient, PurchaseOrderInput};
use portico_core::services::{invitations, mailbox, suppliers};
use portico_core::testing::{demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db};
use portico_domain::onboarding::{NewSupplierInput, SupplierStatus};
use portico_domain::CurrentUser;
use serde_json::{json, Value};

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

fn form(code: &str, name: &str, email: &str) -> NewSupplierInput {
    NewSupplierInput {
        code: code.into(),
        name: name.into(),
        admin_email: email.into(),
        language: "de".into(),
    }
}

fn order(number: &str, supplier: &str) -> PurchaseOrderInput {
    serde_json::from_value(json!({
        "number": number,
        "supplier_code": supplier,
        "order_date": "2026-11-27",
        "currency": "EUR",
        "ship_to": { "name": "Northwind DC Rotterdam", "address": "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL" },
        "payment_terms": "Net 30",
        "lines": [
            { "line_number": 10, "buyer_item": "300-3100", "description": "Label roll 100 x 150 mm",
              "quantity": "40", "unit_of_measure": "RL", "unit_price": "12.00" }
        ]
    }))
    .unwrap()
}

#[tokio::test]
async fn a_supplier_is_added_with_its_administrator_and_gets_orders_only_once_active_on_every_backend(
) {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        let erp = ApiClient::edi(demo.northwind);

        // Only buyer administrators add suppliers; mistakes and a taken code store nothing.
        let delta = form("dlt-01", "Delta Labels Ltd", "ops@delta.example");
        for someone in [&buyer, &anna] {
            let refused = suppliers::add(&t.db, &meta, someone, &delta, PORTAL).await;
            assert!(
                matches!(refused, Err(CoreError::Forbidden)),
                "{b}: {refused:?}"
            );
        }
        let before = count(&t.owner, "SELECT COUNT(*) FROM suppliers").await;
        let errors = suppliers::add(&t.db, &meta, &admin, &form("ACME", "", "x"), PORTAL)
            .await
            .unwrap()
            .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("name", "profile-error-required"),
                ("admin_email", "field-email-invalid")
            ],
            "{b}"
        );
        let errors = suppliers::add(
            &t.db,
            &meta,
            &admin,
            &form("acme", "Acme again", "x@acme.example"),
            PORTAL,
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(errors[0].field, "code", "{b}");
        assert_eq!(errors[0].message, "supplier-error-code-taken", "{b}");
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM suppliers").await,
            before,
            "{b}"
        );

        // Added: onboarding, first on the list, its administrator invited (in German, as chosen).
        let id = suppliers::add(&t.db, &meta, &admin, &delta, PORTAL)
            .await
            .unwrap()
            .unwrap();
        let list = suppliers::list(&t.db, &admin).await.unwrap();
        assert!(list.may_manage, "{b}");
        let first = &list.suppliers[0];
        assert_eq!(
            (
                first.id,
                first.code.as_str(),
                first.status,
                first.people,
                first.invited
            ),
            (id.0, "DLT-01", SupplierStatus::Onboarding, 0, 1),
            "{b}"
        );
        assert!(
            list.suppliers[1..]
                .iter()
                .all(|s| s.status == SupplierStatus::Active),
            "{b}"
        );
        assert!(
            !suppliers::list(&t.db, &buyer).await.unwrap().may_manage,
            "{b}"
        );
        let mails = mailbox::recent(&t.db).await.unwrap();
        let invitation = mails
            .iter()
            .find(|m| m.to_address == "ops@delta.example")
            .expect("the invitation");
        assert!(
            invitation.subject.contains("lädt Sie"),
            "{b}: {}",
            invitation.subject
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'supplier.added'"
            )
            .await,
            1,
            "{b}"
        );

        // Orders for it are refused by field until it is active (the ERP API and EDI share this path).
        let refused = erp_api::submit_purchase_order(
            &t.db,
            &meta,
            &erp,
            &order("DLT-1", "DLT-01"),
            None,
            PORTAL,
        )
        .await;
        match refused {
            Err(CoreError::Validation { field, message }) => {
                assert_eq!(
                    (field.as_str(), message.as_str()),
                    ("supplier_code", "api-supplier-not-active"),
                    "{b}"
                )
            }
            other => panic!("{b}: {other:?}"),
        }

        // Its administrator signs up; a buyer cannot activate it, a buyer administrator does — once.
        let text = invitation.text_body.clone().unwrap();
        let start = text.find("token=").unwrap() + "token=".len();
        let token = &text[start..start + 43];
        invitations::accept(
            &t.db,
            &meta,
            token,
            "Dana Delta",
            "amber quartz meadow lantern",
            "amber quartz meadow lantern",
        )
        .await
        .unwrap();
        let refused = suppliers::activate(&t.db, &meta, &buyer, id, PORTAL).await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden)),
            "{b}: {refused:?}"
        );
        suppliers::activate(&t.db, &meta, &admin, id, PORTAL)
            .await
            .unwrap();
        let again = suppliers::activate(&t.db, &meta, &admin, id, PORTAL).await;
        assert!(
            matches!(&again, Err(CoreError::Conflict(c)) if c == "supplier-already-active"),
            "{b}: {again:?}"
        );
        let other = suppliers::activate(&t.db, &meta, &admin, demo.contoso_supplier, PORTAL).await;
        assert!(matches!(other, Err(CoreError::NotFound)), "{b}: {other:?}");

        let rows: Vec<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.supplier.activated.v1'"
        ).fetch_all(pool).await)
        .unwrap();
        assert_eq!(rows.len(), 1, "{b}");
        let event: Value = serde_json::from_str(&rows[0]).unwrap();
        assert_eq!(event["data"]["supplier"]["code"], "DLT-01", "{b}");
        assert_eq!(event["data"]["activated_by"], "Nadia Brooks", "{b}");
        let told = mailbox::recent(&t.db).await.unwrap();
        let told: Vec<_> = told
            .iter()
            .filter(|m| m.to_address == "ops@delta.example")
            .map(|m| m.subject.as_str())
            .collect();
        assert_eq!(
            told.len(),
            2,
            "{b}: the invitation, then the activation: {told:?}"
        );
        assert!(told[0].contains("Northwind Distribution"), "{b}: {told:?}");
        let list = suppliers::list(&t.db, &admin).await.unwrap();
        let delta = list.suppliers.iter().find(|s| s.id == id.0).unwrap();
        assert_eq!(
            (delta.status, delta.people, delta.invited),
            (SupplierStatus::Active, 1, 0),
            "{b}"
        );
        assert!(delta.activated_at.is_some(), "{b}");

        // Now orders arrive.
        erp_api::submit_purchase_order(&t.db, &meta, &erp, &order("DLT-1", "DLT-01"), None, PORTAL)
            .await
            .unwrap();

        // PostgreSQL's second wall: a supplier's context cannot add suppliers or change its own status.
        if matches!(t.db, Db::Postgres(_)) {
            let scope = portico_core::Scope::of(&anna.workspace);
            let mut tx = t.db.write(&Context::scope(&scope)).await.unwrap();
            let TxInner::Postgres(conn) = &mut tx.inner else {
                unreachable!()
            };
            let changed = sqlx::query("UPDATE suppliers SET status = 'onboarding', name = 'x'")
                .execute(&mut **conn)
                .await
                .unwrap();
            assert_eq!(changed.rows_affected(), 0, "{b}");
            let planted = sqlx::query(
                "INSERT INTO suppliers (id, tenant_id, code, name, created_at) VALUES ($1, $2, 'EVIL', 'x', now())",
            )
            .bind(uuid::Uuid::now_v7())
            .bind(anna.workspace.tenant_id.0)
            .execute(&mut **conn)
            .await;
            assert!(planted.is_err(), "{b}: {planted:?}");
        }
        t.cleanup().await;
    }
}
