//! Numbers, money, days and times as people read them, in the page's
//! language: Spanish `US$1.603,17`, `13,33 m²`, `22/12/2026 14:05`;
//! English `US$1,603.17`, `13.33 m²`, `Dec 22, 2026, 14:05`.
use domain::Currency;
use rust_decimal::Decimal;

use crate::i18n::Lang;

/// The amount rounded to the currency's minor unit, with the page's marks
/// and the currency's symbol (see [`domain::format_money`] for every
/// currency in both languages).
pub fn money(amount: Decimal, currency: Currency, lang: Lang) -> String {
    domain::format_money(amount, currency, lang == Lang::Es)
}

/// An area or length with up to 2 decimals, for people (`4,14` in Spanish).
pub fn quantity(value: Decimal, spanish: bool) -> String {
    domain::format_quantity(value, spanish)
}

/// A moment (Unix milliseconds) as people read it, in UTC on a 24-hour
/// clock: `22/12/2026 14:05` (Spanish), `Dec 22, 2026, 14:05` (English).
/// Organisations have no time zone setting: the column or sentence says UTC.
pub fn datetime(ms: i64, lang: Lang) -> String {
    let rem = ms.div_euclid(1000).rem_euclid(86_400);
    let day = day(&domain::day_of_unix_ms(ms), lang);
    let time = format!("{:02}:{:02}", rem / 3600, rem % 3600 / 60);
    match lang {
        Lang::Es => format!("{day} {time}"),
        Lang::En => format!("{day}, {time}"),
    }
}

/// A calendar day (`YYYY-MM-DD`) as people read it: `23/11/2026`, `Nov 23, 2026`.
pub fn day(day: &str, lang: Lang) -> String {
    domain::format_day(day, lang == Lang::Es)
}

/// The name of the tax for the organisation's `country` in the page's
/// language: `IVA` (Chile, Colombia, Mexico, Spain…) or `Impuesto`; `Tax`
/// in English (see [`domain::tax_label`]).
pub fn tax_label(country: &str, lang: Lang) -> &'static str {
    domain::tax_label(country, lang == Lang::Es)
}

/// A count with its noun, singular for exactly one: `1 video`, `2 videos`,
/// `0 ambientes`. The nouns are given in both languages, singular first.
pub fn plural<N>(lang: Lang, n: N, one_es: &str, many_es: &str, one_en: &str, many_en: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = match (lang, n == N::from(1)) {
        (Lang::Es, true) => one_es,
        (Lang::Es, false) => many_es,
        (Lang::En, true) => one_en,
        (Lang::En, false) => many_en,
    };
    format!("{n} {noun}")
}

/// Where a customer is, as one phrase: `Av. Uno 1, Ñuñoa`, leaving out
/// what is empty (a car quote may have neither).
pub fn place(c: &domain::Contact) -> String {
    [c.address.trim(), c.commune.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_each_language() {
        assert_eq!(day("2026-12-01", Lang::Es), "01/12/2026");
        assert_eq!(day("2026-12-01", Lang::En), "Dec 1, 2026");
    }

    #[test]
    fn datetimes_in_each_language() {
        // 2026-12-22 14:05:59 UTC
        let ms = 1_797_948_359_000;
        assert_eq!(datetime(ms, Lang::Es), "22/12/2026 14:05");
        assert_eq!(datetime(ms, Lang::En), "Dec 22, 2026, 14:05");
        assert_eq!(datetime(0, Lang::Es), "01/01/1970 00:00");
        assert_eq!(datetime(951_782_400_000, Lang::En), "Feb 29, 2000, 00:00", "a leap day at midnight");
        assert_eq!(datetime(1_797_983_999_000, Lang::Es), "22/12/2026 23:59", "the last minute of the day");
    }

    #[test]
    fn money_follows_the_page() {
        let amount: Decimal = "1603.17".parse().expect("decimal");
        assert_eq!(money(amount, Currency::Usd, Lang::Es), "US$1.603,17");
        assert_eq!(money(amount, Currency::Usd, Lang::En), "US$1,603.17");
        assert_eq!(money(Decimal::from(18_000), Currency::Clp, Lang::Es), "$ 18.000");
        assert_eq!(money(Decimal::from(18_000), Currency::Clp, Lang::En), "$18,000");
        assert_eq!(money(amount, Currency::Eur, Lang::Es), "1.603,17 €");
        assert_eq!(money(amount, Currency::Eur, Lang::En), "€1,603.17");
    }

    #[test]
    fn plurals() {
        let videos = |lang, n: i64| plural(lang, n, "video", "videos", "video", "videos");
        assert_eq!(videos(Lang::Es, 1), "1 video");
        assert_eq!(videos(Lang::Es, 2), "2 videos");
        assert_eq!(videos(Lang::En, 0), "0 videos");
        let rooms = |lang, n: i64| plural(lang, n, "ambiente", "ambientes", "room", "rooms");
        assert_eq!(rooms(Lang::Es, 1), "1 ambiente");
        assert_eq!(rooms(Lang::Es, 3), "3 ambientes");
        assert_eq!(rooms(Lang::En, 1), "1 room");
        assert_eq!(rooms(Lang::En, -1), "-1 rooms", "only exactly one is singular");
        assert_eq!(plural(Lang::Es, 1usize, "cotización", "cotizaciones", "quote", "quotes"), "1 cotización");
        assert_eq!(plural(Lang::En, 2u32, "cotización", "cotizaciones", "quote", "quotes"), "2 quotes");
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
