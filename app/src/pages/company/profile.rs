//! `/company/profile`: the supplier's company profile as one buyer knows it. During onboarding administrators fill it
//! in (saving drafts) and submit it for review; once active they change it, and fields the buyer reviews wait for its
//! approval while the others take effect at once. Other people of the supplier read it.

use crate::components::layout::{Loading, SignedIn};
use crate::components::problem::Problem;
use crate::components::profile::{ChangesTable, ProfileFacts};
use crate::i18n::{use_i18n, I18n};
use crate::server_fns::supplier_profiles::{own_profile_page, ProfilePageData};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use portico_domain::acknowledgement::FieldError;
use portico_domain::onboarding::SupplierStatus;
use portico_domain::profile::{
    AddressInput, ChangeStatus, ContactInput, EdiCapability, ProfileField,
};
use portico_domain::supplier_profile::TaxScheme;
use portico_i18n::Locale;

/// The page.
#[component]
pub fn CompanyProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("draft"), own_profile_page);
    view! {
        <Title text=i18n.tr("profile-title")/>
        <SignedIn>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <OwnProfile data/> }.into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

/// One text input with its label, hint, mistake and "needs approval" mark.
#[allow(clippy::too_many_arguments)]
fn input(
    i18n: I18n,
    errors: &[FieldError],
    name: &str,
    label: &str,
    value: String,
    max: usize,
    kind: &'static str,
    hint: Option<String>,
    approval: bool,
) -> AnyView {
    let id = format!("profile-{}", name.replace(['.', '_'], "-"));
    let error = i18n.mistake_in(errors, name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match (&error, &hint) {
        (Some(_), _) => Some(error_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        _ => None,
    };
    let form_name = match name.split_once('.') {
        Some((group, part)) => format!("profile[{group}][{part}]"),
        None => format!("profile[{name}]"),
    };
    view! {
        <div class="field">
            <label for=id.clone()>{i18n.tr(label)}
                {approval.then(|| view! { " " <span class="badge badge-needs-approval">{i18n.tr("profile-needs-approval")}</span> })}
            </label>
            <input id=id name=form_name type=kind value=value maxlength=max.to_string()
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=described/>
            {hint.map(|h| view! { <small id=hint_id class="muted">{h}</small> })}
            {error.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
        </div>
    }
    .into_any()
}

fn address_fields(
    i18n: I18n,
    errors: &[FieldError],
    group: &'static str,
    field: ProfileField,
    value: AddressInput,
    approval: bool,
) -> AnyView {
    let heading_id = format!("profile-{}-h", group.replace('_', "-"));
    let legend_id = heading_id.clone();
    let part = |p: &str| format!("{group}.{p}");
    view! {
        <fieldset class="profile-group" aria-labelledby=heading_id>
            <legend id=legend_id>{i18n.tr(&field.label_key())}
                {approval.then(|| view! { " " <span class="badge badge-needs-approval">{i18n.tr("profile-needs-approval")}</span> })}
            </legend>
            {(field == ProfileField::ShipFromAddress).then(|| view! { <p class="muted small">{i18n.tr("profile-address-optional")}</p> })}
            {input(i18n, errors, &part("line1"), "profile-address-line1", value.line1, 140, "text", None, false)}
            {input(i18n, errors, &part("line2"), "profile-address-line2", value.line2, 140, "text", None, false)}
            <div class="profile-row">
                {input(i18n, errors, &part("postal_code"), "profile-address-postal-code", value.postal_code, 16, "text", None, false)}
                {input(i18n, errors, &part("city"), "profile-address-city", value.city, 80, "text", None, false)}
            </div>
            <div class="profile-row">
                {input(i18n, errors, &part("region"), "profile-address-region", value.region, 80, "text", None, false)}
                {input(i18n, errors, &part("country"), "profile-address-country", value.country, 2, "text", Some(i18n.tr("profile-address-country-hint")), false)}
            </div>
        </fieldset>
    }
    .into_any()
}

fn contact_fields(
    i18n: I18n,
    errors: &[FieldError],
    group: &'static str,
    field: ProfileField,
    value: ContactInput,
    approval: bool,
) -> AnyView {
    let heading_id = format!("profile-{group}-h");
    let legend_id = heading_id.clone();
    let part = |p: &str| format!("{group}.{p}");
    view! {
        <fieldset class="profile-group" aria-labelledby=heading_id>
            <legend id=legend_id>{i18n.tr(&field.label_key())}
                {approval.then(|| view! { " " <span class="badge badge-needs-approval">{i18n.tr("profile-needs-approval")}</span> })}
            </legend>
            {input(i18n, errors, &part("name"), "profile-contact-name", value.name, 140, "text", None, false)}
            {input(i18n, errors, &part("email"), "profile-contact-email", value.email, 254, "email", None, false)}
            {input(i18n, errors, &part("phone"), "profile-contact-phone", value.phone, 30, "tel", None, false)}
        </fieldset>
    }
    .into_any()
}

#[component]
fn OwnProfile(data: ProfilePageData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = query
        .read_untracked()
        .get("notice")
        .map(|n| i18n.tr_known(&format!("{n}-notice")));
    let view = data.view;
    let draft = data.draft.unwrap_or_default();
    let errors = draft.errors.clone();
    let has_errors = !errors.is_empty();
    let organisation = view.organisation_name.clone();
    let onboarding = view.status == SupplierStatus::Onboarding;
    let active = view.status == SupplierStatus::Active;
    let form_values = if has_errors {
        draft.input.clone()
    } else {
        view.form.clone()
    };
    let review = view.review_fields.clone();
    let needs = move |f: ProfileField| active && review.contains(&f);
    let pending = view
        .open
        .clone()
        .filter(|o| o.status == ChangeStatus::Pending);
    let banner = match view.status {
        SupplierStatus::InReview => Some(view! {
            <div class="alert alert-info" role="status" id="profile-status">{i18n.tr_args("profile-in-review-banner", &[("organisation", &organisation)])}</div>
        }.into_any()),
        SupplierStatus::Onboarding => Some(match &view.returned {
            Some(r) => view! {
                <div class="alert alert-warning" role="status" id="profile-status">
                    <p>{i18n.tr_args("profile-returned-banner", &[("organisation", &organisation)])}</p>
                    <blockquote class="buyer-comment">{r.comment.clone().unwrap_or_default()}</blockquote>
                    <small class="muted">{i18n.tr_args("profile-decided-by", &[
                        ("name", r.decided_by.as_deref().unwrap_or_default()),
                        ("date", &r.decided_at.map(|d| i18n.datetime(d)).unwrap_or_default()),
                    ])}</small>
                </div>
            }.into_any(),
            None => view! {
                <div class="alert alert-info" role="status" id="profile-status">{i18n.tr_args("profile-onboarding-intro", &[("organisation", &organisation)])}</div>
            }.into_any(),
        }),
        SupplierStatus::Active => match (&pending, &view.returned) {
            (Some(p), _) => {
                let fields = p.changes.iter().map(|c| i18n.tr(&c.field.label_key())).collect::<Vec<_>>().join(", ");
                Some(view! {
                    <div class="alert alert-info" role="status" id="profile-status">
                        <p>{i18n.tr_args("profile-pending-banner", &[("organisation", &organisation), ("fields", &fields)])}</p>
                        <small class="muted">{i18n.tr("profile-pending-note")}</small>
                    </div>
                }.into_any())
            }
            (None, Some(r)) => Some(view! {
                <div class="alert alert-warning" role="status" id="profile-status">
                    <p>{i18n.tr_args("profile-change-returned-banner", &[("organisation", &organisation)])}</p>
                    <blockquote class="buyer-comment">{r.comment.clone().unwrap_or_default()}</blockquote>
                </div>
            }.into_any()),
            _ => None,
        },
    };
    let form = view.may_edit.then(|| {
        let v = form_values.clone();
        let errors = errors.clone();
        let needs = needs.clone();
        let tax_scheme = if v.tax_scheme.is_empty() { "eu_vat".to_owned() } else { v.tax_scheme.clone() };
        let edi = v.edi_capability.clone();
        let language = v.language.clone();
        let tax_error = i18n.mistake_in(&errors, "tax_scheme");
        let edi_error = i18n.mistake_in(&errors, "edi_capability");
        let language_error = i18n.mistake_in(&errors, "language");
        view! {
            <form class="form profile-form" method="post" action="/api/company/profile/save" novalidate=true>
                {active.then(|| view! { <p class="muted">{i18n.tr_args("profile-needs-approval-hint", &[("organisation", &organisation)])}</p> })}
                <section class="card section" aria-labelledby="profile-company-h">
                    <h2 id="profile-company-h">{i18n.tr("profile-section-company")}</h2>
                    {input(i18n, &errors, "legal_name", "profile-field-legal-name", v.legal_name.clone(), 140, "text", None, needs(ProfileField::LegalName))}
                    <div class="profile-row">
                        <div class="field">
                            <label for="profile-tax-scheme">{i18n.tr("profile-field-tax-scheme")}</label>
                            <select id="profile-tax-scheme" name="profile[tax_scheme]"
                                aria-invalid=tax_error.is_some().then_some("true")
                                aria-describedby=tax_error.is_some().then_some("profile-tax-scheme-error")>
                                {TaxScheme::ALL.into_iter().map(|s| view! {
                                    <option value=s.code() selected=s.code() == tax_scheme>{i18n.tr(&format!("profile-tax-{}", s.code()))}</option>
                                }).collect_view()}
                            </select>
                            {tax_error.map(|m| view! { <small id="profile-tax-scheme-error" class="field-error">{m}</small> })}
                        </div>
                        {input(i18n, &errors, "tax_id", "profile-field-tax-id", v.tax_id.clone(), 30, "text", None, needs(ProfileField::TaxId))}
                    </div>
                    {input(i18n, &errors, "registration_id", "profile-field-registration-id", v.registration_id.clone(), 40, "text", Some(i18n.tr("profile-registration-hint")), needs(ProfileField::RegistrationId))}
                    {input(i18n, &errors, "gs1_prefix", "profile-field-gs1-prefix", v.gs1_prefix.clone(), 12, "text", Some(i18n.tr("profile-gs1-hint")), needs(ProfileField::Gs1Prefix))}
                    <div class="profile-row">
                        <div class="field">
                            <label for="profile-edi">{i18n.tr("profile-field-edi-capability")}</label>
                            <select id="profile-edi" name="profile[edi_capability]"
                                aria-invalid=edi_error.is_some().then_some("true")
                                aria-describedby=edi_error.is_some().then_some("profile-edi-error")>
                                {EdiCapability::ALL.into_iter().map(|c| view! {
                                    <option value=c.code() selected=c.code() == edi>{i18n.tr(&c.label_key())}</option>
                                }).collect_view()}
                            </select>
                            {edi_error.map(|m| view! { <small id="profile-edi-error" class="field-error">{m}</small> })}
                        </div>
                        <div class="field">
                            <label for="profile-language">{i18n.tr("profile-field-language")}</label>
                            <select id="profile-language" name="profile[language]"
                                aria-invalid=language_error.is_some().then_some("true")
                                aria-describedby=language_error.is_some().then_some("profile-language-error")>
                                {Locale::ALL.into_iter().map(|l| view! {
                                    <option value=l.tag() selected=l.tag() == language lang=l.tag()>{l.native_name()}</option>
                                }).collect_view()}
                            </select>
                            {language_error.map(|m| view! { <small id="profile-language-error" class="field-error">{m}</small> })}
                        </div>
                    </div>
                </section>
                {view! {
                <section class="card section" aria-labelledby="profile-addresses-h">
                    <h2 id="profile-addresses-h">{i18n.tr("profile-section-addresses")}</h2>
                    <div class="profile-groups">
                        {address_fields(i18n, &errors, "ordering", ProfileField::OrderingAddress, v.ordering.clone(), needs(ProfileField::OrderingAddress))}
                        {address_fields(i18n, &errors, "remit_to", ProfileField::RemitToAddress, v.remit_to.clone(), needs(ProfileField::RemitToAddress))}
                        {address_fields(i18n, &errors, "ship_from", ProfileField::ShipFromAddress, v.ship_from.clone(), needs(ProfileField::ShipFromAddress))}
                    </div>
                </section>
                <section class="card section" aria-labelledby="profile-contacts-h">
                    <h2 id="profile-contacts-h">{i18n.tr("profile-section-contacts")}</h2>
                    <div class="profile-groups">
                        {contact_fields(i18n, &errors, "orders", ProfileField::OrdersContact, v.orders.clone(), needs(ProfileField::OrdersContact))}
                        {contact_fields(i18n, &errors, "invoicing", ProfileField::InvoicingContact, v.invoicing.clone(), needs(ProfileField::InvoicingContact))}
                        {contact_fields(i18n, &errors, "shipping", ProfileField::ShippingContact, v.shipping.clone(), needs(ProfileField::ShippingContact))}
                    </div>
                </section>
                }.into_any()}
                <div class="actions-row">
                    {if onboarding {
                        view! {
                            <button type="submit" class="btn btn-secondary">{i18n.tr("profile-save-draft")}</button>
                            <button type="submit" class="btn btn-primary" name="submit" value="1">{i18n.tr("profile-submit")}</button>
                        }.into_any()
                    } else {
                        view! { <button type="submit" class="btn btn-primary">{i18n.tr("profile-save")}</button> }.into_any()
                    }}
                </div>
            </form>
        }
        .into_any()
    });
    let read_only = (!view.may_edit).then(|| {
        match view.current.clone() {
            Some((profile, version)) => view! {
                <section class="card section" aria-labelledby="profile-current-h">
                    <h2 id="profile-current-h">{i18n.tr("profile-title")}</h2>
                    <ProfileFacts profile id="profile-current"/>
                    <p class="muted small">{i18n.tr_args("profile-version", &[("version", &version.to_string())])}</p>
                </section>
            }.into_any(),
            None => view! { <p class="card section empty" id="profile-current">{i18n.tr("profile-none")}</p> }.into_any(),
        }
    });
    let pending_table = pending.map(|p| view! {
        <section class="card section" aria-labelledby="profile-pending-h">
            <h2 id="profile-pending-h">{i18n.tr("profile-change-pending")}</h2>
            <ChangesTable changes=p.changes id="profile-pending"/>
            <p class="muted small">{i18n.tr_args("profile-proposed-by", &[("name", &p.proposed_by), ("date", &i18n.datetime(p.proposed_at))])}</p>
        </section>
    });
    view! {
        <div class="page-head">
            <div>
                <h1>{i18n.tr("profile-title")}</h1>
                <p class="muted">{i18n.tr_args("profile-intro", &[("organisation", &organisation)])}</p>
            </div>
        </div>
        {notice.map(|n| view! { <div class="alert alert-success" role="status" id="profile-notice">{n}</div> })}
        {has_errors.then(|| view! {
            <div class="alert alert-error" role="alert" id="profile-errors">
                {i18n.tr(if draft.saved { "profile-incomplete" } else { "profile-has-errors" })}
            </div>
        })}
        {banner}
        {pending_table}
        {form}
        {read_only}
    }
}
