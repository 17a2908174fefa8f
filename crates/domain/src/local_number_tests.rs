//! Tests of `local_number`: every currency × language × the usual ways of typing.
use super::*;
use rust_decimal_macros::dec;

use Currency::{Clp, Cop, Eur, Mxn, Usd};
use NumberError::{Ambiguous, Empty, NoDecimals, NotANumber};

const ES: NumberSource = NumberSource::Page { spanish: true };
const EN: NumberSource = NumberSource::Page { spanish: false };

fn ok(d: Decimal) -> Result<Decimal, NumberError> {
    Ok(d)
}

fn amb(first: Decimal, second: Decimal) -> Result<Decimal, NumberError> {
    Err(Ambiguous { first, second })
}

fn nodec(read: Decimal) -> Result<Decimal, NumberError> {
    Err(NoDecimals { read })
}

/// The readings that must hold; `Ambiguous` compares the two amounts in order.
fn check(currency: Currency, source: NumberSource, cases: &[(&str, Result<Decimal, NumberError>)]) {
    for (text, want) in cases {
        let got = read_money(text, currency, source);
        assert_eq!(&got, want, "{text:?} in {currency} with {source:?}");
        // Scale matters for what is saved: 18000.50 stays 18000.50.
        if let (Ok(g), Ok(w)) = (&got, want) {
            assert_eq!(g.normalize(), w.normalize(), "{text:?}");
        }
    }
}

/// The same table for both currencies that write `.` as the decimal mark.
#[test]
fn dollars_and_pesos_mexicanos_on_a_spanish_page() {
    for currency in [Usd, Mxn] {
        check(currency, ES, &[
            ("18.000", amb(dec!(18000), dec!(18))),
            ("18,000", amb(dec!(18), dec!(18000))),
            ("18.000,50", ok(dec!(18000.50))),
            ("1.234,5", ok(dec!(1234.5))),
            ("7000", ok(dec!(7000))),
            ("1,5", ok(dec!(1.5))),
            ("0,05", ok(dec!(0.05))),
            ("18.50", ok(dec!(18.50))),
            ("12.3456", ok(dec!(12.3456))),
            ("0.050", ok(dec!(0.05))),
            ("1,234.50", ok(dec!(1234.50))),
            ("1.234.567,89", ok(dec!(1234567.89))),
            (" 7 000 ", ok(dec!(7000))),
            ("1.2.3", Err(NotANumber)),
        ]);
    }
}

#[test]
fn dollars_and_pesos_mexicanos_on_an_english_page() {
    for currency in [Usd, Mxn] {
        check(currency, EN, &[
            ("18.000", ok(dec!(18))),
            ("18,000", ok(dec!(18000))),
            ("18.000,50", Err(NotANumber)),
            ("1.234,5", Err(NotANumber)),
            ("7000", ok(dec!(7000))),
            ("1,5", Err(NotANumber)),
            ("0,05", Err(NotANumber)),
            ("1,234.50", ok(dec!(1234.50))),
            ("1,234,567.8", ok(dec!(1234567.8))),
            ("7 000", ok(dec!(7000))),
        ]);
    }
}

#[test]
fn euros_read_the_spanish_way_and_refuse_what_english_reads_otherwise() {
    check(Eur, ES, &[
        ("18.000", ok(dec!(18000))),
        ("18,000", ok(dec!(18))),
        ("18.000,50", ok(dec!(18000.50))),
        ("1.234,5", ok(dec!(1234.5))),
        ("7000", ok(dec!(7000))),
        ("1,5", ok(dec!(1.5))),
        ("0,05", ok(dec!(0.05))),
        ("1,234.50", Err(NotANumber)),
        ("18.000 €", ok(dec!(18000))),
        ("EUR 12,5", ok(dec!(12.5))),
    ]);
    check(Eur, EN, &[
        ("18.000", amb(dec!(18), dec!(18000))),
        ("18,000", amb(dec!(18000), dec!(18))),
        ("18.000,50", ok(dec!(18000.50))),
        ("1.234,5", ok(dec!(1234.5))),
        ("7000", ok(dec!(7000))),
        ("1,5", ok(dec!(1.5))),
        ("0,05", ok(dec!(0.05))),
        ("1,234.50", ok(dec!(1234.50))),
    ]);
}

#[test]
fn pesos_chilenos_and_colombianos_have_no_decimal_part() {
    for currency in [Clp, Cop] {
        check(currency, ES, &[
            ("18.000", ok(dec!(18000))),
            ("18,000", nodec(dec!(18.000))),
            ("18.000,50", nodec(dec!(18000.50))),
            ("1.234,5", nodec(dec!(1234.5))),
            ("7000", ok(dec!(7000))),
            ("1,5", nodec(dec!(1.5))),
            ("0,05", nodec(dec!(0.05))),
            ("1.234.567", ok(dec!(1234567))),
            ("$ 18.000", ok(dec!(18000))),
            ("$18.000", ok(dec!(18000))),
            (" 18 000 ", ok(dec!(18000))),
            ("18\u{a0}000", ok(dec!(18000))),
            ("1,234.50", Err(NotANumber)),
        ]);
        check(currency, EN, &[
            ("18.000", ok(dec!(18000))),
            ("18,000", ok(dec!(18000))),
            ("18.000,50", nodec(dec!(18000.50))),
            ("1.234,5", nodec(dec!(1234.5))),
            ("7000", ok(dec!(7000))),
            ("1,5", nodec(dec!(1.5))),
            ("0,05", nodec(dec!(0.05))),
            ("1,234.50", nodec(dec!(1234.50))),
            ("1.234.567", ok(dec!(1234567))),
        ]);
    }
    assert_eq!(read_money("CLP 7.000", Clp, ES), Ok(dec!(7000)));
    assert_eq!(read_money("7.000 COP", Cop, ES), Ok(dec!(7000)));
}

#[test]
fn signs_symbols_blanks_and_garbage() {
    for source in [ES, EN, NumberSource::File] {
        check(Usd, source, &[
            ("-5", ok(dec!(-5))),
            ("- 5", ok(dec!(-5))),
            ("−5", ok(dec!(-5))),
            ("+5", ok(dec!(5))),
            ("-$ 5", ok(dec!(-5))),
            ("US$ -5", ok(dec!(-5))),
            ("usd 5", ok(dec!(5))),
            ("5 USD", ok(dec!(5))),
            ("--5", Err(NotANumber)),
            ("-$-5", Err(NotANumber)),
            ("-", Err(NotANumber)),
            ("$", Err(NotANumber)),
            ("", Err(Empty)),
            ("   ", Err(Empty)),
            ("abc", Err(NotANumber)),
            ("12abc", Err(NotANumber)),
            ("1e3", Err(NotANumber)),
            ("€ 5", Err(NotANumber)),
            ("5,", Err(NotANumber)),
            ("5.", Err(NotANumber)),
            ("1.234 567", Err(NotANumber)),
            ("12 34", Err(NotANumber)),
            ("٣", Err(NotANumber)),
            ("99999999999999999999999999999999", Err(NotANumber)),
        ]);
    }
    assert_eq!(read_money(",5", Eur, ES), Ok(dec!(0.5)), "a leading decimal mark");
    assert_eq!(read_money("$ 5", Eur, ES), Err(NotANumber), "another currency's symbol");
}

#[test]
fn a_file_considers_both_conventions() {
    let file = NumberSource::File;
    check(Usd, file, &[
        ("45.5", ok(dec!(45.5))),
        ("45,50", ok(dec!(45.50))),
        ("12.3450", ok(dec!(12.345))),
        ("18.000", amb(dec!(18), dec!(18000))),
        ("1.234,5", ok(dec!(1234.5))),
    ]);
    check(Eur, file, &[("18.000", amb(dec!(18000), dec!(18))), ("45.5", ok(dec!(45.5)))]);
    check(Clp, file, &[
        ("18.000", ok(dec!(18000))),
        ("18,000", ok(dec!(18000))),
        ("12.5", ok(dec!(12.5))),
        ("45,50", ok(dec!(45.50))),
        ("1.234,5", ok(dec!(1234.5))),
        ("1,234.567", nodec(dec!(1234.567))),
    ]);
}

#[test]
fn exact_text_reads_as_the_api_always_did() {
    let exact = NumberSource::Exact;
    check(Clp, exact, &[
        ("18.000", ok(dec!(18))),
        ("15,50", ok(dec!(15.5))),
        ("-1", ok(dec!(-1))),
        ("1.234,5", Err(NotANumber)),
        ("", Err(Empty)),
        ("abc", Err(NotANumber)),
    ]);
}

#[test]
fn plain_decimals_take_either_mark_and_refuse_what_could_be_thousands() {
    let twenty = dec!(20);
    assert_eq!(read_decimal("1,5", twenty), Ok(dec!(1.5)));
    assert_eq!(read_decimal("1.5", twenty), Ok(dec!(1.5)));
    assert_eq!(read_decimal(" 1,20 ", twenty), Ok(dec!(1.20)));
    assert_eq!(read_decimal("1.200", twenty), Ok(dec!(1.2)), "1200 m is no window: metres are decimals");
    assert_eq!(read_decimal("1.200", dec!(2000)), Err(NumberError::AmbiguousPlain), "1200 cm or 1.2 cm");
    assert_eq!(read_decimal("1,200", dec!(2000)), Err(NumberError::AmbiguousPlain));
    assert_eq!(read_decimal("0.500", dec!(2000)), Ok(dec!(0.5)), "0.500 is never thousands");
    assert_eq!(read_decimal("120", dec!(2000)), Ok(dec!(120)));
    assert_eq!(read_decimal("-3,5", dec!(1000)), Ok(dec!(-3.5)));
    assert_eq!(read_decimal("+10", dec!(1000)), Ok(dec!(10)));
    assert_eq!(read_decimal("1.000", dec!(1000)), Err(NumberError::AmbiguousPlain), "1 % or 1000 %");
    assert_eq!(read_decimal("2.000", dec!(1000)), Ok(dec!(2)), "2000 % is out of range: decimals");
    assert_eq!(read_decimal("1.234,5", twenty), Err(NotANumber));
    assert_eq!(read_decimal("1 200", dec!(2000)), Err(NotANumber));
    assert_eq!(read_decimal("", twenty), Err(Empty));
    assert_eq!(read_decimal("abc", twenty), Err(NotANumber));
    assert_eq!(read_decimal("1e3", twenty), Err(NotANumber));
}

#[test]
fn messages_say_how_the_text_was_read() {
    let err = read_money("18.000", Usd, ES).expect_err("ambiguous");
    assert_eq!(err.message("18.000", Usd, ES), "«18.000» puede ser US$18.000,00 o US$18,00: escribe 18000 o 18,00");
    let err = read_money("18.000", Eur, EN).expect_err("ambiguous");
    assert_eq!(err.message("18.000", Eur, EN), "“18.000” could be €18.00 or €18,000.00: type 18.00 or 18000");
    let err = read_money("12,345", Usd, ES).expect_err("ambiguous");
    assert_eq!(
        err.message("12,345", Usd, ES),
        "«12,345» puede ser US$12,345 o US$12.345,00: escribe 12,3450 o 12345",
        "the suggestion never has exactly 3 decimals"
    );
    let err = read_money("1.234,5", Clp, ES).expect_err("no decimals");
    assert_eq!(err.message("1.234,5", Clp, ES), "CLP no lleva decimales: «1.234,5» se leyó como 1234,5");
    let err = read_money("18,000", Clp, ES).expect_err("no decimals");
    assert_eq!(err.message("18,000", Clp, ES), "CLP no lleva decimales: «18,000» se leyó como 18,000; si son miles, escribe 18000");
    let err = read_money("1,5", Cop, EN).expect_err("no decimals");
    assert_eq!(err.message("1,5", Cop, EN), "COP has no decimals: “1,5” was read as 1.5");
    assert_eq!(Empty.message("", Usd, ES), crate::messages::REQUIRED);
    assert_eq!(NotANumber.message("x", Usd, ES), pm::NUMBER);
    for (a, b) in [(dec!(18000), dec!(18)), (dec!(12.345), dec!(12345))] {
        for currency in [Usd, Eur, Mxn] {
            for spanish in [true, false] {
                let source = NumberSource::Page { spanish };
                for (value, typed) in [(a, suggestion(a, currency, spanish)), (b, suggestion(b, currency, spanish))] {
                    assert_eq!(read_money(&typed, currency, source), Ok(value), "the suggestion {typed:?} reads back");
                }
            }
        }
    }
}

#[test]
fn amounts_as_they_will_be_saved() {
    let cases = [
        (dec!(18000), Clp, "$ 18.000", "$18,000"),
        (dec!(1234567), Cop, "$ 1.234.567", "$1,234,567"),
        (dec!(12.3456), Usd, "US$12,3456", "US$12.3456"),
        (dec!(18), Usd, "US$18,00", "US$18.00"),
        (dec!(1234.5), Eur, "1.234,50 €", "€1,234.50"),
        (dec!(1234.5), Mxn, "MX$1.234,50", "MX$1,234.50"),
        (dec!(-5), Usd, "-US$5,00", "-US$5.00"),
        (dec!(0), Clp, "$ 0", "$0"),
    ];
    for (amount, currency, es, en) in cases {
        assert_eq!(format_money_exact(amount, currency, true), es, "prices per unit keep their decimals; pesos are typed whole");
        assert_eq!(format_money_exact(amount, currency, false), en);
    }
}

#[test]
fn whole_currencies() {
    assert_eq!(Currency::ALL.map(typed_whole), [false, false, true, false, true]);
}
