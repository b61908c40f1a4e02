//! `/company/documents`: the supplier's compliance documents for one buyer — what is on file with its status
//! (expired and running out first), the upload form (a PDF with its kind, title and dates, optionally replacing a
//! document on file), and the documents replaced by newer ones.

use crate::components::documents::DocumentTable;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::supplier_documents::{own_documents_page, DocumentsPageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::attachments::MAX_BYTES;
use portico_domain::compliance::{DocumentKind, DocumentStatus};

/// The page.
#[component]
pub fn CompanyDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), own_documents_page);
    view! {
        <Title text=i18n.tr("doc-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <OwnDocuments data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn OwnDocuments(data: DocumentsPageData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let view = data.view;
    let draft = data.draft.unwrap_or_default();
    let error_of = |field: &str| i18n.mistake_in(&draft.errors, field);
    let has_errors = !draft.errors.is_empty();
    let attention = view
        .current
        .iter()
        .filter(|d| matches!(d.status, DocumentStatus::Expired | DocumentStatus::Expiring))
        .count();
    let replace_choices: Vec<(String, String)> = view
        .current
        .iter()
        .map(|d| {
            (
                d.id.to_string(),
                format!("{} ({})", d.title, i18n.tr(&d.kind.label_key())),
            )
        })
        .collect();
    let input = |name: &'static str,
                 label: &'static str,
                 kind: &'static str,
                 value: String,
                 hint: Option<String>| {
        let id = format!("doc-{}", name.replace('_', "-"));
        let error = error_of(name);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let required = name == "title";
        let described = match (&error, &hint) {
            (Some(_), _) => Some(error_id.clone()),
            (None, Some(_)) => Some(hint_id.clone()),
            _ => None,
        };
        view! {
            <div class="field">
                <label for=id.clone()>{i18n.tr(label)}</label>
                <input id=id name=name type=kind value=value maxlength="120"
                    required=required
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=described/>
                {hint.map(|h| view! { <small id=hint_id class="muted">{h}</small> })}
                {error.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
            </div>
        }
    };
    let kind_error = error_of("kind");
    let replaces_error = error_of("replaces");
    let file_error = error_of("file");
    let max_mb = (MAX_BYTES / 1024 / 1024).to_string();
    let form = view.may_upload.then(|| view! {
        <section class="card section" aria-labelledby="doc-upload-h">
            <h2 id="doc-upload-h">{i18n.tr("doc-upload-h")}</h2>
            <p class="muted">{i18n.tr_args("doc-upload-intro", &[("organisation", &view.organisation_name)])}</p>
            <form class="form" method="post" action="/api/company/documents/upload" enctype="multipart/form-data">
                <div class="field">
                    <label for="doc-kind">{i18n.tr("doc-field-kind")}</label>
                    <select id="doc-kind" name="kind" required=true
                        aria-invalid=kind_error.is_some().then_some("true")
                        aria-describedby=kind_error.is_some().then_some("doc-kind-error")>
                        <option value="" selected=draft.input.kind.is_empty()>{i18n.tr("doc-choose-kind")}</option>
                        {DocumentKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=draft.input.kind == k.code()>{i18n.tr(&k.label_key())}</option>
                        }).collect_view()}
                    </select>
                    {kind_error.map(|m| view! { <small id="doc-kind-error" class="field-error">{m}</small> })}
                </div>
                {input("title", "doc-field-title", "text", draft.input.title.clone(), Some(i18n.tr("doc-field-title-hint")))}
                <div class="doc-dates">
                    {input("issued_on", "doc-field-issued", "date", draft.input.issued_on.clone(), None)}
                    {input("expires_on", "doc-field-expires", "date", draft.input.expires_on.clone(), Some(i18n.tr("doc-field-expires-hint")))}
                </div>
                {(!replace_choices.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="doc-replaces">{i18n.tr("doc-field-replaces")}</label>
                        <select id="doc-replaces" name="replaces"
                            aria-invalid=replaces_error.is_some().then_some("true")
                            aria-describedby=if replaces_error.is_some() { "doc-replaces-error" } else { "doc-replaces-hint" }>
                            <option value="" selected=draft.input.replaces.is_empty()>{i18n.tr("doc-replaces-none")}</option>
                            {replace_choices.into_iter().map(|(id, label)| {
                                let selected = draft.input.replaces == id;
                                view! { <option value=id selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                        <small id="doc-replaces-hint" class="muted">{i18n.tr("doc-field-replaces-hint")}</small>
                        {replaces_error.map(|m| view! { <small id="doc-replaces-error" class="field-error">{m}</small> })}
                    </div>
                })}
                <div class="field">
                    <label for="doc-file">{i18n.tr("doc-field-file")}</label>
                    <input id="doc-file" name="file" type="file" accept="application/pdf,.pdf" required=true
                        aria-invalid=file_error.is_some().then_some("true")
                        aria-describedby=if file_error.is_some() { "doc-file-error" } else { "doc-file-hint" }/>
                    <small id="doc-file-hint" class="muted">{i18n.tr_args("attach-help", &[("max_mb", &max_mb)])}
                        {has_errors.then(|| format!(" {}", i18n.tr("doc-file-again")))}</small>
                    {file_error.map(|m| view! { <small id="doc-file-error" class="field-error">{m}</small> })}
                </div>
                <div class="actions-row">
                    <button type="submit" class="btn btn-primary">{i18n.tr("doc-upload-send")}</button>
                </div>
            </form>
        </section>
    });
    let replaced = (!view.replaced.is_empty()).then(|| {
        let caption = i18n.tr("doc-replaced-h");
        view! {
            <section class="card table-card" aria-labelledby="doc-replaced-h">
                <h2 id="doc-replaced-h" class="card-title">{i18n.tr("doc-replaced-h")}</h2>
                <DocumentTable documents=view.replaced id="doc-replaced" caption/>
            </section>
        }
    });
    let caption = i18n.tr("doc-current-h");
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("doc-title")}</h1>
                <p class="muted">{i18n.tr_args("doc-intro-supplier", &[("organisation", &view.organisation_name), ("supplier", &view.supplier_name)])}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="doc-errors">{i18n.tr("doc-has-errors")}</div>
        })}
        {(attention > 0).then(|| view! {
            <p class="alert alert-warning" id="doc-attention">{i18n.tr_args("doc-attention-supplier", &[("count", &attention.to_string())])}</p>
        })}
        <section class="card table-card" aria-labelledby="doc-current-h">
            <h2 id="doc-current-h" class="card-title">{i18n.tr("doc-current-h")}</h2>
            {if view.current.is_empty() {
                view! { <p class="section empty" id="doc-none">{i18n.tr_args("doc-none-supplier", &[("organisation", &view.organisation_name)])}</p> }.into_any()
            } else {
                view! { <DocumentTable documents=view.current id="doc-current" caption/> }.into_any()
            }}
        </section>
        {form}
        {replaced}
    }
}
