//! HTTP tests through the real router, on every configured backend.

mod helpers;

use helpers::{spawn_app, spawn_apps};
use portico_core::seed::DEMO_PASSWORD;
use portico_core::services::purchase_orders;
use portico_core::testing::TestDb;
use portico_core::Scope;
use portico_domain::InboxFilter;

#[tokio::test]
async fn health_and_metrics_answer() {
    for app in spawn_apps().await {
        let (status, body) = app.get_text("/healthz").await;
        assert_eq!(status, 200, "{}", app.backend);
        assert!(body.contains("\"database\":\"ok\""), "{body}");
        let (status, body) = app.get_text("/metrics").await;
        assert_eq!(status, 200);
        assert!(
            body.contains("http_requests_total"),
            "{}: {body}",
            app.backend
        );
        assert!(
            body.contains("http_request_duration_seconds_bucket"),
            "histogram buckets: {body}"
        );
        assert!(body.contains("route=\"/healthz\""), "route label: {body}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn login_succeeds_then_shows_the_inbox_and_rotates_the_session() {
    for app in spawn_apps().await {
        let res = app.login("anna@acme.example", DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "{}", app.backend);
        let cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        let first_cookie = cookies
            .iter()
            .find(|c| c.starts_with("portico_session="))
            .cloned()
            .expect("session cookie");
        // A first sign-in from this browser also makes it a trusted device (see the brute-force test).
        let device = cookies
            .iter()
            .find(|c| c.starts_with("portico_device="))
            .expect("device cookie");
        assert!(
            device.contains("HttpOnly") && device.contains("SameSite=Lax"),
            "{device}"
        );
        assert!(
            first_cookie.starts_with("portico_session="),
            "{first_cookie}"
        );
        assert!(
            first_cookie.contains("HttpOnly") && first_cookie.contains("SameSite=Lax"),
            "{first_cookie}"
        );
        assert!(first_cookie.contains("Path=/"), "{first_cookie}");

        let (status, body) = app.get_text("/orders").await;
        assert_eq!(status, 200, "{}", app.backend);
        assert!(
            body.contains("Orders from Northwind Distribution"),
            "{body}"
        );
        assert!(body.contains("Anna Lopez"));
        assert!(body.contains("class=\"po-link\""));
        // The language form returns to the page it was on, also as plain HTML.
        let (_, filtered) = app.get_text("/orders?status=new").await;
        assert!(
            filtered.contains(r#"name="back" value="/orders?status=new""#),
            "language form's way back"
        );

        // Logging in again issues a different session id.
        let again = app.login("anna@acme.example", DEMO_PASSWORD).await;
        let second_cookie = again
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let id = |c: &str| c.split(';').next().unwrap_or_default().to_owned();
        assert_ne!(
            id(&first_cookie),
            id(second_cookie),
            "session id rotated at login on {}",
            app.backend
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn wrong_credentials_get_one_generic_answer() {
    for app in spawn_apps().await {
        let wrong_pw = app.login("anna@acme.example", "not-the-password").await;
        let (s1, b1) = (wrong_pw.status(), wrong_pw.text().await.unwrap());
        let unknown = app.login("nobody@acme.example", DEMO_PASSWORD).await;
        let (s2, b2) = (unknown.status(), unknown.text().await.unwrap());
        assert_eq!(s1, 401, "{}", app.backend);
        assert_eq!(
            (s1, &b1),
            (s2, &b2),
            "known and unknown e-mails answer alike"
        );
        assert_eq!(b1, "\"InvalidCredentials\"");
        // Still signed out.
        let res = app.get("/orders").await;
        assert_eq!(res.status(), 302);

        // A plain HTML form post is sent back to the form with the reason.
        let res = app
            .login_form("anna@acme.example", "nope", "/orders?status=new")
            .await;
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().unwrap();
        assert_eq!(
            location,
            "/login?error=credentials&next=/orders%3Fstatus%3Dnew"
        );
        let (_, page) = app.get_text(location).await;
        assert!(
            page.contains("The email or password is not correct."),
            "{page}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_login_and_back() {
    for app in spawn_apps().await {
        let res = app.get("/orders?status=new").await;
        assert_eq!(res.status(), 302, "{}", app.backend);
        assert_eq!(
            res.headers()["location"],
            "/login?next=/orders%3Fstatus%3Dnew"
        );
        // The form carries the destination in its HTML, so it survives a post before (or without) JavaScript.
        let (_, login_page) = app.get_text("/login?next=/orders%3Fstatus%3Dnew").await;
        assert!(
            login_page.contains(r#"name="next" value="/orders?status=new""#),
            "{login_page}"
        );

        // After a plain form login the browser is sent to the page it wanted.
        let res = app
            .login_form("anna@acme.example", DEMO_PASSWORD, "/orders?status=new")
            .await;
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/orders?status=new");

        // An off-site destination is ignored.
        let res = app
            .login_form("anna@acme.example", DEMO_PASSWORD, "//evil.example/x")
            .await;
        assert_eq!(res.headers()["location"], "/orders");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_supplier_cannot_list_or_open_another_suppliers_or_tenants_orders() {
    for app in spawn_apps().await {
        let db = &app.test_db.db;
        // Ids and numbers of other suppliers' and another tenant's orders, read with trusted scopes.
        let buyer = portico_core::testing::sign_in(db, "buyer@northwind.example", DEMO_PASSWORD)
            .await
            .unwrap();
        let all = purchase_orders::list(
            db,
            &Scope::of(&buyer.user.workspace),
            &InboxFilter::default(),
        )
        .await
        .unwrap();
        let foreign: Vec<_> = all
            .items
            .iter()
            .filter(|p| !p.supplier_name.starts_with("Acme"))
            .collect();
        let own = all
            .items
            .iter()
            .find(|p| p.supplier_name.starts_with("Acme"))
            .unwrap();
        let contoso = portico_core::testing::sign_in(db, "buyer@contoso.example", DEMO_PASSWORD)
            .await
            .unwrap();
        let contoso_pos = purchase_orders::list(
            db,
            &Scope::of(&contoso.user.workspace),
            &InboxFilter::default(),
        )
        .await
        .unwrap();

        app.login("anna@acme.example", DEMO_PASSWORD).await;
        let (status, _) = app.get_text(&format!("/orders/{}", own.id)).await;
        assert_eq!(status, 200, "own PO opens on {}", app.backend);

        let mut denied = 0;
        let targets: Vec<_> = foreign
            .iter()
            .take(10)
            .map(|p| (p.id, p.number.clone()))
            .chain(contoso_pos.items.iter().map(|p| (p.id, p.number.clone())))
            .collect();
        for (id, number) in &targets {
            let (status, body) = app.get_text(&format!("/orders/{id}")).await;
            assert_eq!(status, 404, "{} page for {number}", app.backend);
            assert!(
                !body.contains(number.as_str()),
                "foreign number leaked in the 404 page"
            );
            let (status, body) = app.get_text(&format!("/api/purchase-order?id={id}")).await;
            assert_eq!(status, 404, "{} API for {number}", app.backend);
            assert!(!body.contains(number.as_str()));
            let (status, body) = app.get_text(&format!("/orders?q={number}")).await;
            assert_eq!(status, 200);
            assert!(
                !body.contains(&format!("data-po=\"{number}\"")),
                "{number} listed for the wrong supplier"
            );
            denied += 1;
        }
        // Unknown ids and garbage answer exactly like foreign ones.
        let (status, unknown_body) = app
            .get_text(&format!("/orders/{}", uuid::Uuid::now_v7()))
            .await;
        assert_eq!(status, 404);
        let (_, foreign_body) = app.get_text(&format!("/orders/{}", targets[0].0)).await;
        assert_eq!(
            helpers::TestApp::main_of(&unknown_body),
            helpers::TestApp::main_of(&foreign_body),
            "unknown and foreign POs answer the same page"
        );
        assert_eq!(app.get_text("/orders/not-a-uuid").await.0, 404);
        println!(
            "{}: {denied}/{} foreign purchase orders denied",
            app.backend,
            targets.len()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_buyer_sees_every_supplier_of_its_tenant_only() {
    for app in spawn_apps().await {
        app.login("buyer@northwind.example", DEMO_PASSWORD).await;
        let (status, body) = app.get_text("/orders").await;
        assert_eq!(status, 200, "{}", app.backend);
        for supplier in [
            "Acme Industrial Supply",
            "Bolt &amp; Mutter GmbH",
            "Cascade Packaging Co.",
        ] {
            assert!(
                body.contains(supplier),
                "{supplier} missing on {}",
                app.backend
            );
        }
        assert!(
            !body.contains("CON-1") && !body.contains("Contoso"),
            "foreign tenant leaked"
        );
        assert_eq!(
            body.matches("class=\"po-link\"").count(),
            50,
            "first page holds 50 rows"
        );
        assert!(body.contains("rel=\"next\""));
        let (status, body) = app.get_text("/orders?q=CON-").await;
        assert_eq!(status, 200);
        assert!(body.contains("No purchase orders match these filters."));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn malformed_filters_and_cursors_are_400_not_500() {
    for app in spawn_apps().await {
        app.login("anna@acme.example", DEMO_PASSWORD).await;
        for query in [
            "after=%%%",
            "after=bm90aGluZw",
            "before=MjAyNi0xMy0wMXxhYmM",
            "status=bogus",
            "after=a&before=b",
        ] {
            let (status, body) = app.get_text(&format!("/orders?{query}")).await;
            assert_eq!(status, 400, "{query} on {}", app.backend);
            assert!(
                body.contains("This list cannot be shown"),
                "{query}: clear message"
            );
            let (status, body) = app.get_text(&format!("/api/purchase-orders?{query}")).await;
            assert_eq!(status, 400, "API {query}");
            assert!(body.contains("BadList"), "{body}");
        }
        let long = "x".repeat(65);
        assert_eq!(app.get_text(&format!("/orders?q={long}")).await.0, 400);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn logout_makes_the_old_cookie_worthless() {
    for app in spawn_apps().await {
        let res = app.login("sam@acme.example", DEMO_PASSWORD).await;
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("portico_session="))
            .and_then(|c| c.split(';').next())
            .expect("session cookie")
            .to_owned();
        // The cookie works on its own before the logout…
        let res = helpers::client()
            .get(app.url("/orders"))
            .header("cookie", &cookie)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "cookie replay before logout on {}",
            app.backend
        );
        let res = app
            .client
            .post(app.url("/api/logout"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "{}", app.backend);
        assert_eq!(res.headers()["location"], "/login");
        // Replay the old cookie with a fresh client.
        let res = helpers::client()
            .get(app.url("/orders"))
            .header("cookie", cookie)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "old session rejected on {}", app.backend);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn pages_speak_the_visitors_language() {
    for app in spawn_apps().await {
        let res = app
            .client
            .get(app.url("/login"))
            .header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(body.contains("<html lang=\"de\""), "{}", app.backend);
        assert!(body.contains("Bei Portico anmelden"));
        // The cookie wins over the header.
        let res = app
            .client
            .get(app.url("/login"))
            .header("accept-language", "de")
            .header("cookie", "portico_lang=en")
            .send()
            .await
            .unwrap();
        assert!(res.text().await.unwrap().contains("Sign in to Portico"));
        // German formatting of dates and money on the detail page.
        app.login("berta@bolt.example", DEMO_PASSWORD).await;
        let res = app
            .client
            .get(app.url("/orders"))
            .header("accept-language", "de")
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(body.contains("Bestellungen von Northwind Distribution"));
        assert!(body.contains("\u{a0}€"), "German money format");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn unknown_paths_answer_404_and_pages_carry_security_headers() {
    for app in spawn_apps().await {
        let res = app.get("/no/such/page").await;
        assert_eq!(res.status(), 404, "{}", app.backend);
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["x-frame-options"], "DENY");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{part} missing from {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let body = res.text().await.unwrap();
        assert!(body.contains("Not found"));
        // Every inline script carries the nonce the policy names.
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("nonce in CSP");
        assert_eq!(
            body.matches("<script").count(),
            body.matches(&format!("nonce=\"{nonce}\"")).count()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    for app in spawn_apps().await {
        let post = |headers: Vec<(&'static str, String)>| {
            let mut req = helpers::client()
                .post(app.url("/api/login"))
                .header("accept", "application/json")
                .form(&[("email", "anna@acme.example"), ("password", DEMO_PASSWORD)]);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            req.send()
        };
        let cross = [
            vec![("sec-fetch-site", "cross-site".to_owned())],
            vec![("sec-fetch-site", "same-site".to_owned())],
            vec![("origin", "https://evil.example".to_owned())],
            vec![("origin", "null".to_owned())],
            vec![
                ("sec-fetch-site", "cross-site".to_owned()),
                ("origin", app.address.clone()),
            ],
        ];
        let same = [
            vec![("sec-fetch-site", "same-origin".to_owned())],
            vec![("sec-fetch-site", "none".to_owned())],
            vec![("origin", app.address.clone())],
            vec![],
        ];
        let mut blocked = 0;
        for h in &cross {
            let res = post(h.clone()).await.unwrap();
            assert_eq!(res.status(), 403, "{h:?} on {}", app.backend);
            assert!(
                res.headers().get("set-cookie").is_none(),
                "no session for a refused request"
            );
            blocked += 1;
        }
        let mut allowed = 0;
        for h in &same {
            let res = post(h.clone()).await.unwrap();
            assert_eq!(res.status(), 200, "{h:?} on {}", app.backend);
            allowed += 1;
        }
        // Reads are never refused, wherever they come from.
        let res = app
            .client
            .get(app.url("/login"))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        println!(
            "{}: cross-site POSTs blocked {blocked}/{}; same-origin OK {allowed}/{}",
            app.backend,
            cross.len(),
            same.len()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_event_catalogue_and_its_schemas_are_published() {
    let app = spawn_app(TestDb::sqlite().await.expect("sqlite")).await;
    let (status, body) = app.get_text("/api/events/catalogue").await;
    assert_eq!(status, 200, "{body}");
    let catalogue: serde_json::Value = serde_json::from_str(&body).unwrap();
    let types = catalogue["types"].as_array().unwrap();
    assert!(!types.is_empty());
    for t in types {
        let path = t["dataschema"].as_str().unwrap();
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-type"], "application/schema+json");
        let schema: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
        assert_eq!(schema["$id"].as_str(), Some(path));
    }
    let res = app.get("/api/events/schemas/nothing.v9.json").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    app.cleanup().await;
}

/// A `multipart/form-data` body with the invoice field and one file, as a browser sends the attach form.
fn attach_form(invoice: &str, file_name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----portico-test-boundary-7d3f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"invoice\"\r\n\r\n{invoice}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn invoice_attachments_are_checked_by_content_and_download_only_as_files() {
    use portico_core::services::invoices;
    use portico_core::testing::{receive_orders, sign_in};
    use portico_domain::invoicing::InvoiceForm;
    for app in spawn_apps().await {
        let b = app.backend;
        let db = &app.test_db.db;
        let anna = sign_in(db, "anna@acme.example", DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let supplier = anna.workspace.supplier_id.unwrap();
        receive_orders(db, anna.workspace.tenant_id, supplier, "ATH", 1)
            .await
            .unwrap();
        let scope = Scope::of(&anna.workspace);
        let filter = InboxFilter::parse(None, Some("ATH-0"), None, None).unwrap();
        let order = purchase_orders::list(db, &scope, &filter)
            .await
            .unwrap()
            .items[0]
            .id;
        let start = invoices::start(db, &anna, order, None).await.unwrap();
        let form = InvoiceForm {
            number: "ATH-INV-1".into(),
            ..start.form
        };
        let meta = portico_core::audit::RequestMeta::default();
        let invoice = invoices::submit(
            db,
            &meta,
            "http://portal.test",
            &anna,
            order,
            None,
            &form,
            "ath-f1",
        )
        .await
        .unwrap()
        .unwrap()
        .to_string();
        assert_eq!(
            app.login("anna@acme.example", DEMO_PASSWORD).await.status(),
            200,
            "{b}"
        );
        let attach = |file_name: &'static str, content: Vec<u8>| {
            let (content_type, body) = attach_form(&invoice, file_name, &content);
            app.client
                .post(app.url("/api/invoices/attach"))
                .header("accept", "text/html")
                .header("content-type", content_type)
                .body(body)
                .send()
        };

        // A PNG named .pdf goes back to the invoice page saying so; nothing stored.
        let res = attach("scan.pdf", b"\x89PNG\r\n\x1a\n0000".to_vec())
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{b}: {}", res.status());
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.contains("attach_error=attach-error-not-pdf"),
            "{b}: {location}"
        );
        // A PDF is kept under its own id; the name sent is only a label.
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".to_vec();
        let res = attach("../../etc/Rechnung M\u{e4}rz.pdf", pdf.clone())
            .await
            .unwrap();
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.contains("notice=attachment-added"),
            "{b}: {location}"
        );
        let view = invoices::view(db, &anna, invoice.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(view.attachments.len(), 1, "{b}");
        let file = &view.attachments[0];
        assert_eq!(file.file_name, "Rechnung M\u{e4}rz.pdf", "{b}");

        // Download: the same bytes, only ever as a file, not sniffed, not cached.
        let path = format!("/api/invoices/attachment?invoice={invoice}&id={}", file.id);
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200, "{b}");
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "application/pdf", "{b}");
        assert_eq!(
            h["content-disposition"],
            "attachment; filename=\"Rechnung M_rz.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf",
            "{b}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{b}");
        assert!(
            h["cache-control"].to_str().unwrap().contains("no-store"),
            "{b}"
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), pdf.as_slice(), "{b}");

        // Another organisation's people do not get it.
        let other = helpers::client();
        other
            .post(app.url("/api/login"))
            .header("accept", "application/json")
            .form(&[
                ("email", "buyer@contoso.example"),
                ("password", DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        let res = other
            .get(app.url(&path))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{b}");
        app.cleanup().await;
    }
}
