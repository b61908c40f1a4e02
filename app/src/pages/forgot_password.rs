//! `/forgot-password`: asks for an e-mail address and sends a reset link if it has an account. The answer is the
//! same either way. Works as a plain HTML form without JavaScript.

use crate::components::layout::Logo;
use crate::i18n::use_i18n;
use crate::server_fns::account::RequestPasswordReset;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The forgotten-password page.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let request = ServerAction::<RequestPasswordReset>::new();
    let sent = move || query.read().get("sent").is_some();
    let error_id = move || match query.read().get("error").as_deref() {
        Some("throttled") => Some("error-too-many-attempts"),
        Some("email") => Some("field-email-invalid"),
        _ => None,
    };
    view! {
        <Title text=i18n.tr("forgot-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="forgot-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="forgot-heading">{i18n.tr("forgot-title")}</h1>
                <Show
                    when=sent
                    fallback=move || view! {
                        <p class="muted">{i18n.tr("forgot-subtitle")}</p>
                        <ActionForm action=request attr:class="form" attr:novalidate="">
                            <div class="alert alert-error" role="alert" hidden=move || error_id().is_none()>
                                {move || error_id().map(|id| i18n.tr(id))}
                            </div>
                            <div class="field">
                                <label for="email">{i18n.tr("login-email")}</label>
                                <input id="email" name="email" type="email" autocomplete="username" required autofocus
                                    aria-invalid=move || error_id().map(|_| "true")/>
                            </div>
                            <button type="submit" class="btn btn-primary btn-block">
                                {i18n.tr("forgot-submit")}
                            </button>
                        </ActionForm>
                    }
                >
                    <div class="alert alert-success" role="status">{i18n.tr("forgot-sent")}</div>
                </Show>
                <p class="form-footer"><a href="/login">{i18n.tr("back-to-login")}</a></p>
            </section>
        </main>
    }
}
