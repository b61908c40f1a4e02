//! The buyer's exception workbench: the queue (`/exceptions`), one exception (`/exceptions/:id`) and the
//! organisation's SLAs (`/exceptions/settings`).

pub mod detail;
pub mod list;
pub mod settings;

use crate::i18n::I18n;
use leptos::prelude::*;
use portico_domain::exceptions::{ExceptionKind, Timing};

/// A coloured, translated exception kind.
#[component]
pub fn KindBadge(kind: ExceptionKind) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <span class=format!("badge badge-exc badge-exc-{}", kind.code()) data-kind=kind.code()>
            {i18n.tr(&kind.label_key())}
        </span>
    }
}

/// "Due in 5 h" / "Overdue by 2 d 3 h", as text.
pub fn due_text(i18n: I18n, timing: &Timing) -> String {
    let span = duration_text(i18n, timing.due_in_hours.abs());
    if timing.overdue() {
        i18n.tr_args("exception-overdue-by", &[("span", &span)])
    } else {
        i18n.tr_args("exception-due-in", &[("span", &span)])
    }
}

/// Hours as "3 h" or "2 d 5 h".
pub fn duration_text(i18n: I18n, hours: i64) -> String {
    let (days, rest) = (hours / 24, hours % 24);
    if days == 0 {
        i18n.tr_args("exception-hours", &[("hours", &rest.to_string())])
    } else {
        i18n.tr_args(
            "exception-days-hours",
            &[("days", &days.to_string()), ("hours", &rest.to_string())],
        )
    }
}

/// What the system said when it opened the exception, if anything.
pub fn detail_text(i18n: I18n, key: &Option<String>, args: &[(String, String)]) -> Option<String> {
    let key = key.as_deref()?;
    // Dates travel as YYYY-MM-DD and are shown in the reader's language.
    let args: Vec<(&str, String)> = args
        .iter()
        .map(|(k, v)| {
            let shown = portico_domain::acknowledgement::parse_date(v)
                .map(|d| i18n.date(d))
                .unwrap_or_else(|| v.clone());
            (k.as_str(), shown)
        })
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Some(i18n.tr_known_args(key, &args))
}
