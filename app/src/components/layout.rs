//! The signed-in page frame: header with workspace, navigation, language and sign-out; the main landmark; footer.

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::nav::login_url;
use crate::server_fns::auth::{my_workspaces, signed_in_user};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;
use portico_domain::{CurrentUser, WorkspaceChoice};
use portico_i18n::Locale;

/// The two-factor set-up page, the only page open to someone whose organisation requires it before they set it up.
pub const TWO_FACTOR_PATH: &str = "/account/two-factor";

/// Renders `children` inside the page frame for a signed-in person; sends everyone else to the login page and back.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    // One resource for everything the frame needs: a resource created later, inside the resolved frame, could be
    // missed by the server's wait for pending data and leave the response unfinished.
    let user = Resource::new(
        || (),
        |_| async move {
            let user = signed_in_user().await?;
            let workspaces = my_workspaces().await.unwrap_or_default();
            Ok::<_, AppError>((user, workspaces))
        },
    );
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match user.await {
                    Ok((user, _)) if user.mfa_enrolment_required
                        && location.pathname.get_untracked() != TWO_FACTOR_PATH => {
                        // The organisation requires two-factor sign-in: nothing else opens until it is set up.
                        view! { <Redirect path=TWO_FACTOR_PATH/> }.into_any()
                    }
                    Ok((user, workspaces)) => {
                        // Pages inside the frame may ask who is signed in (e.g. to show buyer-only actions).
                        provide_context(user.clone());
                        view! { <Frame user=user workspaces=workspaces>{children.read_value()()}</Frame> }.into_any()
                    }
                    Err(AppError::Unauthenticated) => {
                        let search = location.search.get_untracked();
                        let search = search.trim().trim_start_matches('?');
                        let here = if search.is_empty() {
                            location.pathname.get_untracked()
                        } else {
                            format!("{}?{search}", location.pathname.get_untracked())
                        };
                        view! { <Redirect path=login_url(&here)/> }.into_any()
                    }
                    Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A neutral placeholder while data loads (only seen during client-side navigation).
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.tr("loading")}</p> }
}

#[component]
fn Frame(user: CurrentUser, workspaces: Vec<WorkspaceChoice>, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!(
                "{}?{}",
                location.pathname.get(),
                search.trim_start_matches('?')
            )
        }
    };
    let workspace = &user.workspace;
    let workspace_label = match &workspace.supplier_name {
        Some(supplier) => i18n.tr_args("workspace-supplier", &[("name", supplier)]),
        None => i18n.tr_args("workspace-buyer", &[("name", &workspace.tenant_name)]),
    };
    let initials: String = user
        .display_name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    view! {
        <a class="skip-link" href="#main">{i18n.tr("skip-to-content")}</a>
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/orders" aria-label=i18n.tr("app-name")>
                    <Logo/>
                    <span class="brand-name">{i18n.tr("app-name")}</span>
                </a>
                <WorkspaceSwitcher label=workspace_label.clone() choices=workspaces/>
                <nav class="mainnav" aria-label=i18n.tr("nav-main")>
                    <A href="/orders">{i18n.tr("nav-purchase-orders")}</A>
                    <A href="/shipments">{i18n.tr("nav-shipments")}</A>
                    <A href="/invoices">{i18n.tr("nav-invoices")}</A>
                    {workspace.role.is_buyer_side().then(|| view! { <A href="/exceptions">{i18n.tr("nav-exceptions")}</A> })}
                    {workspace.role.is_buyer_side().then(|| view! { <A href="/suppliers" exact=true>{i18n.tr("nav-suppliers")}</A> })}
                    {if workspace.role.is_buyer_side() {
                        view! { <A href="/suppliers/scorecards">{i18n.tr("nav-scorecards")}</A> }.into_any()
                    } else {
                        view! { <A href="/scorecard">{i18n.tr("nav-scorecard")}</A> }.into_any()
                    }}
                    {(!workspace.role.is_buyer_side()).then(|| view! { <A href="/company/profile">{i18n.tr("nav-company-profile")}</A> })}
                    {(!workspace.role.is_buyer_side()).then(|| view! { <A href="/company/bank">{i18n.tr("nav-bank")}</A> })}
                    {(!workspace.role.is_buyer_side()).then(|| view! { <A href="/company/documents">{i18n.tr("nav-documents")}</A> })}
                    {(!workspace.role.may_invite().is_empty()).then(|| view! { <A href="/people">{i18n.tr("nav-people")}</A> })}
                    {(workspace.role == portico_domain::MembershipRole::BuyerAdmin).then(|| view! { <A href="/integration">{i18n.tr("nav-integration")}</A> })}
                    {(workspace.role == portico_domain::MembershipRole::BuyerAdmin).then(|| view! { <A href="/change-policy">{i18n.tr("nav-change-policy")}</A> })}
                </nav>
                <div class="topbar-tools">
                    <form class="lang-form" method="post" action="/api/language">
                        <label class="visually-hidden" for="lang-select">{i18n.tr("nav-language")}</label>
                        <select id="lang-select" name="lang">
                            {Locale::ALL
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <option value=l.tag() selected=l == i18n.locale() lang=l.tag()>
                                            {l.native_name()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <input type="hidden" name="back" value=back/>
                        <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("nav-language-apply")}</button>
                    </form>
                    <a class="user-chip" href="/account" title=i18n.tr_args("nav-signed-in-as", &[("name", &user.display_name)])>
                        <span class="avatar" aria-hidden="true">{initials}</span>
                        <span class="user-name">{user.display_name.clone()}</span>
                        <span class="visually-hidden">{i18n.tr("nav-account")}</span>
                    </a>
                    <form method="post" action="/api/logout">
                        <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("nav-sign-out")}</button>
                    </form>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="footer">{i18n.tr("footer-text")}</footer>
    }
}

/// The current workspace; for people who work for several buyer organisations, a form to switch customer.
/// A plain form, so it works without JavaScript too.
#[component]
fn WorkspaceSwitcher(label: String, choices: Vec<WorkspaceChoice>) -> impl IntoView {
    let i18n = use_i18n();
    if choices.len() < 2 {
        return view! { <span class="workspace" title=label.clone()>{label.clone()}</span> }
            .into_any();
    }
    view! {
        <form class="workspace workspace-form" method="post" action="/api/workspace">
            <label class="visually-hidden" for="workspace-select">{i18n.tr("workspace-switch-label")}</label>
            <select id="workspace-select" name="membership">
                {choices
                    .into_iter()
                    .map(|w| {
                        let text = match &w.supplier_name {
                            Some(s) => i18n.tr_args("workspace-choice-supplier", &[("customer", &w.tenant_name), ("supplier", s)]),
                            None => w.tenant_name.clone(),
                        };
                        view! { <option value=w.membership_id.to_string() selected=w.current>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("workspace-switch")}</button>
        </form>
    }
    .into_any()
}

/// The Portico mark.
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <rect x="1" y="1" width="30" height="30" rx="8" fill="#1d3f72"/>
            <path d="M9 24V8h8.5a5.5 5.5 0 0 1 0 11H13" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
            <circle cx="22.5" cy="23" r="2.5" fill="#5cc8a8"/>
        </svg>
    }
}
