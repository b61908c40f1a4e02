//! A supplier profile shown on both sides: the profile's facts by section, and a proposal's changes field by field.

use crate::i18n::{use_i18n, I18n};
use leptos::prelude::*;
use portico_domain::profile::{EdiCapability, FieldChange, Profile, ProfileField};
use serde_json::Value;

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A field's value as one line of text (as events carry it: `null` when not given).
pub fn value_text(i18n: I18n, field: ProfileField, value: &Value) -> String {
    if value.is_null() {
        return i18n.tr("profile-not-given");
    }
    match field {
        ProfileField::OrderingAddress
        | ProfileField::ShipFromAddress
        | ProfileField::RemitToAddress => {
            let place = [text(value, "postal_code"), text(value, "city")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            [
                text(value, "line1"),
                text(value, "line2"),
                Some(place).filter(|p| !p.is_empty()),
                text(value, "region"),
                text(value, "country"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        }
        ProfileField::OrdersContact
        | ProfileField::ShippingContact
        | ProfileField::InvoicingContact => {
            let person = format!(
                "{} <{}>",
                text(value, "name").unwrap_or_default(),
                text(value, "email").unwrap_or_default()
            );
            match text(value, "phone") {
                Some(phone) => format!("{person}, {phone}"),
                None => person,
            }
        }
        ProfileField::TaxId => {
            let scheme = text(value, "scheme").unwrap_or_default();
            format!(
                "{} ({})",
                text(value, "value").unwrap_or_default(),
                i18n.tr(&format!("profile-tax-{scheme}"))
            )
        }
        ProfileField::EdiCapability => value
            .as_str()
            .and_then(EdiCapability::parse)
            .map(|c| i18n.tr(&c.label_key()))
            .unwrap_or_default(),
        ProfileField::Language => value
            .as_str()
            .and_then(portico_i18n::Locale::from_tag)
            .map(|l| l.native_name().to_owned())
            .unwrap_or_default(),
        _ => value.as_str().map(str::to_owned).unwrap_or_default(),
    }
}

/// The profile's facts, section by section (`id` on the list).
#[component]
pub fn ProfileFacts(profile: Profile, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let fact = |field: ProfileField| {
        let value = value_text(i18n, field, &field.value(&profile));
        view! {
            <div class="fact" data-field=field.code()><dt>{i18n.tr(&field.label_key())}</dt><dd>{value}</dd></div>
        }
    };
    view! {
        <dl class="facts" id=id>
            {ProfileField::ALL.into_iter().map(fact).collect_view()}
        </dl>
    }
}

/// A proposal's changes: each field with its value in force and proposed.
#[component]
pub fn ChangesTable(changes: Vec<FieldChange>, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="data-table" id=id>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr("profile-col-field")}</th>
                        <th scope="col">{i18n.tr("profile-col-current")}</th>
                        <th scope="col">{i18n.tr("profile-col-proposed")}</th>
                    </tr>
                </thead>
                <tbody>
                    {changes.into_iter().map(|c| view! {
                        <tr data-field=c.field.code()>
                            <th scope="row">{i18n.tr(&c.field.label_key())}</th>
                            <td data-label=i18n.tr("profile-col-current")>{value_text(i18n, c.field, &c.old)}</td>
                            <td data-label=i18n.tr("profile-col-proposed")><strong>{value_text(i18n, c.field, &c.new)}</strong></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
