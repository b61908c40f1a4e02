//! `/account`: change the password, choose how to be told about orders (at once or in a daily digest), and see or
//! end the sessions signed in to this account. Plain HTML forms, so the
//! page works the same with and without JavaScript.

use crate::components::layout::{Loading, SignedIn};
use crate::i18n::use_i18n;
use crate::server_fns::account::my_sessions;
use crate::server_fns::notifications::notification_preferences;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::SessionInfo;

/// The account security page.
#[component]
pub fn AccountSecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new(|| (), |_| my_sessions());
    let preferences = Resource::new(|| (), |_| notification_preferences());
    view! {
        <Title text=i18n.tr("account-title")/>
        <SignedIn>
            <AccountSecurity sessions preferences/>
        </SignedIn>
    }
}

#[component]
fn AccountSecurity(
    sessions: Resource<Result<Vec<portico_domain::SessionInfo>, crate::error::AppError>>,
    preferences: Resource<
        Result<Vec<portico_domain::notifications::Preference>, crate::error::AppError>,
    >,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || query.read().get("notice");
    let error = move || query.read().get("error");
    view! {
        <div class="page-head">
            <h1>{i18n.tr("account-title")}</h1>
        </div>
        <div class="alert alert-success" role="status" hidden=move || notice().is_none()>
            {move || notice().map(|n| i18n.tr_known(&format!("account-notice-{n}")))}
        </div>
        <section class="card section" aria-labelledby="password-heading">
            <h2 id="password-heading">{i18n.tr("account-password")}</h2>
            <form class="form narrow" method="post" action="/api/password/change">
                <div class="alert alert-error" role="alert" hidden=move || error().is_none()>
                    {move || error().map(|e| i18n.tr_known(&e))}
                </div>
                <div class="field">
                    <label for="current_password">{i18n.tr("password-current")}</label>
                    <input id="current_password" name="current_password" type="password"
                        autocomplete="current-password" required maxlength="1024"/>
                </div>
                <div class="field">
                    <label for="password">{i18n.tr("password-new")}</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        minlength="12" maxlength="1024" aria-describedby="password-hint"/>
                    <small id="password-hint" class="muted">{i18n.tr("password-hint")}</small>
                </div>
                <div class="field">
                    <label for="confirm">{i18n.tr("password-confirm")}</label>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required
                        maxlength="1024"/>
                </div>
                <div>
                    <button type="submit" class="btn btn-primary">{i18n.tr("account-password-submit")}</button>
                </div>
            </form>
        </section>
        <section class="card section" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{i18n.tr("account-two-factor")}</h2>
            <p class="muted">{i18n.tr("account-two-factor-help")}</p>
            <p><a class="btn btn-secondary" href="/account/two-factor">{i18n.tr("account-two-factor-manage")}</a></p>
        </section>
        <section class="card section" id="notifications" aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">{i18n.tr("notify-title")}</h2>
            <p class="muted">{i18n.tr("notify-help")}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match preferences.await {
                        Ok(list) => view! { <NotificationForm list/> }.into_any(),
                        Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card section" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{i18n.tr("account-sessions")}</h2>
            <p class="muted">{i18n.tr("account-sessions-help")}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list/> }.into_any(),
                        Err(error) => view! { <crate::components::problem::Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A choice per kind of notification: at once or in the daily digest.
#[component]
fn NotificationForm(list: Vec<portico_domain::notifications::Preference>) -> impl IntoView {
    use portico_domain::notifications::Delivery;
    let i18n = use_i18n();
    view! {
        <form class="form" method="post" action="/api/notifications/save">
            <div class="notify-grid">
                {list.into_iter().enumerate().map(|(i, p)| {
                    let code = p.kind.code();
                    let id = format!("notify-{code}");
                    view! {
                        <div class="field">
                            <input type="hidden" name=format!("prefs[{i}][kind]") value=code/>
                            <label for=id.clone()>{i18n.tr(&format!("notify-kind-{code}"))}</label>
                            <select id=id name=format!("prefs[{i}][delivery]")>
                                <option value="immediate" selected=p.delivery == Delivery::Immediate>{i18n.tr("notify-immediate")}</option>
                                <option value="digest" selected=p.delivery == Delivery::Digest>{i18n.tr("notify-digest")}</option>
                            </select>
                        </div>
                    }
                }).collect_view()}
            </div>
            <div><button type="submit" class="btn btn-secondary">{i18n.tr("notify-save")}</button></div>
        </form>
    }
}

#[component]
fn SessionTable(list: Vec<SessionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table cards-on-phone">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr("session-browser")}</th>
                        <th scope="col">{i18n.tr("session-signed-in")}</th>
                        <th scope="col">{i18n.tr("session-last-seen")}</th>
                        <th scope="col">{i18n.tr("session-address")}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.tr("session-actions")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|s| {
                            let agent = s.user_agent.clone().map(|a| browser_name(&a)).unwrap_or_else(|| i18n.tr("po-none"));
                            view! {
                                <tr>
                                    <th scope="row" data-label=i18n.tr("session-browser")>
                                        {agent}
                                        {s.current.then(|| view! { <span class="badge badge-info">{i18n.tr("session-this")}</span> })}
                                    </th>
                                    <td data-label=i18n.tr("session-signed-in")>{i18n.datetime(s.signed_in_at)}</td>
                                    <td data-label=i18n.tr("session-last-seen")>{i18n.datetime(s.last_seen_at)}</td>
                                    <td data-label=i18n.tr("session-address")>{s.ip.clone().unwrap_or_else(|| i18n.tr("po-none"))}</td>
                                    <td>
                                        {(!s.current).then(|| view! {
                                            <form method="post" action="/api/sessions/end">
                                                <input type="hidden" name="id" value=s.id.to_string()/>
                                                <button type="submit" class="btn btn-ghost btn-small">{i18n.tr("session-end")}</button>
                                            </form>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A short name for a browser from its `User-Agent` (the full string is noise to people).
fn browser_name(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b.to_owned(),
        _ => agent.chars().take(40).collect(),
    }
}
