//! Invoice pages: the list, a new invoice with its match preview, and one invoice with the buyer's decisions.

pub mod credit;
pub mod detail;
pub mod list;
pub mod new;

use crate::i18n::use_i18n;
use leptos::prelude::*;
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
