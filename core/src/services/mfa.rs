//! Two-factor sign-in: setting it up and switching it off, recovery codes, the second sign-in step, and a buyer
//! organisation's requirement of it.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::{throttle, totp};
use crate::db::{self, Context, Db};
use crate::services::password::confirm_current;
use crate::CoreError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use portico_domain::{CurrentUser, MembershipRole, MfaEnrolment, MfaPolicy, MfaStatus, UserId};
use serde_json::json;

/// The person's two-factor settings, with the QR code while a set-up is in progress.
pub async fn status(db: &Db, user: &CurrentUser) -> Result<MfaStatus, CoreError> {
    let row = db::mfa::totp(db, user.id)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    let pending = match (&row.totp_secret, row.totp_enabled_at) {
        (Some(secret), None) => enrolment(secret, user.email.as_str()),
        _ => None,
    };
    let policy = db::mfa::policy(db, user.workspace.tenant_id).await?;
    Ok(MfaStatus {
        enabled_at: row.totp_enabled_at,
        pending,
        recovery_codes_left: db::mfa::recovery_codes_left(db, user.id).await?,
        required: required_for(policy, user.workspace.role),
    })
}

fn enrolment(secret: &str, account: &str) -> Option<MfaEnrolment> {
    let uri = totp::uri(secret, account)?;
    let svg = totp::qr_svg(&uri)?;
    Some(MfaEnrolment {
        qr_data_url: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
        secret_grouped: totp::grouped(secret),
        uri,
    })
}

/// Whether a policy requires two-factor sign-in of someone in this role.
pub fn required_for(policy: MfaPolicy, role: MembershipRole) -> bool {
    if role.is_buyer_side() {
        policy.buyers
    } else {
        policy.suppliers
    }
}

/// Starts (or restarts) setting up two-factor sign-in: a new secret, shown until a code from it confirms it.
pub async fn start(db: &Db, user: &CurrentUser) -> Result<(), CoreError> {
    let mut tx = db.write(&Context::user(user.id)).await?;
    if !db::mfa::set_pending_secret(&mut tx, user.id, &totp::new_secret()).await? {
        return Err(CoreError::Conflict(
            "two-factor sign-in is already on".into(),
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// Confirms the set-up with the current password and a code from the app: two-factor sign-in is on, every other
/// session of the account ends (whoever had only the password is out), and the returned recovery codes (shown once)
/// are the only way in without the phone. Wrong codes count toward the two-factor limit.
pub async fn confirm(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    session: uuid::Uuid,
    code: &str,
    current_password: &str,
) -> Result<Vec<String>, CoreError> {
    let row = db::mfa::totp(db, user.id)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    let secret = match (row.totp_secret, row.totp_enabled_at) {
        (Some(secret), None) => secret,
        (_, Some(_)) => return Err(CoreError::validation("code", "mfa-already-on")),
        (None, None) => return Err(CoreError::validation("code", "mfa-not-started")),
    };
    confirm_current(db, user, current_password).await?;
    let key = throttle::TOTP.key(&user.id.0.to_string());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    count_attempt(db, meta, user.id, &key, now).await?;
    let Some(step) = totp::check(&secret, code, now, None) else {
        return Err(CoreError::validation("code", "mfa-code-wrong"));
    };
    let codes = totp::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::hash_recovery(c)).collect();
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    if !db::mfa::enable(&mut tx, user.id, &secret, step).await? {
        return Err(CoreError::validation("code", "mfa-already-on"));
    }
    db::mfa::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    db::throttle::clear(&mut tx, &key).await?;
    let ended =
        db::sessions::end_all(&mut tx, user.id, Some(session), "two_factor_enabled").await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::MfaEnabled)
        .detail(json!({ "other_sessions_ended": ended }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Counts one two-factor attempt before it is checked, atomically, so parallel guesses cannot all slip under the
/// limit; past the limit the attempt is refused (and audited). A right code clears the count afterwards.
async fn count_attempt(
    db: &Db,
    meta: &RequestMeta,
    user: UserId,
    key: &str,
    now: i64,
) -> Result<(), CoreError> {
    let mut tx = db.write(&Context::none()).await?;
    let attempts = db::throttle::record_failure(&mut tx, key, now).await?;
    if attempts > throttle::TOTP.max {
        if attempts == throttle::TOTP.max + 1 {
            let entry = Entry::new(None, Some(user), Action::LoginThrottled)
                .detail(json!({ "reason": "second_factor", "ip": meta.ip }));
            audit::append(&mut tx, meta, entry).await?;
        }
        tx.commit().await?;
        return Err(CoreError::RateLimited);
    }
    tx.commit().await?;
    Ok(())
}

/// Switches two-factor sign-in off (the current password is required). Refused while the organisation of the
/// current workspace requires it.
pub async fn disable(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    current_password: &str,
) -> Result<(), CoreError> {
    let policy = db::mfa::policy(db, user.workspace.tenant_id).await?;
    if required_for(policy, user.workspace.role) {
        return Err(CoreError::validation(
            "current_password",
            "mfa-required-cannot-disable",
        ));
    }
    confirm_current(db, user, current_password).await?;
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    db::mfa::disable(&mut tx, user.id).await?;
    audit::append(
        &mut tx,
        meta,
        Entry::new(Some(tenant), Some(user.id), Action::MfaDisabled),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the recovery codes with a fresh set (the current password is required); the old ones stop working.
pub async fn regenerate_codes(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    current_password: &str,
) -> Result<Vec<String>, CoreError> {
    let row = db::mfa::totp(db, user.id)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    if row.totp_enabled_at.is_none() {
        return Err(CoreError::validation("current_password", "mfa-not-enabled"));
    }
    confirm_current(db, user, current_password).await?;
    let codes = totp::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::hash_recovery(c)).collect();
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    db::mfa::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
    let entry = Entry::new(
        Some(tenant),
        Some(user.id),
        Action::MfaRecoveryCodesReplaced,
    );
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Whether the person has two-factor sign-in on (sign-in then asks for a code).
pub async fn enabled(db: &Db, user: UserId) -> Result<bool, CoreError> {
    Ok(db::mfa::totp(db, user)
        .await?
        .is_some_and(|r| r.totp_enabled_at.is_some()))
}

/// Checks the second sign-in step: a code from the app (each step accepted once) or an unused recovery code (spent).
/// Wrong codes count toward the per-person two-factor limit; at the limit every code is refused for the hour.
pub(crate) async fn verify_second_factor(
    db: &Db,
    meta: &RequestMeta,
    user: UserId,
    code: &str,
) -> Result<(), CoreError> {
    let key = throttle::TOTP.key(&user.0.to_string());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    count_attempt(db, meta, user, &key, now).await?;
    let row = db::mfa::totp(db, user).await?.unwrap_or_default();
    let secret = row
        .totp_secret
        .filter(|_| row.totp_enabled_at.is_some())
        .ok_or(CoreError::Unauthenticated)?;
    let mut tx = db.write(&Context::user(user)).await?;
    let accepted = if totp::is_app_code(code) {
        match totp::check(&secret, code, now, row.totp_last_step) {
            Some(step) => db::mfa::advance_step(&mut tx, user, step).await?,
            None => false,
        }
    } else {
        let used = db::mfa::use_recovery_code(&mut tx, user, &totp::hash_recovery(code)).await?;
        if used {
            let entry = Entry::new(None, Some(user), Action::MfaRecoveryCodeUsed)
                .detail(json!({ "ip": meta.ip }));
            audit::append(&mut tx, meta, entry).await?;
        }
        used
    };
    if accepted {
        db::throttle::clear(&mut tx, &key).await?;
    } else {
        let entry = Entry::new(None, Some(user), Action::LoginFailed)
            .detail(json!({ "reason": "wrong_second_factor", "ip": meta.ip }));
        audit::append(&mut tx, meta, entry).await?;
    }
    tx.commit().await?;
    if accepted {
        Ok(())
    } else {
        Err(CoreError::validation("code", "mfa-code-wrong"))
    }
}

/// Sets the organisation's two-factor policy (buyer administrators only). People it newly covers who have not set
/// up two-factor sign-in are sent to set it up on their next page.
pub async fn set_policy(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    policy: MfaPolicy,
) -> Result<(), CoreError> {
    if user.workspace.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let tenant = user.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    db::mfa::set_policy(&mut tx, tenant, policy).await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::MfaPolicyChanged)
        .subject("tenant", tenant.0)
        .detail(json!({ "buyers": policy.buyers, "suppliers": policy.suppliers }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}
