//! Document links ("magic links"): an e-mail about one purchase order lets its recipient open and work on that
//! order, and nothing else, without a password and for a limited time.
//!
//! A buyer sends the link to a supplier contact. Opening it spends the token (single use, like every e-mailed link)
//! and puts a [`DocumentGrant`] for that one document into the browser session for [`ACCESS_HOURS`]; every read with
//! it runs in [`Scope::document`], which on PostgreSQL also sets `app.document_id` for the row-level policy. A link
//! that was used or has expired can be exchanged for a fresh one, sent to the same address only. When the link's
//! sender is a buyer administrator, the shared page offers a full account: an invitation e-mailed to the link's
//! address at that supplier.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::{throttle, token};
use crate::db::tokens::{NewTokenRow, Purpose, TokenRow};
use crate::db::{self, Context, Db, Tx};
use crate::mail::{self, Template};
use crate::scope::Scope;
use crate::services::invitations::{self, Inviter};
use crate::services::password::usable;
use crate::services::purchase_orders;
use crate::CoreError;
use portico_domain::{
    AccountOffer, CurrentUser, DocumentGrant, DocumentLinkView, Email, MembershipRole, PoDetail,
    PurchaseOrderId, SupplierId, TenantId, TokenProblem, UserId,
};
use portico_i18n::Locale;
use serde_json::json;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long a document link can be opened after it was sent.
pub const LINK_VALIDITY: Duration = Duration::days(7);

/// How long an opened link gives access in that browser.
pub const ACCESS_HOURS: i64 = 8;

/// How long after sending a used or expired link can still be exchanged for a fresh one.
pub const RENEWABLE_FOR: Duration = Duration::days(60);

/// Sends a link to one purchase order to a supplier contact (buyers only; the order must be visible to them).
pub async fn send(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    sender: &CurrentUser,
    po: PurchaseOrderId,
    email: &str,
    locale: Locale,
) -> Result<Email, CoreError> {
    let ws = &sender.workspace;
    if !ws.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let email =
        Email::parse(email).map_err(|_| CoreError::validation("email", "field-email-invalid"))?;
    let order = purchase_orders::get(db, &Scope::of(ws), po).await?;
    let mut tx = db
        .write(&Context::tenant(ws.tenant_id).with_user(sender.id))
        .await?;
    let target = Target {
        tenant: ws.tenant_id,
        supplier: order.supplier_id,
        document: order.id.0,
        number: &order.number,
        organisation: &order.buyer_name,
    };
    let id = issue(
        &mut tx,
        public_url,
        &target,
        &email,
        sender.id,
        &sender.display_name,
        locale,
    )
    .await?;
    let entry = Entry::new(Some(ws.tenant_id), Some(sender.id), Action::MagicLinkSent)
        .subject("purchase_order", order.id.0)
        .detail(json!({ "email": email.as_str(), "link": id }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(email)
}

struct Target<'a> {
    tenant: TenantId,
    supplier: SupplierId,
    document: Uuid,
    number: &'a str,
    organisation: &'a str,
}

async fn issue(
    tx: &mut Tx,
    public_url: &str,
    target: &Target<'_>,
    email: &Email,
    created_by: UserId,
    sender_name: &str,
    locale: Locale,
) -> Result<Uuid, CoreError> {
    let fresh = token::generate();
    let id = db::tokens::insert(
        tx,
        &NewTokenRow {
            hash: &fresh.hash,
            purpose: Purpose::MagicLink,
            email: email.as_str(),
            user: None,
            tenant: Some(target.tenant),
            supplier: Some(target.supplier),
            role: None,
            document: Some(target.document),
            created_by: Some(created_by),
            expires_at: OffsetDateTime::now_utc() + LINK_VALIDITY,
        },
    )
    .await?;
    let link = format!(
        "{}/link?token={}",
        public_url.trim_end_matches('/'),
        fresh.token
    );
    let template = Template::DocumentLink {
        sender: sender_name.to_owned(),
        organisation: target.organisation.to_owned(),
        document: target.number.to_owned(),
        days: LINK_VALIDITY.whole_days(),
    };
    db::mail::enqueue(tx, &mail::render(locale, email, &template, &link)).await?;
    Ok(id)
}

fn grant_parts(row: &TokenRow) -> Result<(TenantId, SupplierId, Uuid), CoreError> {
    match (row.tenant_id, row.supplier_id, row.document_id) {
        (Some(t), Some(s), Some(d)) => Ok((TenantId(t), SupplierId(s), d)),
        _ => Err(CoreError::Token(TokenProblem::Invalid)),
    }
}

/// What a link opens, or why it cannot be opened (shown before it is spent, so mail scanners that fetch links do not
/// use them up).
pub async fn inspect(db: &Db, token_text: &str) -> Result<DocumentLinkView, CoreError> {
    let row = usable(db, token_text, Purpose::MagicLink).await?;
    let (tenant, supplier, document) = grant_parts(&row)?;
    let order = purchase_orders::get(
        db,
        &Scope::document(tenant, supplier, document),
        PurchaseOrderId(document),
    )
    .await
    .map_err(|_| CoreError::Token(TokenProblem::Invalid))?;
    Ok(DocumentLinkView {
        email: row.email,
        organisation: order.buyer_name,
        document: order.number,
        expires_at: row.expires_at,
    })
}

/// Opens a link: spends it and returns the grant for its one document. Failed attempts count toward the per-address
/// token limit.
pub async fn open(
    db: &Db,
    meta: &RequestMeta,
    token_text: &str,
) -> Result<DocumentGrant, CoreError> {
    let ip_key = throttle::TOKEN.key(meta.ip.as_deref().unwrap_or("unknown"));
    let now = OffsetDateTime::now_utc();
    if db::throttle::failures(db, &ip_key, now.unix_timestamp()).await? >= throttle::TOKEN.max {
        return Err(CoreError::RateLimited);
    }
    let row = match usable(db, token_text, Purpose::MagicLink).await {
        Ok(row) => row,
        Err(e) => {
            let mut tx = db.write(&Context::none()).await?;
            db::throttle::record_failure(&mut tx, &ip_key, now.unix_timestamp()).await?;
            tx.commit().await?;
            return Err(e);
        }
    };
    let (tenant, supplier, document) = grant_parts(&row)?;
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    if !db::tokens::consume(&mut tx, row.id).await? {
        return Err(CoreError::Token(TokenProblem::Used));
    }
    let entry = Entry::new(Some(tenant), None, Action::MagicLinkUsed)
        .subject("purchase_order", document)
        .detail(json!({ "email": row.email, "link": row.id, "ip": meta.ip }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(DocumentGrant {
        link_id: row.id,
        tenant_id: tenant,
        supplier_id: supplier,
        document_id: document,
        email: row.email,
        expires_at: (now + Duration::hours(ACCESS_HOURS)).unix_timestamp(),
    })
}

/// Sends a fresh link for a used or expired one, to the address the old one was sent to (never another). Answers
/// the same whatever the token was, and at most [`throttle::LINK_RENEWAL`] times an hour per address.
pub async fn renew(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    token_text: &str,
    locale: Locale,
) -> Result<(), CoreError> {
    if !token::well_formed(token_text) {
        return Ok(());
    }
    let Some(row) = db::tokens::find(db, &token::hash(token_text), Purpose::MagicLink).await?
    else {
        return Ok(());
    };
    let now = OffsetDateTime::now_utc();
    let spent = row.used_at.is_some() || row.expires_at <= now;
    if !spent || row.revoked_at.is_some() || row.created_at + RENEWABLE_FOR < now {
        return Ok(());
    }
    let (Ok((tenant, supplier, document)), Ok(email), Some(sender)) = (
        grant_parts(&row),
        Email::parse(&row.email),
        row.created_by.map(UserId),
    ) else {
        return Ok(());
    };
    let key = throttle::LINK_RENEWAL.key(email.as_str());
    if db::throttle::failures(db, &key, now.unix_timestamp()).await? >= throttle::LINK_RENEWAL.max {
        return Ok(());
    }
    let Ok(order) = purchase_orders::get(
        db,
        &Scope::document(tenant, supplier, document),
        PurchaseOrderId(document),
    )
    .await
    else {
        return Ok(());
    };
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    db::throttle::record_failure(&mut tx, &key, now.unix_timestamp()).await?;
    let (organisation, _, sender_name) =
        db::people::invitation_names(&mut tx, tenant.0, None, Some(sender.0)).await?;
    let target = Target {
        tenant,
        supplier,
        document,
        number: &order.number,
        organisation: &organisation,
    };
    let id = issue(
        &mut tx,
        public_url,
        &target,
        &email,
        sender,
        &sender_name,
        locale,
    )
    .await?;
    let entry = Entry::new(Some(tenant), None, Action::MagicLinkSent)
        .subject("purchase_order", document)
        .detail(json!({ "email": email.as_str(), "link": id, "renews": row.id }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a grant still holds.
pub fn valid(grant: &DocumentGrant) -> bool {
    grant.expires_at > OffsetDateTime::now_utc().unix_timestamp()
}

/// The document a grant opens, read in the grant's one-document scope, and what the visitor may do about an account.
pub async fn shared_document(
    db: &Db,
    grant: &DocumentGrant,
) -> Result<(PoDetail, AccountOffer), CoreError> {
    if !valid(grant) {
        return Err(CoreError::Unauthenticated);
    }
    let scope = Scope::document(grant.tenant_id, grant.supplier_id, grant.document_id);
    let order = purchase_orders::get(db, &scope, PurchaseOrderId(grant.document_id)).await?;
    Ok((order, offer(db, grant).await?))
}

async fn offer(db: &Db, grant: &DocumentGrant) -> Result<AccountOffer, CoreError> {
    let email = Email::parse(&grant.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))?;
    let account = db::users::find_login(db, &email).await?;
    if account.is_some() {
        let scope = Scope::supplier(grant.tenant_id, grant.supplier_id);
        let member = db::people::is_member(
            db,
            &scope,
            email.as_str(),
            Some(grant.supplier_id),
            MembershipRole::SupplierUser,
        )
        .await?;
        if member {
            return Ok(AccountOffer::SignIn);
        }
    }
    if sender_may_invite(db, grant).await?.is_none() {
        return Ok(AccountOffer::AskContact);
    }
    Ok(if account.is_none() {
        AccountOffer::Create
    } else {
        AccountOffer::AddCustomer
    })
}

/// The link's sender, if they are still a person of the tenant who may invite supplier users (a buyer
/// administrator): only then does a shared order offer a full account, in their name.
async fn sender_may_invite(
    db: &Db,
    grant: &DocumentGrant,
) -> Result<Option<(UserId, String)>, CoreError> {
    let mut tx = db.read(&Context::tenant(grant.tenant_id)).await?;
    let link =
        db::tokens::find_by_id(&mut tx, grant.tenant_id, grant.link_id, Purpose::MagicLink).await?;
    let Some(sender) = link.and_then(|l| l.created_by) else {
        return Ok(None);
    };
    let role = db::people::buyer_role(&mut tx, grant.tenant_id, sender).await?;
    let (_, _, name) =
        db::people::invitation_names(&mut tx, grant.tenant_id.0, None, Some(sender)).await?;
    tx.commit().await?;
    Ok(role
        .filter(|r| r.may_invite().contains(&MembershipRole::SupplierUser))
        .map(|_| (UserId(sender), name)))
}

/// Turns the visit into an invitation for the link's address, as a supplier user of that supplier, sent by e-mail
/// (so only whoever reads that mailbox can accept it, even if the link was forwarded) in the name of the link's
/// sender, who must be a buyer administrator. At most one open invitation per address and supplier: asking again
/// sends nothing new. Returns the address.
pub async fn account_invitation(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    grant: &DocumentGrant,
    locale: Locale,
) -> Result<Email, CoreError> {
    if !valid(grant) {
        return Err(CoreError::Unauthenticated);
    }
    match offer(db, grant).await? {
        AccountOffer::Create | AccountOffer::AddCustomer => {}
        AccountOffer::SignIn => {
            return Err(CoreError::validation("email", "invite-already-member"))
        }
        AccountOffer::AskContact => return Err(CoreError::Forbidden),
    }
    let Some((sender, sender_name)) = sender_may_invite(db, grant).await? else {
        return Err(CoreError::Forbidden);
    };
    let email = Email::parse(&grant.email).map_err(|_| CoreError::Token(TokenProblem::Invalid))?;
    let tenant = grant.tenant_id;
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    if db::tokens::open_invitation_exists(&mut tx, tenant, grant.supplier_id, email.as_str())
        .await?
    {
        return Ok(email);
    }
    let inviter = Inviter {
        id: sender,
        name: &sender_name,
        tenant,
        supplier: None,
    };
    let id = invitations::issue(
        &mut tx,
        public_url,
        &inviter,
        &email,
        MembershipRole::SupplierUser,
        Some(grant.supplier_id),
        locale,
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(sender), Action::InvitationSent)
        .subject("invitation", id)
        .detail(json!({
            "email": email.as_str(),
            "role": MembershipRole::SupplierUser.code(),
            "supplier": grant.supplier_id.0,
            "via_document_link": grant.link_id,
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(email)
}
