//! EDI in: an X12 interchange of 850s or an EDIFACT interchange of ORDERS from a buyer's EDI gateway becomes purchase
//! orders through the same path as the REST API ([`erp_api::submit_purchase_order`]: validation, change orders, the
//! event, the supplier's e-mail), each transaction set or message all or nothing, answered by a 997 or CONTRL that
//! accepts or rejects each with the segment and element at fault. Importing the same interchange again changes
//! nothing (each order is submitted with an idempotency key made of the sender, the interchange and the set's
//! control number).

use crate::audit::RequestMeta;
use crate::db::edi::NewInterchange;
use crate::db::{self, Context, Db};
use crate::edi::{ack, orders, x12_850, Problem};
use crate::services::erp_api::{self, ApiClient, Submitted};
use crate::CoreError;
use portico_domain::edi::{EdiStandard, SetError, SetOutcome};
use portico_domain::TenantId;
use portico_edi::edifact;
use portico_edi::x12::{self, TransactionSet};
use portico_edi::EdiError;
use time::OffsetDateTime;
use uuid::Uuid;

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
    /// The interchange's entry in the log (`edi_interchanges`).
    pub id: Uuid,
    pub standard: EdiStandard,
    pub interchange_control: String,
    pub sets: Vec<SetReport>,
    /// The 997 interchange, as text.
    pub acknowledgement: String,
}

/// How an interchange arrived, for the log.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// `cli`, `api`, `directory` or `upload`.
    pub channel: &'a str,
    pub file_name: Option<&'a str>,
}

/// The standard of an interchange by its first segment: EDIFACT starts with `UNA` or `UNB`, anything else is read
/// as X12.
pub fn standard_of(text: &str) -> EdiStandard {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("UNA") || start.starts_with("UNB") {
        EdiStandard::Edifact
    } else {
        EdiStandard::X12
    }
}

impl ImportReport {
    /// `accepted` (every set), `partial`, or `rejected` (none).
    pub fn status(&self) -> &'static str {
        status_of(&self.sets)
    }
}

fn status_of(sets: &[SetReport]) -> &'static str {
    let accepted = sets.iter().filter(|s| s.outcome.is_ok()).count();
    if accepted == sets.len() {
        "accepted"
    } else if accepted == 0 {
        "rejected"
    } else {
        "partial"
    }
}

/// Imports an interchange for `tenant`, X12 or EDIFACT ([`standard_of`]). `Ok(Err(_))` when the interchange itself
/// cannot be read (its envelope or syntax): nothing is imported, the error names the place, and the log keeps the
/// text with the reason.
pub async fn import(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
    source: Source<'_>,
) -> Result<Result<ImportReport, EdiError>, CoreError> {
    let standard = standard_of(text);
    let result = match standard {
        EdiStandard::Edifact => import_edifact(db, meta, tenant, text, public_url, source).await?,
        EdiStandard::X12 => import_x12(db, meta, tenant, text, public_url, source).await?,
    };
    if let Err(e) = &result {
        log_unreadable(db, meta, tenant, standard, text, source, e).await?;
    }
    Ok(result)
}

/// Logs an interchange that could not be read, with the reason naming the place.
pub async fn log_unreadable(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    standard: EdiStandard,
    text: &str,
    source: Source<'_>,
    error: &EdiError,
) -> Result<(), CoreError> {
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let error = error.to_string();
    db::edi::log_interchange(
        &mut tx,
        tenant,
        &NewInterchange {
            supplier: None,
            direction: "in",
            standard,
            control_number: "",
            sender: "",
            receiver: "",
            documents: "",
            set_count: 0,
            accepted_count: 0,
            status: "unreadable",
            channel: source.channel,
            file_name: source.file_name,
            error: Some(&error),
            body: text,
            answer: None,
            sets: None,
            correlation_id: meta.correlation_id.as_deref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Each set's outcome as the log keeps it (JSON of [`SetOutcome`]s).
fn outcomes_json(sets: &[SetReport]) -> String {
    let outcomes: Vec<SetOutcome> = sets
        .iter()
        .map(|s| match &s.outcome {
            Ok((number, submitted)) => SetOutcome {
                document: s.id.clone(),
                control: s.control.clone(),
                order_number: Some(number.clone()),
                outcome: Some(submitted.code().to_owned()),
                error: None,
            },
            Err(p) => SetOutcome {
                document: s.id.clone(),
                control: s.control.clone(),
                order_number: None,
                outcome: None,
                error: Some(SetError {
                    segment: p.position,
                    tag: p.tag.clone(),
                    element: p.element,
                    rule: p.rule.as_deref().cloned(),
                    value: p.value.clone(),
                    text: p.describe(),
                }),
            },
        })
        .collect();
    serde_json::to_string(&outcomes).unwrap_or_else(|_| "[]".to_owned())
}

/// What the log keeps of an imported interchange.
struct Logged<'a> {
    standard: EdiStandard,
    control: &'a str,
    /// `qualifier:id` of the interchange's sender (the buyer's gateway) and receiver (the supplier).
    sender: &'a str,
    receiver: &'a str,
    sets: &'a [SetReport],
    text: &'a str,
    source: Source<'a>,
}

/// Takes the acknowledgement's control numbers (`interchange`, then `groups` group numbers) from the sequence of
/// the pair it goes between, logs the interchange, and returns `(log id, interchange number, first group number)`.
async fn answer_and_log(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    logged: &Logged<'_>,
    groups: usize,
    write_answer: impl FnOnce(i64, i64) -> Result<String, CoreError>,
) -> Result<(Uuid, String), CoreError> {
    // The answer goes from the receiver back to the sender; its numbers are that pair's.
    let pair = format!("{}>{}", logged.receiver, logged.sender);
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let isa_control = db::edi::next_control(&mut tx, tenant, &pair, "interchange").await?;
    let mut group_control = 0;
    for _ in 0..groups {
        group_control = db::edi::next_control(&mut tx, tenant, &pair, "group").await?;
    }
    let first_group = group_control - groups as i64 + 1;
    let answer = write_answer(isa_control, first_group)?;
    let (qualifier, code) = logged
        .receiver
        .split_once(':')
        .unwrap_or(("", logged.receiver));
    let supplier = db::edi::profile_by_supplier_party(&mut tx, tenant, qualifier, code)
        .await?
        .map(|p| p.supplier_id);
    let accepted = logged.sets.iter().filter(|s| s.outcome.is_ok()).count();
    let status = status_of(logged.sets);
    let mut documents: Vec<&str> = Vec::new();
    for set in logged.sets {
        if !documents.contains(&set.id.as_str()) {
            documents.push(&set.id);
        }
    }
    let id = db::edi::log_interchange(
        &mut tx,
        tenant,
        &NewInterchange {
            supplier,
            direction: "in",
            standard: logged.standard,
            control_number: logged.control,
            sender: logged.sender,
            receiver: logged.receiver,
            documents: &documents.join(" "),
            set_count: logged.sets.len() as i64,
            accepted_count: accepted as i64,
            status,
            channel: logged.source.channel,
            file_name: logged.source.file_name,
            error: None,
            body: logged.text,
            answer: Some(&answer),
            sets: Some(&outcomes_json(logged.sets)),
            correlation_id: meta.correlation_id.as_deref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, answer))
}

/// Imports an X12 interchange for `tenant` (see [`import`]).
async fn import_x12(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
    source: Source<'_>,
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
    let receiver = format!(
        "{}:{}",
        interchange.isa.el(7).trim(),
        interchange.isa.el(8).trim()
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
    // Control numbers of the acknowledgement, never reused between this pair.
    let logged = Logged {
        standard: EdiStandard::X12,
        control: interchange.control(),
        sender: &sender,
        receiver: &receiver,
        sets: &sets,
        text,
        source,
    };
    let (id, acknowledgement) = answer_and_log(
        db,
        meta,
        tenant,
        &logged,
        interchange.groups.len(),
        |isa_control, first_group| {
            let ack = ack::x12_997(
                &interchange,
                &outcomes,
                ack::Controls {
                    interchange: isa_control,
                    group: first_group,
                },
                OffsetDateTime::now_utc(),
            );
            x12::write(&ack)
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("997 not written: {e}")))
        },
    )
    .await?;
    Ok(Ok(ImportReport {
        id,
        standard: EdiStandard::X12,
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

/// Imports an EDIFACT interchange of ORDERS for `tenant`, answered by a CONTRL (see [`import`]).
async fn import_edifact(
    db: &Db,
    meta: &RequestMeta,
    tenant: TenantId,
    text: &str,
    public_url: &str,
    source: Source<'_>,
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
    let receiver = format!(
        "{}:{}",
        interchange.unb.component(3, 2),
        interchange.unb.component(3, 1)
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
    let logged = Logged {
        standard: EdiStandard::Edifact,
        control: interchange.control(),
        sender: &sender,
        receiver: &receiver,
        sets: &sets,
        text,
        source,
    };
    let (id, acknowledgement) = answer_and_log(db, meta, tenant, &logged, 0, |control, _| {
        let contrl =
            ack::edifact_contrl(&interchange, &outcomes, control, OffsetDateTime::now_utc());
        Ok(edifact::write(&contrl))
    })
    .await?;
    Ok(Ok(ImportReport {
        id,
        standard: EdiStandard::Edifact,
        interchange_control: interchange.control().to_owned(),
        sets,
        acknowledgement,
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
