//! VIN decoding against real VINs (`data/vin_samples.csv`: make and model
//! year as NHTSA vPIC decodes them, from public fixtures named per row),
//! and what the check digit does and does not catch.
use domain::*;
use proptest::prelude::*;

const SAMPLES: &str = include_str!("../data/vin_samples.csv");

struct Sample {
    vin: &'static str,
    make: &'static str,
    model_year: u16,
    source: &'static str,
}

fn samples() -> Vec<Sample> {
    SAMPLES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("vin,") && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 4, "vin,make,model_year,source: {l}");
            Sample {
                vin: f[0],
                make: f[1],
                model_year: f[2].parse().expect("model year"),
                source: f[3],
            }
        })
        .collect()
}

#[test]
fn the_sample_file_names_its_sources() {
    assert!(
        SAMPLES.starts_with("# ")
            && SAMPLES
                .lines()
                .next()
                .is_some_and(|l| l.contains("github.com"))
    );
    let samples = samples();
    assert!(samples.len() >= 50, "{} samples", samples.len());
    assert!(samples.iter().all(|s| !s.source.trim().is_empty()));
    let mut vins: Vec<&str> = samples.iter().map(|s| s.vin).collect();
    vins.sort_unstable();
    vins.dedup();
    assert_eq!(vins.len(), samples.len(), "no VIN twice");
}

#[test]
fn real_vins_decode_to_their_make_and_year() {
    let mut with_make = 0;
    let mut with_year = 0;
    for s in samples() {
        let d = decode_vin(s.vin).unwrap_or_else(|e| panic!("{} ({}): {e}", s.vin, s.source));
        assert_eq!(d.vin, s.vin);
        assert!(
            d.manufacturer.is_some(),
            "{}: WMI {} is in the table",
            s.vin,
            d.wmi
        );
        match d.make.as_deref() {
            Some(make) => {
                assert_eq!(make, s.make, "{} ({})", s.vin, s.source);
                with_make += 1;
            }
            // The WMI is shared by several brands (1C4: Chrysler, Dodge, Jeep).
            None => assert!(
                lookup_wmi(&d.wmi).is_some_and(|e| e.make.is_none()),
                "{}: no make only for a shared WMI",
                s.vin
            ),
        }
        assert!(
            d.model_year_candidates.contains(&s.model_year),
            "{}: {:?}",
            s.vin,
            d.model_year_candidates
        );
        if d.region == Region::NorthAmerica {
            assert_eq!(d.check_digit_valid, Some(true), "{}", s.vin);
            assert_eq!(d.model_year, Some(s.model_year), "{}", s.vin);
            with_year += 1;
        } else {
            assert_eq!(
                d.model_year, None,
                "{}: only North America resolves the cycle",
                s.vin
            );
            assert_eq!(
                d.check_digit_valid,
                Some(true),
                "{}: these are US-market VINs",
                s.vin
            );
        }
    }
    assert!(with_make >= 50, "{with_make} samples checked by make");
    assert!(with_year >= 40, "{with_year} samples checked by exact year");
}

/// The check-digit transliteration of ISO 3779, written out independently.
fn value(c: char) -> u32 {
    match c {
        '0'..='9' => c.to_digit(10).unwrap_or(0),
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        other => panic!("not a VIN character: {other}"),
    }
}

const VIN_CHARS: &str = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
const YEAR_CHARS: &str = "ABCDEFGHJKLMNPRSTVWXY123456789";

/// A valid North-American VIN: first character 1–5, a year code at 10, the
/// right check digit at 9.
fn north_american_vin() -> impl Strategy<Value = String> {
    let any = || proptest::sample::select(VIN_CHARS.chars().collect::<Vec<_>>());
    (
        proptest::sample::select("12345".chars().collect::<Vec<_>>()),
        proptest::collection::vec(any(), 7),
        proptest::sample::select(YEAR_CHARS.chars().collect::<Vec<_>>()),
        proptest::collection::vec(any(), 7),
    )
        .prop_map(|(first, a, year, b)| {
            let mut chars: Vec<char> = std::iter::once(first)
                .chain(a)
                .chain(['0', year])
                .chain(b)
                .collect();
            let text: String = chars.iter().collect();
            chars[8] = vin_check_digit(&text).unwrap_or('0');
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// What is actually true of one substituted character: a change at
    /// position 9 is always caught; elsewhere it is caught exactly when the
    /// new character's transliterated value differs (the weights are all
    /// non-zero mod 11, and 11 is prime). Characters sharing a value —
    /// A/J/1, B/K/S/2, C/L/T/3, … — are NOT caught; such a VIN decodes,
    /// differently (it is another VIN), or fails another rule.
    #[test]
    fn one_substitution_is_caught_unless_the_values_collide(
        vin in north_american_vin(),
        position in 1usize..=17,
        replacement in proptest::sample::select(VIN_CHARS.chars().collect::<Vec<_>>()),
    ) {
        let original = decode_vin(&vin).expect("generated VINs are valid");
        prop_assert_eq!(original.check_digit_valid, Some(true));
        let mut chars: Vec<char> = vin.chars().collect();
        let old = chars[position - 1];
        prop_assume!(replacement != old);
        chars[position - 1] = replacement;
        let changed: String = chars.iter().collect();
        let result = decode_vin(&changed);

        let leaves_north_america = position == 1 && !('1'..='5').contains(&replacement);
        if position == 1 && replacement == '0' {
            prop_assert_eq!(result.map_err(|e| e.code()), Err("vin.region"));
        } else if leaves_north_america {
            // Another region: the digit is computed, not enforced.
            let d = result.expect("not enforced outside North America");
            prop_assert_ne!(d.region, Region::NorthAmerica);
            prop_assert_eq!(d.check_digit_valid, Some(value(replacement) == value(old)));
        } else if position == 9 || value(replacement) != value(old) {
            let is_check_digit_error = matches!(result, Err(VinError::CheckDigit { .. }));
            prop_assert!(is_check_digit_error, "{} → {}: {:?}", vin, changed, result);
        } else if position == 10 && !YEAR_CHARS.contains(replacement) {
            // Same value, so the digit still matches, but U/Z is no year.
            prop_assert_eq!(result, Err(VinError::ModelYear { found: replacement }));
        } else {
            let d = result.expect("an undetected substitution decodes");
            prop_assert_eq!(d.check_digit_valid, Some(true));
            prop_assert_ne!(d, original, "it is another VIN");
        }
    }
}

#[test]
fn colliding_substitutions_really_pass() {
    // Position 4 'C' → 'L' (both 3) and position 15 '3' → 'T' (both 3).
    let original = "1HGCM82633A004352";
    for changed in ["1HGLM82633A004352", "1HGCM82633A004T52"] {
        let d = decode_vin(changed).expect("the check digit cannot see it");
        assert_eq!(d.check_digit_valid, Some(true));
        assert_ne!(d.vin, original);
    }
    // Swapping two characters is usually caught (different weights).
    assert_eq!(
        decode_vin("1HGMC82633A004352").map_err(|e| e.code()),
        Err("vin.check_digit")
    );
}
