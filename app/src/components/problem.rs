//! How a failed request is shown.

use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// A translated explanation of an error, never internal detail.
#[component]
pub fn Problem(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let (title, text) = match &error {
        AppError::NotFound => (i18n.tr("not-found-title"), i18n.tr("not-found-text")),
        AppError::BadList(_) => (
            i18n.tr("error-title"),
            i18n.tr_args(
                "inbox-bad-request",
                &[("name", &i18n.tr(error.message_id()))],
            ),
        ),
        _ => (i18n.tr("error-title"), i18n.tr(error.message_id())),
    };
    view! {
        <Title text=title.clone()/>
        <section class="problem card" role="alert">
            <h1>{title}</h1>
            <p>{text}</p>
            <p><a class="btn btn-primary" href="/orders">{i18n.tr("po-back")}</a></p>
        </section>
    }
}
