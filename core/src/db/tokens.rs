//! One-time tokens (invitations, password resets, magic links), stored by hash. A token row is reachable by its
//! hash (whoever holds the link) or within its tenant (pending invitations), never otherwise.

use crate::db::{Context, Db, Tx};
use crate::on_tx;
use portico_domain::{MembershipRole, SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// What a token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
    MagicLink,
}

impl Purpose {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
            Purpose::MagicLink => "magic_link",
        }
    }
}

/// A token to store.
#[derive(Clone, Debug)]
pub struct NewTokenRow<'a> {
    pub hash: &'a str,
    pub purpose: Purpose,
    pub email: &'a str,
    pub user: Option<UserId>,
    pub tenant: Option<TenantId>,
    pub supplier: Option<SupplierId>,
    pub role: Option<MembershipRole>,
    pub document: Option<Uuid>,
    pub created_by: Option<UserId>,
    pub expires_at: OffsetDateTime,
}

/// A stored token.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: Uuid,
    pub purpose: String,
    pub email: String,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub supplier_id: Option<Uuid>,
    pub role: Option<String>,
    pub document_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// Stores a token.
pub async fn insert(tx: &mut Tx, t: &NewTokenRow<'_>) -> Result<Uuid, sqlx::Error> {
    const SQL: &str = "INSERT INTO auth_tokens (id, token_hash, purpose, email, user_id, tenant_id, supplier_id, \
            role, document_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    let id = Uuid::now_v7();
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(t.hash)
        .bind(t.purpose.code())
        .bind(t.email)
        .bind(t.user.map(|u| u.0))
        .bind(t.tenant.map(|x| x.0))
        .bind(t.supplier.map(|s| s.0))
        .bind(t.role.map(|r| r.code()))
        .bind(t.document)
        .bind(t.created_by.map(|u| u.0))
        .bind(OffsetDateTime::now_utc())
        .bind(t.expires_at)
        .execute(&mut **conn)
        .await.map(|_| ()))?;
    Ok(id)
}

const SELECT: &str =
    "SELECT id, purpose, email, user_id, tenant_id, supplier_id, role, document_id, created_by, \
        created_at, expires_at, used_at, revoked_at FROM auth_tokens";

/// The token with this hash and purpose, used or not (the caller tells the person which).
pub async fn find(db: &Db, hash: &str, purpose: Purpose) -> Result<Option<TokenRow>, sqlx::Error> {
    let mut tx = db.read(&Context::token(hash)).await?;
    let row = find_in(&mut tx, hash, purpose).await?;
    tx.commit().await?;
    Ok(row)
}

/// [`find`] inside a transaction that has entered [`Context::token`].
pub async fn find_in(
    tx: &mut Tx,
    hash: &str,
    purpose: Purpose,
) -> Result<Option<TokenRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE token_hash = $1 AND purpose = $2");
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(hash)
        .bind(purpose.code())
        .fetch_optional(&mut **conn)
        .await)
}

/// Marks a token used. Returns false if it had been used already (a concurrent redemption won).
pub async fn consume(tx: &mut Tx, id: Uuid) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE auth_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Withdraws an unused token of the transaction's tenant. Returns false if there was none to withdraw.
pub async fn revoke(tx: &mut Tx, tenant: TenantId, id: Uuid) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE auth_tokens SET revoked_at = $3 \
         WHERE id = $1 AND tenant_id = $2 AND used_at IS NULL AND revoked_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id)
        .bind(tenant.0)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// One token of the transaction's tenant by id (an administrator acting on a pending invitation).
pub async fn find_by_id(
    tx: &mut Tx,
    tenant: TenantId,
    id: Uuid,
    purpose: Purpose,
) -> Result<Option<TokenRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE id = $1 AND tenant_id = $2 AND purpose = $3");
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(id)
        .bind(tenant.0)
        .bind(purpose.code())
        .fetch_optional(&mut **conn)
        .await)
}

/// Whether an open (unused, not withdrawn, unexpired) invitation for this address at this supplier exists.
pub async fn open_invitation_exists(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    email: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM auth_tokens WHERE tenant_id = $1 AND supplier_id = $2 AND email = $3 \
         AND purpose = 'invitation' AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $4";
    let n: i64 = on_tx!(tx, conn => sqlx::query_scalar(SQL)
        .bind(tenant.0)
        .bind(supplier.0)
        .bind(email)
        .bind(OffsetDateTime::now_utc())
        .fetch_one(&mut **conn)
        .await)?;
    Ok(n > 0)
}
