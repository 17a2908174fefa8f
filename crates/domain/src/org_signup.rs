//! What a new organisation types at sign-up besides its account: the public
//! address suggested from the company name, the business phone customers
//! reach on WhatsApp, and the countries offered with their usual currency,
//! tax rate and calling code. Shared by the server and the browser.
use crate::account::{MAX_SLUG_CHARS, messages};
use crate::money::Currency;
use crate::validation::FieldErrors;

/// Messages of the business fields; the UI translates these exact texts.
pub mod org_messages {
    pub const PHONE: &str = "must be a phone number: 8 to 20 digits, with spaces, +, - or parentheses";
    /// The start of "is already taken; try laminas-sur-2" ([`super::slug_taken_try`]).
    pub const SLUG_TAKEN_TRY: &str = "is already taken; try ";
    pub const COLOUR: &str = "must be a colour like #0f766e";
}

pub const MIN_PHONE_DIGITS: usize = 8;
pub const MAX_PHONE_DIGITS: usize = 20;

/// The public address a company name suggests: accents folded, lowercase
/// letters and digits, anything else one dash, at most [`MAX_SLUG_CHARS`],
/// never starting or ending with a dash. `"Láminas Sur SpA"` → `"laminas-sur-spa"`.
/// It may still be too short or reserved: `check_slug` says so.
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(ascii) => slug.push(ascii),
            None if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            None => {}
        }
    }
    cut(&slug, MAX_SLUG_CHARS)
}

/// `base` with `-n` at the end, cut so the whole fits the slug rule: `laminas-sur-2`.
pub fn slug_variant(base: &str, n: u32) -> String {
    let tail = format!("-{n}");
    format!("{}{tail}", cut(base, MAX_SLUG_CHARS.saturating_sub(tail.len())))
}

/// The field message of a taken slug that names a free one.
pub fn slug_taken_try(free: &str) -> String {
    format!("{}{free}", org_messages::SLUG_TAKEN_TRY)
}

/// The free slug a [`slug_taken_try`] message suggests.
pub fn suggested_slug(message: &str) -> Option<&str> {
    message.strip_prefix(org_messages::SLUG_TAKEN_TRY).filter(|s| !s.is_empty())
}

/// At most `max` bytes of an ASCII slug, without a dash at either end.
fn cut(slug: &str, max: usize) -> String {
    let end = slug.len().min(max);
    slug[..end].trim_matches('-').to_owned()
}

/// A lowercase letter as its ASCII letter or digit; `None` for a separator.
fn fold(c: char) -> Option<char> {
    let folded = match c {
        'a'..='z' | '0'..='9' => c,
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        _ => return None,
    };
    Some(folded)
}

/// The business phone (required): digits, spaces, `+` (first only), dashes
/// and parentheses, 8 to 20 digits. Without a `+` or `00` in front, the
/// country's calling code is added so WhatsApp links work:
/// `"9 1234 5678"` in CL → `"+56 9 1234 5678"` (a leading trunk `0` dropped).
pub fn check_business_phone(value: &str, country: &str, errors: &mut FieldErrors) -> String {
    let phone = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if phone.is_empty() {
        errors.add("phone", messages::REQUIRED);
        return phone;
    }
    let allowed = phone.char_indices().all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0));
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits) {
        errors.add("phone", org_messages::PHONE);
        return phone;
    }
    if phone.starts_with('+') || phone.starts_with("00") {
        return phone;
    }
    match country_info(country) {
        Some(c) => format!("+{} {}", c.calling_code, phone.strip_prefix('0').unwrap_or(&phone).trim_start()),
        None => phone,
    }
}

/// A country offered at sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    pub name_es: &'static str,
    pub name_en: &'static str,
    pub calling_code: &'static str,
}

impl Country {
    pub fn name(&self, lang: &str) -> &'static str {
        if lang == "en" { self.name_en } else { self.name_es }
    }

    /// The currency a business there usually prices in: CLP, COP, MXN, EUR; else USD.
    pub fn currency(&self) -> Currency {
        match self.code {
            "CL" => Currency::Clp,
            "CO" => Currency::Cop,
            "MX" => Currency::Mxn,
            "ES" => Currency::Eur,
            _ => Currency::Usd,
        }
    }

    /// Its usual VAT in whole percent, where Cotiza knows it.
    pub fn tax_percent(&self) -> Option<u32> {
        match self.code {
            "CL" | "CO" => Some(19),
            "MX" => Some(16),
            "ES" => Some(21),
            _ => None,
        }
    }
}

const fn country(code: &'static str, name_es: &'static str, name_en: &'static str, calling_code: &'static str) -> Country {
    Country { code, name_es, name_en, calling_code }
}

/// Latin America, Spain and the United States.
pub const COUNTRIES: &[Country] = &[
    country("AR", "Argentina", "Argentina", "54"),
    country("BO", "Bolivia", "Bolivia", "591"),
    country("BR", "Brasil", "Brazil", "55"),
    country("CL", "Chile", "Chile", "56"),
    country("CO", "Colombia", "Colombia", "57"),
    country("CR", "Costa Rica", "Costa Rica", "506"),
    country("CU", "Cuba", "Cuba", "53"),
    country("DO", "República Dominicana", "Dominican Republic", "1"),
    country("EC", "Ecuador", "Ecuador", "593"),
    country("ES", "España", "Spain", "34"),
    country("GT", "Guatemala", "Guatemala", "502"),
    country("HN", "Honduras", "Honduras", "504"),
    country("MX", "México", "Mexico", "52"),
    country("NI", "Nicaragua", "Nicaragua", "505"),
    country("PA", "Panamá", "Panama", "507"),
    country("PE", "Perú", "Peru", "51"),
    country("PR", "Puerto Rico", "Puerto Rico", "1"),
    country("PY", "Paraguay", "Paraguay", "595"),
    country("SV", "El Salvador", "El Salvador", "503"),
    country("US", "Estados Unidos", "United States", "1"),
    country("UY", "Uruguay", "Uruguay", "598"),
    country("VE", "Venezuela", "Venezuela", "58"),
];

/// The country with this ISO code (any case), if offered.
pub fn country_info(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::check_slug;

    #[test]
    fn a_company_name_suggests_its_address() {
        assert_eq!(slug_from_name("Láminas Sur SpA"), "laminas-sur-spa");
        assert_eq!(slug_from_name("  Películas & Vidrios Ñuñoa (2024) "), "peliculas-vidrios-nunoa-2024");
        assert_eq!(slug_from_name("ÉXITO---Solar"), "exito-solar");
        assert_eq!(slug_from_name("Façade Ünico"), "facade-unico");
        assert_eq!(slug_from_name("¡¡!!"), "");
        let long = slug_from_name(&"Vidrios Templados del Pacífico Sur ".repeat(3));
        assert!(long.len() <= MAX_SLUG_CHARS && !long.ends_with('-'), "{long}");
        let mut errors = FieldErrors::new();
        check_slug(&long, &mut errors);
        assert!(errors.is_empty(), "a suggestion passes the slug rule: {long}");
    }

    #[test]
    fn variants_fit_the_slug_rule() {
        assert_eq!(slug_variant("laminas-sur", 2), "laminas-sur-2");
        let long = "a".repeat(39) + "-b";
        let variant = slug_variant(&long, 12);
        assert_eq!(variant.len(), MAX_SLUG_CHARS);
        assert!(variant.ends_with("-12"));
        assert_eq!(suggested_slug(&slug_taken_try("laminas-sur-2")), Some("laminas-sur-2"));
        assert_eq!(suggested_slug(messages::TAKEN), None);
    }

    #[test]
    fn business_phones_are_checked_loosely_and_get_the_country_code() {
        let check = |typed: &str, country: &str| {
            let mut errors = FieldErrors::new();
            let phone = check_business_phone(typed, country, &mut errors);
            errors.get("phone").map(str::to_owned).ok_or(phone)
        };
        assert_eq!(check(" +56 9 1234-5678 ", "CL"), Err("+56 9 1234-5678".into()));
        assert_eq!(check("9 1234 5678", "CL"), Err("+56 9 1234 5678".into()));
        assert_eq!(check("55 1234 5678", "MX"), Err("+52 55 1234 5678".into()));
        assert_eq!(check("09 1234 5678", "CL"), Err("+56 9 1234 5678".into()));
        assert_eq!(check("0034 912 345 678", "ES"), Err("0034 912 345 678".into()));
        assert_eq!(check("12345678", "ZZ"), Err("12345678".into()));
        assert_eq!(check("", "CL"), Ok(messages::REQUIRED.into()));
        for bad in ["1234 567", "+56 9 1234 5678 ext 2", "56+912345678", "123456789012345678901", "9.1234.5678"] {
            assert_eq!(check(bad, "CL"), Ok(org_messages::PHONE.into()), "{bad}");
        }
    }

    #[test]
    fn countries_bring_their_currency_and_tax() {
        let chile = country_info("cl").expect("Chile");
        assert_eq!((chile.currency(), chile.tax_percent(), chile.name("en")), (Currency::Clp, Some(19), "Chile"));
        assert_eq!(country_info("MX").map(|c| (c.currency(), c.tax_percent())), Some((Currency::Mxn, Some(16))));
        assert_eq!(country_info("ES").map(|c| (c.currency(), c.tax_percent())), Some((Currency::Eur, Some(21))));
        assert_eq!(country_info("CO").map(|c| (c.currency(), c.tax_percent())), Some((Currency::Cop, Some(19))));
        assert_eq!(country_info("PE").map(|c| (c.currency(), c.tax_percent())), Some((Currency::Usd, None)));
        assert!(COUNTRIES.iter().all(|c| c.code.len() == 2 && c.code.chars().all(|l| l.is_ascii_uppercase())));
    }
}
