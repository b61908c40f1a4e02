//! The supplier's answer to a purchase order, on every backend: each arrow of the order's state machine out of `new`
//! (accepted, accepted inside the change policy, waiting for the buyer, rejected) writes the answer, the new status
//! and exactly one `purchase_order.acknowledged` event with the order's correlation id; a stale or wrong form
//! changes nothing; the same form twice applies once; nobody answers another supplier's order or for a supplier.

use portico_core::audit::RequestMeta;
use portico_core::on_db;
use portico_core::services::acknowledgements::{self, Submitted};
use portico_core::services::purchase_orders;
use portico_core::testing::{demo_tenants, receive_orders, sign_in, TestDb};
use portico_core::{seed, CoreError, Db, Scope};
use portico_domain::acknowledgement::{AckForm, AckOutcome, ChangedField, ScheduleForm};
use portico_domain::{CurrentUser, InboxFilter, PoDetail, PoStatus, PurchaseOrderId};

/// The public URL e-mailed links are built from.
const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

/// The supplier's new orders with at least two lines, oldest first.
async fn new_orders(db: &Db, supplier: &CurrentUser) -> Vec<PoDetail> {
    let scope = Scope::of(&supplier.workspace);
    let filter = InboxFilter::parse(Some("new"), None, None, None).unwrap();
    let page = purchase_orders::list(db, &scope, &filter).await.unwrap();
    let mut out = Vec::new();
    for s in page.items {
        let po = purchase_orders::get(db, &scope, s.id).await.unwrap();
        if po.lines.len() >= 2 {
            out.push(po);
        }
    }
    out
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// The stored `purchase_order.acknowledged` events of one order: `(correlation id, data)`.
async fn ack_events(
    owner: &Db,
    order: PurchaseOrderId,
) -> Vec<(Option<String>, serde_json::Value)> {
    let subject = format!("purchase-orders/{}", order.0);
    let rows: Vec<(Option<String>, String)> = on_db!(owner, pool => sqlx::query_as(
        "SELECT correlation_id, envelope FROM outbox_events WHERE subject = $1 AND event_type = $2 ORDER BY created_at")
        .bind(&subject)
        .bind("org.portico.purchase_order.acknowledged.v1")
        .fetch_all(pool).await)
    .unwrap();
    rows.into_iter()
        .map(|(c, envelope)| {
            let v: serde_json::Value = serde_json::from_str(&envelope).unwrap();
            (c, v["data"].clone())
        })
        .collect()
}

fn form(po: &PoDetail, token: &str, decision: &str) -> AckForm {
    AckForm {
        decision: decision.into(),
        ..AckForm::prefilled(po, token.into())
    }
}

#[tokio::test]
async fn answers_move_the_order_once_with_one_event_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta {
            correlation_id: Some("req-ack".into()),
            ..RequestMeta::default()
        };
        let anna = user(&t.db, "anna@acme.example").await;
        let orders = new_orders(&t.db, &anna).await;
        assert!(
            orders.len() >= 2,
            "{b}: demo has two new multi-line orders for Acme"
        );
        let (first, second) = (&orders[0], &orders[1]);

        // A form opened on another version is refused with the current one; nothing is stored.
        let mut stale = form(first, "tok-stale", "accept");
        stale.version += 1;
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, first.id, &stale)
            .await
            .unwrap();
        assert_eq!(
            r,
            Submitted::Stale {
                current_version: first.version
            },
            "{b}"
        );

        // Mistakes come back by field; nothing is stored.
        let mut wrong = form(first, "tok-wrong", "lines");
        wrong.lines[0].answer = "change".into();
        wrong.lines[0].quantity = "ten".into();
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, first.id, &wrong)
            .await
            .unwrap();
        let Submitted::Invalid(errors) = r else {
            panic!("{b}: {r:?}")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        let n = first.lines[0].line_number;
        assert_eq!(
            fields,
            vec![format!("line-{n}-reason"), format!("line-{n}-quantity")],
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM po_acknowledgements").await,
            0,
            "{b}"
        );

        // A cheaper price and a split within five days: inside the demo policy, accepted at once.
        let mut inside = form(first, "tok-inside", "lines");
        let l0 = &first.lines[0];
        inside.lines[0].answer = "change".into();
        inside.lines[0].reason = "price_change".into();
        inside.lines[0].price = (l0.unit_price * rust_decimal::Decimal::new(9, 1))
            .round_dp(2)
            .to_string();
        let l1 = &first.lines[1];
        let requested = l1.requested_date.unwrap_or(first.order_date);
        let half = (l1.quantity / rust_decimal::Decimal::TWO).floor();
        inside.lines[1].answer = "change".into();
        inside.lines[1].reason = "lead_time".into();
        inside.lines[1].quantity = l1.quantity.to_string();
        inside.lines[1].schedule = vec![
            ScheduleForm {
                quantity: half.to_string(),
                date: requested.to_string(),
            },
            ScheduleForm {
                quantity: (l1.quantity - half).to_string(),
                date: (requested + time::Duration::days(3)).to_string(),
            },
        ];
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, first.id, &inside)
            .await
            .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::AutoAccepted,
                status: PoStatus::Acknowledged
            },
            "{b}"
        );

        // The same form again applies once and answers like the first time.
        let again = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, first.id, &inside)
            .await
            .unwrap();
        assert_eq!(
            again,
            Submitted::Repeated {
                outcome: AckOutcome::AutoAccepted
            },
            "{b}"
        );
        let events = ack_events(&t.owner, first.id).await;
        assert_eq!(events.len(), 1, "{b}: one event for one answer");
        let (correlation, data) = &events[0];
        // The demo order arrived without a correlation id, so the answer's request gives it one.
        assert_eq!(correlation.as_deref(), Some("req-ack"), "{b}");
        assert_eq!(data["acknowledgement"]["outcome"], "auto_accepted", "{b}");
        assert_eq!(data["purchase_order"]["status"], "acknowledged", "{b}");
        assert_eq!(
            data["acknowledgement"]["lines"][0]["status_code"], "IP",
            "{b}"
        );
        assert_eq!(
            data["acknowledgement"]["lines"][1]["schedule"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM po_acknowledgements").await,
            1,
            "{b}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'po.acknowledged'"
            )
            .await,
            1,
            "{b}"
        );

        // The order page shows the answer with each line's judgement.
        let scope = Scope::of(&anna.workspace);
        let view = acknowledgements::latest(&t.db, &scope, first.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.outcome, AckOutcome::AutoAccepted, "{b}");
        assert_eq!(
            view.note(l1.line_number).unwrap().changed,
            vec![ChangedField::Date, ChangedField::Split],
            "{b}"
        );
        let po = purchase_orders::get(&t.db, &scope, first.id).await.unwrap();
        assert_eq!(po.status, PoStatus::Acknowledged, "{b}");

        // Answered orders take no second answer.
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            first.id,
            &form(&po, "tok-late", "accept"),
        )
        .await
        .unwrap();
        assert_eq!(
            r,
            Submitted::NotOpen {
                status: PoStatus::Acknowledged
            },
            "{b}"
        );

        // A dearer price is outside the policy: the buyer reviews it.
        let mut dearer = form(second, "tok-dearer", "lines");
        dearer.lines[0].answer = "change".into();
        dearer.lines[0].reason = "price_change".into();
        dearer.lines[0].price =
            (second.lines[0].unit_price + rust_decimal::Decimal::ONE).to_string();
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, second.id, &dearer)
            .await
            .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::PendingReview,
                status: PoStatus::ChangePending
            },
            "{b}"
        );
        let view = acknowledgements::latest(&t.db, &scope, second.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            view.note(second.lines[0].line_number).unwrap().outside,
            vec![ChangedField::Price],
            "{b}"
        );

        // The buyers are told by e-mail, with a link to the order; the supplier is not.
        let to = mails_to(&t.owner, "%asks for changes to purchase order%").await;
        assert_eq!(
            to,
            vec![
                "admin@northwind.example".to_owned(),
                "buyer@northwind.example".to_owned()
            ],
            "{b}"
        );
        let body = mail_text(&t.owner, "%asks for changes to purchase order%").await;
        assert!(
            body.contains(&format!("{PORTAL}/orders/{}", second.id.0)),
            "{b}: {body}"
        );

        // The buyer sees the answer, but answers for nobody.
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer_view = acknowledgements::latest(&t.db, &Scope::of(&admin.workspace), second.id)
            .await
            .unwrap();
        assert_eq!(
            buyer_view.map(|v| v.outcome),
            Some(AckOutcome::PendingReview),
            "{b}"
        );
        let e = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &admin,
            second.id,
            &form(second, "tok-buyer", "accept"),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{b}: {e:?}");

        // Another supplier cannot answer (nor see) Acme's order.
        receive_orders(&t.db, demo.northwind, demo.northwind_supplier, "ACK-REJ", 1)
            .await
            .unwrap();
        let fresh = new_orders_any(&t.db, &anna, "ACK-REJ-0").await;
        let berta = user(&t.db, "berta@bolt.example").await;
        let e = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &berta,
            fresh.id,
            &form(&fresh, "tok-bolt", "accept"),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, CoreError::NotFound), "{b}: {e:?}");
        assert!(
            acknowledgements::latest(&t.db, &Scope::of(&berta.workspace), second.id)
                .await
                .unwrap()
                .is_none(),
            "{b}"
        );

        // Rejecting the whole order needs a reason; with one, the order is rejected.
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            fresh.id,
            &form(&fresh, "tok-rej", "reject"),
        )
        .await
        .unwrap();
        assert!(
            matches!(&r, Submitted::Invalid(e) if e[0].field == "reason"),
            "{b}: {r:?}"
        );
        let mut reject = form(&fresh, "tok-rej", "reject");
        reject.reason = "discontinued".into();
        let r = acknowledgements::submit(&t.db, &meta, PORTAL, &anna, fresh.id, &reject)
            .await
            .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::OrderRejected,
                status: PoStatus::Rejected
            },
            "{b}"
        );
        assert_eq!(
            mails_to(&t.owner, "%rejected purchase order%").await.len(),
            2,
            "{b}: both buyers are told"
        );
        let events = ack_events(&t.owner, fresh.id).await;
        assert_eq!(
            events[0].0.as_deref(),
            Some("corr-ACK-REJ-0"),
            "{b}: the order's correlation id"
        );
        assert_eq!(
            events[0].1["acknowledgement"]["reason"], "discontinued",
            "{b}"
        );
        assert_eq!(
            events[0].1["acknowledgement"]["lines"][0]["status_code"], "IR",
            "{b}"
        );

        // A form token is one form: reused on another order, it is refused.
        let other = new_orders(&t.db, &anna).await;
        if let Some(o) = other.first() {
            let e = acknowledgements::submit(
                &t.db,
                &meta,
                PORTAL,
                &anna,
                o.id,
                &form(o, "tok-rej", "accept"),
            )
            .await
            .unwrap_err();
            assert!(matches!(e, CoreError::Conflict(_)), "{b}: {e:?}");
        }
        t.cleanup().await;
    }
}

/// One of the supplier's orders by number.
async fn new_orders_any(db: &Db, supplier: &CurrentUser, number: &str) -> PoDetail {
    let scope = Scope::of(&supplier.workspace);
    let filter = InboxFilter::parse(None, Some(number), None, None).unwrap();
    let page = purchase_orders::list(db, &scope, &filter).await.unwrap();
    purchase_orders::get(db, &scope, page.items[0].id)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_buyer_reviews_changes_outside_the_policy_on_every_backend() {
    use portico_core::services::acknowledgements::Reviewed;
    use portico_domain::acknowledgement::{ReviewForm, ReviewLineForm};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let orders = new_orders(&t.db, &anna).await;
        let (first, second) = (&orders[0], &orders[1]);
        // Two changes outside the policy on each order: dearer, and 20 % short.
        let outside = |po: &PoDetail, token: &str| {
            let mut f = form(po, token, "lines");
            f.lines[0].answer = "change".into();
            f.lines[0].reason = "price_change".into();
            f.lines[0].price = (po.lines[0].unit_price + rust_decimal::Decimal::ONE).to_string();
            f.lines[1].answer = "change".into();
            f.lines[1].reason = "out_of_stock".into();
            f.lines[1].quantity = (po.lines[1].quantity * rust_decimal::Decimal::new(8, 1))
                .normalize()
                .to_string();
            f
        };
        for (po, token) in [(first, "a1"), (second, "a2")] {
            let r =
                acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &outside(po, token))
                    .await
                    .unwrap();
            assert!(
                matches!(
                    r,
                    Submitted::Applied {
                        outcome: AckOutcome::PendingReview,
                        ..
                    }
                ),
                "{b}: {r:?}"
            );
        }
        let buyer_scope = Scope::of(&buyer.workspace);
        let ack = acknowledgements::latest(&t.db, &buyer_scope, first.id)
            .await
            .unwrap()
            .unwrap();
        let (l1, l2) = (first.lines[0].line_number, first.lines[1].line_number);
        assert_eq!(ack.lines_to_review(), vec![l1, l2], "{b}");
        let mut review = ReviewForm {
            acknowledgement: ack.id.to_string(),
            token: "r1".into(),
            comment: String::new(),
            lines: vec![
                ReviewLineForm {
                    line: l1,
                    decision: "approve".into(),
                    ..ReviewLineForm::default()
                },
                ReviewLineForm {
                    line: l2,
                    decision: "reject".into(),
                    ..ReviewLineForm::default()
                },
            ],
        };

        // Suppliers do not review; a rejection needs a comment.
        let e = acknowledgements::review(&t.db, &meta, PORTAL, &anna, first.id, &review)
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{b}: {e:?}");
        let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, first.id, &review)
            .await
            .unwrap();
        assert!(
            matches!(&r, Reviewed::Invalid(e) if e[0].field == "comment"),
            "{b}: {r:?}"
        );

        // One change approved, one rejected: the order is back to `new` and the supplier reads why.
        review.comment = "We need the full quantity: split the line instead.".into();
        let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, first.id, &review)
            .await
            .unwrap();
        assert_eq!(
            r,
            Reviewed::Applied {
                outcome: AckOutcome::ChangesRejected,
                status: PoStatus::New
            },
            "{b}"
        );
        let again = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, first.id, &review)
            .await
            .unwrap();
        assert_eq!(
            again,
            Reviewed::Repeated {
                outcome: AckOutcome::ChangesRejected
            },
            "{b}"
        );
        let seen = acknowledgements::latest(&t.db, &Scope::of(&anna.workspace), first.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(seen.outcome, AckOutcome::ChangesRejected, "{b}");
        let decided = seen.review.expect("the supplier sees the review");
        assert_eq!(
            decided.comment.as_deref(),
            Some("We need the full quantity: split the line instead."),
            "{b}"
        );
        assert_eq!(
            decided.decision(l2),
            Some(portico_domain::acknowledgement::ReviewDecision::Reject),
            "{b}"
        );
        let reviewed: i64 = count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.purchase_order.change_reviewed.v1'").await;
        assert_eq!(reviewed, 1, "{b}: one event for one review");

        // The supplier answers again (a new answer, numbered 2); the old review form no longer applies.
        let po = purchase_orders::get(&t.db, &Scope::of(&anna.workspace), first.id)
            .await
            .unwrap();
        assert_eq!(po.status, PoStatus::New, "{b}");
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            first.id,
            &form(&po, "a3", "accept"),
        )
        .await
        .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::Accepted,
                status: PoStatus::Acknowledged
            },
            "{b}"
        );
        let latest = acknowledgements::latest(&t.db, &buyer_scope, first.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            latest.document.reference,
            format!("{}-2", first.number),
            "{b}"
        );
        review.token = "r2".into();
        let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, first.id, &review)
            .await
            .unwrap();
        assert_eq!(r, Reviewed::NotPending, "{b}");

        // Acme's people are told of the decision.
        assert_eq!(
            mails_to(&t.owner, "%did not accept your changes%").await,
            vec![
                "anna@acme.example".to_owned(),
                "sam@acme.example".to_owned()
            ],
            "{b}"
        );

        // Every change approved: the order is acknowledged with the supplier's values.
        let ack = acknowledgements::latest(&t.db, &buyer_scope, second.id)
            .await
            .unwrap()
            .unwrap();
        let approve = ReviewForm {
            acknowledgement: ack.id.to_string(),
            token: "r3".into(),
            comment: String::new(),
            lines: ack
                .lines_to_review()
                .into_iter()
                .map(|line| ReviewLineForm {
                    line,
                    decision: "approve".into(),
                    ..ReviewLineForm::default()
                })
                .collect(),
        };
        let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, second.id, &approve)
            .await
            .unwrap();
        assert_eq!(
            r,
            Reviewed::Applied {
                outcome: AckOutcome::Approved,
                status: PoStatus::Acknowledged
            },
            "{b}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'po.change_reviewed'"
            )
            .await,
            2,
            "{b}"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_suppliers_override_judges_its_answers_until_removed_on_every_backend() {
    use portico_core::services::change_policies;
    use portico_domain::acknowledgement::{ChangePolicy, PolicyInput};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let admin = user(&t.db, "admin@northwind.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        let page = change_policies::page(&t.db, &admin).await.unwrap();
        let demo_default = page.default.clone().expect("the demo has a default policy");
        assert!(page.overrides.is_empty(), "{b}");
        assert!(
            matches!(
                change_policies::page(&t.db, &buyer).await.unwrap_err(),
                CoreError::Forbidden
            ),
            "{b}"
        );

        // A mistake names its field and stores nothing.
        let mut input = PolicyInput::from(&demo_default);
        input.price_increase_pct = "abc".into();
        let e = change_policies::save(
            &t.db,
            &meta,
            &admin,
            Some(demo.northwind_supplier.0),
            &input,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&e, CoreError::Validation { field, message } if field == "price_increase_pct" && message == "policy-error-percent-increase"),
            "{b}: {e:?}"
        );
        assert!(
            change_policies::page(&t.db, &admin)
                .await
                .unwrap()
                .overrides
                .is_empty(),
            "{b}"
        );

        // Acme may raise prices by up to 5 %.
        input.price_increase_pct = "5".into();
        let saved = change_policies::save(
            &t.db,
            &meta,
            &admin,
            Some(demo.northwind_supplier.0),
            &input,
        )
        .await
        .unwrap();
        assert_eq!(
            saved,
            ChangePolicy {
                price_increase_pct: rust_decimal::Decimal::from(5),
                ..demo_default.clone()
            },
            "{b}"
        );
        let page = change_policies::page(&t.db, &admin).await.unwrap();
        assert_eq!(page.overrides.len(), 1, "{b}");
        assert_eq!(
            page.overrides[0].supplier.id, demo.northwind_supplier.0,
            "{b}"
        );
        assert_eq!(
            page.default.as_ref(),
            Some(&demo_default),
            "{b}: the default is unchanged"
        );

        let dearer = |po: &PoDetail, token: &str| {
            let mut f = form(po, token, "lines");
            f.lines[0].answer = "change".into();
            f.lines[0].reason = "price_change".into();
            f.lines[0].price = (po.lines[0].unit_price * rust_decimal::Decimal::new(102, 2))
                .round_dp(4)
                .to_string();
            f
        };
        let orders = new_orders(&t.db, &anna).await;
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            orders[0].id,
            &dearer(&orders[0], "p1"),
        )
        .await
        .unwrap();
        assert!(
            matches!(
                r,
                Submitted::Applied {
                    outcome: AckOutcome::AutoAccepted,
                    ..
                }
            ),
            "{b}: 2 % dearer is inside Acme's override: {r:?}"
        );

        // Without the override, the default (no increase) sends the same change to the buyer.
        change_policies::remove(&t.db, &meta, &admin, demo.northwind_supplier.0)
            .await
            .unwrap();
        assert!(
            matches!(
                change_policies::remove(&t.db, &meta, &admin, demo.northwind_supplier.0)
                    .await
                    .unwrap_err(),
                CoreError::NotFound
            ),
            "{b}"
        );
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            orders[1].id,
            &dearer(&orders[1], "p2"),
        )
        .await
        .unwrap();
        assert!(
            matches!(
                r,
                Submitted::Applied {
                    outcome: AckOutcome::PendingReview,
                    ..
                }
            ),
            "{b}: {r:?}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.change_policy_saved'"
            )
            .await,
            2,
            "{b}"
        );
        t.cleanup().await;
    }
}

/// Recipients of queued mail whose subject is `LIKE subject`, sorted.
async fn mails_to(owner: &Db, subject: &str) -> Vec<String> {
    on_db!(owner, pool => sqlx::query_scalar::<_, String>(
        "SELECT to_address FROM mail_outbox WHERE subject LIKE $1 ORDER BY to_address")
        .bind(subject)
        .fetch_all(pool).await)
    .unwrap()
}

/// The text of the first queued mail whose subject is `LIKE subject`.
async fn mail_text(owner: &Db, subject: &str) -> String {
    on_db!(owner, pool => sqlx::query_scalar::<_, String>(
        "SELECT text_body FROM mail_outbox WHERE subject LIKE $1 LIMIT 1")
        .bind(subject)
        .fetch_one(pool).await)
    .unwrap()
}

#[tokio::test]
async fn the_buyer_counter_proposes_and_the_supplier_accepts_or_answers_anew_on_every_backend() {
    use portico_core::services::acknowledgements::Reviewed;
    use portico_domain::acknowledgement::{ReviewForm, ReviewLineForm};
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        let orders = new_orders(&t.db, &anna).await;
        let (first, second) = (&orders[0], &orders[1]);
        // A dearer first line: outside the demo policy.
        let dearer = |po: &PoDetail, token: &str| {
            let mut f = form(po, token, "lines");
            f.lines[0].answer = "change".into();
            f.lines[0].reason = "price_change".into();
            f.lines[0].price = (po.lines[0].unit_price + rust_decimal::Decimal::ONE).to_string();
            f
        };
        let buyer_scope = Scope::of(&buyer.workspace);
        let counter_of = |po: &PoDetail| po.lines[0].unit_price + rust_decimal::Decimal::new(5, 1);
        for (po, token, review_token) in [(first, "c1", "cr1"), (second, "c2", "cr2")] {
            acknowledgements::submit(&t.db, &meta, PORTAL, &anna, po.id, &dearer(po, token))
                .await
                .unwrap();
            let ack = acknowledgements::latest(&t.db, &buyer_scope, po.id)
                .await
                .unwrap()
                .unwrap();
            let l1 = po.lines[0].line_number;
            let counter_price = counter_of(po);
            let mut review = ReviewForm {
                acknowledgement: ack.id.to_string(),
                token: review_token.into(),
                comment: String::new(),
                lines: vec![ReviewLineForm {
                    line: l1,
                    decision: "counter".into(),
                    quantity: "ten".into(),
                    price: counter_price.to_string(),
                    date: "2026-12-20".into(),
                }],
            };
            // Each value of the counter-proposal is checked by field.
            let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, po.id, &review)
                .await
                .unwrap();
            assert!(
                matches!(&r, Reviewed::Invalid(e) if e[0].field == format!("line-{l1}-counter-quantity") && e[0].message == "ack-error-quantity"),
                "{b}: {r:?}"
            );
            review.lines[0].quantity = po.lines[0].quantity.to_string();
            let r = acknowledgements::review(&t.db, &meta, PORTAL, &buyer, po.id, &review)
                .await
                .unwrap();
            assert_eq!(
                r,
                Reviewed::Applied {
                    outcome: AckOutcome::Countered,
                    status: PoStatus::Countered
                },
                "{b}"
            );
        }
        let reviewed: Vec<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT envelope FROM outbox_events WHERE event_type = 'org.portico.purchase_order.change_reviewed.v1' AND subject = $1")
            .bind(format!("purchase-orders/{}", first.id.0))
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(reviewed.len(), 1, "{b}");
        let data: serde_json::Value = serde_json::from_str(&reviewed[0]).unwrap();
        assert_eq!(data["data"]["purchase_order"]["status"], "countered", "{b}");
        assert_eq!(
            data["data"]["review"]["decisions"][0]["decision"], "counter",
            "{b}"
        );
        assert_eq!(
            data["data"]["review"]["decisions"][0]["counter"]["date"], "2026-12-20",
            "{b}"
        );
        assert!(
            mail_text(&t.owner, "%proposes other values for purchase order%")
                .await
                .contains(&format!("/orders/{}", first.id.0)),
            "{b}: the supplier is told, with a link"
        );

        // The supplier accepts the first counter-proposal: acknowledged with the buyer's values, once.
        let r = acknowledgements::accept_counter(&t.db, &meta, PORTAL, &anna, first.id, "k1")
            .await
            .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::Approved,
                status: PoStatus::Acknowledged
            },
            "{b}"
        );
        let again = acknowledgements::accept_counter(&t.db, &meta, PORTAL, &anna, first.id, "k1")
            .await
            .unwrap();
        assert_eq!(
            again,
            Submitted::Repeated {
                outcome: AckOutcome::Approved
            },
            "{b}"
        );
        let other = acknowledgements::accept_counter(&t.db, &meta, PORTAL, &anna, first.id, "k2")
            .await
            .unwrap();
        assert!(
            matches!(
                other,
                Submitted::NotOpen {
                    status: PoStatus::Acknowledged
                }
            ),
            "{b}"
        );
        let events = ack_events(&t.owner, first.id).await;
        assert_eq!(
            events.len(),
            2,
            "{b}: the answer and the accepted counter-proposal"
        );
        let agreed = &events[1].1;
        assert_eq!(agreed["acknowledgement"]["outcome"], "approved", "{b}");
        assert_eq!(agreed["purchase_order"]["status"], "acknowledged", "{b}");
        assert_eq!(
            agreed["acknowledgement"]["lines"][0]["price"],
            counter_of(first).normalize().to_string(),
            "{b}"
        );
        assert_eq!(
            agreed["acknowledgement"]["lines"][0]["schedule"][0]["date"], "2026-12-20",
            "{b}"
        );
        assert!(
            !mails_to(&t.owner, "%accepted your counter-proposal%")
                .await
                .is_empty(),
            "{b}: the buyers are told"
        );
        // Buyers do not accept counter-proposals.
        let e = acknowledgements::accept_counter(&t.db, &meta, PORTAL, &buyer, second.id, "k3")
            .await
            .unwrap_err();
        assert!(matches!(e, CoreError::Forbidden), "{b}: {e:?}");

        // The second one the supplier answers anew instead: accepted as ordered, from `countered`.
        let po = purchase_orders::get(&t.db, &Scope::of(&anna.workspace), second.id)
            .await
            .unwrap();
        assert_eq!(po.status, PoStatus::Countered, "{b}");
        let r = acknowledgements::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            second.id,
            &form(&po, "c3", "accept"),
        )
        .await
        .unwrap();
        assert_eq!(
            r,
            Submitted::Applied {
                outcome: AckOutcome::Accepted,
                status: PoStatus::Acknowledged
            },
            "{b}"
        );
        let late = acknowledgements::accept_counter(&t.db, &meta, PORTAL, &anna, second.id, "k4")
            .await
            .unwrap();
        assert!(matches!(late, Submitted::NotOpen { .. }), "{b}: {late:?}");
    }
}
