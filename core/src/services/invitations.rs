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
                membership_id: m.id,
                role: MembershipRole::from_code(&m.role)?,
                email: m.email,
                display_name: m.display_name,
                supplier_name: m.supplier_name,
                disabled: m.disabled,
                two_factor: m.two_factor,
                is_self: m.user_id == viewer.id.0,
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
                id: p.id,
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
        mfa_policy: match role {
            MembershipRole::BuyerAdmin => {
                Some(db::mfa::policy(db, viewer.workspace.tenant_id).await?)
            }
            _ => None,
        },
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
    let mut tx = db
        .write(&Context::tenant(ws.tenant_id).with_user(inviter.id))
        .await?;
    let id = issue(
        &mut tx,
        public_url,
        &Inviter::from(inviter),
        &email,
        invite.role,
        supplier,
        invite.locale,
    )
    .await?;
    let entry = Entry::new(Some(ws.tenant_id), Some(inviter.id), Action::InvitationSent)
        .subject("invitation", id)
        .detail(json!({ "email": email.as_str(), "role": invite.role.code(), "supplier": supplier.map(|s| s.0) }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Who an invitation is from: a person of the tenant, on the buyer's side or at a supplier.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inviter<'a> {
    pub id: UserId,
    pub name: &'a str,
    pub tenant: TenantId,
    /// Set when the inviter works at a supplier (their invitations name only the supplier).
    pub supplier: Option<SupplierId>,
}

impl<'a> From<&'a CurrentUser> for Inviter<'a> {
    fn from(user: &'a CurrentUser) -> Self {
        Self {
            id: user.id,
            name: &user.display_name,
            tenant: user.workspace.tenant_id,
            supplier: user.workspace.supplier_id,
        }
    }
}

/// Stores a fresh invitation token and queues its e-mail, in the caller's transaction. Returns the token's id.
pub(crate) async fn issue(
    tx: &mut db::Tx,
    public_url: &str,
    inviter: &Inviter<'_>,
    email: &Email,
    role: MembershipRole,
    supplier: Option<SupplierId>,
    locale: Locale,
) -> Result<Uuid, CoreError> {
    let fresh = token::generate();
    let id = db::tokens::insert(
        tx,
        &NewTokenRow {
            hash: &fresh.hash,
            purpose: Purpose::Invitation,
            email: email.as_str(),
            user: None,
            tenant: Some(inviter.tenant),
            supplier,
            role: Some(role),
            document: None,
            created_by: Some(inviter.id),
            expires_at: OffsetDateTime::now_utc() + INVITATION_VALIDITY,
        },
    )
    .await?;
    let (organisation, supplier_name, _) =
        db::people::invitation_names(tx, inviter.tenant.0, supplier.map(|s| s.0), None).await?;
    let link = format!(
        "{}/invitation?token={}",
        public_url.trim_end_matches('/'),
        fresh.token
    );
    let template = Template::Invitation {
        inviter: inviter.name.to_owned(),
        organisation: match &supplier_name {
            Some(s) if inviter.supplier.is_none() => format!("{organisation} ({s})"),
            _ => organisation,
        },
        days: INVITATION_VALIDITY.whole_days(),
    };
    db::mail::enqueue(tx, &mail::render(locale, email, &template, &link)).await?;
    Ok(id)
}

/// A pending invitation the administrator may act on: of their tenant and, for supplier administrators, of their
/// supplier; unused and not withdrawn. Anything else is `NotFound`.
async fn own_pending(
    tx: &mut db::Tx,
    admin: &CurrentUser,
    id: Uuid,
) -> Result<db::tokens::TokenRow, CoreError> {
    let ws = &admin.workspace;
    if ws.role.may_invite().is_empty() {
        return Err(CoreError::Forbidden);
    }
    let row = db::tokens::find_by_id(tx, ws.tenant_id, id, Purpose::Invitation)
        .await?
        .filter(|r| r.used_at.is_none() && r.revoked_at.is_none())
        .ok_or(CoreError::NotFound)?;
    if ws.supplier_id.is_some() && row.supplier_id != ws.supplier_id.map(|s| s.0) {
        return Err(CoreError::NotFound);
    }
    Ok(row)
}

/// Sends a pending invitation again with a fresh link (valid for another 7 days); the old link stops working.
pub async fn resend(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    admin: &CurrentUser,
    id: Uuid,
    locale: Locale,
) -> Result<Email, CoreError> {
    let tenant = admin.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    let row = own_pending(&mut tx, admin, id).await?;
    let (_, role) = invitation_target(&row)?;
    let email = Email::parse(&row.email).map_err(|_| CoreError::NotFound)?;
    if !db::tokens::revoke(&mut tx, tenant, row.id).await? {
        return Err(CoreError::NotFound);
    }
    let new_id = issue(
        &mut tx,
        public_url,
        &Inviter::from(admin),
        &email,
        role,
        row.supplier_id.map(SupplierId),
        locale,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::InvitationResent)
        .subject("invitation", new_id)
        .detail(json!({ "email": email.as_str(), "replaces": row.id }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(email)
}

/// Withdraws a pending invitation: its link then says it was withdrawn.
pub async fn revoke(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    id: Uuid,
) -> Result<Email, CoreError> {
    let tenant = admin.workspace.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    let row = own_pending(&mut tx, admin, id).await?;
    if !db::tokens::revoke(&mut tx, tenant, row.id).await? {
        return Err(CoreError::NotFound);
    }
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::InvitationRevoked)
        .subject("invitation", row.id)
        .detail(json!({ "email": row.email }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Email::parse(&row.email).map_err(|_| CoreError::NotFound)
}

/// Opens a write transaction in the administrator's scope and finds a membership there that is not their own
/// (`field` names the form field a refusal is about). Outside the scope is `NotFound`, as everywhere.
async fn other_member(
    db: &Db,
    admin: &CurrentUser,
    membership: Uuid,
    field: &str,
) -> Result<(db::Tx, db::people::MemberRow), CoreError> {
    if admin.workspace.role.may_invite().is_empty() {
        return Err(CoreError::Forbidden);
    }
    let scope = Scope::of(&admin.workspace);
    let mut tx = db
        .write(&Context::scope(&scope).with_user(admin.id))
        .await?;
    let member = db::people::member(&mut tx, &scope, membership)
        .await?
        .ok_or(CoreError::NotFound)?;
    if member.user_id == admin.id.0 {
        return Err(CoreError::validation(field, "people-not-yourself"));
    }
    Ok((tx, member))
}

/// Gives a member another role on the same side (buyer administrator / buyer, or supplier administrator / supplier
/// user). Administrators cannot change their own role. The member's sessions see the new role on their next request.
pub async fn change_role(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    membership: Uuid,
    role: MembershipRole,
) -> Result<(), CoreError> {
    let ws = &admin.workspace;
    let (mut tx, member) = other_member(db, admin, membership, "role").await?;
    let current = MembershipRole::from_code(&member.role).ok_or(CoreError::NotFound)?;
    if !current.same_side().contains(&role) || !ws.role.may_invite().contains(&role) {
        return Err(CoreError::validation("role", "invite-role-not-allowed"));
    }
    if current == role {
        return Ok(());
    }
    db::people::set_role(&mut tx, ws.tenant_id, membership, role).await?;
    let entry = Entry::new(Some(ws.tenant_id), Some(admin.id), Action::RoleChanged)
        .subject("membership", membership)
        .detail(json!({ "email": member.email, "from": current.code(), "to": role.code() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member from the organisation (or the supplier): their sessions in this workspace end on their next
/// request; their login and their other customers stay. Administrators cannot remove themselves.
pub async fn remove_member(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    membership: Uuid,
) -> Result<String, CoreError> {
    let ws = &admin.workspace;
    let (mut tx, member) = other_member(db, admin, membership, "membership").await?;
    db::people::remove(&mut tx, ws.tenant_id, membership).await?;
    let entry = Entry::new(
        Some(ws.tenant_id),
        Some(admin.id),
        Action::MembershipRemoved,
    )
    .subject("membership", membership)
    .detail(json!({ "email": member.email, "role": member.role }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(member.email)
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
/// workspace — except for a login with two-factor sign-in, which answers `None`: the person then signs in with their
/// second factor as usual (a password alone never opens a session for such an account).
pub async fn accept(
    db: &Db,
    meta: &RequestMeta,
    token_text: &str,
    display_name: &str,
    password_text: &str,
    confirm: &str,
) -> Result<Option<LoggedIn>, CoreError> {
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
            // The login's password is guessed here as at sign-in: the same limit, the same audit.
            let login_key = throttle::LOGIN.key(email.as_str());
            if db::throttle::failures(db, &login_key, now).await? >= throttle::LOGIN.max {
                return Err(CoreError::RateLimited);
            }
            let stored = account.password_hash.clone().unwrap_or_default();
            if account.disabled || !verify_blocking(password_text.to_owned(), stored).await? {
                let mut tx = db.write(&Context::none()).await?;
                let failures = db::throttle::record_failure(&mut tx, &login_key, now).await?;
                let entry =
                    Entry::new(None, Some(UserId(account.id)), Action::LoginFailed).detail(json!({
                        "reason": "wrong_password_on_invitation",
                        "failures": failures,
                        "ip": meta.ip,
                    }));
                audit::append(&mut tx, meta, entry).await?;
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
    let second_factor = match &existing {
        Some(_) => crate::services::mfa::enabled(db, user_id).await?,
        None => false,
    };
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
    if !second_factor {
        db::sessions::insert(&mut tx, session_id, user_id, meta).await?;
    }
    let entry = Entry::new(Some(tenant), Some(user_id), Action::InvitationAccepted)
        .subject("invitation", row.id)
        .detail(json!({ "role": role.code(), "new_account": new_user.is_some() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    if second_factor {
        return Ok(None);
    }
    let user = db::users::session_user(db, user_id, membership, session_id)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    Ok(Some(LoggedIn {
        user,
        membership_id: membership,
        session_id,
        new_device: None,
    }))
}
