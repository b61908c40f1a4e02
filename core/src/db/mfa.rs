//! Two-factor settings of people (global: one login across tenants) and the two-factor policy of tenants.

use crate::db::{Context, Db, Tx};
use crate::{on_db, on_tx};
use portico_domain::{MfaPolicy, TenantId, UserId};
use time::OffsetDateTime;

/// A person's stored two-factor state.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct TotpRow {
    /// The base32 secret: the enrolled one, or one being set up while `enabled_at` is `None`.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<OffsetDateTime>,
    pub totp_last_step: Option<i64>,
}

/// The person's two-factor state (`None` for an unknown or disabled account).
pub async fn totp(db: &Db, user: UserId) -> Result<Option<TotpRow>, sqlx::Error> {
    const SQL: &str = "SELECT totp_secret, totp_enabled_at, totp_last_step FROM users \
         WHERE id = $1 AND disabled_at IS NULL";
    on_db!(db, pool => sqlx::query_as(SQL).bind(user.0).fetch_optional(pool).await)
}

/// Stores a secret being set up; refused (false) once two-factor sign-in is on.
pub async fn set_pending_secret(
    tx: &mut Tx,
    user: UserId,
    secret: &str,
) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1 AND totp_enabled_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL).bind(user.0).bind(secret).execute(&mut **conn).await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Switches two-factor sign-in on with the pending secret, recording the step of the code that confirmed it.
pub async fn enable(
    tx: &mut Tx,
    user: UserId,
    secret: &str,
    step: i64,
) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE users SET totp_enabled_at = $3, totp_last_step = $4 \
         WHERE id = $1 AND totp_secret = $2 AND totp_enabled_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .bind(secret)
        .bind(OffsetDateTime::now_utc())
        .bind(step)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records that a code of `step` was accepted. False if that step (or a later one) was used already: a replayed code,
/// or two sign-ins racing with the same code.
pub async fn advance_step(tx: &mut Tx, user: UserId, step: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE users SET totp_last_step = $2 \
         WHERE id = $1 AND totp_enabled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)";
    let n = on_tx!(tx, conn => sqlx::query(SQL).bind(user.0).bind(step).execute(&mut **conn).await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Switches two-factor sign-in off and forgets the secret and the recovery codes.
pub async fn disable(tx: &mut Tx, user: UserId) -> Result<(), sqlx::Error> {
    const USERS: &str =
        "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL \
         WHERE id = $1";
    const CODES: &str = "DELETE FROM recovery_codes WHERE user_id = $1";
    on_tx!(tx, conn => {
        sqlx::query(USERS).bind(user.0).execute(&mut **conn).await?;
        sqlx::query(CODES).bind(user.0).execute(&mut **conn).await.map(|_| ())
    })
}

/// Replaces the person's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    tx: &mut Tx,
    user: UserId,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    const DELETE: &str = "DELETE FROM recovery_codes WHERE user_id = $1";
    const INSERT: &str = "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)";
    on_tx!(tx, conn => {
        sqlx::query(DELETE).bind(user.0).execute(&mut **conn).await?;
        for h in hashes {
            sqlx::query(INSERT).bind(user.0).bind(h).execute(&mut **conn).await?;
        }
        Ok::<(), sqlx::Error>(())
    })
}

/// Spends one recovery code. False if the person has no such unused code.
pub async fn use_recovery_code(tx: &mut Tx, user: UserId, hash: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL";
    let n = on_tx!(tx, conn => sqlx::query(SQL)
        .bind(user.0)
        .bind(hash)
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// How many unused recovery codes the person has.
pub async fn recovery_codes_left(db: &Db, user: UserId) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(user.0).fetch_one(pool).await)
}

/// A tenant's two-factor policy.
pub async fn policy(db: &Db, tenant: TenantId) -> Result<MfaPolicy, sqlx::Error> {
    const SQL: &str = "SELECT require_mfa_buyers, require_mfa_suppliers FROM tenants WHERE id = $1";
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let row: Option<(bool, bool)> = on_tx!(&mut tx, conn => sqlx::query_as(SQL)
        .bind(tenant.0)
        .fetch_optional(&mut **conn)
        .await)?;
    tx.commit().await?;
    Ok(row
        .map(|(buyers, suppliers)| MfaPolicy { buyers, suppliers })
        .unwrap_or_default())
}

/// Sets a tenant's two-factor policy (the transaction has entered that tenant's context).
pub async fn set_policy(
    tx: &mut Tx,
    tenant: TenantId,
    policy: MfaPolicy,
) -> Result<(), sqlx::Error> {
    const SQL: &str =
        "UPDATE tenants SET require_mfa_buyers = $2, require_mfa_suppliers = $3 WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(SQL)
        .bind(tenant.0)
        .bind(policy.buyers)
        .bind(policy.suppliers)
        .execute(&mut **conn)
        .await
        .map(|_| ()))
}

/// Whether any organisation the person works for requires two-factor sign-in for their role there.
pub async fn required_anywhere(db: &Db, user: UserId) -> Result<bool, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM memberships m JOIN tenants t ON t.id = m.tenant_id \
         WHERE m.user_id = $1 AND CASE WHEN m.role IN ('buyer_admin', 'buyer') \
             THEN t.require_mfa_buyers ELSE t.require_mfa_suppliers END";
    let mut tx = db.read(&Context::user(user)).await?;
    let n: i64 =
        on_tx!(&mut tx, conn => sqlx::query_scalar(SQL).bind(user.0).fetch_one(&mut **conn).await)?;
    tx.commit().await?;
    Ok(n > 0)
}
