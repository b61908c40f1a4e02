//! `/delays/new`: the supplier reports a delay — which open lines (one order, some items, everything due before a
//! date), the new promised date, a reason and a note — sees the lines it moves, and sends it.

use super::MovedLines;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::delays::{new_delay_page, NewDelayData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::delays::{DelayForm, DelayReason, NOTE_MAX};

/// The report form page.
#[component]
pub fn NewDelayPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), new_delay_page);
    view! {
        <Title text=i18n.tr("delay-new-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <DelayFormView data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn DelayFormView(data: NewDelayData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // An order's page links here with its number filled in.
    let from_order = query.read_untracked().get("order").unwrap_or_default();
    let (form, errors, preview) = match data.draft {
        Some(d) => (d.form, d.errors, d.preview),
        None => (
            DelayForm {
                scope: if from_order.is_empty() {
                    "due_before"
                } else {
                    "order"
                }
                .into(),
                order: from_order,
                ..DelayForm::default()
            },
            Vec::new(),
            None,
        ),
    };
    let error_of = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| i18n.mistake(e))
    };
    let scope_error = error_of("scope");
    let order_error = error_of("order");
    let items_error = error_of("items");
    let due_error = error_of("due_before");
    let date_error = error_of("new_date");
    let reason_error = error_of("reason");
    let note_error = error_of("note");
    let token_error = error_of("token");
    let has_errors = !errors.is_empty();
    let scope_described = scope_error.is_some().then_some("scope-error");
    let scope = form.scope.clone();
    let invalid = |e: &Option<String>| e.is_some().then_some("true");
    let today = data.today.to_string();
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("delay-new-title")}</h1>
                <p class="muted">{i18n.tr("delay-new-intro")}</p>
            </div>
        </div>
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="delay-errors">
                {i18n.tr("delay-has-errors")}
                {token_error.map(|m| view! { <div>{m}</div> })}
            </div>
        })}
        <form class="card section form" method="post" action="/api/delays/post">
            <input type="hidden" name="token" value=data.token/>
            <fieldset class="field" aria-describedby=scope_described>
                <legend>{i18n.tr("delay-scope")}</legend>
                <label class="radio">
                    <input type="radio" name="scope" value="order" checked=scope == "order"/>
                    {i18n.tr("delay-scope-order")}
                </label>
                <div class="field indent">
                    <label for="delay-order">{i18n.tr("delay-order-number")}</label>
                    <input id="delay-order" name="order" type="text" maxlength="35" value=form.order.clone()
                        aria-invalid=invalid(&order_error) aria-describedby=order_error.is_some().then_some("order-error")/>
                    {order_error.clone().map(|m| view! { <small id="order-error" class="field-error">{m}</small> })}
                </div>
                <label class="radio">
                    <input type="radio" name="scope" value="items" checked=scope == "items"/>
                    {i18n.tr("delay-scope-items")}
                </label>
                <div class="field indent">
                    <label for="delay-items">{i18n.tr("delay-items")}</label>
                    <textarea id="delay-items" name="items" rows="2"
                        aria-invalid=invalid(&items_error) aria-describedby=if items_error.is_some() { "items-error" } else { "items-hint" }>{form.items.clone()}</textarea>
                    <small id="items-hint" class="muted">{i18n.tr("delay-items-hint")}</small>
                    {items_error.clone().map(|m| view! { <small id="items-error" class="field-error">{m}</small> })}
                </div>
                <label class="radio">
                    <input type="radio" name="scope" value="due_before" checked=scope == "due_before"/>
                    {i18n.tr("delay-scope-due")}
                </label>
                <div class="field indent">
                    <label for="delay-due">{i18n.tr("delay-due-before")}</label>
                    <input id="delay-due" name="due_before" type="date" value=form.due_before.clone()
                        aria-invalid=invalid(&due_error) aria-describedby=due_error.is_some().then_some("due-error")/>
                    {due_error.clone().map(|m| view! { <small id="due-error" class="field-error">{m}</small> })}
                </div>
                {scope_error.map(|m| view! { <small id="scope-error" class="field-error">{m}</small> })}
            </fieldset>
            <div class="field">
                <label for="delay-new-date">{i18n.tr("delay-new-date")}</label>
                <input id="delay-new-date" name="new_date" type="date" min=today value=form.new_date.clone()
                    aria-invalid=invalid(&date_error) aria-describedby=date_error.is_some().then_some("new-date-error")/>
                {date_error.clone().map(|m| view! { <small id="new-date-error" class="field-error">{m}</small> })}
            </div>
            <div class="field">
                <label for="delay-reason">{i18n.tr("delay-reason")}</label>
                <select id="delay-reason" name="reason"
                    aria-invalid=invalid(&reason_error) aria-describedby=reason_error.is_some().then_some("reason-error")>
                    <option value="" selected=form.reason.is_empty()>{i18n.tr("delay-reason-choose")}</option>
                    {DelayReason::ALL.into_iter().map(|r| view! {
                        <option value=r.code() selected=form.reason == r.code()>{i18n.tr(&r.label_key())}</option>
                    }).collect_view()}
                </select>
                {reason_error.clone().map(|m| view! { <small id="reason-error" class="field-error">{m}</small> })}
            </div>
            <div class="field">
                <label for="delay-note">{i18n.tr("delay-note")}</label>
                <textarea id="delay-note" name="note" rows="3" maxlength=NOTE_MAX.to_string()
                    aria-invalid=invalid(&note_error) aria-describedby=if note_error.is_some() { "note-error" } else { "note-hint" }>{form.note.clone()}</textarea>
                <small id="note-hint" class="muted">{i18n.tr("delay-note-hint")}</small>
                {note_error.clone().map(|m| view! { <small id="note-error" class="field-error">{m}</small> })}
            </div>
            {preview.clone().map(|lines| {
                let count = lines.len().to_string();
                view! {
                    <section id="preview" class="preview" aria-labelledby="preview-h">
                        <h2 id="preview-h">{i18n.tr_args("delay-preview-h", &[("count", &count)])}</h2>
                        <MovedLines lines/>
                    </section>
                }
            })}
            <div class="actions-row">
                <button type="submit" name="action" value="preview" class=if preview.is_some() { "btn btn-secondary" } else { "btn btn-primary" }>
                    {i18n.tr("delay-show-lines")}
                </button>
                {preview.is_some().then(|| view! {
                    <button type="submit" name="action" value="submit" class="btn btn-primary">{i18n.tr("delay-send")}</button>
                })}
            </div>
        </form>
    }
}
