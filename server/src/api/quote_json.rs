//! Reads a quote request body exactly.
//!
//! Numbers may come as JSON numbers or as decimal strings; both are read from
//! their text (serde_json's `RawValue`), never through `f64`. Every field that
//! cannot be read gets an error at its path (`rooms[0].openings[1].width_m`),
//! and all of them are reported together. A field that cannot be read is given
//! a harmless placeholder so the rest of the quote can still be validated.

use std::collections::BTreeMap;
use std::str::FromStr;

use domain::{FieldErrors, Opening, OpeningKind, QuoteInput, Room, opening_path};
use rust_decimal::Decimal;
use serde_json::value::RawValue;

/// The request as far as it could be read.
#[derive(Debug)]
pub struct ParsedQuote {
    pub org: Option<String>,
    pub input: QuoteInput,
    /// Fields that could not be read (type errors, missing required fields).
    pub errors: FieldErrors,
}

/// `Err` only for bytes that are not JSON at all (400); everything else is
/// read into a [`ParsedQuote`] whose `errors` say what was wrong (422).
pub fn parse_quote_request(body: &[u8]) -> Result<ParsedQuote, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("body is not UTF-8: {e}"))?;
    let raw: &RawValue = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut r = Reader::default();
    let mut input = QuoteInput { extreme_weather: false, rooms: Vec::new(), ..Default::default() };
    let mut org = None;
    if let Some(top) = r.object(raw, "body") {
        org = r.required(&top, "org", "org", Reader::string);
        input.extreme_weather = r.optional(&top, "extreme_weather", "extreme_weather", Reader::boolean).unwrap_or(false);
        if let Some(rooms) = r.required(&top, "rooms", "rooms", Reader::array) {
            input.rooms = rooms.iter().enumerate().map(|(i, raw)| r.room(raw, i)).collect();
        }
    }
    Ok(ParsedQuote { org, input, errors: r.errors })
}

pub(super) type Object<'a> = BTreeMap<String, &'a RawValue>;

#[derive(Default)]
pub(super) struct Reader {
    pub(super) errors: FieldErrors,
}

impl Reader {
    pub(super) fn room(&mut self, raw: &RawValue, i: usize) -> Room {
        self.room_with(raw, i, true).0
    }

    /// A room; with `openings_required` false a missing `openings` is no
    /// error, and the flag says whether it was there.
    pub(super) fn room_with(&mut self, raw: &RawValue, i: usize, openings_required: bool) -> (Room, bool) {
        let path = format!("rooms[{i}]");
        let mut room = Room { name: String::new(), floor: 1, openings: Vec::new() };
        let Some(obj) = self.object(raw, &path) else { return (room, false) };
        room.name = self.required(&obj, "name", &format!("{path}.name"), Reader::string).unwrap_or_default();
        let floor_path = format!("{path}.floor");
        room.floor = self
            .optional(&obj, "floor", &floor_path, Reader::integer)
            .and_then(|f| self.fits(f, &floor_path, "must be between -5 and 200"))
            .unwrap_or(1);
        let has_openings = obj.get("openings").is_some_and(|raw| raw.get() != "null");
        let openings_path = format!("{path}.openings");
        let openings = if openings_required {
            self.required(&obj, "openings", &openings_path, Reader::array)
        } else {
            self.optional(&obj, "openings", &openings_path, Reader::array)
        };
        if let Some(openings) = openings {
            room.openings = openings.iter().enumerate().map(|(j, raw)| self.opening(raw, i, j)).collect();
        }
        (room, has_openings)
    }

    pub(super) fn opening(&mut self, raw: &RawValue, i: usize, j: usize) -> Opening {
        let p = |field: &str| opening_path(i, j, field);
        let mut opening = Opening {
            kind: OpeningKind::Window,
            width_m: Decimal::ONE,
            height_m: Decimal::ONE,
            quantity: 1,
            sku: String::new(),
            curved_glass: false,
            difficult_access: false,
        };
        let Some(obj) = self.object(raw, &format!("rooms[{i}].openings[{j}]")) else { return opening };
        if let Some(kind) = self.required(&obj, "kind", &p("kind"), Reader::string) {
            match OpeningKind::from_str(&kind) {
                Ok(k) => opening.kind = k,
                Err(_) => self.errors.add(
                    p("kind"),
                    "must be one of window, door, sliding_door, shower_enclosure, partition, skylight",
                ),
            }
        }
        if let Some(w) = self.required(&obj, "width_m", &p("width_m"), Reader::decimal) {
            opening.width_m = w;
        }
        if let Some(h) = self.required(&obj, "height_m", &p("height_m"), Reader::decimal) {
            opening.height_m = h;
        }
        let qty_path = p("quantity");
        if let Some(q) = self.required(&obj, "quantity", &qty_path, Reader::integer) {
            if let Some(q) = self.fits(q, &qty_path, "must be between 1 and 1000") {
                opening.quantity = q;
            }
        }
        opening.sku = self.required(&obj, "sku", &p("sku"), Reader::string).unwrap_or_default();
        opening.curved_glass = self.optional(&obj, "curved_glass", &p("curved_glass"), Reader::boolean).unwrap_or(false);
        opening.difficult_access =
            self.optional(&obj, "difficult_access", &p("difficult_access"), Reader::boolean).unwrap_or(false);
        opening
    }

    /// A field that must be present and not null.
    pub(super) fn required<'a, T>(
        &mut self,
        obj: &Object<'a>,
        key: &str,
        path: &str,
        read: impl Fn(&mut Self, &'a RawValue, &str) -> Option<T>,
    ) -> Option<T> {
        match obj.get(key) {
            Some(raw) if raw.get() != "null" => read(self, *raw, path),
            _ => {
                self.errors.add(path, "is required");
                None
            }
        }
    }

    /// A field that may be absent or null (the caller supplies the default).
    pub(super) fn optional<'a, T>(
        &mut self,
        obj: &Object<'a>,
        key: &str,
        path: &str,
        read: impl Fn(&mut Self, &'a RawValue, &str) -> Option<T>,
    ) -> Option<T> {
        match obj.get(key) {
            Some(raw) if raw.get() != "null" => read(self, *raw, path),
            _ => None,
        }
    }

    pub(super) fn object<'a>(&mut self, raw: &'a RawValue, path: &str) -> Option<Object<'a>> {
        self.typed(raw, path, "must be an object")
    }

    pub(super) fn array<'a>(&mut self, raw: &'a RawValue, path: &str) -> Option<Vec<&'a RawValue>> {
        self.typed(raw, path, "must be an array")
    }

    pub(super) fn string(&mut self, raw: &RawValue, path: &str) -> Option<String> {
        self.typed(raw, path, "must be a string")
    }

    pub(super) fn boolean(&mut self, raw: &RawValue, path: &str) -> Option<bool> {
        self.typed(raw, path, "must be true or false")
    }

    fn typed<'a, T: serde::Deserialize<'a>>(&mut self, raw: &'a RawValue, path: &str, message: &str) -> Option<T> {
        match serde_json::from_str(raw.get()) {
            Ok(v) => Some(v),
            Err(_) => {
                self.errors.add(path, message);
                None
            }
        }
    }

    /// A decimal from a JSON number or a string, read from its text.
    pub(super) fn decimal(&mut self, raw: &RawValue, path: &str) -> Option<Decimal> {
        let parsed = number_text(raw).and_then(|text| parse_decimal(&text));
        if parsed.is_none() {
            self.errors.add(path, "must be a decimal number");
        }
        parsed
    }

    /// A whole number from a JSON number or a string ("2", 2, 2.0).
    pub(super) fn integer(&mut self, raw: &RawValue, path: &str) -> Option<i64> {
        let parsed = number_text(raw)
            .and_then(|text| parse_decimal(&text))
            .filter(|d| d.fract().is_zero())
            .and_then(|d| i64::try_from(d).ok());
        if parsed.is_none() {
            self.errors.add(path, "must be a whole number");
        }
        parsed
    }

    pub(super) fn fits<T: TryFrom<i64>>(&mut self, value: i64, path: &str, message: &str) -> Option<T> {
        let v = T::try_from(value).ok();
        if v.is_none() {
            self.errors.add(path, message);
        }
        v
    }
}

/// The text of a JSON number, or the content of a JSON string.
fn number_text(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    if text.starts_with('"') {
        serde_json::from_str::<String>(text).ok().map(|s| s.trim().to_owned())
    } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        Some(text.to_owned())
    } else {
        None
    }
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    let plain = text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    if text.is_empty() || !plain && !text.contains(['e', 'E']) {
        return None;
    }
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text.strip_prefix('+').unwrap_or(text)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ParsedQuote {
        parse_quote_request(json.as_bytes()).expect("valid JSON")
    }

    fn one_opening(fields: &str) -> String {
        format!(r#"{{"org":"demo","rooms":[{{"name":"A","openings":[{{{fields}}}]}}]}}"#)
    }

    #[test]
    fn numbers_and_strings_are_read_exactly() {
        let p = parse(&one_opening(
            r#""kind":"window","width_m":1.2345678901234567890123,"height_m":"0.1","quantity":"3","sku":"X""#,
        ));
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let o = &p.input.rooms[0].openings[0];
        assert_eq!(o.width_m.to_string(), "1.2345678901234567890123", "no f64 on the way");
        assert_eq!(o.height_m.to_string(), "0.1");
        assert_eq!(o.quantity, 3);
        assert_eq!(p.input.rooms[0].floor, 1, "floor defaults to 1");
        assert!(!p.input.extreme_weather);
    }

    #[test]
    fn scientific_notation_is_exact() {
        let p = parse(&one_opening(r#""kind":"door","width_m":12e-1,"height_m":"2E0","quantity":2.0,"sku":"X""#));
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.input.rooms[0].openings[0].width_m, Decimal::new(12, 1));
        assert_eq!(p.input.rooms[0].openings[0].quantity, 2);
    }

    #[test]
    fn every_bad_field_is_named_by_its_path() {
        let p = parse(
            r#"{"org":7,"extreme_weather":"yes","rooms":[{"name":"A","floor":1.5,"openings":[
                {"kind":"roof","width_m":"1,2","height_m":true,"quantity":2.5,"curved_glass":1}]}]}"#,
        );
        let e = &p.errors;
        assert_eq!(e.get("org"), Some("must be a string"));
        assert_eq!(e.get("extreme_weather"), Some("must be true or false"));
        assert_eq!(e.get("rooms[0].floor"), Some("must be a whole number"));
        assert!(e.get("rooms[0].openings[0].kind").is_some_and(|m| m.starts_with("must be one of")));
        assert_eq!(e.get("rooms[0].openings[0].width_m"), Some("must be a decimal number"));
        assert_eq!(e.get("rooms[0].openings[0].height_m"), Some("must be a decimal number"));
        assert_eq!(e.get("rooms[0].openings[0].quantity"), Some("must be a whole number"));
        assert_eq!(e.get("rooms[0].openings[0].sku"), Some("is required"));
        assert_eq!(e.get("rooms[0].openings[0].curved_glass"), Some("must be true or false"));
        assert_eq!(e.len(), 9);
    }

    #[test]
    fn missing_and_wrongly_shaped_parts() {
        assert_eq!(parse("[]").errors.get("body"), Some("must be an object"));
        let p = parse(r#"{"rooms":{}}"#);
        assert_eq!(p.errors.get("org"), Some("is required"));
        assert_eq!(p.errors.get("rooms"), Some("must be an array"));
        let p = parse(r#"{"org":"demo","rooms":[3,{"name":"B"}]}"#);
        assert_eq!(p.errors.get("rooms[0]"), Some("must be an object"));
        assert_eq!(p.errors.get("rooms[1].openings"), Some("is required"));
    }

    #[test]
    fn out_of_range_integers_get_the_range_message() {
        let p = parse(&one_opening(r#""kind":"window","width_m":1,"height_m":1,"quantity":-4,"sku":"X""#));
        assert_eq!(p.errors.get("rooms[0].openings[0].quantity"), Some("must be between 1 and 1000"));
        let p = parse(r#"{"org":"d","rooms":[{"name":"A","floor":99999999999,"openings":[]}]}"#);
        assert_eq!(p.errors.get("rooms[0].floor"), Some("must be between -5 and 200"));
    }

    #[test]
    fn malformed_json_is_not_a_quote() {
        assert!(parse_quote_request(b"{\"org\": ").is_err());
        assert!(parse_quote_request(b"\xff\xfe").is_err());
        assert!(parse_quote_request(b"").is_err());
    }

    #[test]
    fn junk_decimal_strings_are_refused() {
        for bad in ["", "abc", "1.2.3", "NaN", "inf", "0x10", "1 2"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("+1.50"), Some(Decimal::new(150, 2)));
        assert_eq!(parse_decimal("-0.5"), Some(Decimal::new(-5, 1)));
    }
}
