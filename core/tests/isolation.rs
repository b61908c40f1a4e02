//! Tenant isolation below the web layer (RELIABILITY.md checks 3 and 4): PostgreSQL's row-level security as a second
//! wall, and tenant context that never leaks from one use of a pooled connection to the next. Each test prints its
//! figures.

use portico_core::db::{Context, Db};
use portico_core::seed;
use portico_core::services::purchase_orders;
use portico_core::testing::{sign_in, TestDb};
use portico_core::Scope;
use portico_domain::InboxFilter;

#[tokio::test]
async fn postgres_row_level_security_is_forced_owned_by_nobody_and_fails_closed() {
    let Some(t) = TestDb::postgres().await.expect("test database") else {
        eprintln!("rls: skipped (set PORTICO_TEST_POSTGRES_URL to run)");
        return;
    };
    seed::seed_demo(&t.db).await.unwrap();
    seed::seed_other_tenant(&t.db).await.unwrap();
    sign_in(&t.db, "anna@acme.example", seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let (Db::Postgres(app), Db::Postgres(owner)) = (&t.db, &t.owner) else {
        unreachable!()
    };

    // Every table that holds tenant data (it has a tenant_id column, or it is the tenant list itself).
    let tables: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND (c.relname = 'tenants' OR EXISTS ( \
             SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)) \
         ORDER BY 1",
    )
    .fetch_all(owner)
    .await
    .unwrap();
    let forced = tables.iter().filter(|(_, on, force)| *on && *force).count();
    let not_forced: Vec<&str> = tables
        .iter()
        .filter(|(_, on, force)| !(*on && *force))
        .map(|(n, ..)| n.as_str())
        .collect();

    // The role requests run as: who it is, what it may do, what it owns.
    let whoami: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(app)
        .await
        .unwrap();
    let (superuser, bypass): (bool, bool) =
        sqlx::query_as("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'portico_app'")
            .fetch_one(owner)
            .await
            .unwrap();
    let owned: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'portico_app'",
    )
    .fetch_one(owner)
    .await
    .unwrap();

    // Rows the application role sees without any tenant context: outside a transaction, and inside one whose
    // settings are empty. The owner's count shows there is something to hide.
    let mut visible = 0i64;
    let mut present = 0i64;
    for (table, ..) in &tables {
        let count = format!("SELECT COUNT(*) FROM {table}");
        present += sqlx::query_scalar::<_, i64>(&count)
            .fetch_one(owner)
            .await
            .unwrap();
        visible += sqlx::query_scalar::<_, i64>(&count)
            .fetch_one(app)
            .await
            .unwrap();
        let mut tx = t.db.read(&Context::none()).await.unwrap();
        let portico_core::db::TxInner::Postgres(conn) = &mut tx.inner else {
            unreachable!()
        };
        visible += sqlx::query_scalar::<_, i64>(&count)
            .fetch_one(&mut **conn)
            .await
            .unwrap();
    }

    // The audit log is append-only for the application role.
    let delete = sqlx::query("DELETE FROM audit_log").execute(app).await;
    let update = sqlx::query("UPDATE audit_log SET action = 'x'")
        .execute(app)
        .await;

    println!(
        "rls: {forced}/{} tables forced; rows visible without tenant context {visible} (of {present}); \
         app role {whoami}: superuser {superuser}, bypassrls {bypass}, tables owned {owned}; \
         audit log delete refused {}, update refused {}",
        tables.len(),
        delete.is_err(),
        update.is_err()
    );
    assert!(tables.len() >= 6, "{tables:?}");
    assert!(not_forced.is_empty(), "not forced: {not_forced:?}");
    assert_eq!(whoami, "portico_app");
    assert!(!superuser && !bypass);
    assert_eq!(owned, 0);
    assert!(present > 0);
    assert_eq!(visible, 0);
    assert!(delete.is_err() && update.is_err());
    t.cleanup().await;
}

#[tokio::test]
async fn tenant_context_never_leaks_between_uses_of_a_pooled_connection() {
    for t in TestDb::all().await.expect("test databases") {
        seed::seed_demo(&t.db).await.unwrap();
        seed::seed_other_tenant(&t.db).await.unwrap();
        let northwind = sign_in(&t.db, "buyer@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        let acme = sign_in(&t.db, "anna@acme.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        let contoso = sign_in(&t.db, "buyer@contoso.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        // One connection, so every request reuses the previous request's connection.
        let db = Db::connect_app(&t.url, 1).await.unwrap();
        let scopes = [
            Scope::of(&northwind.user.workspace),
            Scope::of(&contoso.user.workspace),
            Scope::of(&acme.user.workspace),
        ];
        let (mut requests, mut rows, mut foreign) = (0, 0, 0);
        for i in 0..1000 {
            let scope = scopes[i % scopes.len()];
            let page = purchase_orders::list(&db, &scope, &InboxFilter::default())
                .await
                .unwrap();
            requests += 1;
            rows += page.items.len();
            foreign += page
                .items
                .iter()
                .filter(|po| {
                    let contoso_po = po.number.starts_with("CON-");
                    let wrong_tenant = contoso_po != (scope.tenant_id() == scopes[1].tenant_id());
                    let wrong_supplier = scope.supplier_id().is_some_and(|s| s != po.supplier_id);
                    wrong_tenant || wrong_supplier
                })
                .count();
        }
        println!(
            "pool leak ({}): pool size 1, {requests} requests alternating 3 scopes, {rows} rows read, \
             foreign rows seen {foreign}",
            t.label
        );
        assert_eq!(foreign, 0);
        assert!(
            rows > 1000,
            "the scopes must see rows for the check to mean anything"
        );
        db.close().await;
        t.cleanup().await;
    }
}
