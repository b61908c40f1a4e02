//! `/suppliers/:id/bank`: a supplier's account on file and the change it requested, side by side, with who asked,
//! when the second factor was checked, the telephone check to make, and — for buyer administrators — approve (with a
//! code from their own authenticator app) or reject with a reason.

use crate::components::bank::{AccountFacts, BankHistory, CurrentAccount};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::bank_details::{supplier_bank_page, BankPageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The page.
#[component]
pub fn SupplierBankPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("draft"),
            )
        },
        |(id, draft)| supplier_bank_page(id, draft),
    );
    view! {
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <SupplierBank data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn SupplierBank(data: BankPageData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let view = data.view;
    let draft = data.draft.unwrap_or_default();
    let reason_error = i18n.mistake_in(&draft.errors, "reason");
    let code_error = i18n.mistake_in(&draft.errors, "code");
    let has_errors = !draft.errors.is_empty();
    let two_factor_on = view.two_factor_on;
    let title = i18n.tr_args("bank-title-of", &[("supplier", &view.supplier_name)]);
    let supplier = view.supplier_name.clone();
    let may_decide = view.may_decide;
    let supplier_id = view.supplier_id.to_string();
    view! {
        <Title text=title.clone()/>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted"><a href="/suppliers/bank-changes">{i18n.tr("bank-changes-title")}</a></p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="bank-errors">{i18n.tr("bank-decision-has-errors")}</div>
        })}
        {view.pending.clone().map(|p| {
            let request_id = p.id.to_string();
            view! {
                <section class="card section bank-review" aria-labelledby="bank-review-h">
                    <h2 id="bank-review-h">{i18n.tr("bank-review-h")}</h2>
                    <p>{i18n.tr_args("bank-review-requested", &[
                        ("name", &p.requested_by),
                        ("date", &i18n.datetime(p.requested_at)),
                        ("checked", &i18n.datetime(p.verified_at)),
                    ])}</p>
                    <div class="alert alert-warning" role="note">{i18n.tr_args("bank-review-warning", &[("supplier", &supplier)])}</div>
                    <div class="bank-compare">
                        <div>
                            <h3>{i18n.tr("bank-new-account")}</h3>
                            <AccountFacts account=p.account id="bank-pending"/>
                        </div>
                        <div>
                            <h3>{i18n.tr("bank-current-h")}</h3>
                            {match view.current.clone() {
                                Some((account, _)) => view! { <AccountFacts account id="bank-current"/> }.into_any(),
                                None => view! { <p class="muted" id="bank-current">{i18n.tr("bank-none")}</p> }.into_any(),
                            }}
                        </div>
                    </div>
                    {if may_decide {
                        view! {
                            <form class="form" method="post" action="/api/suppliers/bank/decide">
                                <input type="hidden" name="supplier" value=supplier_id.clone()/>
                                <input type="hidden" name="request" value=request_id/>
                                <div class="field">
                                    <label for="bank-reason">{i18n.tr("bank-reason")}</label>
                                    <textarea id="bank-reason" name="reason" rows="2" maxlength="1000"
                                        aria-invalid=reason_error.is_some().then_some("true")
                                        aria-describedby=reason_error.is_some().then_some("bank-reason-error")>{draft.reason.clone()}</textarea>
                                    {reason_error.clone().map(|m| view! { <small id="bank-reason-error" class="field-error">{m}</small> })}
                                </div>
                                {if two_factor_on {
                                    view! {
                                        <div class="field">
                                            <label for="bank-code">{i18n.tr("bank-approve-code")}</label>
                                            <input id="bank-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                                class="mono code-input" maxlength="24"
                                                aria-invalid=code_error.is_some().then_some("true")
                                                aria-describedby=if code_error.is_some() { "bank-code-error" } else { "bank-code-hint" }/>
                                            <small id="bank-code-hint" class="muted">{i18n.tr("bank-approve-code-hint")}</small>
                                            {code_error.clone().map(|m| view! { <small id="bank-code-error" class="field-error">{m}</small> })}
                                        </div>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="alert alert-warning" id="bank-approver-two-factor">
                                            {i18n.tr("bank-approver-two-factor-needed")}" "
                                            <a href="/account/two-factor">{i18n.tr("bank-two-factor-setup")}</a>
                                        </p>
                                    }.into_any()
                                }}
                                <div class="actions-row">
                                    {two_factor_on.then(|| view! {
                                        <button type="submit" name="decision" value="approve" class="btn btn-primary">{i18n.tr("bank-approve")}</button>
                                    })}
                                    <button type="submit" name="decision" value="reject" class="btn btn-danger">{i18n.tr("bank-reject")}</button>
                                </div>
                            </form>
                        }.into_any()
                    } else {
                        view! { <p class="muted">{i18n.tr("bank-decide-admins-only")}</p> }.into_any()
                    }}
                </section>
            }
        })}
        {view.pending.is_none().then(|| view! {
            <section class="card section" aria-labelledby="bank-current-h">
                <h2 id="bank-current-h">{i18n.tr("bank-current-h")}</h2>
                <CurrentAccount current=view.current.clone()/>
            </section>
        })}
        <BankHistory history=view.history/>
    }
}
