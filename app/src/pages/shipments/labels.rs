//! `/shipments/:id/labels`: one GS1-128 logistic label (4 × 6 in) per pallet and carton, in the reader's language,
//! printed by the browser (the print stylesheet puts one label on each page).

use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::shipping::notice_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use portico_domain::documents::PackageKind;
use portico_domain::labels::{self, Captions, Label};
use portico_domain::shipping::{NoticeView, PackageView};

/// The labels page.
#[component]
pub fn LabelsPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        |id| notice_page(id, None),
    );
    view! {
        <crate::components::layout::SignedIn>
        <Suspense fallback=crate::components::layout::Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Labels n=page.notice/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
        </crate::components::layout::SignedIn>
    }
}

/// The label of one package: its own contents, or (a pallet) its cartons' contents too.
fn label_of(i18n: I18n, n: &NoticeView, p: &PackageView) -> Label {
    let mut items: Vec<_> = p.items.clone();
    for child in n.packages.iter().filter(|c| c.parent == Some(p.id)) {
        items.extend(child.items.iter().cloned());
    }
    let order_number = items
        .first()
        .map(|i| i.order_number.clone())
        .unwrap_or_default();
    let kind = i18n.tr(match p.kind {
        PackageKind::Pallet => "ship-pallet",
        PackageKind::Carton => "ship-carton",
    });
    Label {
        sscc: p.sscc.clone(),
        ship_from: n.supplier_name.clone(),
        ship_to_name: n.ship_to_name.clone(),
        ship_to_address: n.ship_to_address.clone(),
        order_number,
        carrier: n.header.carrier_scac.clone(),
        notice_number: n.number.clone(),
        position: i18n.tr_args(
            "ship-package-of",
            &[
                ("kind", &kind),
                ("position", &p.position.to_string()),
                ("count", &n.packages.len().to_string()),
            ],
        ),
        contents: items
            .iter()
            .map(|i| {
                format!(
                    "{} × {} {}",
                    i.buyer_item,
                    i18n.quantity(i.quantity),
                    i.unit_of_measure
                )
            })
            .collect(),
    }
}

#[component]
fn Labels(n: NoticeView) -> impl IntoView {
    let i18n = use_i18n();
    let captions = Captions {
        from: i18n.tr("label-from"),
        to: i18n.tr("label-to"),
        order: i18n.tr("label-order"),
        carrier: i18n.tr("label-carrier"),
        notice: i18n.tr("label-notice"),
        contents: i18n.tr("label-contents"),
        sscc: i18n.tr("label-sscc"),
    };
    let title = i18n.tr_args("ship-labels-title", &[("number", &n.number)]);
    let pages = n
        .packages
        .iter()
        .map(|p| {
            let svg = labels::svg(&label_of(i18n, &n, p), &captions);
            view! { <div class="label-page" data-sscc=p.sscc.clone() inner_html=svg></div> }
        })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <div class="no-print">
            <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
                <a href=format!("/shipments/{}", n.id)>"← "{n.number.clone()}</a>
            </nav>
            <div class="page-head">
                <div>
                    <h1>{title}</h1>
                    <p class="muted">{i18n.tr("ship-labels-help")}</p>
                </div>
                <div class="head-side">
                    <crate::islands::PrintButton label=i18n.tr("ship-print")/>
                </div>
            </div>
        </div>
        <div class="label-sheet">{pages}</div>
    }
}
