//! `/suppliers/new`: a buyer administrator adds a supplier — code, company name, the e-mail of its first
//! administrator and the invitation's language. The supplier starts in onboarding.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::suppliers::{new_supplier_draft, SupplierDraft};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::onboarding::CODE_MAX;
use portico_i18n::Locale;

/// The page.
#[component]
pub fn NewSupplierPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), new_supplier_draft);
    view! {
        <Title text=i18n.tr("suppliers-new-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(draft) => view! { <NewSupplier draft=draft.unwrap_or_default()/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn NewSupplier(draft: SupplierDraft) -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = !draft.errors.is_empty();
    let field = |name: &'static str,
                 label: &'static str,
                 kind: &'static str,
                 value: String,
                 max: usize,
                 hint: Option<&'static str>| {
        let id = format!("supplier-{}", name.replace('_', "-"));
        let error = i18n.mistake_in(&draft.errors, name);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = match (&error, hint) {
            (Some(_), _) => Some(error_id.clone()),
            (None, Some(_)) => Some(hint_id.clone()),
            _ => None,
        };
        view! {
            <div class="field">
                <label for=id.clone()>{i18n.tr(label)}</label>
                <input id=id name=name type=kind value=value maxlength=max.to_string() required=true
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=described/>
                {hint.map(|h| view! { <small id=hint_id class="muted">{i18n.tr(h)}</small> })}
                {error.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
            </div>
        }
    };
    let language = if draft.input.language.is_empty() {
        i18n.locale().tag().to_owned()
    } else {
        draft.input.language.clone()
    };
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/suppliers">"← "{i18n.tr("suppliers-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr("suppliers-new-title")}</h1>
                <p class="muted">{i18n.tr("suppliers-new-intro")}</p>
            </div>
        </div>
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="supplier-errors">{i18n.tr("suppliers-new-has-errors")}</div>
        })}
        <section class="card section">
            <form class="form narrow" method="post" action="/api/suppliers/add">
                {field("code", "suppliers-field-code", "text", draft.input.code.clone(), CODE_MAX, Some("suppliers-field-code-hint"))}
                {field("name", "suppliers-field-name", "text", draft.input.name.clone(), 140, None)}
                {field("admin_email", "suppliers-field-admin-email", "email", draft.input.admin_email.clone(), 254, Some("suppliers-field-admin-email-hint"))}
                <div class="field">
                    <label for="supplier-language">{i18n.tr("suppliers-field-language")}</label>
                    <select id="supplier-language" name="language">
                        {Locale::ALL.into_iter().map(|l| view! {
                            <option value=l.tag() selected=l.tag() == language lang=l.tag()>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions-row">
                    <button type="submit" class="btn btn-primary">{i18n.tr("suppliers-new-send")}</button>
                </div>
            </form>
        </section>
    }
}
