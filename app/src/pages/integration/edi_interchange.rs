//! `/integration/edi/interchanges/:id`: one interchange — its envelope facts, the text as received or written, and
//! the 997 or CONTRL that answered it (or why it could not be read).

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::edi::edi_interchange_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use portico_domain::edi::{Direction, InterchangeDetail, SetError, SetOutcome};

/// The interchange page.
#[component]
pub fn EdiInterchangePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        edi_interchange_page,
    );
    view! {
        <Title text=i18n.tr("edi-interchange-title")/>
        <SignedIn>
            <Interchange data/>
        </SignedIn>
    }
}

#[component]
fn Interchange(data: Resource<Result<InterchangeDetail, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => view! { <Body detail/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(detail: InterchangeDetail) -> impl IntoView {
    let i18n = use_i18n();
    let InterchangeDetail {
        summary: i,
        body,
        answer,
        sets,
    } = detail;
    let (class, label) = super::edi::interchange_badge(i18n, &i.status);
    let direction = match i.direction {
        Direction::In => i18n.tr("edi-direction-in"),
        Direction::Out => i18n.tr("edi-direction-out"),
    };
    let none = i18n.tr("po-none");
    let or_none = move |s: &str| {
        if s.is_empty() {
            none.clone()
        } else {
            s.to_owned()
        }
    };
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb">
                    <a href="/integration">{i18n.tr("integration-title")}</a>" / "
                    <a href="/integration/edi">{i18n.tr("edi-title")}</a>
                </p>
                <h1>
                    {i18n.tr(&format!("edi-standard-{}", i.standard.as_str()))}" "{i.documents.clone()}" "
                    <span class=class data-status=i.status.clone()>{label}</span>
                </h1>
                <p class="muted">{direction}" · "{i18n.datetime(i.created_at)}</p>
            </div>
        </div>
        {i.error.clone().map(|e| view! {
            <div class="alert alert-error" role="alert">{i18n.tr("edi-unreadable")}" "<code>{e}</code></div>
        })}
        <section class="card section">
            <dl class="facts">
                <div class="fact"><dt>{i18n.tr("edi-control")}</dt><dd><code>{or_none(&i.control_number)}</code></dd></div>
                <div class="fact"><dt>{i18n.tr("edi-sender")}</dt><dd><code>{or_none(&i.sender)}</code></dd></div>
                <div class="fact"><dt>{i18n.tr("edi-receiver")}</dt><dd><code>{or_none(&i.receiver)}</code></dd></div>
                <div class="fact"><dt>{i18n.tr("edi-supplier")}</dt><dd>{or_none(&i.supplier_name.clone().unwrap_or_default())}</dd></div>
                <div class="fact"><dt>{i18n.tr("edi-sets")}</dt><dd>{format!("{}/{}", i.accepted_count, i.set_count)}</dd></div>
                <div class="fact"><dt>{i18n.tr("edi-channel")}</dt><dd>{i18n.tr(&format!("edi-channel-{}", i.channel))}</dd></div>
                <div class="fact"><dt>{i18n.tr("edi-file")}</dt><dd><code>{or_none(&i.file_name.clone().unwrap_or_default())}</code></dd></div>
            </dl>
        </section>
        {(!sets.is_empty()).then(|| view! { <Sets sets/> })}
        <section class="card section" aria-labelledby="body-heading">
            <h2 id="body-heading">{i18n.tr("edi-body")}</h2>
            <pre class="payload" tabindex="0" aria-labelledby="body-heading"><code>{body}</code></pre>
        </section>
        {answer.map(|a| view! {
            <section class="card section" aria-labelledby="answer-heading">
                <h2 id="answer-heading">{i18n.tr("edi-answer")}</h2>
                <pre class="payload" tabindex="0" aria-labelledby="answer-heading"><code>{a}</code></pre>
            </section>
        })}
    }
}

/// Each transaction set's outcome: the order it became, or where and why it was rejected.
#[component]
fn Sets(sets: Vec<SetOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card section" aria-labelledby="sets-heading">
            <h2 id="sets-heading">{i18n.tr("edi-sets-title")}</h2>
            <div class="table-scroll">
                <table class="data-table edi-sets">
                    <thead><tr>
                        <th scope="col">{i18n.tr("edi-documents")}</th>
                        <th scope="col">{i18n.tr("edi-control")}</th>
                        <th scope="col">{i18n.tr("edi-status")}</th>
                        <th scope="col">{i18n.tr("edi-set-result")}</th>
                    </tr></thead>
                    <tbody>
                        {sets.into_iter().map(|s| {
                            let (class, label, result) = match (&s.error, &s.order_number) {
                                (Some(e), _) => (
                                    "badge badge-edi-rejected",
                                    i18n.tr("edi-status-rejected"),
                                    explain(i18n, e),
                                ),
                                (None, number) => (
                                    "badge badge-edi-accepted",
                                    i18n.tr("edi-status-accepted"),
                                    i18n.tr_args(
                                        &format!("edi-set-{}", s.outcome.as_deref().unwrap_or("created")),
                                        &[("order", number.as_deref().unwrap_or(""))],
                                    ),
                                ),
                            };
                            view! {
                                <tr>
                                    <td data-label=i18n.tr("edi-documents")>{s.document.clone()}</td>
                                    <td data-label=i18n.tr("edi-control")><code>{s.control.clone()}</code></td>
                                    <td data-label=i18n.tr("edi-status")><span class=class>{label}</span></td>
                                    <td data-label=i18n.tr("edi-set-result")>{result}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A rejection in the reader's language when it breaks a rule of the order; otherwise the syntax layer's words.
fn explain(i18n: crate::i18n::I18n, e: &SetError) -> String {
    let Some((field, id)) = &e.rule else {
        return e.text.clone();
    };
    let place = match e.element {
        Some(el) => i18n.tr_args(
            "edi-place-element",
            &[
                ("segment", &e.segment.to_string()),
                ("tag", &e.tag),
                ("element", &el.to_string()),
            ],
        ),
        None => i18n.tr_args(
            "edi-place-segment",
            &[("segment", &e.segment.to_string()), ("tag", &e.tag)],
        ),
    };
    let mut text = format!("{place}: {field}: {}", i18n.tr_known(id));
    if let Some(v) = &e.value {
        text.push(' ');
        text.push_str(&i18n.tr_args("edi-got", &[("value", v)]));
    }
    text
}
