//! `/dev/mailbox`: when no SMTP server is configured, the messages Portico would have sent, with their links, so an
//! invitation or password reset can be followed on a machine without mail. Not found when mail really goes out.

use crate::components::layout::{Loading, Logo};
use crate::i18n::use_i18n;
use crate::server_fns::account::{dev_mailbox, MailboxMessage};
use leptos::prelude::*;
use leptos_meta::Title;

/// The development mailbox page.
#[component]
pub fn DevMailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let messages = Resource::new(|| (), |_| dev_mailbox());
    view! {
        <Title text=i18n.tr("mailbox-title")/>
        <main id="main" class="page-plain">
            <header class="page-head">
                <a class="brand" href="/login"><Logo/><span class="brand-name">{i18n.tr("app-name")}</span></a>
                <h1>{i18n.tr("mailbox-title")}</h1>
                <p class="muted">{i18n.tr("mailbox-help")}</p>
            </header>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(list) if list.is_empty() => view! { <p class="card section">{i18n.tr("mailbox-empty")}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|m| view! { <Message m/> }).collect_view().into_any(),
                        Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Message(m: MailboxMessage) -> impl IntoView {
    let i18n = use_i18n();
    let links: Vec<String> = m
        .text
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(str::to_owned)
        .collect();
    view! {
        <article class="card section mail" aria-label=m.subject.clone()>
            <h2>{m.subject.clone()}</h2>
            <dl class="mail-meta">
                <dt>{i18n.tr("mailbox-to")}</dt><dd>{m.to.clone()}</dd>
                <dt>{i18n.tr("mailbox-sent")}</dt><dd>{i18n.datetime(m.created_at)}</dd>
            </dl>
            <ul class="mail-links">
                {links.into_iter().map(|l| view! { <li><a href=l.clone()>{i18n.tr("mailbox-open-link")}</a></li> }).collect_view()}
            </ul>
            <pre class="mail-text">{m.text.clone()}</pre>
        </article>
    }
}
