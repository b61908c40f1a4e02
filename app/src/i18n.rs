//! The request's language, provided as context, and helpers that format values for it.

use leptos::prelude::*;
use portico_domain::CurrencyCode;
use portico_i18n::{Catalogue, Locale};
use rust_decimal::Decimal;
use time::Date;

/// Name of the cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "portico_lang";

/// Translations and formatting for one language; `Copy`, so views can capture it freely.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct I18n {
    catalogue: Catalogue,
}

impl I18n {
    /// Helpers for `locale`.
    pub const fn new(locale: Locale) -> Self {
        Self {
            catalogue: Catalogue::new(locale),
        }
    }

    /// The language.
    pub const fn locale(&self) -> Locale {
        self.catalogue.locale()
    }

    /// A translated message.
    pub fn tr(&self, id: &str) -> String {
        self.catalogue.tr(id)
    }

    /// A message whose id came from outside (a `?error=` or `?notice=` in the URL): only catalogue ids are shown,
    /// anything else reads as the generic error, so a crafted link cannot put its own words on the page.
    pub fn tr_known(&self, id: &str) -> String {
        self.tr_known_args(id, &[])
    }

    /// [`Self::tr_known`] with arguments.
    pub fn tr_known_args(&self, id: &str, args: &[(&str, &str)]) -> String {
        if self.catalogue.has(id) {
            self.catalogue.tr_args(id, args)
        } else {
            self.catalogue.tr("error-text")
        }
    }

    /// A form mistake's sentence with its arguments (ids are checked like [`Self::tr_known`]).
    pub fn mistake(&self, e: &portico_domain::acknowledgement::FieldError) -> String {
        let args: Vec<(&str, &str)> = e
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.tr_known_args(&e.message, &args)
    }

    /// The sentence of the first mistake in `field`, if there is one.
    pub fn mistake_in(
        &self,
        errors: &[portico_domain::acknowledgement::FieldError],
        field: &str,
    ) -> Option<String> {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| self.mistake(e))
    }

    /// A translated message with arguments.
    pub fn tr_args(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.catalogue.tr_args(id, args)
    }

    /// A date in the language's convention.
    pub fn date(&self, date: Date) -> String {
        portico_i18n::format_date(self.locale(), date)
    }

    /// A moment (date and time, UTC).
    pub fn datetime(&self, at: time::OffsetDateTime) -> String {
        portico_i18n::format_datetime(self.locale(), at)
    }

    /// An optional date, or a dash.
    pub fn opt_date(&self, date: Option<Date>) -> String {
        date.map(|d| self.date(d))
            .unwrap_or_else(|| self.tr("po-none"))
    }

    /// An amount of money in a currency.
    pub fn money(&self, amount: Decimal, currency: &CurrencyCode) -> String {
        portico_i18n::format_money(
            self.locale(),
            amount,
            currency.as_str(),
            currency.symbol(),
            currency.minor_units(),
        )
    }

    /// A unit price: at least the currency's decimals, up to 4 when the price has them.
    pub fn unit_price(&self, amount: Decimal, currency: &CurrencyCode) -> String {
        let minor = currency.minor_units();
        let number = portico_i18n::format_decimal(self.locale(), amount, minor, minor.max(4));
        match (self.locale(), currency.symbol()) {
            (Locale::En, Some(sym)) if sym.chars().count() == 1 => format!("{sym}{number}"),
            (Locale::En, _) => format!("{}\u{a0}{number}", currency.as_str()),
            (Locale::De, sym) => format!("{number}\u{a0}{}", sym.unwrap_or(currency.as_str())),
        }
    }

    /// A quantity.
    pub fn quantity(&self, q: Decimal) -> String {
        portico_i18n::format_quantity(self.locale(), q)
    }

    /// A whole number.
    pub fn count(&self, n: i64) -> String {
        portico_i18n::format_decimal(self.locale(), Decimal::from(n), 0, 0)
    }
}

/// The translations of the current page.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_default()
}

/// The language of this request: on the server from the language cookie or `Accept-Language`; in the browser from
/// the `lang` attribute the server rendered (no island needs it today: islands get their text as props).
pub fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
}
