//! Inviting people and accepting invitations.
//!
//! A buyer administrator invites buyers and suppliers' people; a supplier administrator invites colleagues at their
//! own supplier. The invitee gets an e-mail with a one-time link (7 days). Following it, a new person chooses a name and
//! password; someone who already has a Portico login (from another buyer) confirms with their password instead, and
//! the new customer is added to the same login.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::{policy, throttle, token};
use crate::db::tokens::{NewTokenRow, Purpose};
use crate::db::{self, Context, Db};
use crate::mail::{self, Template};
use crate::scope::Scope;
use crate::services::login::{verify_blocking, LoggedIn};
use crate::services::password::usable;
use crate::CoreError;
use portico_domain::{
    CurrentUser, Email, InvitationView, Member, MembershipRole, PendingInvitation, PeopleView,
    SupplierId, TenantId, TokenProblem, UserId,
};
use portico_i18n::Locale;
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long an invitation link works.
pub const INVITATION_VALIDITY: Duration = Duration::days(7);

/// The people page: members, pending invitations, and what the viewer may invite.
pub async fn people(db: &Db, viewer: &CurrentUser) -> Result<PeopleView, CoreError> {
    let role = viewer.workspace.role;
    if role.may_invite().is_empty() {
        return Err(CoreError::Forbidden);
    }
    let scope = Scope::of(&viewer.workspace);
    let members = db::people::members(db, &scope)
        .await?
        .into_iter()
        .filter_map(|m| {
            Some(Member {
                role: MembershipRole::from_code(&m.role)?,
                email: m.email,
                display_name: m.display_name,
                supplier_name: m.supplier_name,
                disabled: m.disabled,
            })
        })
        .collect();
    let now = OffsetDateTime::now_utc();
    let pending = db::people::pending_invitations(db, &scope)
        .await?
        .into_iter()
        .filter(|p| p.expires_at > now)
        .filter_map(|p| {
            Some(PendingInvitation {
                role: MembershipRole::from_code(p.role.as_deref()?)?,
                email: p.email,
                supplier_name: p.supplier_name,
                expires_at: p.expires_at,
            })
        })
        .collect();
    Ok(PeopleView {
        members,
        pending,
        invitable_roles: role.may_invite().to_vec(),
        suppliers: db::people::suppliers(db, &scope).await?,
    })
}

/// What an invitation asks for.
#[derive(Clone, Debug)]
pub struct Invite<'a> {
    pub email: &'a str,
    pub role: MembershipRole,
    /// The supplier, for supplier roles (a supplier administrator's own is used regardless).
    pub supplier: Option<SupplierId>,
    /// The language of the e-mail.
    pub locale: Locale,
}

/// Sends an invitation. Errors name the field: `email` (malformed, or already a member), `role` (not one the
/// inviter may give), `supplier` (missing or not the tenant's).
pub async fn invite(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    inviter: &CurrentUser,
    invite: Invite<'_>,
) -> Result<(), CoreError> {
    let ws = &inviter.workspace;
    if !ws.role.may_invite().contains(&invite.role) {
        return Err(CoreError::validation("role", "invite-role-not-allowed"));
    }
    let email = Email::parse(invite.email)
        .map_err(|_| CoreError::validation("email", "field-email-invalid"))?;
    let scope = Scope::of(ws);
    let supplier = match (invite.role.is_buyer_side(), ws.supplier_id) {
        (true, _) => None,
        (false, Some(own)) => Some(own),
        (false, None) => {
            let wanted = invite
                .supplier
                .ok_or_else(|| CoreError::validation("supplier", "invite-supplier-missing"))?;
            let known = db::people::suppliers(db, &scope).await?;
            if !known.iter().any(|s| s.id == wanted.0) {
                return Err(CoreError::validation("supplier", "invite-supplier-missing"));
            }
            Some(wanted)
        }
    };
    if db::people::is_member(db, &scope, email.as_str(), supplier, invite.role).await? {
        return Err(CoreError::validation("email", "invite-already-member"));
    }
    let fresh = token::generate();
    let mut tx = db
        .write(&Context::tenant(ws.tenant_id).with_user(inviter.id))
        .await?;
    let id = db::tokens::insert(
        &mut tx,
        &NewTokenRow {
            hash: &fresh.hash,
            purpose: Purpose::Invitation,
            email: email.as_str(),
            user: None,
            tenant: Some(ws.tenant_id),
            supplier,
            role: Some(invite.role),
            document: None,
            created_by: Some(inviter.id),
            expires_at: OffsetDateTime::now_utc() + INVITATION_VALIDITY,
        },
    )
    .await?;
    let (organisation, supplier_name, _) =
        db::people::invitation_names(&mut tx, ws.tenant_id.0, supplier.map(|s| s.0), None).await?;
    let link = format!(
        "{}/invitation?token={}",
        public_url.trim_end_matches('/'),
        fresh.token
    );
    let template = Template::Invitation {
        inviter: inviter.display_name.clone(),
        organisation: match &supplier_name {
            Some(s) if ws.supplier_id.is_none() => format!("{organisation} ({s})"),
            _ => organisation,
        },
        days: INVITATION_VALIDITY.whole_days(),
    };
    db::mail::enqueue(
        &mut tx,
        &mail::render(invite.locale, &email, &template, &link),
    )
    .await?;
    let entry = Entry::new(Some(ws.tenant_id), Some(inviter.id), Action::InvitationSent)
        .subject("invitation", id)
        .detail(json!({ "email": email.as_str(), "role": invite.role.code(), "supplier": supplier.map(|s| s.0) }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// What an invitation link offers, or why it cannot be used.
pub async fn inspect(db: &Db, token_text: &str) -> Result<InvitationView, CoreError> {
    let row = usable(db, token_text, Purpose::Invitation).await?;
    let (tenant, role) = invitation_target(&row)?;
    // The link has proven itself; the names it shows are the inviting tenant's.
    let mut tx = db.read(&Context::tenant(tenant)).await?;
    let (organisation, supplier_name, inviter) =
        db::people::invitation_names(&mut tx, tenant.0, row.supplier_id, row.created_by).await?;
    tx.commit().await?;
    let email = Email::parse(&row.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))?;
    Ok(InvitationView {
        account_exists: db::users::find_login(db, &email).await?.is_some(),
        email: email.to_string(),
        organisation,
        supplier_name,
        role,
        inviter,
    })
}

fn invitation_target(row: &db::tokens::TokenRow) -> Result<(TenantId, MembershipRole), CoreError> {
    let tenant = row.tenant_id.map(TenantId);
    let role = row.role.as_deref().and_then(MembershipRole::from_code);
    match (tenant, role) {
        (Some(t), Some(r)) => Ok((t, r)),
        _ => Err(CoreError::Token(TokenProblem::Invalid)),
    }
}

/// Accepts an invitation. A new person gives a name and a password (twice); someone with an existing login gives
/// that login's password. Either way the membership is added, the link is spent, and a session starts in the new
/// workspace.
pub async fn accept(
    db: &Db,
    meta: &RequestMeta,
    token_text: &str,
    display_name: &str,
    password_text: &str,
    confirm: &str,
) -> Result<LoggedIn, CoreError> {
    let ip_key = throttle::TOKEN.key(meta.ip.as_deref().unwrap_or("unknown"));
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if db::throttle::failures(db, &ip_key, now).await? >= throttle::TOKEN.max {
        return Err(CoreError::RateLimited);
    }
    let row = match usable(db, token_text, Purpose::Invitation).await {
        Ok(row) => row,
        Err(e) => {
            let mut tx = db.write(&Context::none()).await?;
            db::throttle::record_failure(&mut tx, &ip_key, now).await?;
            tx.commit().await?;
            return Err(e);
        }
    };
    let (tenant, role) = invitation_target(&row)?;
    let email = Email::parse(&row.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))?;
    let supplier = row.supplier_id.map(SupplierId);
    let scope = match supplier {
        Some(s) => Scope::supplier(tenant, s),
        None => Scope::tenant(tenant),
    };
    if db::people::is_member(db, &scope, email.as_str(), supplier, role).await? {
        return Err(CoreError::validation("email", "invite-already-member"));
    }
    let existing = db::users::find_login(db, &email).await?;
    let new_user = match &existing {
        Some(account) => {
            let stored = account.password_hash.clone().unwrap_or_default();
            if account.disabled || !verify_blocking(password_text.to_owned(), stored).await? {
                let mut tx = db.write(&Context::none()).await?;
                db::throttle::record_failure(&mut tx, &throttle::LOGIN.key(email.as_str()), now)
                    .await?;
                tx.commit().await?;
                return Err(CoreError::validation("password", "invite-password-wrong"));
            }
            None
        }
        None => {
            let name = display_name.trim();
            if name.is_empty() || name.chars().count() > 120 {
                return Err(CoreError::validation("display_name", "invite-name-missing"));
            }
            if password_text != confirm {
                return Err(CoreError::validation("confirm", "password-mismatch"));
            }
            policy::check(password_text, &[email.as_str(), name])?;
            let text = password_text.to_owned();
            let hash = tokio::task::spawn_blocking(move || crate::auth::password::hash(&text))
                .await
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("hashing task failed: {e}")))?
                .map_err(CoreError::Internal)?;
            Some((UserId(Uuid::now_v7()), name.to_owned(), hash))
        }
    };
    let user_id = existing
        .as_ref()
        .map(|a| UserId(a.id))
        .or(new_user.as_ref().map(|(id, ..)| *id))
        .ok_or(CoreError::Token(TokenProblem::Invalid))?;
    let membership = Uuid::now_v7();
    let session_id = Uuid::now_v7();
    let context = Context::tenant(tenant).with_user(user_id);
    // The invitation belongs to the tenant, so the tenant's context reaches its token row too.
    let mut tx = db.write(&context).await?;
    if !db::tokens::consume(&mut tx, row.id).await? {
        return Err(CoreError::Token(TokenProblem::Used));
    }
    if let Some((id, name, hash)) = &new_user {
        db::setup::insert_user(&mut tx, *id, &email, name, hash).await?;
    }
    db::setup::insert_membership(&mut tx, membership, user_id, tenant, supplier, role).await?;
    db::sessions::insert(&mut tx, session_id, user_id, meta).await?;
    let entry = Entry::new(Some(tenant), Some(user_id), Action::InvitationAccepted)
        .subject("invitation", row.id)
        .detail(json!({ "role": role.code(), "new_account": new_user.is_some() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    let user = db::users::session_user(db, user_id, membership, session_id)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    Ok(LoggedIn {
        user,
        membership_id: membership,
        session_id,
        new_device: None,
    })
}
