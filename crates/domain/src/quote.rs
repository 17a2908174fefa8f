//! The input of a quote: rooms of measured openings, each naming a product.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::names::named_enum;

/// What kind of glass an opening is; picks the row of the waste table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpeningKind {
    Window,
    Door,
    SlidingDoor,
    ShowerEnclosure,
    Partition,
    Skylight,
}
named_enum!(OpeningKind, "opening kind", [
    Window => "window", Door => "door", SlidingDoor => "sliding_door",
    ShowerEnclosure => "shower_enclosure", Partition => "partition", Skylight => "skylight",
]);

/// One measured opening (× `quantity` identical ones): becomes one quote line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opening {
    pub kind: OpeningKind,
    /// Metres, > 0 and <= 20.
    pub width_m: Decimal,
    /// Metres, > 0 and <= 20. Ignored for linear (`m`) products.
    pub height_m: Decimal,
    /// 1..=1000.
    pub quantity: u32,
    pub sku: String,
    #[serde(default)]
    pub curved_glass: bool,
    #[serde(default)]
    pub difficult_access: bool,
}

/// The floor of a room when none is given.
pub const DEFAULT_FLOOR: i32 = 1;

fn default_floor() -> i32 {
    DEFAULT_FLOOR
}

/// A named room on a floor (above the third floor installation costs more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub name: String,
    #[serde(default = "default_floor")]
    pub floor: i32,
    pub openings: Vec<Opening>,
}

/// A line typed by staff with its own price (removing old film, a visit…):
/// added to the subtotal as it is, discounted like the rest.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExtraLine {
    /// 1..=120 characters.
    pub description: String,
    /// Money, >= 0, with at most the currency's minor digits.
    pub amount: Decimal,
}

/// The input of [`crate::price_quote`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuoteInput {
    #[serde(default)]
    pub extreme_weather: bool,
    pub rooms: Vec<Room>,
    /// Staff-only lines with their own price (the public wizard refuses them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<ExtraLine>,
    /// A staff discount in money, subtracted after the volume discount
    /// (>= 0; the public wizard refuses it).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub manual_discount: Decimal,
    /// Conditions the customer reads on the quote page and the PDF (staff
    /// only write them; a new staff quote starts with the organisation's).
    /// Not priced: kept here so each immutable version keeps its own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub terms: String,
    /// Staff's own notes: never shown to the customer (public page, PDF,
    /// video). Not priced.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub internal_notes: String,
}

impl QuoteInput {
    /// The paths of what it carries that only staff may set: extra lines, a
    /// manual discount, terms, internal notes (the public wizard refuses each).
    pub fn staff_field_paths(&self) -> Vec<&'static str> {
        [
            ("extras", !self.extras.is_empty()),
            ("manual_discount", !self.manual_discount.is_zero()),
            ("terms", !self.terms.is_empty()),
            ("internal_notes", !self.internal_notes.is_empty()),
        ]
        .into_iter()
        .filter_map(|(path, set)| set.then_some(path))
        .collect()
    }

    /// Whether it carries anything only staff may set.
    pub fn has_staff_fields(&self) -> bool {
        !self.staff_field_paths().is_empty()
    }

    /// The same quote as its customer may see it: without internal notes.
    pub fn for_customer(mut self) -> QuoteInput {
        self.internal_notes.clear();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_of_the_contract() {
        let q: QuoteInput = serde_json::from_str(
            r#"{"rooms":[{"name":"Hall","openings":[
                {"kind":"sliding_door","width_m":"1.20","height_m":"2.10","quantity":1,"sku":"X"}]}]}"#,
        )
        .expect("quote JSON");
        assert!(!q.extreme_weather);
        assert_eq!(q.rooms[0].floor, 1);
        let o = &q.rooms[0].openings[0];
        assert_eq!(
            (o.kind, o.curved_glass, o.difficult_access),
            (OpeningKind::SlidingDoor, false, false)
        );
        assert_eq!(o.width_m, Decimal::new(120, 2));
        assert_eq!(o.width_m.to_string(), "1.20", "read exactly from the text");
    }

    #[test]
    fn kinds_have_their_serde_names() {
        assert_eq!(
            OpeningKind::ALL.map(OpeningKind::as_str),
            [
                "window",
                "door",
                "sliding_door",
                "shower_enclosure",
                "partition",
                "skylight"
            ]
        );
        for k in OpeningKind::ALL {
            assert_eq!(k.as_str().parse::<OpeningKind>(), Ok(k));
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::Value::from(k.as_str()))
            );
        }
        assert!("Window".parse::<OpeningKind>().is_err());
        assert!("sliding-door".parse::<OpeningKind>().is_err());
    }
}
