//! The Fluent catalogue, compiled in and parsed once per process.

use crate::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::OnceLock;

const SOURCES: [(Locale, &str); 2] = [
    (Locale::En, include_str!("../locales/en.ftl")),
    (Locale::De, include_str!("../locales/de.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static Vec<(Locale, Bundle)> {
    static BUNDLES: OnceLock<Vec<(Locale, Bundle)>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(locale, source)| {
                // The catalogue is part of the program: a syntax error is a bug caught by the tests below.
                let resource = FluentResource::try_new((*source).to_owned())
                    .unwrap_or_else(|(res, _errors)| res);
                let lang = locale.tag().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![lang]);
                // Unicode isolation marks would end up inside HTML attributes and e-mail subjects.
                bundle.set_use_isolating(false);
                let _ = bundle.add_resource(resource);
                (*locale, bundle)
            })
            .collect()
    })
}

fn bundle(locale: Locale) -> &'static Bundle {
    let all = bundles();
    &all.iter().find(|(l, _)| *l == locale).unwrap_or(&all[0]).1
}

/// Looks up translated messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    locale: Locale,
}

impl Catalogue {
    /// The catalogue for one language.
    pub const fn new(locale: Locale) -> Self {
        Self { locale }
    }

    /// The language this catalogue speaks.
    pub const fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `id`; falls back to English, then to the id itself so a missing key is visible, never a panic.
    pub fn tr(&self, id: &str) -> String {
        self.tr_args(id, &[])
    }

    /// Whether the catalogue has a message `id` (in English, which every language matches).
    pub fn has(&self, id: &str) -> bool {
        bundle(Locale::En).get_message(id).is_some()
    }

    /// The message `id` with named arguments (`{ $name }` in the catalogue).
    pub fn tr_args(&self, id: &str, args: &[(&str, &str)]) -> String {
        let fluent_args = (!args.is_empty()).then(|| {
            let mut fa = FluentArgs::new();
            for (k, v) in args {
                // Counts pass as numbers so plural variants (`[one]`) select; anything else (PO numbers with
                // leading zeros, formatted amounts, dates) stays text.
                match count(v) {
                    Some(n) => fa.set(*k, n),
                    None => fa.set(*k, (*v).to_owned()),
                }
            }
            fa
        });
        for b in [bundle(self.locale), bundle(Locale::En)] {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return b
                    .format_pattern(pattern, fluent_args.as_ref(), &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    }
}

/// A whole count as people write it (`0`, `7`, `1250`; no sign, no leading zero, at most 9 digits).
fn count(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.len() <= 9
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// Every message id of one language, sorted (used by the completeness tests).
pub fn message_ids(locale: Locale) -> Vec<String> {
    let source = SOURCES
        .iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    let mut ids: Vec<String> = source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_without_errors() {
        for (locale, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{locale} catalogue has syntax errors: {errors:?}");
            }
        }
    }

    #[test]
    fn counts_select_plural_variants_and_other_numbers_stay_text() {
        let c = Catalogue::new(Locale::En);
        assert_eq!(
            c.tr_args("deliveries-replayed", &[("count", "1")]),
            "One delivery scheduled again."
        );
        assert_eq!(
            c.tr_args("deliveries-replayed", &[("count", "12")]),
            "12 deliveries scheduled again."
        );
        assert_eq!(count("0042"), None);
        assert_eq!(count("4500012075"), None);
        assert_eq!(count("1,5"), None);
        assert_eq!(count("7"), Some(7));
    }

    #[test]
    fn every_language_has_every_message() {
        let en = message_ids(Locale::En);
        assert!(en.len() > 40, "the English catalogue looks truncated");
        for locale in Locale::ALL {
            let ids = message_ids(locale);
            let missing: Vec<_> = en.iter().filter(|id| !ids.contains(id)).collect();
            let extra: Vec<_> = ids.iter().filter(|id| !en.contains(id)).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{locale} has ids English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_formats_in_every_language() {
        for locale in Locale::ALL {
            for id in message_ids(locale) {
                let text = Catalogue::new(locale)
                    .tr_args(&id, &[("number", "1"), ("version", "2"), ("name", "x")]);
                assert!(
                    !text.is_empty() && text != id,
                    "{locale}:{id} does not format"
                );
            }
        }
    }

    #[test]
    fn lookups_translate_substitute_and_fall_back() {
        let de = Catalogue::new(Locale::De);
        assert_eq!(de.tr("login-submit"), "Anmelden");
        assert_eq!(
            Catalogue::new(Locale::En).tr_args("po-title", &[("number", "PO-7")]),
            "Purchase order PO-7"
        );
        assert_eq!(de.tr("no-such-message"), "no-such-message");
    }
}
