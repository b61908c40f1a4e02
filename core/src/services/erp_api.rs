//! The use cases behind the ERP-facing REST API (docs/API.md): API keys (made and revoked by buyer administrators;
//! a key is shown once and only its hash is kept), authenticating a presented key, and receiving purchase orders —
//! new ones and new versions of existing ones (change orders) — with idempotency keys. Errors name the JSON field
//! (`lines[1].quantity`) with a catalogue id the API turns into a sentence.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::auth::token;
use crate::db::purchase_orders::NewPoRow;
use crate::db::{self, Context, Db, Tx};
use crate::events::{PurchaseOrderPayload, SupplierRef};
use crate::mail::Template;
use crate::services::purchase_orders;
use crate::{CoreError, Scope};
use portico_domain::integration::ApiKeyView;
use portico_domain::{
    CurrencyCode, CurrentUser, PoLine, PoStatus, PurchaseOrderId, SupplierId, TenantId,
    UnitOfMeasure,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::str::FromStr;
use time::OffsetDateTime;
use uuid::Uuid;

/// How API keys begin, so they are recognisable in configuration files and secret scanners.
pub const KEY_PREFIX: &str = "ptk_";

/// An authenticated API caller: a tenant, through one of its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiClient {
    pub tenant: TenantId,
    /// The API key used; `None` for orders that arrived by EDI (`services::edi_inbound`).
    pub key_id: Option<Uuid>,
}

impl ApiClient {
    /// The caller for documents that arrive by EDI for `tenant`.
    pub fn edi(tenant: TenantId) -> Self {
        Self {
            tenant,
            key_id: None,
        }
    }

    /// The caller sees what the tenant's buyers see: every supplier's documents.
    pub fn scope(&self) -> Scope {
        Scope::tenant(self.tenant)
    }
}

/// Makes an API key for the administrator's organisation; returns its id and the key (shown once).
pub async fn create_key(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    name: &str,
) -> Result<(Uuid, String), CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(CoreError::validation("name", "api-key-name-invalid"));
    }
    let key = format!("{KEY_PREFIX}{}", token::generate().token);
    let prefix: String = key.chars().take(KEY_PREFIX.len() + 6).collect();
    let id = Uuid::now_v7();
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    db::api::insert_key(
        &mut tx,
        tenant,
        id,
        name,
        &prefix,
        &token::hash(&key),
        Some(admin.id),
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(admin.id), Action::ApiKeyCreated)
        .subject("api_key", id)
        .detail(json!({ "name": name, "prefix": prefix }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok((id, key))
}

/// The organisation's API keys.
pub async fn keys(db: &Db, admin: &CurrentUser) -> Result<Vec<ApiKeyView>, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    Ok(db::api::keys(db, tenant)
        .await?
        .into_iter()
        .map(|k| ApiKeyView {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        })
        .collect())
}

/// Revokes a key at once; returns whether it was active.
pub async fn revoke_key(
    db: &Db,
    meta: &RequestMeta,
    admin: &CurrentUser,
    id: Uuid,
) -> Result<bool, CoreError> {
    let tenant = super::buyer_admin_tenant(admin)?;
    let mut tx = db
        .write(&Context::tenant(tenant).with_user(admin.id))
        .await?;
    let revoked = db::api::revoke_key(&mut tx, tenant, id).await?;
    if revoked {
        let entry =
            Entry::new(Some(tenant), Some(admin.id), Action::ApiKeyRevoked).subject("api_key", id);
        audit::append(&mut tx, meta, entry).await?;
    }
    tx.commit().await?;
    Ok(revoked)
}

/// The caller behind a presented key, or [`CoreError::Unauthenticated`] for anything else (unknown, revoked,
/// malformed — never said which).
pub async fn authenticate(db: &Db, presented: &str) -> Result<ApiClient, CoreError> {
    let presented = presented.trim();
    if !presented
        .strip_prefix(KEY_PREFIX)
        .is_some_and(token::well_formed)
    {
        return Err(CoreError::Unauthenticated);
    }
    match db::api::authenticate(db, &token::hash(presented)).await? {
        Some((tenant, key_id)) => Ok(ApiClient {
            tenant,
            key_id: Some(key_id),
        }),
        None => Err(CoreError::Unauthenticated),
    }
}

/// A purchase order as an ERP sends it. Dates are `YYYY-MM-DD`; quantities and prices are decimal strings (exact).
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchaseOrderInput {
    /// The buyer's PO number (1–35 characters), unique in the organisation. A number that exists makes a new version
    /// of that order (a change order).
    #[schema(example = "4500012345")]
    pub number: String,
    /// The buyer's code for the supplier, as set up in Portico.
    #[schema(example = "ACME")]
    pub supplier_code: String,
    #[schema(example = "2026-11-27", format = Date)]
    pub order_date: String,
    /// ISO 4217.
    #[schema(example = "EUR")]
    pub currency: String,
    pub ship_to: ShipToInput,
    #[schema(example = "Net 30")]
    pub payment_terms: String,
    #[serde(default)]
    #[schema(example = "FCA")]
    pub incoterms: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// 1 to 999 lines with distinct line numbers.
    pub lines: Vec<LineInput>,
}

/// Where the goods go.
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipToInput {
    #[schema(example = "Northwind DC Rotterdam")]
    pub name: String,
    #[schema(example = "Waalhaven Z.z. 40, 3089 JH Rotterdam, NL")]
    pub address: String,
}

/// One ordered line.
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    #[schema(example = 10, minimum = 1)]
    pub line_number: i32,
    #[schema(example = "300-3100")]
    pub buyer_item: String,
    #[serde(default)]
    pub supplier_part: Option<String>,
    #[schema(example = "Void fill paper roll 450 m")]
    pub description: String,
    /// Greater than zero.
    #[schema(example = "60")]
    pub quantity: String,
    /// UN/ECE Recommendation 20 code, e.g. EA, KG, RL.
    #[schema(example = "RL")]
    pub unit_of_measure: String,
    /// Zero or more, in the order's currency.
    #[schema(example = "42.00")]
    pub unit_price: String,
    #[serde(default)]
    #[schema(example = "2026-12-09", format = Date)]
    pub requested_date: Option<String>,
}

/// What submitting an order did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitted {
    /// A new order (version 1).
    Created,
    /// A new version of an existing order.
    NewVersion,
    /// The order exists with exactly this content: nothing changed, no event.
    Unchanged,
}

impl Submitted {
    /// `created`, `new_version` or `unchanged`.
    pub fn code(self) -> &'static str {
        match self {
            Submitted::Created => "created",
            Submitted::NewVersion => "new_version",
            Submitted::Unchanged => "unchanged",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [Self::Created, Self::NewVersion, Self::Unchanged]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// The answer to a submission: what happened, the order as it now stands, and whether this is the stored answer to
/// an earlier request with the same idempotency key.
#[derive(Clone, Debug)]
pub struct SubmitAnswer {
    pub outcome: Submitted,
    /// The order, as JSON (a [`PurchaseOrderPayload`]).
    pub body: String,
    pub replayed: bool,
}

const TEXT_MAX: usize = 200;

pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String, CoreError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::validation(field, "api-field-required"));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(CoreError::validation(field, "api-field-too-long"));
    }
    Ok(v.to_owned())
}

fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, CoreError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => text(field, v, max).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn date(field: &str, value: &str) -> Result<time::Date, CoreError> {
    time::Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| CoreError::validation(field, "api-date-invalid"))
}

pub(crate) fn decimal(field: &str, value: &str) -> Result<Decimal, CoreError> {
    let v = value.trim();
    if v.is_empty()
        || v.len() > 30
        || !v
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(CoreError::validation(field, "api-decimal-invalid"));
    }
    Decimal::from_str(v).map_err(|_| CoreError::validation(field, "api-decimal-invalid"))
}

/// A checked order, ready to store.
struct Checked {
    number: String,
    supplier_code: String,
    order_date: time::Date,
    currency: CurrencyCode,
    ship_to_name: String,
    ship_to_address: String,
    payment_terms: String,
    incoterms: Option<String>,
    notes: Option<String>,
    lines: Vec<PoLine>,
}

fn check(input: &PurchaseOrderInput) -> Result<Checked, CoreError> {
    let number = text("number", &input.number, 35)?;
    let supplier_code = text("supplier_code", &input.supplier_code, 35)?;
    let order_date = date("order_date", &input.order_date)?;
    let currency = CurrencyCode::parse(input.currency.trim())
        .map_err(|_| CoreError::validation("currency", "api-currency-invalid"))?;
    let ship_to_name = text("ship_to.name", &input.ship_to.name, TEXT_MAX)?;
    let ship_to_address = text("ship_to.address", &input.ship_to.address, 500)?;
    let payment_terms = text("payment_terms", &input.payment_terms, TEXT_MAX)?;
    let incoterms = optional_text("incoterms", &input.incoterms, 35)?;
    let notes = optional_text("notes", &input.notes, 2000)?;
    if input.lines.is_empty() || input.lines.len() > 999 {
        return Err(CoreError::validation("lines", "api-lines-count"));
    }
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let f = |name: &str| format!("lines[{i}].{name}");
        if l.line_number < 1 || l.line_number > 999_999 {
            return Err(CoreError::validation(
                f("line_number"),
                "api-line-number-invalid",
            ));
        }
        if !seen.insert(l.line_number) {
            return Err(CoreError::validation(
                f("line_number"),
                "api-line-number-duplicate",
            ));
        }
        let quantity = decimal(&f("quantity"), &l.quantity)?;
        if quantity <= Decimal::ZERO {
            return Err(CoreError::validation(
                f("quantity"),
                "api-quantity-positive",
            ));
        }
        let unit_price = decimal(&f("unit_price"), &l.unit_price)?;
        if unit_price < Decimal::ZERO {
            return Err(CoreError::validation(f("unit_price"), "api-price-negative"));
        }
        lines.push(PoLine {
            line_number: l.line_number,
            buyer_item: text(&f("buyer_item"), &l.buyer_item, 48)?,
            supplier_part: optional_text(&f("supplier_part"), &l.supplier_part, 48)?,
            description: text(&f("description"), &l.description, 500)?,
            quantity,
            unit_of_measure: UnitOfMeasure::parse(l.unit_of_measure.trim())
                .map_err(|_| CoreError::validation(f("unit_of_measure"), "api-uom-invalid"))?,
            unit_price,
            requested_date: match l
                .requested_date
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                Some(d) => Some(date(&f("requested_date"), d)?),
                None => None,
            },
        });
    }
    lines.sort_by_key(|l| l.line_number);
    Ok(Checked {
        number,
        supplier_code,
        order_date,
        currency,
        ship_to_name,
        ship_to_address,
        payment_terms,
        incoterms,
        notes,
        lines,
    })
}

/// The longest idempotency key accepted.
pub const IDEMPOTENCY_KEY_MAX: usize = 255;

/// Receives a purchase order from the ERP: a new order, or a new version of the order with the same number (a
/// change order; not once it has shipped, been invoiced, closed or cancelled). A new order or version emits
/// `purchase_order.received` and e-mails the supplier's people a link to it, all in one transaction; the same
/// content again changes nothing. With an `idempotency_key`, a repeated request gets the first answer (marked
/// replayed) and the same key with a different body is a conflict.
pub async fn submit_purchase_order(
    db: &Db,
    meta: &RequestMeta,
    client: &ApiClient,
    input: &PurchaseOrderInput,
    idempotency_key: Option<&str>,
    public_url: &str,
) -> Result<SubmitAnswer, CoreError> {
    if let Some(k) = idempotency_key {
        if k.is_empty() || k.len() > IDEMPOTENCY_KEY_MAX || !k.chars().all(|c| c.is_ascii_graphic())
        {
            return Err(CoreError::validation(
                "Idempotency-Key",
                "api-idempotency-key-invalid",
            ));
        }
    }
    let checked = check(input)?;
    let request_hash = {
        let body = serde_json::to_vec(input)
            .map_err(|e| CoreError::Internal(anyhow::anyhow!("hashing the request: {e}")))?;
        let mut h = Sha256::new();
        h.update(b"POST /api/v1/purchase-orders\n");
        h.update(&body);
        crate::audit::hex(&h.finalize())
    };
    let tenant = client.tenant;
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    if let Some(k) = idempotency_key {
        if let Some(stored) = db::api::find_idempotent(&mut tx, tenant, k).await? {
            return replayed(stored, &request_hash);
        }
    }
    let answer = store_order(&mut tx, meta, client, &checked, public_url).await?;
    if let Some(k) = idempotency_key {
        db::api::store_idempotent(
            &mut tx,
            tenant,
            k,
            &request_hash,
            answer.outcome.code(),
            &answer.body,
        )
        .await?;
    }
    match tx.commit().await {
        Ok(()) => Ok(answer),
        // The same key committed first by a concurrent request: answer as that request did.
        Err(e) if idempotency_key.is_some() && is_unique_violation(&e) => {
            let mut tx = db.read(&Context::tenant(tenant)).await?;
            let stored =
                db::api::find_idempotent(&mut tx, tenant, idempotency_key.unwrap_or_default())
                    .await?
                    .ok_or(CoreError::Internal(anyhow::anyhow!(
                        "idempotency record vanished"
                    )))?;
            replayed(stored, &request_hash)
        }
        Err(e) => Err(e.into()),
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn replayed(
    stored: db::api::StoredResponse,
    request_hash: &str,
) -> Result<SubmitAnswer, CoreError> {
    if stored.request_hash != request_hash {
        return Err(CoreError::Conflict("api-idempotency-key-reused".into()));
    }
    Ok(SubmitAnswer {
        outcome: Submitted::parse(&stored.outcome).unwrap_or(Submitted::Unchanged),
        body: stored.response,
        replayed: true,
    })
}

async fn store_order(
    tx: &mut Tx,
    meta: &RequestMeta,
    client: &ApiClient,
    c: &Checked,
    public_url: &str,
) -> Result<SubmitAnswer, CoreError> {
    let tenant = client.tenant;
    let scope = client.scope();
    let (supplier_id, supplier_name, status) =
        db::purchase_orders::supplier_by_code(tx, tenant, &c.supplier_code)
            .await?
            .ok_or_else(|| CoreError::validation("supplier_code", "api-supplier-unknown"))?;
    // A supplier being onboarded gets no orders until the buyer has activated it (docs/SUPPLIERS.md).
    if status != portico_domain::onboarding::SupplierStatus::Active.code() {
        return Err(CoreError::validation(
            "supplier_code",
            "api-supplier-not-active",
        ));
    }
    let supplier = SupplierId(supplier_id);
    let existing = db::purchase_orders::by_number(tx, tenant, &c.number).await?;
    let (id, version) = match &existing {
        None => (PurchaseOrderId(Uuid::now_v7()), 1),
        Some((id, version, status, current_supplier)) => {
            if *current_supplier != supplier_id {
                return Err(CoreError::Conflict("api-po-supplier-changed".into()));
            }
            let status = status.parse::<PoStatus>().unwrap_or(PoStatus::Closed);
            if matches!(
                status,
                PoStatus::Shipped | PoStatus::Invoiced | PoStatus::Closed | PoStatus::Cancelled
            ) {
                return Err(CoreError::Conflict("api-po-closed".into()));
            }
            (PurchaseOrderId(*id), *version)
        }
    };
    let row = NewPoRow {
        id,
        supplier_id: supplier,
        number: &c.number,
        status: PoStatus::New,
        order_date: c.order_date,
        currency: &c.currency,
        ship_to_name: &c.ship_to_name,
        ship_to_address: &c.ship_to_address,
        payment_terms: &c.payment_terms,
        incoterms: c.incoterms.as_deref(),
        notes: c.notes.as_deref(),
        lines: &c.lines,
    };
    let sref = SupplierRef {
        id: supplier,
        code: c.supplier_code.clone(),
        name: supplier_name,
    };
    if existing.is_some() {
        let current = db::purchase_orders::detail_in_tx(tx, &scope, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let same = current.order_date == c.order_date
            && current.currency == c.currency
            && current.ship_to_name == c.ship_to_name
            && current.ship_to_address == c.ship_to_address
            && current.payment_terms == c.payment_terms
            && current.incoterms == c.incoterms
            && current.notes == c.notes
            && current.lines == c.lines;
        if same {
            let mut payload = PurchaseOrderPayload::from_new(&row, version, sref);
            payload.status = current.status.code().to_owned();
            return Ok(SubmitAnswer {
                outcome: Submitted::Unchanged,
                body: to_json(&payload)?,
                replayed: false,
            });
        }
    }
    let (outcome, version) = match existing {
        None => {
            purchase_orders::receive(tx, &scope, &row, sref.clone(), meta.correlation_id.clone())
                .await?;
            (Submitted::Created, 1)
        }
        Some(_) => {
            let next = version + 1;
            purchase_orders::receive_version(
                tx,
                &scope,
                &row,
                next,
                sref.clone(),
                meta.correlation_id.clone(),
            )
            .await?;
            (Submitted::NewVersion, next)
        }
    };
    let entry = Entry::new(Some(tenant), None, Action::PurchaseOrderReceived)
        .subject("purchase_order", id.0)
        .detail(json!({
            "number": c.number,
            "version": version,
            "via": if client.key_id.is_some() { "api" } else { "edi" },
            "api_key": client.key_id,
        }));
    audit::append(tx, meta, entry).await?;
    notify_supplier(tx, tenant, supplier, id, &c.number, version, public_url).await?;
    Ok(SubmitAnswer {
        outcome,
        body: to_json(&PurchaseOrderPayload::from_new(&row, version, sref))?,
        replayed: false,
    })
}

fn to_json(payload: &PurchaseOrderPayload) -> Result<String, CoreError> {
    serde_json::to_string(payload)
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("order JSON: {e}")))
}

/// Queues, in the order's transaction, a message to each active person of the supplier with a link to the order
/// (which opens after sign-in when they are signed out).
async fn notify_supplier(
    tx: &mut Tx,
    tenant: TenantId,
    supplier: SupplierId,
    id: PurchaseOrderId,
    number: &str,
    version: i32,
    public_url: &str,
) -> Result<(), CoreError> {
    let organisation = db::purchase_orders::tenant_name(tx, tenant).await?;
    let template = Template::NewOrder {
        organisation,
        document: number.to_owned(),
        version,
    };
    let link = super::notify::order_link(public_url, id);
    super::notify::supplier_people(tx, tenant, supplier, &template, &link, None).await?;
    Ok(())
}

/// An order as the API shows it (the same shape as the `purchase_order.received` payload).
pub async fn purchase_order(
    db: &Db,
    client: &ApiClient,
    id: Uuid,
) -> Result<PurchaseOrderPayload, CoreError> {
    let detail = purchase_orders::get(db, &client.scope(), PurchaseOrderId(id)).await?;
    Ok(PurchaseOrderPayload::from_detail(&detail))
}

/// Events of the caller's tenant created in `[from, to)`, oldest first, at most `limit` — for reconciling what
/// webhooks delivered (webhooks are how events are pushed; this is not a feed to poll).
pub async fn events(
    db: &Db,
    client: &ApiClient,
    from: OffsetDateTime,
    to: OffsetDateTime,
    limit: i64,
) -> Result<Vec<serde_json::Value>, CoreError> {
    if to <= from {
        return Err(CoreError::validation("to", "replay-range-empty"));
    }
    let rows = db::outbox::between(db, client.tenant, from, to, limit.clamp(1, 500)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.envelope).ok())
        .collect())
}
