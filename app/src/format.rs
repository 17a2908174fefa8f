//! Money as people read it: `US$1,234.56`, `$ 1.234.567` (CLP), `1.234,56 €`.
use domain::Currency;
use rust_decimal::Decimal;

/// The amount rounded to the currency's minor unit and written the way the
/// currency's customers write it.
pub fn money(amount: Decimal, currency: Currency) -> String {
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

/// An area or length with up to 2 decimals, for people (`4,14` in Spanish).
pub fn quantity(value: Decimal, spanish: bool) -> String {
    let text = domain::round_half_away(value, 2).normalize().to_string();
    if spanish { text.replace('.', ",") } else { text }
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
        assert_eq!(money(d("1234.56"), Currency::Usd), "US$1,234.56");
        assert_eq!(money(d("1234567"), Currency::Clp), "$ 1.234.567");
        assert_eq!(money(d("1234567.5"), Currency::Clp), "$ 1.234.568", "CLP has no minor unit");
        assert_eq!(money(d("1234.5"), Currency::Eur), "1.234,50 €");
        assert_eq!(money(d("999.999"), Currency::Mxn), "MX$1,000.00");
        assert_eq!(money(d("0"), Currency::Usd), "US$0.00");
        assert_eq!(money(d("-12.345"), Currency::Usd), "-US$12.35");
        assert_eq!(money(d("100"), Currency::Usd), "US$100.00");
    }

    #[test]
    fn quantities_use_the_language_decimal_mark() {
        assert_eq!(quantity(d("4.1400"), true), "4,14");
        assert_eq!(quantity(d("4.145"), false), "4.15");
        assert_eq!(quantity(d("3"), false), "3");
    }
}

/// `2026-11-23 14:05` for a Unix time in milliseconds (UTC).
pub fn utc_datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

#[cfg(test)]
mod datetime_tests {
    #[test]
    fn utc_datetimes() {
        assert_eq!(super::utc_datetime(0), "1970-01-01 00:00");
        assert_eq!(super::utc_datetime(1_795_435_500_000), "2026-11-23 12:05");
        assert_eq!(super::utc_datetime(951_782_400_000), "2000-02-29 00:00");
    }
}
