//! What the engine needs to know of a catalog product: unit, waste class and
//! the two prices per unit.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::names::named_enum;

/// How a film is sold: by the square metre (`m2`) or by the linear metre (`m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[serde(rename = "m2")]
    M2,
    #[serde(rename = "m")]
    M,
}
named_enum!(Unit, "unit", [M2 => "m2", M => "m"]);

/// Column of the waste table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WasteClass {
    Laminate,
    Vinyl,
    SolarControl,
}
named_enum!(WasteClass, "waste class", [
    Laminate => "laminate", Vinyl => "vinyl", SolarControl => "solar_control",
]);

/// The kind of film; decides the default waste class of a new product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductType {
    Laminate,
    Vinyl,
    SolarControl,
    Privacy,
    Decorative,
    Security,
}
named_enum!(ProductType, "product type", [
    Laminate => "laminate", Vinyl => "vinyl", SolarControl => "solar_control",
    Privacy => "privacy", Decorative => "decorative", Security => "security",
]);

impl ProductType {
    /// Security and laminate films → `laminate`; solar control →
    /// `solar_control`; decorative, privacy and vinyl → `vinyl`.
    pub fn default_waste_class(self) -> WasteClass {
        match self {
            ProductType::Security | ProductType::Laminate => WasteClass::Laminate,
            ProductType::SolarControl => WasteClass::SolarControl,
            ProductType::Decorative | ProductType::Privacy | ProductType::Vinyl => {
                WasteClass::Vinyl
            }
        }
    }
}

/// A product as the engine prices it. Prices are per [`Unit`], in the
/// organisation's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricedProduct {
    pub sku: String,
    pub unit: Unit,
    pub waste_class: WasteClass,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    /// Inactive products cannot be quoted.
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_waste_class_by_type() {
        use ProductType::*;
        let expected = [
            (Security, WasteClass::Laminate),
            (Laminate, WasteClass::Laminate),
            (SolarControl, WasteClass::SolarControl),
            (Decorative, WasteClass::Vinyl),
            (Privacy, WasteClass::Vinyl),
            (Vinyl, WasteClass::Vinyl),
        ];
        assert_eq!(
            expected.len(),
            ProductType::ALL.len(),
            "every type is listed"
        );
        for (t, w) in expected {
            assert_eq!(t.default_waste_class(), w, "{t}");
        }
    }

    fn json(s: &str) -> serde_json::Value {
        serde_json::Value::from(s)
    }

    #[test]
    fn names_match_serde_and_parse_back() {
        assert_eq!(Unit::ALL.map(Unit::as_str), ["m2", "m"]);
        assert_eq!(
            WasteClass::ALL.map(WasteClass::as_str),
            ["laminate", "vinyl", "solar_control"]
        );
        assert_eq!(
            ProductType::ALL.map(ProductType::as_str),
            [
                "laminate",
                "vinyl",
                "solar_control",
                "privacy",
                "decorative",
                "security"
            ]
        );
        for u in Unit::ALL {
            assert_eq!(u.as_str().parse::<Unit>(), Ok(u));
            assert_eq!(serde_json::to_value(u).ok(), Some(json(u.as_str())));
            assert_eq!(
                serde_json::from_value::<Unit>(json(u.as_str())).ok(),
                Some(u)
            );
        }
        for w in WasteClass::ALL {
            assert_eq!(w.as_str().parse::<WasteClass>(), Ok(w));
            assert_eq!(serde_json::to_value(w).ok(), Some(json(w.as_str())));
        }
        for t in ProductType::ALL {
            assert_eq!(t.as_str().parse::<ProductType>(), Ok(t));
            assert_eq!(
                serde_json::to_value(t).ok(),
                Some(json(t.to_string().as_str()))
            );
        }
    }

    #[test]
    fn unknown_names_are_refused() {
        let err = "m3".parse::<Unit>().expect_err("m3");
        assert_eq!(err.to_string(), "unknown unit \"m3\"");
        assert!(
            "M2".parse::<Unit>().is_err(),
            "case-sensitive like the JSON"
        );
        assert!("solar-control".parse::<WasteClass>().is_err());
        assert!("tint".parse::<ProductType>().is_err());
        assert!(serde_json::from_value::<Unit>(json("m²")).is_err());
    }

    #[test]
    fn product_json_shape() {
        let p: PricedProduct = serde_json::from_str(
            r#"{"sku":"DEC-STRIPES","unit":"m","waste_class":"vinyl",
                "material_price":"25.00","installation_price":"8.00","active":true}"#,
        )
        .expect("product JSON");
        assert_eq!(p.unit, Unit::M);
        assert_eq!(p.waste_class, WasteClass::Vinyl);
        assert_eq!(p.material_price, Decimal::new(2500, 2));
        assert_eq!(p.installation_price, Decimal::new(8, 0));
    }
}
