//! Numbers, money and days as people read them, in the reader's language:
//! Spanish `US$1.234,56`, `$ 1.234.567` (CLP), `1.234,50 €`, `4,14` m²,
//! `23/11/2026`; English `US$1,234.56`, `$1,234,567`, `€1,234.50`, `4.14`,
//! `Nov 23, 2026`.
//! One definition for the pages, the PDF and the video.
use rust_decimal::Decimal;

use crate::money::{Currency, round_half_away};

/// The amount rounded to the currency's minor unit, written in the
/// reader's language: the page's, or the quote's for the PDF and the video.
///
/// The language gives the marks (Spanish `1.603,17`, English `1,603.17`);
/// the currency gives the symbol and the minor units (CLP none, the others
/// 2). Spanish keeps each currency's own symbol and place; English puts every
/// symbol first, with no space, as English readers write money (`$18,000`
/// for pesos, as Chileans and Colombians write it in English):
///
/// | currency | Spanish        | English        |
/// | -------- | -------------- | -------------- |
/// | USD      | `US$1.603,17`  | `US$1,603.17`  |
/// | MXN      | `MX$1.603,17`  | `MX$1,603.17`  |
/// | EUR      | `1.603,17 €`   | `€1,603.17`    |
/// | CLP      | `$ 18.000`     | `$18,000`      |
/// | COP      | `$ 18.000,50`  | `$18,000.50`   |
///
/// A negative amount starts with `-` (`-US$12,35`, `-1.234,50 €`); a zero
/// never does. Machine text (CSV export, REST JSON) never goes through here.
pub fn format_money(amount: Decimal, currency: Currency, spanish: bool) -> String {
    let rounded = currency.round(amount);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let plain = currency.format_plain(rounded.abs());
    write_money(&plain, negative, currency, spanish)
}

/// `plain` (digits, optionally `.` and decimals, no sign) with the
/// language's marks and the currency's symbol: the one writer of money for
/// [`format_money`] and [`crate::format_money_exact`].
pub(crate) fn write_money(plain: &str, negative: bool, currency: Currency, spanish: bool) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let (group, decimal) = if spanish { ('.', ',') } else { (',', '.') };
    let mut number = group_thousands(int, group);
    if !frac.is_empty() {
        number.push(decimal);
        number.push_str(frac);
    }
    let sign = if negative { "-" } else { "" };
    match (currency, spanish) {
        (Currency::Usd, _) => format!("{sign}US${number}"),
        (Currency::Mxn, _) => format!("{sign}MX${number}"),
        (Currency::Eur, true) => format!("{sign}{number} €"),
        (Currency::Eur, false) => format!("{sign}€{number}"),
        (Currency::Clp | Currency::Cop, true) => format!("{sign}$ {number}"),
        (Currency::Clp | Currency::Cop, false) => format!("{sign}${number}"),
    }
}

/// An area or length with up to 2 decimals (`4,14` in Spanish).
pub fn format_quantity(value: Decimal, spanish: bool) -> String {
    let text = round_half_away(value, 2).normalize().to_string();
    if spanish { text.replace('.', ",") } else { text }
}

/// A length with its 2 decimals kept (`1,20` in Spanish), as installers
/// write sizes.
pub fn format_metres(value: Decimal, spanish: bool) -> String {
    let mut rounded = round_half_away(value, 2);
    rounded.rescale(2);
    let text = rounded.to_string();
    if spanish { text.replace('.', ",") } else { text }
}

/// A calendar day (`YYYY-MM-DD`): `01/12/2026` in Spanish, `Dec 1, 2026` in English.
pub fn format_day(day: &str, spanish: bool) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (Some(y), Some(m), Some(d)) = (day.get(0..4), day.get(5..7), day.get(8..10)) else { return day.to_owned() };
    if spanish {
        format!("{d}/{m}/{y}")
    } else {
        let month = m.parse::<usize>().ok().and_then(|m| MONTHS.get(m.wrapping_sub(1))).copied().unwrap_or(m);
        format!("{month} {}, {y}", d.trim_start_matches('0'))
    }
}

/// `1234567` → `1.234.567` (or with `,`): digits grouped by three.
fn group_thousands(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    /// The rendering chosen for every currency in each language (see
    /// [`format_money`]'s table): the language's marks, the currency's symbol.
    #[test]
    fn money_follows_the_language_and_the_symbol_the_currency() {
        let cases = [
            (Currency::Usd, "US$1.603,17", "US$1,603.17"),
            (Currency::Mxn, "MX$1.603,17", "MX$1,603.17"),
            (Currency::Eur, "1.603,17 €", "€1,603.17"),
            (Currency::Clp, "$ 1.603", "$1,603"),
            (Currency::Cop, "$ 1.603,17", "$1,603.17"),
        ];
        for (currency, es, en) in cases {
            assert_eq!(format_money(d("1603.17"), currency, true), es, "{currency:?} in Spanish");
            assert_eq!(format_money(d("1603.17"), currency, false), en, "{currency:?} in English");
        }
        assert_eq!(format_money(d("18000"), Currency::Clp, true), "$ 18.000");
        assert_eq!(format_money(d("18000"), Currency::Clp, false), "$18,000");
        assert_eq!(format_money(d("1234567.891"), Currency::Usd, true), "US$1.234.567,89");
        assert_eq!(format_money(d("1234567.891"), Currency::Usd, false), "US$1,234,567.89");
        assert_eq!(format_money(d("100"), Currency::Usd, true), "US$100,00", "hundreds are not grouped");
    }

    #[test]
    fn zero_is_never_negative() {
        for currency in Currency::ALL {
            for spanish in [true, false] {
                let zero = format_money(d("-0.004"), currency, spanish);
                assert!(!zero.starts_with('-'), "{zero}");
                assert_eq!(zero, format_money(d("0"), currency, spanish));
            }
        }
        assert_eq!(format_money(d("0"), Currency::Usd, true), "US$0,00");
        assert_eq!(format_money(d("0"), Currency::Clp, false), "$0");
        assert_eq!(format_money(d("0"), Currency::Eur, true), "0,00 €");
    }

    #[test]
    fn negatives_start_with_the_sign() {
        assert_eq!(format_money(d("-12.345"), Currency::Usd, false), "-US$12.35");
        assert_eq!(format_money(d("-12.345"), Currency::Usd, true), "-US$12,35");
        assert_eq!(format_money(d("-1234.5"), Currency::Eur, true), "-1.234,50 €");
        assert_eq!(format_money(d("-1234.5"), Currency::Eur, false), "-€1,234.50");
        assert_eq!(format_money(d("-18000"), Currency::Clp, true), "-$ 18.000");
        assert_eq!(format_money(d("-18000"), Currency::Cop, false), "-$18,000.00");
    }

    #[test]
    fn amounts_are_rounded_half_away_to_the_minor_unit() {
        assert_eq!(format_money(d("1234567.5"), Currency::Clp, true), "$ 1.234.568", "CLP has no minor unit");
        assert_eq!(format_money(d("-0.5"), Currency::Clp, false), "-$1");
        assert_eq!(format_money(d("999.995"), Currency::Mxn, false), "MX$1,000.00");
        assert_eq!(format_money(d("999.995"), Currency::Mxn, true), "MX$1.000,00");
        assert_eq!(format_money(d("0.125"), Currency::Eur, true), "0,13 €");
        assert_eq!(format_money(d("999.994"), Currency::Cop, true), "$ 999,99");
    }

    #[test]
    fn quantities_use_the_language_decimal_mark() {
        assert_eq!(format_quantity(d("4.1400"), true), "4,14");
        assert_eq!(format_quantity(d("4.145"), false), "4.15");
        assert_eq!(format_quantity(d("3"), false), "3");
    }

    #[test]
    fn days() {
        assert_eq!(format_day("2026-12-01", true), "01/12/2026");
        assert_eq!(format_day("2026-12-01", false), "Dec 1, 2026");
        assert_eq!(format_day("bad", false), "bad");
    }
}
