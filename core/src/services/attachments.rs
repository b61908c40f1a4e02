//! Invoice attachments (docs/SHIPPING.md "Attachments"): the supplier of an invoice adds PDFs to it — checked by
//! content and size, stored under a server-made id with the supplier's file name as a label — and both sides
//! download them. Every file added is audited with its SHA-256.

use crate::audit::{self, Action, Entry, RequestMeta};
use crate::db::attachments as rows;
use crate::db::{Context, Db};
use crate::scope::Scope;
use crate::CoreError;
use portico_domain::attachments::{self, Refusal};
use portico_domain::CurrentUser;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Adds `content`, named `file_name` by the supplier, to invoice `invoice`: the new file's id, or why it was refused
/// (nothing stored then). Only the invoice's supplier adds files.
pub async fn add(
    db: &Db,
    meta: &RequestMeta,
    user: &CurrentUser,
    invoice: Uuid,
    file_name: &str,
    content: &[u8],
) -> Result<Result<Uuid, Refusal>, CoreError> {
    let (scope, supplier) = super::invoices::invoicer(user)?;
    let tenant = scope.tenant_id();
    // Refused before the database is touched: the content decides, not the name or the declared type.
    if let Err(r) = attachments::check_pdf(content) {
        return Ok(Err(r));
    }
    let mut tx = db.write(&Context::scope(&scope).with_user(user.id)).await?;
    let found = crate::db::invoices::get(&mut tx, &scope, invoice)
        .await?
        .ok_or(CoreError::NotFound)?;
    // One file at a time per invoice, so the count below holds.
    crate::db::invoices::touch(&mut tx, tenant, invoice).await?;
    if rows::of_invoice(&mut tx, tenant, invoice).await?.len() >= attachments::MAX_PER_INVOICE {
        return Ok(Err(Refusal::TooMany));
    }
    let id = Uuid::now_v7();
    let label = attachments::clean_file_name(file_name);
    let sha256 = crate::audit::hex(&Sha256::digest(content));
    rows::insert(
        &mut tx,
        tenant,
        &rows::NewAttachment {
            id,
            supplier,
            invoice,
            file_name: &label,
            sha256: &sha256,
            content,
            created_by: user.id,
        },
    )
    .await?;
    let entry = Entry::new(Some(tenant), Some(user.id), Action::InvoiceAttachmentAdded)
        .subject("invoice", invoice)
        .detail(json!({
            "number": found.number,
            "attachment": id,
            "file_name": label,
            "size_bytes": content.len(),
            "sha256": sha256,
        }));
    audit::append(&mut tx, meta, entry).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// A file to download: its label and content. Not found outside the caller's organisation or supplier.
pub async fn download(
    db: &Db,
    user: &CurrentUser,
    invoice: Uuid,
    id: Uuid,
) -> Result<(String, Vec<u8>), CoreError> {
    let scope = Scope::of(&user.workspace);
    let mut tx = db.read(&Context::scope(&scope)).await?;
    let found = rows::content(&mut tx, &scope, invoice, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(found)
}
