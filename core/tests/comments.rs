//! The comments thread of an order on every backend: the supplier and the buyer write and read it, each comment with
//! one `purchase_order.comment_added` event; another supplier neither reads nor writes it; an empty comment is
//! refused by field; the same form twice adds one comment.

use portico_core::audit::RequestMeta;
use portico_core::services::{comments, purchase_orders};
use portico_core::testing::{demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::comments::Side;
use portico_domain::{CurrentUser, InboxFilter};

/// The public URL e-mailed links are built from.
const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

#[tokio::test]
async fn both_sides_write_one_thread_per_order_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let berta = user(&t.db, "berta@bolt.example").await;
        let scope = Scope::of(&anna.workspace);
        let page = purchase_orders::list(&t.db, &scope, &InboxFilter::default())
            .await
            .unwrap();
        let order = page.items[0].id;

        assert!(
            comments::add(
                &t.db,
                &meta,
                PORTAL,
                &anna,
                order,
                "Can we ship on Friday instead?",
                "c1"
            )
            .await
            .unwrap(),
            "{b}"
        );
        assert!(
            !comments::add(
                &t.db,
                &meta,
                PORTAL,
                &anna,
                order,
                "Can we ship on Friday instead?",
                "c1"
            )
            .await
            .unwrap(),
            "{b}: once"
        );
        assert!(
            comments::add(
                &t.db,
                &meta,
                PORTAL,
                &buyer,
                order,
                "Friday is fine.\nThanks!",
                "c2"
            )
            .await
            .unwrap(),
            "{b}"
        );
        let e = comments::add(&t.db, &meta, PORTAL, &anna, order, "   ", "c3")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, CoreError::Validation { field, message } if field == "body" && message == "comment-error-empty"),
            "{b}: {e:?}"
        );

        let thread = comments::thread(&t.db, &scope, order).await.unwrap();
        assert_eq!(thread.len(), 2, "{b}");
        assert_eq!(
            (thread[0].side, thread[0].author.as_deref()),
            (Side::Supplier, Some(anna.display_name.as_str())),
            "{b}"
        );
        assert_eq!(
            (thread[1].side, thread[1].body.as_str()),
            (Side::Buyer, "Friday is fine.\nThanks!"),
            "{b}"
        );
        let buyer_view = comments::thread(&t.db, &Scope::of(&buyer.workspace), order)
            .await
            .unwrap();
        assert_eq!(buyer_view.len(), 2, "{b}");

        // Another supplier of the same buyer sees nothing and cannot write.
        assert!(
            comments::thread(&t.db, &Scope::of(&berta.workspace), order)
                .await
                .unwrap()
                .is_empty(),
            "{b}"
        );
        let e = comments::add(&t.db, &meta, PORTAL, &berta, order, "Hello", "c4")
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::NotFound), "{b}: {e:?}");

        // The other side is told by e-mail, never the author; the link lands on the comments.
        let to: Vec<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT to_address FROM mail_outbox WHERE subject LIKE '%wrote about purchase order%' ORDER BY to_address")
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(
            to,
            vec!["admin@northwind.example", "anna@acme.example", "buyer@northwind.example", "sam@acme.example"],
            "{b}: Anna's comment to both buyers (once, though sent twice), the buyer's reply to Acme's people"
        );
        let text: String = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT text_body FROM mail_outbox WHERE to_address = 'sam@acme.example' AND subject LIKE '%wrote about%'")
            .fetch_one(pool).await)
        .unwrap();
        assert!(
            text.contains(&format!("{PORTAL}/orders/{}#comments", order.0)),
            "{b}: {text}"
        );
        assert!(text.contains(&buyer.display_name), "{b}: {text}");

        let events: Vec<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.purchase_order.comment_added.v1' ORDER BY created_at")
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(events.len(), 2, "{b}: one event per comment");
        let first: serde_json::Value = serde_json::from_str(&events[0]).unwrap();
        assert_eq!(first["data"]["comment"]["side"], "supplier", "{b}");
        assert_eq!(
            first["data"]["comment"]["body"], "Can we ship on Friday instead?",
            "{b}"
        );
        t.cleanup().await;
    }
}
