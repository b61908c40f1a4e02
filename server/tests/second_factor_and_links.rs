//! Two-factor sign-in and document links over HTTP, on every backend: the password alone never opens a session of
//! an account with a second factor; an organisation's requirement closes everything but the set-up page; a document
//! link opens its one order and nothing else. Each test prints its figures.

mod helpers;

use helpers::{client, post_form_with, spawn_app, TestApp};
use portico_core::auth::totp;
use portico_core::seed::{DEMO_PASSWORD, OTHER_TENANT_ACCOUNTS};
use portico_core::services::purchase_orders;
use portico_core::testing::{sign_in, TestDb};
use portico_core::Scope;
use portico_domain::InboxFilter;
use serde_json::Value;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn json(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Value) {
    let r = client
        .get(app.url(path))
        .header("accept", "application/json")
        .send()
        .await
        .expect("GET");
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

async fn signed_in_client(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let r = post_form_with(
        &c,
        &app.url("/api/login"),
        &[("email", email), ("password", DEMO_PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 200, "{}: login {email}", app.backend);
    c
}

#[tokio::test]
async fn two_factor_sign_in_and_an_organisation_requirement() {
    for test_db in TestDb::all().await.expect("test databases") {
        let app = spawn_app(test_db).await;
        let b = app.backend;
        let sam = signed_in_client(&app, "sam@acme.example").await;

        // Set up: a QR code and key, confirmed by a code from the "app"; recovery codes are shown exactly once.
        let r = post_form_with(&sam, &app.url("/api/mfa/start"), &[]).await;
        assert_eq!(r.status(), 200, "{b}");
        let (s, page) = json(&app, &sam, "/api/mfa").await;
        assert_eq!(s, 200, "{b}: {page}");
        let secret = page["status"]["pending"]["secret_grouped"]
            .as_str()
            .unwrap()
            .replace(' ', "");
        let r = post_form_with(
            &sam,
            &app.url("/api/mfa/confirm"),
            &[("code", "000000"), ("current_password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 422, "{b}: wrong code");
        let code = totp::code_at(&secret, now()).unwrap();
        let r = post_form_with(
            &sam,
            &app.url("/api/mfa/confirm"),
            &[("code", &code), ("current_password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        // The codes are shown on the page the action returns to (its URL names them), and nowhere else.
        let back = r.headers()["location"].to_str().unwrap().to_owned();
        let nonce = back
            .split("codes=")
            .nth(1)
            .expect("codes in the return URL")
            .to_owned();
        let (_, page) = json(&app, &sam, &format!("/api/mfa?codes={nonce}")).await;
        let codes: Vec<String> = serde_json::from_value(page["fresh_codes"].clone()).unwrap();
        assert_eq!(codes.len(), 10, "{b}");
        let (_, again) = json(&app, &sam, "/api/mfa").await;
        assert!(again["fresh_codes"].is_null(), "{b}: not on the plain page");
        let (_, guessed) = json(&app, &sam, "/api/mfa?codes=guess").await;
        assert!(
            guessed["fresh_codes"].is_null(),
            "{b}: not with another nonce"
        );

        // A new browser: the password leads to the second step, not into the portal.
        let other = client();
        let r = post_form_with(
            &other,
            &app.url("/api/login"),
            &[("email", "sam@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        assert_eq!(
            r.headers().get("location").map(|v| v.to_str().unwrap()),
            Some("/login/two-factor"),
            "{b}"
        );
        let (s, _) = json(&app, &other, "/api/purchase-orders").await;
        assert_eq!(s, 401, "{b}: not signed in after the password alone");
        let r = post_form_with(
            &other,
            &app.url("/api/login/two-factor"),
            &[("code", "111111")],
        )
        .await;
        assert_eq!(r.status(), 422, "{b}");
        let r = post_form_with(
            &other,
            &app.url("/api/login/two-factor"),
            &[("code", &codes[0])],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        let (s, _) = json(&app, &other, "/api/purchase-orders").await;
        assert_eq!(s, 200, "{b}: signed in with a recovery code");
        // The same recovery code does not work twice.
        let third = client();
        post_form_with(
            &third,
            &app.url("/api/login"),
            &[("email", "sam@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        let r = post_form_with(
            &third,
            &app.url("/api/login/two-factor"),
            &[("code", &codes[0])],
        )
        .await;
        assert_eq!(r.status(), 422, "{b}: recovery code reused");
        // Without a pending sign-in the second step goes nowhere.
        let stranger = client();
        let r = post_form_with(
            &stranger,
            &app.url("/api/login/two-factor"),
            &[("code", &codes[1])],
        )
        .await;
        assert_eq!(r.status(), 401, "{b}");

        // The buyer administrator requires two-factor sign-in for suppliers: Berta (no second factor) is held on the
        // set-up page, as API and as pages, until she sets it up.
        let berta = signed_in_client(&app, "berta@bolt.example").await;
        let admin = signed_in_client(&app, "admin@northwind.example").await;
        let r = post_form_with(
            &berta,
            &app.url("/api/mfa/policy/save"),
            &[("suppliers", "on")],
        )
        .await;
        assert_eq!(r.status(), 403, "{b}: suppliers do not set the policy");
        let r = post_form_with(
            &admin,
            &app.url("/api/mfa/policy/save"),
            &[("suppliers", "on")],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        let mut held = 0;
        for path in ["/api/purchase-orders", "/api/people"] {
            let (s, body) = json(&app, &berta, path).await;
            assert_eq!(s, 403, "{b}: {path}");
            assert_eq!(body, Value::String("TwoFactorSetupRequired".into()), "{b}");
            held += 1;
        }
        let r = berta
            .get(app.url("/orders"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302, "{b}");
        assert_eq!(
            r.headers().get("location").map(|v| v.to_str().unwrap()),
            Some("/account/two-factor"),
            "{b}: pages send to the set-up"
        );
        let (s, _) = json(&app, &berta, "/api/mfa").await;
        assert_eq!(s, 200, "{b}: the set-up stays open");
        post_form_with(&berta, &app.url("/api/mfa/start"), &[]).await;
        let (_, page) = json(&app, &berta, "/api/mfa").await;
        assert_eq!(page["status"]["required"], Value::Bool(true), "{b}");
        let secret = page["status"]["pending"]["secret_grouped"]
            .as_str()
            .unwrap()
            .replace(' ', "");
        let code = totp::code_at(&secret, now()).unwrap();
        let r = post_form_with(
            &berta,
            &app.url("/api/mfa/confirm"),
            &[("code", &code), ("current_password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        let (s, _) = json(&app, &berta, "/api/purchase-orders").await;
        assert_eq!(s, 200, "{b}: open once set up");
        let r = post_form_with(
            &berta,
            &app.url("/api/mfa/disable"),
            &[("current_password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 422, "{b}: cannot switch off while required");
        println!("{b}: second factor required after password; {held}/2 APIs held until set-up; recovery code single use");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_document_link_opens_its_order_and_nothing_else() {
    for test_db in TestDb::all().await.expect("test databases") {
        let app = spawn_app(test_db).await;
        let b = app.backend;
        let db = &app.test_db.db;
        let anna = sign_in(db, "anna@acme.example", DEMO_PASSWORD)
            .await
            .unwrap();
        let acme = purchase_orders::list(
            db,
            &Scope::of(&anna.user.workspace),
            &InboxFilter::default(),
        )
        .await
        .unwrap()
        .items;
        let contoso = sign_in(db, OTHER_TENANT_ACCOUNTS[0].email, DEMO_PASSWORD)
            .await
            .unwrap();
        let foreign = purchase_orders::list(
            db,
            &Scope::of(&contoso.user.workspace),
            &InboxFilter::default(),
        )
        .await
        .unwrap()
        .items;
        let po = acme[0].id.to_string();

        // A buyer administrator shares the order; the contact's e-mail holds a /link URL built from the public URL.
        let buyer = signed_in_client(&app, "admin@northwind.example").await;
        let r = post_form_with(
            &buyer,
            &app.url("/api/purchase-order/share"),
            &[("id", &po), ("email", "orders@acme.example")],
        )
        .await;
        assert_eq!(r.status(), 200, "{b}");
        let supplier = signed_in_client(&app, "anna@acme.example").await;
        let r = post_form_with(
            &supplier,
            &app.url("/api/purchase-order/share"),
            &[("id", &po), ("email", "x@acme.example")],
        )
        .await;
        assert_eq!(r.status(), 403, "{b}: suppliers do not share");
        let mail = portico_core::services::mailbox::recent(db)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.to_address == "orders@acme.example")
            .expect("mail");
        let text = mail.text_body.unwrap();
        let start = text
            .find("http://127.0.0.1:3000/link?token=")
            .expect("link in mail");
        let token = &text[start + "http://127.0.0.1:3000/link?token=".len()..][..43];

        // Opening: the GET page only describes it (mail scanners do not spend it); the button opens it.
        let guest = client();
        let r = guest
            .get(app.url(&format!("/link?token={token}")))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{b}");
        assert!(r.text().await.unwrap().contains(&acme[0].number), "{b}");
        let r = post_form_with(&guest, &app.url("/api/link/open"), &[("token", token)]).await;
        assert_eq!(r.status(), 200, "{b}");
        let r = post_form_with(&client(), &app.url("/api/link/open"), &[("token", token)]).await;
        assert_eq!(r.status(), 410, "{b}: single use");

        let (s, shared) = json(&app, &guest, &format!("/api/shared/order?id={po}")).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            shared["po"]["number"].as_str(),
            Some(acme[0].number.as_str()),
            "{b}"
        );
        assert_eq!(shared["offer"].as_str(), Some("Create"), "{b}");
        let page = guest
            .get(app.url(&format!("/shared/orders/{po}")))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{b}");
        assert!(page.text().await.unwrap().contains(&acme[0].number), "{b}");

        // Everything else stays shut: the same supplier's other orders, another tenant's, lists, the signed-in API.
        let mut denied = 0;
        let mut probes = 0;
        for other in acme.iter().skip(1).take(5).chain(foreign.iter()) {
            for path in [
                format!("/api/shared/order?id={}", other.id),
                format!("/api/purchase-order?id={}", other.id),
            ] {
                probes += 1;
                let (s, body) = json(&app, &guest, &path).await;
                assert!(s == 401 || s == 404, "{b}: {path} answered {s}");
                assert!(
                    !body.to_string().contains(&other.number),
                    "{b}: {path} leaked"
                );
                denied += 1;
            }
        }
        for path in [
            "/api/purchase-orders",
            &format!("/api/purchase-order?id={po}"),
            "/api/people",
            "/api/sessions",
        ] {
            probes += 1;
            let (s, _) = json(&app, &guest, path).await;
            assert_eq!(s, 401, "{b}: {path}");
            denied += 1;
        }
        let r = guest
            .get(app.url("/orders"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302, "{b}: the list needs a sign-in");

        // The account offer e-mails an invitation to the link's address (never to the browser that holds the link).
        let r = post_form_with(&guest, &app.url("/api/link/account"), &[("id", &po)]).await;
        assert_eq!(r.status(), 200, "{b}");
        let to = r
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(to.contains("notice=offer-sent"), "{b}: {to}");
        assert!(!to.contains("token"), "{b}: {to}");
        let invitation = portico_core::services::mailbox::recent(db)
            .await
            .unwrap()
            .into_iter()
            .find(|m| {
                m.to_address == "orders@acme.example"
                    && m.text_body
                        .as_deref()
                        .unwrap_or("")
                        .contains("/invitation?token=")
            });
        assert!(invitation.is_some(), "{b}: invitation mailed");
        println!("{b}: document link: 1 order open, {denied}/{probes} other reads denied, link single use");
        app.cleanup().await;
    }
}
