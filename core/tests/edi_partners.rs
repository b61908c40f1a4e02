//! EDI trading partners on every backend: a buyer administrator sets a supplier's profile (a mistake names its
//! field, nothing is stored), every inbound interchange is logged with the acknowledgement that answered it (or why
//! it could not be read), and files put in an inbound directory are imported once, filed away and answered in the
//! outbound directory; a file a stopped server left claimed is taken up again.

use portico_core::audit::RequestMeta;
use portico_core::on_db;
use portico_core::seed;
use portico_core::services::{edi_directory, edi_inbound, edi_partners};
use portico_core::testing::{sign_in, TempDir, TestDb};
use portico_core::CoreError;
use portico_domain::edi::{Direction, EdiProfileInput};

const FILE: &str = include_str!("fixtures/edi/850-northwind-two-orders.x12");

fn acme_profile() -> EdiProfileInput {
    EdiProfileInput {
        standard: "x12".into(),
        supplier_qualifier: "zz".into(),
        supplier_code: "PORTICO".into(),
        buyer_qualifier: "ZZ".into(),
        buyer_code: "NORTHWINDEDI".into(),
        element_separator: "*".into(),
        component_separator: ">".into(),
        segment_terminator: "~".into(),
        test: true,
        outbound_dir: "acme".into(),
        enabled: true,
    }
}

#[tokio::test]
async fn profiles_are_kept_per_supplier_and_interchanges_are_logged_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        seed::seed_demo(&t.db).await.unwrap();
        let admin = sign_in(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let meta = RequestMeta::default();
        let partners = edi_partners::partners(&t.db, &admin).await.unwrap();
        let acme = partners
            .iter()
            .find(|p| p.supplier_code == "ACME")
            .unwrap_or_else(|| panic!("{b}: {partners:?}"));
        assert!(acme.profile.is_none(), "{b}: no profile yet");

        // A mistake names its field and stores nothing.
        let mut bad = acme_profile();
        bad.segment_terminator = "*".into();
        let e = edi_partners::save_profile(&t.db, &meta, &admin, acme.supplier_id, &bad)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, CoreError::Validation { field, message }
                if field == "segment_terminator" && message == "edi-separators-same"),
            "{b}: {e:?}"
        );
        let stored: i64 =
            on_db!(&t.owner, pool => sqlx::query_scalar("SELECT COUNT(*) FROM edi_profiles")
            .fetch_one(pool).await)
            .unwrap();
        assert_eq!(stored, 0, "{b}");

        // Saved, then changed: one profile, the audit trail says so.
        edi_partners::save_profile(&t.db, &meta, &admin, acme.supplier_id, &acme_profile())
            .await
            .unwrap();
        let mut production = acme_profile();
        production.test = false;
        edi_partners::save_profile(&t.db, &meta, &admin, acme.supplier_id, &production)
            .await
            .unwrap();
        let partners = edi_partners::partners(&t.db, &admin).await.unwrap();
        let profile = partners
            .iter()
            .find(|p| p.supplier_id == acme.supplier_id)
            .and_then(|p| p.profile.clone())
            .unwrap();
        assert_eq!(
            (profile.supplier_party().as_str(), profile.test),
            ("ZZ:PORTICO", false),
            "{b}"
        );
        let audited: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'integration.edi_profile_saved'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(audited, 2, "{b}");

        // A supplier's person may not set profiles.
        let supplier = sign_in(&t.db, "anna@acme.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let refused =
            edi_partners::save_profile(&t.db, &meta, &supplier, acme.supplier_id, &production)
                .await
                .unwrap_err();
        assert!(matches!(refused, CoreError::Forbidden), "{b}: {refused:?}");
        let pasted =
            edi_partners::import_pasted(&t.db, &meta, &supplier, FILE, "http://portal.test")
                .await
                .unwrap_err();
        assert!(matches!(pasted, CoreError::Forbidden), "{b}: {pasted:?}");
        let empty = edi_partners::import_pasted(&t.db, &meta, &admin, "  \n", "http://portal.test")
            .await
            .unwrap_err();
        assert!(
            matches!(&empty, CoreError::Validation { field, .. } if field == "text"),
            "{b}: {empty:?}"
        );

        // An import is logged with its answer and tied to the profile its receiver id names.
        let tenant = admin.workspace.tenant_id;
        let source = edi_inbound::Source {
            channel: "api",
            file_name: Some("po-4711.x12"),
        };
        let report = edi_inbound::import(&t.db, &meta, tenant, FILE, "http://portal.test", source)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report.status(), "partial", "{b}");
        let broken = FILE.replace("GE*2*4711", "GE*3*4711");
        let unreadable =
            edi_inbound::import(&t.db, &meta, tenant, &broken, "http://portal.test", source)
                .await
                .unwrap()
                .unwrap_err();
        let log = edi_partners::interchanges(&t.db, &admin).await.unwrap();
        assert_eq!(log.len(), 2, "{b}");
        let (newest, first) = (&log[0], &log[1]);
        assert_eq!(
            (
                newest.status.as_str(),
                newest.error.clone(),
                newest.set_count
            ),
            ("unreadable", Some(unreadable.to_string()), 0),
            "{b}"
        );
        assert_eq!(
            (
                first.direction,
                first.status.as_str(),
                first.documents.as_str(),
                first.control_number.as_str(),
                first.sender.as_str(),
                first.receiver.as_str(),
                first.accepted_count,
                first.set_count,
                first.supplier_name.as_deref(),
                first.file_name.as_deref(),
            ),
            (
                Direction::In,
                "partial",
                "850",
                "000004711",
                "ZZ:NORTHWINDEDI",
                "ZZ:PORTICO",
                1,
                2,
                Some("Acme Industrial Supply"),
                Some("po-4711.x12"),
            ),
            "{b}"
        );
        let detail = edi_partners::interchange(&t.db, &admin, first.id)
            .await
            .unwrap();
        assert_eq!(detail.body, FILE, "{b}");
        assert_eq!(
            detail.answer.as_deref(),
            Some(report.acknowledgement.as_str()),
            "{b}"
        );
        // Each set's outcome is kept, a rejection with its place and the rule it broke (for the reader's language).
        assert_eq!(detail.sets.len(), 2, "{b}");
        assert_eq!(
            (
                detail.sets[0].order_number.as_deref(),
                detail.sets[0].outcome.as_deref()
            ),
            (Some("EDI-4500020001"), Some("created")),
            "{b}"
        );
        let error = detail.sets[1].error.clone().unwrap();
        assert_eq!(
            (
                error.segment,
                error.tag.as_str(),
                error.element,
                error.rule,
                error.value.as_deref()
            ),
            (
                27,
                "PO1",
                Some(2),
                Some((
                    "lines[0].quantity".to_owned(),
                    "api-decimal-invalid".to_owned()
                )),
                Some("ten")
            ),
            "{b}"
        );

        // Another organisation's administrator sees none of it.
        seed::seed_other_tenant(&t.db).await.unwrap();
        let mut other = sign_in(&t.db, "buyer@contoso.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        other.workspace.role = portico_domain::MembershipRole::BuyerAdmin;
        assert!(edi_partners::interchanges(&t.db, &other)
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            edi_partners::interchange(&t.db, &other, first.id).await,
            Err(CoreError::NotFound)
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn files_in_the_inbound_directory_are_imported_once_filed_and_answered_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        seed::seed_demo(&t.db).await.unwrap();
        let admin = sign_in(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user;
        let root = TempDir::new();
        let folder = root.path().join("northwind");
        let inbound = folder.join("inbound");
        std::fs::create_dir_all(&inbound).unwrap();
        std::fs::write(inbound.join("po-4711.x12"), FILE).unwrap();
        std::fs::write(inbound.join("garbage.x12"), "ISA*00*not an interchange~").unwrap();
        std::fs::write(inbound.join("arriving.x12.part"), "ISA*").unwrap();
        // A folder naming no organisation is passed over.
        std::fs::create_dir_all(root.path().join("nobody/inbound")).unwrap();

        let report = edi_directory::scan(&t.db, root.path(), "http://portal.test")
            .await
            .unwrap();
        assert_eq!(
            report,
            edi_directory::ScanReport {
                imported: 1,
                rejected: 1
            },
            "{b}"
        );
        let names = |dir: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(folder.join(dir))
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        assert_eq!(
            names("inbound"),
            ["arriving.x12.part", "processed", "processing", "rejected"],
            "{b}: the partial file is left alone"
        );
        let processed = names("inbound/processed");
        assert!(
            processed.len() == 1 && processed[0].ends_with("-po-4711.x12"),
            "{b}: {processed:?}"
        );
        let rejected = names("inbound/rejected");
        assert!(
            rejected.len() == 1 && rejected[0].ends_with("-garbage.x12"),
            "{b}: {rejected:?}"
        );
        assert!(names("inbound/processing").is_empty(), "{b}");
        let out = names("outbound");
        assert!(
            out.len() == 1 && out[0].starts_with("997_000004711_") && out[0].ends_with(".x12"),
            "{b}: {out:?}"
        );
        let ack = std::fs::read_to_string(folder.join("outbound").join(&out[0])).unwrap();
        assert!(ack.contains("AK9*P*2*2*1"), "{b}: {ack}");

        // A second pass finds nothing new.
        let again = edi_directory::scan(&t.db, root.path(), "http://portal.test")
            .await
            .unwrap();
        assert_eq!(again, edi_directory::ScanReport::default(), "{b}");

        // A file a stopped server left claimed is taken up again once the claim is stale, and changes nothing.
        let left = inbound
            .join("processing")
            .join("1764230400000-po-4711-again.x12");
        std::fs::write(&left, FILE).unwrap();
        let fresh = edi_directory::scan(&t.db, root.path(), "http://portal.test")
            .await
            .unwrap();
        assert_eq!(
            fresh,
            edi_directory::ScanReport::default(),
            "{b}: a fresh claim is left alone"
        );
        std::fs::File::options()
            .write(true)
            .open(&left)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
            .unwrap();
        let stale = edi_directory::scan(&t.db, root.path(), "http://portal.test")
            .await
            .unwrap();
        assert_eq!(stale.imported, 1, "{b}");
        assert!(!left.exists(), "{b}");
        let orders: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM purchase_orders WHERE number LIKE 'EDI-%'").fetch_one(pool).await)
        .unwrap();
        assert_eq!(orders, 1, "{b}");
        let log = edi_partners::interchanges(&t.db, &admin).await.unwrap();
        let mut seen: Vec<(String, String, Option<String>)> = log
            .iter()
            .map(|i| (i.channel.clone(), i.status.clone(), i.file_name.clone()))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                (
                    "directory".to_owned(),
                    "partial".to_owned(),
                    Some("po-4711-again.x12".to_owned())
                ),
                (
                    "directory".to_owned(),
                    "partial".to_owned(),
                    Some("po-4711.x12".to_owned())
                ),
                (
                    "directory".to_owned(),
                    "unreadable".to_owned(),
                    Some("garbage.x12".to_owned())
                ),
            ],
            "{b}"
        );
        t.cleanup().await;
    }
}
