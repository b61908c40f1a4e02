//! `/suppliers/documents`: every supplier's compliance documents for the buyer — by default only those expired or
//! running out within 30 days, expired first — with a tab for every document in force.

use crate::components::documents::DocumentTable;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::supplier_documents::buyer_documents;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::compliance::{BuyerDocumentsView, DocumentFilter};

/// The page.
#[component]
pub fn BuyerDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("filter"), buyer_documents);
    view! {
        <Title text=i18n.tr("doc-buyer-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Documents view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Documents(view: BuyerDocumentsView) -> impl IntoView {
    let i18n = use_i18n();
    let tab = |f: DocumentFilter, label: &'static str| {
        view! {
            <a class="tab" href=format!("/suppliers/documents?filter={}", f.code())
                aria-current=(f == view.filter).then_some("page")>{i18n.tr(label)}</a>
        }
    };
    let caption = i18n.tr("doc-buyer-title");
    let summary_class = if view.expired > 0 {
        "alert alert-warning"
    } else {
        "muted"
    };
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("doc-buyer-title")}</h1>
                <p class="muted">{i18n.tr("doc-buyer-intro")}</p>
            </div>
        </div>
        <p id="doc-summary" class=summary_class>
            {i18n.tr_args("doc-buyer-summary", &[("expired", &view.expired.to_string()), ("expiring", &view.expiring.to_string())])}
        </p>
        <nav class="tabs" aria-label=i18n.tr("doc-filter-label")>
            {tab(DocumentFilter::Attention, "doc-filter-attention")}
            {tab(DocumentFilter::All, "doc-filter-all")}
        </nav>
        {if view.documents.is_empty() {
            view! { <p class="card section empty" id="doc-none">{i18n.tr(match view.filter {
                DocumentFilter::Attention => "doc-buyer-none-attention",
                DocumentFilter::All => "doc-buyer-none",
            })}</p> }.into_any()
        } else {
            view! {
                <section class="card table-card">
                    <DocumentTable documents=view.documents show_supplier=true id="doc-list" caption/>
                </section>
            }.into_any()
        }}
    }
}
