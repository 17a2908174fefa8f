//! Reads the bodies of `/quotations`, `/properties/{id}/rooms`, `/rooms/…`
//! and `/openings/…` with the exact reader of `quote_json.rs`: numbers from
//! their text (never `f64`), every field that cannot be read named by its
//! path, all at once. `Err` only for bytes that are not JSON (400).
use std::str::FromStr;

use domain::{Contact, ContactTime, FieldErrors, Opening, QuoteInput, Room, Vertical, quote_messages, validate_quote};
use serde_json::value::RawValue;

use super::quote_json::{Object, Reader};

/// A quotation body as far as it could be read; absent fields are `None`
/// (a create needs `contact` and `rooms`, an update keeps what is absent).
#[derive(Debug, Default)]
pub struct QuotationBody {
    pub vertical: Option<Vertical>,
    pub language: Option<String>,
    pub contact: Option<Contact>,
    pub extreme_weather: Option<bool>,
    pub rooms: Option<Vec<Room>>,
    /// Create only: issue it at once (pending) instead of a draft.
    pub send: bool,
    /// Update only: the version the change was made from.
    pub version: Option<i64>,
    pub errors: FieldErrors,
}

pub fn parse_quotation(body: &[u8]) -> Result<QuotationBody, String> {
    let raw = raw_json(body)?;
    let mut r = Reader::default();
    let mut q = QuotationBody::default();
    if let Some(top) = r.object(raw, "body") {
        if let Some(v) = r.optional(&top, "vertical", "vertical", Reader::string) {
            match Vertical::from_str(&v) {
                Ok(v) if v != Vertical::Automotive => q.vertical = Some(v),
                _ => r.errors.add("vertical", quote_messages::VERTICAL),
            }
        }
        if let Some(language) = r.optional(&top, "language", "language", Reader::string) {
            match language.as_str() {
                "es" | "en" => q.language = Some(language),
                _ => r.errors.add("language", "must be es or en"),
            }
        }
        q.contact = r.optional(&top, "contact", "contact", Reader::object).map(|obj| contact(&mut r, &obj));
        q.extreme_weather = r.optional(&top, "extreme_weather", "extreme_weather", Reader::boolean);
        if let Some(rooms) = r.optional(&top, "rooms", "rooms", Reader::array) {
            q.rooms = Some(rooms.iter().enumerate().map(|(i, raw)| r.room(raw, i)).collect());
        }
        q.send = r.optional(&top, "send", "send", Reader::boolean).unwrap_or(false);
        q.version = r.optional(&top, "version", "version", Reader::integer);
    }
    q.errors = r.errors;
    Ok(q)
}

pub(super) fn contact(r: &mut Reader, obj: &Object<'_>) -> Contact {
    let mut text = |field: &str| r.optional(obj, field, &format!("contact.{field}"), Reader::string).unwrap_or_default();
    let mut contact = Contact {
        name: text("name"),
        phone: text("phone"),
        email: text("email"),
        address: text("address"),
        commune: text("commune"),
        contact_time: ContactTime::Any,
    };
    if let Some(time) = r.optional(obj, "contact_time", "contact.contact_time", Reader::string) {
        match ContactTime::from_str(&time) {
            Ok(t) => contact.contact_time = t,
            Err(_) => r.errors.add("contact.contact_time", "must be one of any, morning, afternoon, evening"),
        }
    }
    contact
}

/// A room body: `name`, `floor`, `openings`. Errors are named relative to
/// the room (`openings[0].width_m`), the checks that need no catalog
/// included. With `openings_required` false, the flag says whether
/// `openings` was sent.
pub fn parse_room(body: &[u8], openings_required: bool) -> Result<(Room, bool, FieldErrors), String> {
    let raw = raw_json(body)?;
    let mut r = Reader::default();
    let (room, has_openings) = r.room_with(raw, 0, openings_required);
    let errors = with_structural(r.errors, QuoteInput { extreme_weather: false, rooms: vec![room.clone()], ..Default::default() });
    Ok((room, has_openings, relative(errors, "rooms[0]")))
}

/// An opening body: `kind`, `width_m`, `height_m`, `quantity`, `sku`,
/// `curved_glass`, `difficult_access`; errors named relative to it (`width_m`).
pub fn parse_opening(body: &[u8]) -> Result<(Opening, FieldErrors), String> {
    let raw = raw_json(body)?;
    let mut r = Reader::default();
    let opening = r.opening(raw, 0, 0);
    let room = Room { name: String::new(), floor: 1, openings: vec![opening.clone()] };
    let errors = with_structural(r.errors, QuoteInput { extreme_weather: false, rooms: vec![room], ..Default::default() });
    Ok((opening, relative(errors, "rooms[0].openings[0]")))
}

/// When something could not be read, the structural checks of what could
/// be read are reported with it (what could not be read wins a path).
fn with_structural(read: FieldErrors, input: QuoteInput) -> FieldErrors {
    if read.is_empty() {
        return read;
    }
    let mut all = validate_quote(&input);
    all.merge(read);
    all
}

/// Paths under `base` named relative to it; `base` itself is the body.
fn relative(fields: FieldErrors, base: &str) -> FieldErrors {
    let prefix = format!("{base}.");
    FieldErrors(
        fields
            .0
            .into_iter()
            .map(|(path, message)| {
                if path == base {
                    ("body".to_owned(), message)
                } else {
                    (path.strip_prefix(&prefix).map_or(path.clone(), str::to_owned), message)
                }
            })
            .collect(),
    )
}

pub(super) fn raw_json(body: &[u8]) -> Result<&RawValue, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("body is not UTF-8: {e}"))?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quotation_body_is_read_exactly_with_every_bad_field_named() {
        let q = parse_quotation(
            br#"{"vertical":"commercial","language":"en","send":true,"extreme_weather":true,
                "contact":{"name":"Ana","phone":"+56 9 1111 2222","contact_time":"evening"},
                "rooms":[{"name":"Hall","openings":[{"kind":"door","width_m":0.9,"height_m":"2.10","quantity":1,"sku":"X"}]}]}"#,
        )
        .expect("JSON");
        assert!(q.errors.is_empty(), "{:?}", q.errors);
        assert_eq!((q.vertical, q.language.as_deref(), q.send, q.extreme_weather), (Some(Vertical::Commercial), Some("en"), true, Some(true)));
        let contact = q.contact.expect("contact");
        assert_eq!((contact.name.as_str(), contact.email.as_str(), contact.contact_time), ("Ana", "", ContactTime::Evening));
        assert_eq!(q.rooms.expect("rooms")[0].openings[0].width_m.to_string(), "0.9");

        let bad = parse_quotation(
            br#"{"vertical":"automotive","language":"fr","contact":{"phone":5,"contact_time":"noon"},"send":"yes",
                "rooms":[{"name":"A","openings":[{"kind":"window","width_m":"1,2","height_m":1,"quantity":1,"sku":"X"}]}]}"#,
        )
        .expect("JSON");
        let e = &bad.errors;
        assert_eq!(e.get("vertical"), Some(quote_messages::VERTICAL));
        assert_eq!(e.get("language"), Some("must be es or en"));
        assert_eq!(e.get("contact.phone"), Some("must be a string"));
        assert!(e.get("contact.contact_time").is_some());
        assert_eq!(e.get("send"), Some("must be true or false"));
        assert_eq!(e.get("rooms[0].openings[0].width_m"), Some("must be a decimal number"));
        assert!(parse_quotation(b"{\"rooms\": [").is_err(), "not JSON: 400");
    }

    #[test]
    fn room_and_opening_errors_are_relative_to_the_body() {
        let (_, has, e) = parse_room(br#"{"name":"A","floor":"x","openings":[{"kind":"window","width_m":0,"height_m":1,"quantity":1,"sku":"X"}]}"#, true)
            .expect("JSON");
        assert!(has);
        assert_eq!(e.get("floor"), Some("must be a whole number"));
        assert_eq!(e.get("openings[0].width_m"), Some("must be greater than 0"), "structural checks come along");
        let (room, has, e) = parse_room(br#"{"name":"B","floor":4}"#, false).expect("JSON");
        assert!(!has && e.is_empty() && room.floor == 4, "{e:?}");
        let (_, e) = parse_opening(br#"{"kind":"roof","width_m":"21","height_m":1,"quantity":1}"#).expect("JSON");
        assert!(e.get("kind").is_some_and(|m| m.starts_with("must be one of")));
        assert_eq!(e.get("width_m"), Some("must be at most 20"));
        assert_eq!(e.get("sku"), Some("is required"));
        let (_, e) = parse_opening(b"[1]").expect("JSON");
        assert_eq!(e.get("body"), Some("must be an object"));
    }
}
