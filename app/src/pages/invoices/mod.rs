//! Invoice pages: the list, a new invoice with its match preview, and one invoice with the buyer's decisions.

pub mod detail;
pub mod list;
pub mod new;

use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use portico_domain::acknowledgement::FieldError;
use portico_domain::invoicing::InvoiceStatus;

/// A coloured, translated invoice status.
#[component]
pub fn InvoiceBadge(status: InvoiceStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge-inv-{}", status.code()) data-status=status.code()>
            {i18n.tr(&format!("invoice-status-{}", status.code()))}
        </span>
    }
}

/// A mistake's sentence with its arguments.
pub fn message(i18n: I18n, e: &FieldError) -> String {
    let args: Vec<(&str, &str)> = e
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    i18n.tr_known_args(&e.message, &args)
}

/// The sentence of the mistake in `field`, if any.
pub fn error_for(i18n: I18n, errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| message(i18n, e))
}
