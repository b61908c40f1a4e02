//! Invoices: the list, the new-invoice form (flipped from an order or a ship notice) with its match preview, the
//! invoice page, and the buyer's status changes. Plain forms; a form with mistakes or a preview comes back with the
//! values as typed.

#![expect(
    clippy::too_many_arguments,
    reason = "the invoice form's server function takes its fields one by one, as a plain form posts them"
)]

use crate::error::AppError;
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::invoicing::credit::{CreditLineForm, CreditMemoForm, CreditStart};
use portico_domain::invoicing::{
    ChargeForm, CheckedInvoice, InvoiceForm, InvoiceLineForm, InvoiceStart, InvoiceSummary,
    InvoiceView, LinePreview,
};
use serde::{Deserialize, Serialize};

/// The session key of an invoice form sent back with mistakes or a preview.
#[cfg(feature = "ssr")]
const DRAFT_KEY: &str = "invoice_draft";

/// An invoice form as last sent: its values, its mistakes, and — when it kept every rule — the preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    pub form: InvoiceForm,
    pub errors: Vec<FieldError>,
    pub preview: Option<(CheckedInvoice, Vec<LinePreview>)>,
}

/// The new-invoice page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewInvoiceData {
    pub start: InvoiceStart,
    pub draft: Option<InvoiceDraft>,
    /// Made when the form was drawn: a second submission stores one invoice.
    pub token: String,
}

/// The list page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceList {
    pub invoices: Vec<InvoiceSummary>,
    pub supplier_side: bool,
}

#[cfg(feature = "ssr")]
fn uuid_of(text: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| AppError::NotFound)
}

/// The invoices the person may see.
#[server(prefix = "/api", endpoint = "invoices", input = server_fn::codec::GetUrl)]
pub async fn invoices_page() -> Result<InvoiceList, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(InvoiceList {
        invoices: portico_core::services::invoices::list(&state()?.db, &user).await?,
        supplier_side: !user.workspace.role.is_buyer_side(),
    })
}

/// The new-invoice form for an order (or one of its ship notices), with the form last sent when `draft` names it.
#[server(prefix = "/api", endpoint = "invoices/new", input = server_fn::codec::GetUrl)]
pub async fn new_invoice_page(
    order: String,
    notice: Option<String>,
    draft: Option<String>,
) -> Result<NewInvoiceData, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    let user = require_user().await?;
    let order: portico_domain::PurchaseOrderId =
        order.trim().parse().map_err(|_| AppError::NotFound)?;
    let notice = notice
        .filter(|n| !n.trim().is_empty())
        .map(|n| uuid_of(&n))
        .transpose()?;
    let start = portico_core::services::invoices::start(&state()?.db, &user, order, notice).await?;
    let draft = match draft {
        Some(nonce) => shown_once(DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    };
    Ok(NewInvoiceData {
        start,
        draft,
        token: uuid::Uuid::now_v7().simple().to_string(),
    })
}

/// The invoice form: `action` is `preview` (check and compare, store nothing) or `submit`.
#[server(prefix = "/api", endpoint = "invoices/post")]
pub async fn post_invoice(
    order: String,
    notice: Option<String>,
    action: String,
    token: String,
    number: String,
    invoice_date: String,
    due_date: Option<String>,
    payment_terms: String,
    lines: Option<Vec<InvoiceLineForm>>,
    charges: Option<Vec<ChargeForm>>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    use portico_core::services::invoices;

    let user = require_user().await?;
    let db = &state()?.db;
    let order_id: portico_domain::PurchaseOrderId =
        order.trim().parse().map_err(|_| AppError::NotFound)?;
    let notice_id = notice
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(uuid_of)
        .transpose()?;
    let form = InvoiceForm {
        number,
        invoice_date,
        due_date: due_date.unwrap_or_default(),
        payment_terms,
        lines: lines.unwrap_or_default(),
        charges: charges.unwrap_or_default(),
    };
    let page = format!(
        "/invoices/new?order={}{}",
        order_id.0,
        notice_id
            .map(|n| format!("&notice={n}"))
            .unwrap_or_default()
    );
    let page = &page;
    let back = |draft: InvoiceDraft, anchor: &'static str| async move {
        let json = serde_json::to_string(&draft).map_err(|_| AppError::Internal)?;
        let nonce = keep_for_display(DRAFT_KEY, vec![json]).await?;
        Ok::<String, AppError>(format!("{page}&draft={nonce}#{anchor}"))
    };
    let target = if action == "submit" {
        match invoices::submit(
            db,
            &request_meta(),
            &state()?.public_url,
            &user,
            order_id,
            notice_id,
            &form,
            &token,
        )
        .await?
        {
            Ok(id) => format!("/invoices/{id}?notice=invoice-submitted"),
            Err(errors) => {
                back(
                    InvoiceDraft {
                        form,
                        errors,
                        preview: None,
                    },
                    "invoice-errors",
                )
                .await?
            }
        }
    } else {
        match invoices::preview(db, &user, order_id, &form).await? {
            Ok(preview) => {
                back(
                    InvoiceDraft {
                        form,
                        errors: Vec::new(),
                        preview: Some(preview),
                    },
                    "preview",
                )
                .await?
            }
            Err(errors) => {
                back(
                    InvoiceDraft {
                        form,
                        errors,
                        preview: None,
                    },
                    "invoice-errors",
                )
                .await?
            }
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The invoice page's data: the invoice, and today's date for the payment form (the server's clock, in UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceData {
    pub invoice: InvoiceView,
    pub today: time::Date,
}

/// One invoice.
#[server(prefix = "/api", endpoint = "invoice", input = server_fn::codec::GetUrl)]
pub async fn invoice_page(id: String) -> Result<InvoiceData, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    Ok(InvoiceData {
        invoice: portico_core::services::invoices::view(&state()?.db, &user, uuid_of(&id)?).await?,
        today: time::OffsetDateTime::now_utc().date(),
    })
}

/// The buyer moves an invoice to `status` (`disputed` with a reason, `approved`, `paid` with the date).
#[server(prefix = "/api", endpoint = "invoices/status")]
pub async fn set_invoice_status(
    id: String,
    status: String,
    reason: Option<String>,
    paid_on: Option<String>,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&id)?;
    let reason = reason.unwrap_or_default();
    let paid_on = paid_on.unwrap_or_default();
    let change = portico_core::services::invoices::StatusChange {
        status: &status,
        reason: &reason,
        paid_on: &paid_on,
    };
    let result = portico_core::services::invoices::set_status(
        &state()?.db,
        &request_meta(),
        &state()?.public_url,
        &user,
        id,
        &change,
    )
    .await?;
    let target = match result {
        Ok(()) => format!("/invoices/{id}?notice=invoice-{}", status.replace('_', "-")),
        Err(errors) => {
            let e = errors
                .into_iter()
                .next()
                .map(|e| (e.field, e.message))
                .unwrap_or_default();
            format!(
                "/invoices/{id}?error={}&field={}&reason={}#decide",
                e.1,
                e.0,
                encode_query_value(&reason.chars().take(1000).collect::<String>())
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The session key of a credit memo form sent back with mistakes.
#[cfg(feature = "ssr")]
const CREDIT_DRAFT_KEY: &str = "credit_draft";

/// A credit memo form as last sent, with its mistakes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditDraft {
    pub form: CreditMemoForm,
    pub errors: Vec<FieldError>,
}

/// The new-credit-memo page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewCreditData {
    pub start: CreditStart,
    pub draft: Option<CreditDraft>,
    /// Made when the form was drawn: a second submission stores one memo.
    pub token: String,
}

/// The new-credit-memo form for invoice `id`, with the form last sent when `draft` names it.
#[server(prefix = "/api", endpoint = "credit-memos/new", input = server_fn::codec::GetUrl)]
pub async fn new_credit_page(id: String, draft: Option<String>) -> Result<NewCreditData, AppError> {
    use crate::ssr::{require_user, shown_once, state};
    let user = require_user().await?;
    let start =
        portico_core::services::credit_memos::start(&state()?.db, &user, uuid_of(&id)?).await?;
    let draft = match draft {
        Some(nonce) => shown_once(CREDIT_DRAFT_KEY, &nonce)
            .await?
            .and_then(|v| v.first().and_then(|json| serde_json::from_str(json).ok())),
        None => None,
    };
    Ok(NewCreditData {
        start,
        draft,
        token: uuid::Uuid::now_v7().simple().to_string(),
    })
}

/// The credit memo form: stores the memo, or comes back with the mistakes and the values as typed.
#[server(prefix = "/api", endpoint = "credit-memos/post")]
pub async fn post_credit_memo(
    invoice: String,
    token: String,
    number: String,
    credit_date: String,
    reason: Option<String>,
    lines: Option<Vec<CreditLineForm>>,
    charges: Option<Vec<ChargeForm>>,
) -> Result<(), AppError> {
    use crate::ssr::{keep_for_display, request_meta, require_user, state};
    let user = require_user().await?;
    let id = uuid_of(&invoice)?;
    let form = CreditMemoForm {
        number,
        credit_date,
        reason: reason.unwrap_or_default(),
        lines: lines.unwrap_or_default(),
        charges: charges.unwrap_or_default(),
    };
    let result = portico_core::services::credit_memos::submit(
        &state()?.db,
        &request_meta(),
        &state()?.public_url,
        &user,
        id,
        &form,
        &token,
    )
    .await?;
    let target = match result {
        Ok(memo) => format!("/invoices/{memo}?notice=credit-submitted"),
        Err(errors) => {
            let json = serde_json::to_string(&CreditDraft { form, errors })
                .map_err(|_| AppError::Internal)?;
            let nonce = keep_for_display(CREDIT_DRAFT_KEY, vec![json]).await?;
            format!("/invoices/{id}/credit?draft={nonce}#credit-errors")
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Receives a file for invoice `invoice` (fields `invoice`, then `file`): a PDF by content, at most 10 MiB. Comes
/// back to the invoice page saying what was stored or why not.
#[server(prefix = "/api", endpoint = "invoices/attach", input = server_fn::codec::MultipartFormData)]
pub async fn attach_to_invoice(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::ssr::{request_meta, require_user, state};
    use portico_domain::attachments::{Refusal, MAX_BYTES};
    /// How much of a too-large upload is read (and dropped) before the connection is given up.
    const DRAIN_BYTES: usize = 80 * 1024 * 1024;

    let user = require_user().await?;
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut invoice = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut refusal = None;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        match field.name() {
            Some("invoice") => {
                let text = field.text().await.unwrap_or_default();
                invoice = Some(uuid_of(&text)?);
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let mut bytes = Vec::new();
                let mut read = 0usize;
                // Keep no more than the limit: a huge upload is refused without being held in memory. The rest
                // is read and dropped (up to DRAIN_BYTES) so the browser, still sending, gets the answer instead
                // of a reset connection.
                while let Ok(Some(chunk)) = field.chunk().await {
                    read += chunk.len();
                    if read > MAX_BYTES {
                        refusal = Some(Refusal::TooLarge);
                        bytes = Vec::new();
                        if read > DRAIN_BYTES {
                            break;
                        }
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                file = Some((name, bytes));
                break;
            }
            _ => {}
        }
    }
    let invoice = invoice.ok_or(AppError::NotFound)?;
    let outcome = match (refusal, file) {
        (Some(r), _) => Err(r),
        (None, None) => Err(Refusal::Empty),
        (None, Some((name, bytes))) => {
            portico_core::services::attachments::add(
                &state()?.db,
                &request_meta(),
                &user,
                invoice,
                &name,
                &bytes,
            )
            .await?
        }
    };
    let target = match outcome {
        Ok(_) => format!("/invoices/{invoice}?notice=attachment-added#attachments"),
        Err(r) => format!(
            "/invoices/{invoice}?attach_error={}#attachments",
            r.message()
        ),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Downloads a file of an invoice: always as an attachment (never shown inline), `nosniff`, not cached.
#[server(prefix = "/api", endpoint = "invoices/attachment", input = server_fn::codec::GetUrl, output = server_fn::codec::Streaming)]
pub async fn invoice_attachment(
    invoice: String,
    id: String,
) -> Result<server_fn::codec::ByteStream<AppError>, AppError> {
    use crate::ssr::{require_user, state};
    let user = require_user().await?;
    let (name, content) = portico_core::services::attachments::download(
        &state()?.db,
        &user,
        uuid_of(&invoice)?,
        uuid_of(&id)?,
    )
    .await?;
    Ok(crate::ssr::pdf_download(&name, content))
}

/// Sets the buyer's match tolerances (on the change policy page); a mistake comes back with the values as typed.
#[server(prefix = "/api", endpoint = "change-policy/tolerances")]
pub async fn save_match_tolerances(
    price_over_pct: String,
    price_over_abs: String,
    quantity_over_pct: String,
) -> Result<(), AppError> {
    use crate::nav::encode_query_value;
    use crate::ssr::{request_meta, require_user, state};
    let user = require_user().await?;
    let result = portico_core::services::invoices::save_tolerances(
        &state()?.db,
        &request_meta(),
        &user,
        &price_over_pct,
        &price_over_abs,
        &quantity_over_pct,
    )
    .await?;
    let typed = |v: &str| encode_query_value(&v.chars().take(20).collect::<String>());
    let target = match result {
        Ok(_) => "/change-policy?notice=tolerances-saved#tolerances".to_owned(),
        Err(errors) => {
            let e = errors
                .into_iter()
                .next()
                .map(|e| (e.field, e.message))
                .unwrap_or_default();
            format!(
                "/change-policy?error={}&field={}&tol_price={}&tol_abs={}&tol_qty={}#tolerances",
                e.1,
                e.0,
                typed(&price_over_pct),
                typed(&price_over_abs),
                typed(&quantity_over_pct),
            )
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}
