//! Structural rules of a quote (no catalog needed) and the per-field error
//! map every layer reports bad input with.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::quote::QuoteInput;

/// Largest width or height of an opening, in metres.
pub const MAX_SIDE_M: Decimal = Decimal::from_parts(20, 0, 0, false, 0);
pub const MAX_QUANTITY: u32 = 1000;
pub const MAX_ROOMS: usize = 200;
pub const MAX_OPENINGS_PER_ROOM: usize = 500;
pub const MAX_ROOM_NAME_CHARS: usize = 120;
pub const FLOOR_RANGE: std::ops::RangeInclusive<i32> = -5..=200;
/// Most extra lines a quote may have.
pub const MAX_EXTRAS: usize = 50;
/// Longest description of an extra line, in characters.
pub const MAX_EXTRA_DESCRIPTION_CHARS: usize = 120;
/// Message of a negative amount (an extra line's, the manual discount).
pub const NOT_NEGATIVE: &str = "must be 0 or more";
/// Longest terms or internal notes of a quote, in characters.
pub const MAX_QUOTE_TEXT_CHARS: usize = 4000;

/// Messages of bad input, by field path (`rooms[0].openings[1].width_m`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a message; the first message for a path is kept.
    pub fn add(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.0.entry(path.into()).or_insert_with(|| msg.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// Adds `other`'s messages; where both name a path, `other` wins.
    pub fn merge(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(ok) } else { Err(self) }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for (path, msg) in &self.0 {
            if !first {
                f.write_str("; ")?;
            }
            write!(f, "{path}: {msg}")?;
            first = false;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// The path of an opening's field: `rooms[0].openings[1].width_m`.
pub fn opening_path(room: usize, opening: usize, field: &str) -> String {
    format!("rooms[{room}].openings[{opening}].{field}")
}

/// The rules that need no catalog: sizes, quantities, floors, list lengths,
/// names. Every broken rule is reported (one message per path).
pub fn validate_quote(input: &QuoteInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if input.rooms.len() > MAX_ROOMS {
        errors.add("rooms", format!("must have at most {MAX_ROOMS} rooms"));
    }
    for (i, room) in input.rooms.iter().enumerate() {
        if room.name.chars().count() > MAX_ROOM_NAME_CHARS {
            errors.add(
                format!("rooms[{i}].name"),
                format!("must be at most {MAX_ROOM_NAME_CHARS} characters"),
            );
        }
        if !FLOOR_RANGE.contains(&room.floor) {
            errors.add(
                format!("rooms[{i}].floor"),
                format!(
                    "must be between {} and {}",
                    FLOOR_RANGE.start(),
                    FLOOR_RANGE.end()
                ),
            );
        }
        if room.openings.len() > MAX_OPENINGS_PER_ROOM {
            errors.add(
                format!("rooms[{i}].openings"),
                format!("must have at most {MAX_OPENINGS_PER_ROOM} openings"),
            );
        }
        for (j, o) in room.openings.iter().enumerate() {
            for (field, value) in [("width_m", o.width_m), ("height_m", o.height_m)] {
                if value <= Decimal::ZERO {
                    errors.add(opening_path(i, j, field), "must be greater than 0");
                } else if value > MAX_SIDE_M {
                    errors.add(opening_path(i, j, field), "must be at most 20");
                }
            }
            if !(1..=MAX_QUANTITY).contains(&o.quantity) {
                errors.add(
                    opening_path(i, j, "quantity"),
                    format!("must be between 1 and {MAX_QUANTITY}"),
                );
            }
            if o.sku.trim().is_empty() {
                errors.add(opening_path(i, j, "sku"), "is required");
            }
        }
    }
    validate_extras(input, &mut errors);
    errors
}

/// The path of an extra line's field: `extras[0].amount`.
pub fn extra_path(index: usize, field: &str) -> String {
    format!("extras[{index}].{field}")
}

/// Extra lines (a description of 1..=120 characters, an amount >= 0, at
/// most [`MAX_EXTRAS`]) and a manual discount >= 0.
fn validate_extras(input: &QuoteInput, errors: &mut FieldErrors) {
    if input.extras.len() > MAX_EXTRAS {
        errors.add("extras", format!("must have at most {MAX_EXTRAS} lines"));
    }
    for (i, extra) in input.extras.iter().enumerate() {
        let chars = extra.description.trim().chars().count();
        if chars == 0 {
            errors.add(extra_path(i, "description"), "is required");
        } else if chars > MAX_EXTRA_DESCRIPTION_CHARS {
            errors.add(
                extra_path(i, "description"),
                format!("must be at most {MAX_EXTRA_DESCRIPTION_CHARS} characters"),
            );
        }
        if extra.amount < Decimal::ZERO {
            errors.add(extra_path(i, "amount"), NOT_NEGATIVE);
        }
    }
    if input.manual_discount < Decimal::ZERO {
        errors.add("manual_discount", NOT_NEGATIVE);
    }
    for (path, text) in [("terms", &input.terms), ("internal_notes", &input.internal_notes)] {
        if text.chars().count() > MAX_QUOTE_TEXT_CHARS {
            errors.add(path, format!("must be at most {MAX_QUOTE_TEXT_CHARS} characters"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quote::{Opening, OpeningKind, Room};

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn opening(w: &str, h: &str, quantity: u32, sku: &str) -> Opening {
        Opening {
            kind: OpeningKind::Window,
            width_m: dec(w),
            height_m: dec(h),
            quantity,
            sku: sku.into(),
            curved_glass: false,
            difficult_access: false,
        }
    }

    fn room(openings: Vec<Opening>) -> Room {
        Room {
            name: "Living".into(),
            floor: 1,
            openings,
        }
    }

    fn quote(rooms: Vec<Room>) -> QuoteInput {
        QuoteInput {
            extreme_weather: false,
            rooms,
            ..QuoteInput::default()
        }
    }

    fn errors_of_one(o: Opening) -> FieldErrors {
        validate_quote(&quote(vec![room(vec![o])]))
    }

    #[test]
    fn paths() {
        assert_eq!(
            opening_path(0, 1, "width_m"),
            "rooms[0].openings[1].width_m"
        );
        assert_eq!(opening_path(12, 0, "sku"), "rooms[12].openings[0].sku");
    }

    #[test]
    fn a_good_quote_and_an_empty_one_pass() {
        assert!(errors_of_one(opening("1.20", "1.50", 2, "SOL-CERAMIC-70")).is_empty());
        assert!(validate_quote(&QuoteInput::default()).is_empty());
        assert!(
            validate_quote(&quote(vec![room(vec![])])).is_empty(),
            "a room may be empty"
        );
    }

    #[test]
    fn sides_must_be_in_0_exclusive_to_20_inclusive() {
        for (w, message) in [
            ("0", Some("must be greater than 0")),
            ("-1.5", Some("must be greater than 0")),
            ("0.0001", None),
            ("20", None),
            ("20.000", None),
            ("20.0001", Some("must be at most 20")),
            ("1000", Some("must be at most 20")),
        ] {
            let e = errors_of_one(opening(w, "1", 1, "X"));
            assert_eq!(e.get("rooms[0].openings[0].width_m"), message, "width {w}");
            let e = errors_of_one(opening("1", w, 1, "X"));
            assert_eq!(
                e.get("rooms[0].openings[0].height_m"),
                message,
                "height {w}"
            );
            assert_eq!(e.len(), usize::from(message.is_some()));
        }
    }

    #[test]
    fn quantity_between_1_and_1000() {
        for (q, bad) in [
            (0, true),
            (1, false),
            (1000, false),
            (1001, true),
            (u32::MAX, true),
        ] {
            let e = errors_of_one(opening("1", "1", q, "X"));
            let expected = bad.then_some("must be between 1 and 1000");
            assert_eq!(
                e.get("rooms[0].openings[0].quantity"),
                expected,
                "quantity {q}"
            );
        }
    }

    #[test]
    fn sku_is_required() {
        assert_eq!(
            errors_of_one(opening("1", "1", 1, "")).get("rooms[0].openings[0].sku"),
            Some("is required")
        );
        assert_eq!(
            errors_of_one(opening("1", "1", 1, "  ")).get("rooms[0].openings[0].sku"),
            Some("is required")
        );
    }

    #[test]
    fn floors_between_minus_5_and_200() {
        for (floor, bad) in [
            (-6, true),
            (-5, false),
            (0, false),
            (200, false),
            (201, true),
            (i32::MIN, true),
        ] {
            let mut r = room(vec![]);
            r.floor = floor;
            let e = validate_quote(&quote(vec![r]));
            assert_eq!(
                e.get("rooms[0].floor"),
                bad.then_some("must be between -5 and 200"),
                "floor {floor}"
            );
        }
    }

    #[test]
    fn room_names_up_to_120_characters() {
        for (name, bad) in [
            (String::new(), false),
            ("x".repeat(120), false),
            ("ñ".repeat(120), false),
            ("x".repeat(121), true),
        ] {
            let mut r = room(vec![]);
            r.name = name.clone();
            let e = validate_quote(&quote(vec![r]));
            let expected = bad.then_some("must be at most 120 characters");
            assert_eq!(
                e.get("rooms[0].name"),
                expected,
                "{} chars",
                name.chars().count()
            );
        }
    }

    #[test]
    fn list_lengths() {
        let rooms = vec![room(vec![]); 200];
        assert!(validate_quote(&quote(rooms.clone())).is_empty());
        let mut too_many = rooms;
        too_many.push(room(vec![]));
        assert_eq!(
            validate_quote(&quote(too_many)).get("rooms"),
            Some("must have at most 200 rooms")
        );

        let openings = vec![opening("1", "1", 1, "X"); 500];
        assert!(validate_quote(&quote(vec![room(openings.clone())])).is_empty());
        let mut too_many = openings;
        too_many.push(opening("1", "1", 1, "X"));
        let e = validate_quote(&quote(vec![room(vec![]), room(too_many)]));
        assert_eq!(
            e.get("rooms[1].openings"),
            Some("must have at most 500 openings")
        );
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn every_error_at_once() {
        let mut second = room(vec![opening("1", "1", 1, "X"), opening("0", "21", 0, "")]);
        second.floor = -9;
        let e = validate_quote(&quote(vec![room(vec![opening("1", "1", 1, "X")]), second]));
        let expected = [
            ("rooms[1].floor", "must be between -5 and 200"),
            ("rooms[1].openings[1].height_m", "must be at most 20"),
            (
                "rooms[1].openings[1].quantity",
                "must be between 1 and 1000",
            ),
            ("rooms[1].openings[1].sku", "is required"),
            ("rooms[1].openings[1].width_m", "must be greater than 0"),
        ];
        let got: Vec<(&str, &str)> = e.0.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn field_errors_map() {
        let mut e = FieldErrors::new();
        assert!(e.is_empty());
        assert_eq!(e.clone().into_result(7), Ok(7));
        e.add("b", "first");
        e.add("b", "second");
        e.add("a", "x");
        assert_eq!(
            (e.len(), e.get("b"), e.get("c")),
            (2, Some("first"), None),
            "first message kept"
        );
        assert_eq!(e.to_string(), "a: x; b: first");
        let mut other = FieldErrors::new();
        other.add("b", "newer");
        other.add("c", "y");
        e.merge(other);
        assert_eq!(
            (e.len(), e.get("b"), e.get("c")),
            (3, Some("newer"), Some("y"))
        );
        assert_eq!(e.clone().into_result(()), Err(e.clone()));
        let as_error: Box<dyn std::error::Error> = Box::new(e);
        assert!(as_error.to_string().starts_with("a: x"));
    }

    #[test]
    fn field_errors_json_is_a_flat_object() {
        let mut e = FieldErrors::new();
        e.add(opening_path(0, 1, "width_m"), "must be greater than 0");
        let json = serde_json::to_value(&e).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"rooms[0].openings[1].width_m": "must be greater than 0"})
        );
    }
}
