//! Notification choices, the daily digest and acknowledgement reminders, on every backend: a person who chose the
//! digest for comments gets no e-mail per comment but one digest listing it, once a day; orders waiting past the
//! buyer's deadline remind the supplier once per stage, also when the job runs twice (as on two servers).

use portico_core::audit::RequestMeta;
use portico_core::services::{comments, notifications, purchase_orders};
use portico_core::testing::{demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db, Scope};
use portico_domain::notifications::{Delivery, NotificationKind};
use portico_domain::{CurrentUser, InboxFilter};
use time::{Duration, OffsetDateTime};

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn mails(owner: &Db, to: &str, subject: &str) -> Vec<(String, String)> {
    on_db!(owner, pool => sqlx::query_as::<_, (String, String)>(
        "SELECT subject, text_body FROM mail_outbox WHERE to_address = $1 AND subject LIKE $2 ORDER BY created_at")
        .bind(to)
        .bind(subject)
        .fetch_all(pool).await)
    .unwrap()
}

#[tokio::test]
async fn a_digest_gathers_what_was_held_and_goes_once_a_day_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;

        let prefs = notifications::preferences(&t.db, &anna).await.unwrap();
        assert!(
            prefs.iter().all(|p| p.delivery == Delivery::Immediate),
            "{b}: at once by default"
        );
        assert!(
            prefs.iter().any(|p| p.kind == NotificationKind::AckDue),
            "{b}: suppliers' kinds"
        );
        assert!(
            !prefs
                .iter()
                .any(|p| p.kind == NotificationKind::ChangesToReview),
            "{b}"
        );
        let e = notifications::save_preferences(
            &t.db,
            &meta,
            &anna,
            &[("comment".into(), "weekly".into())],
        )
        .await
        .unwrap_err();
        assert!(matches!(e, CoreError::Validation { .. }), "{b}: {e:?}");
        notifications::save_preferences(
            &t.db,
            &meta,
            &anna,
            &[("comment".into(), "digest".into())],
        )
        .await
        .unwrap();
        let prefs = notifications::preferences(&t.db, &anna).await.unwrap();
        assert_eq!(
            prefs
                .iter()
                .find(|p| p.kind == NotificationKind::Comment)
                .unwrap()
                .delivery,
            Delivery::Digest,
            "{b}"
        );

        let page =
            purchase_orders::list(&t.db, &Scope::of(&anna.workspace), &InboxFilter::default())
                .await
                .unwrap();
        let (first, second) = (page.items[0].id, page.items[1].id);
        for (order, token) in [(first, "d1"), (second, "d2")] {
            comments::add(
                &t.db,
                &meta,
                PORTAL,
                &buyer,
                order,
                "Please confirm the dates.",
                token,
            )
            .await
            .unwrap();
        }
        assert!(
            mails(&t.owner, "anna@acme.example", "%comment%")
                .await
                .is_empty(),
            "{b}: held, not sent"
        );

        // Before the hour nothing goes; after it one digest with both lines; the same day never again.
        let morning = OffsetDateTime::now_utc().replace_hour(3).unwrap();
        assert_eq!(
            notifications::send_digests(&t.db, PORTAL, morning)
                .await
                .unwrap(),
            0,
            "{b}"
        );
        let later = morning.replace_hour(7).unwrap();
        assert_eq!(
            notifications::send_digests(&t.db, PORTAL, later)
                .await
                .unwrap(),
            1,
            "{b}"
        );
        let digest = mails(&t.owner, "anna@acme.example", "Your Portico digest%").await;
        assert_eq!(digest.len(), 1, "{b}");
        assert_eq!(digest[0].0, "Your Portico digest: 2 notifications", "{b}");
        assert!(
            digest[0].1.contains("Northwind Distribution"),
            "{b}: grouped by organisation"
        );
        assert!(
            digest[0]
                .1
                .contains(&format!("{PORTAL}/orders/{}#comments", first.0)),
            "{b}: {}",
            digest[0].1
        );
        assert!(
            digest[0]
                .1
                .contains(&format!("{PORTAL}/account#notifications")),
            "{b}"
        );
        comments::add(&t.db, &meta, PORTAL, &buyer, first, "One more thing.", "d3")
            .await
            .unwrap();
        assert_eq!(
            notifications::send_digests(&t.db, PORTAL, later + Duration::hours(1))
                .await
                .unwrap(),
            0,
            "{b}: once a day"
        );
        assert_eq!(
            notifications::send_digests(&t.db, PORTAL, later + Duration::days(1))
                .await
                .unwrap(),
            1,
            "{b}: the next day, the rest"
        );
        let digest = mails(&t.owner, "anna@acme.example", "Your Portico digest%").await;
        assert_eq!(digest[1].0, "Your Portico digest: one notification", "{b}");
    }
}

#[tokio::test]
async fn reminders_go_once_per_stage_under_the_buyers_deadline_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        assert_eq!(
            notifications::deadline(&t.db, &admin).await.unwrap(),
            48,
            "{b}: the default"
        );
        let e = notifications::save_deadline(&t.db, &meta, &admin, "0")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, CoreError::Validation { message, .. } if message == "sla-error-range"),
            "{b}"
        );
        let e = notifications::save_deadline(&t.db, &meta, &buyer, "30")
            .await
            .unwrap_err();
        assert!(
            matches!(e, CoreError::Forbidden),
            "{b}: administrators only"
        );
        notifications::save_deadline(&t.db, &meta, &admin, " 30 ")
            .await
            .unwrap();
        assert_eq!(
            notifications::deadline(&t.db, &admin).await.unwrap(),
            30,
            "{b}"
        );

        // Due soon 6 hours after arrival (a day before the 30-hour deadline), overdue after 30.
        let filter = InboxFilter::parse(Some("new"), None, None, None).unwrap();
        let page = purchase_orders::list(&t.db, &Scope::of(&anna.workspace), &filter)
            .await
            .unwrap();
        let (soon, late) = (&page.items[0], &page.items[1]);
        let now = OffsetDateTime::now_utc();
        for (order, hours) in [(soon.id, 10), (late.id, 40)] {
            on_db!(&t.owner, pool => sqlx::query("UPDATE purchase_orders SET updated_at = $1 WHERE id = $2")
                .bind(now - Duration::hours(hours))
                .bind(order.0)
                .execute(pool).await.map(|_| ()))
            .unwrap();
        }
        assert_eq!(
            notifications::remind_due(&t.db, PORTAL, now).await.unwrap(),
            2,
            "{b}"
        );
        assert_eq!(
            notifications::remind_due(&t.db, PORTAL, now).await.unwrap(),
            0,
            "{b}: once"
        );
        let soon_mail = mails(
            &t.owner,
            "anna@acme.example",
            "%due for acknowledgement in a day",
        )
        .await;
        assert_eq!(soon_mail.len(), 1, "{b}");
        assert!(soon_mail[0].0.contains(&soon.number), "{b}");
        assert!(
            soon_mail[0]
                .1
                .contains(&format!("{PORTAL}/orders/{}", soon.id.0)),
            "{b}"
        );
        let overdue = mails(
            &t.owner,
            "anna@acme.example",
            "%overdue for acknowledgement",
        )
        .await;
        assert_eq!(overdue.len(), 1, "{b}: overdue, without a late 'due soon'");
        assert!(overdue[0].0.contains(&late.number), "{b}");
        // Once the first one is past its deadline too: one more reminder, still one per stage.
        on_db!(&t.owner, pool => sqlx::query("UPDATE purchase_orders SET updated_at = $1 WHERE id = $2")
            .bind(now - Duration::hours(31))
            .bind(soon.id.0)
            .execute(pool).await.map(|_| ()))
        .unwrap();
        assert_eq!(
            notifications::remind_due(&t.db, PORTAL, now).await.unwrap(),
            1,
            "{b}"
        );
        assert_eq!(
            mails(
                &t.owner,
                "anna@acme.example",
                "%overdue for acknowledgement"
            )
            .await
            .len(),
            2,
            "{b}"
        );
    }
}
