//! `/suppliers/profile-rules`: which fields of an active supplier's profile wait for a buyer administrator's approval
//! when the supplier changes them; the others take effect at once.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::supplier_profiles::{profile_rules_page, RulesData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page.
#[component]
pub fn ProfileRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| profile_rules_page());
    view! {
        <Title text=i18n.tr("profile-rules-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Rules data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Rules(data: RulesData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let may_edit = data.may_edit;
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/suppliers">"← "{i18n.tr("suppliers-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr("profile-rules-title")}</h1>
                <p class="muted">{i18n.tr("profile-rules-intro")}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        <section class="card section">
            <form class="form" method="post" action="/api/suppliers/profile-rules/save">
                <fieldset class="profile-rules" disabled=!may_edit>
                    <legend>{i18n.tr("profile-rules-col-review")}</legend>
                    {data.rules.into_iter().map(|(field, review)| {
                        let id = format!("rule-{}", field.code().replace('_', "-"));
                        let label_for = id.clone();
                        view! {
                            <label class="checkbox" for=label_for>
                                <input type="checkbox" id=id name=format!("review[{}]", field.code()) value="1" checked=review/>
                                {i18n.tr(&field.label_key())}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {may_edit.then(|| view! {
                    <div class="actions-row">
                        <button type="submit" class="btn btn-primary">{i18n.tr("profile-rules-save")}</button>
                    </div>
                })}
            </form>
        </section>
    }
}
