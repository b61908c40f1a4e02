//! Compliance documents (docs/SUPPLIERS.md "Compliance documents"): a supplier's people upload certificates,
//! insurance confirmations and tax forms as PDFs with their expiry dates — checked like invoice attachments (by
//! content and size, stored under a server-made id) — the buyer's people see every supplier's documents with what
//! has expired or runs out soon first, and a daily job reminds the supplier's administrators before a document runs
//! out. An upload is one transaction with its event and its audit entry.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::supplier_documents::{self as rows, DocumentRow};
use crate::db::{self, Context, Db};
use crate::events::{self, SupplierDocumentPayload, SupplierDocumentUploaded};
use crate::mail::Template;
use crate::scope::Scope;
use crate::services::notify;
use crate::CoreError;
use portico_domain::acknowledgement::FieldError;
use portico_domain::attachments;
use portico_domain::compliance::{
    self, BuyerDocumentsView, DocumentFilter, DocumentInput, DocumentKind, DocumentStatus,
    DocumentView, SupplierDocumentsView, EXPIRING_DAYS,
};
use portico_domain::{CurrentUser, SupplierId, TenantId};
use serde_json::json;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

fn view_of(row: DocumentRow, today: Date) -> Result<DocumentView, CoreError> {
    let kind = DocumentKind::parse(&row.kind)
        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("document {}: kind", row.id)))?;
    Ok(DocumentView {
        id: row.id,
        supplier_id: row.supplier_id,
        supplier_name: row.supplier_name,
        kind,
        title: row.title,
        issued_on: row.issued_on,
        expires_on: row.expires_on,
        status: DocumentStatus::on(row.expires_on, today),
        days_left: row.expires_on.map(|d| (d - today).whole_days()),
        file_name: row.file_name,
        size_bytes: row.size_bytes,
        uploaded_by: row.uploaded_by_name,
        uploaded_at: row.uploaded_at,
        replaced_at: row.replaced_at,
    })
}

/// The supplier's own documents page (any person of the supplier; each may upload).
pub async fn own(
    db: &Db,
    user: &CurrentUser,
    today: Date,
) -> Result<SupplierDocumentsView, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if !w.role.is_buyer_side() => s,
        _ => return Err(CoreError::Forbidden),
    };
    let mut view = of(db, user, supplier, today).await?;
    view.may_upload = true;
    Ok(view)
}

/// One supplier's documents as the buyer's people see them.
pub async fn of_supplier(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
    today: Date,
) -> Result<SupplierDocumentsView, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    of(db, user, supplier, today).await
}

async fn of(
    db: &Db,
    user: &CurrentUser,
    supplier: SupplierId,
    today: Date,
) -> Result<SupplierDocumentsView, CoreError> {
    let tenant = user.workspace.tenant_id;
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let supplier_name = crate::exceptions::supplier_ref(&mut tx, tenant, supplier.0)
        .await?
        .ok_or(CoreError::NotFound)?
        .name;
    let found = rows::of_supplier(&mut tx, tenant, supplier).await?;
    tx.commit().await?;
    let mut current = Vec::new();
    let mut replaced = Vec::new();
    for row in found {
        let view = view_of(row, today)?;
        if view.replaced_at.is_some() {
            replaced.push(view);
        } else {
            current.push(view);
        }
    }
    compliance::sort_for_attention(&mut current);
    Ok(SupplierDocumentsView {
        supplier_name,
        organisation_name: user.workspace.tenant_name.clone(),
        current,
        replaced,
        may_upload: false,
    })
}

/// The buyer's list: every supplier's documents in force (`All`) or only the expired and expiring ones
/// (`Attention`), expired first.
pub async fn buyer_list(
    db: &Db,
    user: &CurrentUser,
    filter: DocumentFilter,
    today: Date,
) -> Result<BuyerDocumentsView, CoreError> {
    if !user.workspace.role.is_buyer_side() {
        return Err(CoreError::Forbidden);
    }
    let tenant = user.workspace.tenant_id;
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let horizon = match filter {
        DocumentFilter::Attention => Some(today + Duration::days(EXPIRING_DAYS)),
        DocumentFilter::All => None,
    };
    let found = rows::in_force(&mut tx, tenant, horizon).await?;
    tx.commit().await?;
    let mut documents = found
        .into_iter()
        .map(|r| view_of(r, today))
        .collect::<Result<Vec<_>, _>>()?;
    compliance::sort_for_attention(&mut documents);
    let count = |s: DocumentStatus| documents.iter().filter(|d| d.status == s).count();
    Ok(BuyerDocumentsView {
        filter,
        expired: count(DocumentStatus::Expired),
        expiring: count(DocumentStatus::Expiring),
        documents,
    })
}

/// Uploads a document for the caller's supplier (any person of the supplier): the form is checked on `today`, then
/// the file (a PDF by content, at most 10 MiB; `file` is already a refusal when the upload was cut off as too large); every mistake comes back by field (`kind`, `title`, `issued_on`,
/// `expires_on`, `replaces`, `file`) and nothing is stored. Otherwise one transaction stores it, marks the document
/// it replaces, records `supplier.document_uploaded.v1` and audits it with the file's SHA-256.
pub async fn upload(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    input: &DocumentInput,
    file_name: &str,
    file: Result<&[u8], attachments::Refusal>,
    today: Date,
) -> Result<Result<Uuid, Vec<FieldError>>, CoreError> {
    let w = &user.workspace;
    let supplier = match w.supplier_id {
        Some(s) if !w.role.is_buyer_side() => s,
        _ => return Err(CoreError::Forbidden),
    };
    let checked = file.and_then(|c| attachments::check_pdf(c).map(|()| c));
    let (form, content) = match (input.parse(today), checked) {
        (Ok(form), Ok(content)) => (form, content),
        (form, file) => {
            let mut errors = form.err().unwrap_or_default();
            if let Err(r) = file {
                errors.push(
                    FieldError::new("file", r.message())
                        .with_arg("max_mb", attachments::MAX_BYTES / 1024 / 1024),
                );
            }
            return Ok(Err(errors));
        }
    };
    let tenant = w.tenant_id;
    let scope = Scope::of(w);
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let supplier_ref = crate::exceptions::supplier_ref(&mut tx, tenant, supplier.0)
        .await?
        .ok_or(CoreError::NotFound)?;
    let id = Uuid::now_v7();
    let now = OffsetDateTime::now_utc();
    let label = attachments::clean_file_name(file_name);
    let sha256 = audit::hex(&Sha256::digest(content));
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewDocument {
            id,
            supplier,
            kind: form.kind.code(),
            title: &form.title,
            issued_on: form.issued_on,
            expires_on: form.expires_on,
            file_name: &label,
            sha256: &sha256,
            content,
            uploaded_by: user.id,
            uploaded_at: now,
        },
    )
    .await?;
    if let Some(old) = form.replaces {
        if !rows::replace(&mut tx, tenant, supplier, old, id, now).await? {
            // Not this supplier's, or replaced meanwhile: nothing of the upload is kept.
            return Ok(Err(vec![FieldError::new("replaces", "doc-error-replaces")]));
        }
    }
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    let body = SupplierDocumentUploaded {
        document: SupplierDocumentPayload {
            id,
            kind: form.kind.code().to_owned(),
            title: form.title.clone(),
            issued_on: date(form.issued_on),
            expires_on: date(form.expires_on),
            file_name: label.clone(),
            size_bytes: content.len() as i64,
            sha256: sha256.clone(),
            uploaded_by: user.display_name.clone(),
            uploaded_at: now
                .format(&Rfc3339)
                .map_err(|e| CoreError::Internal(anyhow::anyhow!("time: {e}")))?,
            replaces: form.replaces,
        },
        supplier: supplier_ref,
    };
    events::record(&mut tx, &body.event(tenant, meta.correlation_id.clone())?).await?;
    let entry = Entry::new(
        Some(tenant),
        Some(user.id),
        Action::SupplierDocumentUploaded,
    )
    .subject("supplier_document", id)
    .detail(json!({
        "supplier": supplier.0,
        "kind": form.kind.code(),
        "title": form.title,
        "expires_on": date(form.expires_on),
        "file_name": label,
        "size_bytes": content.len(),
        "sha256": sha256,
        "replaces": form.replaces,
    }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// A document to download: its file name and content. Not found outside the caller's organisation or supplier.
pub async fn download(
    db: &Db,
    user: &CurrentUser,
    id: Uuid,
) -> Result<(String, Vec<u8>), CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::content(&mut tx, scope.tenant_id(), scope.supplier_id(), id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(found)
}

/// Reminds suppliers' administrators of documents that run out: 30 and 7 days ahead and on the last day, each once
/// per document (`compliance::reminder_due`). Returns how many mails were queued. Runs under the
/// `supplier-documents` lease, so several servers may call it; one organisation's failure is logged and the others
/// still get theirs.
pub async fn remind_due(
    db: &Db,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    if !super::notifications::lease(db, "supplier-documents", now).await? {
        return Ok(0);
    }
    let mut read = db.read(&Context::relay()).await?;
    let tenants = db::notifications::tenant_deadlines(&mut read).await?;
    read.commit().await?;
    let mut sent = 0;
    for (tenant, _) in tenants {
        let tenant = TenantId(tenant);
        match remind_tenant(db, tenant, public_url, now).await {
            Ok(n) => sent += n,
            Err(e) => {
                tracing::error!(tenant = %tenant.0, error = %e, "document reminders failed")
            }
        }
    }
    Ok(sent)
}

async fn remind_tenant(
    db: &Db,
    tenant: TenantId,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<usize, CoreError> {
    let today = now.date();
    let horizon = today + Duration::days(compliance::REMINDER_DAYS[0]);
    let mut tx = db.write(&Context::tenant(tenant)).await?;
    let from = today - Duration::days(compliance::REMINDER_GRACE_DAYS);
    let stages: Vec<(i64, Date)> = compliance::REMINDER_DAYS[1..]
        .iter()
        .map(|days| (*days, today + Duration::days(*days)))
        .collect();
    let due = rows::expiring(&mut tx, tenant, from, horizon, &stages).await?;
    if due.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let organisation = db::purchase_orders::tenant_name(&mut tx, tenant).await?;
    let link = notify::page_link(public_url, "/company/documents");
    let mut sent = 0;
    for (id, supplier, title, _kind, expires_on, last) in due {
        let Some(days) = compliance::reminder_due(expires_on, today, last) else {
            continue;
        };
        if !rows::record_reminder(&mut tx, tenant, id, days, now).await? {
            continue;
        }
        let Some(supplier_ref) = crate::exceptions::supplier_ref(&mut tx, tenant, supplier).await?
        else {
            continue;
        };
        let template = Template::DocumentExpiring {
            organisation: organisation.clone(),
            supplier: supplier_ref.name,
            title,
            expires_on: expires_on.to_string(),
            days: (expires_on - today).whole_days().max(0),
            expired: expires_on < today,
        };
        let people =
            db::people::administrators(&mut tx, tenant, Some(SupplierId(supplier))).await?;
        sent += notify::queue(&mut tx, tenant, people, &template, &link, None).await?;
    }
    tx.commit().await?;
    Ok(sent)
}
