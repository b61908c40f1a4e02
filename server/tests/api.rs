//! The ERP-facing REST API over HTTP on every backend: API keys, purchase orders in (new, change orders, unchanged)
//! with Idempotency-Key, problem+json errors naming the field with nothing half-written, tenant isolation, the
//! event and supplier e-mail each new order makes, correlation ids, and the OpenAPI document.

mod helpers;

use helpers::{spawn_apps, TestApp};
use portico_core::db::Context;
use portico_core::on_db;
use portico_core::seed;
use portico_core::services::erp_api;
use portico_core::testing::sign_in;
use serde_json::{json, Value};

fn order(number: &str, quantity: &str) -> Value {
    json!({
        "number": number,
        "supplier_code": "ACME",
        "order_date": "2026-11-27",
        "currency": "EUR",
        "ship_to": { "name": "Northwind DC Rotterdam", "address": "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL" },
        "payment_terms": "Net 30",
        "incoterms": "FCA",
        "lines": [
            { "line_number": 10, "buyer_item": "300-3100", "description": "Void fill paper roll 450 m",
              "quantity": quantity, "unit_of_measure": "RL", "unit_price": "42.00", "requested_date": "2026-12-09" },
            { "line_number": 20, "buyer_item": "300-4030", "description": "Corrugated box 400 x 300 x 200 mm",
              "quantity": "70.5", "unit_of_measure": "EA", "unit_price": "1.12" }
        ]
    })
}

async fn post(
    app: &TestApp,
    key: Option<&str>,
    idempotency: Option<&str>,
    body: String,
) -> reqwest::Response {
    let mut r = app
        .client
        .post(app.url("/api/v1/purchase-orders"))
        .header("content-type", "application/json")
        .header("x-correlation-id", "erp-run-42")
        .body(body);
    if let Some(k) = key {
        r = r.header("authorization", format!("Bearer {k}"));
    }
    if let Some(i) = idempotency {
        r = r.header("idempotency-key", i);
    }
    r.send().await.expect("POST")
}

async fn get(app: &TestApp, key: &str, path: &str) -> (u16, Value) {
    let r = app
        .client
        .get(app.url(path))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .expect("GET");
    let status = r.status().as_u16();
    (status, r.json_value().await)
}

trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        let text = self.text().await.expect("body");
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    on_db!(&app.test_db.owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .unwrap()
}

#[tokio::test]
async fn purchase_orders_arrive_through_the_api_once_with_their_event_and_mail_on_every_backend() {
    for app in spawn_apps().await {
        let b = app.backend;
        let db = &app.test_db.db;
        let admin = sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let meta = portico_core::audit::RequestMeta::default();
        let (_, key) = erp_api::create_key(db, &meta, &admin, "ERP production")
            .await
            .unwrap();
        assert!(key.starts_with("ptk_"), "{b}");
        let events_before = count(&app, "SELECT COUNT(*) FROM outbox_events").await;
        let mail_before = count(&app, "SELECT COUNT(*) FROM mail_outbox").await;

        // No key, a malformed key, an unknown key: 401 problem+json with a Bearer challenge.
        for k in [
            None,
            Some("nonsense"),
            Some("ptk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ] {
            let r = post(&app, k, None, order("API-1", "60").to_string()).await;
            assert_eq!(r.status(), 401, "{b}: {k:?}");
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{b}"
            );
            assert!(r.headers().contains_key("www-authenticate"), "{b}");
        }

        // A new order: 201, Location, version 1; the same request again with the same key: the same answer,
        // marked replayed, and nothing new.
        let r = post(
            &app,
            Some(&key),
            Some("k-1"),
            order("API-1", "60").to_string(),
        )
        .await;
        assert_eq!(r.status(), 201, "{b}");
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let created = r.json_value().await;
        assert_eq!(created["version"], 1, "{b}");
        assert_eq!(created["total"], "2598.96", "{b}");
        assert_eq!(
            location,
            format!(
                "/api/v1/purchase-orders/{}",
                created["id"].as_str().unwrap()
            )
        );
        let r = post(
            &app,
            Some(&key),
            Some("k-1"),
            order("API-1", "60").to_string(),
        )
        .await;
        assert_eq!(r.status(), 201, "{b}");
        assert_eq!(r.headers()["idempotent-replayed"], "true", "{b}");
        assert_eq!(r.json_value().await, created, "{b}");
        // The same key with another body is a conflict.
        let r = post(
            &app,
            Some(&key),
            Some("k-1"),
            order("API-1", "61").to_string(),
        )
        .await;
        assert_eq!(r.status(), 409, "{b}");
        assert_eq!(
            r.json_value().await["code"],
            "api-idempotency-key-reused",
            "{b}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM outbox_events").await,
            events_before + 1,
            "{b}: one event for one order"
        );
        // The event carries the caller's correlation id; the supplier's two people got a deep link.
        let correlation: Option<String> = on_db!(&app.test_db.owner, pool => sqlx::query_scalar(
            "SELECT correlation_id FROM outbox_events ORDER BY created_at DESC, id DESC LIMIT 1").fetch_one(pool).await)
        .unwrap();
        assert_eq!(correlation.as_deref(), Some("erp-run-42"), "{b}");
        let mails: Vec<(String, Option<String>)> = on_db!(&app.test_db.owner, pool => sqlx::query_as(
            "SELECT to_address, text_body FROM mail_outbox ORDER BY created_at DESC LIMIT 2").fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM mail_outbox").await,
            mail_before + 2,
            "{b}: ACME's two people are told"
        );
        for (_, text) in &mails {
            let text = text.as_deref().unwrap_or_default();
            assert!(
                text.contains(&format!("/orders/{}", created["id"].as_str().unwrap())),
                "{b}: {text}"
            );
        }

        // A change order: same number, new content → version 2 and another event; the same content again changes
        // nothing.
        let r = post(
            &app,
            Some(&key),
            Some("k-2"),
            order("API-1", "80").to_string(),
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        let changed = r.json_value().await;
        assert_eq!(
            (changed["version"].clone(), changed["id"].clone()),
            (json!(2), created["id"].clone()),
            "{b}"
        );
        let r = post(&app, Some(&key), None, order("API-1", "80").to_string()).await;
        assert_eq!(r.status(), 200, "{b}");
        assert_eq!(r.json_value().await["version"], 2, "{b}");
        // Version 1 is kept as it was, for the order page's "what changed".
        let kept: Vec<(i32, String)> = on_db!(&app.test_db.owner, pool => sqlx::query_as(
            "SELECT version, snapshot FROM purchase_order_versions").fetch_all(pool).await)
        .unwrap();
        assert_eq!(kept.len(), 1, "{b}");
        assert_eq!(kept[0].0, 1, "{b}");
        let snapshot: serde_json::Value = serde_json::from_str(&kept[0].1).unwrap();
        assert_eq!(snapshot["lines"][0]["quantity"], "60", "{b}");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM outbox_events").await,
            events_before + 2,
            "{b}"
        );
        let (status, read) = get(&app, &key, &location).await;
        assert_eq!(
            (
                status,
                read["version"].clone(),
                read["lines"][0]["quantity"].clone()
            ),
            (200, json!(2), json!("80")),
            "{b}"
        );

        // Bad input: the field is named, nothing is written.
        let orders_before = count(&app, "SELECT COUNT(*) FROM purchase_orders").await;
        let mut bad_quantity = order("API-2", "abc");
        let mut unknown_supplier = order("API-3", "1");
        unknown_supplier["supplier_code"] = json!("NOPE");
        let mut wrong_type = order("API-4", "1");
        wrong_type["lines"][1]["line_number"] = json!("twenty");
        let mut extra = order("API-5", "1");
        extra["colour"] = json!("blue");
        let mut duplicate = order("API-6", "1");
        duplicate["lines"][1]["line_number"] = json!(10);
        bad_quantity["lines"][0]["quantity"] = json!("abc");
        for (body, status, field) in [
            (bad_quantity.to_string(), 422, "lines[0].quantity"),
            (unknown_supplier.to_string(), 422, "supplier_code"),
            (wrong_type.to_string(), 400, "lines[1].line_number"),
            (duplicate.to_string(), 422, "lines[1].line_number"),
            ("{\"number\": ".to_owned(), 400, ""),
        ] {
            let r = post(&app, Some(&key), None, body.clone()).await;
            assert_eq!(r.status(), status, "{b}: {body}");
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{b}"
            );
            let problem = r.json_value().await;
            assert_eq!(problem["correlation_id"], "erp-run-42", "{b}");
            if !field.is_empty() {
                assert_eq!(problem["field"], field, "{b}: {problem}");
            }
            assert!(
                !problem["detail"].as_str().unwrap_or_default().is_empty(),
                "{b}"
            );
        }
        let r = post(&app, Some(&key), None, extra.to_string()).await;
        assert_eq!(r.status(), 400, "{b}: unknown fields are refused");
        let huge = format!("{{\"notes\": \"{}\"}}", "x".repeat(1_100_000));
        assert_eq!(
            post(&app, Some(&key), None, huge).await.status(),
            413,
            "{b}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM purchase_orders").await,
            orders_before,
            "{b}: nothing half-written"
        );

        // Another tenant's key sees none of this.
        let olga = sign_in(db, "buyer@contoso.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let contoso_key = format!("ptk_{}A", "Q".repeat(42));
        {
            let hash = portico_core::auth::token::hash(&contoso_key);
            let tenant = olga.workspace.tenant_id;
            let mut tx = db.write(&Context::tenant(tenant)).await.unwrap();
            portico_core::db::api::insert_key(
                &mut tx,
                tenant,
                uuid::Uuid::now_v7(),
                "contoso",
                "ptk_QQQQQQ",
                &hash,
                None,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        let (status, _) = get(&app, &contoso_key, &location).await;
        assert_eq!(status, 404, "{b}: another tenant's order is not found");
        let (status, list) = get(&app, &contoso_key, "/api/v1/purchase-orders").await;
        assert_eq!(status, 200, "{b}");
        let numbers: Vec<&str> = list["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_str().unwrap())
            .collect();
        assert!(
            numbers.iter().all(|n| n.starts_with("CON-")),
            "{b}: {numbers:?}"
        );
        let (_, events) = get(
            &app,
            &contoso_key,
            "/api/v1/events?from=2000-01-01T00:00:00Z",
        )
        .await;
        assert!(
            events
                .as_array()
                .unwrap()
                .iter()
                .all(|e| !e.to_string().contains("API-1")),
            "{b}"
        );
        let (status, mine) = get(
            &app,
            &key,
            "/api/v1/events?from=2000-01-01T00:00:00Z&limit=500",
        )
        .await;
        assert_eq!(status, 200, "{b}");
        assert!(
            mine.as_array()
                .unwrap()
                .iter()
                .any(|e| e["data"]["purchase_order"]["number"] == "API-1"),
            "{b}"
        );
        let (status, problem) = get(&app, &key, "/api/v1/events?from=yesterday").await;
        assert_eq!(
            (status, problem["field"].clone()),
            (422, json!("from")),
            "{b}"
        );

        // A revoked key stops working at once.
        let keys = erp_api::keys(db, &admin).await.unwrap();
        erp_api::revoke_key(db, &meta, &admin, keys[0].id)
            .await
            .unwrap();
        let (status, _) = get(&app, &key, &location).await;
        assert_eq!(status, 401, "{b}");

        // The OpenAPI document is public and 3.1.
        let (status, doc) = app.get_text("/api/openapi.json").await;
        let doc: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(status, 200, "{b}");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{b}");
        println!("api [{b}]: 401×3, 201 + replay + 409, change order v2, unchanged, 5 bad bodies named (nothing written), 413, other tenant 404/0 rows, revoked 401");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn edi_interchanges_upload_through_the_api_and_come_back_with_their_997_on_every_backend() {
    const FILE: &str = include_str!("../../core/tests/fixtures/edi/850-northwind-two-orders.x12");
    for app in spawn_apps().await {
        let b = app.backend;
        let db = &app.test_db.db;
        let admin = sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let meta = portico_core::audit::RequestMeta::default();
        let (_, key) = erp_api::create_key(db, &meta, &admin, "EDI gateway")
            .await
            .unwrap();
        let upload = |body: String, key: Option<String>| {
            let mut r = app
                .client
                .post(app.url("/api/v1/edi/interchanges?file_name=po-4711.x12"))
                .header("content-type", "application/edi-x12")
                .body(body);
            if let Some(k) = key {
                r = r.header("authorization", format!("Bearer {k}"));
            }
            r.send()
        };

        let r = upload(FILE.to_owned(), None).await.unwrap();
        assert_eq!(r.status(), 401, "{b}");

        let r = upload(FILE.to_owned(), Some(key.clone())).await.unwrap();
        assert_eq!(r.status(), 200, "{b}");
        let answer = r.json_value().await;
        assert_eq!(answer["standard"], "x12", "{b}");
        assert_eq!(answer["status"], "partial", "{b}");
        assert_eq!(answer["interchange_control"], "000004711", "{b}");
        assert_eq!(answer["sets"][0]["accepted"], true, "{b}");
        assert_eq!(answer["sets"][0]["order_number"], "EDI-4500020001", "{b}");
        assert_eq!(answer["sets"][0]["outcome"], "created", "{b}");
        let error = &answer["sets"][1]["error"];
        assert_eq!(
            (&error["segment"], &error["tag"], &error["element"]),
            (&json!(27), &json!("PO1"), &json!(2)),
            "{b}: {answer}"
        );
        assert!(
            answer["acknowledgement"]
                .as_str()
                .unwrap()
                .contains("AK9*P*2*2*1"),
            "{b}: {answer}"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM purchase_orders WHERE number LIKE 'EDI-%'"
            )
            .await,
            1,
            "{b}"
        );

        // An interchange that cannot be read: 422 naming the place, nothing imported, the log keeps it.
        let broken = FILE.replace("SE*17*0001", "SE*16*0001");
        let r = upload(broken, Some(key.clone())).await.unwrap();
        assert_eq!(r.status(), 422, "{b}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{b}"
        );
        let problem = r.json_value().await;
        assert_eq!(problem["code"], "api-edi-unreadable", "{b}");
        assert_eq!(
            problem["field"], "segment 19 (SE), element 1",
            "{b}: {problem}"
        );
        assert_eq!(
            problem["detail"],
            "segment 19 (SE), element 1: 17 segments counted, the trailer says 16",
            "{b}"
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM edi_interchanges WHERE channel = 'api' AND file_name = 'po-4711.x12'"
            )
            .await,
            2,
            "{b}"
        );
        app.cleanup().await;
    }
}

/// Posts a goods receipt.
async fn post_receipt(app: &TestApp, key: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url("/api/v1/receipts"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {key}"))
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    let status = r.status().as_u16();
    (status, r.json_value().await)
}

#[tokio::test]
async fn goods_receipts_arrive_through_the_api_once_naming_each_mistake_on_every_backend() {
    for app in spawn_apps().await {
        let b = app.backend;
        let db = &app.test_db.db;
        let admin = sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let meta = portico_core::audit::RequestMeta::default();
        let (_, key) = erp_api::create_key(db, &meta, &admin, "WMS").await.unwrap();
        let r = post(&app, Some(&key), None, order("GR-PO-1", "60").to_string()).await;
        assert_eq!(r.status(), 201, "{b}");
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let body =
            |line: Value| json!({ "reference": "WMS-7001", "received_on": today, "lines": [line] });

        // A rejected quantity without a reason, an unknown line, a field the API does not know: each named.
        let (status, problem) = post_receipt(&app, &key, body(json!({
            "purchase_order": "GR-PO-1", "line_number": 10, "received_quantity": "58", "rejected_quantity": "2"
        }))).await;
        assert_eq!(status, 422, "{b}: {problem}");
        assert_eq!(problem["field"], "lines[0].reject_reason", "{b}");
        assert_eq!(problem["code"], "api-reject-reason-required", "{b}");
        let (status, problem) = post_receipt(
            &app,
            &key,
            body(json!({
                "purchase_order": "GR-PO-1", "line_number": 30, "received_quantity": "1"
            })),
        )
        .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (422, Some("lines[0].line_number")),
            "{b}: {problem}"
        );
        let (status, _) = post_receipt(&app, &key, body(json!({
            "purchase_order": "GR-PO-1", "line_number": 10, "received_quantity": "1", "colour": "red"
        }))).await;
        assert_eq!(status, 400, "{b}");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM goods_receipts").await,
            0,
            "{b}: nothing stored"
        );

        // Recorded: 201 with the receipt; the same body again: 200 and the same receipt; changed: 409.
        let good = body(json!({
            "purchase_order": "GR-PO-1", "line_number": 10, "received_quantity": "58", "rejected_quantity": "2",
            "reject_reason": "damaged"
        }));
        let (status, first) = post_receipt(&app, &key, good.clone()).await;
        assert_eq!(status, 201, "{b}: {first}");
        assert_eq!(first["lines"][0]["reject_reason"], "damaged", "{b}");
        assert_eq!(first["supplier"]["code"], "ACME", "{b}");
        let (status, again) = post_receipt(&app, &key, good).await;
        assert_eq!((status, &again), (200, &first), "{b}");
        let (status, problem) = post_receipt(
            &app,
            &key,
            body(json!({
                "purchase_order": "GR-PO-1", "line_number": 10, "received_quantity": "60"
            })),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (409, Some("api-receipt-reference-reused")),
            "{b}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.receipt.recorded.v1'").await,
            1,
            "{b}"
        );
        // Read back by its reference, as recorded; an unknown reference is not found.
        let (status, read) = get(&app, &key, "/api/v1/receipts/WMS-7001").await;
        assert_eq!((status, &read), (200, &first), "{b}");
        let (status, _) = get(&app, &key, "/api/v1/receipts/WMS-0000").await;
        assert_eq!(status, 404, "{b}");
        // The OpenAPI document describes the endpoints.
        let (status, doc) = get(&app, &key, "/api/openapi.json").await;
        assert_eq!(status, 200, "{b}");
        assert!(doc["paths"]["/api/v1/receipts"]["post"].is_object(), "{b}");
        assert!(
            doc["paths"]["/api/v1/receipts/{reference}"]["get"].is_object(),
            "{b}"
        );
        assert!(
            doc["paths"]["/api/v1/ship-notices/{id}"]["get"].is_object(),
            "{b}"
        );
        app.cleanup().await;
    }
}

/// Sends a PATCH to an invoice.
async fn patch_invoice(app: &TestApp, key: &str, id: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .patch(app.url(&format!("/api/v1/invoices/{id}")))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {key}"))
        .body(body.to_string())
        .send()
        .await
        .expect("PATCH");
    let status = r.status().as_u16();
    (status, r.json_value().await)
}

#[tokio::test]
async fn the_erp_decides_invoices_through_the_api_on_every_backend() {
    use portico_core::services::{invoices, purchase_orders};
    use portico_domain::invoicing::InvoiceForm;
    for app in spawn_apps().await {
        let b = app.backend;
        let db = &app.test_db.db;
        let meta = portico_core::audit::RequestMeta::default();
        let admin = sign_in(db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let (_, key) = erp_api::create_key(db, &meta, &admin, "ERP").await.unwrap();
        let r = post(&app, Some(&key), None, order("AP-PO-1", "60").to_string()).await;
        assert_eq!(r.status(), 201, "{b}");
        // The supplier invoices line 10 at a higher price: it waits for the buyer.
        let anna = sign_in(db, "anna@acme.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let scope = portico_core::Scope::of(&anna.workspace);
        let filter = portico_domain::InboxFilter::parse(None, Some("AP-PO-1"), None, None).unwrap();
        let order_id = purchase_orders::list(db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;
        let start = invoices::start(db, &anna, order_id, None).await.unwrap();
        let mut form = InvoiceForm {
            number: "AP-INV-1".into(),
            ..start.form
        };
        form.lines[0].unit_price = "45".into();
        form.lines[1].quantity = String::new();
        let invoice = invoices::submit(
            db,
            &meta,
            "http://portal.test",
            &anna,
            order_id,
            None,
            &form,
            "ap-f1",
        )
        .await
        .unwrap()
        .unwrap()
        .to_string();

        let (status, state) = get(&app, &key, &format!("/api/v1/invoices/{invoice}")).await;
        assert_eq!(status, 200, "{b}: {state}");
        assert_eq!(
            (
                state["status"].as_str(),
                state["total"].as_str(),
                state["kind"].as_str()
            ),
            (Some("submitted"), Some("2700"), Some("invoice")),
            "{b}"
        );
        // Mistakes, each named; nothing recorded.
        let (status, _) = patch_invoice(
            &app,
            &key,
            &invoice,
            json!({ "status": "disputed", "colour": "red" }),
        )
        .await;
        assert_eq!(status, 400, "{b}");
        let (status, problem) =
            patch_invoice(&app, &key, &invoice, json!({ "status": "disputed" })).await;
        assert_eq!(
            (status, problem["field"].as_str(), problem["code"].as_str()),
            (422, Some("reason"), Some("inv-error-reason")),
            "{b}: {problem}"
        );
        let (status, problem) = patch_invoice(
            &app,
            &key,
            &invoice,
            json!({ "status": "paid", "paid_on": "2026-11-27" }),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (422, Some("inv-error-transition")),
            "{b}: {problem}"
        );
        let (status, problem) = patch_invoice(
            &app,
            &key,
            &invoice,
            json!({ "status": "disputed", "reason": "x".repeat(1001) }),
        )
        .await;
        assert_eq!(
            (status, problem["detail"].as_str()),
            (422, Some("At most 1000 characters.")),
            "{b}: {problem}"
        );
        let (status, _) = patch_invoice(&app, &key, &invoice, json!({ "status": "lost" })).await;
        assert_eq!(status, 422, "{b}");
        let (status, _) = patch_invoice(
            &app,
            &key,
            "0193a0b0-0000-7000-8000-000000000000",
            json!({ "status": "approved" }),
        )
        .await;
        assert_eq!(status, 404, "{b}");
        let changed = "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.invoice.status_changed.v1'";
        assert_eq!(count(&app, changed).await, 0, "{b}");

        // Disputed (twice: one event), approved, paid with its date.
        for _ in 0..2 {
            let (status, state) = patch_invoice(
                &app,
                &key,
                &invoice,
                json!({ "status": "disputed", "reason": "Line 10 above the agreed price." }),
            )
            .await;
            assert_eq!(status, 200, "{b}: {state}");
            assert_eq!(
                state["dispute_reason"], "Line 10 above the agreed price.",
                "{b}"
            );
        }
        let (status, _) =
            patch_invoice(&app, &key, &invoice, json!({ "status": "approved" })).await;
        assert_eq!(status, 200, "{b}");
        let (status, problem) =
            patch_invoice(&app, &key, &invoice, json!({ "status": "paid" })).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (422, Some("paid_on")),
            "{b}"
        );
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let (status, state) = patch_invoice(
            &app,
            &key,
            &invoice,
            json!({ "status": "paid", "paid_on": today }),
        )
        .await;
        assert_eq!(status, 200, "{b}: {state}");
        assert_eq!(
            (state["status"].as_str(), state["paid_on"].as_str()),
            (Some("paid"), Some(today.as_str())),
            "{b}"
        );
        assert_eq!(count(&app, changed).await, 3, "{b}");
        // The supplier sees the ERP's decision; the OpenAPI document describes the endpoints.
        let view = invoices::view(db, &anna, invoice.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(view.status.code(), "paid", "{b}");
        let (_, doc) = get(&app, &key, "/api/openapi.json").await;
        assert!(
            doc["paths"]["/api/v1/invoices/{id}"]["patch"].is_object(),
            "{b}"
        );
        assert!(
            doc["paths"]["/api/v1/invoices/{id}"]["get"].is_object(),
            "{b}"
        );
        app.cleanup().await;
    }
}
