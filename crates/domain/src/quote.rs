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

/// The input of [`crate::price_quote`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuoteInput {
    #[serde(default)]
    pub extreme_weather: bool,
    pub rooms: Vec<Room>,
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
