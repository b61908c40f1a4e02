//! Bank details shown on both sides: an account's facts, a request's status and the list of earlier requests.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::supplier_profile::{BankAccountView, BankChangeStatus, BankChangeView};

/// An account: holder, IBAN (masked, or in full when the viewer may see it), BIC, bank and country.
#[component]
pub fn AccountFacts(account: BankAccountView, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let iban = account
        .iban_full
        .clone()
        .unwrap_or_else(|| account.iban_masked.clone());
    view! {
        <dl class="facts" id=id>
            <div class="fact"><dt>{i18n.tr("bank-holder")}</dt><dd>{account.holder}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-iban")}</dt><dd class="mono" data-iban="">{iban}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-bic")}</dt><dd class="mono">{account.bic}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-bank-name")}</dt><dd>{account.bank_name}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-country")}</dt><dd>{account.country}</dd></div>
        </dl>
    }
}

/// The account in force with when it was approved, or that there is none yet (`id` on either).
#[component]
pub fn CurrentAccount(current: Option<(BankAccountView, time::OffsetDateTime)>) -> impl IntoView {
    let i18n = use_i18n();
    match current {
        Some((account, at)) => view! {
            <AccountFacts account id="bank-current"/>
            <p class="muted">{i18n.tr_args("bank-approved-at", &[("date", &i18n.datetime(at))])}</p>
        }
        .into_any(),
        None => view! { <p class="muted" id="bank-current">{i18n.tr("bank-none")}</p> }.into_any(),
    }
}

/// A request's status as a coloured, translated badge.
#[component]
pub fn BankStatusBadge(status: BankChangeStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge-bank-{}", status.code()) data-status=status.code()>
            {i18n.tr(&status.label_key())}
        </span>
    }
}

/// Earlier requests, newest first: when and by whom, the account (masked), how it ended and why.
#[component]
pub fn BankHistory(history: Vec<BankChangeView>) -> impl IntoView {
    let i18n = use_i18n();
    (!history.is_empty()).then(|| {
        view! {
            <section class="card table-card" aria-labelledby="bank-history-h">
                <h2 id="bank-history-h" class="card-title">{i18n.tr("bank-history-h")}</h2>
                <div class="table-scroll">
                    <table class="data-table" id="bank-history">
                        <thead><tr>
                            <th scope="col">{i18n.tr("bank-col-requested")}</th>
                            <th scope="col">{i18n.tr("bank-iban")}</th>
                            <th scope="col">{i18n.tr("bank-col-status")}</th>
                            <th scope="col">{i18n.tr("bank-col-decided")}</th>
                            <th scope="col">{i18n.tr("bank-col-reason")}</th>
                        </tr></thead>
                        <tbody>
                            {history.into_iter().map(|c| view! {
                                <tr>
                                    <td>{format!("{} · {}", c.requested_by, i18n.datetime(c.requested_at))}</td>
                                    <td class="mono">{c.account.iban_masked}</td>
                                    <td><BankStatusBadge status=c.status/></td>
                                    <td>{match (c.decided_by, c.decided_at) {
                                        (Some(by), Some(at)) => format!("{by} · {}", i18n.datetime(at)),
                                        _ => String::new(),
                                    }}</td>
                                    <td>{c.reason.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}
