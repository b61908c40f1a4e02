//! `/exceptions/settings` (buyer administrators): the hours the organisation gives itself per kind of exception. A
//! plain form (text fields, so the server's rule and words apply in every browser); an empty field means the
//! built-in default. A mistake comes back beside its field with the values as
//! typed.

use super::duration_text;
use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::components::settings_field::SettingsField;
use crate::i18n::use_i18n;
use crate::nav::parse_field_errors;
use crate::server_fns::exceptions::exception_slas_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::exceptions::SlaSetting;

/// The page.
#[component]
pub fn ExceptionSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |()| exception_slas_page());
    view! {
        <Title text=i18n.tr("slas-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(slas) => view! { <Form slas/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn Form(slas: Vec<SlaSetting>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.read_untracked();
    let notice = q
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let errors = q
        .get("errors")
        .map(|e| parse_field_errors(&e))
        .unwrap_or_default();
    let typed = !errors.is_empty();
    let rows = slas
        .into_iter()
        .map(|s| {
            let code = s.kind.code();
            let value = if typed {
                q.get(code).unwrap_or_default()
            } else if s.custom {
                s.hours.to_string()
            } else {
                String::new()
            };
            let error = errors
                .iter()
                .find(|(f, _)| f == code)
                .map(|(_, m)| i18n.tr_known(m));
            let default = duration_text(i18n, s.kind.sla_hours());
            view! {
                <SettingsField id=format!("sla-{code}") name=code label=i18n.tr(&s.kind.label_key())
                    value=value unit=i18n.tr("slas-unit-hours") inputmode="numeric"
                    hint=i18n.tr_args("slas-default", &[("span", &default)]) error=error
                    placeholder=s.kind.sla_hours().to_string()/>
            }
        })
        .collect_view();
    drop(q);
    view! {
        <nav class="breadcrumb" aria-label=i18n.tr("po-breadcrumb")>
            <a href="/exceptions">"← "{i18n.tr("exceptions-title")}</a>
        </nav>
        <div class="page-head">
            <div>
                <h1>{i18n.tr("slas-title")}</h1>
                <p class="muted">{i18n.tr("slas-intro")}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {typed.then(|| view! { <div class="alert alert-error" role="alert">{i18n.tr("slas-fix")}</div> })}
        <section class="card section" aria-labelledby="slas-h">
            <h2 id="slas-h" class="visually-hidden">{i18n.tr("slas-title")}</h2>
            <form class="form" method="post" action="/api/exceptions/settings">
                <div class="ack-grid settings-grid">{rows}</div>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("slas-save")}</button></div>
            </form>
        </section>
    }
}
