//! `/invitation?token=…`: the page an invitation e-mail links to. A new person chooses a name and password; someone
//! who already has a Portico login confirms with its password. Either way they land on the new workspace's orders.
//! An unknown, expired or used link says so and what to do next.

use crate::components::layout::{Loading, Logo};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::people::role_label_id;
use crate::server_fns::people::{inspect_invitation, AcceptInvitation};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::InvitationView;

/// The invitation page.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let invitation = Resource::new(token, inspect_invitation);
    view! {
        <Title text=i18n.tr("invitation-title")/>
        <main id="main" class="login-page">
            <section class="login-card card" aria-labelledby="invitation-heading">
                <div class="login-brand">
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </div>
                <h1 id="invitation-heading">{i18n.tr("invitation-title")}</h1>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match invitation.await {
                            Ok(view) => view! { <AcceptForm view token=token()/> }.into_any(),
                            Err(e) => {
                                let id = match e {
                                    AppError::Link(_) => e.message_id(),
                                    _ => "error-text",
                                };
                                view! {
                                    <div class="alert alert-error" role="alert">{i18n.tr(id)}</div>
                                    <p class="muted">{i18n.tr("invitation-ask-again")}</p>
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

#[component]
fn AcceptForm(view: InvitationView, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let accept = ServerAction::<AcceptInvitation>::new();
    let error_id = move || query.read().get("error");
    let place = match &view.supplier_name {
        Some(s) => i18n.tr_args(
            "invitation-at-supplier",
            &[("organisation", &view.organisation), ("supplier", s)],
        ),
        None => view.organisation.clone(),
    };
    let intro = i18n.tr_args(
        "invitation-intro",
        &[
            ("inviter", &view.inviter),
            ("place", &place),
            ("role", &i18n.tr(role_label_id(view.role))),
        ],
    );
    let existing = view.account_exists;
    view! {
        <p>{intro}</p>
        <p class="muted">{i18n.tr_args("reset-for", &[("email", &view.email)])}</p>
        <p class="muted">{if existing { i18n.tr("invitation-existing") } else { i18n.tr("invitation-new") }}</p>
        <ActionForm action=accept attr:class="form" attr:novalidate="">
            <div class="alert alert-error" role="alert" hidden=move || error_id().is_none()>
                {move || error_id().map(|id| i18n.tr_known(&id))}
            </div>
            <input type="hidden" name="token" value=token/>
            <input type="text" name="username" autocomplete="username" value=view.email.clone() hidden/>
            {(!existing).then(|| view! {
                <div class="field">
                    <label for="display_name">{i18n.tr("people-name")}</label>
                    <input id="display_name" name="display_name" type="text" autocomplete="name" required maxlength="120"/>
                </div>
            })}
            <div class="field">
                <label for="password">
                    {if existing { i18n.tr("login-password") } else { i18n.tr("password-new") }}
                </label>
                <input id="password" name="password" type="password" required maxlength="1024"
                    autocomplete=if existing { "current-password" } else { "new-password" }/>
                {(!existing).then(|| view! { <small class="muted">{i18n.tr("password-hint")}</small> })}
            </div>
            {(!existing).then(|| view! {
                <div class="field">
                    <label for="confirm">{i18n.tr("password-confirm")}</label>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024"/>
                </div>
            })}
            <button type="submit" class="btn btn-primary btn-block">
                {i18n.tr("invitation-accept")}
            </button>
        </ActionForm>
    }
}
