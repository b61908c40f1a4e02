//! EDI in: an X12 interchange of 850s or an EDIFACT interchange of ORDERS from a buyer's EDI gateway becomes purchase
//! orders through the same path as the REST API ([`erp_api::submit_purchase_order`]: validation, change orders, the
//! event, the supplier's e-mail), each transaction set or message all or nothing, answered by a 997 or CONTRL that
//! accepts or rejects each with the segment and element at fault. Importing the same interchange again changes
//! nothing (each order is submitted with an idempotency key made of the sender, the interchange and the set's
//! control number).

use crate::audit::RequestMeta;
use crate::db::{self, Context, Db};
use crate::edi::{ack, orders, x12_850, Problem};
use crate::services::erp_api::{self, ApiClient, Submitted};
use crate::CoreError;
use portico_domain::TenantId;
use portico_edi::edifact;
use portico_edi::x12::{self, TransactionSet};
use portico_edi::EdiError;
use time::OffsetDateTime;

/// What became of one transaction set.
#[derive(Clone, Debug)]
pub struct SetReport {
    /// ST01 and ST02.
    pub id: String,
    pub control: String,
    /// The order number and what the submission did, or why the set was rejected.
    pub outcome: Result<(String, Submitted), Problem>,
}

/// An import: every set's outcome and the 997 to send back.
#[derive(Clone, Debug)]
pub struct ImportReport {
    pub interchange_control: String,
    pub sets: Vec<SetReport>,
    /// The 997 interchange, as text.
    pub acknowledgement: String,
}

/// Imports an interchange for `tenant`, X12 (starts with `ISA`) or EDIFACT (`UNA` or `UNB`).
pub async fn import(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
) -> Result<Result<ImportReport, EdiError>, CoreError> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("UNA") || start.starts_with("UNB") {
        import_edifact(db, meta, tenant, text, public_url).await
    } else {
        import_x12(db, meta, tenant, text, public_url).await
    }
}

/// Imports an X12 interchange for `tenant`. `Ok(Err(_))` when the interchange itself cannot be read (its envelope
/// or syntax): nothing is imported and the error names the place.
pub async fn import_x12(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
) -> Result<Result<ImportReport, EdiError>, CoreError> {
    let interchange = match x12::parse(text) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    let sender = format!(
        "{}:{}",
        interchange.isa.el(5).trim(),
        interchange.isa.el(6).trim()
    );
    let client = ApiClient::edi(tenant);
    let mut outcomes = Vec::with_capacity(interchange.groups.len());
    let mut sets = Vec::new();
    for group in &interchange.groups {
        let mut results = Vec::with_capacity(group.sets.len());
        for set in &group.sets {
            let outcome = submit(
                db,
                meta,
                &client,
                &sender,
                interchange.control(),
                set,
                public_url,
            )
            .await?;
            results.push(outcome.as_ref().err().cloned());
            sets.push(SetReport {
                id: set.id.clone(),
                control: set.control.clone(),
                outcome,
            });
        }
        outcomes.push(results);
    }
    // Control numbers of the acknowledgement, never reused with this partner.
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let isa_control = db::edi::next_control(&mut tx, tenant, &sender, "interchange").await?;
    let mut group_control = 0;
    for _ in &interchange.groups {
        group_control = db::edi::next_control(&mut tx, tenant, &sender, "group").await?;
    }
    tx.commit().await?;
    let first_group = group_control - interchange.groups.len() as i64 + 1;
    let ack = ack::x12_997(
        &interchange,
        &outcomes,
        ack::Controls {
            interchange: isa_control,
            group: first_group,
        },
        OffsetDateTime::now_utc(),
    );
    let acknowledgement = x12::write(&ack)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("997 not written: {e}")))?;
    Ok(Ok(ImportReport {
        interchange_control: interchange.control().to_owned(),
        sets,
        acknowledgement,
    }))
}

/// One set: mapped and submitted in its own transaction, or the problem that rejects it.
async fn submit(
    db: &Db,
    meta: &RequestMeta,
    client: &ApiClient,
    sender: &str,
    interchange: &str,
    set: &TransactionSet,
    public_url: &str,
) -> Result<Result<(String, Submitted), Problem>, CoreError> {
    let st_position = set.first_position.saturating_sub(1);
    if set.id != "850" {
        return Ok(Err(Problem::segment(
            st_position,
            "ST",
            "1",
            format!("transaction set {} is not taken inbound (only 850)", set.id),
        )));
    }
    let (input, origins) = match x12_850::read(set) {
        Ok(read) => read,
        Err(p) => return Ok(Err(p)),
    };
    let key = format!("edi:{sender}:{interchange}:{}", set.control);
    let rows = |position: usize, element: usize| {
        position
            .checked_sub(set.first_position)
            .and_then(|i| set.segments.get(i))
            .map(|s| s.el(element).to_owned())
    };
    submit_input(
        db,
        meta,
        client,
        &input,
        &origins,
        &key,
        (st_position, "ST"),
        public_url,
        rows,
    )
    .await
}

/// Imports an EDIFACT interchange of ORDERS for `tenant`, answered by a CONTRL.
pub async fn import_edifact(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
) -> Result<Result<ImportReport, EdiError>, CoreError> {
    let interchange = match edifact::parse(text) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    // The partner as "qualifier:id", like X12's.
    let sender = format!(
        "{}:{}",
        interchange.unb.component(2, 2),
        interchange.unb.component(2, 1)
    );
    let client = ApiClient::edi(tenant);
    let mut outcomes = Vec::with_capacity(interchange.messages.len());
    let mut sets = Vec::new();
    for message in &interchange.messages {
        let unh_position = message.first_position.saturating_sub(1);
        let outcome = if message.message_type() != "ORDERS" {
            Err(Problem::segment(
                unh_position,
                "UNH",
                "12",
                format!(
                    "message type {} is not taken inbound (only ORDERS)",
                    message.message_type()
                ),
            ))
        } else {
            match orders::read(message) {
                Err(p) => Err(p),
                Ok((input, origins)) => {
                    let key = format!(
                        "edi:{sender}:{}:{}",
                        interchange.control(),
                        message.reference
                    );
                    let rows = |position: usize, element: usize| {
                        position
                            .checked_sub(message.first_position)
                            .and_then(|i| message.segments.get(i))
                            .and_then(|s| s.elements.get(element.saturating_sub(1)))
                            .map(|e| e.join(":"))
                    };
                    submit_input(
                        db,
                        meta,
                        &client,
                        &input,
                        &origins,
                        &key,
                        (unh_position, "UNH"),
                        public_url,
                        rows,
                    )
                    .await?
                }
            }
        };
        outcomes.push(outcome.as_ref().err().cloned());
        sets.push(SetReport {
            id: message.message_type().to_owned(),
            control: message.reference.clone(),
            outcome,
        });
    }
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let control = db::edi::next_control(&mut tx, tenant, &sender, "interchange").await?;
    tx.commit().await?;
    let contrl = ack::edifact_contrl(&interchange, &outcomes, control, OffsetDateTime::now_utc());
    Ok(Ok(ImportReport {
        interchange_control: interchange.control().to_owned(),
        sets,
        acknowledgement: edifact::write(&contrl),
    }))
}

/// Submits a mapped order; a validation error comes back at the segment and element its field was read from (with
/// the value found there, looked up by `value_at(position, element)`).
#[expect(
    clippy::too_many_arguments,
    reason = "one call site per standard; the arguments are the submission and where its values came from"
)]
async fn submit_input(
    db: &Db,
    meta: &RequestMeta,
    client: &ApiClient,
    input: &erp_api::PurchaseOrderInput,
    origins: &x12_850::Origins,
    key: &str,
    header: (usize, &str),
    public_url: &str,
    value_at: impl Fn(usize, usize) -> Option<String>,
) -> Result<Result<(String, Submitted), Problem>, CoreError> {
    match erp_api::submit_purchase_order(db, meta, client, input, Some(key), public_url).await {
        Ok(answer) => Ok(Ok((input.number.clone(), answer.outcome))),
        Err(e @ CoreError::Validation { .. }) => {
            let mut problem = Problem::from_validation(&e, origins, header)
                .unwrap_or_else(|| Problem::segment(header.0, header.1, "8", e.to_string()));
            if let Some(el) = problem.element {
                let value = value_at(problem.position, el).unwrap_or_default();
                if !value.is_empty() {
                    problem.message = format!("{} (got '{value}')", problem.message);
                    problem.value = Some(value);
                }
            }
            Ok(Err(problem))
        }
        Err(CoreError::Conflict(reason)) => {
            let (at, tag) = origins
                .of("number")
                .map_or((header.0, header.1.to_owned()), |l| {
                    (l.position, l.tag.clone())
                });
            Ok(Err(Problem::segment(
                at,
                &tag,
                "8",
                format!("the order cannot be taken: {reason}"),
            )))
        }
        Err(e) => Err(e),
    }
}
