//! `/shared/orders/:id`: a purchase order opened through a document link, for someone who may not have a Portico
//! login. Only that order is reachable; the page says for whom and until when, and offers a full account.

use crate::components::layout::{Loading, Logo};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::orders::detail::DetailBody;
use crate::server_fns::links::{shared_order, SharedOrderView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::AccountOffer;

/// The shared purchase order page.
#[component]
pub fn SharedOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let order = Resource::new(id, shared_order);
    view! {
        <a class="skip-link" href="#main">{i18n.tr("skip-to-content")}</a>
        <header class="topbar">
            <div class="topbar-inner">
                <span class="brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </span>
            </div>
        </header>
        <main id="main" tabindex="-1">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(shared) => view! { <Shared shared id=id()/> }.into_any(),
                        Err(AppError::Unauthenticated) => view! {
                            <Title text=i18n.tr("shared-ended-title")/>
                            <section class="problem card" role="alert">
                                <h1>{i18n.tr("shared-ended-title")}</h1>
                                <p>{i18n.tr("shared-ended-text")}</p>
                                <p><a class="btn btn-primary" href=format!("/login?next=/orders/{}", id())>{i18n.tr("link-sign-in")}</a></p>
                            </section>
                        }.into_any(),
                        Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
        <footer class="footer">{i18n.tr("footer-text")}</footer>
    }
}

#[component]
fn Shared(shared: SharedOrderView, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let until = i18n.datetime(shared.expires_at);
    let offer = match shared.offer {
        AccountOffer::Create | AccountOffer::AddCustomer => {
            let (title, button) = if shared.offer == AccountOffer::Create {
                ("shared-offer-create", "shared-offer-create-button")
            } else {
                ("shared-offer-add", "shared-offer-add-button")
            };
            view! {
                <form method="post" action="/api/link/account" class="shared-offer">
                    <input type="hidden" name="id" value=id.clone()/>
                    <span>{i18n.tr_args(title, &[("organisation", &shared.po.buyer_name)])}</span>
                    " "
                    <button type="submit" class="btn btn-primary btn-small">{i18n.tr(button)}</button>
                </form>
            }
            .into_any()
        }
        AccountOffer::SignIn => view! {
            <p class="shared-offer">
                <a class="btn btn-primary btn-small" href=format!("/login?next=/orders/{id}")>{i18n.tr("link-sign-in")}</a>
            </p>
        }
        .into_any(),
        AccountOffer::AskContact => view! {
            <p class="shared-offer">{i18n.tr_args("shared-offer-none", &[("organisation", &shared.po.buyer_name)])}</p>
        }
        .into_any(),
    };
    let query = use_query_map();
    let sent = move || {
        let q = query.read();
        (q.get("notice").as_deref() == Some("offer-sent"))
            .then(|| q.get("email").unwrap_or_default())
    };
    let error = move || query.read().get("error");
    view! {
        <div class="alert alert-success" role="status" hidden=move || sent().is_none()>
            {move || sent().map(|e| i18n.tr_known_args("shared-offer-sent", &[("email", &e)]))}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        <div class="alert alert-info shared-banner" role="note">
            <p>{i18n.tr_args("shared-banner", &[("email", &shared.email), ("when", &until)])}</p>
            {offer}
        </div>
        <DetailBody po=shared.po shared=true/>
    }
}
