//! API keys and idempotency records. Tenant data.

use crate::db::{Context, Db, Tx};
use crate::on_tx;
use portico_domain::{TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// An API key as listed (never its secret: only a hash is stored).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// Stores a new key.
pub async fn insert_key(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    name: &str,
    prefix: &str,
    key_hash: &str,
    created_by: Option<UserId>,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(tenant.0)
        .bind(name)
        .bind(prefix)
        .bind(key_hash)
        .bind(created_by.map(|u| u.0))
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// The tenant's keys, newest first.
pub async fn keys(db: &Db, tenant: TenantId) -> Result<Vec<ApiKeyRow>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys \
         WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let rows =
        on_tx!(&mut tx, conn => sqlx::query_as(SQL).bind(tenant.0).fetch_all(&mut **conn).await)?;
    tx.commit().await?;
    Ok(rows)
}

/// Revokes a key; returns whether an active key of the tenant was revoked.
pub async fn revoke_key(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE api_keys SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The tenant and id of the active key with this hash, marking it used (at most once a minute).
pub async fn authenticate(
    db: &Db,
    key_hash: &str,
) -> Result<Option<(TenantId, Uuid)>, sqlx::Error> {
    const FIND: &str = "SELECT tenant_id, id, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL";
    const TOUCH: &str = "UPDATE api_keys SET last_used_at = $2 WHERE id = $1";
    let now = OffsetDateTime::now_utc();
    let mut tx = db.read(&Context::token(key_hash)).await?;
    let found: Option<(Uuid, Uuid, Option<OffsetDateTime>)> = on_tx!(&mut tx, conn =>
        sqlx::query_as(FIND).bind(key_hash).fetch_optional(&mut **conn).await)?;
    tx.commit().await?;
    let Some((tenant, id, last_used)) = found else {
        return Ok(None);
    };
    let tenant = TenantId(tenant);
    if last_used.is_none_or(|t| now - t > time::Duration::minutes(1)) {
        let mut tx = db.write(&Context::tenant(tenant)).await?;
        on_tx!(&mut tx, conn => sqlx::query(TOUCH).bind(id).bind(now).execute(&mut **conn).await.map(|_| ()))?;
        tx.commit().await?;
    }
    Ok(Some((tenant, id)))
}

/// A stored answer to an idempotent request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredResponse {
    pub request_hash: String,
    pub outcome: String,
    pub response: String,
}

/// The stored answer for `key`, if the tenant used it before.
pub async fn find_idempotent(
    tx: &mut Tx,
    tenant: TenantId,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    const SQL: &str =
        "SELECT request_hash, outcome, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2";
    on_tx!(tx, conn => sqlx::query_as(SQL).bind(tenant.0).bind(key).fetch_optional(&mut **conn).await)
}

/// Stores the answer for `key` in the request's transaction. A concurrent request with the same key makes this
/// fail on the primary key, and that request's transaction (with whatever it did) rolls back.
pub async fn store_idempotent(
    tx: &mut Tx,
    tenant: TenantId,
    key: &str,
    request_hash: &str,
    outcome: &str,
    response: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO idempotency_keys (tenant_id, key, request_hash, outcome, response, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(key)
        .bind(request_hash)
        .bind(outcome)
        .bind(response)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}
