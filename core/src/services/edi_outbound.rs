//! Writing outbound EDI documents: one document for a partner profile, with control numbers from the pair's
//! sequence (never reused), written atomically under a unique name and logged in the interchange log; and the EDI
//! sink's side of it, which turns a canonical event into the document its supplier's profile asks for (docs/EDI.md
//! "Delivery").

use super::edi_directory;
use crate::db::edi::NewInterchange;
use crate::db::{self, Context, Db};
use crate::events::{
    CreditMemoSubmitted, EventType, InvoiceSubmitted, PurchaseOrderAcknowledged, ShipNoticeEvent,
};
use crate::CoreError;
use portico_domain::documents::{Acknowledgement, Invoice, ShipNotice};
use portico_domain::edi::{EdiProfile, EdiStandard};
use portico_domain::TenantId;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use uuid::Uuid;

/// One outbound document.
#[derive(Clone, Copy, Debug)]
pub enum Document<'a> {
    Acknowledgement(&'a Acknowledgement),
    ShipNotice(&'a ShipNotice),
    Invoice(&'a Invoice),
}

/// A document read from an event, owned until it is written.
enum Owned {
    Acknowledgement(Acknowledgement),
    ShipNotice(ShipNotice),
    Invoice(Invoice),
}

/// Where and how a document is written.
pub struct Target<'a> {
    pub dir: &'a Path,
    /// The interchange log's channel (`samples`, `sink`).
    pub channel: &'a str,
    pub correlation_id: Option<&'a str>,
    pub now: OffsetDateTime,
}

/// A written document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub file_name: String,
    /// `855`, `856`, `810`, `ORDRSP`, `DESADV`, `INVOIC`.
    pub document: &'static str,
    /// ISA13 or UNB05.
    pub control: String,
}

/// Writes one document for `profile`, taking its control numbers and logging it, in one transaction: the file is
/// written before the commit, so a number is never logged for a file that does not exist.
pub async fn write(
    db: &Db,
    tenant: TenantId,
    supplier: Uuid,
    profile: &EdiProfile,
    document: Document<'_>,
    target: &Target<'_>,
) -> Result<Written, CoreError> {
    use crate::edi::outbound::{self, Envelope};
    let pair = format!("{}>{}", profile.supplier_party(), profile.buyer_party());
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let interchange = db::edi::next_control(&mut tx, tenant, &pair, "interchange").await?;
    let group = match profile.standard {
        EdiStandard::X12 => db::edi::next_control(&mut tx, tenant, &pair, "group").await?,
        EdiStandard::Edifact => 0,
    };
    let env = Envelope {
        profile,
        interchange,
        group,
        now: target.now,
    };
    let (kind, text, control, extension) = match profile.standard {
        EdiStandard::X12 => {
            let (kind, interchange) = match document {
                Document::Acknowledgement(a) => ("855", outbound::x12_855(a, &env)),
                Document::ShipNotice(a) => ("856", outbound::x12_856(a, &env)),
                Document::Invoice(i) => ("810", outbound::x12_810(i, &env)),
            };
            let text = portico_edi::x12::write(&interchange)
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("{kind}: {e}")))?;
            (kind, text, interchange.control().to_owned(), "x12")
        }
        EdiStandard::Edifact => {
            let (kind, interchange) = match document {
                Document::Acknowledgement(a) => ("ORDRSP", outbound::ordrsp(a, &env)),
                Document::ShipNotice(a) => ("DESADV", outbound::desadv(a, &env)),
                Document::Invoice(i) => ("INVOIC", outbound::invoic(i, &env)),
            };
            let control = interchange.control().to_owned();
            (
                kind,
                portico_edi::edifact::write(&interchange),
                control,
                "edi",
            )
        }
    };
    let name = edi_directory::file_name(kind, &control, extension);
    let path = edi_directory::write_atomic(target.dir, &name, &text)
        .await
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("{}: {e}", target.dir.display())))?;
    db::edi::log_interchange(
        &mut tx,
        tenant,
        &NewInterchange {
            supplier: Some(supplier),
            direction: "out",
            standard: profile.standard,
            control_number: &control,
            sender: &profile.supplier_party(),
            receiver: &profile.buyer_party(),
            documents: kind,
            set_count: 1,
            accepted_count: 1,
            status: "written",
            channel: target.channel,
            file_name: Some(&name),
            error: None,
            body: &text,
            answer: None,
            sets: None,
            correlation_id: target.correlation_id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Written {
        path,
        file_name: name,
        document: kind,
        control,
    })
}

/// Why the EDI sink could not write an event's document. Each is retried by the relay (a profile switched back
/// on, a directory made writable); the text is kept with the attempt.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("{0} is not a document the EDI sink writes")]
    NotADocument(String),
    #[error("the event cannot be read: {0}")]
    Unreadable(String),
    #[error("the supplier has no enabled EDI profile")]
    NoProfile,
    #[error(transparent)]
    Core(#[from] CoreError),
}

/// The EDI sink: writes the document an event carries for its supplier's EDI profile into
/// `<edi_dir>/<tenant slug>/outbound/<profile's directory>/`.
pub async fn deliver(
    db: &Db,
    tenant: TenantId,
    tenant_slug: &str,
    envelope: &str,
    edi_dir: &Path,
) -> Result<Written, SinkError> {
    let event: crate::events::CloudEvent =
        serde_json::from_str(envelope).map_err(|e| SinkError::Unreadable(e.to_string()))?;
    let unreadable = |e: serde_json::Error| SinkError::Unreadable(e.to_string());
    let (supplier, document) = match EventType::from_name(&event.event_type) {
        Some(EventType::PurchaseOrderAcknowledged) => {
            let payload: PurchaseOrderAcknowledged =
                serde_json::from_value(event.data.clone()).map_err(unreadable)?;
            let document = payload.document().map_err(SinkError::Unreadable)?;
            (payload.supplier.id, Owned::Acknowledgement(document))
        }
        // A correction is sent as a whole new notice under the same number (BSN01 / BGM 1225 say so only in
        // partner-specific ways, so the document itself is the same shape).
        Some(EventType::ShipNoticeSubmitted | EventType::ShipNoticeCorrected) => {
            let payload: ShipNoticeEvent =
                serde_json::from_value(event.data.clone()).map_err(unreadable)?;
            let document = payload.document().map_err(SinkError::Unreadable)?;
            (payload.supplier.id, Owned::ShipNotice(document))
        }
        Some(EventType::InvoiceSubmitted) => {
            let payload: InvoiceSubmitted =
                serde_json::from_value(event.data.clone()).map_err(unreadable)?;
            let document = payload.document().map_err(SinkError::Unreadable)?;
            (payload.supplier.id, Owned::Invoice(document))
        }
        Some(EventType::CreditMemoSubmitted) => {
            let payload: CreditMemoSubmitted =
                serde_json::from_value(event.data.clone()).map_err(unreadable)?;
            let document = payload.document().map_err(SinkError::Unreadable)?;
            (payload.supplier.id, Owned::Invoice(document))
        }
        _ => return Err(SinkError::NotADocument(event.event_type)),
    };
    let mut tx = db
        .read(&Context::tenant(tenant))
        .await
        .map_err(CoreError::from)?;
    let row = db::edi::profile(&mut tx, tenant, supplier.0)
        .await
        .map_err(CoreError::from)?;
    tx.commit().await.map_err(CoreError::from)?;
    let profile = row
        .and_then(|r| super::edi_partners::profile_of(&r))
        .filter(|p| p.enabled)
        .ok_or(SinkError::NoProfile)?;
    let mut dir = edi_dir.join(tenant_slug).join("outbound");
    if !profile.outbound_dir.is_empty() {
        dir = dir.join(&profile.outbound_dir);
    }
    Ok(write(
        db,
        tenant,
        supplier.0,
        &profile,
        match &document {
            Owned::Acknowledgement(a) => Document::Acknowledgement(a),
            Owned::ShipNotice(n) => Document::ShipNotice(n),
            Owned::Invoice(i) => Document::Invoice(i),
        },
        &Target {
            dir: &dir,
            channel: "sink",
            correlation_id: event.correlationid.as_deref(),
            now: OffsetDateTime::now_utc(),
        },
    )
    .await?)
}
