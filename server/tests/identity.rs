//! Identity over HTTP on every backend: password reset by e-mail through a real SMTP server on loopback, attempt
//! limits that do not let an attacker lock a person out, and sessions that end when they should (RELIABILITY.md
//! checks 9, 11, 12). Each test prints its figures.

mod helpers;
mod smtp_sink;

use helpers::{client, post_form_with, spawn_app_with, TestApp};
use portico_core::seed::DEMO_PASSWORD;
use portico_core::testing::TestDb;
use serde_json::json;
use smtp_sink::{find_link, SmtpSink};

const NEW_PASSWORD: &str = "marble lantern orchard ferry";

#[tokio::test]
async fn password_reset_by_email_spends_its_link_and_ends_old_sessions() {
    for test_db in TestDb::all().await.expect("test databases") {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(test_db, json!({ "smtp_url": sink.url() })).await;
        let backend = app.backend;

        // An old session that knows the old password.
        let old = client();
        let r = post_form_with(
            &old,
            &app.url("/api/login"),
            &[("email", "anna@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 200, "{backend}");

        // Known and unknown addresses get the same answer; only the known one gets mail.
        let known = app
            .post_form("/api/password/forgot", &[("email", "Anna@Acme.example")])
            .await;
        let unknown = app
            .post_form("/api/password/forgot", &[("email", "nobody@acme.example")])
            .await;
        assert_eq!(known.status(), unknown.status(), "{backend}");
        assert_eq!(
            known.text().await.unwrap(),
            unknown.text().await.unwrap(),
            "{backend}"
        );
        let bad = app
            .post_form("/api/password/forgot", &[("email", "not an address")])
            .await;
        assert_eq!(bad.status(), 422, "{backend}");

        let mail = sink.wait_for("anna@acme.example").await;
        assert!(
            mail.data.contains("multipart/alternative"),
            "{backend}: {}",
            mail.data
        );
        assert!(
            mail.data.contains("text/plain") && mail.data.contains("text/html"),
            "{backend}"
        );
        // The link is built from the configured public URL, not from the Host the request was sent to.
        let link =
            find_link(&mail, "http://127.0.0.1:3000/reset-password?token=").expect("reset link");
        let token = link.rsplit("token=").next().unwrap().to_owned();
        assert_eq!(token.len(), 43, "{backend}: {link}");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(
            sink.messages().len(),
            1,
            "{backend}: mail went to an unknown address"
        );

        // The link opens; weak or mismatched passwords are refused with the field named; the link still works.
        let (status, body) = app
            .get_text(&format!("/api/password/reset-link?token={token}"))
            .await;
        assert_eq!(status, 200, "{backend}: {body}");
        assert!(body.contains("anna@acme.example"), "{backend}: {body}");
        for (pw, confirm, expected) in [
            ("short", "short", "password-too-short"),
            ("password12345", "password12345", "password-too-common"),
            (NEW_PASSWORD, "something else entirely", "password-mismatch"),
        ] {
            let r = app
                .post_form(
                    "/api/password/reset",
                    &[("token", &token), ("password", pw), ("confirm", confirm)],
                )
                .await;
            assert_eq!(r.status(), 422, "{backend}: {pw}");
            assert!(
                r.text().await.unwrap().contains(expected),
                "{backend}: {pw}"
            );
        }
        let r = app
            .post_form(
                "/api/password/reset",
                &[
                    ("token", &token),
                    ("password", NEW_PASSWORD),
                    ("confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), 200, "{backend}");

        // Spent, tampered and garbage links: a clear answer, never a 500.
        let mut tampered = token.clone();
        tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
        let mut statuses = Vec::new();
        for (t, expected_status, expected_text) in [
            (token.as_str(), 410, "Used"),
            (tampered.as_str(), 404, "Invalid"),
            ("garbage", 404, "Invalid"),
        ] {
            let (status, body) = app
                .get_text(&format!("/api/password/reset-link?token={t}"))
                .await;
            assert_eq!(status, expected_status, "{backend}: {t} {body}");
            assert!(body.contains(expected_text), "{backend}: {body}");
            statuses.push(status);
            let r = app
                .post_form(
                    "/api/password/reset",
                    &[
                        ("token", t),
                        ("password", NEW_PASSWORD),
                        ("confirm", NEW_PASSWORD),
                    ],
                )
                .await;
            assert_eq!(
                r.status().as_u16(),
                expected_status,
                "{backend}: reuse of {t}"
            );
        }

        // The old session is over; the old password no longer works; the new one does.
        let me = old
            .get(app.url("/api/me"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        let old_accepted = u32::from(me.status() == 200);
        let again = app.login("anna@acme.example", DEMO_PASSWORD).await;
        let fresh = app.login("anna@acme.example", NEW_PASSWORD).await;
        println!(
            "password reset ({backend}): 1 mail to the known address, 0 to the unknown; link reuse/tamper/garbage \
             answered {statuses:?}; old session accepted {old_accepted}/1; old password accepted {}/1",
            u32::from(again.status() == 200)
        );
        assert_eq!(old_accepted, 0, "{backend}");
        assert_eq!(again.status(), 401, "{backend}");
        assert_eq!(fresh.status(), 200, "{backend}");

        let report = portico_core::audit::verify(&app.test_db.owner)
            .await
            .unwrap();
        assert!(
            report.problems.is_empty(),
            "{backend}: {:?}",
            report.problems
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn failed_logins_are_limited_per_address_without_locking_out_a_trusted_browser() {
    for test_db in TestDb::all().await.expect("test databases") {
        let app = spawn_app_with(test_db, json!({})).await;
        let backend = app.backend;

        // Anna's usual browser signs in once, which makes it trusted, and signs out.
        let usual = client();
        let r = post_form_with(
            &usual,
            &app.url("/api/login"),
            &[("email", "anna@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(r.status(), 200, "{backend}");
        post_form_with(&usual, &app.url("/api/logout"), &[]).await;

        // Someone else guesses, for a known and an unknown address alike.
        let mut answers = Vec::new();
        for email in ["anna@acme.example", "nobody@acme.example"] {
            let attacker = client();
            let mut refused_at = None;
            for attempt in 1..=101 {
                let r = post_form_with(
                    &attacker,
                    &app.url("/api/login"),
                    &[("email", email), ("password", "guess")],
                )
                .await;
                match r.status().as_u16() {
                    401 => {}
                    429 => {
                        refused_at = Some(attempt);
                        break;
                    }
                    other => panic!("{backend}: attempt {attempt} for {email} answered {other}"),
                }
            }
            // Once refused, even the right password is refused from that browser.
            let right = post_form_with(
                &attacker,
                &app.url("/api/login"),
                &[("email", email), ("password", DEMO_PASSWORD)],
            )
            .await;
            answers.push((email, refused_at, right.status().as_u16()));
        }
        // Anna's usual browser still gets in.
        let r = post_form_with(
            &usual,
            &app.url("/api/login"),
            &[("email", "anna@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        println!(
            "brute force ({backend}): refused from attempt {:?} (known) and {:?} (unknown); right password then \
             answered {} / {}; trusted browser signs in: {}",
            answers[0].1,
            answers[1].1,
            answers[0].2,
            answers[1].2,
            r.status()
        );
        assert_eq!(
            answers[0].1,
            Some(101),
            "{backend}: 100 failures allowed, then refused"
        );
        assert_eq!(
            answers[1].1,
            Some(101),
            "{backend}: unknown addresses answer the same"
        );
        assert_eq!(answers[0].2, 429, "{backend}");
        assert_eq!(answers[1].2, 429, "{backend}");
        assert_eq!(
            r.status(),
            200,
            "{backend}: the owner's browser was locked out"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn people_see_and_end_their_sessions_and_a_password_change_ends_the_others() {
    for test_db in TestDb::all().await.expect("test databases") {
        let app = spawn_app_with(test_db, json!({})).await;
        let backend = app.backend;
        let (a, b, c) = (client(), client(), client());
        for cl in [&a, &b, &c] {
            let r = post_form_with(
                cl,
                &app.url("/api/login"),
                &[("email", "sam@acme.example"), ("password", DEMO_PASSWORD)],
            )
            .await;
            assert_eq!(r.status(), 200, "{backend}");
        }
        let me = |cl: &reqwest::Client| {
            let req = cl
                .get(app.url("/api/me"))
                .header("accept", "application/json");
            async move { req.send().await.unwrap().status().as_u16() }
        };

        // Three sessions, one marked as the asking one.
        let list: Vec<serde_json::Value> = serde_json::from_str(
            &a.get(app.url("/api/sessions"))
                .header("accept", "application/json")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(list.len(), 3, "{backend}: {list:?}");
        assert_eq!(
            list.iter().filter(|s| s["current"] == true).count(),
            1,
            "{backend}"
        );

        // A ends B's session; B is signed out on its next request; ending it again, or a stranger's, is 404.
        let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = post_form_with(&a, &app.url("/api/sessions/end"), &[("id", &other)]).await;
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "{backend}: {}",
            r.status()
        );
        let statuses = [me(&b).await, me(&c).await];
        let ended_one = statuses.iter().filter(|s| **s == 401).count();
        assert_eq!(
            ended_one, 1,
            "{backend}: exactly the chosen session ended: {statuses:?}"
        );
        let again = post_form_with(&a, &app.url("/api/sessions/end"), &[("id", &other)]).await;
        assert_eq!(again.status(), 404, "{backend}");

        // A changes the password: wrong current password is refused; then every other session ends and A's
        // session id is replaced, A staying signed in.
        let wrong = post_form_with(
            &a,
            &app.url("/api/password/change"),
            &[
                ("current_password", "nope"),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
        assert_eq!(wrong.status(), 422, "{backend}");
        assert!(wrong
            .text()
            .await
            .unwrap()
            .contains("password-current-wrong"));
        let r = post_form_with(
            &a,
            &app.url("/api/password/change"),
            &[
                ("current_password", DEMO_PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
        assert_eq!(r.status(), 200, "{backend}");
        let rotated = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or("").starts_with("portico_session="));
        let after = [me(&a).await, me(&b).await, me(&c).await];
        println!("sessions ({backend}): 3 listed; 1 ended by its owner; after a password change A/B/C answer {after:?}; A's id rotated {rotated}");
        assert_eq!(after, [200, 401, 401], "{backend}");
        assert!(
            rotated,
            "{backend}: the session id must change with the password"
        );

        // Disabling the account ends the remaining session at once.
        let user = portico_core::db::users::find_login(
            &app.test_db.db,
            &portico_domain::Email::parse("sam@acme.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        let mut tx = app
            .test_db
            .db
            .write(&portico_core::db::Context::none())
            .await
            .unwrap();
        portico_core::db::setup::disable_user(&mut tx, portico_domain::UserId(user.id))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            me(&a).await,
            401,
            "{backend}: a disabled account's session must end at once"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn one_login_switches_between_customers_with_documents_kept_apart() {
    for test_db in TestDb::all().await.expect("test databases") {
        let app = spawn_app_with(test_db, json!({})).await;
        let backend = app.backend;
        let r = app.login("anna@acme.example", DEMO_PASSWORD).await;
        assert_eq!(r.status(), 200, "{backend}");

        let choices: Vec<serde_json::Value> =
            serde_json::from_str(&app.get_text("/api/workspaces").await.1).unwrap();
        let names: Vec<&str> = choices
            .iter()
            .map(|c| c["tenant_name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Northwind Distribution", "Contoso Retail"],
            "{backend}"
        );
        assert_eq!(choices[0]["current"], true, "{backend}");

        // In Northwind's workspace: Northwind's orders only.
        let (_, before) = app.get_text("/orders").await;
        assert!(
            before.contains("Orders from Northwind Distribution"),
            "{backend}"
        );
        assert!(!before.contains("CON-1"), "{backend}");

        // Switch: the session id changes and Contoso's orders (and only those) appear.
        let contoso = choices[1]["membership_id"].as_str().unwrap().to_owned();
        let r = app
            .post_form("/api/workspace", &[("membership", &contoso)])
            .await;
        assert_eq!(r.status(), 200, "{backend}");
        let rotated = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or("").starts_with("portico_session="));
        assert!(
            rotated,
            "{backend}: switching customer must replace the session id"
        );
        let (_, after) = app.get_text("/orders").await;
        assert!(after.contains("Orders from Contoso Retail"), "{backend}");
        assert!(
            after.contains("CON-1") && after.contains("CON-2"),
            "{backend}"
        );
        let main = TestApp::main_of(&after);
        assert!(
            !main.contains("Northwind Distribution"),
            "{backend}: Northwind leaks into Contoso's workspace"
        );

        // Someone else's membership id is not a way in.
        let bob = client();
        post_form_with(
            &bob,
            &app.url("/api/login"),
            &[("email", "berta@bolt.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        let r = post_form_with(
            &bob,
            &app.url("/api/workspace"),
            &[("membership", &contoso)],
        )
        .await;
        assert_eq!(r.status(), 404, "{backend}");
        println!("select customer ({backend}): 2 workspaces; switch rotated the session; foreign membership answered {}", r.status());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn invitations_bring_new_and_existing_logins_into_exactly_the_invited_place() {
    for test_db in TestDb::all().await.expect("test databases") {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(test_db, json!({ "smtp_url": sink.url() })).await;
        let backend = app.backend;
        let admin = client();
        post_form_with(
            &admin,
            &app.url("/api/login"),
            &[
                ("email", "admin@northwind.example"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
        let get_json = |cl: &reqwest::Client, path: &str| {
            let req = cl.get(app.url(path)).header("accept", "application/json");
            async move {
                let r = req.send().await.unwrap();
                let status = r.status().as_u16();
                (
                    status,
                    serde_json::from_str::<serde_json::Value>(&r.text().await.unwrap())
                        .unwrap_or_default(),
                )
            }
        };
        let (status, people) = get_json(&admin, "/api/people").await;
        assert_eq!(status, 200, "{backend}");
        let cascade = people["suppliers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"].as_str().unwrap().starts_with("Cascade"))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // A new person, invited for Cascade.
        let r = post_form_with(
            &admin,
            &app.url("/api/people/invite"),
            &[
                ("email", "new.person@cascade.example"),
                ("role", "supplier_user"),
                ("supplier", &cascade),
            ],
        )
        .await;
        assert_eq!(r.status(), 200, "{backend}");
        let mail = sink.wait_for("new.person@cascade.example").await;
        let link =
            find_link(&mail, "http://127.0.0.1:3000/invitation?token=").expect("invitation link");
        let token = link.rsplit("token=").next().unwrap().to_owned();
        let (status, view) = get_json(&client(), &format!("/api/invitation?token={token}")).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(view["account_exists"], false, "{backend}");
        assert_eq!(view["supplier_name"], "Cascade Packaging Co.", "{backend}");
        let newcomer = client();
        let weak = post_form_with(
            &newcomer,
            &app.url("/api/invitation/accept"),
            &[
                ("token", &token),
                ("display_name", "Nina Neu"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
        assert_eq!(weak.status(), 422, "{backend}");
        let ok = post_form_with(
            &newcomer,
            &app.url("/api/invitation/accept"),
            &[
                ("token", &token),
                ("display_name", "Nina Neu"),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
        assert_eq!(ok.status(), 200, "{backend}");
        let (_, me) = get_json(&newcomer, "/api/me").await;
        assert_eq!(
            me["workspace"]["supplier_name"], "Cascade Packaging Co.",
            "{backend}: {me}"
        );
        let inbox = newcomer
            .get(app.url("/api/purchase-orders"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let inbox: serde_json::Value = serde_json::from_str(&inbox).unwrap();
        let items = inbox["page"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 16, "{backend}: Cascade's orders only");
        assert!(
            items
                .iter()
                .all(|po| po["supplier_name"] == "Cascade Packaging Co."),
            "{backend}"
        );
        let again = post_form_with(
            &client(),
            &app.url("/api/invitation/accept"),
            &[
                ("token", &token),
                ("display_name", "X"),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
        assert_eq!(again.status(), 410, "{backend}: a used invitation");

        // Someone with a login at another buyer confirms with that password and gains the new workspace.
        let r = post_form_with(
            &admin,
            &app.url("/api/people/invite"),
            &[("email", "buyer@contoso.example"), ("role", "buyer")],
        )
        .await;
        assert_eq!(r.status(), 200, "{backend}");
        let mail = sink.wait_for("buyer@contoso.example").await;
        let token = find_link(&mail, "http://127.0.0.1:3000/invitation?token=")
            .unwrap()
            .rsplit("token=")
            .next()
            .unwrap()
            .to_owned();
        let (_, view) = get_json(&client(), &format!("/api/invitation?token={token}")).await;
        assert_eq!(view["account_exists"], true, "{backend}");
        let olga = client();
        let wrong = post_form_with(
            &olga,
            &app.url("/api/invitation/accept"),
            &[("token", &token), ("password", "not hers")],
        )
        .await;
        assert_eq!(wrong.status(), 422, "{backend}");
        let ok = post_form_with(
            &olga,
            &app.url("/api/invitation/accept"),
            &[("token", &token), ("password", DEMO_PASSWORD)],
        )
        .await;
        assert_eq!(ok.status(), 200, "{backend}");
        let (_, choices) = get_json(&olga, "/api/workspaces").await;
        assert_eq!(choices.as_array().unwrap().len(), 2, "{backend}: {choices}");

        // Limits of who may invite whom.
        let already = post_form_with(
            &admin,
            &app.url("/api/people/invite"),
            &[
                ("email", "anna@acme.example"),
                ("role", "supplier_admin"),
                ("supplier", people["suppliers"][0]["id"].as_str().unwrap()),
            ],
        )
        .await;
        let sam = client();
        post_form_with(
            &sam,
            &app.url("/api/login"),
            &[("email", "sam@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        let (sam_people, _) = get_json(&sam, "/api/people").await;
        let sam_invite = post_form_with(
            &sam,
            &app.url("/api/people/invite"),
            &[("email", "x@acme.example"), ("role", "supplier_user")],
        )
        .await;
        let anna = client();
        post_form_with(
            &anna,
            &app.url("/api/login"),
            &[("email", "anna@acme.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        let escalate = post_form_with(
            &anna,
            &app.url("/api/people/invite"),
            &[("email", "boss@acme.example"), ("role", "buyer_admin")],
        )
        .await;
        // A supplier admin naming another supplier still invites into their own.
        let forged = post_form_with(
            &anna,
            &app.url("/api/people/invite"),
            &[
                ("email", "colleague@acme.example"),
                ("role", "supplier_user"),
                ("supplier", &cascade),
            ],
        )
        .await;
        assert_eq!(forged.status(), 200, "{backend}");
        let (_, anna_people) = get_json(&anna, "/api/people").await;
        let pending = anna_people["pending"].as_array().unwrap();
        println!(
            "invitations ({backend}): new login landed in Cascade (16 orders); existing login gained a 2nd workspace; \
             already-member {}, supplier user listing {} / inviting {}, supplier admin inviting a buyer admin {}",
            already.status(), sam_people, sam_invite.status(), escalate.status()
        );
        assert_eq!(already.status(), 422, "{backend}");
        assert_eq!(sam_people, 403, "{backend}");
        assert_eq!(
            sam_invite.status(),
            422,
            "{backend}: a supplier user may invite nobody"
        );
        assert_eq!(escalate.status(), 422, "{backend}");
        assert_eq!(pending.len(), 1, "{backend}: {pending:?}");
        assert_eq!(
            pending[0]["supplier_name"], "Acme Industrial Supply",
            "{backend}"
        );
        assert!(
            anna_people["members"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["supplier_name"] == "Acme Industrial Supply"),
            "{backend}"
        );
        app.cleanup().await;
    }
}
