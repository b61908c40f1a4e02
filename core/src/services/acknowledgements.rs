//! The supplier answers a purchase order (docs/ACKNOWLEDGEMENTS.md): the form is checked against the order's
//! current version, judged line by line by the buyer's change policy, and stored with the order's new status and its
//! `purchase_order.acknowledged` event in one transaction. The same form sent twice applies once. The buyer reviews
//! changes outside the policy ([`review`]): approved, the order is acknowledged; any rejected, it is back to `new`.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::events::{
    self, Answered, PurchaseOrderAcknowledged, PurchaseOrderChangeReviewed, ReviewPayload,
    ReviewedAck, ReviewedOrder, SupplierRef,
};
use crate::exceptions;
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::{
    form_token, may_answer, may_review, AckForm, AckLineNote, AckOutcome, AckView, ChangedField,
    FieldError, LineVerdict, ReviewForm, ReviewView, ValidAck,
};
use portico_domain::documents::Acknowledgement;
use portico_domain::exceptions::{DocumentKind, ExceptionKind, Outcome};
use portico_domain::{CurrentUser, PoDetail, PoStatus, PurchaseOrderId};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

/// What became of a submitted form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submitted {
    /// Stored: the outcome and the order's new status.
    Applied {
        outcome: AckOutcome,
        status: PoStatus,
    },
    /// This form was already applied (a double submission): nothing changed again.
    Repeated { outcome: AckOutcome },
    /// The form breaks rules; nothing was stored.
    Invalid(Vec<FieldError>),
    /// The order has a newer version than the form was opened on.
    Stale { current_version: i32 },
    /// The order is not waiting for an answer (already answered, shipped, cancelled…).
    NotOpen { status: PoStatus },
}

/// Answers `order` with `form` for the signed-in supplier.
pub async fn submit(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    order: PurchaseOrderId,
    form: &AckForm,
) -> Result<Submitted, CoreError> {
    let workspace = &user.workspace;
    if workspace.role.is_buyer_side() || workspace.supplier_id.is_none() {
        return Err(CoreError::Forbidden);
    }
    let token = match form_token(&form.token) {
        Ok(t) => t,
        Err(e) => return Ok(Submitted::Invalid(vec![e])),
    };
    let scope = Scope::of(workspace);
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    match answer_in(&mut tx, meta, public_url, user, order, form, token).await {
        Ok(done @ Submitted::Applied { .. }) => {
            tx.commit().await?;
            Ok(done)
        }
        // Nothing to keep: the transaction rolls back.
        Ok(other) => Ok(other),
        Err(CoreError::Conflict(what)) => {
            drop(tx);
            // The same form sent twice at once: the other submission holds the token; answer as it did.
            let mut read = db.read(&Context::scope(&scope)).await?;
            match repeated(&mut read, tenant, token, order).await? {
                Some(done) => Ok(done),
                None => Err(CoreError::Conflict(what)),
            }
        }
        Err(e) => Err(e),
    }
}

/// Answers `order` with `form` inside an open transaction of the supplier's scope: everything [`submit`] does but the
/// commit, so a file of answers to many orders applies in one transaction. Only [`Submitted::Applied`] leaves
/// changes in `tx`; the caller rolls back on anything else.
pub(crate) async fn answer_in(
    tx: &mut db::Tx,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    order: PurchaseOrderId,
    form: &AckForm,
    token: &str,
) -> Result<Submitted, CoreError> {
    let workspace = &user.workspace;
    let scope = Scope::of(workspace);
    let tenant = scope.tenant_id();
    if let Some(done) = repeated(tx, tenant, token, order).await? {
        return Ok(done);
    }
    let po = db::purchase_orders::detail_in_tx(tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    if po.version != form.version {
        return Ok(Submitted::Stale {
            current_version: po.version,
        });
    }
    if !may_answer(workspace.role, po.status) {
        return Ok(Submitted::NotOpen { status: po.status });
    }
    let answer = match form.validate(&po) {
        Ok(a) => a,
        Err(errors) => return Ok(Submitted::Invalid(errors)),
    };
    let policy = db::acknowledgements::policy_for(tx, tenant, po.supplier_id)
        .await?
        .unwrap_or_default();
    let verdicts: Vec<_> = answer.lines.iter().map(|l| policy.judge(l)).collect();
    let outcome = AckOutcome::of(answer.kind, &verdicts);
    let status = match outcome {
        AckOutcome::Accepted | AckOutcome::AutoAccepted => PoStatus::Acknowledged,
        AckOutcome::PendingReview => PoStatus::ChangePending,
        _ => PoStatus::Rejected,
    };
    // Buyers hear at once of what needs them: changes to review, a rejected order.
    let to_buyers = match outcome {
        AckOutcome::PendingReview => Some(Template::AnswerToReview {
            supplier: po.supplier_name.clone(),
            document: po.number.clone(),
        }),
        AckOutcome::OrderRejected => Some(Template::OrderRejected {
            supplier: po.supplier_name.clone(),
            document: po.number.clone(),
        }),
        _ => None,
    };
    store(
        tx,
        meta,
        public_url,
        user,
        Stored {
            po: &po,
            answer: &answer,
            verdicts: &verdicts,
            outcome,
            status,
            token,
            to_buyers,
            counter_accepted: false,
        },
    )
    .await
}

/// An answer ready to store: the order as read, the checked answer, the policy's verdicts, where it leads, the
/// form token, the mail to the buyers (if any).
struct Stored<'a> {
    po: &'a PoDetail,
    answer: &'a ValidAck,
    verdicts: &'a [LineVerdict],
    outcome: AckOutcome,
    status: PoStatus,
    token: &'a str,
    to_buyers: Option<Template>,
    /// The answer accepts the buyer's counter-proposal (said in the audit entry).
    counter_accepted: bool,
}

/// Stores an answer inside `tx`: the acknowledgement numbered on, the order moved from the status it was read in
/// (guarded by version), the `purchase_order.acknowledged` event, the buyers' mail and the audit entry. A fresh
/// answer ([`answer_in`]) and an accepted counter-proposal ([`accept_counter`]) both end here.
async fn store(
    tx: &mut db::Tx,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    s: Stored<'_>,
) -> Result<Submitted, CoreError> {
    let Stored {
        po,
        answer,
        verdicts,
        outcome,
        status,
        token,
        to_buyers,
        counter_accepted,
    } = s;
    let scope = Scope::of(&user.workspace);
    let tenant = scope.tenant_id();
    let order = po.id;
    let ack_id = Uuid::now_v7();
    let (count, correlation) = db::acknowledgements::numbering(tx, tenant, order).await?;
    let correlation = correlation.or_else(|| meta.correlation_id.clone());
    let reference = format!("{}-{}", po.number, count + 1);
    let today = OffsetDateTime::now_utc().date();
    let document = answer.document(po, reference, today);
    db::acknowledgements::insert(
        tx,
        tenant,
        &db::acknowledgements::NewAck {
            id: ack_id,
            purchase_order: order,
            supplier: po.supplier_id,
            answer,
            document: &document,
            verdicts,
            outcome,
            token,
            user: user.id,
            correlation_id: correlation.as_deref(),
        },
    )
    .await?;
    // From `new`, or from `countered` when the supplier answers anew instead of accepting the counter-proposal.
    let moved = db::acknowledgements::move_order(
        tx,
        &scope,
        order,
        po.version,
        po.status.code(),
        status.code(),
    )
    .await?;
    if !moved {
        // Answered or replaced by a new version between our read and our write.
        return Ok(Submitted::Stale {
            current_version: po.version,
        });
    }
    let payload = PurchaseOrderAcknowledged::new(Answered {
        order_id: order.0,
        status,
        supplier: SupplierRef {
            id: po.supplier_id,
            code: po.supplier_code.clone(),
            name: po.supplier_name.clone(),
        },
        ack_id,
        document: &document,
        outcome,
        reason: answer.reason.map(|r| r.code()),
        comment: answer.comment.as_deref(),
        line_comments: &answer.line_comments,
        verdicts,
    });
    events::record(tx, &payload.event(tenant, correlation.clone())?).await?;
    exceptions_of_answer(tx, tenant, po, ack_id, outcome, correlation).await?;
    if status == PoStatus::Acknowledged {
        db::promises::set_from_answer(tx, tenant, po.supplier_id, order.0, &document.promises())
            .await?;
    }
    if let Some(template) = to_buyers {
        let link = notify::order_link(public_url, order);
        notify::buyer_people(tx, tenant, &template, &link, None).await?;
    }
    let entry = Entry::new(
        Some(tenant),
        Some(user.id),
        Action::PurchaseOrderAcknowledged,
    )
    .subject("purchase_order", order.0)
    .detail(json!({
        "number": po.number,
        "version": po.version,
        "outcome": outcome.code(),
        "status": status.code(),
        "counter_accepted": counter_accepted,
    }));
    audit::append(tx, meta, entry).await?;
    Ok(Submitted::Applied { outcome, status })
}

/// What an answer means for the buyer's exceptions: an overdue answer has arrived, an earlier answer's changes no
/// longer wait for review (this one replaces it), and changes outside the policy or a rejection need the buyer.
async fn exceptions_of_answer(
    tx: &mut db::Tx,
    tenant: portico_domain::TenantId,
    po: &PoDetail,
    ack_id: Uuid,
    outcome: AckOutcome,
    correlation: Option<String>,
) -> Result<(), CoreError> {
    exceptions::clear_any(
        tx,
        tenant,
        &[ExceptionKind::AckOverdue, ExceptionKind::ChangesToReview],
        po.id.0,
        Outcome::Cleared,
        None,
        correlation.clone(),
    )
    .await?;
    let kind = match outcome {
        AckOutcome::PendingReview => ExceptionKind::ChangesToReview,
        AckOutcome::OrderRejected => ExceptionKind::OrderRejected,
        _ => return Ok(()),
    };
    let opening = exceptions::Opening {
        kind,
        supplier: Some(SupplierRef {
            id: po.supplier_id,
            code: po.supplier_code.clone(),
            name: po.supplier_name.clone(),
        }),
        document: DocumentKind::PurchaseOrder,
        document_id: po.id.0,
        document_number: po.number.clone(),
        line_number: None,
        detail: None,
        dedupe_key: format!("{}:{ack_id}", kind.code()),
    };
    exceptions::open(tx, tenant, opening, OffsetDateTime::now_utc(), correlation).await?;
    Ok(())
}

/// The earlier submission of this form token, if there was one for this order.
async fn repeated(
    tx: &mut db::Tx,
    tenant: portico_domain::TenantId,
    token: &str,
    order: PurchaseOrderId,
) -> Result<Option<Submitted>, CoreError> {
    match db::acknowledgements::by_token(tx, tenant, token).await? {
        Some((po, outcome)) if po == order.0 => Ok(Some(Submitted::Repeated {
            outcome: AckOutcome::parse(&outcome).unwrap_or(AckOutcome::Accepted),
        })),
        Some(_) => Err(CoreError::Conflict("form token".into())),
        None => Ok(None),
    }
}

/// The latest answer to an order the caller may see, for the order page.
pub async fn latest(
    db: &Db,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<Option<AckView>, CoreError> {
    let mut tx = db.read(&Context::scope(scope)).await?;
    let found = latest_in(&mut tx, scope, order).await?;
    tx.commit().await?;
    Ok(found)
}

/// [`latest`] inside an open transaction.
async fn latest_in(
    tx: &mut db::Tx,
    scope: &Scope,
    order: PurchaseOrderId,
) -> Result<Option<AckView>, CoreError> {
    let Some((row, lines)) = db::acknowledgements::latest(tx, scope, order).await? else {
        return Ok(None);
    };
    let review = db::acknowledgements::review_of(tx, scope, row.id).await?;
    let corrupt = |what: &str, e: &dyn std::fmt::Display| {
        CoreError::Internal(anyhow::anyhow!("stored {what}: {e}"))
    };
    let document: Acknowledgement =
        serde_json::from_str(&row.document).map_err(|e| corrupt("acknowledgement", &e))?;
    let fields = |codes: &str| -> Vec<ChangedField> {
        codes
            .split_whitespace()
            .filter_map(ChangedField::parse)
            .collect()
    };
    let review = match review {
        None => None,
        Some(r) => Some(ReviewView {
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            comment: r.comment,
            decisions: serde_json::from_str(&r.decisions).map_err(|e| corrupt("review", &e))?,
        }),
    };
    Ok(Some(AckView {
        id: row.id,
        outcome: AckOutcome::parse(&row.outcome).ok_or_else(|| corrupt("outcome", &row.outcome))?,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
        reason: row.reason,
        comment: row.comment,
        document,
        notes: lines
            .into_iter()
            .map(|l| AckLineNote {
                line_number: l.line_number,
                comment: l.comment,
                changed: fields(&l.changed),
                outside: fields(&l.outside_policy),
            })
            .collect(),
        review,
    }))
}

/// What became of a submitted review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reviewed {
    /// Stored: the answer's outcome and the order's new status.
    Applied {
        outcome: AckOutcome,
        status: PoStatus,
    },
    /// This form was already applied.
    Repeated { outcome: AckOutcome },
    /// The form breaks rules; nothing was stored.
    Invalid(Vec<FieldError>),
    /// The answer is not (or no longer) waiting for the buyer: decided already, or replaced.
    NotPending,
}

/// The buyer decides on a supplier's changes that were outside the change policy.
pub async fn review(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    buyer: &CurrentUser,
    order: PurchaseOrderId,
    form: &ReviewForm,
) -> Result<Reviewed, CoreError> {
    if !buyer.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let token = match form_token(&form.token) {
        Ok(t) => t,
        Err(e) => return Ok(Reviewed::Invalid(vec![e])),
    };
    let scope = Scope::of(&buyer.workspace);
    let tenant = scope.tenant_id();
    let mut tx = db
        .write(&Context::scope(&scope).with_user(buyer.id))
        .await?;
    match db::acknowledgements::review_by_token(&mut tx, tenant, token).await? {
        Some((po, outcome)) if po == order.0 => {
            return Ok(Reviewed::Repeated {
                outcome: AckOutcome::parse(&outcome).unwrap_or(AckOutcome::Approved),
            })
        }
        Some(_) => return Err(CoreError::Conflict("form token".into())),
        None => {}
    }
    let po = db::purchase_orders::detail_in_tx(&mut tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let Some(ack) = latest_in(&mut tx, &scope, order).await? else {
        return Ok(Reviewed::NotPending);
    };
    if ack.id.to_string() != form.acknowledgement.trim()
        || !may_review(buyer.workspace.role, po.status, Some(ack.outcome))
    {
        return Ok(Reviewed::NotPending);
    }
    let valid = match form.validate(&ack) {
        Ok(v) => v,
        Err(errors) => return Ok(Reviewed::Invalid(errors)),
    };
    let outcome = valid.outcome();
    let status = match outcome {
        AckOutcome::Approved => PoStatus::Acknowledged,
        AckOutcome::Countered => PoStatus::Countered,
        _ => PoStatus::New,
    };
    let review_id = Uuid::now_v7();
    let decisions = serde_json::to_string(&valid.decisions)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("review decisions: {e}")))?;
    db::acknowledgements::insert_review(
        &mut tx,
        tenant,
        &db::acknowledgements::NewReview {
            id: review_id,
            acknowledgement: ack.id,
            purchase_order: order,
            supplier: po.supplier_id,
            outcome,
            comment: valid.comment.as_deref(),
            decisions: &decisions,
            token,
            user: buyer.id,
        },
    )
    .await?;
    let moved = db::acknowledgements::set_outcome(
        &mut tx,
        tenant,
        ack.id,
        AckOutcome::PendingReview,
        outcome,
    )
    .await?
        && db::acknowledgements::move_order(
            &mut tx,
            &scope,
            order,
            po.version,
            PoStatus::ChangePending.code(),
            status.code(),
        )
        .await?;
    if !moved {
        return Ok(Reviewed::NotPending);
    }
    let correlation = db::purchase_orders::correlation(&mut tx, &scope, order)
        .await?
        .or_else(|| meta.correlation_id.clone());
    let payload = PurchaseOrderChangeReviewed {
        purchase_order: ReviewedOrder {
            id: order.0,
            number: po.number.clone(),
            version: po.version,
            status: status.code().to_owned(),
        },
        supplier: SupplierRef {
            id: po.supplier_id,
            code: po.supplier_code.clone(),
            name: po.supplier_name.clone(),
        },
        acknowledgement: ReviewedAck {
            id: ack.id,
            reference: ack.document.reference.clone(),
        },
        review: ReviewPayload {
            id: review_id,
            outcome,
            comment: valid.comment.clone(),
            decisions: valid.decisions.clone(),
        },
    };
    events::record(&mut tx, &payload.event(tenant, correlation.clone())?).await?;
    if outcome == AckOutcome::Approved {
        db::promises::set_from_answer(
            &mut tx,
            tenant,
            po.supplier_id,
            order.0,
            &ack.document.promises(),
        )
        .await?;
    }
    // The review is the buyer's work on the exception: it closes as what the buyer decided.
    exceptions::clear(
        &mut tx,
        tenant,
        ExceptionKind::ChangesToReview,
        order.0,
        if outcome == AckOutcome::Approved {
            Outcome::Accepted
        } else {
            Outcome::Returned
        },
        Some(buyer.id),
        correlation,
    )
    .await?;
    let template = Template::ReviewDecided {
        organisation: po.buyer_name.clone(),
        document: po.number.clone(),
        outcome,
    };
    let link = notify::order_link(public_url, order);
    notify::supplier_people(&mut tx, tenant, po.supplier_id, &template, &link, None).await?;
    let entry = Entry::new(
        Some(tenant),
        Some(buyer.id),
        Action::PurchaseOrderChangeReviewed,
    )
    .subject("purchase_order", order.0)
    .detail(json!({
        "number": po.number,
        "outcome": outcome.code(),
        "status": status.code(),
    }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Reviewed::Applied { outcome, status })
}

/// The supplier accepts the buyer's counter-proposal: a new answer with the buyer's values on the countered lines
/// (and the supplier's own, already approved, on the others) is stored as `approved`, the order is acknowledged, and
/// `purchase_order.acknowledged` carries the agreed terms (so the 855 / ORDRSP says what was agreed). `token` is the
/// accepting form's: the same form twice applies once.
pub async fn accept_counter(
    db: &Db,
    meta: &RequestMeta,
    public_url: &str,
    user: &CurrentUser,
    order: PurchaseOrderId,
    token: &str,
) -> Result<Submitted, CoreError> {
    use portico_domain::acknowledgement::may_accept_counter;

    let workspace = &user.workspace;
    if workspace.role.is_buyer_side() || workspace.supplier_id.is_none() {
        return Err(CoreError::Forbidden);
    }
    let token = match form_token(token) {
        Ok(t) => t,
        Err(e) => return Ok(Submitted::Invalid(vec![e])),
    };
    let scope = Scope::of(workspace);
    let tenant = scope.tenant_id();
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    if let Some(done) = repeated(&mut tx, tenant, token, order).await? {
        return Ok(done);
    }
    let po = db::purchase_orders::detail_in_tx(&mut tx, &scope, order)
        .await?
        .ok_or(CoreError::NotFound)?;
    let ack = latest_in(&mut tx, &scope, order).await?;
    let terms = match &ack {
        Some(a) if may_accept_counter(workspace.role, po.status, Some(a.outcome)) => {
            a.accepting_counter()
        }
        _ => None,
    };
    let Some(answer) = terms else {
        return Ok(Submitted::NotOpen { status: po.status });
    };
    let policy = db::acknowledgements::policy_for(&mut tx, tenant, po.supplier_id)
        .await?
        .unwrap_or_default();
    // The buyer's own values are not the policy's to judge: what changed is kept, nothing is outside.
    let verdicts: Vec<LineVerdict> = answer
        .lines
        .iter()
        .map(|l| LineVerdict {
            outside: Vec::new(),
            ..policy.judge(l)
        })
        .collect();
    let stored = store(
        &mut tx,
        meta,
        public_url,
        user,
        Stored {
            po: &po,
            answer: &answer,
            verdicts: &verdicts,
            outcome: AckOutcome::Approved,
            status: PoStatus::Acknowledged,
            token,
            to_buyers: Some(Template::CounterAccepted {
                supplier: po.supplier_name.clone(),
                document: po.number.clone(),
            }),
            counter_accepted: true,
        },
    )
    .await?;
    if let Submitted::Applied { .. } = stored {
        tx.commit().await?;
    }
    Ok(stored)
}
