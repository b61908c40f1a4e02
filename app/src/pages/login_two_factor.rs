//! `/login/two-factor`: the second sign-in step for accounts with two-factor sign-in. One field takes either the
//! six-digit code from the authenticator app or a recovery code. Works as a plain HTML form without JavaScript.

use crate::components::layout::Logo;
use crate::i18n::use_i18n;
use crate::server_fns::auth::LoginSecondFactor;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The two-factor sign-in page.
#[component]
pub fn LoginTwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let verify = ServerAction::<LoginSecondFactor>::new();
    let error_id = move || {
        query.read().get("error").map(|e| {
            if e == "error-too-many-attempts" {
                "mfa-too-many".to_owned()
            } else {
                e
            }
        })
    };
    view! {
        <Title text=i18n.tr("mfa-login-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="mfa-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="mfa-heading">{i18n.tr("mfa-login-title")}</h1>
                <p class="muted" id="mfa-help">{i18n.tr("mfa-login-help")}</p>
                <ActionForm action=verify attr:class="form" attr:novalidate="">
                    <div class="alert alert-error" role="alert" aria-live="assertive" hidden=move || error_id().is_none()>
                        {move || error_id().map(|id| i18n.tr_known(&id))}
                    </div>
                    <input type="hidden" name="next" value=next/>
                    <div class="field">
                        <label for="code">{i18n.tr("mfa-code")}</label>
                        <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code"
                            required autofocus maxlength="32" spellcheck="false" autocapitalize="off"
                            aria-describedby="mfa-help" aria-invalid=move || error_id().map(|_| "true")/>
                    </div>
                    <button type="submit" class="btn btn-primary btn-block">
                        {i18n.tr("mfa-login-submit")}
                    </button>
                </ActionForm>
                <p class="form-footer"><a href="/login">{i18n.tr("mfa-login-restart")}</a></p>
            </section>
        </main>
    }
}
