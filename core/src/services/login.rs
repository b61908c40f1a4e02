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

/// How long the second sign-in step may take after the password was accepted.
pub const SECOND_FACTOR_WINDOW_SECS: i64 = 300;

/// What a correct password leads to.
#[derive(Debug, Clone)]
pub enum LoginStep {
    /// Signed in.
    Done(LoggedIn),
    /// The account has two-factor sign-in: a code is needed before a session opens.
    SecondFactor(PendingLogin),
}

/// A sign-in waiting for its second factor, kept in the (not yet signed-in) browser session.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingLogin {
    pub user_id: UserId,
    pub membership_id: Uuid,
    /// The attempt-limit key of the password step, cleared when the sign-in completes.
    pub throttle_key: String,
    /// Unix seconds when the password was accepted.
    pub password_at: i64,
}

impl PendingLogin {
    /// Whether the second step is still allowed.
    pub fn fresh(&self, now: i64) -> bool {
        now - self.password_at <= SECOND_FACTOR_WINDOW_SECS
    }
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

/// Checks the credentials, within the attempt limits, and opens a session in the person's first workspace (or, for an
/// account with two-factor sign-in, asks for the code first).
///
/// Unknown e-mail, wrong password, disabled account and an account without any membership all answer
/// [`CoreError::InvalidCredentials`] after the same hashing work; too many failures answer
/// [`CoreError::RateLimited`] for known and unknown addresses alike.
pub async fn login(
    db: &Db,
    meta: &RequestMeta,
    creds: Credentials<'_>,
) -> Result<LoginStep, CoreError> {
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

    if crate::services::mfa::enabled(db, user.id).await? {
        return Ok(LoginStep::SecondFactor(PendingLogin {
            user_id: user.id,
            membership_id,
            throttle_key: key,
            password_at: now,
        }));
    }
    let trusted_hash = device_hash.filter(|_| trusted);
    open_session(db, meta, user, membership_id, &key, trusted_hash)
        .await
        .map(LoginStep::Done)
}

/// The second sign-in step: a code from the authenticator app or a recovery code, within
/// [`SECOND_FACTOR_WINDOW_SECS`] of the password. Wrong codes count toward the two-factor limit.
pub async fn second_factor(
    db: &Db,
    meta: &RequestMeta,
    pending: &PendingLogin,
    code: &str,
    device: Option<&str>,
) -> Result<LoggedIn, CoreError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if !pending.fresh(now) {
        return Err(CoreError::Unauthenticated);
    }
    crate::services::mfa::verify_second_factor(db, meta, pending.user_id, code).await?;
    let user = db::users::workspaces(db, pending.user_id)
        .await?
        .into_iter()
        .find(|(m, _)| *m == pending.membership_id)
        .map(|(_, u)| u)
        .ok_or(CoreError::Unauthenticated)?;
    let device_hash = device.filter(|d| token::well_formed(d)).map(token::hash);
    let trusted_hash = match device_hash {
        Some(h) if db::devices::is_trusted(db, &h, user.id).await? => Some(h),
        _ => None,
    };
    open_session(
        db,
        meta,
        user,
        pending.membership_id,
        &pending.throttle_key,
        trusted_hash,
    )
    .await
}

/// Opens the session record after every factor passed, clears the failure count, trusts the browser and audits.
async fn open_session(
    db: &Db,
    meta: &RequestMeta,
    user: CurrentUser,
    membership_id: Uuid,
    throttle_key: &str,
    trusted_device: Option<String>,
) -> Result<LoggedIn, CoreError> {
    let session_id = Uuid::now_v7();
    let context = Context::tenant(user.workspace.tenant_id).with_user(user.id);
    let mut tx = db.write(&context).await?;
    db::sessions::insert(&mut tx, session_id, user.id, meta).await?;
    db::throttle::clear(&mut tx, throttle_key).await?;
    let new_device = match &trusted_device {
        Some(h) => {
            db::devices::trust(&mut tx, h, user.id).await?;
            None
        }
        None => {
            let fresh = token::generate();
            db::devices::trust(&mut tx, &fresh.hash, user.id).await?;
            Some(fresh.token)
        }
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
