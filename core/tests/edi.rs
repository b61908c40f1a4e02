//! EDI in, on every backend: an X12 850 interchange with two orders, one of them broken, becomes one purchase order
//! (with its event) and a 997 that accepts the first set and rejects the second at the segment and element at fault;
//! importing it again changes nothing; a broken envelope imports nothing and says where.

use portico_core::audit::RequestMeta;
use portico_core::on_db;
use portico_core::seed;
use portico_core::services::edi_inbound;
use portico_core::services::erp_api::Submitted;
use portico_core::testing::{sign_in, TestDb};
use portico_edi::x12;

const CLI: edi_inbound::Source = edi_inbound::Source {
    channel: "cli",
    file_name: None,
};

const FILE: &str = include_str!("fixtures/edi/850-northwind-two-orders.x12");

#[tokio::test]
async fn an_850_becomes_orders_and_a_997_names_what_was_rejected_on_every_backend() {
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        seed::seed_demo(&t.db).await.unwrap();
        let tenant = sign_in(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user
            .workspace
            .tenant_id;
        let meta = RequestMeta::default();
        let report = edi_inbound::import(&t.db, &meta, tenant, FILE, "http://portal.test", CLI)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report.sets.len(), 2, "{b}");
        let (number, outcome) = report.sets[0].outcome.clone().unwrap();
        assert_eq!(
            (number.as_str(), outcome),
            ("EDI-4500020001", Submitted::Created),
            "{b}"
        );
        let problem = report.sets[1].outcome.clone().unwrap_err();
        assert_eq!(
            problem.describe(),
            "segment 27 (PO1), element 2: lines[0].quantity: Enter a decimal number as a string, such as \"12\" or \"12.50\". (got 'ten')",
            "{b}"
        );

        // The order is stored with what the 850 said, and its event was recorded.
        let row: (String, String, String, Option<String>) = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT currency, payment_terms, ship_to_address, incoterms FROM purchase_orders WHERE number = 'EDI-4500020001'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            row,
            (
                "EUR".to_owned(),
                "2% 10, Net 30".to_owned(),
                "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".to_owned(),
                Some("FCA".to_owned())
            ),
            "{b}"
        );
        let id: uuid::Uuid = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT id FROM purchase_orders WHERE number = 'EDI-4500020001'").fetch_one(pool).await)
        .unwrap();
        let events: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox_events WHERE subject = $1 AND event_type = 'org.portico.purchase_order.received.v1'")
            .bind(format!("purchase-orders/{id}")).fetch_one(pool).await)
        .unwrap();
        assert_eq!(events, 1, "{b}: the order's event");
        let broken: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM purchase_orders WHERE number = 'EDI-4500020002'").fetch_one(pool).await)
        .unwrap();
        assert_eq!(broken, 0, "{b}: nothing of the rejected set");

        // The 997: one group, AK5 A for the first set, AK3/AK4/AK5 R for the second, AK9 partially accepted.
        let ack = x12::parse(&report.acknowledgement).unwrap();
        assert_eq!(
            ack.isa.el(6).trim(),
            "PORTICO",
            "{b}: sent by the receiver of the 850"
        );
        assert_eq!(ack.isa.el(8).trim(), "NORTHWINDEDI", "{b}");
        let set = &ack.groups[0].sets[0];
        assert_eq!(set.id, "997");
        let lines: Vec<String> = set
            .segments
            .iter()
            .map(|s| {
                format!(
                    "{}*{}",
                    s.tag,
                    s.elements
                        .iter()
                        .map(|e| e.join(">"))
                        .collect::<Vec<_>>()
                        .join("*")
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "AK1*PO*4711",
                "AK2*850*0001",
                "AK5*A",
                "AK2*850*0002",
                "AK3*PO1*8**8",
                "AK4*2**6*ten",
                "AK5*R*5",
                "AK9*P*2*2*1",
            ],
            "{b}"
        );

        // The same interchange again: the first order is the stored answer, nothing new; control numbers move on.
        let again = edi_inbound::import(&t.db, &meta, tenant, FILE, "http://portal.test", CLI)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            again.sets[0].outcome.clone().unwrap().1,
            Submitted::Created,
            "{b}: the stored answer"
        );
        let orders: i64 = on_db!(&t.owner, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM purchase_orders WHERE number LIKE 'EDI-%'").fetch_one(pool).await)
        .unwrap();
        assert_eq!(orders, 1, "{b}");
        let second = x12::parse(&again.acknowledgement).unwrap();
        assert_eq!(ack.control(), "000000001", "{b}");
        assert_eq!(second.control(), "000000002", "{b}: never reused");

        // A broken envelope: nothing imported, the error names the place.
        let bad = FILE.replace("SE*17*0001", "SE*16*0001");
        let e = edi_inbound::import(&t.db, &meta, tenant, &bad, "http://portal.test", CLI)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment 19 (SE), element 1: 17 segments counted, the trailer says 16",
            "{b}"
        );
        println!(
            "edi in ({b}): 850 with 2 sets -> 1 order created, 1 rejected at {}; 997 AK9*P*2*2*1; re-import: 0 new orders; 997 control numbers 1, 2",
            problem.describe()
        );
        t.cleanup().await;
    }
}

const ORDERS: &str = include_str!("fixtures/edi/orders-northwind-two-orders.edi");

#[tokio::test]
async fn edifact_orders_become_orders_and_a_contrl_names_what_was_rejected_on_every_backend() {
    use portico_edi::edifact;
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        seed::seed_demo(&t.db).await.unwrap();
        let tenant = sign_in(&t.db, "admin@northwind.example", seed::DEMO_PASSWORD)
            .await
            .unwrap()
            .user
            .workspace
            .tenant_id;
        let meta = RequestMeta::default();
        let report = edi_inbound::import(&t.db, &meta, tenant, ORDERS, "http://portal.test", CLI)
            .await
            .unwrap()
            .unwrap();
        let (number, outcome) = report.sets[0].outcome.clone().unwrap();
        assert_eq!(
            (number.as_str(), outcome),
            ("EDIF-4500030001", Submitted::Created),
            "{b}"
        );
        let problem = report.sets[1].outcome.clone().unwrap_err();
        assert!(
            problem
                .describe()
                .starts_with("segment 33 (QTY), element 1: lines[0].quantity:"),
            "{b}: {}",
            problem.describe()
        );
        assert!(
            problem.describe().ends_with("(got '21:ten:RL')"),
            "{b}: {}",
            problem.describe()
        );
        let row: (String, String, String, Option<String>, Option<String>) = on_db!(&t.owner, pool => sqlx::query_as(
            "SELECT currency, payment_terms, ship_to_address, incoterms, notes FROM purchase_orders WHERE number = 'EDIF-4500030001'")
            .fetch_one(pool).await)
        .unwrap();
        assert_eq!(
            row,
            (
                "EUR".to_owned(),
                "Net 30 days".to_owned(),
                "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL".to_owned(),
                Some("FCA".to_owned()),
                Some("Deliver to gate 4+5 before 14:00".to_owned())
            ),
            "{b}: released characters read as data"
        );
        let contrl = edifact::parse(&report.acknowledgement).unwrap();
        let m = &contrl.messages[0];
        assert_eq!(m.message_type(), "CONTRL");
        let lines: Vec<String> = m
            .segments
            .iter()
            .map(|s| {
                format!(
                    "{}+{}",
                    s.tag,
                    s.elements
                        .iter()
                        .map(|e| e.join(":"))
                        .collect::<Vec<_>>()
                        .join("+")
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "UCI+5120+NORTHWINDEDI:ZZ+PORTICO:ZZ+7",
                "UCM+1+ORDERS:D:96A:UN+7",
                "UCM+2+ORDERS:D:96A:UN+4",
                "UCS+8",
                "UCD+12+1",
            ],
            "{b}"
        );
        assert_eq!(
            contrl.unb.el(2),
            "PORTICO",
            "{b}: sent back by the receiver of the ORDERS"
        );
        println!(
            "edi in ({b}): ORDERS with 2 messages -> 1 order created, 1 rejected at {}; CONTRL UCM 7 / UCM 4 UCS+8 UCD+12+1",
            problem.describe()
        );
        t.cleanup().await;
    }
}
