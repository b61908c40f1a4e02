//! One repository story, run unchanged on every configured backend (SQLite always; PostgreSQL when
//! `PORTICO_TEST_POSTGRES_URL` is set, as CI does).

use portico_core::seed::{self, SeedOutcome, DEMO_PASSWORD};
use portico_core::services::purchase_orders;
use portico_core::testing::{sign_in, TestDb};
use portico_core::{CoreError, Scope};
use portico_domain::{InboxFilter, PoStatus, PurchaseOrderId};

#[tokio::test]
async fn purchase_order_story_on_every_backend() {
    for test_db in TestDb::all().await.expect("test databases") {
        println!("story on {}", test_db.label);
        story(&test_db).await;
        test_db.cleanup().await;
    }
}

async fn story(t: &TestDb) {
    let db = &t.db;
    let backend = t.label;

    // Seeding writes the demo once and is idempotent.
    assert_eq!(
        seed::seed_demo(db).await.unwrap(),
        SeedOutcome::Seeded {
            purchase_orders: 60
        },
        "{backend}"
    );
    assert_eq!(
        seed::seed_demo(db).await.unwrap(),
        SeedOutcome::AlreadyPresent,
        "{backend}"
    );
    let contoso = seed::seed_other_tenant(db).await.unwrap();

    // Login: the right password works; wrong password and unknown address fail the same way.
    let anna = sign_in(db, "Anna@Acme.example", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        anna.user.workspace.supplier_name.as_deref(),
        Some("Acme Industrial Supply")
    );
    for (email, pw) in [
        ("anna@acme.example", "nope"),
        ("nobody@acme.example", DEMO_PASSWORD),
        ("", ""),
    ] {
        assert!(
            matches!(
                sign_in(db, email, pw).await,
                Err(CoreError::InvalidCredentials)
            ),
            "{backend} {email}"
        );
    }

    // A supplier sees only its own orders.
    let acme = Scope::of(&anna.user.workspace);
    let page = purchase_orders::list(db, &acme, &InboxFilter::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 24, "{backend}");
    assert!(page
        .items
        .iter()
        .all(|p| p.supplier_name == "Acme Industrial Supply"));
    assert!(page.next.is_none() && page.prev.is_none());
    assert!(page
        .items
        .windows(2)
        .all(|w| (w[0].order_date, w[0].id) >= (w[1].order_date, w[1].id)));

    // A buyer sees all 60 of its tenant, 50 to a page, and can page forward and back again.
    let buyer = sign_in(db, "buyer@northwind.example", DEMO_PASSWORD)
        .await
        .unwrap();
    let northwind = Scope::of(&buyer.user.workspace);
    let first = purchase_orders::list(db, &northwind, &InboxFilter::default())
        .await
        .unwrap();
    assert_eq!(first.items.len(), 50, "{backend}");
    assert!(first.prev.is_none());
    let after = InboxFilter::parse(None, None, first.next.as_deref(), None).unwrap();
    let second = purchase_orders::list(db, &northwind, &after).await.unwrap();
    assert_eq!(second.items.len(), 10, "{backend}");
    assert!(second.next.is_none());
    assert!(
        second
            .items
            .iter()
            .all(|p| !first.items.iter().any(|q| q.id == p.id)),
        "pages overlap on {backend}"
    );
    let before = InboxFilter::parse(None, None, None, second.prev.as_deref()).unwrap();
    let back = purchase_orders::list(db, &northwind, &before)
        .await
        .unwrap();
    assert_eq!(
        back.items, first.items,
        "paging back returns page 1 on {backend}"
    );
    assert!(back.prev.is_none());
    assert!(
        !first.items.iter().any(|p| p.number.starts_with("CON-")),
        "foreign tenant rows on {backend}"
    );

    // Status filter and number search.
    let new_only = InboxFilter::parse(Some("new"), None, None, None).unwrap();
    let news = purchase_orders::list(db, &acme, &new_only).await.unwrap();
    assert!(!news.items.is_empty() && news.items.iter().all(|p| p.status == PoStatus::New));
    let target = &page.items[3];
    let fragment = &target.number[4..];
    let found = purchase_orders::list(
        db,
        &acme,
        &InboxFilter::parse(None, Some(fragment), None, None).unwrap(),
    )
    .await
    .unwrap();
    assert!(
        found.items.iter().any(|p| p.id == target.id),
        "{backend}: search {fragment}"
    );
    let wildcard = InboxFilter::parse(None, Some("%"), None, None).unwrap();
    assert!(
        purchase_orders::list(db, &acme, &wildcard)
            .await
            .unwrap()
            .items
            .is_empty(),
        "% is literal"
    );

    // Detail: own PO opens with its lines; totals agree with the list; other suppliers' and tenants' do not open.
    let detail = purchase_orders::get(db, &acme, target.id).await.unwrap();
    assert_eq!(detail.number, target.number);
    assert_eq!(detail.lines.len() as i64, target.line_count);
    assert_eq!(detail.total(), target.total.round_dp(2), "{backend}");
    let bolt_po = first
        .items
        .iter()
        .find(|p| p.supplier_name.starts_with("Bolt"))
        .unwrap();
    assert!(matches!(
        purchase_orders::get(db, &acme, bolt_po.id).await,
        Err(CoreError::NotFound)
    ));
    assert!(
        purchase_orders::get(db, &northwind, bolt_po.id)
            .await
            .is_ok(),
        "buyer opens any supplier's PO"
    );
    let contoso_scope = Scope::tenant(contoso);
    let contoso_po = purchase_orders::list(db, &contoso_scope, &InboxFilter::default())
        .await
        .unwrap()
        .items[0]
        .id;
    assert!(matches!(
        purchase_orders::get(db, &northwind, contoso_po).await,
        Err(CoreError::NotFound)
    ));
    assert!(matches!(
        purchase_orders::get(db, &acme, contoso_po).await,
        Err(CoreError::NotFound)
    ));
    let unknown = PurchaseOrderId(uuid::Uuid::now_v7());
    assert!(matches!(
        purchase_orders::get(db, &northwind, unknown).await,
        Err(CoreError::NotFound)
    ));
}
