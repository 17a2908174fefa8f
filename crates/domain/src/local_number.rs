//! Numbers as people type them: `18.000` (Spanish: eighteen thousand),
//! `1,234.50` (English), `45,5`, `$ 7.000`. One reader for every form that
//! takes money or a decimal (catalog prices, CSV import, sizes, percentages),
//! in the server and in the browser alike.
//!
//! # Money
//!
//! [`read_money`] reads an amount with the marks of the *conventions* that may
//! apply (a [`NumberSource`]): on a page, the page's language and the
//! currency's own way (USD and MXN `1,234.50`; EUR, CLP and COP `1.234,50`,
//! whatever language `format_money` shows them in); in a file (CSV), both. Each convention reads the text on
//! its own; the amount is the one they agree on. When two conventions read
//! two different amounts (`18.000` with a Spanish page and US dollars: 18000
//! or 18) the text is refused as [`NumberError::Ambiguous`], naming both. A
//! currency typed without a decimal part (CLP and COP: nobody types
//! centavos) makes a decimal reading impossible on a page, so `18.000` in
//! pesos is 18000 whatever the language, and `1.234,5` is refused as
//! [`NumberError::NoDecimals`]. In a file, where prices per unit may be
//! finer than the currency (`45,50` pesos per m², as exports write them),
//! only exactly three decimals are impossible in pesos: `18.000` and
//! `18,000` are 18000, `45,50` is 45.5.
//!
//! # Plain decimals
//!
//! [`read_decimal`] reads sizes and percentages: `,` or `.` is the decimal
//! mark (`1,5` = `1.5`), nothing groups thousands. A text that a Spanish
//! reader would take for thousands (`1.200`) and that is within the field's
//! bound (1200 cm) is ambiguous and refused.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Currency;
use crate::product::product_messages as pm;

/// Field messages of plain decimals; the UI translates these exact texts.
pub mod number_messages {
    pub const AMBIGUOUS: &str = "could be read as thousands or as decimals: write it without a thousands separator, or with fewer decimals";
}

/// Which mark is the decimal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `1.234,5` (Spanish, and how EUR, CLP and COP are written).
    CommaDecimal,
    /// `1,234.5` (English, and how USD and MXN are written).
    DotDecimal,
}

impl Convention {
    pub fn of_language(spanish: bool) -> Convention {
        if spanish { Convention::CommaDecimal } else { Convention::DotDecimal }
    }

    /// How the currency's customers write it (`format_money` shows it in the
    /// reader's language; people may still type their currency's way).
    pub fn of_currency(currency: Currency) -> Convention {
        match currency {
            Currency::Usd | Currency::Mxn => Convention::DotDecimal,
            Currency::Eur | Currency::Clp | Currency::Cop => Convention::CommaDecimal,
        }
    }

    /// `(decimal mark, thousands mark)`.
    fn marks(self) -> (char, char) {
        match self {
            Convention::CommaDecimal => (',', '.'),
            Convention::DotDecimal => ('.', ','),
        }
    }
}

/// Where a number comes from, so which conventions may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NumberSource {
    /// Machine text (REST JSON numbers are unambiguous): `,` or `.` is the
    /// decimal mark, nothing groups; as the API always read it.
    #[default]
    Exact,
    /// Typed on a page in Spanish (`spanish`) or English: the page's
    /// convention and the currency's; messages in the page's language.
    Page { spanish: bool },
    /// A file of unknown origin (CSV): both conventions; English messages.
    File,
}

/// Why a typed number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    NotANumber,
    /// Two conventions read two amounts: `first` as the page (or file) reads
    /// it first, `second` as the other does.
    Ambiguous { first: Decimal, second: Decimal },
    /// The only reading has decimals and the currency is typed without them.
    NoDecimals { read: Decimal },
    /// A plain decimal that could be thousands (see [`read_decimal`]).
    AmbiguousPlain,
}

/// Whether amounts of `currency` are typed without a decimal part: CLP (no
/// minor unit) and COP (centavos exist on paper, nobody prices in them).
pub fn typed_whole(currency: Currency) -> bool {
    currency.minor_digits() == 0 || currency == Currency::Cop
}

/// Reads a typed amount of `currency` (see the module's rules). The sign is
/// kept: the caller decides whether a negative is allowed.
pub fn read_money(text: &str, currency: Currency, source: NumberSource) -> Result<Decimal, NumberError> {
    let conventions = match source {
        NumberSource::Exact => return read_exact(text),
        NumberSource::Page { spanish } => vec![Convention::of_language(spanish), Convention::of_currency(currency)],
        NumberSource::File => vec![Convention::of_currency(currency), other(Convention::of_currency(currency))],
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    // A sign before or after the symbol (`-$ 5`, `$ -5`), not both.
    let (before, rest) = leading_sign(text);
    let (after, body) = leading_sign(strip_symbols(rest, currency));
    if (before.is_some() && after.is_some()) || body.is_empty() || body.starts_with(['-', '−', '+']) {
        return Err(NumberError::NotANumber);
    }
    let negative = before.or(after).unwrap_or(false);
    let mut found: Vec<Decimal> = Vec::new();
    let mut with_decimals = None;
    let file = source == NumberSource::File;
    for convention in dedup(conventions) {
        match read_with(body, convention) {
            Some((value, Some(decimals))) if typed_whole(currency) && (!file || decimals == 3) => {
                with_decimals.get_or_insert(signed(value, negative));
            }
            Some((value, _)) => {
                let value = signed(value, negative);
                if !found.contains(&value) {
                    found.push(value);
                }
            }
            None => {}
        }
    }
    match (found.as_slice(), with_decimals) {
        ([one], _) => Ok(*one),
        ([first, second, ..], _) => Err(NumberError::Ambiguous { first: *first, second: *second }),
        ([], Some(read)) => Err(NumberError::NoDecimals { read }),
        ([], None) => Err(NumberError::NotANumber),
    }
}

/// Reads a size or a percentage: `,` or `.` is the decimal mark, no
/// thousands separator, an optional sign. `1.200` or `1,200` is refused as
/// ambiguous when 1200 is not above `max` (it could be thousands).
pub fn read_decimal(text: &str, max: Decimal) -> Result<Decimal, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = split_sign(text).ok_or(NumberError::NotANumber)?;
    let value = read_exact(body)?;
    if let Some((int, frac)) = body.split_once(['.', ',']) {
        let looks_grouped = (1..=3).contains(&int.len()) && !int.starts_with('0') && frac.len() == 3;
        if looks_grouped {
            let grouped: Decimal = format!("{int}{frac}").parse().map_err(|_| NumberError::NotANumber)?;
            if grouped <= max {
                return Err(NumberError::AmbiguousPlain);
            }
        }
    }
    Ok(signed(value, negative))
}

impl NumberError {
    /// The field message: the rules' own texts for empty, unreadable and
    /// ambiguous plain numbers (translated by the UI); for money, a sentence
    /// in the page's language that says how the text was read.
    pub fn message(&self, text: &str, currency: Currency, source: NumberSource) -> String {
        let spanish = matches!(source, NumberSource::Page { spanish: true });
        let typed = text.trim();
        match self {
            NumberError::Empty => crate::messages::REQUIRED.to_owned(),
            NumberError::NotANumber => pm::NUMBER.to_owned(),
            NumberError::AmbiguousPlain => number_messages::AMBIGUOUS.to_owned(),
            NumberError::Ambiguous { first, second } => {
                let (a, b) = (format_money_exact(*first, currency, spanish), format_money_exact(*second, currency, spanish));
                let (x, y) = (suggestion(*first, currency, spanish), suggestion(*second, currency, spanish));
                if spanish {
                    format!("«{typed}» puede ser {a} o {b}: escribe {x} o {y}")
                } else {
                    format!("“{typed}” could be {a} or {b}: type {x} or {y}")
                }
            }
            NumberError::NoDecimals { read } => {
                let code = currency.code();
                let shown = plain_text(*read, spanish);
                let thousands = read.scale() == 3 && read.fract().is_zero();
                let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
                match (spanish, thousands) {
                    (true, true) => format!("{code} no lleva decimales: «{typed}» se leyó como {shown}; si son miles, escribe {digits}"),
                    (true, false) => format!("{code} no lleva decimales: «{typed}» se leyó como {shown}"),
                    (false, true) => format!("{code} has no decimals: “{typed}” was read as {shown}; for thousands type {digits}"),
                    (false, false) => format!("{code} has no decimals: “{typed}” was read as {shown}"),
                }
            }
        }
    }
}

/// The amount as it will be saved, with every decimal it has (at least the
/// currency's), written like [`crate::format_money`] in the reader's
/// language: `$ 18.000`, `US$12,3456` (Spanish), `US$12.3456` (English).
pub fn format_money_exact(amount: Decimal, currency: Currency, spanish: bool) -> String {
    let mut value = amount.abs().normalize();
    let minor = if typed_whole(currency) { 0 } else { currency.minor_digits() };
    if value.scale() < minor {
        value.rescale(minor);
    }
    let negative = amount.is_sign_negative() && !amount.is_zero();
    crate::display::write_money(&value.to_string(), negative, currency, spanish)
}

/// What to type for `value` so that no convention can misread it: no
/// thousands mark, the page's decimal mark, never exactly 3 decimals.
fn suggestion(value: Decimal, currency: Currency, spanish: bool) -> String {
    let mut v = value.normalize();
    if value.scale() > 0 {
        let mut scale = v.scale().max(currency.minor_digits());
        if scale == 3 {
            scale = 4;
        }
        v.rescale(scale);
    }
    plain_text(v, spanish)
}

/// `value` with the language's decimal mark and no grouping.
fn plain_text(value: Decimal, spanish: bool) -> String {
    let text = value.to_string();
    if spanish { text.replace('.', ",") } else { text }
}

fn other(c: Convention) -> Convention {
    match c {
        Convention::CommaDecimal => Convention::DotDecimal,
        Convention::DotDecimal => Convention::CommaDecimal,
    }
}

fn dedup(mut conventions: Vec<Convention>) -> Vec<Convention> {
    let mut seen = Vec::new();
    conventions.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    conventions
}

fn signed(value: Decimal, negative: bool) -> Decimal {
    if negative { -value } else { value }
}

/// The old reading, for machine text: `,` or `.` is the decimal mark.
fn read_exact(text: &str) -> Result<Decimal, NumberError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = split_sign(text).ok_or(NumberError::NotANumber)?;
    let digits_and_one_mark = body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && body.chars().filter(|c| *c == '.' || *c == ',').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    if !digits_and_one_mark {
        return Err(NumberError::NotANumber);
    }
    let value = Decimal::from_str_exact(&body.replace(',', ".")).map_err(|_| NumberError::NotANumber)?;
    Ok(signed(value, negative))
}

/// A leading `-`, `−` (negative) or `+` and the rest, trimmed.
fn leading_sign(text: &str) -> (Option<bool>, &str) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix(['-', '−']) {
        (Some(true), rest.trim_start())
    } else if let Some(rest) = text.strip_prefix('+') {
        (Some(false), rest.trim_start())
    } else {
        (None, text)
    }
}

/// `(negative, the rest)`; `None` for a sign alone or two signs.
fn split_sign(text: &str) -> Option<(bool, &str)> {
    let (sign, rest) = leading_sign(text);
    (!rest.is_empty() && !rest.starts_with(['-', '−', '+'])).then_some((sign.unwrap_or(false), rest))
}

/// Removes the currency's own symbols and code, before or after the number,
/// and moves a sign written before the symbol (`-$ 5`) next to the digits.
fn strip_symbols(text: &str, currency: Currency) -> &str {
    let symbols: &[&str] = match currency {
        Currency::Usd => &["US$", "USD", "$"],
        Currency::Mxn => &["MX$", "MXN", "$"],
        Currency::Eur => &["EUR", "€"],
        Currency::Clp => &["CLP$", "CLP", "$"],
        Currency::Cop => &["COL$", "COP", "$"],
    };
    let mut t = text.trim();
    for s in symbols {
        if let Some(rest) = strip_prefix_ci(t, s) {
            t = rest.trim_start();
            break;
        }
    }
    for s in symbols {
        if let Some(rest) = strip_suffix_ci(t, s) {
            t = rest.trim_end();
            break;
        }
    }
    t
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

/// Reads `body` (no sign, no symbol) with one convention: the decimal mark
/// at most once, followed by digits; thousands marks (or spaces, but not
/// both) only in groups of three after a first group of 1 to 3 digits that
/// does not start with 0. Returns the value and how many decimals were typed
/// (`None` without a decimal mark).
fn read_with(body: &str, convention: Convention) -> Option<(Decimal, Option<usize>)> {
    let (decimal, group) = convention.marks();
    let body: String = body.chars().map(|c| if matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}') { ' ' } else { c }).collect();
    let (int, frac) = match body.split_once(decimal) {
        Some((int, frac)) => (int, Some(frac)),
        None => (body.as_str(), None),
    };
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let uses_group = int.contains(group);
    let uses_space = int.contains(' ');
    let digits: String = if uses_group || uses_space {
        if uses_group && uses_space {
            return None;
        }
        let mark = if uses_group { group } else { ' ' };
        let mut parts = int.split(mark);
        let first = parts.next()?;
        let first_ok = (1..=3).contains(&first.len()) && !first.starts_with('0') && first.chars().all(|c| c.is_ascii_digit());
        let rest: Vec<&str> = parts.collect();
        if !first_ok || !rest.iter().all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())) {
            return None;
        }
        std::iter::once(first).chain(rest).collect()
    } else {
        if !int.chars().all(|c| c.is_ascii_digit()) || (int.is_empty() && frac.is_none()) {
            return None;
        }
        int.to_owned()
    };
    let text = match frac {
        Some(frac) => format!("{}.{frac}", if digits.is_empty() { "0" } else { &digits }),
        None => digits,
    };
    let value = Decimal::from_str_exact(&text).ok()?;
    Some((value, frac.map(str::len)))
}

#[cfg(test)]
#[path = "local_number_tests.rs"]
mod tests;
