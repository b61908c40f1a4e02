//! `/integration/edi/:supplier`: one supplier's EDI profile — standard, the supplier's and the buyer gateway's
//! interchange ids, separators, test or production, the outbound directory. A plain form; a mistake comes back
//! beside its field with everything as it was typed.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_i18n;
use crate::server_fns::edi::{edi_profile_page, EdiProfileView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use portico_domain::edi::{EdiProfileInput, EdiStandard};

/// The profile page.
#[component]
pub fn EdiProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("supplier").unwrap_or_default(),
                query.read().get("draft"),
            )
        },
        |(supplier, draft)| edi_profile_page(supplier, draft),
    );
    view! {
        <Title text=i18n.tr("edi-profile-title")/>
        <SignedIn>
            <Profile data/>
        </SignedIn>
    }
}

#[component]
fn Profile(
    data: Resource<Result<crate::server_fns::edi::EdiProfileView, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Form view/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The form's values: what was last sent (with a mistake), else the stored profile, else a suggestion.
fn values(view: &EdiProfileView) -> EdiProfileInput {
    if let Some(draft) = &view.draft {
        return draft.clone();
    }
    match &view.partner.profile {
        Some(p) => EdiProfileInput::from(p),
        None => EdiProfileInput::suggested(EdiStandard::X12, &view.partner.supplier_code, ""),
    }
}

#[component]
fn Form(view: EdiProfileView) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = query.read_untracked().get("error");
    let bad_field = query.read_untracked().get("field").unwrap_or_default();
    let v = values(&view);
    let partner = view.partner;
    // One text input with its label, hint and, when it is the field at fault, the message.
    let text = |name: &'static str, value: String, max: u32, hint: Option<&'static str>| {
        let id = format!("edi-{name}");
        let invalid = bad_field == name;
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = match (hint.is_some(), invalid) {
            (true, true) => Some(format!("{hint_id} {error_id}")),
            (true, false) => Some(hint_id.clone()),
            (false, true) => Some(error_id.clone()),
            (false, false) => None,
        };
        view! {
            <div class="field">
                <label for=id.clone()>{i18n.tr(&format!("edi-field-{name}"))}</label>
                <input id=id name=name type="text" value=value maxlength=max.to_string() autocomplete="off"
                    spellcheck="false" aria-invalid=invalid.then_some("true") aria-describedby=described/>
                {hint.map(|h| view! { <small id=hint_id class="muted">{i18n.tr(h)}</small> })}
                {invalid.then(|| view! {
                    <small id=error_id class="field-error">{error.clone().map(|e| i18n.tr_known(&e))}</small>
                })}
            </div>
        }
    };
    let standard_invalid = bad_field == "standard";
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb">
                    <a href="/integration">{i18n.tr("integration-title")}</a>" / "
                    <a href="/integration/edi">{i18n.tr("edi-title")}</a>
                </p>
                <h1>{partner.supplier_name.clone()}</h1>
                <p class="muted">{i18n.tr("edi-profile-subtitle")}</p>
            </div>
        </div>
        <div class="alert alert-error" role="alert" hidden=error.is_none()>
            {error.clone().map(|e| i18n.tr_known(&e))}
        </div>
        <section class="card section" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{i18n.tr("edi-profile-title")}</h2>
            <form class="form narrow" method="post" action="/api/integration/edi/profile/save">
                <input type="hidden" name="supplier" value=partner.supplier_id.to_string()/>
                <fieldset class="field">
                    <legend>{i18n.tr("edi-field-standard")}</legend>
                    {EdiStandard::ALL.into_iter().map(|s| view! {
                        <label class="radio">
                            <input type="radio" name="standard" value=s.as_str() checked=v.standard == s.as_str()
                                aria-invalid=standard_invalid.then_some("true")/>
                            {i18n.tr(&format!("edi-standard-{}", s.as_str()))}
                        </label>
                    }).collect_view()}
                    <small class="muted">{i18n.tr("edi-standard-hint")}</small>
                </fieldset>
                <h3>{i18n.tr("edi-supplier-id")}</h3>
                {text("supplier_qualifier", v.supplier_qualifier.clone(), 4, Some("edi-qualifier-hint"))}
                {text("supplier_code", v.supplier_code.clone(), 35, Some("edi-supplier-code-hint"))}
                <h3>{i18n.tr("edi-buyer-id")}</h3>
                {text("buyer_qualifier", v.buyer_qualifier.clone(), 4, None)}
                {text("buyer_code", v.buyer_code.clone(), 35, Some("edi-buyer-code-hint"))}
                <h3>{i18n.tr("edi-separators")}</h3>
                <p class="muted small">{i18n.tr("edi-separators-hint")}</p>
                <div class="field-row">
                    {text("element_separator", v.element_separator.clone(), 1, None)}
                    {text("component_separator", v.component_separator.clone(), 1, None)}
                    {text("segment_terminator", v.segment_terminator.clone(), 1, None)}
                </div>
                <h3>{i18n.tr("edi-transport")}</h3>
                {text("outbound_dir", v.outbound_dir.clone(), 200, Some("edi-outbound-dir-hint"))}
                <label class="checkbox">
                    <input type="checkbox" name="test" value="on" checked=v.test/>
                    {i18n.tr("edi-field-test")}
                </label>
                <label class="checkbox">
                    <input type="checkbox" name="enabled" value="on" checked=v.enabled/>
                    {i18n.tr("edi-field-enabled")}
                </label>
                <div><button type="submit" class="btn btn-primary">{i18n.tr("edi-save")}</button></div>
            </form>
        </section>
    }
}
