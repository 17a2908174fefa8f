//! Money as people read it: `US$1,234.56`, `$ 1.234.567` (CLP), `1.234,56 €`.
use domain::Currency;
use rust_decimal::Decimal;

/// The amount rounded to the currency's minor unit and written the way the
/// currency's customers write it (see [`domain::format_money`]).
pub fn money(amount: Decimal, currency: Currency) -> String {
    domain::format_money(amount, currency)
}

/// An area or length with up to 2 decimals, for people (`4,14` in Spanish).
pub fn quantity(value: Decimal, spanish: bool) -> String {
    domain::format_quantity(value, spanish)
}

/// `2026-11-23 14:05` for a Unix time in milliseconds (UTC).
pub fn utc_datetime(ms: i64) -> String {
    let rem = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{} {:02}:{:02}", domain::day_of_unix_ms(ms), rem / 3600, rem % 3600 / 60)
}

/// A calendar day (`YYYY-MM-DD`) as people read it: `23/11/2026`, `Nov 23, 2026`.
pub fn day(day: &str, lang: crate::i18n::Lang) -> String {
    domain::format_day(day, lang == crate::i18n::Lang::Es)
}

#[cfg(test)]
mod datetime_tests {
    #[test]
    fn utc_datetimes() {
        assert_eq!(super::utc_datetime(0), "1970-01-01 00:00");
        assert_eq!(super::utc_datetime(1_795_435_500_000), "2026-11-23 12:05");
        assert_eq!(super::utc_datetime(951_782_400_000), "2000-02-29 00:00");
        assert_eq!(super::day("2026-12-01", crate::i18n::Lang::Es), "01/12/2026");
        assert_eq!(super::day("2026-12-01", crate::i18n::Lang::En), "Dec 1, 2026");
    }
}

/// A quote status as customers and staff read it (words kept in `domain`).
pub fn status_label(status: domain::QuoteStatus, lang: crate::i18n::Lang) -> &'static str {
    status.label(lang == crate::i18n::Lang::Es)
}

/// An opening kind in the customer's language.
pub fn opening_label(kind: domain::OpeningKind, lang: crate::i18n::Lang) -> &'static str {
    kind.label(lang == crate::i18n::Lang::Es)
}

/// A market segment in the customer's language.
pub fn vertical_label(vertical: domain::Vertical, lang: crate::i18n::Lang) -> &'static str {
    vertical.label(lang == crate::i18n::Lang::Es)
}
