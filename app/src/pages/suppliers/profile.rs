//! `/suppliers/:id/profile`: one supplier's company profile as the buyer sees it — the profile in force, and the
//! proposal waiting for a decision field by field, which a buyer administrator approves (an onboarding profile's
//! approval activates the supplier) or returns with a comment.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::components::profile::{ChangesTable, ProfileFacts};
use crate::i18n::use_i18n;
use crate::server_fns::supplier_profiles::{supplier_profile_page, ProfilePageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::onboarding::SupplierStatus;
use portico_domain::profile::ChangeStatus;

/// The page.
#[component]
pub fn SupplierProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("draft"),
            )
        },
        |(id, draft)| supplier_profile_page(id, draft),
    );
    view! {
        <Title text=i18n.tr("profile-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <BuyerProfile data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn BuyerProfile(data: ProfilePageData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let view = data.view;
    let draft = data.draft.unwrap_or_default();
    let comment_error = i18n.mistake_in(&draft.errors, "comment");
    let supplier = view.supplier_name.clone();
    let onboarding = view.status == SupplierStatus::InReview;
    let pending = view
        .open
        .clone()
        .filter(|o| o.status == ChangeStatus::Pending);
    let decision = pending.map(|p| {
        let form = view.may_decide.then(|| view! {
            <form class="form" method="post" action="/api/suppliers/profile/decide">
                <input type="hidden" name="supplier" value=view.supplier_id.to_string()/>
                <input type="hidden" name="change" value=p.id.to_string()/>
                <div class="field">
                    <label for="profile-comment">{i18n.tr("profile-decision-comment")}</label>
                    <textarea id="profile-comment" name="comment" rows="3" maxlength="2000"
                        aria-invalid=comment_error.is_some().then_some("true")
                        aria-describedby=if comment_error.is_some() { "profile-comment-error" } else { "profile-comment-hint" }>
                        {draft.comment.clone()}
                    </textarea>
                    <small id="profile-comment-hint" class="muted">{i18n.tr("profile-decision-comment-hint")}</small>
                    {comment_error.clone().map(|m| view! { <small id="profile-comment-error" class="field-error">{m}</small> })}
                </div>
                <div class="actions-row">
                    <button type="submit" class="btn btn-primary" name="decision" value="approve">
                        {i18n.tr(if onboarding { "profile-approve-activate" } else { "profile-approve" })}
                    </button>
                    <button type="submit" class="btn btn-secondary" name="decision" value="return">{i18n.tr("profile-return")}</button>
                </div>
            </form>
        });
        let own = (!view.may_decide).then(|| {
            let key = if view.own_proposal { "profile-decision-own" } else { "profile-decision-admins" };
            view! { <p class="muted">{i18n.tr(key)}</p> }
        });
        view! {
            <section class="card section" aria-labelledby="profile-decision-h" id="profile-decision">
                <h2 id="profile-decision-h">{i18n.tr(if view.may_decide { "profile-decision-title" } else { "profile-decision-waiting-title" })}</h2>
                <p class="muted">{i18n.tr_args("profile-proposed-by", &[("name", &p.proposed_by), ("date", &i18n.datetime(p.proposed_at))])}</p>
                {onboarding.then(|| view! { <p>{i18n.tr_args("profile-decision-onboarding", &[("supplier", &supplier)])}</p> })}
                {comment_error.is_some().then(|| view! { <div class="alert alert-error" role="alert">{i18n.tr("profile-has-errors")}</div> })}
                <ChangesTable changes=p.changes id="profile-changes"/>
                {form}
                {own}
            </section>
        }
    });
    let returned = view.returned.clone().map(|r| view! {
        <section class="card section" aria-labelledby="profile-returned-h">
            <h2 id="profile-returned-h">{i18n.tr("profile-change-returned")}</h2>
            <blockquote class="buyer-comment">{r.comment.clone().unwrap_or_default()}</blockquote>
            <p class="muted small">{i18n.tr_args("profile-decided-by", &[
                ("name", r.decided_by.as_deref().unwrap_or_default()),
                ("date", &r.decided_at.map(|d| i18n.datetime(d)).unwrap_or_default()),
            ])}</p>
        </section>
    });
    let draft_note = (view.status == SupplierStatus::Onboarding && view.draft_saved)
        .then(|| view! { <p class="muted">{i18n.tr("profile-draft-exists")}</p> });
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/suppliers">"← "{i18n.tr("suppliers-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr_args("profile-buyer-title", &[("supplier", &supplier)])}
                    " " <span class=format!("badge badge-supplier-{}", view.status.code())>{i18n.tr(&view.status.label_key())}</span>
                </h1>
                <p class="muted">{i18n.tr_args("profile-buyer-intro", &[("supplier", &supplier)])}</p>
            </div>
            <div class="actions">
                <a class="btn btn-secondary" href=format!("/suppliers/{}/documents", view.supplier_id)>{i18n.tr("suppliers-documents")}</a>
                <a class="btn btn-secondary" href=format!("/suppliers/{}/bank", view.supplier_id)>{i18n.tr("suppliers-bank")}</a>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status" id="profile-notice">{n}</div> })}
        {decision}
        {draft_note}
        {returned}
        {match view.current.clone() {
            Some((profile, version)) => view! {
                <section class="card section" aria-labelledby="profile-current-h">
                    <h2 id="profile-current-h">{i18n.tr("profile-col-current")}</h2>
                    <ProfileFacts profile id="profile-current"/>
                    <p class="muted small">{i18n.tr_args("profile-version", &[("version", &version.to_string())])}</p>
                </section>
            }.into_any(),
            None => view! { <p class="card section empty" id="profile-current">{i18n.tr("profile-none")}</p> }.into_any(),
        }}
    }
}
