//! One row of a buyer administrator's settings form (response times, scorecard thresholds): a label, a text input
//! with its unit, a hint, and the mistake beside it when the form came back — tied together with ids and
//! `aria-describedby` so a screen reader reads the hint and the mistake with the field.

use leptos::prelude::*;

/// A settings field named `name`, with the element id `id`.
#[component]
pub fn SettingsField(
    #[prop(into)] id: String,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(into)] unit: String,
    #[prop(into)] hint: String,
    error: Option<String>,
    /// `numeric` for whole numbers, `decimal` for numbers with a fraction.
    inputmode: &'static str,
    #[prop(optional, into)] placeholder: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if error.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        hint_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <div class="input-unit">
                <input id=id name=name type="text" inputmode=inputmode autocomplete="off"
                    value=value placeholder=placeholder
                    aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
                <span class="muted">{unit}</span>
            </div>
            <small id=hint_id class="muted">{hint}</small>
            {error.map(|m| view! { <small id=error_id class="field-error">{m}</small> })}
        </div>
    }
}
