//! EDI trading partners, for a buyer organisation's administrators: the EDI profile of each supplier (standard,
//! interchange ids, separators, test flag, outbound directory) and the log of interchanges in and out, each with its
//! text and the acknowledgement that answered it.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::{self, Context, Db};
use crate::CoreError;
use portico_domain::edi::{
    Direction, EdiPartnerView, EdiProfile, EdiProfileInput, EdiStandard, InterchangeDetail,
    InterchangeView,
};
use portico_domain::CurrentUser;
use serde_json::json;
use uuid::Uuid;

/// Interchanges the log page shows.
pub const LOG_LIMIT: i64 = 100;

/// Every supplier of the organisation with its profile, by supplier name.
pub async fn partners(db: &Db, admin: &CurrentUser) -> Result<Vec<EdiPartnerView>, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let (suppliers, profiles) = db::edi::partners(db, tenant).await?;
    Ok(suppliers
        .into_iter()
        .map(|s| {
            let row = profiles.iter().find(|p| p.supplier_id == s.id);
            EdiPartnerView {
                supplier_id: s.id,
                supplier_name: s.name,
                supplier_code: s.code,
                profile: row.and_then(profile_of),
                updated_at: row.map(|p| p.updated_at),
            }
        })
        .collect())
}

/// A stored profile as the domain type (stored profiles were checked when saved; one that no longer reads is left
/// out rather than shown wrong).
pub(crate) fn profile_of(row: &db::edi::ProfileRow) -> Option<EdiProfile> {
    EdiProfile::parse(&EdiProfileInput {
        standard: row.standard.clone(),
        supplier_qualifier: row.supplier_qualifier.clone(),
        supplier_code: row.supplier_code.clone(),
        buyer_qualifier: row.buyer_qualifier.clone(),
        buyer_code: row.buyer_code.clone(),
        element_separator: row.element_separator.clone(),
        component_separator: row.component_separator.clone(),
        segment_terminator: row.segment_terminator.clone(),
        test: row.test,
        outbound_dir: row.outbound_dir.clone().unwrap_or_default(),
        enabled: row.enabled,
    })
    .ok()
}

/// Saves a supplier's profile (new or replacing), after [`EdiProfile::parse`]; a mistake names its field.
pub async fn save_profile(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    supplier: Uuid,
    input: &EdiProfileInput,
) -> Result<EdiProfile, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let profile = EdiProfile::parse(input).map_err(|e| CoreError::validation(e.field, e.code))?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    if !db::edi::supplier_exists(&mut tx, tenant, supplier).await? {
        return Err(CoreError::NotFound);
    }
    let created = db::edi::upsert_profile(
        &mut tx,
        tenant,
        &db::edi::ProfileValues {
            supplier,
            profile: &profile,
            user: admin.id,
        },
    )
    .await?;
    // The profile's endpoint: the relay writes the supplier's documents while the profile is enabled.
    let description = format!(
        "{} {} → {}",
        profile.standard.as_str().to_uppercase(),
        profile.supplier_party(),
        profile.buyer_party()
    );
    db::webhooks::sync_edi_endpoint(
        &mut tx,
        tenant,
        portico_domain::SupplierId(supplier),
        &description,
        profile.enabled,
        Some(admin.id),
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::EdiProfileSaved)
        .subject("supplier", supplier)
        .detail(json!({
            "created": created,
            "standard": profile.standard.as_str(),
            "supplier": profile.supplier_party(),
            "buyer": profile.buyer_party(),
            "test": profile.test,
            "outbound_dir": profile.outbound_dir,
            "enabled": profile.enabled,
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(profile)
}

/// What became of an interchange an administrator pasted on the EDI page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pasted {
    /// Read; its sets accepted or rejected as the log and the acknowledgement say: `(accepted, sets)`.
    Read(usize, usize),
    /// Not readable; nothing imported. The reason names the place.
    Unreadable(String),
}

/// Imports an interchange an administrator pasted (channel `upload`), through the same path as the API upload.
pub async fn import_pasted(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    text: &str,
    public_url: &str,
) -> Result<Pasted, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    if text.trim().is_empty() {
        return Err(CoreError::validation("text", "edi-paste-empty"));
    }
    let source = super::edi_inbound::Source {
        channel: "upload",
        file_name: None,
    };
    Ok(
        match super::edi_inbound::import(db, meta, tenant, text, public_url, source).await? {
            Ok(report) => Pasted::Read(
                report.sets.iter().filter(|s| s.outcome.is_ok()).count(),
                report.sets.len(),
            ),
            Err(e) => Pasted::Unreadable(e.to_string()),
        },
    )
}

/// The organisation's latest interchanges, newest first.
pub async fn interchanges(db: &Db, admin: &CurrentUser) -> Result<Vec<InterchangeView>, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    Ok(db::edi::interchanges(db, tenant, LOG_LIMIT)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// One interchange with its text, answer and each set's outcome.
pub async fn interchange(
    db: &Db,
    admin: &CurrentUser,
    id: Uuid,
) -> Result<InterchangeDetail, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let full = db::edi::interchange(db, tenant, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let sets = full
        .sets
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    Ok(InterchangeDetail {
        summary: view(full.row),
        body: full.body,
        answer: full.answer,
        sets,
    })
}

fn view(r: db::edi::InterchangeRow) -> InterchangeView {
    InterchangeView {
        id: r.id,
        direction: if r.direction == "out" {
            Direction::Out
        } else {
            Direction::In
        },
        standard: EdiStandard::parse(&r.standard).unwrap_or(EdiStandard::X12),
        control_number: r.control_number,
        sender: r.sender,
        receiver: r.receiver,
        supplier_name: r.supplier_name,
        documents: r.documents,
        set_count: r.set_count,
        accepted_count: r.accepted_count,
        status: r.status,
        channel: r.channel,
        file_name: r.file_name,
        error: r.error,
        created_at: r.created_at,
    }
}
