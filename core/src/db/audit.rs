//! Audit log storage: chain heads and entries (see [`crate::audit`] for the chain itself).

use crate::audit::{StoredEntry, GENESIS};
use crate::db::{Context, Db, Tx};
use crate::{on_db, on_tx};
use portico_domain::TenantId;
use time::OffsetDateTime;
use uuid::Uuid;

/// Creates the chain's head if missing, locks it for the rest of the transaction, and returns `(seq, hash)` of the
/// chain's last entry — one statement: the upsert's no-op update takes the row lock on PostgreSQL (as `FOR UPDATE`
/// would); on SQLite the transaction already holds the database's write lock.
pub async fn lock_head(tx: &mut Tx, chain_id: Uuid) -> Result<(i64, String), sqlx::Error> {
    const SQL: &str = "INSERT INTO audit_heads (chain_id, seq, hash) VALUES ($1, 0, $2) \
         ON CONFLICT (chain_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash";
    on_tx!(tx, conn => sqlx::query_as(SQL)
        .bind(chain_id)
        .bind(GENESIS)
        .fetch_one(&mut **conn)
        .await)
}

/// Inserts an entry (its hash already computed).
pub async fn insert(tx: &mut Tx, e: &StoredEntry) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO audit_log (chain_id, seq, tenant_id, occurred_at, actor_user_id, action, \
            subject_type, subject_id, detail, correlation_id, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(e.chain_id)
        .bind(e.seq)
        .bind(e.tenant_id)
        .bind(e.occurred_at)
        .bind(e.actor_user_id)
        .bind(&e.action)
        .bind(&e.subject_type)
        .bind(&e.subject_id)
        .bind(&e.detail)
        .bind(&e.correlation_id)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(())
}

/// Moves a chain's head to its new last entry.
pub async fn move_head(
    tx: &mut Tx,
    chain_id: Uuid,
    seq: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE audit_heads SET seq = $2, hash = $3 WHERE chain_id = $1";
    on_tx!(tx, conn => sqlx::query(SQL).bind(chain_id).bind(seq).bind(hash).execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}

/// Every chain's head: `(chain id, last seq, last hash)`.
pub async fn heads(db: &Db) -> Result<Vec<(Uuid, i64, String)>, sqlx::Error> {
    const SQL: &str = "SELECT chain_id, seq, hash FROM audit_heads ORDER BY chain_id";
    on_db!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

#[derive(sqlx::FromRow)]
struct Row {
    chain_id: Uuid,
    seq: i64,
    tenant_id: Option<Uuid>,
    occurred_at: OffsetDateTime,
    actor_user_id: Option<Uuid>,
    action: String,
    subject_type: Option<String>,
    subject_id: Option<String>,
    detail: String,
    correlation_id: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<Row> for StoredEntry {
    fn from(r: Row) -> Self {
        StoredEntry {
            chain_id: r.chain_id,
            seq: r.seq,
            tenant_id: r.tenant_id,
            occurred_at: r.occurred_at,
            actor_user_id: r.actor_user_id,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            detail: r.detail,
            correlation_id: r.correlation_id,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const SELECT: &str =
    "SELECT chain_id, seq, tenant_id, occurred_at, actor_user_id, action, subject_type, \
        subject_id, detail, correlation_id, prev_hash, hash FROM audit_log";

/// Up to `limit` entries of a chain after position `after`, in order (reads in the chain's tenant context).
pub async fn entries(
    db: &Db,
    chain_id: Uuid,
    after: i64,
    limit: i64,
) -> Result<Vec<StoredEntry>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3");
    let mut tx = db.read(&Context::tenant(TenantId(chain_id))).await?;
    let rows: Vec<Row> = on_tx!(&mut tx, conn => sqlx::query_as(&sql)
        .bind(chain_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows.into_iter().map(StoredEntry::from).collect())
}

/// A tenant's most recent entries, newest first (the audit page of a buyer administrator).
pub async fn recent(
    db: &Db,
    tenant: TenantId,
    limit: i64,
) -> Result<Vec<StoredEntry>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE tenant_id = $1 ORDER BY occurred_at DESC, seq DESC LIMIT $2");
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows: Vec<Row> = on_tx!(&mut tx, conn => sqlx::query_as(&sql)
        .bind(tenant.0)
        .bind(limit)
        .fetch_all(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(rows.into_iter().map(StoredEntry::from).collect())
}
