//! Bank details shown on both sides: an account's facts, a request's status and the list of earlier requests.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use portico_domain::supplier_profile::{
    AccountScheme, BankAccountView, BankChangeStatus, BankChangeView,
};

/// An account: holder, its scheme, the IBAN or account number (masked, or in full when the viewer may see it), a
/// domestic account's routing code, BIC, bank and country.
#[component]
pub fn AccountFacts(account: BankAccountView, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let number = account
        .number_full
        .clone()
        .unwrap_or_else(|| account.number_masked.clone());
    let domestic = account.scheme != AccountScheme::Iban;
    let number_label = if domestic {
        "bank-account-number"
    } else {
        "bank-iban"
    };
    view! {
        <dl class="facts" id=id>
            <div class="fact"><dt>{i18n.tr("bank-holder")}</dt><dd>{account.holder}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-scheme")}</dt><dd data-scheme=account.scheme.code()>{i18n.tr(&account.scheme.label_key())}</dd></div>
            {account.routing.map(|r| view! {
                <div class="fact"><dt>{i18n.tr(&routing_label(account.scheme))}</dt><dd class="mono" data-routing="">{r}</dd></div>
            })}
            <div class="fact"><dt>{i18n.tr(number_label)}</dt><dd class="mono" data-iban="">{number}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-bic")}</dt><dd class="mono">{account.bic.unwrap_or_else(|| i18n.tr("bank-bic-none"))}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-bank-name")}</dt><dd>{account.bank_name}</dd></div>
            <div class="fact"><dt>{i18n.tr("bank-country")}</dt><dd>{account.country}</dd></div>
        </dl>
    }
}

/// The catalogue key naming a domestic scheme's routing code ("ABA routing number", "Transit and institution").
pub fn routing_label(scheme: AccountScheme) -> String {
    format!("bank-routing-{}", scheme.code().replace('_', "-"))
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
                            <th scope="col">{i18n.tr("bank-account")}</th>
                            <th scope="col">{i18n.tr("bank-col-status")}</th>
                            <th scope="col">{i18n.tr("bank-col-decided")}</th>
                            <th scope="col">{i18n.tr("bank-col-reason")}</th>
                        </tr></thead>
                        <tbody>
                            {history.into_iter().map(|c| view! {
                                <tr>
                                    <td>{format!("{} · {}", c.requested_by, i18n.datetime(c.requested_at))}</td>
                                    <td class="mono">{c.account.number_masked}</td>
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
