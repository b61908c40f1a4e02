//! The EDI sink on every backend: saving an enabled EDI profile gives the supplier an `edi` endpoint; the
//! supplier's acknowledgement reaches it (and only its own supplier's do), and the relay writes it as an 855 or an
//! ORDRSP into the partner's outbound directory, logs the interchange with its control number and keeps the
//! document, control number and file name with the attempt. Switching the profile off switches the endpoint off.
//! Ship notices and invoices of an EDI partner are written as 856 and 810 the same way.

use portico_core::audit::RequestMeta;
use portico_core::outbox::sinks::erp_webhook::HttpTransport;
use portico_core::outbox::{Relay, RelaySettings, Sinks};
use portico_core::services::acknowledgements::{self, Submitted};
use portico_core::services::{edi_partners, purchase_orders};
use portico_core::testing::{demo_tenants, sign_in, TempDir, TestDb};
use portico_core::{on_db, seed, Db, Scope};
use portico_domain::acknowledgement::AckForm;
use portico_domain::edi::EdiProfileInput;
use portico_domain::{CurrentUser, InboxFilter, PoDetail};
use std::sync::Arc;
use std::time::Duration;

/// The public URL e-mailed links are built from.
const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

fn profile(standard: &str, enabled: bool) -> EdiProfileInput {
    let edifact = standard == "edifact";
    EdiProfileInput {
        standard: standard.into(),
        supplier_qualifier: if edifact { "ZZZ" } else { "ZZ" }.into(),
        supplier_code: "ACMEEDI".into(),
        buyer_qualifier: if edifact { "ZZZ" } else { "ZZ" }.into(),
        buyer_code: "NORTHWINDGW".into(),
        element_separator: if edifact { "+" } else { "*" }.into(),
        component_separator: if edifact { ":" } else { ">" }.into(),
        segment_terminator: if edifact { "'" } else { "~" }.into(),
        test: true,
        outbound_dir: "acme/out".into(),
        enabled,
    }
}

/// The supplier's first new order, accepted as ordered.
async fn accept_first(db: &Db, supplier: &CurrentUser, token: &str) -> PoDetail {
    let scope = Scope::of(&supplier.workspace);
    let filter = InboxFilter::parse(Some("new"), None, None, None).unwrap();
    let page = purchase_orders::list(db, &scope, &filter).await.unwrap();
    let po = purchase_orders::get(db, &scope, page.items[0].id)
        .await
        .unwrap();
    let form = AckForm {
        decision: "accept".into(),
        ..AckForm::prefilled(&po, token.into())
    };
    let r = acknowledgements::submit(db, &RequestMeta::default(), PORTAL, supplier, po.id, &form)
        .await
        .unwrap();
    assert!(matches!(r, Submitted::Applied { .. }), "{r:?}");
    po
}

fn relay(db: &Db, dir: &std::path::Path) -> Relay {
    let transport = HttpTransport::new(Duration::from_secs(5), true).unwrap();
    let mut sinks = Sinks::new(Arc::new(transport), "http://portal.test");
    sinks.edi_dir = Some(dir.to_path_buf());
    Relay::new(db.clone(), sinks, RelaySettings::default())
}

fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[tokio::test]
async fn acknowledgements_become_edi_files_for_partners_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let root = TempDir::new();
        let admin = user(&t.db, "admin@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        let berta = user(&t.db, "berta@bolt.example").await;
        let meta = RequestMeta::default();
        edi_partners::save_profile(
            &t.db,
            &meta,
            &admin,
            demo.northwind_supplier.0,
            &profile("x12", true),
        )
        .await
        .unwrap();
        let endpoints: Vec<(String, String)> = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT url, description FROM webhook_endpoints WHERE kind = 'edi'")
            .fetch_all(pool).await)
        .unwrap();
        assert_eq!(endpoints.len(), 1, "{b}: {endpoints:?}");
        assert_eq!(
            endpoints[0].0,
            format!("edi:{}", demo.northwind_supplier.0),
            "{b}"
        );
        assert_eq!(endpoints[0].1, "X12 ZZ:ACMEEDI → ZZ:NORTHWINDGW", "{b}");

        let po = accept_first(&t.db, &anna, "tok-edi-1").await;
        // Bolt has no EDI profile: its answer goes to no EDI endpoint.
        accept_first(&t.db, &berta, "tok-edi-2").await;
        let edi_deliveries: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.kind = 'edi'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            edi_deliveries, 1,
            "{b}: only Acme's answer goes to Acme's EDI endpoint"
        );

        assert!(
            relay(&t.db, root.path())
                .run_until_idle(Duration::from_secs(20))
                .await
                .unwrap(),
            "{b}"
        );
        let out = root
            .path()
            .join(seed::DEMO_TENANT_SLUG)
            .join("outbound/acme/out");
        let written = files(&out);
        assert_eq!(written.len(), 1, "{b}: {written:?}");
        let (name, text) = &written[0];
        assert!(
            name.starts_with("855_") && name.ends_with(".x12"),
            "{b}: {name}"
        );
        assert!(text.starts_with("ISA*00*"), "{b}: {text}");
        assert!(
            text.contains(&format!("BAK*00*AD*{}*", po.number)),
            "{b}: accepted as ordered: {text}"
        );
        let parsed = portico_edi::x12::parse(text).unwrap();
        let control = parsed.control().to_owned();

        // The delivery is delivered; its attempt names the document, control number and file.
        let (status, detail): (String, Option<String>) = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT d.status, a.detail FROM event_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             JOIN delivery_attempts a ON a.delivery_id = d.id WHERE e.kind = 'edi'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(status, "delivered", "{b}");
        assert_eq!(detail, Some(format!("855 {control} {name}")), "{b}");
        let logged: (String, String, String) = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT control_number, channel, status FROM edi_interchanges WHERE direction = 'out'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            logged,
            (control.clone(), "sink".to_owned(), "written".to_owned()),
            "{b}"
        );

        // EDIFACT partners get an ORDRSP; a profile switched off parks nothing new on its endpoint.
        edi_partners::save_profile(
            &t.db,
            &meta,
            &admin,
            demo.northwind_supplier.0,
            &profile("edifact", true),
        )
        .await
        .unwrap();
        accept_first(&t.db, &anna, "tok-edi-3").await;
        assert!(
            relay(&t.db, root.path())
                .run_until_idle(Duration::from_secs(20))
                .await
                .unwrap(),
            "{b}"
        );
        let written = files(&out);
        assert_eq!(written.len(), 2, "{b}: {written:?}");
        assert!(
            written.iter().any(|(n, t)| n.starts_with("ORDRSP_")
                && t.contains("UNH+")
                && t.contains("ORDRSP:D:96A")),
            "{b}: {written:?}"
        );

        edi_partners::save_profile(
            &t.db,
            &meta,
            &admin,
            demo.northwind_supplier.0,
            &profile("edifact", false),
        )
        .await
        .unwrap();
        let disabled: Option<String> = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT disabled_reason FROM webhook_endpoints WHERE kind = 'edi'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(disabled.as_deref(), Some("admin"), "{b}");
        let scope = Scope::of(&anna.workspace);
        let filter = InboxFilter::parse(Some("new"), None, None, None).unwrap();
        if !purchase_orders::list(&t.db, &scope, &filter)
            .await
            .unwrap()
            .items
            .is_empty()
        {
            accept_first(&t.db, &anna, "tok-edi-4").await;
            let pending: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
                "SELECT COUNT(*) FROM event_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                 WHERE e.kind = 'edi' AND d.status = 'pending'")
                .fetch_one(pool).await)
            .unwrap();
            assert_eq!(
                pending, 0,
                "{b}: no delivery to a switched-off EDI endpoint"
            );
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn ship_notices_and_invoices_become_856_and_810_files_on_every_backend() {
    use portico_core::services::{invoices, packing, ship_notices};
    use portico_domain::documents::PackageKind;
    use portico_domain::invoicing::InvoiceForm;
    use portico_domain::shipping::HeaderInput;

    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        let demo = demo_tenants(&t.db).await;
        let root = TempDir::new();
        let admin = user(&t.db, "admin@northwind.example").await;
        let anna = user(&t.db, "anna@acme.example").await;
        let meta = RequestMeta::default();
        edi_partners::save_profile(
            &t.db,
            &meta,
            &admin,
            demo.northwind_supplier.0,
            &profile("x12", true),
        )
        .await
        .unwrap();
        let po = accept_first(&t.db, &anna, "tok-asn-1").await;
        let notice = ship_notices::start(&t.db, &meta, &anna, po.id)
            .await
            .unwrap()
            .unwrap();
        let quantities: Vec<String> = ship_notices::view(&t.db, &anna, notice)
            .await
            .unwrap()
            .lines
            .iter()
            .map(|l| l.quantity.normalize().to_string())
            .collect();
        let header = HeaderInput {
            shipped_on: time::OffsetDateTime::now_utc().date().to_string(),
            carrier_scac: "UPSN".into(),
            tracking_number: "1Z999AA10123456784".into(),
            ..HeaderInput::default()
        };
        ship_notices::save(&t.db, &anna, notice, &header, &quantities)
            .await
            .unwrap()
            .unwrap();
        let carton = packing::add_package(&t.db, &anna, notice, PackageKind::Carton, None)
            .await
            .unwrap()
            .unwrap();
        packing::pack(&t.db, &anna, notice, carton, 0, "1")
            .await
            .unwrap()
            .unwrap();
        ship_notices::submit(&t.db, &meta, PORTAL, &anna, notice)
            .await
            .unwrap()
            .unwrap();
        let sscc = ship_notices::view(&t.db, &anna, notice)
            .await
            .unwrap()
            .packages[0]
            .sscc
            .clone();
        let start = invoices::start(&t.db, &anna, po.id, Some(notice))
            .await
            .unwrap();
        let form = InvoiceForm {
            number: "INV-EDI-1".into(),
            ..start.form
        };
        invoices::submit(
            &t.db,
            &meta,
            PORTAL,
            &anna,
            po.id,
            Some(notice),
            &form,
            "inv-edi-1",
        )
        .await
        .unwrap()
        .unwrap();

        assert!(
            relay(&t.db, root.path())
                .run_until_idle(Duration::from_secs(20))
                .await
                .unwrap(),
            "{b}"
        );
        let out = root
            .path()
            .join(seed::DEMO_TENANT_SLUG)
            .join("outbound/acme/out");
        let written = files(&out);
        let kinds: Vec<&str> = written
            .iter()
            .map(|(n, _)| n.split('_').next().unwrap_or(""))
            .collect();
        assert_eq!(kinds, vec!["810", "855", "856"], "{b}: {written:?}");
        let asn = &written
            .iter()
            .find(|(n, _)| n.starts_with("856_"))
            .unwrap()
            .1;
        assert!(asn.contains(&format!("MAN*GM*{sscc}~")), "{b}: {asn}");
        assert!(asn.contains("TD5*"), "{b}: {asn}");
        let invoice = &written
            .iter()
            .find(|(n, _)| n.starts_with("810_"))
            .unwrap()
            .1;
        assert!(invoice.contains("*INV-EDI-1*"), "{b}: {invoice}");
        assert!(
            invoice.contains(&format!("*{}***DI~", po.number)),
            "{b}: {invoice}"
        );
        for (_, text) in &written {
            portico_edi::x12::parse(text).unwrap();
        }
        t.cleanup().await;
    }
}
