//! Creating tenants, suppliers, people and memberships (set-up and seeding; invitations build on it later).

use crate::db::Tx;
use crate::on_tx;
use portico_domain::{Email, MembershipRole, SupplierId, TenantId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// Inserts a tenant (buyer organisation).
pub async fn insert_tenant(
    tx: &mut Tx,
    id: TenantId,
    slug: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO tenants (id, slug, name, created_at) VALUES ($1, $2, $3, $4)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id.0).bind(slug).bind(name).bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}

/// Inserts a supplier of a tenant.
pub async fn insert_supplier(
    tx: &mut Tx,
    tenant: TenantId,
    id: SupplierId,
    code: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO suppliers (id, tenant_id, code, name, created_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id.0).bind(tenant.0).bind(code).bind(name).bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}

/// Inserts a person with an already hashed password.
pub async fn insert_user(
    tx: &mut Tx,
    id: UserId,
    email: &Email,
    display_name: &str,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id.0).bind(email.as_str()).bind(display_name).bind(password_hash).bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}

/// Gives a person a role in a tenant (and, for supplier roles, at one supplier). Returns the membership id.
pub async fn insert_membership(
    tx: &mut Tx,
    id: Uuid,
    user: UserId,
    tenant: TenantId,
    supplier: Option<SupplierId>,
    role: MembershipRole,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "INSERT INTO memberships (id, user_id, tenant_id, supplier_id, role, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(id).bind(user.0).bind(tenant.0).bind(supplier.map(|s| s.0)).bind(role.code())
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|_| ()))?;
    Ok(())
}

/// Disables a person's account (they can no longer sign in, and their sessions stop resolving).
pub async fn disable_user(tx: &mut Tx, user: UserId) -> Result<u64, sqlx::Error> {
    const SQL: &str = "UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0).bind(OffsetDateTime::now_utc())
        .execute(&mut **conn).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Re-enables a disabled account.
pub async fn enable_user(tx: &mut Tx, user: UserId) -> Result<u64, sqlx::Error> {
    const SQL: &str =
        "UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL";
    let done = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .execute(&mut **conn).await.map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Whether any account exists yet (the demo is seeded only into an empty database). People are not tenant data, so
/// this needs no context; counting tenants would see none under row-level security.
pub async fn has_accounts(db: &crate::Db) -> Result<bool, sqlx::Error> {
    crate::on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await)
        .map(|n| n > 0)
}
