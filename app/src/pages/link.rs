//! `/link?token=…`: the page a document link in an e-mail leads to. It says what the link opens and opens it with a
//! button (a form post), so mail scanners that fetch links do not spend them. A used or expired link offers a fresh
//! one, sent to the address the old one went to.

use crate::components::layout::{Loading, Logo};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::server_fns::links::inspect_link;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::TokenProblem;

/// The document link page.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let renewed = move || query.read().get("renewed").is_some();
    let error = move || query.read().get("error");
    let link = Resource::new(token, inspect_link);
    view! {
        <Title text=i18n.tr("link-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="link-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="link-heading">{i18n.tr("link-title")}</h1>
                <Show
                    when=renewed
                    fallback=move || view! {
                        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
                            {move || error().map(|e| i18n.tr_known(&e))}
                        </div>
                        <Suspense fallback=Loading>
                            {move || Suspend::new(async move {
                                match link.await {
                                    Ok(view) => view! {
                                        <p>{i18n.tr_args("link-intro", &[
                                            ("organisation", &view.organisation),
                                            ("document", &view.document),
                                            ("email", &view.email),
                                        ])}</p>
                                        <p class="muted">{i18n.tr_args("link-expires", &[("when", &i18n.datetime(view.expires_at))])}</p>
                                        <form class="form" method="post" action="/api/link/open">
                                            <input type="hidden" name="token" value=token()/>
                                            <button type="submit" class="btn btn-primary btn-block">
                                                {i18n.tr_args("link-open", &[("document", &view.document)])}
                                            </button>
                                        </form>
                                    }.into_any(),
                                    Err(e @ AppError::Link(TokenProblem::Used | TokenProblem::Expired)) => view! {
                                        <div class="alert alert-error" role="alert">{i18n.tr(e.message_id())}</div>
                                        <p>{i18n.tr("link-renew-help")}</p>
                                        <form class="form" method="post" action="/api/link/renew">
                                            <input type="hidden" name="token" value=token()/>
                                            <button type="submit" class="btn btn-primary btn-block">{i18n.tr("link-renew")}</button>
                                        </form>
                                    }.into_any(),
                                    Err(e) => {
                                        let id = match e {
                                            AppError::Link(_) => e.message_id(),
                                            _ => "error-text",
                                        };
                                        view! { <div class="alert alert-error" role="alert">{i18n.tr(id)}</div> }.into_any()
                                    }
                                }
                            })}
                        </Suspense>
                    }
                >
                    <div class="alert alert-success" role="status">{i18n.tr("link-renewed")}</div>
                </Show>
                <p class="form-footer"><a href="/login">{i18n.tr("link-sign-in")}</a></p>
            </section>
        </main>
    }
}
