//! Status badges.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::PoStatus;

/// A coloured, translated purchase order status.
#[component]
pub fn StatusBadge(status: PoStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge-{}", status.code()) data-status=status.code()>
            {i18n.tr(&format!("status-{}", status.code()))}
        </span>
    }
}
