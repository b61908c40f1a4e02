//! Supplier profiles (docs/SUPPLIERS.md "Profile"): a supplier's administrators keep the company profile the buyer
//! knows them by. During onboarding they fill it in as a draft and submit it (`supplier.profile_submitted.v1`); a
//! buyer administrator approves it — which activates the supplier — or returns it with comments. Once active, a
//! change to a field the buyer reviews waits for a buyer administrator; the other fields take effect at once. Every
//! change that takes effect records `supplier.profile_updated.v1` with the changed fields, old and new, in the
//! transaction that makes it.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::supplier_profiles::{self as rows, ChangeRow};
use crate::db::{self, Context, Db, Tx};
use crate::events::{
    self, ProfileFieldChange, SupplierProfileReturned, SupplierProfileSubmitted,
    SupplierProfileUpdated, SupplierRef,
};
use crate::exceptions::Opening;
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::{notify, suppliers};
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::exceptions::{DocumentKind as ExceptionDocument, ExceptionKind, Outcome};
use portico_domain::onboarding::SupplierStatus;
use portico_domain::profile::{
    field_changes, ChangeStatus, FieldRule, Profile, ProfileChangeView, ProfileDecision,
    ProfileField, ProfileInput, ProfileView,
};
use portico_domain::{CurrentUser, MembershipRole, SupplierId, TenantId};
use portico_i18n::Locale;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// The longest comment a buyer returns a proposal with.
pub const COMMENT_MAX: usize = 2000;

/// What saving the profile form did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Onboarding: the draft is stored (not yet sent).
    Draft,
    /// Onboarding: the draft is stored, but a review needs more; the mistakes name the missing fields.
    Incomplete(Vec<FieldError>),
    /// Onboarding: sent for review.
    Submitted,
    /// Active: `applied` fields took effect, `pending` wait for the buyer.
    Changed { applied: usize, pending: usize },
    /// Active: nothing differed from the profile in force and the open proposal.
    Unchanged,
}

fn rfc3339(t: OffsetDateTime) -> Result<String, CoreError> {
    t.format(&Rfc3339)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("time: {e}")))
}

fn to_json(profile: &Profile) -> Result<String, CoreError> {
    serde_json::to_string(profile).map_err(|e| CoreError::Internal(anyhow::anyhow!("profile: {e}")))
}

fn from_json(text: &str) -> Result<Profile, CoreError> {
    serde_json::from_str(text).map_err(|e| CoreError::Internal(anyhow::anyhow!("profile: {e}")))
}

fn fields_json(fields: &[ProfileField]) -> Result<String, CoreError> {
    serde_json::to_string(&fields.iter().map(|f| f.code()).collect::<Vec<_>>())
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("fields: {e}")))
}

fn fields_of(text: &str) -> Result<Vec<ProfileField>, CoreError> {
    let codes: Vec<String> = serde_json::from_str(text)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("fields: {e}")))?;
    codes
        .iter()
        .map(|c| {
            ProfileField::parse(c).ok_or_else(|| CoreError::Internal(anyhow::anyhow!("field {c}")))
        })
        .collect()
}

/// The fields whose changes wait for a buyer administrator in this organisation (its rules over the defaults).
pub async fn review_fields(tx: &mut Tx, tenant: TenantId) -> Result<Vec<ProfileField>, CoreError> {
    let overrides = rows::rules(tx, tenant).await?;
    Ok(ProfileField::ALL
        .into_iter()
        .filter(|f| {
            let rule = overrides
                .iter()
                .find(|(field, _)| field == f.code())
                .and_then(|(_, rule)| FieldRule::parse(rule))
                .unwrap_or_else(|| f.default_rule());
            rule == FieldRule::Review
        })
        .collect())
}

/// The supplier's record: code, name, status.
async fn supplier_of(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
) -> Result<(String, String, SupplierStatus), CoreError> {
    let (code, name, status) = db::suppliers::get(tx, tenant, supplier)
        .await?
        .ok_or(CoreError::NotFound)?;
    let status = SupplierStatus::parse(&status)
        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("supplier {}: status", supplier.0)))?;
    Ok((code, name, status))
}

/// A first profile's base: nothing but the supplier's name and the portal's default language.
fn base_of(current: Option<&Profile>, supplier_name: &str) -> Profile {
    current
        .cloned()
        .unwrap_or_else(|| Profile::empty(supplier_name, Locale::default().tag()))
}

fn change_view(row: ChangeRow, current: Option<&Profile>) -> Result<ProfileChangeView, CoreError> {
    let proposed = from_json(&row.profile)?;
    let status = ChangeStatus::parse(&row.status)
        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("profile change {}: status", row.id)))?;
    // A draft has no field list yet: it shows what it would change against the profile in force.
    let fields = match status {
        ChangeStatus::Draft => match current {
            Some(c) => c.changed_fields(&proposed),
            None => ProfileField::ALL.to_vec(),
        },
        _ => fields_of(&row.fields)?,
    };
    Ok(ProfileChangeView {
        id: row.id,
        status,
        // What a proposal would change now: a field equal to the one in force (not given in a first profile, or
        // applied meanwhile) is left out.
        changes: field_changes(current, &proposed, &fields)
            .into_iter()
            .filter(|c| c.old != c.new)
            .collect(),
        proposed,
        proposed_by: row.proposed_by_name,
        proposed_at: row.proposed_at,
        decided_by: row.decided_by_name,
        decided_at: row.decided_at,
        comment: row.comment,
    })
}

/// The supplier's own profile page (any person of the supplier; administrators edit).
pub async fn own(db: &Db, user: &CurrentUser) -> Result<ProfileView, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if !w.role.is_buyer_side() => s,
        _ => return Err(CoreError::Forbidden),
    };
    let (mut view, _) = load(db, user, supplier).await?;
    view.may_edit =
        w.role == MembershipRole::SupplierAdmin && view.status != SupplierStatus::InReview;
    Ok(view)
}

/// A supplier's profile as the buyer's people see it; administrators decide the pending proposal (unless they
/// proposed it themselves, holding both roles).
pub async fn of_supplier(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
) -> Result<ProfileView, CoreError> {
    let w = &user.workspace;
    if !w.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let (mut view, proposer) = load(db, user, supplier).await?;
    view.may_decide = w.role == MembershipRole::BuyerAdmin
        && view
            .open
            .as_ref()
            .is_some_and(|o| o.status == ChangeStatus::Pending)
        && proposer.is_some_and(|p| p != user.id.0);
    view.own_proposal = proposer == Some(user.id.0);
    // The buyer sees a draft's existence, not its content: it is not sent yet.
    if view
        .open
        .as_ref()
        .is_some_and(|o| o.status == ChangeStatus::Draft)
    {
        view.open = None;
        view.draft_saved = true;
    }
    view.form = ProfileInput::default();
    Ok(view)
}

async fn load(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
) -> Result<(ProfileView, Option<Uuid>), CoreError> {
    let tenant = user.workspace.tenant_id;
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let (code, name, status) = supplier_of(&mut tx, tenant, supplier).await?;
    let current = rows::current(&mut tx, tenant, supplier).await?;
    let open = rows::open(&mut tx, tenant, supplier).await?;
    let last = rows::last_decided(&mut tx, tenant, supplier).await?;
    let review = review_fields(&mut tx, tenant).await?;
    tx.commit().await?;
    let current = current
        .map(|c| Ok::<_, CoreError>((from_json(&c.profile)?, c.version)))
        .transpose()?;
    let current_profile = current.as_ref().map(|(p, _)| p);
    let proposer = open.as_ref().map(|o| o.proposed_by);
    let open = open.map(|o| change_view(o, current_profile)).transpose()?;
    // The buyer's comment on the last returned proposal stays in view while the supplier mends it (a draft saved
    // meanwhile included), until something newer is sent.
    let mending = open
        .as_ref()
        .is_none_or(|o| o.status == ChangeStatus::Draft);
    let returned = match last {
        Some(row) if mending && row.status == ChangeStatus::Returned.code() => {
            Some(change_view(row, current_profile)?)
        }
        _ => None,
    };
    let form_profile = open
        .as_ref()
        .map(|o| o.proposed.clone())
        .or_else(|| returned.as_ref().map(|r| r.proposed.clone()))
        .unwrap_or_else(|| base_of(current_profile, &name));
    let view = ProfileView {
        supplier_id: supplier.0,
        supplier_code: code,
        supplier_name: name,
        organisation_name: user.workspace.tenant_name.clone(),
        status,
        form: ProfileInput::from(&form_profile),
        current,
        open,
        returned,
        review_fields: review,
        may_edit: false,
        may_decide: false,
        own_proposal: false,
        draft_saved: false,
    };
    Ok((view, proposer))
}

/// Saves the profile form (supplier administrators). Onboarding: the draft is stored even when a review would need
/// more; with `submit` and nothing missing it goes to the buyer (`in_review`, `supplier.profile_submitted.v1`, mail
/// to the buyer's administrators). Active: changed fields the buyer does not review take effect at once
/// (`supplier.profile_updated.v1`); changed fields it reviews become the one pending proposal (replacing an older
/// one). In review: refused until the buyer decides. Mistakes come back by field, nothing stored.
pub async fn save(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    input: &ProfileInput,
    submit: bool,
    public_url: &str,
) -> Result<Result<Saved, Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if w.role == MembershipRole::SupplierAdmin => s,
        _ => return Err(CoreError::Forbidden),
    };
    let proposed = match input.parse(|tag| Locale::from_tag(tag).is_some()) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(errors)),
    };
    let tenant = w.tenant_id;
    let scope = Scope::of(w);
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    // Two saves at once wait for each other (PostgreSQL), so the later one sees the earlier one's proposal.
    db::suppliers::serialise_master_data(&mut tx, supplier).await?;
    let (code, name, status) = supplier_of(&mut tx, tenant, supplier).await?;
    let current = rows::current(&mut tx, tenant, supplier)
        .await?
        .map(|c| Ok::<_, CoreError>((from_json(&c.profile)?, c.version)))
        .transpose()?;
    let open = rows::open(&mut tx, tenant, supplier).await?;
    let now = OffsetDateTime::now_utc();
    let supplier_ref = SupplierRef {
        id: supplier,
        code,
        name: name.clone(),
    };
    let outcome = match status {
        SupplierStatus::InReview => return Err(CoreError::Conflict("profile-in-review".into())),
        SupplierStatus::Onboarding => {
            let json = to_json(&proposed)?;
            let draft = match open {
                Some(row) if row.status == ChangeStatus::Draft.code() => {
                    if !rows::update_draft(&mut tx, tenant, row.id, &json, user.id, now).await? {
                        return Err(CoreError::Conflict("profile-changed".into()));
                    }
                    row.id
                }
                other => {
                    if let Some(row) = other {
                        withdraw(&mut tx, tenant, &row).await?;
                    }
                    let id = Uuid::now_v7();
                    rows::insert(
                        &mut tx, tenant, supplier, id, &json, "[]", "draft", user.id, now,
                    )
                    .await?;
                    id
                }
            };
            let missing = proposed.missing_for_review();
            let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierProfileSaved)
                .subject("supplier", supplier.0)
                .detail(json!({ "change": draft }));
            audit::append(&mut tx, meta, entry).await?;
            if !submit {
                Saved::Draft
            } else if !missing.is_empty() {
                Saved::Incomplete(missing)
            } else {
                let fields = ProfileField::ALL;
                rows::set_status(
                    &mut tx,
                    tenant,
                    draft,
                    "draft",
                    "pending",
                    Some(&fields_json(&fields)?),
                    None,
                    None,
                )
                .await?;
                if !rows::submit_supplier(&mut tx, tenant, supplier).await? {
                    return Err(CoreError::Conflict("profile-in-review".into()));
                }
                let body = SupplierProfileSubmitted {
                    supplier: supplier_ref,
                    change: draft,
                    profile: serde_json::to_value(&proposed)
                        .map_err(|e| CoreError::Internal(anyhow::anyhow!("profile: {e}")))?,
                    submitted_by: user.display_name.clone(),
                    submitted_at: rfc3339(now)?,
                };
                events::record(&mut tx, &body.event(tenant, meta.correlation_id.clone())?).await?;
                open_exception(
                    &mut tx,
                    meta,
                    tenant,
                    &body.supplier,
                    draft,
                    &user.display_name,
                    fields
                        .iter()
                        .filter(|f| !f.value(&proposed).is_null())
                        .count(),
                    now,
                )
                .await?;
                let entry = Entry::new(
                    Some(tenant),
                    Some(user.id),
                    Action::SupplierProfileSubmitted,
                )
                .subject("supplier", supplier.0)
                .detail(json!({ "change": draft }));
                audit::append(&mut tx, meta, entry).await?;
                tell_buyer(&mut tx, user, supplier, &name, true, public_url).await?;
                Saved::Submitted
            }
        }
        SupplierStatus::Active => {
            let (base, version) = match &current {
                Some((p, v)) => (p.clone(), *v),
                None => (base_of(None, &name), 0),
            };
            let review = review_fields(&mut tx, tenant).await?;
            let changed = base.changed_fields(&proposed);
            let (held, direct): (Vec<_>, Vec<_>) =
                changed.into_iter().partition(|f| review.contains(f));
            let open_fields = match &open {
                Some(row) if row.status == ChangeStatus::Pending.code() => {
                    Some((fields_of(&row.fields)?, from_json(&row.profile)?))
                }
                _ => None,
            };
            // The same reviewed values as the proposal already waiting: it keeps waiting as it is.
            let same_as_open = open_fields.as_ref().is_some_and(|(fields, p)| {
                *fields == held && held.iter().all(|f| f.value(p) == f.value(&proposed))
            });
            if !direct.is_empty() {
                let mut applied = base.clone();
                for f in &direct {
                    f.copy(&proposed, &mut applied);
                }
                let version = take_effect(
                    &mut tx,
                    meta,
                    tenant,
                    user.id,
                    &supplier_ref,
                    Effect {
                        before: Some(&base),
                        version,
                        after: &applied,
                        fields: &direct,
                        change: None,
                        proposed_by: &user.display_name,
                        approved_by: None,
                    },
                    now,
                )
                .await?;
                let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierProfileUpdated)
                    .subject("supplier", supplier.0)
                    .detail(json!({
                        "version": version,
                        "fields": direct.iter().map(|f| f.code()).collect::<Vec<_>>(),
                    }));
                audit::append(&mut tx, meta, entry).await?;
            }
            if !same_as_open {
                if let Some(row) = &open {
                    withdraw(&mut tx, tenant, row).await?;
                    close_exception(&mut tx, meta, tenant, supplier, Outcome::Cleared, None)
                        .await?;
                }
                if !held.is_empty() {
                    let id = Uuid::now_v7();
                    rows::insert(
                        &mut tx,
                        tenant,
                        supplier,
                        id,
                        &to_json(&proposed)?,
                        &fields_json(&held)?,
                        "pending",
                        user.id,
                        now,
                    )
                    .await?;
                    let entry = Entry::new(
                        Some(tenant),
                        Some(user.id),
                        Action::SupplierProfileChangeProposed,
                    )
                    .subject("supplier", supplier.0)
                    .detail(json!({
                        "change": id,
                        "fields": held.iter().map(|f| f.code()).collect::<Vec<_>>(),
                    }));
                    audit::append(&mut tx, meta, entry).await?;
                    open_exception(
                        &mut tx,
                        meta,
                        tenant,
                        &supplier_ref,
                        id,
                        &user.display_name,
                        held.len(),
                        now,
                    )
                    .await?;
                    tell_buyer(&mut tx, user, supplier, &name, false, public_url).await?;
                }
            }
            if direct.is_empty() && (same_as_open || (held.is_empty() && open_fields.is_none())) {
                Saved::Unchanged
            } else {
                Saved::Changed {
                    applied: direct.len(),
                    pending: held.len(),
                }
            }
        }
    };
    tx.commit().await?;
    Ok(Ok(outcome))
}

/// Opens the exception a buyer administrator works this proposal from (its dedupe key is the proposal's).
#[allow(clippy::too_many_arguments)]
async fn open_exception(
    tx: &mut Tx,
    meta: &RequestMeta,
    tenant: TenantId,
    supplier: &SupplierRef,
    change: Uuid,
    proposer: &str,
    fields: usize,
    at: OffsetDateTime,
) -> Result<(), CoreError> {
    crate::exceptions::open(
        tx,
        tenant,
        Opening {
            kind: ExceptionKind::ProfileChangeToReview,
            supplier: Some(supplier.clone()),
            document: ExceptionDocument::SupplierProfile,
            document_id: supplier.id.0,
            document_number: supplier.code.clone(),
            line_number: None,
            detail: Some((
                "exception-detail-profile-change",
                vec![
                    ("requester".to_owned(), proposer.to_owned()),
                    ("fields".to_owned(), fields.to_string()),
                ],
            )),
            dedupe_key: format!("profile_change:{change}"),
        },
        at,
        meta.correlation_id.clone(),
    )
    .await?;
    Ok(())
}

/// Closes the supplier's open profile exception: `outcome` by `by`, or cleared by Portico.
async fn close_exception(
    tx: &mut Tx,
    meta: &RequestMeta,
    tenant: TenantId,
    supplier: SupplierId,
    outcome: Outcome,
    by: Option<portico_domain::UserId>,
) -> Result<(), CoreError> {
    crate::exceptions::clear(
        tx,
        tenant,
        ExceptionKind::ProfileChangeToReview,
        supplier.0,
        outcome,
        by,
        meta.correlation_id.clone(),
    )
    .await?;
    Ok(())
}

async fn withdraw(tx: &mut Tx, tenant: TenantId, row: &ChangeRow) -> Result<(), CoreError> {
    if !rows::set_status(
        tx,
        tenant,
        row.id,
        &row.status,
        "withdrawn",
        None,
        None,
        None,
    )
    .await?
    {
        return Err(CoreError::Conflict("profile-changed".into()));
    }
    Ok(())
}

/// A change taking effect: the profile before it (none for a first profile) at `version`, the profile after it, the
/// fields that differ, and who proposed and approved it (a field the buyer does not review has no approver).
struct Effect<'a> {
    before: Option<&'a Profile>,
    version: i64,
    after: &'a Profile,
    fields: &'a [ProfileField],
    change: Option<Uuid>,
    proposed_by: &'a str,
    approved_by: Option<&'a str>,
}

/// Puts `effect.after` in force as the next version — a conflict if another writer got there first — and records
/// `supplier.profile_updated.v1` with the changed fields, old and new. Returns the new version.
async fn take_effect(
    tx: &mut Tx,
    meta: &RequestMeta,
    tenant: TenantId,
    by: portico_domain::UserId,
    supplier: &SupplierRef,
    effect: Effect<'_>,
    at: OffsetDateTime,
) -> Result<i64, CoreError> {
    let version = effect.version + 1;
    let json = to_json(effect.after)?;
    if !rows::put(tx, tenant, supplier.id, &json, version, by, at).await? {
        return Err(CoreError::Conflict("profile-changed".into()));
    }
    let body = SupplierProfileUpdated {
        supplier: supplier.clone(),
        version,
        changes: field_changes(effect.before, effect.after, effect.fields)
            .into_iter()
            .map(|c| ProfileFieldChange {
                field: c.field.code().to_owned(),
                old: c.old,
                new: c.new,
            })
            .collect(),
        change: effect.change,
        proposed_by: effect.proposed_by.to_owned(),
        approved_by: effect.approved_by.map(str::to_owned),
        updated_at: rfc3339(at)?,
    };
    events::record(tx, &body.event(tenant, meta.correlation_id.clone())?).await?;
    Ok(version)
}

/// Mails the buyer's administrators that a profile or a change waits for them.
async fn tell_buyer(
    tx: &mut Tx,
    user: &CurrentUser,
    supplier: SupplierId,
    name: &str,
    first: bool,
    public_url: &str,
) -> Result<(), CoreError> {
    let tenant = user.workspace.tenant_id;
    let template = Template::ProfileToReview {
        organisation: user.workspace.tenant_name.clone(),
        supplier: name.to_owned(),
        first,
    };
    let people = db::people::administrators(tx, tenant, None).await?;
    let link = notify::page_link(public_url, &format!("/suppliers/{}/profile", supplier.0));
    notify::queue(tx, tenant, people, &template, &link, None).await?;
    Ok(())
}

/// A buyer administrator's decision on the pending proposal: approve it (an onboarding profile takes effect whole
/// and the supplier becomes active; a change applies its reviewed fields onto the profile in force), or return it
/// with a comment (required; an onboarding supplier goes back to `onboarding`). Nobody decides a proposal of their
/// own. Mistakes come back by field (`comment`).
pub async fn decide(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    supplier: SupplierId,
    decision: &ProfileDecision,
    public_url: &str,
) -> Result<Result<(), Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    if w.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let (change, approve) = (decision.change, decision.approve);
    let comment = decision.comment.trim();
    if !approve && comment.is_empty() {
        return Ok(Err(vec![FieldError::new(
            "comment",
            "profile-error-comment-missing",
        )]));
    }
    if comment.chars().count() > COMMENT_MAX {
        return Ok(Err(vec![FieldError::new(
            "comment",
            "profile-error-too-long",
        )
        .with_arg("max", COMMENT_MAX)]));
    }
    let tenant = w.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    let (code, name, status) = supplier_of(&mut tx, tenant, supplier).await?;
    let row = rows::open(&mut tx, tenant, supplier)
        .await?
        .filter(|r| r.id == change && r.status == ChangeStatus::Pending.code())
        .ok_or_else(|| CoreError::Conflict("profile-change-decided".into()))?;
    if row.proposed_by == user.id.0 {
        return Err(CoreError::Forbidden);
    }
    let proposed = from_json(&row.profile)?;
    let fields = fields_of(&row.fields)?;
    let now = OffsetDateTime::now_utc();
    let supplier_ref = SupplierRef {
        id: supplier,
        code,
        name: name.clone(),
    };
    let onboarding = status == SupplierStatus::InReview;
    // Decided only if still pending when written: on PostgreSQL a newer proposal saved since the read above has
    // withdrawn this one, and then nothing of it may apply.
    let decided = rows::set_status(
        &mut tx,
        tenant,
        change,
        "pending",
        if approve { "approved" } else { "returned" },
        None,
        Some((user.id, now)),
        (!comment.is_empty()).then_some(comment),
    )
    .await?;
    if !decided {
        return Err(CoreError::Conflict("profile-change-decided".into()));
    }
    if approve {
        let current = rows::current(&mut tx, tenant, supplier)
            .await?
            .map(|c| Ok::<_, CoreError>((from_json(&c.profile)?, c.version)))
            .transpose()?;
        let (base, version) = match &current {
            Some((p, v)) => (Some(p.clone()), *v),
            None => (None, 0),
        };
        let mut applied = base.clone().unwrap_or_else(|| base_of(None, &name));
        for f in &fields {
            f.copy(&proposed, &mut applied);
        }
        let changed = match &base {
            Some(b) => b.changed_fields(&applied),
            None => applied.given_fields(),
        };
        if !changed.is_empty() {
            take_effect(
                &mut tx,
                meta,
                tenant,
                user.id,
                &supplier_ref,
                Effect {
                    before: base.as_ref(),
                    version,
                    after: &applied,
                    fields: &changed,
                    change: Some(change),
                    proposed_by: &row.proposed_by_name,
                    approved_by: Some(&user.display_name),
                },
                now,
            )
            .await?;
        }
        close_exception(
            &mut tx,
            meta,
            tenant,
            supplier,
            Outcome::Accepted,
            Some(user.id),
        )
        .await?;
        let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierProfileApproved)
            .subject("supplier", supplier.0)
            .detail(json!({
                "change": change,
                "fields": changed.iter().map(|f| f.code()).collect::<Vec<_>>(),
            }));
        audit::append(&mut tx, meta, entry).await?;
        if onboarding {
            // The activation mail tells the supplier's administrators; no second mail about the profile.
            suppliers::activate_in(
                &mut tx,
                meta,
                user,
                supplier,
                SupplierStatus::InReview,
                public_url,
            )
            .await?;
        } else {
            tell_supplier(&mut tx, user, supplier, &name, true, comment, public_url).await?;
        }
    } else {
        if onboarding && !rows::return_supplier(&mut tx, tenant, supplier).await? {
            return Err(CoreError::Conflict("profile-change-decided".into()));
        }
        let body = SupplierProfileReturned {
            supplier: supplier_ref,
            change,
            fields: fields.iter().map(|f| f.code().to_owned()).collect(),
            comment: comment.to_owned(),
            returned_by: user.display_name.clone(),
            returned_at: rfc3339(now)?,
        };
        events::record(&mut tx, &body.event(tenant, meta.correlation_id.clone())?).await?;
        close_exception(
            &mut tx,
            meta,
            tenant,
            supplier,
            Outcome::Returned,
            Some(user.id),
        )
        .await?;
        let entry = Entry::new(Some(tenant), Some(user.id), Action::SupplierProfileReturned)
            .subject("supplier", supplier.0)
            .detail(json!({ "change": change, "comment": comment }));
        audit::append(&mut tx, meta, entry).await?;
        tell_supplier(&mut tx, user, supplier, &name, false, comment, public_url).await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Mails the supplier's administrators the buyer's decision.
async fn tell_supplier(
    tx: &mut Tx,
    user: &CurrentUser,
    supplier: SupplierId,
    name: &str,
    approved: bool,
    comment: &str,
    public_url: &str,
) -> Result<(), CoreError> {
    let tenant = user.workspace.tenant_id;
    let template = Template::ProfileDecided {
        organisation: user.workspace.tenant_name.clone(),
        supplier: name.to_owned(),
        approved,
        comment: comment.to_owned(),
    };
    let people = db::people::administrators(tx, tenant, Some(supplier)).await?;
    let link = notify::page_link(public_url, "/company/profile");
    notify::queue(tx, tenant, people, &template, &link, None).await?;
    Ok(())
}

/// Sets which fields wait for a buyer administrator (buyer administrators); the others take effect at once.
pub async fn save_rules(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    review: &[String],
) -> Result<Result<(), Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    if w.role != MembershipRole::BuyerAdmin {
        return Err(CoreError::Forbidden);
    }
    let mut chosen = Vec::new();
    for code in review {
        match ProfileField::parse(code.trim()) {
            Some(f) => chosen.push(f),
            None => return Ok(Err(vec![FieldError::new("review", "profile-error-choice")])),
        }
    }
    let tenant = w.tenant_id;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(user.id))
        .await?;
    for f in ProfileField::ALL {
        let rule = if chosen.contains(&f) {
            FieldRule::Review
        } else {
            FieldRule::Auto
        };
        rows::set_rule(&mut tx, tenant, f.code(), rule.code()).await?;
    }
    let entry = Entry::new(
        Some(tenant),
        Some(user.id),
        Action::SupplierProfileRulesSaved,
    )
    .detail(json!({ "review": chosen.iter().map(|f| f.code()).collect::<Vec<_>>() }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The buyer's rules page: each field with whether it waits for review (any buyer person reads it).
pub async fn rules(db: &Db, user: &CurrentUser) -> Result<Vec<(ProfileField, bool)>, CoreError> {
    let w = &user.workspace;
    if !w.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let mut tx = db.read(&Context::tenant(w.tenant_id)).await?;
    let review = review_fields(&mut tx, w.tenant_id).await?;
    tx.commit().await?;
    Ok(ProfileField::ALL
        .into_iter()
        .map(|f| (f, review.contains(&f)))
        .collect())
}
