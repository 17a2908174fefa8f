//! The exact JSON shape of a priced quote (the REST answer): every figure a
//! string, money with the currency's minor digits, quantities with 4
//! decimals, rates without trailing zeros. Field order is the contract's.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::Unit;
use crate::money::{Currency, fixed};
use crate::pricing::QuoteBreakdown;
use crate::quote::OpeningKind;

/// One line of the answer; keys in the contract's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalculationLine {
    pub room: String,
    pub kind: OpeningKind,
    pub sku: String,
    pub unit: Unit,
    pub base_qty: String,
    pub waste_rate: String,
    pub qty: String,
    pub complexity: String,
    pub material: String,
    pub installation: String,
    pub total: String,
}

/// A staff's extra line: its description and amount (money string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalculationExtra {
    pub description: String,
    pub amount: String,
}

/// The answer of `POST /api/v1/quotations/calculate`; keys in the contract's
/// order. `extras` and `manual_discount` appear only when the quote has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calculation {
    pub currency: Currency,
    pub lines: Vec<CalculationLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<CalculationExtra>,
    pub area_m2: String,
    pub subtotal: String,
    pub discount_rate: String,
    pub discount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_discount: Option<String>,
    pub taxable: String,
    pub tax_rate: String,
    pub tax: String,
    pub total: String,
}

/// Quantities (`base_qty`, `qty`, `area_m2`): exactly 4 decimals, rounded
/// half away from zero: "3.6000", 0.00005 → "0.0001".
pub fn format_qty(d: Decimal) -> String {
    fixed(d, 4)
}

/// Rates (`waste_rate`, `complexity`, `discount_rate`, `tax_rate`): exact,
/// without trailing zeros: "0.15", "1.2", "0", "1", "0.2" (for 0.20).
pub fn format_rate(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_owned()
    } else {
        n.to_string()
    }
}

impl From<&QuoteBreakdown> for Calculation {
    fn from(b: &QuoteBreakdown) -> Self {
        let money = |d: Decimal| b.currency.format_plain(d);
        Calculation {
            currency: b.currency,
            lines: b
                .lines
                .iter()
                .map(|l| CalculationLine {
                    room: l.room.clone(),
                    kind: l.kind,
                    sku: l.sku.clone(),
                    unit: l.unit,
                    base_qty: format_qty(l.base_qty),
                    waste_rate: format_rate(l.waste_rate),
                    qty: format_qty(l.qty),
                    complexity: format_rate(l.complexity),
                    material: money(l.material),
                    installation: money(l.installation),
                    total: money(l.total),
                })
                .collect(),
            extras: b
                .extras
                .iter()
                .map(|e| CalculationExtra {
                    description: e.description.clone(),
                    amount: money(e.amount),
                })
                .collect(),
            area_m2: format_qty(b.area_m2),
            subtotal: money(b.subtotal),
            discount_rate: format_rate(b.discount_rate),
            discount: money(b.discount),
            manual_discount: (!b.manual_discount.is_zero()).then(|| money(b.manual_discount)),
            taxable: money(b.taxable),
            tax_rate: format_rate(b.tax_rate),
            tax: money(b.tax),
            total: money(b.total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn quantities_have_four_decimals_rounded_half_away() {
        assert_eq!(format_qty(dec!(3.6)), "3.6000");
        assert_eq!(format_qty(dec!(3.6000)), "3.6000");
        assert_eq!(format_qty(dec!(4.14)), "4.1400");
        assert_eq!(format_qty(dec!(12)), "12.0000");
        assert_eq!(format_qty(dec!(0)), "0.0000");
        assert_eq!(
            format_qty(dec!(0.00005)),
            "0.0001",
            "round_dp (half to even) gives 0.0000"
        );
        assert_eq!(
            dec!(0.00005).round_dp(4),
            dec!(0),
            "the pitfall the contract warns about"
        );
        assert_eq!(
            format_qty(dec!(2.00025)),
            "2.0003",
            "half to even gives 2.0002"
        );
        assert_eq!(format_qty(dec!(1.23455)), "1.2346");
        assert_eq!(format_qty(dec!(0.38256705)), "0.3826");
        assert_eq!(format_qty(dec!(2.00004999)), "2.0000", "not a tie: down");
        assert_eq!(
            format_qty(dec!(0.99996)),
            "1.0000",
            "formatting with a precision of 4 would truncate to 0.9999"
        );
        assert_eq!(format_qty(dec!(-0.00004)), "0.0000", "never -0");
    }

    #[test]
    fn rates_without_trailing_zeros() {
        assert_eq!(format_rate(dec!(0.15)), "0.15");
        assert_eq!(format_rate(dec!(0.150)), "0.15");
        assert_eq!(format_rate(dec!(0.20)), "0.2");
        assert_eq!(format_rate(dec!(1.20)), "1.2");
        assert_eq!(format_rate(dec!(1.00)), "1");
        assert_eq!(format_rate(dec!(1)), "1");
        assert_eq!(format_rate(dec!(0)), "0");
        assert_eq!(format_rate(dec!(0.00)), "0", "not 0.00");
        assert_eq!(format_rate(-dec!(0.00)), "0", "not -0");
        assert_eq!(format_rate(dec!(2.691)), "2.691");
        assert_eq!(format_rate(dec!(100)), "100", "integer zeros stay");
        assert_eq!(format_rate(dec!(0.19)), "0.19");
    }

    #[test]
    fn keys_in_the_contract_order() {
        let line = CalculationLine {
            room: "R".into(),
            kind: OpeningKind::Door,
            sku: "S".into(),
            unit: Unit::M,
            base_qty: "1.0000".into(),
            waste_rate: "0.15".into(),
            qty: "1.1500".into(),
            complexity: "1".into(),
            material: "1.00".into(),
            installation: "0.00".into(),
            total: "1.00".into(),
        };
        let text = serde_json::to_string(&line).expect("serialize");
        let keys = [
            "room",
            "kind",
            "sku",
            "unit",
            "base_qty",
            "waste_rate",
            "qty",
            "complexity",
            "material",
            "installation",
            "total",
        ];
        let expected: Vec<String> = keys.iter().map(|k| format!("\"{k}\":")).collect();
        let positions: Vec<usize> = expected
            .iter()
            .map(|k| text.find(k.as_str()).unwrap_or(usize::MAX))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(
            text.contains(r#""kind":"door""#) && text.contains(r#""unit":"m""#),
            "{text}"
        );
    }
}
