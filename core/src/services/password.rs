//! Forgotten and changed passwords.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::{password, policy, throttle, token};
use crate::db::tokens::{NewTokenRow, Purpose};
use crate::db::{self, Context, Db};
use crate::mail::{self, Template};
use crate::services::login::verify_blocking;
use crate::CoreError;
use portico_domain::{CurrentUser, Email, TokenProblem, UserId};
use portico_i18n::Locale;
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long a password-reset link works.
pub const RESET_VALIDITY: Duration = Duration::minutes(30);

/// Sends a password-reset link if an active account has this address. The answer is the same whether or not it
/// does (and, past the limit, the same refusal), so the form tells nobody which addresses have accounts.
pub async fn request_reset(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    locale: Locale,
    email: &str,
) -> Result<(), CoreError> {
    let Ok(email) = Email::parse(email) else {
        return Err(CoreError::validation("email", "field-email-invalid"));
    };
    let key = throttle::RESET.key(email.as_str());
    let now = OffsetDateTime::now_utc();
    if db::throttle::failures(db, &key, now.unix_timestamp()).await? >= throttle::RESET.max {
        return Err(CoreError::RateLimited);
    }
    let account = db::users::find_login(db, &email).await?;
    let mut tx = db.write(&Context::none()).await?;
    // Every request counts toward the address's limit, known or not.
    db::throttle::record_failure(&mut tx, &key, now.unix_timestamp()).await?;
    if let Some(account) = account.filter(|a| !a.disabled) {
        let user = UserId(account.id);
        let fresh = token::generate();
        db::tokens::insert(
            &mut tx,
            &NewTokenRow {
                hash: &fresh.hash,
                purpose: Purpose::PasswordReset,
                email: email.as_str(),
                user: Some(user),
                tenant: None,
                supplier: None,
                role: None,
                document: None,
                created_by: None,
                expires_at: now + RESET_VALIDITY,
            },
        )
        .await?;
        let link = format!(
            "{}/reset-password?token={}",
            public_url.trim_end_matches('/'),
            fresh.token
        );
        let minutes = RESET_VALIDITY.whole_minutes();
        let message = mail::render(locale, &email, &Template::PasswordReset { minutes }, &link);
        db::mail::enqueue(&mut tx, &message).await?;
        let entry = Entry::new(None, Some(user), Action::PasswordResetRequested)
            .detail(json!({ "ip": meta.ip }));
        audit::append(&mut tx, meta, entry).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Checks a reset link before showing the form: the address it is for, or why it cannot be used.
pub async fn inspect_reset(db: &Db, token_text: &str) -> Result<Email, CoreError> {
    let row = usable(db, token_text, Purpose::PasswordReset).await?;
    Email::parse(&row.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))
}

/// Looks up a token and says why it cannot be used, if it cannot.
pub(crate) async fn usable(
    db: &Db,
    token_text: &str,
    purpose: Purpose,
) -> Result<db::tokens::TokenRow, CoreError> {
    if !token::well_formed(token_text) {
        return Err(CoreError::Token(TokenProblem::Invalid));
    }
    let row = db::tokens::find(db, &token::hash(token_text), purpose)
        .await?
        .ok_or(CoreError::Token(TokenProblem::Invalid))?;
    if row.revoked_at.is_some() {
        return Err(CoreError::Token(TokenProblem::Revoked));
    }
    if row.used_at.is_some() {
        return Err(CoreError::Token(TokenProblem::Used));
    }
    if row.expires_at <= OffsetDateTime::now_utc() {
        return Err(CoreError::Token(TokenProblem::Expired));
    }
    Ok(row)
}

/// Sets a new password with a reset link. The link is spent, and every session of the account ends (whoever had
/// the old password is signed out everywhere).
pub async fn complete_reset(
    db: &Db,
    meta: &RequestMeta,
    token_text: &str,
    new_password: &str,
    confirm: &str,
) -> Result<Email, CoreError> {
    let row = usable(db, token_text, Purpose::PasswordReset).await?;
    if new_password != confirm {
        return Err(CoreError::validation("confirm", "password-mismatch"));
    }
    let user = row
        .user_id
        .map(UserId)
        .ok_or(CoreError::Token(TokenProblem::Invalid))?;
    policy::check(new_password, &[&row.email])?;
    let hash = hash_blocking(new_password.to_owned()).await?;
    let mut tx = db.write(&Context::token(&token::hash(token_text))).await?;
    if !db::tokens::consume(&mut tx, row.id).await? {
        return Err(CoreError::Token(TokenProblem::Used));
    }
    db::users::set_password(&mut tx, user, &hash).await?;
    let ended = db::sessions::end_all(&mut tx, user, None, "password_reset").await?;
    let entry = Entry::new(None, Some(user), Action::PasswordReset)
        .detail(json!({ "sessions_ended": ended, "ip": meta.ip }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Email::parse(&row.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))
}

/// Changes the signed-in person's password; the current one is required. Every other session of the account ends.
pub async fn change(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: Uuid,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), CoreError> {
    if new_password != confirm {
        return Err(CoreError::validation("confirm", "password-mismatch"));
    }
    confirm_current(db, user, current).await?;
    policy::check(new_password, &[user.email.as_str(), &user.display_name])?;
    let hash = hash_blocking(new_password.to_owned()).await?;
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    db::users::set_password(&mut tx, user.id, &hash).await?;
    let ended = db::sessions::end_all(&mut tx, user.id, Some(session), "password_changed").await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::PasswordChanged)
        .detail(json!({ "other_sessions_ended": ended }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

async fn hash_blocking(password_text: String) -> Result<String, CoreError> {
    tokio::task::spawn_blocking(move || password::hash(&password_text))
        .await
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("password hashing task failed: {e}")))?
        .map_err(CoreError::Internal)
}

/// Checks the signed-in person's current password before a sensitive change (new password, two-factor settings).
/// Wrong answers count toward the person's sign-in limit and are a field error on `current_password`.
pub(crate) async fn confirm_current(
    db: &Db,
    user: &CurrentUser,
    current: &str,
) -> Result<(), CoreError> {
    let key = throttle::LOGIN.key(user.email.as_str());
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if db::throttle::failures(db, &key, now).await? >= throttle::LOGIN.max {
        return Err(CoreError::RateLimited);
    }
    let stored = db::users::password_hash(db, user.id)
        .await?
        .unwrap_or_else(|| password::dummy_hash().to_owned());
    if !verify_blocking(current.to_owned(), stored).await? {
        let mut tx = db.write(&Context::none()).await?;
        db::throttle::record_failure(&mut tx, &key, now).await?;
        tx.commit().await?;
        return Err(CoreError::validation(
            "current_password",
            "password-current-wrong",
        ));
    }
    Ok(())
}
