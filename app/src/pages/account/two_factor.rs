//! `/account/two-factor`: set up two-factor sign-in with an authenticator app (QR code or typed secret, confirmed by
//! one code), see and replace recovery codes, or switch it off. Plain HTML forms: the page works the same with and
//! without JavaScript. The only page open to someone whose organisation requires two-factor sign-in until they set
//! it up.

use crate::components::layout::{Loading, SignedIn};
use crate::i18n::use_i18n;
use crate::server_fns::mfa::{two_factor_page, TwoFactorView as PageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::MfaStatus;

/// The two-factor settings page.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("codes"), two_factor_page);
    view! {
        <Title text=i18n.tr("mfa-title")/>
        <SignedIn>
            <TwoFactor data/>
        </SignedIn>
    }
}

#[component]
fn TwoFactor(
    data: Resource<Result<crate::server_fns::mfa::TwoFactorView, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || query.read().get("notice");
    let error = move || query.read().get("error");
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/account">{i18n.tr("account-title")}</a></p>
                <h1>{i18n.tr("mfa-title")}</h1>
            </div>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|n| i18n.tr_known(&format!("mfa-notice-{n}")))}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Settings page/> }.into_any(),
                    Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Settings(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let PageData {
        status,
        fresh_codes,
    } = page;
    let required_banner = (status.required && status.enabled_at.is_none()).then(|| {
        view! { <div class="alert alert-info" role="status">{i18n.tr("mfa-required-banner")}</div> }
    });
    let codes = fresh_codes.map(|codes| view! { <FreshCodes codes/> });
    let body = match (&status.enabled_at, &status.pending) {
        (Some(_), _) => view! { <Enabled status=status.clone()/> }.into_any(),
        (None, Some(_)) => view! { <Enrolling status=status.clone()/> }.into_any(),
        (None, None) => view! { <Off/> }.into_any(),
    };
    view! {
        {required_banner}
        {codes}
        {body}
    }
}

/// Recovery codes made just now: shown once.
#[component]
fn FreshCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card section recovery" aria-labelledby="codes-heading">
            <h2 id="codes-heading">{i18n.tr("mfa-codes-title")}</h2>
            <p>{i18n.tr("mfa-codes-help")}</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Off() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card section" aria-labelledby="mfa-off-heading">
            <h2 id="mfa-off-heading">{i18n.tr("mfa-off-title")}</h2>
            <p>{i18n.tr("mfa-off-help")}</p>
            <form method="post" action="/api/mfa/start">
                <button type="submit" class="btn btn-primary">{i18n.tr("mfa-start")}</button>
            </form>
        </section>
    }
}

#[component]
fn Enrolling(status: MfaStatus) -> impl IntoView {
    let i18n = use_i18n();
    let Some(pending) = status.pending else {
        return ().into_any();
    };
    view! {
        <section class="card section" aria-labelledby="mfa-setup-heading">
            <h2 id="mfa-setup-heading">{i18n.tr("mfa-setup-title")}</h2>
            <ol class="steps">
                <li>
                    <p>{i18n.tr("mfa-setup-scan")}</p>
                    <img class="qr" src=pending.qr_data_url width="220" height="220" alt=i18n.tr("mfa-qr-alt")/>
                    <p class="muted">
                        {i18n.tr("mfa-setup-type")}" "
                        <code class="secret" data-testid="totp-secret">{pending.secret_grouped}</code>
                    </p>
                    <p><a href=pending.uri>{i18n.tr("mfa-setup-open-app")}</a></p>
                </li>
                <li>
                    <p>{i18n.tr("mfa-setup-confirm")}</p>
                    <form class="form narrow" method="post" action="/api/mfa/confirm">
                        <CurrentPassword id="confirm_password"/>
                        <div class="field">
                            <label for="code">{i18n.tr("mfa-code-app")}</label>
                            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                required maxlength="9" pattern="[0-9 ]{6,9}" spellcheck="false"/>
                        </div>
                        <div>
                            <button type="submit" class="btn btn-primary">{i18n.tr("mfa-confirm")}</button>
                        </div>
                    </form>
                </li>
            </ol>
            <form method="post" action="/api/mfa/start">
                <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("mfa-restart")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn Enabled(status: MfaStatus) -> impl IntoView {
    let i18n = use_i18n();
    let since = status
        .enabled_at
        .map(|t| i18n.datetime(t))
        .unwrap_or_default();
    let left = status.recovery_codes_left.to_string();
    view! {
        <section class="card section" aria-labelledby="mfa-on-heading">
            <h2 id="mfa-on-heading">
                {i18n.tr("mfa-on-title")}" "<span class="badge badge-success">{i18n.tr("mfa-on-badge")}</span>
            </h2>
            <p>{i18n.tr_args("mfa-on-since", &[("when", &since)])}</p>
            <p>{i18n.tr_args("mfa-codes-left", &[("count", &left)])}</p>
        </section>
        <section class="card section" aria-labelledby="mfa-codes-heading">
            <h2 id="mfa-codes-heading">{i18n.tr("mfa-new-codes-title")}</h2>
            <p class="muted">{i18n.tr("mfa-new-codes-help")}</p>
            <form class="form narrow" method="post" action="/api/mfa/recovery-codes">
                <CurrentPassword id="codes_password"/>
                <div>
                    <button type="submit" class="btn btn-secondary">{i18n.tr("mfa-new-codes")}</button>
                </div>
            </form>
        </section>
        {(!status.required).then(|| view! {
            <section class="card section" aria-labelledby="mfa-disable-heading">
                <h2 id="mfa-disable-heading">{i18n.tr("mfa-disable-title")}</h2>
                <p class="muted">{i18n.tr("mfa-disable-help")}</p>
                <form class="form narrow" method="post" action="/api/mfa/disable">
                    <CurrentPassword id="disable_password"/>
                    <div>
                        <button type="submit" class="btn btn-danger">{i18n.tr("mfa-disable")}</button>
                    </div>
                </form>
            </section>
        })}
    }
}

/// The current-password field every change of two-factor settings asks for.
#[component]
fn CurrentPassword(id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{i18n.tr("password-current")}</label>
            <input id=id name="current_password" type="password" autocomplete="current-password" required
                maxlength="1024"/>
        </div>
    }
}
