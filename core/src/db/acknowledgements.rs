//! Acknowledgements of purchase orders (with their lines and deliveries) and the change policies that judge them.
//! Tenant data; every query names the tenant, and the supplier where the caller is one.

use crate::db::{DbDecimal, Tx};
use crate::on_tx;
use crate::scope::Scope;
use portico_domain::acknowledgement::{AckOutcome, ChangePolicy, LineVerdict, ValidAck};
use portico_domain::documents::{AckKind, Acknowledgement, LineAnswer};
use portico_domain::{PurchaseOrderId, SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct PolicyRow {
    price_increase_pct: DbDecimal,
    price_decrease_pct: DbDecimal,
    quantity_under_pct: DbDecimal,
    quantity_over_pct: DbDecimal,
    date_later_days: i32,
    date_earlier_days: i32,
    splits_allowed: bool,
    line_rejections_allowed: bool,
}

impl PolicyRow {
    fn into_policy(self) -> ChangePolicy {
        ChangePolicy {
            price_increase_pct: self.price_increase_pct.0,
            price_decrease_pct: self.price_decrease_pct.0,
            quantity_under_pct: self.quantity_under_pct.0,
            quantity_over_pct: self.quantity_over_pct.0,
            date_later_days: self.date_later_days,
            date_earlier_days: self.date_earlier_days,
            splits_allowed: self.splits_allowed,
            line_rejections_allowed: self.line_rejections_allowed,
        }
    }
}

/// The change policy that applies to `supplier`: its own override, else the organisation's default, else none.
pub async fn policy_for(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<Option<ChangePolicy>, sqlx::Error> {
    const SQL: &str =
        "SELECT price_increase_pct, price_decrease_pct, quantity_under_pct, quantity_over_pct, \
            date_later_days, date_earlier_days, splits_allowed, line_rejections_allowed \
         FROM change_policies WHERE tenant_id = $1 AND (supplier_id = $2 OR supplier_id IS NULL) \
         ORDER BY CASE WHEN supplier_id IS NULL THEN 1 ELSE 0 END LIMIT 1";
    let row: Option<PolicyRow> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(row.map(PolicyRow::into_policy))
}

/// Every policy of the tenant: the default (`None`) and the overrides by supplier.
pub async fn policies(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Vec<(Option<Uuid>, ChangePolicy)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        supplier_id: Option<Uuid>,
        #[sqlx(flatten)]
        policy: PolicyRow,
    }
    const SQL: &str = "SELECT supplier_id, price_increase_pct, price_decrease_pct, quantity_under_pct, \
            quantity_over_pct, date_later_days, date_earlier_days, splits_allowed, line_rejections_allowed \
         FROM change_policies WHERE tenant_id = $1 LIMIT 1000";
    let rows: Vec<Row> =
        on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.supplier_id, r.policy.into_policy()))
        .collect())
}

/// Removes a supplier's override (the organisation's default applies again). Returns whether there was one.
pub async fn delete_policy(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "DELETE FROM change_policies WHERE tenant_id = $1 AND supplier_id = $2";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() > 0))
}

/// Sets the organisation's default policy (`supplier` `None`) or a supplier's override.
pub async fn save_policy(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Option<SupplierId>,
    policy: &ChangePolicy,
    user: Option<UserId>,
) -> Result<(), sqlx::Error> {
    const DELETE_DEFAULT: &str =
        "DELETE FROM change_policies WHERE tenant_id = $1 AND supplier_id IS NULL";
    const DELETE_SUPPLIER: &str =
        "DELETE FROM change_policies WHERE tenant_id = $1 AND supplier_id = $2";
    const INSERT: &str = "INSERT INTO change_policies (id, tenant_id, supplier_id, price_increase_pct, \
            price_decrease_pct, quantity_under_pct, quantity_over_pct, date_later_days, date_earlier_days, \
            splits_allowed, line_rejections_allowed, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    on_tx!(tx, conn => {
        match supplier {
            None => sqlx::query(DELETE_DEFAULT).bind(tenant.0).execute(&mut **conn).await?,
            Some(s) => sqlx::query(DELETE_SUPPLIER).bind(tenant.0).bind(s.0).execute(&mut **conn).await?,
        };
        sqlx::query(INSERT)
            .bind(Uuid::now_v7())
            .bind(tenant.0)
            .bind(supplier.map(|s| s.0))
            .bind(DbDecimal(policy.price_increase_pct))
            .bind(DbDecimal(policy.price_decrease_pct))
            .bind(DbDecimal(policy.quantity_under_pct))
            .bind(DbDecimal(policy.quantity_over_pct))
            .bind(policy.date_later_days)
            .bind(policy.date_earlier_days)
            .bind(policy.splits_allowed)
            .bind(policy.line_rejections_allowed)
            .bind(user.map(|u| u.0))
            .bind(OffsetDateTime::now_utc())
            .execute(&mut **conn)
            .await?;
    });
    Ok(())
}

/// An acknowledgement already stored under a form token: `(purchase order, outcome)`.
pub async fn by_token(
    tx: &mut Tx,
    tenant: TenantId,
    token: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    const SQL: &str = "SELECT purchase_order_id, outcome FROM po_acknowledgements \
         WHERE tenant_id = $1 AND form_token = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(token).fetch_optional(&mut **conn).await)
}

/// How many answers an order has had (numbering each answer's reference) and the order's correlation id, in one
/// read: both are needed inside the answer's transaction.
pub async fn numbering(
    tx: &mut Tx,
    tenant: TenantId,
    order: PurchaseOrderId,
) -> Result<(i64, Option<String>), sqlx::Error> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM po_acknowledgements a \
            WHERE a.tenant_id = po.tenant_id AND a.purchase_order_id = po.id), po.correlation_id \
         FROM purchase_orders po WHERE po.tenant_id = $1 AND po.id = $2";
    let found: Option<(i64, Option<String>)> = on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .bind(order.0)
        .fetch_optional(&mut **conn)
        .await)?;
    Ok(found.unwrap_or((0, None)))
}

/// An answer to store.
pub struct NewAck<'a> {
    pub id: Uuid,
    pub purchase_order: PurchaseOrderId,
    pub supplier: SupplierId,
    pub answer: &'a ValidAck,
    pub document: &'a Acknowledgement,
    pub verdicts: &'a [LineVerdict],
    pub outcome: AckOutcome,
    pub token: &'a str,
    pub user: UserId,
    pub correlation_id: Option<&'a str>,
}

fn kind_code(kind: AckKind) -> &'static str {
    match kind {
        AckKind::Accepted => "accepted",
        AckKind::AcceptedWithChanges => "accepted_with_changes",
        AckKind::Rejected => "rejected",
    }
}

fn answer_code(answer: LineAnswer) -> &'static str {
    match answer {
        LineAnswer::Accepted => "accepted",
        LineAnswer::Changed => "changed",
        LineAnswer::Rejected => "rejected",
    }
}

fn codes(fields: &[portico_domain::acknowledgement::ChangedField]) -> String {
    fields
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rows per multi-row insert: far below both backends' bind limits (SQLite 32 766, PostgreSQL 65 535) at ten
/// columns, and above the lines an order may have (999), so an answer's lines take one statement.
const ROWS_PER_INSERT: usize = 1000;

/// Stores an answer with its lines and deliveries: the header, then all lines in one statement and all deliveries in
/// another (the answer's transaction holds SQLite's write lock, so its statement count bounds the submissions per
/// second: docs/PERFORMANCE.md).
pub async fn insert(tx: &mut Tx, tenant: TenantId, ack: &NewAck<'_>) -> Result<(), sqlx::Error> {
    const HEADER: &str = "INSERT INTO po_acknowledgements (id, tenant_id, purchase_order_id, supplier_id, \
            order_version, reference, kind, outcome, reason, comment, form_token, submitted_by, submitted_at, \
            document, correlation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
    const LINES: &str =
        "INSERT INTO po_ack_lines (tenant_id, acknowledgement_id, line_number, answer, quantity, \
            price, reason, comment, changed, outside_policy) ";
    const SCHEDULE: &str =
        "INSERT INTO po_ack_schedule (tenant_id, acknowledgement_id, line_number, position, \
            quantity, promised_date) ";
    let document =
        serde_json::to_string(ack.document).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let lines: Vec<_> = ack
        .answer
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let verdict = ack
                .verdicts
                .iter()
                .find(|v| v.line_number == line.line_number);
            (
                line,
                ack.answer.line_comments.get(i).and_then(|c| c.as_deref()),
                verdict.map(|v| codes(&v.changed)).unwrap_or_default(),
                verdict.map(|v| codes(&v.outside)).unwrap_or_default(),
            )
        })
        .collect();
    let schedule: Vec<_> = ack
        .answer
        .lines
        .iter()
        .flat_map(|line| {
            line.schedule.iter().enumerate().map(move |(position, s)| {
                (
                    line.line_number,
                    i32::try_from(position).unwrap_or(i32::MAX),
                    s,
                )
            })
        })
        .collect();
    on_tx!(tx, conn => {
        sqlx::query(HEADER)
            .bind(ack.id)
            .bind(tenant.0)
            .bind(ack.purchase_order.0)
            .bind(ack.supplier.0)
            .bind(ack.document.order_version)
            .bind(&ack.document.reference)
            .bind(kind_code(ack.answer.kind))
            .bind(ack.outcome.code())
            .bind(ack.answer.reason.map(|r| r.code()))
            .bind(ack.answer.comment.as_deref())
            .bind(ack.token)
            .bind(ack.user.0)
            .bind(OffsetDateTime::now_utc())
            .bind(&document)
            .bind(ack.correlation_id)
            .execute(&mut **conn)
            .await?;
        for chunk in lines.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(LINES);
            insert.push_values(chunk, |mut row, (line, comment, changed, outside)| {
                row.push_bind(tenant.0)
                    .push_bind(ack.id)
                    .push_bind(line.line_number)
                    .push_bind(answer_code(line.answer))
                    .push_bind(DbDecimal(line.promised_quantity()))
                    .push_bind(DbDecimal(line.price))
                    .push_bind(line.reason.as_deref())
                    .push_bind(*comment)
                    .push_bind(changed.as_str())
                    .push_bind(outside.as_str());
            });
            insert.build().execute(&mut **conn).await?;
        }
        for chunk in schedule.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(SCHEDULE);
            insert.push_values(chunk, |mut row, (line_number, position, s)| {
                row.push_bind(tenant.0)
                    .push_bind(ack.id)
                    .push_bind(*line_number)
                    .push_bind(*position)
                    .push_bind(DbDecimal(s.quantity))
                    .push_bind(s.date);
            });
            insert.build().execute(&mut **conn).await?;
        }
    });
    Ok(())
}

/// The latest answer to an order, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AckRow {
    pub id: Uuid,
    pub outcome: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_at: OffsetDateTime,
    pub submitted_by: Option<String>,
    pub document: String,
}

/// One stored line's comment and judgement.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AckLineRow {
    pub line_number: i32,
    pub comment: Option<String>,
    pub changed: String,
    pub outside_policy: String,
}

/// The latest answer to an order visible in `scope`, with its lines' comments and judgements.
pub async fn latest(
    tx: &mut Tx,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<Option<(AckRow, Vec<AckLineRow>)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT a.id, a.outcome, a.reason, a.comment, a.submitted_at, \
                u.display_name AS submitted_by, a.document \
         FROM po_acknowledgements a LEFT JOIN users u ON u.id = a.submitted_by \
         WHERE a.tenant_id = $1 AND a.purchase_order_id = $2",
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND a.supplier_id = $3");
    }
    sql.push_str(" ORDER BY a.submitted_at DESC, a.id DESC LIMIT 1");
    const LINES: &str = "SELECT line_number, comment, changed, outside_policy FROM po_ack_lines \
         WHERE tenant_id = $1 AND acknowledgement_id = $2 ORDER BY line_number";
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, AckRow>(&sql).bind(scope.tenant_id().0).bind(order.0);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        match q.fetch_optional(&mut **conn).await? {
            None => Ok(None),
            Some(row) => {
                let lines = sqlx::query_as::<_, AckLineRow>(LINES)
                    .bind(scope.tenant_id().0)
                    .bind(row.id)
                    .fetch_all(&mut **conn)
                    .await?;
                Ok(Some((row, lines)))
            }
        }
    })
}

/// Sets an order's status after an answer, if the order is still at `version` in `from` (so two answers racing on
/// one order cannot both apply). Returns whether it did.
pub async fn move_order(
    tx: &mut Tx,
    scope: &Scope,
    order: PurchaseOrderId,
    version: i32,
    from: &str,
    to: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE purchase_orders SET status = $4, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND version = $3 AND status = $6";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(scope.tenant_id().0)
        .bind(order.0)
        .bind(version)
        .bind(to)
        .bind(OffsetDateTime::now_utc())
        .bind(from)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The buyer's review of an answer, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReviewRow {
    pub outcome: String,
    pub comment: Option<String>,
    pub decisions: String,
    pub decided_at: OffsetDateTime,
    pub decided_by: Option<String>,
}

/// The review of an answer visible in `scope`, if it has one.
pub async fn review_of(
    tx: &mut Tx,
    scope: &Scope,
    acknowledgement: Uuid,
) -> Result<Option<ReviewRow>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT r.outcome, r.comment, r.decisions, r.decided_at, u.display_name AS decided_by \
         FROM po_reviews r LEFT JOIN users u ON u.id = r.decided_by \
         WHERE r.tenant_id = $1 AND r.acknowledgement_id = $2",
    );
    if scope.supplier_id().is_some() {
        sql.push_str(" AND r.supplier_id = $3");
    }
    on_tx!(tx, conn => {
        let mut q = sqlx::query_as::<_, ReviewRow>(&sql).bind(scope.tenant_id().0).bind(acknowledgement);
        if let Some(s) = scope.supplier_id() {
            q = q.bind(s.0);
        }
        q.fetch_optional(&mut **conn).await
    })
}

/// A review already stored under a form token: `(purchase order, outcome)`.
pub async fn review_by_token(
    tx: &mut Tx,
    tenant: TenantId,
    token: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT purchase_order_id, outcome FROM po_reviews WHERE tenant_id = $1 AND form_token = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(token).fetch_optional(&mut **conn).await)
}

/// A review to store.
pub struct NewReview<'a> {
    pub id: Uuid,
    pub acknowledgement: Uuid,
    pub purchase_order: PurchaseOrderId,
    pub supplier: SupplierId,
    pub outcome: AckOutcome,
    pub comment: Option<&'a str>,
    /// The decisions as JSON.
    pub decisions: &'a str,
    pub token: &'a str,
    pub user: UserId,
}

/// Stores a review.
pub async fn insert_review(
    tx: &mut Tx,
    tenant: TenantId,
    r: &NewReview<'_>,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO po_reviews (id, tenant_id, acknowledgement_id, purchase_order_id, supplier_id, \
            outcome, comment, decisions, form_token, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(r.id)
        .bind(tenant.0)
        .bind(r.acknowledgement)
        .bind(r.purchase_order.0)
        .bind(r.supplier.0)
        .bind(r.outcome.code())
        .bind(r.comment)
        .bind(r.decisions)
        .bind(r.token)
        .bind(r.user.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Moves an answer's outcome on, if it is still `from`. Returns whether it did.
pub async fn set_outcome(
    tx: &mut Tx,
    tenant: TenantId,
    acknowledgement: Uuid,
    from: AckOutcome,
    to: AckOutcome,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE po_acknowledgements SET outcome = $4 \
         WHERE tenant_id = $1 AND id = $2 AND outcome = $3";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(acknowledgement)
        .bind(from.code())
        .bind(to.code())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}
