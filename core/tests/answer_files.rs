//! Answering orders by file, on every backend: the download holds the supplier's open lines; an upload with one
//! wrong row shows that row by column and applies nothing; fixed, it answers every order in one transaction with one
//! event each and applies once; nobody else reaches the file. And the reading of what spreadsheets write.

use portico_core::audit::RequestMeta;
use portico_core::services::answer_files::{self, Applied, Uploaded};
use portico_core::testing::{demo_tenants, sign_in, TestDb};
use portico_core::{on_db, seed, CoreError, Db};
use portico_domain::acknowledgement::file::COLUMNS;
use portico_domain::acknowledgement::AckOutcome;
use portico_domain::CurrentUser;

const PORTAL: &str = "http://portal.test";

async fn user(db: &Db, email: &str) -> CurrentUser {
    sign_in(db, email, seed::DEMO_PASSWORD).await.unwrap().user
}

async fn count(owner: &Db, sql: &str) -> i64 {
    on_db!(owner, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// The CSV's records without the byte order mark and header.
fn records(csv_text: &str) -> Vec<Vec<String>> {
    let text = csv_text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn write(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn col(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap()
}

#[tokio::test]
async fn a_wrong_row_applies_nothing_and_the_fixed_file_answers_every_order_once_on_every_backend()
{
    for t in TestDb::all().await.expect("test databases") {
        let b = t.label;
        demo_tenants(&t.db).await;
        let meta = RequestMeta::default();
        let anna = user(&t.db, "anna@acme.example").await;
        let open = answer_files::open_count(&t.db, &anna).await.unwrap();
        assert!(open >= 2, "{b}: the demo has open orders");

        let download = answer_files::download(&t.db, &anna, &[]).await.unwrap();
        assert!(download.content.starts_with('\u{feff}'), "{b}: BOM");
        assert!(download.file_name.ends_with(".csv"), "{b}");
        let mut rows = records(&download.content);
        let orders: std::collections::BTreeSet<String> =
            rows.iter().map(|r| r[col("order")].clone()).collect();
        assert_eq!(orders.len(), open, "{b}: every open order");

        // One wrong row: a change with a quantity that is no number.
        rows[0][col("answer")] = "change".into();
        rows[0][col("quantity")] = "lots".into();
        rows[0][col("reason")] = "lead_time".into();
        let events_before = count(&t.owner, "SELECT COUNT(*) FROM outbox_events").await;
        let Uploaded::Stored(id) = answer_files::upload(&t.db, &anna, "answers.csv", &write(&rows))
            .await
            .unwrap()
        else {
            panic!("{b}: stored");
        };
        let preview = answer_files::preview(&t.db, &anna, id).await.unwrap();
        assert!(!preview.is_valid(), "{b}");
        assert_eq!(preview.rows_with_problems(), 1, "{b}");
        let wrong = &preview.rows[0];
        assert_eq!(wrong.row.row, 2, "{b}: the first row after the header");
        assert_eq!(wrong.problems[0].column, "quantity", "{b}");
        assert_eq!(wrong.problems[0].message, "ack-error-quantity", "{b}");
        let Applied::Refused(_) = answer_files::apply(&t.db, &meta, PORTAL, &anna, id)
            .await
            .unwrap()
        else {
            panic!("{b}: refused");
        };
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events").await,
            events_before,
            "{b}: nothing applied"
        );
        assert_eq!(
            answer_files::open_count(&t.db, &anna).await.unwrap(),
            open,
            "{b}"
        );

        // Fixed: a lower price inside the demo policy, and a split of the first line over two dates.
        let price: rust_decimal::Decimal = rows[0][col("ordered_price")].parse().unwrap();
        let quantity: rust_decimal::Decimal = rows[0][col("ordered_quantity")].parse().unwrap();
        let requested = rows[0][col("requested_date")].clone();
        rows[0][col("quantity")] = (quantity - rust_decimal::Decimal::ONE).to_string();
        rows[0][col("price")] = (price * rust_decimal::Decimal::new(9, 1))
            .round_dp(2)
            .to_string();
        rows[0][col("promised_date")] = requested.clone();
        rows[0][col("reason")] = "price_change".into();
        let mut split = rows[0].clone();
        split[col("quantity")] = "1".into();
        split[col("price")] = String::new();
        split[col("reason")] = String::new();
        split[col("promised_date")] = requested;
        rows.insert(1, split);
        let Uploaded::Stored(id) = answer_files::upload(&t.db, &anna, "answers.csv", &write(&rows))
            .await
            .unwrap()
        else {
            panic!("{b}: stored");
        };
        let preview = answer_files::preview(&t.db, &anna, id).await.unwrap();
        assert!(
            preview.is_valid(),
            "{b}: {:?}",
            preview.rows.iter().find(|r| !r.problems.is_empty())
        );
        assert_eq!(preview.orders.len(), open, "{b}");
        assert_eq!(
            preview.orders[0].outcome,
            Some(AckOutcome::AutoAccepted),
            "{b}"
        );
        assert!(
            preview.orders[1..]
                .iter()
                .all(|o| o.outcome == Some(AckOutcome::Accepted)),
            "{b}"
        );

        // Nobody else reaches the file.
        let berta = user(&t.db, "berta@bolt.example").await;
        let buyer = user(&t.db, "buyer@northwind.example").await;
        assert!(
            matches!(
                answer_files::preview(&t.db, &berta, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );
        assert!(
            matches!(
                answer_files::preview(&t.db, &buyer, id).await,
                Err(CoreError::Forbidden)
            ),
            "{b}"
        );
        assert!(
            matches!(
                answer_files::apply(&t.db, &meta, PORTAL, &berta, id).await,
                Err(CoreError::NotFound)
            ),
            "{b}"
        );

        assert_eq!(
            answer_files::apply(&t.db, &meta, PORTAL, &anna, id)
                .await
                .unwrap(),
            Applied::Done { orders: open },
            "{b}"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.purchase_order.acknowledged.v1'").await,
            i64::try_from(open).unwrap(),
            "{b}: one event per order"
        );
        assert_eq!(
            answer_files::open_count(&t.db, &anna).await.unwrap(),
            0,
            "{b}"
        );
        assert_eq!(
            answer_files::apply(&t.db, &meta, PORTAL, &anna, id)
                .await
                .unwrap(),
            Applied::Repeated,
            "{b}: once"
        );
        assert_eq!(
            count(&t.owner, "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'org.portico.purchase_order.acknowledged.v1'").await,
            i64::try_from(open).unwrap(),
            "{b}"
        );
        assert_eq!(
            count(
                &t.owner,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'po.answer_file_applied'"
            )
            .await,
            1,
            "{b}"
        );
        // The preview now says when it was applied, and an answered order is no longer open.
        let preview = answer_files::preview(&t.db, &anna, id).await.unwrap();
        assert!(preview.applied_at.is_some(), "{b}");
        assert_eq!(
            preview.rows[0].problems[0].message, "file-error-order-not-open",
            "{b}"
        );
    }
}

#[test]
fn what_spreadsheets_write_is_read() {
    // Excel in Germany: semicolons, decimal commas, Windows-1252, a byte order mark elsewhere.
    let text = "order;version;line;answer;quantity;price;promised_date;reason;comment\r\n\
                4500;1;1;change;12,5;3,10;2026-12-01;other;Gr\u{fc}\u{df}e\r\n\r\n";
    let latin: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let decoded = answer_files::decode(&latin).unwrap();
    let rows = answer_files::read_rows(&decoded).unwrap();
    assert_eq!(rows.len(), 1, "the blank row is skipped");
    assert_eq!(rows[0].row, 2);
    assert_eq!(rows[0].quantity, "12,5");
    assert_eq!(rows[0].comment, "Grüße");

    let with_bom = [
        b"\xEF\xBB\xBF".as_slice(),
        b"order,version,line,answer,quantity,price,promised_date,reason\n1,1,1,accept,,,,\n",
    ]
    .concat();
    let rows = answer_files::read_rows(&answer_files::decode(&with_bom).unwrap()).unwrap();
    assert_eq!(rows[0].order, "1");
    assert_eq!(rows[0].answer, "accept");

    let refused = |bytes: &[u8]| answer_files::decode(bytes).unwrap_err().message;
    assert_eq!(
        refused(b"PK\x03\x04rest of a workbook"),
        "file-error-workbook"
    );
    assert_eq!(refused(b"%PDF-1.7"), "file-error-not-csv");
    assert_eq!(refused(b"  \n"), "file-error-empty");
    assert_eq!(
        refused(&vec![b'a'; 3 * 1024 * 1024]),
        "file-error-too-large"
    );
    assert_eq!(
        answer_files::read_rows("order,line\n1,1\n")
            .unwrap_err()
            .message,
        "file-error-columns"
    );
    assert_eq!(
        answer_files::read_rows("order,version,line,answer,quantity,price,promised_date,reason\n")
            .unwrap_err()
            .message,
        "file-error-no-rows"
    );
}
