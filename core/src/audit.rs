//! The hash-chained audit log: what was done, by whom, when, under which correlation id.
//!
//! Every tenant has its own chain (chain id = tenant id); events outside any tenant (a failed sign-in for an unknown
//! address) go to the platform chain (the nil UUID). Each entry's hash covers the previous entry's hash and the
//! entry's own fields, so changing or deleting a row breaks the chain from there on; [`verify`] finds it. Appends
//! lock the chain's head row, so two writers cannot fork a chain. The application cannot change or delete entries:
//! on PostgreSQL its role lacks the privilege, on SQLite triggers refuse.

use crate::db::{self, Db, Tx};
use portico_domain::{TenantId, UserId};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// The hash before a chain's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, as a stable code (these strings are stored; never rename one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    SignedOut,
    SessionEnded,
    WorkspaceSwitched,
    PasswordChanged,
    PasswordResetRequested,
    PasswordReset,
    InvitationSent,
    InvitationAccepted,
    RoleChanged,
    UserDisabled,
    MfaEnabled,
    MfaDisabled,
    MfaRecoveryCodeUsed,
    MfaPolicyChanged,
    MagicLinkSent,
    MagicLinkUsed,
    MfaRecoveryCodesReplaced,
    MembershipRemoved,
    InvitationRevoked,
    InvitationResent,
    UserEnabled,
    WebhookEndpointAdded,
    WebhookSecretRotated,
    WebhookEndpointDisabled,
    WebhookEndpointEnabled,
    DeliveriesReplayed,
    ApiKeyCreated,
    ApiKeyRevoked,
    PurchaseOrderReceived,
    EdiProfileSaved,
    PurchaseOrderAcknowledged,
    PurchaseOrderChangeReviewed,
    PurchaseOrderCommented,
    ChangePolicySaved,
    AnswerFileApplied,
    NotificationPreferencesSaved,
    AckDeadlineSaved,
    ShipNoticeSubmitted,
    ShipNoticeCorrected,
    ShipNoticeCancelled,
    ShippingPolicySaved,
    LabelSettingsSaved,
    ReceiptRecorded,
    InvoiceSubmitted,
    CreditMemoSubmitted,
    InvoiceStatusChanged,
    InvoiceAttachmentAdded,
    MatchTolerancesSaved,
    ExceptionAssigned,
    ExceptionCommented,
    ExceptionResolved,
    DelayReported,
    ExceptionSlasSaved,
    ScorecardThresholdsSaved,
    BankChangeRequested,
    BankChangeApproved,
    BankChangeRejected,
    SupplierDocumentUploaded,
    SupplierAdded,
    SupplierActivated,
    SupplierProfileSaved,
    SupplierProfileSubmitted,
    SupplierProfileChangeProposed,
    SupplierProfileUpdated,
    SupplierProfileApproved,
    SupplierProfileReturned,
    SupplierProfileRulesSaved,
}

impl Action {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Action::LoginSucceeded => "auth.login",
            Action::LoginFailed => "auth.login_failed",
            Action::LoginThrottled => "auth.login_throttled",
            Action::SignedOut => "auth.logout",
            Action::SessionEnded => "auth.session_ended",
            Action::WorkspaceSwitched => "auth.workspace_switched",
            Action::PasswordChanged => "auth.password_changed",
            Action::PasswordResetRequested => "auth.password_reset_requested",
            Action::PasswordReset => "auth.password_reset",
            Action::InvitationSent => "user.invited",
            Action::InvitationAccepted => "user.invitation_accepted",
            Action::RoleChanged => "user.role_changed",
            Action::UserDisabled => "user.disabled",
            Action::MfaEnabled => "mfa.enabled",
            Action::MfaDisabled => "mfa.disabled",
            Action::MfaRecoveryCodeUsed => "mfa.recovery_code_used",
            Action::MfaPolicyChanged => "tenant.mfa_policy_changed",
            Action::MagicLinkSent => "auth.magic_link_sent",
            Action::MagicLinkUsed => "auth.magic_link_used",
            Action::MfaRecoveryCodesReplaced => "mfa.recovery_codes_replaced",
            Action::MembershipRemoved => "user.membership_removed",
            Action::InvitationRevoked => "user.invitation_revoked",
            Action::InvitationResent => "user.invitation_resent",
            Action::UserEnabled => "user.enabled",
            Action::WebhookEndpointAdded => "integration.webhook_endpoint_added",
            Action::WebhookSecretRotated => "integration.webhook_secret_rotated",
            Action::WebhookEndpointDisabled => "integration.webhook_endpoint_disabled",
            Action::WebhookEndpointEnabled => "integration.webhook_endpoint_enabled",
            Action::DeliveriesReplayed => "integration.deliveries_replayed",
            Action::ApiKeyCreated => "integration.api_key_created",
            Action::ApiKeyRevoked => "integration.api_key_revoked",
            Action::PurchaseOrderReceived => "po.received",
            Action::EdiProfileSaved => "integration.edi_profile_saved",
            Action::PurchaseOrderAcknowledged => "po.acknowledged",
            Action::PurchaseOrderChangeReviewed => "po.change_reviewed",
            Action::PurchaseOrderCommented => "po.commented",
            Action::ChangePolicySaved => "settings.change_policy_saved",
            Action::AnswerFileApplied => "po.answer_file_applied",
            Action::NotificationPreferencesSaved => "user.notification_preferences_saved",
            Action::AckDeadlineSaved => "settings.ack_deadline_saved",
            Action::ShipNoticeSubmitted => "asn.submitted",
            Action::ShipNoticeCorrected => "asn.corrected",
            Action::ShipNoticeCancelled => "asn.cancelled",
            Action::ShippingPolicySaved => "settings.shipping_policy_saved",
            Action::LabelSettingsSaved => "settings.label_settings_saved",
            Action::ReceiptRecorded => "receipt.recorded",
            Action::InvoiceSubmitted => "invoice.submitted",
            Action::CreditMemoSubmitted => "credit_memo.submitted",
            Action::InvoiceStatusChanged => "invoice.status_changed",
            Action::InvoiceAttachmentAdded => "invoice.attachment_added",
            Action::MatchTolerancesSaved => "settings.match_tolerances_saved",
            Action::ExceptionAssigned => "exception.assigned",
            Action::ExceptionCommented => "exception.commented",
            Action::ExceptionResolved => "exception.resolved",
            Action::DelayReported => "supplier.delay_reported",
            Action::ExceptionSlasSaved => "settings.exception_slas_saved",
            Action::ScorecardThresholdsSaved => "settings.scorecard_thresholds_saved",
            Action::BankChangeRequested => "supplier.bank_change_requested",
            Action::BankChangeApproved => "supplier.bank_change_approved",
            Action::BankChangeRejected => "supplier.bank_change_rejected",
            Action::SupplierDocumentUploaded => "supplier.document_uploaded",
            Action::SupplierAdded => "supplier.added",
            Action::SupplierActivated => "supplier.activated",
            Action::SupplierProfileSaved => "supplier.profile_saved",
            Action::SupplierProfileSubmitted => "supplier.profile_submitted",
            Action::SupplierProfileChangeProposed => "supplier.profile_change_proposed",
            Action::SupplierProfileUpdated => "supplier.profile_updated",
            Action::SupplierProfileApproved => "supplier.profile_approved",
            Action::SupplierProfileReturned => "supplier.profile_returned",
            Action::SupplierProfileRulesSaved => "settings.supplier_profile_rules_saved",
        }
    }
}

/// Where a request came from: carried into audit entries and logs.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    /// The request's correlation id (`x-request-id`).
    pub correlation_id: Option<String>,
    /// The client's address as the server saw it.
    pub ip: Option<String>,
    /// The browser's `User-Agent`, for the session list.
    pub user_agent: Option<String>,
}

/// An entry to append.
#[derive(Clone, Debug)]
pub struct Entry {
    pub tenant: Option<TenantId>,
    pub actor: Option<UserId>,
    pub action: Action,
    pub subject: Option<(&'static str, String)>,
    pub detail: serde_json::Value,
}

impl Entry {
    /// An entry with no subject and no detail.
    pub fn new(tenant: Option<TenantId>, actor: Option<UserId>, action: Action) -> Self {
        Self {
            tenant,
            actor,
            action,
            subject: None,
            detail: serde_json::Value::Object(Default::default()),
        }
    }

    /// Names the object the action was about.
    pub fn subject(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.subject = Some((kind, id.to_string()));
        self
    }

    /// Adds detail (a JSON object).
    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// A stored entry, as read back for verification and display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    pub chain_id: Uuid,
    pub seq: i64,
    pub tenant_id: Option<Uuid>,
    pub occurred_at: OffsetDateTime,
    pub actor_user_id: Option<Uuid>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub detail: String,
    pub correlation_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredEntry {
    /// The hash this entry must carry, given its fields and its predecessor's hash.
    pub fn compute_hash(&self) -> String {
        let time = self
            .occurred_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let uid = |v: &Option<Uuid>| v.map(|u| u.to_string()).unwrap_or_default();
        let fields = [
            self.prev_hash.clone(),
            self.chain_id.to_string(),
            self.seq.to_string(),
            time,
            uid(&self.tenant_id),
            uid(&self.actor_user_id),
            self.action.clone(),
            opt(&self.subject_type),
            opt(&self.subject_id),
            self.detail.clone(),
            opt(&self.correlation_id),
        ];
        let mut hasher = Sha256::new();
        for f in fields {
            // Length-prefixed, so no choice of field contents can make two different entries hash alike.
            hasher.update((f.len() as u64).to_be_bytes());
            hasher.update(f.as_bytes());
        }
        hex(&hasher.finalize())
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Time truncated to microseconds: what both backends store exactly, so the hash reads back the same.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .unwrap_or(t)
}

/// Appends an entry inside the caller's transaction (the same one that makes the change it records).
pub async fn append(tx: &mut Tx, meta: &RequestMeta, entry: Entry) -> Result<(), sqlx::Error> {
    let chain_id = entry.tenant.map(|t| t.0).unwrap_or(Uuid::nil());
    let (seq, prev_hash) = db::audit::lock_head(tx, chain_id).await?;
    let (subject_type, subject_id) = match entry.subject {
        Some((k, id)) => (Some(k.to_owned()), Some(id)),
        None => (None, None),
    };
    let mut stored = StoredEntry {
        chain_id,
        seq: seq + 1,
        tenant_id: entry.tenant.map(|t| t.0),
        occurred_at: now(),
        actor_user_id: entry.actor.map(|u| u.0),
        action: entry.action.code().to_owned(),
        subject_type,
        subject_id,
        detail: entry.detail.to_string(),
        correlation_id: meta.correlation_id.clone(),
        prev_hash,
        hash: String::new(),
    };
    stored.hash = stored.compute_hash();
    db::audit::insert(tx, &stored).await?;
    db::audit::move_head(tx, chain_id, stored.seq, &stored.hash).await
}

/// The result of checking every chain.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    pub chains: usize,
    pub entries: u64,
    /// One line per break found: which chain, which position, what is wrong.
    pub problems: Vec<String>,
}

/// Re-computes every chain from its first entry and compares with the stored hashes and heads. Needs a login that
/// can read every tenant's entries (the database owner).
pub async fn verify(db: &Db) -> Result<Verification, sqlx::Error> {
    let mut report = Verification::default();
    for (chain_id, head_seq, head_hash) in db::audit::heads(db).await? {
        report.chains += 1;
        let mut expected_prev = GENESIS.to_owned();
        let mut expected_seq = 1;
        let mut after = 0;
        loop {
            let batch = db::audit::entries(db, chain_id, after, 500).await?;
            if batch.is_empty() {
                break;
            }
            for e in &batch {
                report.entries += 1;
                if e.seq != expected_seq {
                    report.problems.push(format!(
                        "chain {chain_id}: entry {expected_seq} is missing (next is {})",
                        e.seq
                    ));
                }
                if e.prev_hash != expected_prev {
                    report.problems.push(format!(
                        "chain {chain_id}: entry {} does not follow its predecessor",
                        e.seq
                    ));
                }
                if e.compute_hash() != e.hash {
                    report.problems.push(format!(
                        "chain {chain_id}: entry {} was altered (hash mismatch)",
                        e.seq
                    ));
                }
                expected_prev = e.hash.clone();
                expected_seq = e.seq + 1;
                after = e.seq;
            }
        }
        if expected_seq - 1 != head_seq || expected_prev != head_hash {
            report.problems.push(format!(
                "chain {chain_id}: ends at entry {} but its head says {head_seq} (entries removed from the end)",
                expected_seq - 1
            ));
        }
    }
    Ok(report)
}
