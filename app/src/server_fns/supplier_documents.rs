//! Compliance documents (docs/SUPPLIERS.md "Compliance documents"): the supplier's page with its upload form, the
//! buyer's page of one supplier's documents, the buyer's list of what has expired or runs out, and the download.
//! Plain forms; an upload with mistakes comes back with the fields as typed (the file must be chosen again).

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::compliance::{BuyerDocumentsView, DocumentInput, SupplierDocumentsView};
use serde::{Deserialize, Serialize};

/// The session key of an upload form sent back with mistakes.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "document_draft";

/// An upload form as last sent and its mistakes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentDraft {
    pub input: DocumentInput,
    pub errors: Vec<FieldError>,
}

/// The supplier's documents page: the view and the form last sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentsPageData {
    pub view: SupplierDocumentsView,
    pub draft: Option<DocumentDraft>,
}

#[cfg(feature = "ssr")]
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The supplier's own documents (`/company/documents`).
#[server(prefix = "/api", endpoint = "company/documents", input = server_fn::codec::GetUrl)]
pub async fn own_documents_page(draft: Option<String>) -> Result<DocumentsPageData, AppError> {
    use crate::ssr::{kept_draft, require_user, state};
    let user = require_user().await?;
    let view =
        portico_core::services::supplier_documents::own(&state()?.db, &user, today()).await?;
    let draft = kept_draft(DRAFT_KEY, draft).await?;
    Ok(DocumentsPageData { view, draft })
}

/// One supplier's documents as the buyer sees them (`/suppliers/:id/documents`).
#[server(prefix = "/api", endpoint = "suppliers/documents/of", input = server_fn::codec::GetUrl)]
pub async fn supplier_documents_page(supplier: String) -> Result<SupplierDocumentsView, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let supplier = uuid::Uuid::parse_str(supplier.trim()).map_err(|_| AppError::NotFound)?;
    Ok(portico_core::services::supplier_documents::of_supplier(
        &state()?.db,
        &user,
        portico_domain::SupplierId(supplier),
        today(),
    )
    .await?)
}

/// The buyer's list of every supplier's documents (`/suppliers/documents`), `filter` = `attention` or `all`.
#[server(prefix = "/api", endpoint = "suppliers/documents", input = server_fn::codec::GetUrl)]
pub async fn buyer_documents(filter: Option<String>) -> Result<BuyerDocumentsView, AppError> {
    use crate::ssr::{require_user, state};
    use portico_domain::compliance::DocumentFilter;
    let user = require_user().await?;
    let filter = DocumentFilter::parse(filter.as_deref().unwrap_or_default());
    Ok(
        portico_core::services::supplier_documents::buyer_list(
            &state()?.db,
            &user,
            filter,
            today(),
        )
        .await?,
    )
}

/// Receives an upload (fields `kind`, `title`, `issued_on`, `expires_on`, `replaces`, then `file`) and comes back to
/// the documents page saying it was stored, or with the mistakes and the fields as typed.
#[server(prefix = "/api", endpoint = "company/documents/upload", input = server_fn::codec::MultipartFormData)]
pub async fn upload_document(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::ssr::{keep_draft, request_meta, require_user, state};
    use portico_domain::attachments::MAX_BYTES;
    /// How much of a too-large upload is read (and dropped) before the connection is given up.
    const DRAIN_BYTES: usize = 80 * 1024 * 1024;
    /// The longest text field read.
    const FIELD_MAX: usize = 4096;

    let user = require_user().await?;
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut input = DocumentInput::default();
    let mut file_name = String::new();
    let mut content = Vec::new();
    let mut too_large = false;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file_name = field.file_name().unwrap_or_default().to_owned();
            let mut read = 0usize;
            // Keep no more than the limit; the rest is read and dropped (up to DRAIN_BYTES) so the browser, still
            // sending, gets the answer instead of a reset connection.
            while let Ok(Some(chunk)) = field.chunk().await {
                read += chunk.len();
                if read > MAX_BYTES {
                    too_large = true;
                    content = Vec::new();
                    if read > DRAIN_BYTES {
                        break;
                    }
                } else {
                    content.extend_from_slice(&chunk);
                }
            }
            continue;
        }
        let mut text = field.text().await.unwrap_or_default();
        text.truncate(text.floor_char_boundary(FIELD_MAX));
        match name.as_str() {
            "kind" => input.kind = text,
            "title" => input.title = text,
            "issued_on" => input.issued_on = text,
            "expires_on" => input.expires_on = text,
            "replaces" => input.replaces = text,
            _ => {}
        }
    }
    let outcome = portico_core::services::supplier_documents::upload(
        &state()?.db,
        &request_meta(),
        &user,
        &input,
        &file_name,
        if too_large {
            Err(portico_domain::attachments::Refusal::TooLarge)
        } else {
            Ok(&content)
        },
        today(),
    )
    .await?;
    let target = match outcome {
        Ok(_) => "/company/documents?notice=doc-uploaded".to_owned(),
        Err(errors) => {
            let nonce = keep_draft(DRAFT_KEY, &DocumentDraft { input, errors }).await?;
            format!("/company/documents?draft={nonce}#doc-errors")
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Downloads a document: always as an attachment (never shown inline), `nosniff`, not cached.
#[server(prefix = "/api", endpoint = "documents/file", input = server_fn::codec::GetUrl, output = server_fn::codec::Streaming)]
pub async fn document_file(id: String) -> Result<server_fn::codec::ByteStream<AppError>, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let (name, content) =
        portico_core::services::supplier_documents::download(&state()?.db, &user, id).await?;
    Ok(crate::ssr::pdf_download(&name, content))
}
