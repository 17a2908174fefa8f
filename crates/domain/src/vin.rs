//! Offline VIN decoding: the rules of ISO 3779 / 49 CFR 565 that need no
//! database, plus a table of world manufacturer identifiers
//! (`data/wmi.csv`, embedded). No IO: runs in the browser as is.
//!
//! Input is normalised before any rule: surrounding whitespace is trimmed,
//! spaces, tabs and dashes anywhere are removed (VINs are often printed in
//! groups, `1HG CM826 33A004352`), and ASCII letters are uppercased. Nothing
//! else is changed: `I`, `O` and `Q` are refused, never read as `1`/`0`,
//! since guessing would hide a typo that the check digit is there to catch.
//! Positions in errors are 1-based and count characters of the normalised VIN.
//!
//! The rules, in the order they are checked, each with its own [`VinError`]:
//! 1. 17 characters (`vin.length`);
//! 2. ISO 3779 characters: digits and letters except I, O, Q (`vin.character`);
//! 3. the first character names a region of ISO 3780 (`vin.region`);
//! 4. North America only (first character 1–5), where 49 CFR 565 makes them
//!    mandatory: the check digit at position 9 (`vin.check_digit`) and a
//!    model-year code at position 10 (`vin.model_year`).
//!
//! Elsewhere the check digit is computed but not enforced
//! ([`DecodedVin::check_digit_valid`]), and position 10 only yields
//! candidate years.
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::names::named_enum;

/// Characters in a VIN.
pub const VIN_LENGTH: usize = 17;

/// The World Manufacturer Identifier table, `wmi,manufacturer,make,country`.
const WMI_CSV: &str = include_str!("../data/wmi.csv");

/// ISO 3780 order of the characters (used for country ranges).
const ORDER: &str = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890";

/// Weights of positions 1–17 for the check digit (position 9 is the digit itself).
const WEIGHTS: [u32; VIN_LENGTH] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Model-year letters of the 1980–2000 cycle, in order (no I, O, Q, U, Z).
const YEAR_LETTERS: &str = "ABCDEFGHJKLMNPRSTVWXY";

/// A VIN broken one of the rules. Each variant has a stable [`VinError::code`]
/// (the UI translates by code) and an English message naming the rule.
/// In JSON: `{"code": "vin.length", "found": 16}`.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum VinError {
    /// Not 17 characters once spaces and dashes are removed.
    #[serde(rename = "vin.length")]
    #[error("a VIN has 17 characters; this one has {found}")]
    Length { found: usize },
    /// A character outside ISO 3779's set (digits and letters except I, O, Q).
    #[serde(rename = "vin.character")]
    #[error(
        "character {position} ({character:?}) is not allowed in a VIN: only digits and letters other than I, O and Q"
    )]
    Character { position: usize, character: char },
    /// The first character is not the code of any region (ISO 3780).
    #[serde(rename = "vin.region")]
    #[error("character 1 ({found:?}) is not the code of any region of the world")]
    Region { found: char },
    /// North America: position 9 is not the check digit of the others.
    #[serde(rename = "vin.check_digit")]
    #[error(
        "the check digit (character 9) is {found:?} but the other characters give {expected:?}: a character is probably mistyped"
    )]
    CheckDigit { found: char, expected: char },
    /// North America: position 10 is not a model-year code.
    #[serde(rename = "vin.model_year")]
    #[error("character 10 ({found:?}) is not a model-year code")]
    ModelYear { found: char },
}

impl VinError {
    /// The stable code of the rule: `vin.length`, `vin.character`,
    /// `vin.region`, `vin.check_digit`, `vin.model_year`.
    pub fn code(&self) -> &'static str {
        match self {
            VinError::Length { .. } => "vin.length",
            VinError::Character { .. } => "vin.character",
            VinError::Region { .. } => "vin.region",
            VinError::CheckDigit { .. } => "vin.check_digit",
            VinError::ModelYear { .. } => "vin.model_year",
        }
    }
}

/// Region of the world of a VIN's first character (ISO 3780):
/// A–H Africa, J–R Asia, S–Z Europe, 1–5 North America, 6–7 Oceania,
/// 8–9 South America.
///
/// The region follows the first character only, as ISO 3780 allocated it;
/// SAE has since given some ranges to other countries (`7F`–`70` to the
/// United States, `H` to China), which [`DecodedVin::country`] reflects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Africa,
    Asia,
    Europe,
    NorthAmerica,
    Oceania,
    SouthAmerica,
}
named_enum!(Region, "region", [
    Africa => "africa", Asia => "asia", Europe => "europe",
    NorthAmerica => "north_america", Oceania => "oceania", SouthAmerica => "south_america",
]);

impl Region {
    /// The region of a VIN's first character; `None` for `0` and for
    /// characters a VIN cannot have.
    pub fn of(first: char) -> Option<Region> {
        match first {
            'A'..='H' => Some(Region::Africa),
            'J'..='N' | 'P' | 'R' => Some(Region::Asia),
            'S'..='Z' => Some(Region::Europe),
            '1'..='5' => Some(Region::NorthAmerica),
            '6' | '7' => Some(Region::Oceania),
            '8' | '9' => Some(Region::SouthAmerica),
            _ => None,
        }
    }

    /// Spanish, or English for `lang == "en"`.
    pub fn label(self, lang: &str) -> &'static str {
        let (es, en) = match self {
            Region::Africa => ("África", "Africa"),
            Region::Asia => ("Asia", "Asia"),
            Region::Europe => ("Europa", "Europe"),
            Region::NorthAmerica => ("Norteamérica", "North America"),
            Region::Oceania => ("Oceanía", "Oceania"),
            Region::SouthAmerica => ("Sudamérica", "South America"),
        };
        if lang == "en" { en } else { es }
    }
}

/// What a VIN says without asking anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedVin {
    /// The normalised VIN (17 characters, uppercase).
    pub vin: String,
    /// Positions 1–3; for small manufacturers (third character `9`)
    /// positions 1–3 and 12–14, six characters.
    pub wmi: String,
    /// From the WMI table; `None` when the WMI is not in it.
    pub manufacturer: Option<String>,
    /// The brand; `None` when the WMI is unknown or shared by several
    /// brands (e.g. `1C4`: Chrysler, Dodge and Jeep).
    pub make: Option<String>,
    /// Country of the WMI (the table's, else the ISO 3780 / SAE range of
    /// the first two characters); English name.
    pub country: Option<String>,
    pub region: Region,
    /// The model year when it can be told: North America only, the 30-year
    /// cycle resolved by position 7 (see [`DecodedVin::model_year_candidates`]).
    pub model_year: Option<u16>,
    /// The years position 10 can mean, earlier cycle first (`R` → 1994,
    /// 2024); empty when position 10 is not a model-year code (outside
    /// North America makers need not encode the year there).
    pub model_year_candidates: Vec<u16>,
    /// North America: always `Some(true)` (a wrong digit is an error).
    /// Elsewhere: whether position 9 matches the computed digit, or `None`
    /// when position 9 is a letter other than `X` (no check digit used).
    pub check_digit_valid: Option<bool>,
    /// The production sequence: positions 12–17, or 15–17 for small
    /// manufacturers (whose 12–14 belong to the WMI).
    pub serial: String,
}

/// Trims, removes spaces, tabs and dashes, uppercases ASCII letters.
pub fn normalize_vin(input: &str) -> String {
    input
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether `c` may appear in a VIN (ISO 3779): `0-9`, `A-Z` except I, O, Q.
pub fn is_vin_char(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'))
}

/// The value of a character in the check-digit sum.
fn transliterate(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => return c.to_digit(10),
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => return None,
    })
}

/// The check digit of a 17-character VIN (`0`–`9` or `X`), whatever its
/// position 9 holds; `None` if it is not 17 valid characters.
pub fn vin_check_digit(vin: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut count = 0usize;
    for (i, c) in vin.chars().enumerate() {
        let weight = *WEIGHTS.get(i)?;
        if !is_vin_char(c) {
            return None;
        }
        sum += transliterate(c)? * weight;
        count += 1;
    }
    if count != VIN_LENGTH {
        return None;
    }
    match sum % 11 {
        10 => Some('X'),
        r => char::from_digit(r, 10),
    }
}

/// The model year of position 10 in the 1980–2009 cycle (`A` → 1980 …
/// `Y` → 2000, `1` → 2001 … `9` → 2009); the same code means 30 years later
/// in the next cycle. `None` for I, O, Q, U, Z and 0.
pub fn model_year_code(c: char) -> Option<u16> {
    if let Some(i) = YEAR_LETTERS.find(c) {
        return u16::try_from(i).ok().map(|i| 1980 + i);
    }
    match c {
        '1'..='9' => c
            .to_digit(10)
            .and_then(|d| u16::try_from(d).ok())
            .map(|d| 2000 + d),
        _ => None,
    }
}

/// One row of the WMI table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WmiEntry {
    /// Three characters, or six for small manufacturers (`YT9007`).
    pub wmi: &'static str,
    pub manufacturer: &'static str,
    /// `None` when several brands share the WMI.
    pub make: Option<&'static str>,
    pub country: Option<&'static str>,
}

/// The embedded WMI table, sorted by WMI (parsed once).
pub fn wmi_table() -> &'static [WmiEntry] {
    static TABLE: OnceLock<Vec<WmiEntry>> = OnceLock::new();
    TABLE.get_or_init(|| parse_wmi_csv(WMI_CSV))
}

/// The table's row for an exact WMI (3 or 6 characters).
pub fn lookup_wmi(wmi: &str) -> Option<&'static WmiEntry> {
    let table = wmi_table();
    table
        .binary_search_by(|e| e.wmi.cmp(wmi))
        .ok()
        .and_then(|i| table.get(i))
}

/// Rows that are not `wmi,manufacturer,make,country` with a valid WMI are
/// skipped (the test of the data file counts them all); the first of a
/// repeated WMI wins.
fn parse_wmi_csv(text: &'static str) -> Vec<WmiEntry> {
    let mut rows: Vec<WmiEntry> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("wmi,"))
        .filter_map(|line| {
            let mut fields = line.split(',').map(str::trim);
            let (wmi, manufacturer, make, country) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            let valid = fields.next().is_none()
                && matches!(wmi.len(), 3 | 6)
                && wmi.chars().all(is_vin_char)
                && !manufacturer.is_empty();
            valid.then(|| WmiEntry {
                wmi,
                manufacturer,
                make: Some(make).filter(|m| !m.is_empty()),
                country: Some(country).filter(|c| !c.is_empty()),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.wmi.cmp(b.wmi));
    rows.dedup_by(|b, a| a.wmi == b.wmi);
    rows
}

/// Country codes of the first two characters: (first, from, to, country),
/// `from..=to` in ISO 3780 order (`A`…`Z`, `1`…`9`, `0`). After the SAE
/// allocation as kept in idlesign/vininfo (BSD-3-Clause); the common ones.
const COUNTRIES: &[(char, char, char, &str)] = &[
    ('A', 'A', 'H', "South Africa"),
    ('A', 'J', 'K', "Ivory Coast"),
    ('A', 'L', 'M', "Lesotho"),
    ('A', 'N', 'P', "Botswana"),
    ('A', 'R', 'S', "Namibia"),
    ('A', 'T', 'U', "Madagascar"),
    ('A', 'V', 'W', "Mauritius"),
    ('A', 'X', 'Y', "Tunisia"),
    ('A', 'Z', '1', "Cyprus"),
    ('A', '2', '3', "Zimbabwe"),
    ('A', '4', '5', "Mozambique"),
    ('B', 'A', 'B', "Angola"),
    ('B', 'F', 'G', "Kenya"),
    ('B', 'L', 'L', "Nigeria"),
    ('B', 'R', 'R', "Algeria"),
    ('B', '3', '4', "Libya"),
    ('C', 'A', 'B', "Egypt"),
    ('C', 'F', 'G', "Morocco"),
    ('C', 'L', 'M', "Zambia"),
    ('D', 'A', 'E', "Egypt"),
    ('H', 'A', '0', "China"),
    ('J', 'A', '0', "Japan"),
    ('K', 'F', 'H', "Israel"),
    ('K', 'L', 'R', "South Korea"),
    ('K', 'S', 'T', "Jordan"),
    ('L', 'A', '0', "China"),
    ('M', 'A', 'E', "India"),
    ('M', 'F', 'K', "Indonesia"),
    ('M', 'L', 'R', "Thailand"),
    ('M', 'S', 'S', "Myanmar"),
    ('M', 'U', 'U', "Mongolia"),
    ('M', 'X', 'X', "Kazakhstan"),
    ('M', '1', '6', "India"),
    ('N', 'A', 'E', "Iran"),
    ('N', 'F', 'G', "Pakistan"),
    ('N', 'J', 'J', "Iraq"),
    ('N', 'L', 'R', "Turkey"),
    ('N', 'S', 'T', "Uzbekistan"),
    ('N', 'U', 'U', "Azerbaijan"),
    ('N', 'Y', 'Y', "Armenia"),
    ('N', '1', '5', "Iran"),
    ('P', 'A', 'E', "Philippines"),
    ('P', 'F', 'G', "Singapore"),
    ('P', 'L', 'R', "Malaysia"),
    ('P', 'S', 'T', "Bangladesh"),
    ('R', 'A', 'B', "United Arab Emirates"),
    ('R', 'F', 'K', "Taiwan"),
    ('R', 'L', 'N', "Vietnam"),
    ('R', 'P', 'P', "Laos"),
    ('R', 'S', 'T', "Saudi Arabia"),
    ('R', 'U', 'W', "Russia"),
    ('R', '1', '1', "Hong Kong"),
    ('S', 'A', 'M', "United Kingdom"),
    ('S', 'N', 'T', "Germany"),
    ('S', 'U', 'Z', "Poland"),
    ('S', '1', '2', "Latvia"),
    ('T', 'A', 'H', "Switzerland"),
    ('T', 'J', 'P', "Czech Republic"),
    ('T', 'R', 'V', "Hungary"),
    ('T', 'W', '2', "Portugal"),
    ('T', '3', '5', "Serbia and Montenegro"),
    ('T', '6', '6', "Andorra"),
    ('U', 'A', 'C', "Spain"),
    ('U', 'H', 'M', "Denmark"),
    ('U', 'N', 'R', "Ireland"),
    ('U', 'U', 'W', "Romania"),
    ('U', '1', '2', "North Macedonia"),
    ('U', '5', '7', "Slovakia"),
    ('U', '8', '0', "Bosnia and Herzegovina"),
    ('V', 'A', 'E', "Austria"),
    ('V', 'F', 'R', "France"),
    ('V', 'S', 'W', "Spain"),
    ('V', 'X', '2', "Serbia"),
    ('V', '3', '5', "Croatia"),
    ('V', '6', '8', "Estonia"),
    ('W', 'A', '0', "Germany"),
    ('X', 'A', 'C', "Bulgaria"),
    ('X', 'D', 'E', "Russia"),
    ('X', 'F', 'H', "Greece"),
    ('X', 'J', 'K', "Russia"),
    ('X', 'L', 'R', "Netherlands"),
    ('X', 'S', 'W', "Russia"),
    ('X', 'X', 'Y', "Luxembourg"),
    ('X', 'Z', '0', "Russia"),
    ('Y', 'A', 'E', "Belgium"),
    ('Y', 'F', 'K', "Finland"),
    ('Y', 'N', 'N', "Malta"),
    ('Y', 'S', 'W', "Sweden"),
    ('Y', 'X', '2', "Norway"),
    ('Y', '3', '5', "Belarus"),
    ('Y', '6', '8', "Ukraine"),
    ('Z', 'A', 'U', "Italy"),
    ('Z', 'X', 'Z', "Slovenia"),
    ('Z', '1', '1', "San Marino"),
    ('Z', '3', '5', "Lithuania"),
    ('Z', '6', '0', "Russia"),
    ('1', 'A', '0', "United States"),
    ('2', 'A', '5', "Canada"),
    ('3', 'A', 'X', "Mexico"),
    ('3', '5', '5', "Dominican Republic"),
    ('3', '6', '6', "Honduras"),
    ('3', '7', '7', "Panama"),
    ('3', '8', '9', "Puerto Rico"),
    ('4', 'A', '0', "United States"),
    ('5', 'A', '0', "United States"),
    ('6', 'A', 'X', "Australia"),
    ('6', 'Y', '1', "New Zealand"),
    ('7', 'A', '0', "United States"),
    ('8', 'A', 'E', "Argentina"),
    ('8', 'F', 'G', "Chile"),
    ('8', 'L', 'N', "Ecuador"),
    ('8', 'S', 'T', "Peru"),
    ('8', 'X', 'Z', "Venezuela"),
    ('8', '2', '2', "Bolivia"),
    ('9', 'A', 'E', "Brazil"),
    ('9', 'F', 'G', "Colombia"),
    ('9', 'S', 'V', "Uruguay"),
    ('9', '2', '9', "Brazil"),
];

/// The country of a VIN's first two characters, by the ranges of the
/// allocation table (English name); `None` for unallocated codes.
pub fn vin_country(first: char, second: char) -> Option<&'static str> {
    let rank = |c: char| ORDER.find(c);
    let second = rank(second)?;
    COUNTRIES
        .iter()
        .find(|(f, from, to, _)| {
            *f == first
                && rank(*from).is_some_and(|from| from <= second)
                && rank(*to).is_some_and(|to| second <= to)
        })
        .map(|(_, _, _, country)| *country)
}

/// Decodes a VIN offline (see the module documentation for the rules).
///
/// ```
/// use domain::*;
/// let v = decode_vin(" 1hgcm82633a004352 ").expect("valid");
/// assert_eq!((v.make.as_deref(), v.model_year, v.region), (Some("Honda"), Some(2003), Region::NorthAmerica));
/// assert_eq!(decode_vin("1HGCM82643A004352").map_err(|e| e.code()), Err("vin.check_digit"));
/// ```
pub fn decode_vin(vin: &str) -> Result<DecodedVin, VinError> {
    let vin = normalize_vin(vin);
    let chars: Vec<char> = vin.chars().collect();
    let [first, second, third, _, _, _, seventh, _, ninth, tenth, ..] = chars[..] else {
        return Err(VinError::Length { found: chars.len() });
    };
    if chars.len() != VIN_LENGTH {
        return Err(VinError::Length { found: chars.len() });
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| !is_vin_char(**c)) {
        return Err(VinError::Character {
            position: i + 1,
            character: c,
        });
    }
    let region = Region::of(first).ok_or(VinError::Region { found: first })?;
    let north_america = region == Region::NorthAmerica;

    let expected = vin_check_digit(&vin);
    let check_digit_valid = match expected {
        Some(expected) if north_america && expected != ninth => {
            return Err(VinError::CheckDigit {
                found: ninth,
                expected,
            });
        }
        Some(expected) if ninth.is_ascii_digit() || ninth == 'X' => Some(expected == ninth),
        _ => None,
    };

    let earlier = model_year_code(tenth);
    if north_america && earlier.is_none() {
        return Err(VinError::ModelYear { found: tenth });
    }
    let model_year_candidates: Vec<u16> = earlier.map(|y| vec![y, y + 30]).unwrap_or_default();
    // 49 CFR 565.15: position 7 numeric → 1980–2009, alphabetic → 2010–2039.
    let model_year = earlier
        .filter(|_| north_america)
        .map(|y| if seventh.is_ascii_digit() { y } else { y + 30 });

    let small_manufacturer = third == '9';
    let (wmi, serial): (String, String) = if small_manufacturer {
        (
            chars[..3].iter().chain(&chars[11..14]).collect(),
            chars[14..].iter().collect(),
        )
    } else {
        (chars[..3].iter().collect(), chars[11..].iter().collect())
    };
    let entry = lookup_wmi(&wmi);
    let country = entry
        .and_then(|e| e.country)
        .or_else(|| vin_country(first, second))
        .map(str::to_owned);
    Ok(DecodedVin {
        manufacturer: entry.map(|e| e.manufacturer.to_owned()),
        make: entry.and_then(|e| e.make).map(str::to_owned),
        country,
        region,
        model_year,
        model_year_candidates,
        check_digit_valid,
        serial,
        wmi,
        vin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_trims_strips_and_uppercases() {
        assert_eq!(normalize_vin(" 1hg cm826-33a004352\n"), "1HGCM82633A004352");
        assert_eq!(normalize_vin("wba\t71dc010ch14720"), "WBA71DC010CH14720");
        assert_eq!(
            normalize_vin("ñ"),
            "ñ",
            "non-ASCII is left for the character rule"
        );
        let v = decode_vin("1HG-CM826-33A-004352").expect("dashes are stripped");
        assert_eq!(v.vin, "1HGCM82633A004352");
    }

    #[test]
    fn length_rule() {
        for (input, found) in [
            ("", 0),
            ("   ", 0),
            ("1HGCM82633A00435", 16),
            ("1HGCM82633A0043521", 18),
        ] {
            let e = decode_vin(input).expect_err(input);
            assert_eq!(e, VinError::Length { found }, "{input:?}");
            assert_eq!(e.code(), "vin.length");
            assert!(e.to_string().contains("17 characters"), "{e}");
        }
        // Counted in characters, not bytes.
        assert_eq!(
            decode_vin("1HGCM82633A00435é"),
            Err(VinError::Character {
                position: 17,
                character: 'é'
            })
        );
    }

    #[test]
    fn character_rule_names_the_position() {
        for (input, position, character) in [
            ("IHGCM82633A004352", 1, 'I'),
            ("1HGCM82633A0O4352", 13, 'O'),
            ("1HGCM82633AQ04352", 12, 'Q'),
            ("1HGCM82633A00435*", 17, '*'),
        ] {
            let e = decode_vin(input).expect_err(input);
            assert_eq!(
                e,
                VinError::Character {
                    position,
                    character
                }
            );
            assert_eq!(e.code(), "vin.character");
            assert!(e.to_string().contains("I, O and Q"), "{e}");
        }
        // Lowercase i/o/q are uppercased first, then refused like the capitals.
        assert_eq!(
            decode_vin("1hgcm82633a0o4352").map_err(|e| e.code()),
            Err("vin.character")
        );
    }

    #[test]
    fn region_rule() {
        let e = decode_vin("0HGCM82633A004352").expect_err("0 is no region");
        assert_eq!(
            (e.code(), e),
            ("vin.region", VinError::Region { found: '0' })
        );
    }

    #[test]
    fn wrong_check_digit_says_it_is_the_check_digit() {
        let e = decode_vin("1HGCM82643A004352").expect_err("digit 4 instead of 3");
        assert_eq!(
            e,
            VinError::CheckDigit {
                found: '4',
                expected: '3'
            }
        );
        assert_eq!(e.code(), "vin.check_digit");
        assert!(
            e.to_string().starts_with("the check digit (character 9)"),
            "{e}"
        );
        // A typo elsewhere is caught by the same rule.
        assert_eq!(
            decode_vin("1HGCM82633A004353").map_err(|e| e.code()),
            Err("vin.check_digit")
        );
        // X stands for a remainder of 10.
        assert_eq!(vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
        assert!(decode_vin("1M8GDM9AXKP042788").is_ok());
    }

    #[test]
    fn model_year_rule_in_north_america_only() {
        // Position 10 'U' cannot be a year; the check digit is made right.
        let mut vin: Vec<char> = "1HGCM8263UA004352".chars().collect();
        let digit = vin_check_digit(&vin.iter().collect::<String>()).expect("17 valid");
        vin[8] = digit;
        let vin: String = vin.into_iter().collect();
        assert_eq!(decode_vin(&vin), Err(VinError::ModelYear { found: 'U' }));
        assert_eq!(VinError::ModelYear { found: 'U' }.code(), "vin.model_year");
        // A European BMW with '0' at position 10: decoded, no year.
        let v = decode_vin("WBA71DC010CH14720").expect("non-North-American VINs need no year code");
        assert_eq!((v.model_year, v.model_year_candidates.len()), (None, 0));
        assert_eq!(v.make.as_deref(), Some("BMW"));
    }

    #[test]
    fn year_codes_and_the_position_7_rule() {
        assert_eq!(model_year_code('A'), Some(1980));
        assert_eq!(model_year_code('H'), Some(1987));
        assert_eq!(model_year_code('J'), Some(1988));
        assert_eq!(model_year_code('Y'), Some(2000));
        assert_eq!(model_year_code('1'), Some(2001));
        assert_eq!(model_year_code('9'), Some(2009));
        for c in ['I', 'O', 'Q', 'U', 'Z', '0'] {
            assert_eq!(model_year_code(c), None, "{c}");
        }
        // A 1994 Acura from Japan (candidates only); North-American Jeeps
        // with a letter (2013) and a digit (2000) at position 7.
        let v = decode_vin("JH4DC4340RS003205").expect("valid");
        assert_eq!(
            (v.model_year, v.model_year_candidates.clone()),
            (None, vec![1994, 2024]),
            "Japan: candidates only"
        );
        let v = decode_vin("1C4GJWAG3DL544796").expect("valid");
        assert_eq!(
            (v.model_year, v.model_year_candidates),
            (Some(2013), vec![1983, 2013])
        );
        let v = decode_vin("1J4FA29P3YP729948").expect("valid");
        assert_eq!(v.model_year, Some(2000));
    }

    #[test]
    fn check_digit_outside_north_america_is_reported_not_enforced() {
        let good = decode_vin("WAULFAFR6DA001366").expect("valid");
        assert_eq!(
            (good.region, good.check_digit_valid),
            (Region::Europe, Some(true))
        );
        let bad = decode_vin("WAULFAFR5DA001366").expect("not enforced in Europe");
        assert_eq!(bad.check_digit_valid, Some(false));
        let none = decode_vin("WVWZZZ1JZXW000001").expect("Z at position 9: no check digit used");
        assert_eq!(none.check_digit_valid, None);
        assert_eq!(none.make.as_deref(), Some("Volkswagen"));
        assert_eq!(none.country.as_deref(), Some("Germany"));
    }

    #[test]
    fn unknown_wmi_still_decodes_the_year() {
        // 1ZX is nobody in the table.
        let mut v: Vec<char> = "1ZXAB12309K000123".chars().collect();
        v[8] = vin_check_digit(&v.iter().collect::<String>()).expect("17 valid");
        let v = decode_vin(&v.into_iter().collect::<String>()).expect("valid");
        assert_eq!((v.manufacturer, v.make), (None, None));
        assert_eq!(v.model_year, Some(2009));
        assert_eq!(
            v.country.as_deref(),
            Some("United States"),
            "from the ranges"
        );
        assert_eq!(v.check_digit_valid, Some(true));
    }

    #[test]
    fn small_manufacturers_use_positions_12_to_14() {
        let v = decode_vin("YT9NN1U14KA007175").expect("Koenigsegg");
        assert_eq!((v.wmi.as_str(), v.serial.as_str()), ("YT9007", "175"));
        assert_eq!(v.make.as_deref(), Some("Koenigsegg"));
        assert_eq!(v.country.as_deref(), Some("Sweden"));
        let v = decode_vin("1HGCM82633A004352").expect("Honda");
        assert_eq!((v.wmi.as_str(), v.serial.as_str()), ("1HG", "004352"));
    }

    #[test]
    fn regions_of_every_first_character() {
        let expect = [
            ("ABCDEFGH", Region::Africa),
            ("JKLMNPR", Region::Asia),
            ("STUVWXYZ", Region::Europe),
            ("12345", Region::NorthAmerica),
            ("67", Region::Oceania),
            ("89", Region::SouthAmerica),
        ];
        for (chars, region) in expect {
            for c in chars.chars() {
                assert_eq!(Region::of(c), Some(region), "{c}");
            }
        }
        for c in ['0', 'I', 'O', 'Q', 'a', '-'] {
            assert_eq!(Region::of(c), None, "{c}");
        }
        for r in Region::ALL {
            assert_eq!(r.as_str().parse::<Region>(), Ok(r));
            assert_ne!(r.label("es"), "");
        }
        assert_eq!(Region::NorthAmerica.label("es"), "Norteamérica");
    }

    #[test]
    fn countries_by_range() {
        assert_eq!(vin_country('9', 'B'), Some("Brazil"));
        assert_eq!(vin_country('8', 'A'), Some("Argentina"));
        assert_eq!(vin_country('8', 'G'), Some("Chile"));
        assert_eq!(vin_country('3', 'V'), Some("Mexico"));
        assert_eq!(vin_country('V', 'S'), Some("Spain"));
        assert_eq!(vin_country('V', 'F'), Some("France"));
        assert_eq!(vin_country('S', 'A'), Some("United Kingdom"));
        assert_eq!(vin_country('K', 'M'), Some("South Korea"));
        assert_eq!(vin_country('B', 'C'), None, "unallocated");
    }

    #[test]
    fn the_wmi_table_is_complete_and_sorted() {
        let rows = WMI_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("wmi,"))
            .count();
        let table = wmi_table();
        assert_eq!(table.len(), rows, "every data row parses, no repeated WMI");
        assert!(table.len() >= 300, "{} WMIs", table.len());
        assert!(table.windows(2).all(|w| w[0].wmi < w[1].wmi));
        for e in table {
            assert_eq!(
                e.wmi.len() == 6,
                e.wmi.as_bytes().get(2) == Some(&b'9'),
                "{}",
                e.wmi
            );
            assert!(
                Region::of(e.wmi.chars().next().unwrap_or('0')).is_some(),
                "{}",
                e.wmi
            );
            assert!(e.country.is_some(), "{}", e.wmi);
        }
        assert!(
            WMI_CSV
                .lines()
                .next()
                .is_some_and(|l| l.starts_with("# ") && l.contains("http")),
            "source line"
        );
        let honda = lookup_wmi("1HG").expect("Honda");
        assert_eq!(
            (honda.make, honda.country),
            (Some("Honda"), Some("United States"))
        );
        assert_eq!(
            lookup_wmi("1C4").map(|e| e.make),
            Some(None),
            "shared by Chrysler, Dodge, Jeep"
        );
        assert_eq!(lookup_wmi("ZZZ"), None);
    }

    #[test]
    fn errors_serialise_with_their_code() {
        let json = serde_json::to_value(VinError::Length { found: 16 }).expect("json");
        assert_eq!(json, serde_json::json!({"code": "vin.length", "found": 16}));
        let back: VinError = serde_json::from_value(json).expect("back");
        assert_eq!(back, VinError::Length { found: 16 });
    }
}
