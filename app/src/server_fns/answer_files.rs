//! Answering orders by file: download the open lines as CSV, upload the answered file, see its preview, apply it.
//! The upload is a plain `multipart/form-data` form and the rest plain links and forms, so all of it works without
//! JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::file::FilePreview;
use serde::{Deserialize, Serialize};
use server_fn::codec::{GetUrl, MultipartData, MultipartFormData, StreamingText, TextStream};

/// What the page shows: how many orders wait for an answer, and the preview of an uploaded file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerFileView {
    pub open_orders: usize,
    pub upload: Option<String>,
    pub preview: Option<FilePreview>,
}

/// The page's data; `upload` names an uploaded file to preview.
#[server(prefix = "/api", endpoint = "answer-file", input = GetUrl)]
pub async fn answer_file_page(upload: Option<String>) -> Result<AnswerFileView, AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::answer_files;

    let user = require_user().await?;
    let db = &state()?.db;
    let preview = match upload.as_deref().map(uuid::Uuid::parse_str) {
        Some(Ok(id)) => Some(answer_files::preview(db, &user, id).await?),
        Some(Err(_)) => return Err(AppError::NotFound),
        None => None,
    };
    let open_orders = answer_files::open_count(db, &user).await?;
    Ok(AnswerFileView {
        open_orders,
        upload,
        preview,
    })
}

/// The open lines as a CSV download: of one order (`order`), or of every order waiting for an answer.
#[server(prefix = "/api", endpoint = "answer-file/download", input = GetUrl, output = StreamingText)]
pub async fn download_answer_file(order: Option<String>) -> Result<TextStream<AppError>, AppError> {
    use crate::ssr::{require_user, state};
    use axum::http::{header, HeaderValue};
    use portico_core::services::answer_files;
    use portico_domain::PurchaseOrderId;

    let user = require_user().await?;
    let orders: Vec<PurchaseOrderId> = match order.as_deref().filter(|o| !o.is_empty()) {
        Some(id) => vec![id.parse().map_err(|_| AppError::NotFound)?],
        None => Vec::new(),
    };
    let file = answer_files::download(&state()?.db, &user, &orders).await?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.insert_header(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.file_name)) {
        response.insert_header(header::CONTENT_DISPOSITION, v);
    }
    response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(TextStream::new(futures::stream::once(async move {
        Ok(file.content)
    })))
}

/// Receives an answered file (field `file`), stores it and opens its preview.
#[server(prefix = "/api", endpoint = "answer-file/upload", input = MultipartFormData)]
pub async fn upload_answer_file(data: MultipartData) -> Result<(), AppError> {
    use crate::ssr::{require_user, state};
    use portico_core::services::answer_files::{self, Uploaded};
    use portico_domain::acknowledgement::file::MAX_FILE_BYTES;

    let user = require_user().await?;
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        // Read no further than one byte past the limit: a huge upload is refused without being held in memory.
        while let Ok(Some(chunk)) = field.chunk().await {
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                too_large = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
        break;
    }
    let target = match file {
        _ if too_large => "/orders/answer-file?error=file-error-too-large".to_owned(),
        None => "/orders/answer-file?error=file-error-none".to_owned(),
        Some((name, bytes)) => {
            match answer_files::upload(&state()?.db, &user, &name, &bytes).await? {
                Uploaded::Stored(id) => {
                    format!("/orders/answer-file?upload={}#preview", id.simple())
                }
                Uploaded::Refused(problem) => {
                    format!("/orders/answer-file?error={}", problem.message)
                }
            }
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Applies an uploaded file: every answer in one transaction, or none.
#[server(prefix = "/api", endpoint = "answer-file/apply")]
pub async fn apply_answer_file(upload: String) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_core::services::answer_files::{self, Applied};

    let user = require_user().await?;
    let state = state()?;
    let id = uuid::Uuid::parse_str(upload.trim()).map_err(|_| AppError::NotFound)?;
    let target = match answer_files::apply(&state.db, &request_meta(), &state.public_url, &user, id)
        .await?
    {
        Applied::Done { orders } => {
            format!("/orders/answer-file?notice=file-applied&orders={orders}")
        }
        Applied::Repeated => "/orders/answer-file?notice=file-applied-before".to_owned(),
        Applied::Refused(_) => {
            format!(
                "/orders/answer-file?upload={}&error=file-error-refused#preview",
                id.simple()
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}
