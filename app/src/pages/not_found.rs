//! The 404 page, for unknown paths and for documents the person may not see (the same answer on purpose).

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// Answers 404 with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.tr("not-found-title")/>
        <main id="main" class="centered">
            <section class="problem card" role="alert">
                <h1>{i18n.tr("not-found-title")}</h1>
                <p>{i18n.tr("not-found-text")}</p>
                <p><a class="btn btn-primary" href="/orders">{i18n.tr("po-back")}</a></p>
            </section>
        </main>
    }
}
