//! Signing in with e-mail and password.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::{password, throttle, token};
use crate::db::{self, Context, Db};
use crate::CoreError;
use portico_domain::{CurrentUser, Email, UserId};
use serde_json::json;
use uuid::Uuid;

/// What the sign-in form sends, plus the browser's trusted-device cookie if it has one.
#[derive(Clone, Copy, Debug)]
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub device: Option<&'a str>,
}

/// A successful login: the person, the workspace the session starts in, and the session record.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: CurrentUser,
    pub membership_id: Uuid,
    pub session_id: Uuid,
    /// A new trusted-device cookie value, when this browser had none for the account.
    pub new_device: Option<String>,
}

/// Checks the credentials, within the attempt limits, and opens a session in the person's first workspace.
///
/// Unknown e-mail, wrong password, disabled account and an account without any membership all answer
/// [`CoreError::InvalidCredentials`] after the same hashing work; too many failures answer
/// [`CoreError::RateLimited`] for known and unknown addresses alike.
pub async fn login(
    db: &Db,
    meta: &RequestMeta,
    creds: Credentials<'_>,
) -> Result<LoggedIn, CoreError> {
    let email = Email::parse(creds.email).ok();
    let account = match &email {
        Some(e) => db::users::find_login(db, e).await?,
        None => None,
    };
    let device_hash = creds
        .device
        .filter(|d| token::well_formed(d))
        .map(token::hash);
    let trusted = match (&device_hash, &account) {
        (Some(h), Some(a)) => db::devices::is_trusted(db, h, UserId(a.id)).await?,
        _ => false,
    };
    let (limit, subject) = match (&device_hash, trusted) {
        (Some(h), true) => (throttle::DEVICE, h.clone()),
        _ => (throttle::LOGIN, creds.email.to_owned()),
    };
    let key = limit.key(&subject);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if db::throttle::failures(db, &key, now).await? >= limit.max {
        tracing::warn!(
            limit = limit.prefix,
            "sign-in refused: too many failed attempts"
        );
        return Err(CoreError::RateLimited);
    }

    let (user_id, stored, disabled) = match &account {
        Some(a) => (
            Some(a.id),
            a.password_hash.clone().unwrap_or_default(),
            a.disabled,
        ),
        None => (None, password::dummy_hash().to_owned(), true),
    };
    let ok = verify_blocking(creds.password.to_owned(), stored).await?;
    let workspace = match user_id.filter(|_| ok && !disabled) {
        Some(id) => db::users::workspaces(db, UserId(id))
            .await?
            .into_iter()
            .next(),
        None => None,
    };
    let Some((membership_id, user)) = workspace else {
        let mut tx = db.write(&Context::none()).await?;
        let failures = db::throttle::record_failure(&mut tx, &key, now).await?;
        let reason = match (user_id, ok, disabled) {
            (None, _, _) => "unknown_email",
            (Some(_), false, _) => "wrong_password",
            (Some(_), true, true) => "disabled",
            (Some(_), true, false) => "no_membership",
        };
        let action = if failures >= limit.max {
            Action::LoginThrottled
        } else {
            Action::LoginFailed
        };
        let entry = Entry::new(None, user_id.map(UserId), action).detail(json!({
            "email": creds.email.trim().to_lowercase(),
            "reason": reason,
            "failures": failures,
            "ip": meta.ip,
        }));
        audit::append(&mut tx, meta, entry).await?;
        tx.commit().await?;
        return Err(CoreError::InvalidCredentials);
    };

    let session_id = Uuid::now_v7();
    let context = Context::tenant(user.workspace.tenant_id).with_user(user.id);
    let mut tx = db.write(&context).await?;
    db::sessions::insert(&mut tx, session_id, user.id, meta).await?;
    db::throttle::clear(&mut tx, &key).await?;
    let new_device = if trusted {
        if let Some(h) = &device_hash {
            db::devices::trust(&mut tx, h, user.id).await?;
        }
        None
    } else {
        let fresh = token::generate();
        db::devices::trust(&mut tx, &fresh.hash, user.id).await?;
        Some(fresh.token)
    };
    let entry = Entry::new(
        Some(user.workspace.tenant_id),
        Some(user.id),
        Action::LoginSucceeded,
    )
    .subject("session", session_id)
    .detail(json!({ "ip": meta.ip, "new_device": new_device.is_some() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(LoggedIn {
        user,
        membership_id,
        session_id,
        new_device,
    })
}

/// Argon2 takes tens of milliseconds of CPU: run it off the async workers.
pub(crate) async fn verify_blocking(
    password_text: String,
    stored: String,
) -> Result<bool, CoreError> {
    tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("password check task failed: {e}")))
}
