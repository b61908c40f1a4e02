//! `/exceptions/:id`: one exception — what it is about (linked), its SLA, who has it — with assignment, comments
//! and, while it is open, the resolve form (an outcome and a note).

use super::{detail_text, due_text, duration_text, KindBadge};
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::exceptions::exception_detail_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::exceptions::{ExceptionPage, Outcome, NOTE_MAX};

/// The exception page.
#[component]
pub fn ExceptionDetailPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        exception_detail_page,
    );
    view! {
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Exception page/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Exception(page: ExceptionPage) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.read_untracked();
    let notice = q
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let error = q.get("error").map(|e| i18n.tr_known(&e));
    let field = q.get("field").unwrap_or_default();
    // The resolve form's mistakes: `field:message` pairs.
    let resolve_errors: Vec<(String, String)> = q
        .get("errors")
        .map(|e| {
            e.split(',')
                .filter_map(|p| p.split_once(':'))
                .map(|(f, m)| (f.to_owned(), i18n.tr_known(m)))
                .collect()
        })
        .unwrap_or_default();
    let typed_outcome = q.get("outcome").unwrap_or_default();
    let typed_note = q.get("note").unwrap_or_default();
    drop(q);
    let d = page.detail;
    let s = d.summary.clone();
    let id = s.id.to_string();
    let title = i18n.tr_args(
        "exception-title",
        &[
            ("kind", &i18n.tr(&s.kind.label_key())),
            ("document", &s.document_number),
        ],
    );
    let fact = move |label: &str, value: AnyView| {
        view! { <div class="fact"><dt>{i18n.tr(label)}</dt><dd>{value}</dd></div> }
    };
    let detail = detail_text(i18n, &s.detail_key, &s.detail_args);
    let doc_label = i18n.tr(&format!(
        "exception-document-{}",
        s.document.code().replace('_', "-")
    ));
    let document = view! {
        <a href=s.document_path() id="exception-document">{format!("{doc_label} {}", s.document_number)}</a>
        {s.line_number.map(|n| view! { " · "{i18n.tr_args("exceptions-line", &[("line", &n.to_string())])} })}
    }
    .into_any();
    let timing = if s.open {
        view! { <span class:due-overdue=s.timing.overdue()>{due_text(i18n, &s.timing)}</span> }
            .into_any()
    } else {
        view! { <span>{i18n.tr_args("exception-took", &[("span", &duration_text(i18n, s.timing.age_hours))])}</span> }.into_any()
    };
    let field_error = move |name: &str| (field == name).then(|| error.clone()).flatten();
    let assign_error = field_error("assignee");
    let body_error = field_error("body");
    let resolve_error = |name: &str| {
        resolve_errors
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone())
    };
    let outcome_error = resolve_error("outcome");
    let outcome_described = outcome_error.is_some().then_some("outcome-error");
    let note_error = resolve_error("note");
    let me = page.me;
    let current = s.assignee.as_ref().map(|(p, _)| *p);
    let assign = s.open.then(|| {
        let id = id.clone();
        let people = page.people.clone();
        view! {
            <section class="card section" aria-labelledby="assign-h">
                <h2 id="assign-h">{i18n.tr("exception-assign-h")}</h2>
                <form class="form inline-form" method="post" action="/api/exceptions/assign">
                    <input type="hidden" name="id" value=id.clone()/>
                    <div class="field">
                        <label for="assignee">{i18n.tr("exceptions-assignee")}</label>
                        <select id="assignee" name="assignee"
                            aria-invalid=assign_error.is_some().then_some("true")
                            aria-describedby=assign_error.is_some().then_some("assignee-error")>
                            <option value="" selected=current.is_none()>{i18n.tr("exceptions-unassigned")}</option>
                            {people.into_iter().map(|(p, name)| {
                                let label = if p == me { i18n.tr_args("exception-me-named", &[("name", &name)]) } else { name };
                                view! { <option value=p.to_string() selected=current == Some(p)>{label}</option> }
                            }).collect_view()}
                        </select>
                        {assign_error.map(|m| view! { <small id="assignee-error" class="field-error">{m}</small> })}
                    </div>
                    <button type="submit" class="btn btn-secondary">{i18n.tr("exception-assign")}</button>
                </form>
                {(current != Some(me)).then(|| view! {
                    <form class="inline-form" method="post" action="/api/exceptions/assign">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="assignee" value="me"/>
                        <button type="submit" class="btn btn-ghost">{i18n.tr("exception-take")}</button>
                    </form>
                })}
            </section>
        }
    });
    let resolve = s.open.then(|| {
        let id = id.clone();
        view! {
            <section class="card section" id="resolve" aria-labelledby="resolve-h">
                <h2 id="resolve-h">{i18n.tr("exception-resolve-h")}</h2>
                <form class="form narrow" method="post" action="/api/exceptions/resolve">
                    <input type="hidden" name="id" value=id/>
                    <fieldset class="field" aria-describedby=outcome_described>
                        <legend>{i18n.tr("exceptions-outcome")}</legend>
                        {Outcome::CHOOSABLE.into_iter().map(|o| {
                            view! {
                                <label class="radio">
                                    <input type="radio" name="outcome" value=o.code()
                                        checked=typed_outcome == o.code()/>
                                    {i18n.tr(&o.label_key())}
                                </label>
                            }
                        }).collect_view()}
                        {outcome_error.map(|m| view! { <small id="outcome-error" class="field-error">{m}</small> })}
                    </fieldset>
                    <div class="field">
                        <label for="note">{i18n.tr("exception-note")}</label>
                        <textarea id="note" name="note" rows="3" maxlength=NOTE_MAX.to_string()
                            aria-invalid=note_error.is_some().then_some("true")
                            aria-describedby=if note_error.is_some() { "note-error" } else { "note-hint" }>{typed_note}</textarea>
                        <small id="note-hint" class="muted">{i18n.tr("exception-note-hint")}</small>
                        {note_error.map(|m| view! { <small id="note-error" class="field-error">{m}</small> })}
                    </div>
                    <div><button type="submit" class="btn btn-primary">{i18n.tr("exception-resolve")}</button></div>
                </form>
            </section>
        }
    });
    let resolution = (!s.open).then(|| {
        let outcome = s.outcome.map(|o| i18n.tr(&o.label_key())).unwrap_or_default();
        let by = d.resolved_by.clone().unwrap_or_else(|| i18n.tr("exception-by-portico"));
        let at = s.resolved_at.map(|t| i18n.datetime(t)).unwrap_or_default();
        view! {
            <section class="card section" aria-labelledby="resolution-h" id="resolution">
                <h2 id="resolution-h">{i18n.tr("exception-resolution-h")}</h2>
                <p><strong>{outcome}</strong>" · "{i18n.tr_args("exception-resolved-by", &[("name", &by), ("at", &at)])}</p>
                {d.note.clone().map(|n| view! { <p class="note">{n}</p> })}
            </section>
        }
    });
    let comments = d.comments.clone();
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/exceptions">"← "{i18n.tr("exceptions-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{title}</h1>
                <p class="muted"><KindBadge kind=s.kind/>" "
                    <span class="badge" data-status=if s.open { "open" } else { "resolved" }>
                        {i18n.tr(if s.open { "exceptions-state-open" } else { "exceptions-state-resolved" })}
                    </span>
                </p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        <section class="card section" aria-labelledby="facts-h">
            <h2 id="facts-h" class="visually-hidden">{i18n.tr("exception-facts")}</h2>
            {detail.map(|t| view! { <p id="exception-detail">{t}</p> })}
            <dl class="facts">
                {fact("exceptions-document", document)}
                {fact("exceptions-supplier", view! { {s.supplier.clone().map(|(_, n)| n).unwrap_or_else(|| i18n.tr("exceptions-no-supplier"))} }.into_any())}
                {fact("exceptions-opened", view! { {i18n.datetime(s.opened_at)} }.into_any())}
                {fact("exceptions-due", view! { {i18n.datetime(s.due_at)}<div class="muted small">{timing}</div> }.into_any())}
                {fact("exceptions-assignee", view! { {s.assignee.clone().map(|(_, n)| n).unwrap_or_else(|| i18n.tr("exceptions-unassigned"))} }.into_any())}
            </dl>
        </section>
        {resolution}
        {assign}
        {resolve}
        <section class="card section" id="comments" aria-labelledby="comments-h">
            <h2 id="comments-h">{i18n.tr("exception-comments-h")}</h2>
            {if comments.is_empty() {
                view! { <p class="muted">{i18n.tr("exception-no-comments")}</p> }.into_any()
            } else {
                view! {
                    <ol class="comments">
                        {comments.into_iter().map(|c| view! {
                            <li class="comment">
                                <div class="comment-head"><strong>{c.author}</strong>" · "<time datetime=c.at.to_string()>{i18n.datetime(c.at)}</time></div>
                                <p>{c.body}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <form class="form narrow" method="post" action="/api/exceptions/comment">
                <input type="hidden" name="id" value=id.clone()/>
                <div class="field">
                    <label for="comment-body">{i18n.tr("exception-comment")}</label>
                    <textarea id="comment-body" name="body" rows="3" maxlength=NOTE_MAX.to_string()
                        aria-invalid=body_error.is_some().then_some("true")
                        aria-describedby=body_error.is_some().then_some("body-error")></textarea>
                    {body_error.map(|m| view! { <small id="body-error" class="field-error">{m}</small> })}
                </div>
                <div><button type="submit" class="btn btn-secondary">{i18n.tr("exception-add-comment")}</button></div>
            </form>
        </section>
    }
}
