//! `/company/bank`: the supplier's bank account on file (masked), a change waiting for the buyer's approval, and —
//! for administrators with two-step sign-in — the form that requests a change with a code from the authenticator
//! app.

use crate::components::bank::{AccountFacts, BankHistory, CurrentAccount};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::bank_details::{own_bank_page, BankPageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::supplier_profile::AccountScheme;

/// The page.
#[component]
pub fn CompanyBankPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), own_bank_page);
    view! {
        <Title text=i18n.tr("bank-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <OwnBank data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn OwnBank(data: BankPageData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let view = data.view;
    let draft = data.draft.unwrap_or_default();
    let error_of = |field: &str| {
        draft
            .errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| i18n.mistake(e))
    };
    let has_errors = !draft.errors.is_empty();
    let supplier = view.supplier_name.clone();
    let current = view.current.clone();
    let pending = view.pending.clone();
    let form = (view.may_request && view.two_factor_on).then(|| {
        let field = |name: &'static str, label: &'static str, value: String, max: u32, mono: bool, hint: Option<&'static str>| {
            let id = format!("bank-{}", name.replace('_', "-"));
            let error = error_of(name);
            let error_id = format!("{id}-error");
            let hint_id = format!("{id}-hint");
            let described = match (error.is_some(), hint.is_some()) {
                (true, true) => Some(format!("{hint_id} {error_id}")),
                (true, false) => Some(error_id.clone()),
                (false, true) => Some(hint_id.clone()),
                (false, false) => None,
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{i18n.tr(label)}</label>
                    <input id=id name=name type="text" value=value maxlength=max.to_string()
                        class=mono.then_some("mono") autocomplete="off" spellcheck="false"
                        aria-invalid=error.is_some().then_some("true")
                        aria-describedby=described/>
                    {hint.map(|h| view! { <small id=hint_id class="muted">{i18n.tr(h)}</small> })}
                    {error.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
                </div>
            }
        };
        let scheme = draft.account.scheme().unwrap_or_default();
        let scheme_error = error_of("scheme");
        let scheme_described = scheme_error.is_some().then_some("bank-scheme-error");
        let code_error = error_of("code");
        view! {
            <section class="card section" aria-labelledby="bank-request-h">
                <h2 id="bank-request-h">{i18n.tr("bank-request-h")}</h2>
                <p class="muted">{i18n.tr_args("bank-request-intro", &[("supplier", &supplier), ("organisation", &view.organisation_name)])}</p>
                {pending.is_some().then(|| view! { <p class="alert alert-warning">{i18n.tr("bank-replaces-pending")}</p> })}
                <form class="form bank-form" method="post" action="/api/company/bank/request">
                    {field("holder", "bank-holder", draft.account.holder.clone(), 140, false, None)}
                    <fieldset class="field scheme-choice" aria-describedby=scheme_described>
                        <legend>{i18n.tr("bank-scheme")}</legend>
                        {AccountScheme::ALL.into_iter().map(|s| {
                            let id = format!("bank-scheme-{}", s.code().replace('_', "-"));
                            let label_for = id.clone();
                            let checked = s == scheme;
                            view! {
                                <label class="radio" for=label_for>
                                    <input type="radio" id=id name="scheme" value=s.code() checked=checked/>
                                    {i18n.tr(&s.label_key())}
                                </label>
                            }
                        }).collect_view()}
                        {scheme_error.map(|m| view! { <small id="bank-scheme-error" class="field-error">{m}</small> })}
                    </fieldset>
                    <div class="scheme-iban">
                        {field("iban", "bank-iban", draft.account.iban.clone(), 42, true, None)}
                    </div>
                    <div class="scheme-domestic">
                        {field("routing", "bank-routing", draft.account.routing.clone(), 14, true, Some("bank-routing-hint"))}
                        {field("account_number", "bank-account-number", draft.account.account_number.clone(), 24, true, None)}
                    </div>
                    {field("bic", "bank-bic", draft.account.bic.clone(), 14, true, Some("bank-bic-hint"))}
                    {field("bank_name", "bank-bank-name", draft.account.bank_name.clone(), 140, false, None)}
                    <div class="field">
                        <label for="bank-code">{i18n.tr("bank-code")}</label>
                        <input id="bank-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                            class="mono code-input" maxlength="24" required=true
                            aria-invalid=code_error.is_some().then_some("true")
                            aria-describedby=if code_error.is_some() { "bank-code-error" } else { "bank-code-hint" }/>
                        <small id="bank-code-hint" class="muted">{i18n.tr("bank-code-hint")}</small>
                        {code_error.map(|m| view! { <small id="bank-code-error" class="field-error">{m}</small> })}
                    </div>
                    <div class="actions-row">
                        <button type="submit" class="btn btn-primary">{i18n.tr("bank-request-send")}</button>
                    </div>
                </form>
            </section>
        }
    });
    let blocked = (!(view.may_request && view.two_factor_on)).then(|| {
        if view.may_request {
            view! {
                <section class="card section" aria-labelledby="bank-request-h">
                    <h2 id="bank-request-h">{i18n.tr("bank-request-h")}</h2>
                    <p>{i18n.tr("bank-two-factor-needed")}</p>
                    <a class="btn btn-primary" href="/account/two-factor">{i18n.tr("bank-two-factor-setup")}</a>
                </section>
            }
            .into_any()
        } else {
            view! { <p class="muted">{i18n.tr_args("bank-admins-only", &[("supplier", &view.supplier_name)])}</p> }.into_any()
        }
    });
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("bank-title")}</h1>
                <p class="muted">{i18n.tr_args("bank-intro-supplier", &[("organisation", &view.organisation_name)])}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="bank-errors">{i18n.tr("bank-has-errors")}</div>
        })}
        <section class="card section" aria-labelledby="bank-current-h">
            <h2 id="bank-current-h">{i18n.tr("bank-current-h")}</h2>
            <CurrentAccount current=current/>
        </section>
        {pending.map(|p| view! {
            <section class="card section" aria-labelledby="bank-pending-h">
                <h2 id="bank-pending-h">{i18n.tr("bank-pending-h")}</h2>
                <p>{i18n.tr_args("bank-pending-supplier", &[
                    ("name", &p.requested_by),
                    ("date", &i18n.datetime(p.requested_at)),
                    ("organisation", &view.organisation_name),
                ])}</p>
                <AccountFacts account=p.account id="bank-pending"/>
            </section>
        })}
        {form}
        {blocked}
        <BankHistory history=view.history/>
    }
}
