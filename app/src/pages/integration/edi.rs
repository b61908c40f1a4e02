//! `/integration/edi`: EDI trading partners — every supplier with its EDI profile (standard, interchange ids, test
//! or production) — and the log of interchanges in and out, newest first.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::edi::{edi_page, EdiView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::edi::{Direction, InterchangeView};

/// The EDI page.
#[component]
pub fn EdiPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| edi_page());
    view! {
        <Title text=i18n.tr("edi-title")/>
        <SignedIn>
            <Edi data/>
        </SignedIn>
    }
}

#[component]
fn Edi(data: Resource<Result<EdiView, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Body view/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An interchange status as a badge's class and text.
pub fn interchange_badge(i18n: I18n, status: &str) -> (String, String) {
    (
        format!("badge badge-edi-{status}"),
        i18n.tr(&format!("edi-status-{status}")),
    )
}

#[component]
fn Body(view: EdiView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || query.read().get("notice");
    let error = move || query.read().get("error");
    let counts = move || {
        let q = query.read();
        (
            q.get("accepted").unwrap_or_default(),
            q.get("sets").unwrap_or_default(),
        )
    };
    let EdiView {
        partners,
        interchanges,
    } = view;
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/integration">{i18n.tr("integration-title")}</a></p>
                <h1>{i18n.tr("edi-title")}</h1>
                <p class="muted">{i18n.tr("edi-subtitle")}</p>
            </div>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|n| {
                let (accepted, sets) = counts();
                i18n.tr_known_args(&format!("edi-notice-{n}"), &[("accepted", &accepted), ("sets", &sets)])
            })}
        </div>
        <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
            {move || error().map(|e| i18n.tr_known(&e))}
        </div>
        <section class="card section" aria-labelledby="partners-heading">
            <h2 id="partners-heading">{i18n.tr("edi-partners")}</h2>
            {if partners.is_empty() {
                view! { <p class="muted">{i18n.tr("edi-partners-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table edi-partners">
                            <thead><tr>
                                <th scope="col">{i18n.tr("edi-supplier")}</th>
                                <th scope="col">{i18n.tr("edi-standard")}</th>
                                <th scope="col">{i18n.tr("edi-ids")}</th>
                                <th scope="col">{i18n.tr("edi-mode")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {partners.into_iter().map(|p| {
                                    let href = format!("/integration/edi/{}", p.supplier_id);
                                    let name = p.supplier_name.clone();
                                    let (standard, ids, mode) = match &p.profile {
                                        Some(profile) => (
                                            i18n.tr(&format!("edi-standard-{}", profile.standard.as_str())),
                                            format!("{} → {}", profile.supplier_party(), profile.buyer_party()),
                                            if !profile.enabled {
                                                view! { <span class="badge badge-closed">{i18n.tr("edi-mode-off")}</span> }.into_any()
                                            } else if profile.test {
                                                view! { <span class="badge badge-change_pending">{i18n.tr("edi-mode-test")}</span> }.into_any()
                                            } else {
                                                view! { <span class="badge badge-acknowledged">{i18n.tr("edi-mode-production")}</span> }.into_any()
                                            },
                                        ),
                                        None => (i18n.tr("edi-no-profile"), String::new(), ().into_any()),
                                    };
                                    let action = if p.profile.is_some() { "edi-edit" } else { "edi-set-up" };
                                    view! {
                                        <tr>
                                            <th scope="row" data-label=i18n.tr("edi-supplier")>
                                                {name.clone()}<span class="sub">{p.supplier_code.clone()}</span>
                                            </th>
                                            <td data-label=i18n.tr("edi-standard")>{standard}</td>
                                            <td data-label=i18n.tr("edi-ids")><code>{ids}</code></td>
                                            <td data-label=i18n.tr("edi-mode")>{mode}</td>
                                            <td>
                                                <a class="btn btn-secondary btn-small" href=href
                                                    aria-label=format!("{} – {}", i18n.tr(action), name)>{i18n.tr(action)}</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="card section" id="interchanges" aria-labelledby="interchanges-heading">
            <h2 id="interchanges-heading">{i18n.tr("edi-interchanges")}</h2>
            <p class="muted">{i18n.tr("edi-interchanges-text")}</p>
            <Interchanges list=interchanges/>
        </section>
        <section class="card section" aria-labelledby="paste-heading">
            <h2 id="paste-heading">{i18n.tr("edi-paste")}</h2>
            <p class="muted">{i18n.tr("edi-paste-text")}</p>
            <form class="form" method="post" action="/api/integration/edi/import">
                <div class="field">
                    <label for="edi-paste-text">{i18n.tr("edi-paste-label")}</label>
                    <textarea id="edi-paste-text" name="text" rows="8" required spellcheck="false"
                        autocomplete="off" class="edi-text"></textarea>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("edi-paste-submit")}</button></div>
            </form>
        </section>
    }
}

#[component]
fn Interchanges(list: Vec<InterchangeView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="muted">{i18n.tr("edi-interchanges-none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data-table edi-interchanges">
                <thead><tr>
                    <th scope="col">{i18n.tr("edi-when")}</th>
                    <th scope="col">{i18n.tr("edi-direction")}</th>
                    <th scope="col">{i18n.tr("edi-documents")}</th>
                    <th scope="col">{i18n.tr("edi-control")}</th>
                    <th scope="col">{i18n.tr("edi-supplier")}</th>
                    <th scope="col" class="num">{i18n.tr("edi-sets")}</th>
                    <th scope="col">{i18n.tr("edi-status")}</th>
                    <th scope="col">{i18n.tr("edi-channel")}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|i| {
                        let (class, label) = interchange_badge(i18n, &i.status);
                        let href = format!("/integration/edi/interchanges/{}", i.id);
                        let direction = match i.direction {
                            Direction::In => i18n.tr("edi-direction-in"),
                            Direction::Out => i18n.tr("edi-direction-out"),
                        };
                        let control = if i.control_number.is_empty() { "—".to_owned() } else { i.control_number.clone() };
                        view! {
                            <tr>
                                <td data-label=i18n.tr("edi-when")>
                                    <a href=href>{i18n.datetime(i.created_at)}</a>
                                </td>
                                <td data-label=i18n.tr("edi-direction")>{direction}</td>
                                <td data-label=i18n.tr("edi-documents")>
                                    {i18n.tr(&format!("edi-standard-{}", i.standard.as_str()))}" "{i.documents.clone()}
                                </td>
                                <td data-label=i18n.tr("edi-control")><code>{control}</code></td>
                                <td data-label=i18n.tr("edi-supplier")>{i.supplier_name.clone().unwrap_or_default()}</td>
                                <td class="num" data-label=i18n.tr("edi-sets")>{format!("{}/{}", i.accepted_count, i.set_count)}</td>
                                <td data-label=i18n.tr("edi-status")><span class=class data-status=i.status.clone()>{label}</span></td>
                                <td data-label=i18n.tr("edi-channel")>{i18n.tr(&format!("edi-channel-{}", i.channel))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
