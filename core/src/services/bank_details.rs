//! Bank account changes (docs/SUPPLIERS.md "Bank details"): a supplier administrator requests one with a fresh
//! second factor; a buyer administrator approves or rejects it. Each step is one transaction with its event, its
//! audit entry and mail to every administrator on both sides — nobody can redirect a supplier's payments quietly.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::bank_details::{AccountRow, ChangeRow};
use crate::db::{self, Context, Db, Tx};
use crate::events::{
    self, BankAccountPayload, BankAccountPayloadV2, BankChangePayload, BankDetailsChange,
    BankDetailsChangeV2, EventType, SupplierRef,
};
use crate::exceptions::Opening;
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::{mfa, notify};
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::exceptions::{DocumentKind, ExceptionKind, Outcome};
use portico_domain::supplier_profile::{
    AccountId, BankAccount, BankAccountView, BankChangeForm, BankChangeStatus, BankChangeView,
    BankDecision, BankDetailsView,
};
use portico_domain::{CurrentUser, MembershipRole, SupplierId, TenantId, UserId};
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The longest rejection reason kept.
const REASON_MAX: usize = 1000;

fn rfc3339(t: OffsetDateTime) -> Result<String, CoreError> {
    t.format(&Rfc3339)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("time: {e}")))
}

/// The page of the supplier's own bank details (any person of the supplier; administrators may request a change).
pub async fn own(db: &Db, user: &CurrentUser) -> Result<BankDetailsView, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if !w.role.is_buyer_side() => s,
        _ => return Err(CoreError::Forbidden),
    };
    let (mut view, _) = load(db, user, supplier, false).await?;
    view.may_request = w.role == MembershipRole::SupplierAdmin;
    view.two_factor_on = mfa::enabled(db, user.id).await?;
    Ok(view)
}

/// A supplier's bank details as the buyer's people see them; administrators may decide the pending request (unless
/// they asked for it) and see its account in full.
pub async fn of_supplier(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
) -> Result<BankDetailsView, CoreError> {
    let w = &user.workspace;
    if !w.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let admin = w.role == MembershipRole::BuyerAdmin;
    let (mut view, requester) = load(db, user, supplier, admin).await?;
    // Nobody decides their own request, even holding both roles.
    view.may_decide = admin && requester.is_some_and(|r| r != user.id.0);
    if view.may_decide {
        view.two_factor_on = mfa::enabled(db, user.id).await?;
    }
    Ok(view)
}

async fn load(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
    full_pending: bool,
) -> Result<(BankDetailsView, Option<Uuid>), CoreError> {
    let tenant = user.workspace.tenant_id;
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let supplier_name = crate::exceptions::supplier_ref(&mut tx, tenant, supplier.0)
        .await?
        .ok_or(CoreError::NotFound)?
        .name;
    let current = db::bank_details::current(&mut tx, tenant, supplier).await?;
    let history = db::bank_details::history(&mut tx, tenant, supplier).await?;
    tx.commit().await?;
    let mut pending = None;
    let mut requester = None;
    let mut earlier = Vec::new();
    for row in history {
        let is_pending = row.status == BankChangeStatus::Pending.code();
        if is_pending {
            requester = Some(row.requested_by);
        }
        let view = change_view(row, is_pending && full_pending)?;
        if is_pending {
            pending = Some(view);
        } else {
            earlier.push(view);
        }
    }
    let view = BankDetailsView {
        supplier_id: supplier.0,
        supplier_name,
        organisation_name: user.workspace.tenant_name.clone(),
        current: current
            .map(|c| Ok::<_, CoreError>((account_view(&c.account, false)?, c.approved_at)))
            .transpose()?,
        pending,
        history: earlier,
        may_request: false,
        may_decide: false,
        two_factor_on: false,
    };
    Ok((view, requester))
}

/// Every pending request of the buyer's organisation, oldest first (buyer side).
pub async fn pending(db: &Db, user: &CurrentUser) -> Result<Vec<BankChangeView>, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let rows = db::bank_details::pending(&mut tx, scope.tenant_id()).await?;
    tx.commit().await?;
    rows.into_iter().map(|r| change_view(r, false)).collect()
}

fn stored_account(a: &AccountRow) -> Result<AccountId, CoreError> {
    AccountId::from_stored(&a.scheme, &a.account_number, a.routing_code.as_deref()).map_err(|e| {
        CoreError::Internal(anyhow::anyhow!(
            "a stored bank account no longer parses: {e:?}"
        ))
    })
}

fn account_view(a: &AccountRow, full: bool) -> Result<BankAccountView, CoreError> {
    let account = stored_account(a)?;
    Ok(BankAccountView {
        holder: a.holder.clone(),
        scheme: account.scheme(),
        number_masked: account.masked(),
        number_full: full.then(|| account.full()),
        routing: account.routing().map(|r| r.display()),
        bic: a.bic.clone(),
        bank_name: a.bank_name.clone(),
        country: account.country().to_owned(),
    })
}

fn change_view(row: ChangeRow, full: bool) -> Result<BankChangeView, CoreError> {
    Ok(BankChangeView {
        id: row.id,
        supplier_id: row.supplier_id,
        supplier_name: row.supplier_name.clone(),
        account: account_view(&row.account, full)?,
        status: BankChangeStatus::parse(&row.status).ok_or_else(|| {
            CoreError::Internal(anyhow::anyhow!("bank change {}: status", row.id))
        })?,
        requested_by: row.requested_by_name,
        requested_at: row.requested_at,
        verified_at: row.verified_at,
        decided_by: row.decided_by_name,
        decided_at: row.decided_at,
        reason: row.reason,
    })
}

/// The account as v1 events carry it, if v1 can: an IBAN with its BIC.
fn account_payload_v1(a: &AccountRow, full: bool) -> Result<Option<BankAccountPayload>, CoreError> {
    let (AccountId::Iban(iban), Some(bic)) = (stored_account(a)?, &a.bic) else {
        return Ok(None);
    };
    Ok(Some(BankAccountPayload {
        holder: a.holder.clone(),
        iban: full.then(|| iban.as_str().to_owned()),
        iban_masked: iban.masked(),
        bic: bic.clone(),
        bank_name: a.bank_name.clone(),
        country: iban.country().to_owned(),
    }))
}

fn account_payload(a: &AccountRow, full: bool) -> Result<BankAccountPayloadV2, CoreError> {
    let account = stored_account(a)?;
    Ok(BankAccountPayloadV2 {
        holder: a.holder.clone(),
        scheme: account.scheme().code().to_owned(),
        country: account.country().to_owned(),
        account_number: full.then(|| account.number().to_owned()),
        account_masked: account.masked(),
        routing_code: account.routing().map(|r| r.as_str().to_owned()),
        bic: a.bic.clone(),
        bank_name: a.bank_name.clone(),
    })
}

fn row_of(account: &BankAccount) -> AccountRow {
    AccountRow {
        holder: account.holder.clone(),
        scheme: account.account.scheme().code().to_owned(),
        account_number: account.account.number().to_owned(),
        routing_code: account.account.routing().map(|r| r.as_str().to_owned()),
        bic: account.bic.as_ref().map(|b| b.as_str().to_owned()),
        bank_name: account.bank_name.clone(),
    }
}

/// What a bank change event tells: the request, the supplier, the account asked for (in full or masked) and the one
/// in force before (masked).
struct ChangeFacts<'a> {
    request: BankChangePayload,
    supplier: SupplierRef,
    account: &'a AccountRow,
    full: bool,
    previous: Option<&'a AccountRow>,
}

/// Records the bank change event of type `event_type` (a v2 type), and beside it the v1 type it superseded for
/// endpoints that still name v1 — when v1 can tell it: both accounts are IBANs.
async fn record_change(
    tx: &mut Tx,
    tenant: TenantId,
    event_type: EventType,
    facts: ChangeFacts<'_>,
    correlation_id: Option<String>,
) -> Result<(), CoreError> {
    let body = BankDetailsChangeV2 {
        request: facts.request.clone(),
        supplier: facts.supplier.clone(),
        account: account_payload(facts.account, facts.full)?,
        previous_account: facts
            .previous
            .map(|p| account_payload(p, false))
            .transpose()?,
    };
    let current =
        events::record(tx, &body.event(tenant, event_type, correlation_id.clone())?).await?;
    let v1 = EventType::ALL
        .into_iter()
        .find(|t| t.superseded_by() == Some(event_type));
    let account = account_payload_v1(facts.account, facts.full)?;
    let previous = match facts.previous {
        Some(p) => account_payload_v1(p, false)?.map(Some),
        None => Some(None),
    };
    if let (Some(v1), Some(account), Some(previous_account)) = (v1, account, previous) {
        let body = BankDetailsChange {
            request: facts.request,
            supplier: facts.supplier,
            account,
            previous_account,
        };
        events::record_superseded(tx, &body.event(tenant, v1, correlation_id)?, &current).await?;
    }
    Ok(())
}

/// Requests a change of the supplier's bank account (supplier administrators). The form is checked first, then
/// the second factor (a wrong code counts toward the person's two-factor limit and stores nothing); then one
/// transaction withdraws an earlier pending request, stores this one, records
/// `supplier.bank_details_change_requested.v2` (and v1 beside it, see [`record_change`]), audits it and mails every administrator of the supplier and of the
/// buyer. Returns the request's id, or the form's mistakes by field (`holder`, `scheme`, `iban`, `routing`,
/// `account_number`, `bic`, `bank_name`, `code`).
pub async fn request_change(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    form: &BankChangeForm,
    public_url: &str,
) -> Result<Result<Uuid, Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if w.role == MembershipRole::SupplierAdmin => s,
        _ => return Err(CoreError::Forbidden),
    };
    let account = match form.account.parse() {
        Ok(a) => a,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Err(errors) =
        second_factor(db, meta, user, &form.code, "bank-error-two-factor-off").await?
    {
        return Ok(Err(errors));
    }
    let verified_at = OffsetDateTime::now_utc();

    let tenant = w.tenant_id;
    let scope = Scope::of(w);
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    db::suppliers::serialise_master_data(&mut tx, supplier).await?;
    let supplier_ref = crate::exceptions::supplier_ref(&mut tx, tenant, supplier.0)
        .await?
        .ok_or(CoreError::NotFound)?;
    let name = supplier_ref.name.clone();
    let previous = db::bank_details::current(&mut tx, tenant, supplier).await?;
    let now = OffsetDateTime::now_utc();
    let withdrawn =
        db::bank_details::withdraw_pending(&mut tx, tenant, supplier, user.id, now).await?;
    if let Some(old) = withdrawn {
        // The ERP hears that the earlier request is off the table before it hears of the new one.
        let row = db::bank_details::change(&mut tx, tenant, Some(supplier), old)
            .await?
            .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("bank change {old} vanished")))?;
        let facts = ChangeFacts {
            request: BankChangePayload {
                id: old,
                status: BankChangeStatus::Withdrawn.code().to_owned(),
                requested_by: row.requested_by_name.clone(),
                requested_at: rfc3339(row.requested_at)?,
                second_factor_at: rfc3339(row.verified_at)?,
                decided_by: Some(user.display_name.clone()),
                decided_at: Some(rfc3339(now)?),
                reason: None,
            },
            supplier: supplier_ref.clone(),
            account: &row.account,
            full: false,
            previous: previous.as_ref().map(|p| &p.account),
        };
        record_change(
            &mut tx,
            tenant,
            EventType::SupplierBankDetailsChangeWithdrawnV2,
            facts,
            meta.correlation_id.clone(),
        )
        .await?;
    }
    let id = Uuid::now_v7();
    let row = row_of(&account);
    db::bank_details::insert_change(
        &mut tx,
        tenant,
        &db::bank_details::NewChange {
            id,
            supplier,
            account: &row,
            requested_by: user.id,
            at: now,
            verified_at,
            correlation_id: meta.correlation_id.as_deref(),
        },
    )
    .await?;
    // The buyer's exception queue: a withdrawn request's exception is cleared, the new request's opened.
    crate::exceptions::clear(
        &mut tx,
        tenant,
        ExceptionKind::BankChangeToReview,
        supplier.0,
        Outcome::Cleared,
        None,
        meta.correlation_id.clone(),
    )
    .await?;
    crate::exceptions::open(
        &mut tx,
        tenant,
        Opening {
            kind: ExceptionKind::BankChangeToReview,
            supplier: Some(supplier_ref.clone()),
            document: DocumentKind::SupplierBank,
            document_id: supplier.0,
            document_number: supplier_ref.code.clone(),
            line_number: None,
            detail: Some((
                "exception-detail-bank-change",
                vec![
                    ("account".to_owned(), account.account.masked()),
                    ("requester".to_owned(), user.display_name.clone()),
                ],
            )),
            dedupe_key: format!("bank_change:{id}"),
        },
        now,
        meta.correlation_id.clone(),
    )
    .await?;
    let facts = ChangeFacts {
        request: BankChangePayload {
            id,
            status: BankChangeStatus::Pending.code().to_owned(),
            requested_by: user.display_name.clone(),
            requested_at: rfc3339(now)?,
            second_factor_at: rfc3339(verified_at)?,
            decided_by: None,
            decided_at: None,
            reason: None,
        },
        supplier: supplier_ref,
        account: &row,
        full: false,
        previous: previous.as_ref().map(|p| &p.account),
    };
    record_change(
        &mut tx,
        tenant,
        EventType::SupplierBankDetailsChangeRequestedV2,
        facts,
        meta.correlation_id.clone(),
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::BankChangeRequested)
        .subject("bank_change", id)
        .detail(json!({
            "supplier": supplier.0,
            "scheme": account.account.scheme().code(),
            "account": account.account.masked(),
            "withdrawn": withdrawn,
        }));
    audit::append(&mut tx, meta, entry).await?;
    let template = Template::BankChangeRequested {
        supplier: name,
        organisation: w.tenant_name.clone(),
        requester: user.display_name.clone(),
        account: account.account.masked(),
    };
    tell_administrators(&mut tx, tenant, supplier, &template, public_url).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Checks `code` as the person's second factor (a code from the authenticator app or a recovery code; a wrong one
/// counts toward their two-factor limit). Mistakes by field `code`; `off` is the sentence for a person without
/// two-step sign-in.
async fn second_factor(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    code: &str,
    off: &str,
) -> Result<Result<(), Vec<FieldError>>, CoreError> {
    if !mfa::enabled(db, user.id).await? {
        return Ok(Err(vec![FieldError::new("code", off)]));
    }
    if code.trim().is_empty() {
        return Ok(Err(vec![FieldError::new(
            "code",
            "bank-error-code-missing",
        )]));
    }
    match mfa::verify_second_factor(db, meta, user.id, code.trim()).await {
        Ok(()) => Ok(Ok(())),
        Err(CoreError::Validation { .. }) | Err(CoreError::Unauthenticated) => {
            Ok(Err(vec![FieldError::new("code", "bank-error-code-wrong")]))
        }
        Err(e) => Err(e),
    }
}

/// Mails the message to every administrator of the supplier (link: their bank details page) and of the buyer
/// (link: the supplier's bank details page on the buyer's side), at once — never held for a digest.
async fn tell_administrators(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    template: &Template,
    public_url: &str,
) -> Result<(), CoreError> {
    let sides = [
        (Some(supplier), "/company/bank".to_owned()),
        (None, format!("/suppliers/{}/bank", supplier.0)),
    ];
    for (side, path) in sides {
        let link = notify::page_link(public_url, &path);
        let people = db::people::administrators(tx, tenant, side).await?;
        notify::queue(tx, tenant, people, template, &link, None).await?;
    }
    Ok(())
}

/// A buyer administrator's decision on a pending request: approve (the account is put in force; the approver's own
/// second factor is checked first) or reject (a reason is required). Records `…_approved.v2` / `…_rejected.v2` (and v1 beside),
/// audits it and mails both sides' administrators. Mistakes by field: `reason`, `code`. A request decided meanwhile
/// is a conflict.
pub async fn decide(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    request: Uuid,
    decision: &BankDecision,
    public_url: &str,
) -> Result<Result<(), Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    if w.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let approve = decision.approve;
    let reason = decision.reason.trim();
    if !approve && reason.is_empty() {
        return Ok(Err(vec![FieldError::new(
            "reason",
            "bank-error-reason-missing",
        )]));
    }
    if reason.chars().count() > REASON_MAX {
        return Ok(Err(vec![FieldError::new(
            "reason",
            "profile-error-too-long",
        )
        .with_arg("max", REASON_MAX)]));
    }
    let reason = (!reason.is_empty()).then_some(reason);
    // Approving redirects payments: the approver proves a second factor too, so one stolen password on either side
    // is not enough.
    if approve {
        if let Err(errors) = second_factor(
            db,
            meta,
            user,
            &decision.code,
            "bank-error-approver-two-factor-off",
        )
        .await?
        {
            return Ok(Err(errors));
        }
    }
    let tenant = w.tenant_id;
    let scope = Scope::of(w);
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let row = db::bank_details::change(&mut tx, tenant, None, request)
        .await?
        .ok_or(CoreError::NotFound)?;
    if row.requested_by == user.id.0 {
        // Someone who holds both roles may not approve their own request.
        return Err(CoreError::Forbidden);
    }
    // Four eyes: whoever brought the requester into the supplier — directly or through people they invited — does
    // not approve their request; otherwise one buyer administrator could invite an address of their own, request
    // from there and approve it.
    if approve
        && invited_along(
            &mut tx,
            tenant,
            SupplierId(row.supplier_id),
            row.requested_by,
            user.id,
        )
        .await?
    {
        return Ok(Err(vec![FieldError::new(
            "code",
            "bank-error-approver-invited-requester",
        )]));
    }
    let status = if approve {
        BankChangeStatus::Approved
    } else {
        BankChangeStatus::Rejected
    };
    let now = OffsetDateTime::now_utc();
    if !db::bank_details::decide(
        &mut tx,
        tenant,
        request,
        status.code(),
        user.id,
        now,
        reason,
    )
    .await?
    {
        return Err(CoreError::Conflict("bank change".into()));
    }
    let supplier = SupplierId(row.supplier_id);
    let previous = db::bank_details::current(&mut tx, tenant, supplier).await?;
    if approve {
        db::bank_details::set_account(
            &mut tx,
            tenant,
            supplier,
            &row.account,
            request,
            user.id,
            now,
        )
        .await?;
    }
    crate::exceptions::clear(
        &mut tx,
        tenant,
        ExceptionKind::BankChangeToReview,
        supplier.0,
        if approve {
            Outcome::Accepted
        } else {
            Outcome::Returned
        },
        Some(user.id),
        meta.correlation_id.clone(),
    )
    .await?;
    let facts = ChangeFacts {
        request: BankChangePayload {
            id: request,
            status: status.code().to_owned(),
            requested_by: row.requested_by_name.clone(),
            requested_at: rfc3339(row.requested_at)?,
            second_factor_at: rfc3339(row.verified_at)?,
            decided_by: Some(user.display_name.clone()),
            decided_at: Some(rfc3339(now)?),
            reason: reason.map(str::to_owned),
        },
        supplier: SupplierRef {
            id: supplier,
            code: row.supplier_code.clone(),
            name: row.supplier_name.clone(),
        },
        account: &row.account,
        full: approve,
        previous: previous.as_ref().map(|p| &p.account),
    };
    let event_type = if approve {
        EventType::SupplierBankDetailsChangeApprovedV2
    } else {
        EventType::SupplierBankDetailsChangeRejectedV2
    };
    record_change(
        &mut tx,
        tenant,
        event_type,
        facts,
        meta.correlation_id.clone(),
    )
    .await?;
    let action = if approve {
        Action::BankChangeApproved
    } else {
        Action::BankChangeRejected
    };
    let stored = stored_account(&row.account)?;
    let masked = stored.masked();
    let entry = Entry::new(Some(tenant), Some(user.id), action)
        .subject("bank_change", request)
        .detail(json!({
            "supplier": supplier.0,
            "scheme": stored.scheme().code(),
            "account": masked,
            "reason": reason,
        }));
    audit::append(&mut tx, meta, entry).await?;
    let template = Template::BankChangeDecided {
        supplier: row.supplier_name,
        organisation: w.tenant_name.clone(),
        account: masked,
        approved: approve,
    };
    tell_administrators(&mut tx, tenant, supplier, &template, public_url).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Whether `approver` stands in the chain of invitations that brought `person` into `supplier` (at most eight steps
/// back: an invitation chain longer than that is not how a supplier's people join).
async fn invited_along(
    tx: &mut db::Tx,
    tenant: TenantId,
    supplier: SupplierId,
    person: Uuid,
    approver: UserId,
) -> Result<bool, CoreError> {
    let mut person = person;
    for _ in 0..8 {
        match db::people::inviter(tx, tenant, supplier, person).await? {
            Some(inviter) if inviter == approver.0 => return Ok(true),
            Some(inviter) if inviter != person => person = inviter,
            _ => return Ok(false),
        }
    }
    Ok(false)
}
