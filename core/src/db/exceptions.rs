//! The buyer's exceptions and their comments. Tenant data, buyer-side: reads and writes take the tenant; the
//! services check that the caller is on the buyer's side. An exception is opened at most once per `dedupe_key`.

use crate::db::Tx;
use crate::on_tx;
use portico_domain::exceptions::{AssigneeFilter, ExceptionFilter};
use portico_domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

/// An exception to open.
pub struct NewException<'a> {
    pub id: Uuid,
    pub supplier: Option<Uuid>,
    pub kind: &'a str,
    pub document_kind: &'a str,
    pub document_id: Uuid,
    pub document_number: &'a str,
    pub line_number: Option<i32>,
    pub detail_key: Option<&'a str>,
    pub detail_args: &'a str,
    pub dedupe_key: &'a str,
    pub opened_at: OffsetDateTime,
    pub due_at: OffsetDateTime,
    pub correlation_id: Option<&'a str>,
}

/// Opens an exception unless one with its `dedupe_key` exists (open or resolved): `true` when this call opened it.
pub async fn insert(
    tx: &mut Tx,
    tenant: TenantId,
    e: &NewException<'_>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "INSERT INTO exceptions (id, tenant_id, supplier_id, kind, document_kind, document_id, \
            document_number, line_number, detail_key, detail_args, dedupe_key, status, opened_at, due_at, \
            correlation_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13, $14) \
         ON CONFLICT (tenant_id, dedupe_key) DO NOTHING";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(e.id)
        .bind(tenant.0)
        .bind(e.supplier)
        .bind(e.kind)
        .bind(e.document_kind)
        .bind(e.document_id)
        .bind(e.document_number)
        .bind(e.line_number)
        .bind(e.detail_key)
        .bind(e.detail_args)
        .bind(e.dedupe_key)
        .bind(e.opened_at)
        .bind(e.due_at)
        .bind(e.correlation_id)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// An exception as stored, with the names it shows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExceptionRow {
    pub id: Uuid,
    pub kind: String,
    pub status: String,
    pub supplier_id: Option<Uuid>,
    pub supplier_code: Option<String>,
    pub supplier_name: Option<String>,
    pub document_kind: String,
    pub document_id: Uuid,
    pub document_number: String,
    pub line_number: Option<i32>,
    pub detail_key: Option<String>,
    pub detail_args: String,
    pub opened_at: OffsetDateTime,
    pub due_at: OffsetDateTime,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub resolved_at: Option<OffsetDateTime>,
    pub resolved_by: Option<Uuid>,
    pub resolver_name: Option<String>,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub correlation_id: Option<String>,
}

const SELECT: &str = "SELECT e.id, e.kind, e.status, e.supplier_id, s.code AS supplier_code, \
        s.name AS supplier_name, e.document_kind, e.document_id, e.document_number, e.line_number, e.detail_key, \
        e.detail_args, e.opened_at, e.due_at, e.assignee_id, a.display_name AS assignee_name, e.resolved_at, \
        e.resolved_by, r.display_name AS resolver_name, e.outcome, e.note, e.correlation_id \
     FROM exceptions e \
     LEFT JOIN suppliers s ON s.tenant_id = e.tenant_id AND s.id = e.supplier_id \
     LEFT JOIN users a ON a.id = e.assignee_id \
     LEFT JOIN users r ON r.id = e.resolved_by";

/// The exception `id`.
pub async fn by_id(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
) -> Result<Option<ExceptionRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE e.tenant_id = $1 AND e.id = $2");
    on_tx!(tx, conn => sqlx::query_as::<_, ExceptionRow>(&sql)
        .bind(tenant.0).bind(id).fetch_optional(&mut **conn).await)
}

/// The open exceptions of any of `kinds` about a document, oldest first (the system closes them when their cause
/// goes away).
pub async fn open_about(
    tx: &mut Tx,
    tenant: TenantId,
    kinds: &[&str],
    document: Uuid,
) -> Result<Vec<Uuid>, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT id FROM exceptions \
         WHERE tenant_id = $1 AND document_id = $2 AND kind IN ({}) AND status = 'open' ORDER BY id",
        placeholders.join(", ")
    );
    on_tx!(tx, conn => {
        let mut query = sqlx::query_scalar(&sql).bind(tenant.0).bind(document);
        for kind in kinds {
            query = query.bind(*kind);
        }
        query.fetch_all(&mut **conn).await
    })
}

/// The open exceptions of a kind about one line of a document.
pub async fn open_about_line(
    tx: &mut Tx,
    tenant: TenantId,
    kind: &str,
    document: Uuid,
    line_number: i32,
) -> Result<Vec<Uuid>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM exceptions \
         WHERE tenant_id = $1 AND document_id = $2 AND kind = $3 AND line_number = $4 AND status = 'open'";
    on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0).bind(document).bind(kind).bind(line_number).fetch_all(&mut **conn).await)
}

/// The exceptions the workbench shows for `filter` at `now` (open ones by due time, resolved ones newest first),
/// at most `limit`, and how many match in all.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    filter: &ExceptionFilter,
    now: OffsetDateTime,
    limit: i64,
) -> Result<(Vec<ExceptionRow>, i64), sqlx::Error> {
    const WHERE: &str = " WHERE e.tenant_id = $1 AND e.status = $2 \
           AND ($3 IS NULL OR e.kind = $3) \
           AND ($4 IS NULL OR e.supplier_id = $4) \
           AND ($5 = 0 OR ($5 = 1 AND e.assignee_id IS NULL) OR ($5 = 2 AND e.assignee_id = $6)) \
           AND ($7 IS NULL OR e.opened_at <= $7)";
    let order = if filter.resolved {
        " ORDER BY e.resolved_at DESC, e.id DESC LIMIT $8"
    } else {
        " ORDER BY e.due_at, e.id LIMIT $8"
    };
    let sql = format!("{SELECT}{WHERE}{order}");
    let count_sql = format!("SELECT COUNT(*) FROM exceptions e{WHERE}");
    let status = if filter.resolved { "resolved" } else { "open" };
    let kind = filter.kind.map(|k| k.code());
    let (mode, person): (i32, Option<Uuid>) = match filter.assignee {
        AssigneeFilter::Anyone => (0, None),
        AssigneeFilter::Unassigned => (1, None),
        AssigneeFilter::Person(p) => (2, Some(p)),
    };
    let opened_before = filter
        .older_than_days
        .map(|d| now - time::Duration::days(d));
    on_tx!(tx, conn => {
        let rows = sqlx::query_as::<_, ExceptionRow>(&sql)
            .bind(tenant.0)
            .bind(status)
            .bind(kind)
            .bind(filter.supplier)
            .bind(mode)
            .bind(person)
            .bind(opened_before)
            .bind(limit)
            .fetch_all(&mut **conn)
            .await?;
        let count: i64 = sqlx::query_scalar(&count_sql)
            .bind(tenant.0)
            .bind(status)
            .bind(kind)
            .bind(filter.supplier)
            .bind(mode)
            .bind(person)
            .bind(opened_before)
            .fetch_one(&mut **conn)
            .await?;
        Ok((rows, count))
    })
}

/// How many exceptions are open, and how many of them are past their due time.
pub async fn open_counts(
    tx: &mut Tx,
    tenant: TenantId,
    now: OffsetDateTime,
) -> Result<(i64, i64), sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0) \
         FROM exceptions WHERE tenant_id = $1 AND status = 'open'";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(now).fetch_one(&mut **conn).await)
}

/// Closes an open exception; `false` when it was no longer open.
pub async fn resolve(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    outcome: &str,
    note: Option<&str>,
    by: Option<Uuid>,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE exceptions SET status = 'resolved', outcome = $3, note = $4, resolved_by = $5, \
            resolved_at = $6 WHERE tenant_id = $1 AND id = $2 AND status = 'open'";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0).bind(id).bind(outcome).bind(note).bind(by).bind(at)
        .execute(&mut **conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Gives an open exception to a person (or to nobody); `false` when it was no longer open.
pub async fn assign(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    assignee: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE exceptions SET assignee_id = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'open'";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0).bind(id).bind(assignee).execute(&mut **conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Stores a comment.
pub async fn insert_comment(
    tx: &mut Tx,
    tenant: TenantId,
    exception: Uuid,
    author: Uuid,
    body: &str,
    at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO exception_comments (id, tenant_id, exception_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(Uuid::now_v7()).bind(tenant.0).bind(exception).bind(author).bind(body).bind(at)
        .execute(&mut **conn).await.map(|_| ()))
}

/// The comments on an exception, oldest first: `(author, at, body)`.
pub async fn comments(
    tx: &mut Tx,
    tenant: TenantId,
    exception: Uuid,
) -> Result<Vec<(String, OffsetDateTime, String)>, sqlx::Error> {
    const SQL: &str = "SELECT u.display_name, c.created_at, c.body FROM exception_comments c \
         JOIN users u ON u.id = c.author_id \
         WHERE c.tenant_id = $1 AND c.exception_id = $2 ORDER BY c.created_at, c.id LIMIT 500";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(exception).fetch_all(&mut **conn).await)
}

/// The buyer-side people of a tenant who may be given exceptions: `(id, name)`, by name.
pub async fn assignable(tx: &mut Tx, tenant: TenantId) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.tenant_id = $1 AND m.supplier_id IS NULL AND u.disabled_at IS NULL \
         ORDER BY u.display_name, u.id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// The suppliers that have exceptions, for the workbench's filter: `(id, name)`, by name.
pub async fn suppliers_with_exceptions(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    const SQL: &str = "SELECT s.id, s.name FROM suppliers s WHERE s.tenant_id = $1 \
           AND EXISTS (SELECT 1 FROM exceptions e WHERE e.tenant_id = s.tenant_id AND e.supplier_id = s.id) \
         ORDER BY s.name, s.id";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Orders unanswered since before `arrived_before` (in this version) with no `ack_overdue` opened since they
/// arrived: `(id, number, supplier, arrived)`, oldest first, at most `limit`.
pub async fn unanswered_orders(
    tx: &mut Tx,
    tenant: TenantId,
    arrived_before: OffsetDateTime,
    limit: i64,
) -> Result<Vec<(Uuid, String, Uuid, OffsetDateTime)>, sqlx::Error> {
    const SQL: &str = "SELECT po.id, po.number, po.supplier_id, po.updated_at FROM purchase_orders po \
         WHERE po.tenant_id = $1 AND po.status = 'new' AND po.updated_at < $2 \
           AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.tenant_id = po.tenant_id \
                AND e.document_id = po.id AND e.kind = 'ack_overdue' AND e.opened_at >= po.updated_at) \
         ORDER BY po.updated_at LIMIT $3";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(arrived_before).bind(limit).fetch_all(&mut **conn).await)
}

/// A supplier's `(code, name)`.
pub async fn supplier(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: Uuid,
) -> Result<Option<(String, String)>, sqlx::Error> {
    const SQL: &str = "SELECT code, name FROM suppliers WHERE tenant_id = $1 AND id = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(supplier).fetch_optional(&mut **conn).await)
}

/// The open `delivery_failed` exceptions of the tenant, or of deliveries of `event`.
pub async fn open_delivery_failures(
    tx: &mut Tx,
    tenant: TenantId,
    event: Option<Uuid>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    const SQL: &str =
        "SELECT e.id FROM exceptions e WHERE e.tenant_id = $1 AND e.kind = 'delivery_failed' \
           AND e.status = 'open' AND ($2 IS NULL OR e.document_id IN \
                (SELECT d.id FROM event_deliveries d WHERE d.tenant_id = $1 AND d.event_id = $2))";
    on_tx!(tx, conn => sqlx::query_scalar(SQL).bind(tenant.0).bind(event).fetch_all(&mut **conn).await)
}

/// The hours the organisation gives itself for exceptions of `kind`, if it set them.
pub async fn sla_hours(
    tx: &mut Tx,
    tenant: TenantId,
    kind: &str,
) -> Result<Option<i32>, sqlx::Error> {
    const SQL: &str = "SELECT hours FROM exception_slas WHERE tenant_id = $1 AND kind = $2";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i32>(SQL)
        .bind(tenant.0).bind(kind).fetch_optional(&mut **conn).await)
}

/// The organisation's own SLAs: `(kind, hours)`.
pub async fn slas(tx: &mut Tx, tenant: TenantId) -> Result<Vec<(String, i32)>, sqlx::Error> {
    const SQL: &str = "SELECT kind, hours FROM exception_slas WHERE tenant_id = $1 ORDER BY kind";
    on_tx!(tx, conn => sqlx::query_as::<_, (String, i32)>(SQL)
        .bind(tenant.0).fetch_all(&mut **conn).await)
}

/// Replaces the organisation's SLAs: a kind with `None` goes back to the built-in default.
pub async fn save_slas(
    tx: &mut Tx,
    tenant: TenantId,
    slas: &[(&str, Option<i32>)],
    by: Uuid,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    const CLEAR: &str = "DELETE FROM exception_slas WHERE tenant_id = $1";
    const SET: &str = "INSERT INTO exception_slas (tenant_id, kind, hours, set_at, set_by) \
         VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => {
        sqlx::query(CLEAR).bind(tenant.0).execute(&mut **conn).await?;
        for (kind, hours) in slas {
            if let Some(hours) = hours {
                sqlx::query(SET)
                    .bind(tenant.0)
                    .bind(*kind)
                    .bind(*hours)
                    .bind(now)
                    .bind(by)
                    .execute(&mut **conn)
                    .await?;
            }
        }
        Ok(())
    })
}
