//! `/login`: e-mail and password. A plain HTML form: the server redirects onwards, or back here with the reason.

use crate::components::layout::Logo;
use crate::i18n::use_i18n;
use crate::server_fns::auth::Login;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let login = ServerAction::<Login>::new();
    let notice = move || {
        query
            .read()
            .get("notice")
            .filter(|n| n == "password-reset" || n == "invitation-accepted")
    };
    let error_id = move || match query.read().get("error").as_deref() {
        Some("credentials") => Some("login-failed"),
        Some("throttled") => Some("error-too-many-attempts"),
        Some("unavailable") => Some("login-unavailable"),
        Some("expired") => Some("mfa-login-expired"),
        _ => None,
    };
    view! {
        <Title text=i18n.tr("login-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="login-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="login-heading">{i18n.tr("login-title")}</h1>
                <p class="muted">{i18n.tr("login-subtitle")}</p>
                <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
                    {move || notice().map(|n| i18n.tr(&format!("login-notice-{n}")))}
                </div>
                <ActionForm action=login attr:class="form" attr:novalidate="">
                    <div class="alert alert-error" role="alert" aria-live="assertive" hidden=move || error_id().is_none()>
                        {move || error_id().map(|id| i18n.tr(id))}
                    </div>
                    <input type="hidden" name="next" value=next/>
                    <div class="field">
                        <label for="email">{i18n.tr("login-email")}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required autofocus
                            aria-invalid=move || error_id().map(|_| "true")/>
                    </div>
                    <div class="field">
                        <label for="password">{i18n.tr("login-password")}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required
                            maxlength="1024" aria-invalid=move || error_id().map(|_| "true")/>
                    </div>
                    <p class="login-links"><a href="/forgot-password">{i18n.tr("login-forgot")}</a></p>
                    <button type="submit" class="btn btn-primary btn-block">
                        {i18n.tr("login-submit")}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}
