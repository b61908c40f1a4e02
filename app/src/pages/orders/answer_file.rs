//! `/orders/answer-file` (suppliers): answer many orders at once in a spreadsheet. Download the open lines as CSV,
//! upload the answered file, read the preview (every row with its mistakes by column, or what each order's answer
//! becomes), apply it — all answers in one transaction, nothing while any row is wrong. Plain links and forms.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::answer_files::{answer_file_page, AnswerFileView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::acknowledgement::file::{CellProblem, FilePreview, RowCheck};
use portico_domain::acknowledgement::{FieldError, ReasonCode};

/// The page.
#[component]
pub fn AnswerFilePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("upload"), answer_file_page);
    view! {
        <Title text=i18n.tr("file-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <AnswerFile view/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

fn problem_text(i18n: I18n, message: &str, args: &[(String, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    i18n.tr_known_args(message, &args)
}

fn file_problem_text(i18n: I18n, e: &FieldError) -> String {
    problem_text(i18n, &e.message, &e.args)
}

#[component]
fn AnswerFile(view: AnswerFileView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query.read_untracked().get("notice").map(|n| {
        let orders = query.read_untracked().get("orders").unwrap_or_default();
        i18n.tr_known_args(&format!("{n}-notice"), &[("orders", &orders)])
    });
    let error = query
        .read_untracked()
        .get("error")
        .map(|e| i18n.tr_known(&e));
    let open = view.open_orders;
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/orders">{i18n.tr("inbox-title")}</a></p>
                <h1>{i18n.tr("file-title")}</h1>
                <p class="muted">{i18n.tr("file-subtitle")}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {error.map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
        {view! {
        <section class="card section" aria-labelledby="file-download-h">
            <h2 id="file-download-h">{i18n.tr("file-step-download")}</h2>
            <p>{i18n.tr_args("file-open-orders", &[("count", &open.to_string())])}</p>
            {(open > 0).then(|| view! {
                <p><a class="btn btn-secondary" href="/api/answer-file/download" download>{i18n.tr("file-download")}</a></p>
            })}
            <details class="help">
                <summary>{i18n.tr("file-how")}</summary>
                <ul>
                    <li>{i18n.tr("file-how-answer")}</li>
                    <li>{i18n.tr("file-how-change")}</li>
                    <li>{i18n.tr("file-how-split")}</li>
                    <li>{i18n.tr("file-how-reject")}</li>
                    <li>
                        {i18n.tr("file-how-reasons")}" "
                        {ReasonCode::ALL.into_iter().map(|r| view! {
                            <code>{r.code()}</code>" ("{i18n.tr(&format!("ack-reason-{}", r.code()))}") "
                        }).collect_view()}
                    </li>
                    <li>{i18n.tr("file-how-format")}</li>
                </ul>
            </details>
        </section>
        }.into_any()}
        {view! {
        <section class="card section" aria-labelledby="file-upload-h">
            <h2 id="file-upload-h">{i18n.tr("file-step-upload")}</h2>
            <form class="form narrow" method="post" action="/api/answer-file/upload" enctype="multipart/form-data">
                <div class="field">
                    <label for="answer-file">{i18n.tr("file-choose")}</label>
                    <input id="answer-file" name="file" type="file" accept=".csv,text/csv" required
                        aria-describedby="answer-file-help"/>
                    <small id="answer-file-help" class="muted">{i18n.tr("file-choose-help")}</small>
                </div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("file-check")}</button></div>
            </form>
        </section>
        }.into_any()}
        {view.preview.map(|preview| view! {
            <Preview preview upload=view.upload.clone().unwrap_or_default()/>
        }.into_any())}
    }
}

#[component]
fn Preview(preview: FilePreview, upload: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = preview.rows.len();
    let wrong = preview.rows_with_problems();
    let valid = preview.is_valid();
    let applied = preview.applied_at;
    let summary = if let Some(at) = applied {
        view! { <div class="alert alert-success" role="status">{i18n.tr_args("file-applied-at", &[("when", &i18n.datetime(at))])}</div> }.into_any()
    } else if valid {
        view! {
            <div class="alert alert-success" role="status">
                {i18n.tr_args("file-valid", &[("rows", &total.to_string()), ("orders", &preview.orders.len().to_string())])}
            </div>
        }
        .into_any()
    } else {
        let text = if preview.file_problems.is_empty() {
            i18n.tr_args(
                "file-invalid",
                &[("wrong", &wrong.to_string()), ("rows", &total.to_string())],
            )
        } else {
            i18n.tr("file-unreadable")
        };
        view! {
            <div class="alert alert-error" role="alert">
                <p>{text}</p>
                <ul>
                    {preview.file_problems.iter().map(|e| view! { <li>{file_problem_text(i18n, e)}</li> }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    };
    let plan = (valid && applied.is_none()).then(|| {
        view! {
            <ul class="file-plan">
                {preview.orders.iter().map(|o| {
                    let outcome = o.outcome.map(|out| i18n.tr(&format!("file-outcome-{}", out.code().replace('_', "-")))).unwrap_or_default();
                    view! {
                        <li>
                            <a href=format!("/orders/{}", o.id.0)><strong>{o.number.clone()}</strong></a>
                            " · "{i18n.tr_args("file-plan-lines", &[("lines", &o.lines.to_string())])}
                            " · "{outcome}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form method="post" action="/api/answer-file/apply">
                <input type="hidden" name="upload" value=upload.clone()/>
                <button type="submit" class="btn btn-primary">
                    {i18n.tr_args("file-apply", &[("orders", &preview.orders.len().to_string())])}
                </button>
            </form>
        }
        .into_any()
    });
    let rows = (!preview.rows.is_empty())
        .then(|| view! { <RowsTable rows=preview.rows.clone()/> }.into_any());
    view! {
        <section class="card section" id="preview" aria-labelledby="file-preview-h">
            <h2 id="file-preview-h">{i18n.tr("file-step-preview")}</h2>
            <p class="muted">{i18n.tr_args("file-name", &[("name", &preview.file_name)])}</p>
            {summary}
            {plan}
        </section>
        {rows}
    }
}

#[component]
fn RowsTable(rows: Vec<RowCheck>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |column: &str| i18n.tr(&format!("file-col-{column}"));
    view! {
        <section class="card table-card" aria-labelledby="file-rows-h">
            <h2 id="file-rows-h" class="card-title">{i18n.tr("file-rows")}</h2>
            <div class="table-scroll">
                <table class="data-table file-rows">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{i18n.tr("file-col-row")}</th>
                            <th scope="col">{label("order")}</th>
                            <th scope="col" class="num">{label("line")}</th>
                            <th scope="col">{label("answer")}</th>
                            <th scope="col" class="num">{label("quantity")}</th>
                            <th scope="col" class="num">{label("price")}</th>
                            <th scope="col">{label("promised_date")}</th>
                            <th scope="col">{label("reason")}</th>
                            <th scope="col">{i18n.tr("file-col-check")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let bad = |column: &str| r.problems.iter().any(|p| p.column == column);
                            let cell_class = move |bad: bool, num: bool| {
                                let mut class = Vec::new();
                                if num {
                                    class.push("num");
                                }
                                if bad {
                                    class.push("cell-error");
                                }
                                class.join(" ")
                            };
                            let row_class = if r.problems.is_empty() { "" } else { "row-error" };
                            let check = if r.problems.is_empty() {
                                view! { <span class="ok">{i18n.tr("file-row-ok")}</span> }.into_any()
                            } else {
                                view! {
                                    <ul class="cell-problems">
                                        {r.problems.iter().map(|p: &CellProblem| view! {
                                            <li><strong>{label(&p.column)}": "</strong>{problem_text(i18n, &p.message, &p.args)}</li>
                                        }).collect_view()}
                                    </ul>
                                }
                                .into_any()
                            };
                            let row = r.row.clone();
                            view! {
                                <tr class=row_class>
                                    <th scope="row" class="num" data-label=i18n.tr("file-col-row")>{row.row}</th>
                                    <td class=cell_class(bad("order"), false) data-label=label("order")>{row.order}</td>
                                    <td class=cell_class(bad("line"), true) data-label=label("line")>{row.line}</td>
                                    <td class=cell_class(bad("answer"), false) data-label=label("answer")>{row.answer}</td>
                                    <td class=cell_class(bad("quantity"), true) data-label=label("quantity")>{row.quantity}</td>
                                    <td class=cell_class(bad("price"), true) data-label=label("price")>{row.price}</td>
                                    <td class=cell_class(bad("promised_date"), false) data-label=label("promised_date")>{row.promised_date}</td>
                                    <td class=cell_class(bad("reason") || bad("comment"), false) data-label=label("reason")>{row.reason}</td>
                                    <td data-label=i18n.tr("file-col-check")>{check}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
