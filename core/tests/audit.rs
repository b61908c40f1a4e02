//! The audit log (RELIABILITY.md check 26) on every backend: sign-ins append to hash chains, `verify` passes on an
//! untouched log and names the entry when a row is altered, removed from the middle or removed from the end; the
//! application cannot change entries itself.

use portico_core::audit::{self, Action, Entry, RequestMeta};
use portico_core::db::{Context, Db};
use portico_core::seed;
use portico_core::testing::{sign_in, TestDb};
use portico_core::CoreError;

async fn owner_exec(t: &TestDb, sql: &str) {
    match &t.owner {
        Db::Sqlite(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
        Db::Postgres(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

#[tokio::test]
async fn sign_ins_are_chained_and_verify_finds_tampering() {
    for t in TestDb::all().await.expect("test databases") {
        let backend = t.label;
        seed::seed_demo(&t.db).await.unwrap();
        let anna = sign_in(&t.db, "anna@acme.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        sign_in(&t.db, "buyer@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap();
        let failed = sign_in(&t.db, "anna@acme.example", "wrong password").await;
        assert!(matches!(failed, Err(CoreError::InvalidCredentials)));
        let unknown = sign_in(&t.db, "nobody@example.com", "whatever").await;
        assert!(matches!(unknown, Err(CoreError::InvalidCredentials)));

        // Concurrent appends to one chain do not fork it.
        let meta = RequestMeta {
            correlation_id: Some("test-correlation".into()),
            ..RequestMeta::default()
        };
        let tenant = anna.user.workspace.tenant_id;
        let mut writers = Vec::new();
        for _ in 0..8 {
            let db = t.db.clone();
            let meta = meta.clone();
            writers.push(tokio::spawn(async move {
                let mut tx = db.write(&Context::tenant(tenant)).await.unwrap();
                let entry = Entry::new(Some(tenant), None, Action::MfaPolicyChanged);
                audit::append(&mut tx, &meta, entry).await.unwrap();
                tx.commit().await.unwrap();
            }));
        }
        for w in writers {
            w.await.unwrap();
        }

        let report = audit::verify(&t.owner).await.unwrap();
        println!(
            "audit ({backend}): {} chains, {} entries, problems {}",
            report.chains,
            report.entries,
            report.problems.len()
        );
        assert_eq!(
            report.chains, 2,
            "{backend}: the tenant's chain and the platform chain"
        );
        assert_eq!(
            report.entries, 12,
            "{backend}: 2 sign-ins, 2 failures, 8 appends"
        );
        assert!(
            report.problems.is_empty(),
            "{backend}: {:?}",
            report.problems
        );

        // The tenant's entries are readable in its context, newest first, with their correlation id.
        let recent = portico_core::db::audit::recent(&t.db, tenant, 50)
            .await
            .unwrap();
        assert_eq!(recent.len(), 10, "{backend}");
        assert_eq!(
            recent[0].correlation_id.as_deref(),
            Some("test-correlation")
        );
        assert!(recent.iter().any(|e| e.action == "auth.login"));

        // The application cannot change or delete entries.
        let refused = match &t.db {
            Db::Sqlite(pool) => sqlx::query("UPDATE audit_log SET action = 'x'")
                .execute(pool)
                .await
                .is_err(),
            Db::Postgres(pool) => sqlx::query("DELETE FROM audit_log")
                .execute(pool)
                .await
                .is_err(),
        };
        assert!(
            refused,
            "{backend}: the application role changed the audit log"
        );

        // Tampering, as only the database owner could: lift the guard where it is a trigger, then alter, remove a
        // middle entry, remove the last entry. Each is found and named.
        if matches!(t.owner, Db::Sqlite(_)) {
            owner_exec(&t, "DROP TRIGGER audit_log_no_update").await;
            owner_exec(&t, "DROP TRIGGER audit_log_no_delete").await;
        }
        let chain = tenant.0;
        let chain_sql = match t.owner {
            Db::Sqlite(_) => format!("x'{}'", chain.simple()),
            Db::Postgres(_) => format!("'{chain}'"),
        };
        owner_exec(
            &t,
            &format!("UPDATE audit_log SET detail = '{{\"forged\":true}}' WHERE chain_id = {chain_sql} AND seq = 2"),
        )
        .await;
        let report = audit::verify(&t.owner).await.unwrap();
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("entry 2 was altered")),
            "{backend}: {:?}",
            report.problems
        );
        owner_exec(
            &t,
            &format!("DELETE FROM audit_log WHERE chain_id = {chain_sql} AND seq IN (2, 10)"),
        )
        .await;
        let report = audit::verify(&t.owner).await.unwrap();
        println!("audit ({backend}) after tampering: {:?}", report.problems);
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("entry 2 is missing")),
            "{backend}: {:?}",
            report.problems
        );
        assert!(
            report.problems.iter().any(|p| p.contains("head says 10")),
            "{backend}: {:?}",
            report.problems
        );
        t.cleanup().await;
    }
}
