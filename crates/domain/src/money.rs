//! Money: currencies, their minor units and the one rounding rule
//! (half away from zero). Amounts are `Decimal`, never floats.
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Currencies an organisation can quote in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Usd,
    Eur,
    Clp,
    Mxn,
    Cop,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown currency {0:?} (expected USD, EUR, CLP, MXN or COP)")]
pub struct UnknownCurrency(pub String);

impl Currency {
    pub const ALL: [Currency; 5] = [
        Currency::Usd,
        Currency::Eur,
        Currency::Clp,
        Currency::Mxn,
        Currency::Cop,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Clp => "CLP",
            Currency::Mxn => "MXN",
            Currency::Cop => "COP",
        }
    }

    /// Digits of the minor unit (ISO 4217): 0 for CLP, 2 for the others.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Clp => 0,
            Currency::Usd | Currency::Eur | Currency::Mxn | Currency::Cop => 2,
        }
    }

    /// The smallest amount of the currency: 0.01, or 1 for CLP.
    pub fn minor_unit(self) -> Decimal {
        Decimal::new(1, self.minor_digits())
    }

    /// Rounds to the minor unit, half away from zero.
    pub fn round(self, amount: Decimal) -> Decimal {
        round_half_away(amount, self.minor_digits())
    }

    /// The rounded amount with exactly the minor digits: "451.26", "0.00", "537" (CLP).
    pub fn format_plain(self, amount: Decimal) -> String {
        fixed(self.round(amount), self.minor_digits())
    }
}

impl std::str::FromStr for Currency {
    type Err = UnknownCurrency;

    /// The ISO code, case-insensitive, surrounding blanks ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownCurrency(s.to_owned()))
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Rounds to `dp` decimals, half away from zero (2.675 → 2.68, -0.005 → -0.01).
pub fn round_half_away(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `d` rounded half away from zero and written with exactly `dp` decimals; never "-0".
pub(crate) fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = round_half_away(d, dp);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r.rescale(dp);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn minor_units() {
        assert_eq!(Currency::Usd.format_plain(dec!(451.255)), "451.26");
        assert_eq!(
            Currency::Usd.format_plain(dec!(2.665)),
            "2.67",
            "banker's rounding would give 2.66"
        );
        assert_eq!(Currency::Usd.format_plain(dec!(7)), "7.00");
        assert_eq!(Currency::Cop.format_plain(dec!(1234.5)), "1234.50");
        assert_eq!(
            Currency::Clp.format_plain(dec!(2.5)),
            "3",
            "banker's rounding would give 2"
        );
        assert_eq!(Currency::Clp.format_plain(dec!(-0.4)), "0");
        assert_eq!(Currency::Usd.format_plain(dec!(0)), "0.00");
        assert_eq!(Currency::Clp.format_plain(dec!(536.5)), "537");
        assert_eq!(Currency::Clp.format_plain(dec!(1234567)), "1234567");
        assert_eq!(
            Currency::Eur.format_plain(dec!(-0.004)),
            "0.00",
            "no negative zero"
        );
        assert_eq!(Currency::Usd.format_plain(dec!(-2.675)), "-2.68");
    }

    #[test]
    fn ties_go_away_from_zero_not_to_even() {
        assert_eq!(round_half_away(dec!(0.125), 2), dec!(0.13));
        assert_eq!(round_half_away(dec!(0.135), 2), dec!(0.14));
        assert_eq!(round_half_away(dec!(-0.125), 2), dec!(-0.13));
        assert_eq!(round_half_away(dec!(2.5), 0), dec!(3));
        assert_ne!(
            dec!(0.125).round_dp(2),
            round_half_away(dec!(0.125), 2),
            "round_dp is banker's rounding"
        );
    }

    #[test]
    fn rounding_to_the_minor_unit() {
        assert_eq!(Currency::ALL.map(Currency::minor_digits), [2, 2, 0, 2, 2]);
        assert_eq!(Currency::Usd.minor_unit(), dec!(0.01));
        assert_eq!(Currency::Clp.minor_unit(), dec!(1));
        assert_eq!(Currency::Clp.round(dec!(60234.5)), dec!(60235));
        assert_eq!(Currency::Clp.round(dec!(60234.4999)), dec!(60234));
        assert_eq!(Currency::Eur.round(dec!(0.005)), dec!(0.01));
        assert_eq!(Currency::Mxn.round(dec!(0.0049999)), dec!(0));
    }

    #[test]
    fn currency_codes() {
        assert_eq!("usd".parse::<Currency>(), Ok(Currency::Usd));
        assert_eq!(" CLP ".parse::<Currency>(), Ok(Currency::Clp));
        assert_eq!("Eur".parse::<Currency>(), Ok(Currency::Eur));
        assert!("ARS".parse::<Currency>().is_err());
        assert!("".parse::<Currency>().is_err());
        assert_eq!(
            Currency::ALL.map(Currency::code),
            ["USD", "EUR", "CLP", "MXN", "COP"]
        );
        assert_eq!(
            serde_json::from_str::<Currency>("\"COP\"").ok(),
            Some(Currency::Cop)
        );
        assert!(
            serde_json::from_str::<Currency>("\"usd\"").is_err(),
            "JSON uses the upper-case code"
        );
        assert_eq!(
            serde_json::to_string(&Currency::Mxn).ok().as_deref(),
            Some("\"MXN\"")
        );
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
        }
    }
}
