//! Operator actions on logins, which span tenants (and so belong to no tenant administrator): disabling and
//! re-enabling an account, and clearing two-factor sign-in for someone who lost both phone and recovery codes. Run
//! from the command line by whoever operates the portal; audited on the platform chain.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::CoreError;
use portico_domain::{Email, UserId};
use serde_json::json;

async fn account(db: &Db, email: &str) -> Result<(UserId, Email), CoreError> {
    let email =
        Email::parse(email).map_err(|_| CoreError::validation("email", "field-email-invalid"))?;
    let row = db::users::find_login(db, &email)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok((UserId(row.id), email))
}

/// Disables an account: it can no longer sign in and every session ends at once. Returns the sessions ended, or
/// `None` if it was disabled already (nothing changes, nothing is audited).
pub async fn disable(db: &Db, meta: &RequestMeta, email: &str) -> Result<Option<u64>, CoreError> {
    let (user, email) = account(db, email).await?;
    let mut tx = db.write(&Context::user(user)).await?;
    if db::setup::disable_user(&mut tx, user).await? == 0 {
        return Ok(None);
    }
    let ended = db::sessions::end_all(&mut tx, user, None, "account_disabled").await?;
    // The actor is the operator (no person of Portico); the subject is the account.
    let entry = Entry::new(None, None, Action::UserDisabled)
        .subject("user", user.0)
        .detail(json!({ "email": email.as_str(), "sessions_ended": ended, "by": "operator" }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Some(ended))
}

/// Re-enables a disabled account. Returns false if it was not disabled.
pub async fn enable(db: &Db, meta: &RequestMeta, email: &str) -> Result<bool, CoreError> {
    let (user, email) = account(db, email).await?;
    let mut tx = db.write(&Context::user(user)).await?;
    if db::setup::enable_user(&mut tx, user).await? == 0 {
        return Ok(false);
    }
    let entry = Entry::new(None, None, Action::UserEnabled)
        .subject("user", user.0)
        .detail(json!({ "email": email.as_str(), "by": "operator" }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Clears two-factor sign-in (secret and recovery codes) and ends every session, for someone locked out; they sign
/// in with their password and set it up again (an organisation that requires it sends them straight there).
pub async fn reset_two_factor(db: &Db, meta: &RequestMeta, email: &str) -> Result<u64, CoreError> {
    let (user, email) = account(db, email).await?;
    let mut tx = db.write(&Context::user(user)).await?;
    db::mfa::disable(&mut tx, user).await?;
    let ended = db::sessions::end_all(&mut tx, user, None, "two_factor_reset").await?;
    let entry = Entry::new(None, None, Action::MfaDisabled)
        .subject("user", user.0)
        .detail(json!({ "email": email.as_str(), "sessions_ended": ended, "by": "operator" }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(ended)
}
