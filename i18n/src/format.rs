//! Locale-aware formatting of decimals, money and dates.
//!
//! Written out for the supported locales rather than pulling a full CLDR data set into the wasm bundle.

use crate::Locale;
use rust_decimal::{Decimal, RoundingStrategy};
use time::Date;

fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::En => ('.', ','),
        Locale::De => (',', '.'),
    }
}

/// Formats a number with the locale's decimal and grouping separators, rounded half away from zero to `max_dp`
/// decimals and padded to at least `min_dp`.
pub fn format_decimal(locale: Locale, value: Decimal, min_dp: u32, max_dp: u32) -> String {
    let rounded = value.round_dp_with_strategy(max_dp, RoundingStrategy::MidpointAwayFromZero);
    let mut text = rounded.abs().to_string();
    let (int_part, mut frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), f.trim_end_matches('0').to_owned()),
        None => (std::mem::take(&mut text), String::new()),
    };
    while (frac.len() as u32) < min_dp {
        frac.push('0');
    }
    let (dec_sep, group_sep) = separators(locale);
    let mut out = String::with_capacity(int_part.len() + frac.len() + 8);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(dec_sep);
        out.push_str(&frac);
    }
    out
}

/// Formats a quantity: grouping, no trailing zeros, up to 6 decimals.
pub fn format_quantity(locale: Locale, value: Decimal) -> String {
    format_decimal(locale, value, 0, 6)
}

/// Formats an amount in a currency with `minor_units` decimals, with the symbol where one is known
/// (`€1,234.50` in English, `1.234,50 €` in German) and the ISO code otherwise.
pub fn format_money(
    locale: Locale,
    value: Decimal,
    currency_code: &str,
    symbol: Option<&str>,
    minor_units: u32,
) -> String {
    let number = format_decimal(locale, value, minor_units, minor_units);
    match (locale, symbol) {
        (Locale::En, Some(sym)) if sym.chars().count() == 1 => match number.strip_prefix('-') {
            Some(abs) => format!("-{sym}{abs}"),
            None => format!("{sym}{number}"),
        },
        (Locale::En, _) => format!("{currency_code}\u{a0}{number}"),
        (Locale::De, Some(sym)) => format!("{number}\u{a0}{sym}"),
        (Locale::De, None) => format!("{number}\u{a0}{currency_code}"),
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats a calendar date: `Nov 26, 2026` in English, `26.11.2026` in German.
pub fn format_date(locale: Locale, date: Date) -> String {
    match locale {
        Locale::En => format!(
            "{} {}, {}",
            MONTHS_EN[usize::from(u8::from(date.month())) - 1],
            date.day(),
            date.year()
        ),
        Locale::De => format!(
            "{:02}.{:02}.{}",
            date.day(),
            u8::from(date.month()),
            date.year()
        ),
    }
}

/// Formats a moment, shown in UTC (labelled so): `Nov 26, 2026, 14:05 UTC` / `26.11.2026, 14:05 UTC`.
pub fn format_datetime(locale: Locale, at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02}:{:02} UTC",
        format_date(locale, at.date()),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimals_group_and_round_per_locale() {
        assert_eq!(
            format_decimal(Locale::En, d("1234567.891"), 2, 2),
            "1,234,567.89"
        );
        assert_eq!(
            format_decimal(Locale::De, d("1234567.891"), 2, 2),
            "1.234.567,89"
        );
        assert_eq!(format_decimal(Locale::En, d("0.005"), 2, 2), "0.01");
        assert_eq!(format_decimal(Locale::En, d("-1000"), 0, 2), "-1,000");
        assert_eq!(format_decimal(Locale::En, d("-0.001"), 2, 2), "0.00");
        assert_eq!(format_quantity(Locale::De, d("12.500")), "12,5");
        assert_eq!(format_quantity(Locale::En, d("100")), "100");
    }

    #[test]
    fn money_places_symbols_per_locale() {
        assert_eq!(
            format_money(Locale::En, d("1234.5"), "EUR", Some("€"), 2),
            "€1,234.50"
        );
        assert_eq!(
            format_money(Locale::De, d("1234.5"), "EUR", Some("€"), 2),
            "1.234,50\u{a0}€"
        );
        assert_eq!(
            format_money(Locale::En, d("-5"), "USD", Some("$"), 2),
            "-$5.00"
        );
        assert_eq!(
            format_money(Locale::En, d("99"), "SEK", None, 2),
            "SEK\u{a0}99.00"
        );
        assert_eq!(
            format_money(Locale::De, d("1500"), "JPY", Some("¥"), 0),
            "1.500\u{a0}¥"
        );
    }

    #[test]
    fn dates_follow_locale_conventions() {
        let date = time::macros::date!(2026 - 03 - 05);
        assert_eq!(format_date(Locale::En, date), "Mar 5, 2026");
        assert_eq!(format_date(Locale::De, date), "05.03.2026");
    }
}
