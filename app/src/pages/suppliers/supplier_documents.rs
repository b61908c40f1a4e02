//! `/suppliers/:id/documents`: one supplier's compliance documents as the buyer sees them — on file with their
//! status, and those replaced by newer uploads.

use crate::components::documents::DocumentTable;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::supplier_documents::supplier_documents_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use portico_domain::compliance::SupplierDocumentsView;

/// The page.
#[component]
pub fn SupplierDocumentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        supplier_documents_page,
    );
    view! {
        <Title text=i18n.tr("doc-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <OneSupplier view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn OneSupplier(view: SupplierDocumentsView) -> impl IntoView {
    let i18n = use_i18n();
    let current_caption = i18n.tr("doc-current-h");
    let replaced_caption = i18n.tr("doc-replaced-h");
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/suppliers/documents">"← "{i18n.tr("doc-buyer-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr_args("doc-title-of", &[("supplier", &view.supplier_name)])}</h1>
            </div>
        </div>
        <section class="card table-card" aria-labelledby="doc-current-h">
            <h2 id="doc-current-h" class="card-title">{i18n.tr("doc-current-h")}</h2>
            {if view.current.is_empty() {
                view! { <p class="section empty" id="doc-none">{i18n.tr("doc-none-buyer")}</p> }.into_any()
            } else {
                view! { <DocumentTable documents=view.current id="doc-current" caption=current_caption/> }.into_any()
            }}
        </section>
        {(!view.replaced.is_empty()).then(|| view! {
            <section class="card table-card" aria-labelledby="doc-replaced-h">
                <h2 id="doc-replaced-h" class="card-title">{i18n.tr("doc-replaced-h")}</h2>
                <DocumentTable documents=view.replaced id="doc-replaced" caption=replaced_caption/>
            </section>
        })}
    }
}
