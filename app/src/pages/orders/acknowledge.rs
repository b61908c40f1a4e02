//! The supplier's answer on the order page: the acknowledgement form (a plain HTML form that needs no script;
//! the server checks it and sends every mistake back beside its field with what was typed), and
//! the latest answer with its outcome, line by line, for both sides.

use crate::i18n::use_i18n;
use crate::server_fns::purchase_orders::AckDraft;
use leptos::prelude::*;
use portico_domain::acknowledgement::{
    AckLineForm, AckOutcome, AckView, ReasonCode, ReviewDecision, ReviewForm,
};
use portico_domain::documents::LineAnswer;
use portico_domain::PoDetail;

/// Empty delivery rows offered per line (more can be typed in a spreadsheet and uploaded).
const SCHEDULE_ROWS: usize = 3;

/// A select of reason codes; `blank` is the first, empty choice's text.
#[component]
fn ReasonSelect(
    id: String,
    name: String,
    selected: String,
    invalid: bool,
    described: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name=name aria-invalid=invalid.then_some("true") aria-describedby=described>
            <option value="" selected=selected.is_empty()>{i18n.tr("ack-reason-choose")}</option>
            {ReasonCode::ALL.into_iter().map(|r| {
                let code = r.code();
                view! { <option value=code selected=selected == code>{i18n.tr(&format!("ack-reason-{code}"))}</option> }
            }).collect_view()}
        </select>
    }
}

/// One input with its label and, when it is at fault, the message (linked by `aria-describedby`).
#[component]
fn Field(
    label: String,
    id: String,
    name: String,
    value: String,
    #[prop(optional)] kind: &'static str,
    #[prop(optional)] inputmode: &'static str,
    error: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = error.is_some();
    let described = invalid.then(|| error_id.clone());
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                value=value
                type=if kind.is_empty() { "text" } else { kind }
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                autocomplete="off"
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            />
            {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
        </div>
    }
}

/// The acknowledgement form for the order's supplier.
#[component]
pub fn AckFormSection(po: PoDetail, draft: AckDraft) -> impl IntoView {
    let i18n = use_i18n();
    let errors = draft.errors.clone();
    let form = draft.form;
    let err = {
        let errors = errors.clone();
        move |field: &str| i18n.mistake_in(&errors, field)
    };
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="alert alert-error" role="alert" id="ack-errors" tabindex="-1">
                <p><strong>{i18n.tr_args("ack-errors", &[("count", &errors.len().to_string())])}</strong></p>
                <ul>
                    {errors.iter().map(|e| {
                        let target = format!("#ack-{}", e.field);
                        // A line's mistake says which line.
                        let line = e.field.strip_prefix("line-")
                            .and_then(|rest| rest.split('-').next())
                            .map(|n| format!("{} {n}: ", i18n.tr("po-col-line")))
                            .unwrap_or_default();
                        view! { <li><a href=target>{line}{i18n.mistake(e)}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let lines = po.lines.iter().enumerate().map(|(i, line)| {
        let n = line.line_number;
        let typed = form.lines.iter().find(|l| l.line == n).cloned().unwrap_or_else(|| AckLineForm {
            line: n,
            answer: "accept".into(),
            ..AckLineForm::default()
        });
        let name = |f: &str| format!("lines[{i}][{f}]");
        let id = |f: &str| format!("ack-line-{n}-{f}");
        let answer_error = err(&format!("line-{n}-answer"));
        let radio = |value: &'static str, label: &'static str| {
            let radio_id = format!("ack-line-{n}-answer-{value}");
            let label_for = radio_id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input type="radio" id=radio_id name=name("answer") value=value checked=typed.answer == value/>
                    {i18n.tr(label)}
                </label>
            }
        };
        let reason_error = err(&format!("line-{n}-reason"));
        let mut rows = typed.schedule.clone();
        rows.resize(rows.len().max(SCHEDULE_ROWS), Default::default());
        let legend = format!("{} {} · {} · {}", i18n.tr("po-col-line"), n, line.buyer_item, line.description);
        view! {
            <fieldset class="ack-line" data-line=n>
                <legend>{legend}</legend>
                <input type="hidden" name=name("line") value=n/>
                <p class="muted small">
                    {i18n.tr_args("ack-ordered", &[
                        ("quantity", &i18n.quantity(line.quantity)),
                        ("unit", line.unit_of_measure.as_str()),
                        ("price", &i18n.unit_price(line.unit_price, &po.currency)),
                        ("date", &i18n.opt_date(line.requested_date)),
                    ])}
                </p>
                <div class="choices" role="radiogroup" id=id("answer") aria-label=i18n.tr("ack-answer")>
                    {radio("accept", "ack-answer-accept")}
                    {radio("change", "ack-answer-change")}
                    {radio("reject", "ack-answer-reject")}
                </div>
                {answer_error.map(|e| view! { <p class="field-error">{e}</p> })}
                <div class="ack-change">
                    <div class="ack-grid">
                        <Field label=i18n.tr("ack-quantity") id=id("quantity") name=name("quantity") value=typed.quantity.clone()
                            inputmode="decimal" error=err(&format!("line-{n}-quantity"))/>
                        <Field label=i18n.tr_args("ack-price", &[("currency", po.currency.as_str())]) id=id("price") name=name("price")
                            value=typed.price.clone() inputmode="decimal" error=err(&format!("line-{n}-price"))/>
                        <div class="field" class:field-invalid=reason_error.is_some()>
                            <label for=id("reason")>{i18n.tr("ack-reason")}</label>
                            <ReasonSelect id=id("reason") name=name("reason") selected=typed.reason.clone()
                                invalid=reason_error.is_some() described=reason_error.is_some().then(|| format!("ack-line-{n}-reason-error"))/>
                            {reason_error.clone().map(|e| view! { <p class="field-error" id=format!("ack-line-{n}-reason-error")>{e}</p> })}
                        </div>
                        <Field label=i18n.tr("ack-line-comment") id=id("comment") name=name("comment") value=typed.comment.clone()
                            error=err(&format!("line-{n}-comment"))/>
                    </div>
                    <div class="ack-schedule">
                        <p class="small"><strong>{i18n.tr("ack-deliveries")}</strong>" "<span class="muted">{i18n.tr("ack-deliveries-help")}</span></p>
                        {rows.into_iter().enumerate().map(|(k, row)| {
                            let q_name = format!("lines[{i}][schedule][{k}][quantity]");
                            let d_name = format!("lines[{i}][schedule][{k}][date]");
                            view! {
                                <div class="ack-grid ack-delivery">
                                    <Field label=i18n.tr_args("ack-delivery-quantity", &[("n", &(k + 1).to_string())])
                                        id=id(&format!("schedule-{k}-quantity")) name=q_name value=row.quantity inputmode="decimal"
                                        error=err(&format!("line-{n}-schedule-{k}-quantity"))/>
                                    <Field label=i18n.tr_args("ack-delivery-date", &[("n", &(k + 1).to_string())])
                                        id=id(&format!("schedule-{k}-date")) name=d_name value=row.date kind="date"
                                        error=err(&format!("line-{n}-schedule-{k}-date"))/>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </div>
            </fieldset>
        }
    }).collect_view();
    let reason_error = err("reason");
    let reason_invalid = reason_error.is_some();
    let comment_error = err("comment");
    let comment_invalid = comment_error.is_some();
    view! {
        <section class="card section" id="ack" aria-labelledby="ack-h">
            <h2 id="ack-h">{i18n.tr("ack-title")}</h2>
            <p class="muted">{i18n.tr_args("ack-help", &[("buyer", &po.buyer_name)])}</p>
            <p class="muted small">
                {i18n.tr("ack-by-file")}" "
                <a href=format!("/api/answer-file/download?order={}", po.id) download>{i18n.tr("ack-by-file-download")}</a>
                " · "<a href="/orders/answer-file">{i18n.tr("ack-by-file-upload")}</a>
            </p>
            {summary}
            {err("token").map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
            <form method="post" action="/api/purchase-order/acknowledge" class="ack-form" novalidate>
                <input type="hidden" name="id" value=po.id.to_string()/>
                <input type="hidden" name="version" value=form.version/>
                <input type="hidden" name="token" value=form.token.clone()/>
                <div class="actions">
                    <button type="submit" name="decision" value="accept" class="btn btn-primary">{i18n.tr("ack-accept-all")}</button>
                </div>
                <h3 class="ack-subhead">{i18n.tr("ack-by-line")}</h3>
                {lines}
                <div class="field">
                    <label for="ack-comment">{i18n.tr("ack-comment")}</label>
                    <textarea id="ack-comment" name="comment" rows="2" maxlength="2000"
                        aria-invalid=comment_invalid.then_some("true")
                        aria-describedby=comment_invalid.then_some("ack-comment-error")>{form.comment.clone()}</textarea>
                    {comment_error.map(|e| view! { <p class="field-error" id="ack-comment-error">{e}</p> })}
                </div>
                <div class="actions">
                    <button type="submit" name="decision" value="lines" class="btn btn-primary">{i18n.tr("ack-send")}</button>
                </div>
                <details class="ack-reject" open=reason_invalid || form.decision == "reject">
                    <summary>{i18n.tr("ack-reject-order")}</summary>
                    <div class="field" class:field-invalid=reason_invalid>
                        <label for="ack-reason">{i18n.tr("ack-reject-reason")}</label>
                        <ReasonSelect id="ack-reason".to_owned() name="reason".to_owned() selected=form.reason.clone()
                            invalid=reason_invalid described=reason_invalid.then(|| "ack-reason-error".to_owned())/>
                        {reason_error.map(|e| view! { <p class="field-error" id="ack-reason-error">{e}</p> })}
                    </div>
                    <p class="muted small">{i18n.tr("ack-reject-help")}</p>
                    <button type="submit" name="decision" value="reject" class="btn btn-danger">{i18n.tr("ack-reject-submit")}</button>
                </details>
            </form>
        </section>
    }
}

/// The latest answer: outcome, who and when, and each line's answer with the policy's judgement; the buyer's
/// decision once made; and, for a buyer while the answer waits (`review_token`), the review form — a decision per
/// line outside the policy in the table (inputs tied to the form by its id, so it works as a plain form) and a
/// comment below.
#[component]
pub fn AckSummary(
    ack: AckView,
    currency: portico_domain::CurrencyCode,
    order_id: String,
    review_token: Option<String>,
    review_draft: Option<ReviewForm>,
    /// For the supplier, while the buyer's counter-proposal waits: the accepting form's token.
    counter_token: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    // The review field a mistake was found in (sent back with the review form), and its message.
    let bad_field = query.read_untracked().get("field").unwrap_or_default();
    let bad_message = query.read_untracked().get("error");
    let outcome = ack.outcome.code();
    let tone = match ack.outcome {
        AckOutcome::Accepted | AckOutcome::AutoAccepted | AckOutcome::Approved => "ok",
        AckOutcome::PendingReview | AckOutcome::Countered => "warn",
        _ => "bad",
    };
    let by = ack
        .submitted_by
        .clone()
        .unwrap_or_else(|| i18n.tr("po-none"));
    let when = i18n.datetime(ack.submitted_at);
    let reason = ack
        .reason
        .clone()
        .map(|r| i18n.tr(&format!("ack-reason-{r}")));
    let reviewing = review_token.is_some();
    // A decision as last sent (with a mistake), else approve.
    let sent_before = |n: i32| {
        review_draft
            .as_ref()
            .and_then(|d| d.lines.iter().find(|l| l.line == n).cloned())
    };
    let comment_before = review_draft
        .as_ref()
        .map(|d| d.comment.clone())
        .unwrap_or_default();
    let to_review = ack.lines_to_review();
    let show_decisions = reviewing || ack.review.is_some();
    let review_note = ack.review.clone().map(|r| {
        let by = r.decided_by.clone().unwrap_or_else(|| i18n.tr("po-none"));
        view! {
            <div class="note review-note" data-review=ack.outcome.code()>
                <p class="small muted">{i18n.tr_args("review-decided", &[("who", &by), ("when", &i18n.datetime(r.decided_at))])}</p>
                {r.comment.map(|c| view! { <p><strong>{i18n.tr("review-comment")}": "</strong>{c}</p> })}
            </div>
        }
    });
    let review_form = review_token.map(|token| {
        view! {
            <form id="review-form" method="post" action="/api/purchase-order/review" class="form review-form" novalidate>
                <input type="hidden" name="id" value=order_id.clone()/>
                <input type="hidden" name="acknowledgement" value=ack.id.to_string()/>
                <input type="hidden" name="token" value=token/>
                <h3 class="ack-subhead" id="review">{i18n.tr("review-title")}</h3>
                <p class="muted small">{i18n.tr("review-help")}</p>
                <div class="field">
                    <label for="review-comment">{i18n.tr("review-comment")}</label>
                    <textarea id="review-comment" name="comment" rows="2" maxlength="2000">{comment_before}</textarea>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("review-submit")}</button></div>
            </form>
        }
    });
    let counter_form = counter_token.map(|token| {
        view! {
            <div class="counter-box" id="counter">
                <h3 class="ack-subhead">{i18n.tr("counter-title")}</h3>
                <p>{i18n.tr("counter-help")}</p>
                <form method="post" action="/api/purchase-order/accept-counter" class="form">
                    <input type="hidden" name="id" value=order_id.clone()/>
                    <input type="hidden" name="token" value=token/>
                    <div><button type="submit" class="btn btn-primary">{i18n.tr("counter-accept")}</button></div>
                </form>
                <p class="muted small">{i18n.tr("counter-or-answer")}</p>
            </div>
        }
    });
    view! {
        <section class="card section" id="ack-result" aria-labelledby="ack-result-h">
            <h2 id="ack-result-h">{i18n.tr("ack-result-title")}</h2>
            <p>
                <span class=format!("badge badge-outcome-{tone}") data-outcome=outcome>{i18n.tr(&format!("ack-outcome-{}", outcome.replace('_', "-")))}</span>
                " "{i18n.tr(&format!("ack-outcome-{}-help", outcome.replace('_', "-")))}
            </p>
            <p class="muted small">
                {i18n.tr_args("ack-submitted", &[("who", &by), ("when", &when), ("version", &ack.document.order_version.to_string()), ("reference", &ack.document.reference)])}
            </p>
            {reason.map(|r| view! { <p><strong>{i18n.tr("ack-reject-reason")}": "</strong>{r}</p> })}
            {ack.comment.clone().map(|c| view! { <p class="note"><strong>{i18n.tr("ack-comment")}": "</strong>{c}</p> })}
            <div class="table-scroll">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{i18n.tr("po-col-line")}</th>
                            <th scope="col">{i18n.tr("ack-answer")}</th>
                            <th scope="col" class="num">{i18n.tr("po-col-quantity")}</th>
                            <th scope="col" class="num">{i18n.tr("po-col-unit-price")}</th>
                            <th scope="col">{i18n.tr("ack-deliveries")}</th>
                            <th scope="col">{i18n.tr("ack-reason")}</th>
                            <th scope="col">{i18n.tr("ack-policy")}</th>
                            {show_decisions.then(|| view! { <th scope="col">{i18n.tr("review-decision")}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {ack.document.lines.iter().enumerate().map(|(i, l)| {
                            let note = ack.note(l.line_number).cloned();
                            let n = l.line_number;
                            let decision_cell = if reviewing && to_review.contains(&n) {
                                let before = sent_before(n);
                                let chosen = before.as_ref().map(|b| b.decision.clone()).unwrap_or_else(|| "approve".to_owned());
                                // The counter-proposal's fields start from the supplier's values.
                                let counter_value = |name: &str, supplier: String| {
                                    before.as_ref().filter(|b| b.decision == "counter").map(|b| match name {
                                        "quantity" => b.quantity.clone(),
                                        "price" => b.price.clone(),
                                        _ => b.date.clone(),
                                    }).unwrap_or(supplier)
                                };
                                let counter_field = |name: &'static str, label: &'static str, kind: &'static str, value: String| {
                                    let id = format!("review-line-{n}-counter-{name}");
                                    let field = format!("line-{n}-counter-{name}");
                                    let invalid = bad_field == field;
                                    let error_id = format!("{id}-error");
                                    let message = invalid.then(|| bad_message.clone().map(|m| i18n.tr_known(&m))).flatten();
                                    view! {
                                        <div class="field">
                                            <label for=id.clone()>{i18n.tr(label)}</label>
                                            <input type=kind id=id form="review-form" name=format!("lines[{i}][{name}]") value=value
                                                inputmode=(kind == "text").then_some("decimal") autocomplete="off"
                                                aria-invalid=invalid.then_some("true") aria-describedby=invalid.then(|| error_id.clone())/>
                                            {message.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
                                        </div>
                                    }
                                };
                                let counter_fields = view! {
                                    <div class="counter-fields">
                                        {counter_field("quantity", "review-counter-quantity", "text", counter_value("quantity", l.promised_quantity().normalize().to_string()))}
                                        {counter_field("price", "review-counter-price", "text", counter_value("price", l.price.normalize().to_string()))}
                                        {counter_field("date", "review-counter-date", "date", counter_value("date", l.schedule.first().map(|s| s.date.to_string()).unwrap_or_default()))}
                                    </div>
                                };
                                let choice = |value: &'static str, label: &'static str, checked: bool| {
                                    let id = format!("review-line-{n}-{value}");
                                    let label_for = id.clone();
                                    view! {
                                        <label class="choice" for=label_for>
                                            <input type="radio" form="review-form" id=id name=format!("lines[{i}][decision]")
                                                value=value checked=checked/>
                                            {i18n.tr(label)}
                                        </label>
                                    }
                                };
                                Some(view! {
                                    <td data-label=i18n.tr("review-decision")>
                                        <input type="hidden" form="review-form" name=format!("lines[{i}][line]") value=n/>
                                        <div class="choices" role="radiogroup"
                                            aria-label=i18n.tr_args("review-decision-of", &[("line", &n.to_string())])>
                                            {choice("approve", "review-approve", chosen == "approve")}
                                            {choice("reject", "review-reject", chosen == "reject")}
                                            {choice("counter", "review-counter", chosen == "counter")}
                                        </div>
                                        {counter_fields}
                                    </td>
                                }.into_any())
                            } else if show_decisions {
                                let text = ack.review.as_ref().and_then(|r| r.decision(n).map(|d| (d, r.counter(n).cloned()))).map(|(d, counter)| match (d, counter) {
                                    (ReviewDecision::Approve, _) => i18n.tr("review-approved"),
                                    (ReviewDecision::Reject, _) => i18n.tr("review-rejected"),
                                    (ReviewDecision::Counter, Some(c)) => i18n.tr_args("review-countered-terms", &[
                                        ("quantity", &i18n.quantity(c.quantity)),
                                        ("price", &i18n.unit_price(c.price, &currency)),
                                        ("date", &i18n.date(c.date)),
                                    ]),
                                    (ReviewDecision::Counter, None) => i18n.tr("review-countered"),
                                }).unwrap_or_default();
                                Some(view! { <td data-label=i18n.tr("review-decision")>{text}</td> }.into_any())
                            } else {
                                None
                            };
                            let answer = match l.answer {
                                LineAnswer::Accepted => "ack-answered-accepted",
                                LineAnswer::Changed => "ack-answered-changed",
                                LineAnswer::Rejected => "ack-answered-rejected",
                            };
                            let quantity = if l.promised_quantity() == l.ordered_quantity || l.answer == LineAnswer::Rejected {
                                i18n.quantity(l.ordered_quantity)
                            } else {
                                format!("{} → {}", i18n.quantity(l.ordered_quantity), i18n.quantity(l.promised_quantity()))
                            };
                            let price = if l.price == l.ordered_price {
                                i18n.unit_price(l.price, &currency)
                            } else {
                                format!("{} → {}", i18n.unit_price(l.ordered_price, &currency), i18n.unit_price(l.price, &currency))
                            };
                            let deliveries = l.schedule.iter()
                                .map(|s| format!("{} × {}", i18n.quantity(s.quantity), i18n.date(s.date)))
                                .collect::<Vec<_>>().join("; ");
                            // A rejected order is not the policy's to judge: nothing waits for the buyer.
                            let policy = match &note {
                                _ if ack.outcome == AckOutcome::OrderRejected => String::new(),
                                Some(n) if n.changed.is_empty() => String::new(),
                                Some(n) if n.outside.is_empty() => i18n.tr("ack-policy-inside"),
                                Some(n) => i18n.tr_args("ack-policy-outside", &[("fields", &n.outside.iter()
                                    .map(|f| i18n.tr(&format!("ack-field-{}", f.code()))).collect::<Vec<_>>().join(", "))]),
                                None => String::new(),
                            };
                            let reason = l.reason.clone().map(|r| i18n.tr(&format!("ack-reason-{r}"))).unwrap_or_default();
                            let comment = note.and_then(|n| n.comment);
                            view! {
                                <tr data-line=l.line_number>
                                    <td class="num" data-label=i18n.tr("po-col-line")>{l.line_number}</td>
                                    <td data-label=i18n.tr("ack-answer")>{i18n.tr(answer)}</td>
                                    <td class="num" data-label=i18n.tr("po-col-quantity")>{quantity}</td>
                                    <td class="num" data-label=i18n.tr("po-col-unit-price")>{price}</td>
                                    <td data-label=i18n.tr("ack-deliveries")>{deliveries}</td>
                                    <td data-label=i18n.tr("ack-reason")>{reason}{comment.map(|c| view! { <span class="sub">{c}</span> })}</td>
                                    <td data-label=i18n.tr("ack-policy")>{policy}</td>
                                    {decision_cell}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {review_note}
            {counter_form}
            {review_form}
        </section>
    }
}
