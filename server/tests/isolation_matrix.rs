//! The isolation matrix over HTTP (RELIABILITY.md checks 1, 2 and 5), on every backend: suppliers and buyers of two
//! tenants ask for every purchase order that is not theirs, read their lists, and try to act on other people's
//! sessions, memberships and suppliers. Prints "N/N denied; foreign bytes 0; foreign rows 0" and fails on any leak.

mod helpers;

use helpers::{client, post_form_with, spawn_apps};
use portico_core::seed::DEMO_PASSWORD;
use portico_core::Db;
use uuid::Uuid;

/// A purchase order as the database owner sees it.
struct Po {
    id: Uuid,
    number: String,
    tenant: Uuid,
    supplier: Uuid,
}

async fn all_orders(owner: &Db) -> Vec<Po> {
    const SQL: &str = "SELECT id, number, tenant_id, supplier_id FROM purchase_orders";
    let rows: Vec<(Uuid, String, Uuid, Uuid)> = match owner {
        Db::Sqlite(p) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
    };
    rows.into_iter()
        .map(|(id, number, tenant, supplier)| Po {
            id,
            number,
            tenant,
            supplier,
        })
        .collect()
}

async fn open_sessions_of(owner: &Db, email: &str) -> Vec<Uuid> {
    const SQL: &str = "SELECT s.id FROM user_sessions s JOIN users u ON u.id = s.user_id \
         WHERE u.email = $1 AND s.ended_at IS NULL";
    match owner {
        Db::Sqlite(p) => sqlx::query_scalar(SQL)
            .bind(email)
            .fetch_all(p)
            .await
            .unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(SQL)
            .bind(email)
            .fetch_all(p)
            .await
            .unwrap(),
    }
}

async fn count(owner: &Db, sql: &str) -> i64 {
    match owner {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

#[tokio::test]
async fn nobody_reads_or_changes_what_is_not_theirs() {
    for app in spawn_apps().await {
        let backend = app.backend;
        let owner = &app.test_db.owner;
        let orders = all_orders(owner).await;
        let actors = [
            "anna@acme.example",
            "berta@bolt.example",
            "buyer@northwind.example",
            "buyer@contoso.example",
        ];
        let (mut attempts, mut denied, mut foreign_bytes, mut foreign_rows, mut list_rows) =
            (0, 0, 0, 0, 0);
        for email in actors {
            let browser = client();
            let r = post_form_with(
                &browser,
                &app.url("/api/login"),
                &[("email", email), ("password", DEMO_PASSWORD)],
            )
            .await;
            assert_eq!(r.status(), 200, "{backend}: {email}");
            let me: serde_json::Value = serde_json::from_str(
                &browser
                    .get(app.url("/api/me"))
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            )
            .unwrap();
            let tenant: Uuid = me["workspace"]["tenant_id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            let supplier: Option<Uuid> = me["workspace"]["supplier_id"]
                .as_str()
                .map(|s| s.parse().unwrap());
            let mine = |po: &Po| po.tenant == tenant && supplier.is_none_or(|s| s == po.supplier);

            // Every order that is not theirs, by id, through the API and the page.
            for po in orders.iter().filter(|po| !mine(po)) {
                for (path, accept) in [
                    (
                        format!("/api/purchase-order?id={}", po.id),
                        "application/json",
                    ),
                    (format!("/orders/{}", po.id), "text/html"),
                ] {
                    attempts += 1;
                    let r = browser
                        .get(app.url(&path))
                        .header("accept", accept)
                        .send()
                        .await
                        .unwrap();
                    let status = r.status().as_u16();
                    let body = r.text().await.unwrap();
                    if status == 404 || status == 403 {
                        denied += 1;
                    }
                    if body.contains(&format!(">{}<", po.number))
                        || body.contains(&format!("\"{}\"", po.number))
                    {
                        foreign_bytes += 1;
                    }
                }
            }

            // Their list, every page: nothing foreign.
            let mut next: Option<String> = None;
            loop {
                let path = match &next {
                    Some(c) => format!("/api/purchase-orders?after={c}"),
                    None => "/api/purchase-orders".to_owned(),
                };
                let page: serde_json::Value = serde_json::from_str(
                    &browser
                        .get(app.url(&path))
                        .header("accept", "application/json")
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap(),
                )
                .unwrap();
                for item in page["page"]["items"].as_array().unwrap() {
                    list_rows += 1;
                    let id: Uuid = item["id"].as_str().unwrap().parse().unwrap();
                    if !orders.iter().any(|po| po.id == id && mine(po)) {
                        foreign_rows += 1;
                    }
                }
                match page["page"]["next"].as_str() {
                    Some(c) => next = Some(c.to_owned()),
                    None => break,
                }
            }
        }

        // Writes with other people's ids: end someone else's session, switch into someone else's membership, invite
        // into another tenant's supplier.
        let berta = client();
        post_form_with(
            &berta,
            &app.url("/api/login"),
            &[("email", "berta@bolt.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
        let contoso_sessions = open_sessions_of(owner, "buyer@contoso.example").await;
        let anna_sessions = open_sessions_of(owner, "anna@acme.example").await;
        let contoso_membership: Uuid = match owner {
            Db::Sqlite(p) => sqlx::query_scalar("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'buyer@contoso.example'").fetch_one(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'buyer@contoso.example'").fetch_one(p).await.unwrap(),
        };
        let contoso_supplier: Uuid = orders
            .iter()
            .find(|po| po.number == "CON-1")
            .unwrap()
            .supplier;
        let invitations_before = count(owner, "SELECT COUNT(*) FROM auth_tokens").await;
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
        let mut writes = Vec::new();
        for id in contoso_sessions.iter().chain(&anna_sessions) {
            writes.push(
                post_form_with(
                    &berta,
                    &app.url("/api/sessions/end"),
                    &[("id", &id.to_string())],
                )
                .await
                .status()
                .as_u16(),
            );
        }
        writes.push(
            post_form_with(
                &berta,
                &app.url("/api/workspace"),
                &[("membership", &contoso_membership.to_string())],
            )
            .await
            .status()
            .as_u16(),
        );
        writes.push(
            post_form_with(
                &admin,
                &app.url("/api/people/invite"),
                &[
                    ("email", "spy@contoso.example"),
                    ("role", "supplier_user"),
                    ("supplier", &contoso_supplier.to_string()),
                ],
            )
            .await
            .status()
            .as_u16(),
        );
        let rejected = writes
            .iter()
            .filter(|s| matches!(**s, 403 | 404 | 422))
            .count();
        let sessions_changed = contoso_sessions.len() + anna_sessions.len()
            - open_sessions_of(owner, "buyer@contoso.example").await.len()
            - open_sessions_of(owner, "anna@acme.example").await.len();
        let invitations_changed =
            count(owner, "SELECT COUNT(*) FROM auth_tokens").await - invitations_before;

        println!(
            "isolation ({backend}): reads {denied}/{attempts} denied (404/403); foreign bytes in bodies {foreign_bytes}; \
             foreign rows in lists {foreign_rows} of {list_rows}; writes {rejected}/{} rejected {writes:?}; \
             foreign rows changed {}",
            writes.len(),
            sessions_changed as i64 + invitations_changed
        );
        assert!(
            attempts > 200,
            "{backend}: the matrix must cover many foreign ids"
        );
        assert_eq!(denied, attempts, "{backend}");
        assert_eq!(foreign_bytes, 0, "{backend}");
        assert_eq!(foreign_rows, 0, "{backend}");
        assert!(list_rows > 60, "{backend}");
        assert_eq!(rejected, writes.len(), "{backend}: {writes:?}");
        assert_eq!(sessions_changed, 0, "{backend}");
        assert_eq!(invitations_changed, 0, "{backend}");
        app.cleanup().await;
    }
}
