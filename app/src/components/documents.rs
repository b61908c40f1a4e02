//! Pieces of the compliance document pages: the status badge (with days left or since expiry) and the table of
//! documents both sides read.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::compliance::{DocumentStatus, DocumentView};

/// A document's status, with how many days it has left (or has been expired).
#[component]
pub fn DocumentStatusBadge(status: DocumentStatus, days_left: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let detail = match (status, days_left) {
        (DocumentStatus::Expired, Some(d)) => {
            Some(i18n.tr_args("doc-days-ago", &[("days", &(-d).to_string())]))
        }
        (DocumentStatus::Expiring, Some(0)) => Some(i18n.tr("doc-last-day")),
        (DocumentStatus::Expiring, Some(d)) => {
            Some(i18n.tr_args("doc-days-left", &[("days", &d.to_string())]))
        }
        _ => None,
    };
    view! {
        <span class=format!("badge badge-doc-{}", status.code()) data-status=status.code()>
            {i18n.tr(&status.label_key())}
        </span>
        {detail.map(|d| view! { <small class="doc-days">{d}</small> })}
    }
}

/// Documents as a table: status, what it is, its dates, its file; with `show_supplier`, the supplier first (linking
/// that supplier's documents).
#[component]
pub fn DocumentTable(
    documents: Vec<DocumentView>,
    #[prop(optional)] show_supplier: bool,
    id: &'static str,
    caption: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table doc-table" id=id>
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    {show_supplier.then(|| view! { <th scope="col">{i18n.tr("doc-col-supplier")}</th> })}
                    <th scope="col">{i18n.tr("doc-col-document")}</th>
                    <th scope="col">{i18n.tr("doc-col-status")}</th>
                    <th scope="col">{i18n.tr("doc-col-expires")}</th>
                    <th scope="col">{i18n.tr("doc-col-uploaded")}</th>
                    <th scope="col">{i18n.tr("doc-col-file")}</th>
                </tr></thead>
                <tbody>
                    {documents.into_iter().map(|d| {
                        let href = format!("/api/documents/file?id={}", d.id);
                        let kb = ((d.size_bytes + 1023) / 1024).to_string();
                        view! {
                            <tr data-status=d.status.code()>
                                {show_supplier.then(|| view! {
                                    <td><a href=format!("/suppliers/{}/documents", d.supplier_id)>{d.supplier_name.clone()}</a></td>
                                })}
                                <td>
                                    <span class="doc-title">{d.title.clone()}</span>
                                    <br/><small class="muted">{i18n.tr(&d.kind.label_key())}
                                        {d.issued_on.map(|on| format!(" · {}", i18n.tr_args("doc-issued-on", &[("date", &i18n.date(on))])))}</small>
                                </td>
                                <td><DocumentStatusBadge status=d.status days_left=d.days_left/></td>
                                <td>{d.expires_on.map(|on| i18n.date(on)).unwrap_or_else(|| i18n.tr("doc-no-expiry"))}</td>
                                <td>{format!("{} · {}", d.uploaded_by, i18n.datetime(d.uploaded_at))}</td>
                                <td><a href=href download=d.file_name.clone()>{d.file_name.clone()}</a>
                                    <small class="muted">{format!(" ({})", i18n.tr_args("attach-size", &[("kb", &kb)]))}</small></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
