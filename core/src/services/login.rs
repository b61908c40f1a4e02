//! Signing in with e-mail and password.

use crate::auth::password;
use crate::db::{self, Db};
use crate::CoreError;
use portico_domain::{CurrentUser, Email, UserId};
use uuid::Uuid;

/// A successful login: the person and the workspace the session starts in.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: CurrentUser,
    pub membership_id: Uuid,
}

/// Checks the credentials and picks the person's first workspace.
///
/// Unknown e-mail, wrong password, disabled account and an account without any membership all answer
/// [`CoreError::InvalidCredentials`], after the same amount of hashing work.
pub async fn login(db: &Db, email: &str, password_text: &str) -> Result<LoggedIn, CoreError> {
    let Ok(email) = Email::parse(email) else {
        let _ = verify_blocking(password_text.to_owned(), password::dummy_hash().to_owned()).await;
        return Err(CoreError::InvalidCredentials);
    };
    let account = db::users::find_login(db, &email).await?;
    let (user_id, stored, disabled) = match account {
        Some(a) => (Some(a.id), a.password_hash.unwrap_or_default(), a.disabled),
        None => (None, password::dummy_hash().to_owned(), true),
    };
    let ok = verify_blocking(password_text.to_owned(), stored).await?;
    let Some(user_id) = user_id.filter(|_| ok && !disabled) else {
        return Err(CoreError::InvalidCredentials);
    };
    let (membership_id, user) = db::users::workspaces(db, UserId(user_id))
        .await?
        .into_iter()
        .next()
        .ok_or(CoreError::InvalidCredentials)?;
    Ok(LoggedIn {
        user,
        membership_id,
    })
}

/// Argon2 takes tens of milliseconds of CPU: run it off the async workers.
async fn verify_blocking(password_text: String, stored: String) -> Result<bool, CoreError> {
    tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("password check task failed: {e}")))
}
