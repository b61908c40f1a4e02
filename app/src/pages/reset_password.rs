//! `/reset-password?token=…`: the page a password-reset e-mail links to. A usable link shows the form; an unknown,
//! expired or used one says so and offers a new link.

use crate::components::layout::{Loading, Logo};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::server_fns::account::{inspect_password_reset, ResetPassword};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The set-a-new-password page.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let link = Resource::new(token, inspect_password_reset);
    let reset = ServerAction::<ResetPassword>::new();
    let error_id = move || query.read().get("error");
    view! {
        <Title text=i18n.tr("reset-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="reset-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="reset-heading">{i18n.tr("reset-title")}</h1>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match link.await {
                            Ok(email) => view! {
                                <p class="muted">{i18n.tr_args("reset-for", &[("email", &email)])}</p>
                                <ActionForm action=reset attr:class="form" attr:novalidate="">
                                    <div class="alert alert-error" role="alert" hidden=move || error_id().is_none()>
                                        {move || error_id().map(|id| i18n.tr_known(&id))}
                                    </div>
                                    <input type="hidden" name="token" value=token/>
                                    <input type="text" name="username" autocomplete="username" value=email.clone() hidden/>
                                    <div class="field">
                                        <label for="password">{i18n.tr("password-new")}</label>
                                        <input id="password" name="password" type="password" autocomplete="new-password"
                                            required minlength="12" maxlength="1024" aria-describedby="password-hint"/>
                                        <small id="password-hint" class="muted">{i18n.tr("password-hint")}</small>
                                    </div>
                                    <div class="field">
                                        <label for="confirm">{i18n.tr("password-confirm")}</label>
                                        <input id="confirm" name="confirm" type="password" autocomplete="new-password"
                                            required maxlength="1024"/>
                                    </div>
                                    <button type="submit" class="btn btn-primary btn-block">
                                        {i18n.tr("reset-submit")}
                                    </button>
                                </ActionForm>
                            }.into_any(),
                            Err(e) => {
                                let id = match e {
                                    AppError::Link(_) => e.message_id(),
                                    _ => "error-text",
                                };
                                view! {
                                    <div class="alert alert-error" role="alert">{i18n.tr(id)}</div>
                                    <p><a class="btn btn-primary btn-block" href="/forgot-password">{i18n.tr("reset-request-new")}</a></p>
                                }.into_any()
                            }
                        }
                    })}
                </Suspense>
                <p class="form-footer"><a href="/login">{i18n.tr("back-to-login")}</a></p>
            </section>
        </main>
    }
}
