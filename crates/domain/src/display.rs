//! Numbers, money and days as people read them, in the quote's language:
//! `US$1,234.56`, `$ 1.234.567` (CLP), `1.234,50 €`; `4,14` m²; `23/11/2026`.
//! One definition for the pages, the PDF and the video.
use rust_decimal::Decimal;

use crate::money::{Currency, round_half_away};

/// The amount rounded to the currency's minor unit and written the way the
/// currency's customers write it.
pub fn format_money(amount: Decimal, currency: Currency) -> String {
    let rounded = currency.round(amount);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let plain = currency.format_plain(rounded.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let (group, decimal) = match currency {
        Currency::Usd | Currency::Mxn => (',', '.'),
        Currency::Eur | Currency::Clp | Currency::Cop => ('.', ','),
    };
    let mut number = group_thousands(int, group);
    if !frac.is_empty() {
        number.push(decimal);
        number.push_str(frac);
    }
    let sign = if negative { "-" } else { "" };
    match currency {
        Currency::Usd => format!("{sign}US${number}"),
        Currency::Mxn => format!("{sign}MX${number}"),
        Currency::Eur => format!("{sign}{number} €"),
        Currency::Clp | Currency::Cop => format!("{sign}$ {number}"),
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

    #[test]
    fn each_currency_is_written_its_own_way() {
        assert_eq!(format_money(d("1234.56"), Currency::Usd), "US$1,234.56");
        assert_eq!(format_money(d("1234567"), Currency::Clp), "$ 1.234.567");
        assert_eq!(format_money(d("1234567.5"), Currency::Clp), "$ 1.234.568", "CLP has no minor unit");
        assert_eq!(format_money(d("1234.5"), Currency::Eur), "1.234,50 €");
        assert_eq!(format_money(d("999.999"), Currency::Mxn), "MX$1,000.00");
        assert_eq!(format_money(d("0"), Currency::Usd), "US$0.00");
        assert_eq!(format_money(d("-12.345"), Currency::Usd), "-US$12.35");
        assert_eq!(format_money(d("100"), Currency::Usd), "US$100.00");
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
