//! Reads the body of `POST /api/v1/quotations/automotive` with the exact
//! reader of `quote_json.rs`: every field that cannot be read named by its
//! path, all at once. `Err` only for bytes that are not JSON (400).
//!
//! ```json
//! {"language": "es", "send": false,
//!  "contact": {"name": "…", "phone": "…"},
//!  "vehicle_id": "…"  |  "vehicle": {"vin": "…", "make": "…", "model": "…", "year": 2020,
//!                                   "bodyType": "sedan", "plate": "…", "colour": "…"},
//!  "items": [{"position": "windshield_strip", "sku": "…"}],
//!  "packages": [{"package_code": "front_two", "sku": "…"}]}
//! ```
//! The `vehicle` object is the one of `POST /api/v1/vehicles`.
use std::str::FromStr;

use domain::{AutomotiveChoice, AutomotiveQuoteRequest, BodyType, FieldErrors, GlassPosition, PackageChoice, PositionChoice, VehicleInput};

use super::quotation_json::{contact, raw_json};
use super::quote_json::{Object, Reader};

/// An automotive quotation body as far as it could be read.
#[derive(Debug, Default)]
pub struct AutomotiveBody {
    pub request: AutomotiveQuoteRequest,
    pub has_contact: bool,
    /// Issue it at once (pending) instead of a draft.
    pub send: bool,
    pub errors: FieldErrors,
}

pub fn parse_automotive(body: &[u8]) -> Result<AutomotiveBody, String> {
    let raw = raw_json(body)?;
    let mut r = Reader::default();
    let mut b = AutomotiveBody::default();
    if let Some(top) = r.object(raw, "body") {
        if let Some(language) = r.optional(&top, "language", "language", Reader::string) {
            match language.as_str() {
                "es" | "en" => b.request.language = language,
                _ => r.errors.add("language", "must be es or en"),
            }
        }
        if let Some(obj) = r.optional(&top, "contact", "contact", Reader::object) {
            b.request.contact = contact(&mut r, &obj);
            b.has_contact = true;
        }
        b.request.vehicle_id = r.optional(&top, "vehicle_id", "vehicle_id", Reader::string);
        b.request.vehicle = r.optional(&top, "vehicle", "vehicle", Reader::object).map(|obj| vehicle(&mut r, &obj));
        b.request.choice = choice(&mut r, &top);
        b.send = r.optional(&top, "send", "send", Reader::boolean).unwrap_or(false);
    }
    b.errors = r.errors;
    Ok(b)
}

fn vehicle(r: &mut Reader, obj: &Object<'_>) -> VehicleInput {
    let mut text = |field: &str| r.optional(obj, field, &format!("vehicle.{field}"), Reader::string).unwrap_or_default();
    let mut input = VehicleInput {
        customer_id: None,
        vin: None,
        make: text("make"),
        model: text("model"),
        year: 0,
        body_type: None,
        plate: text("plate"),
        colour: text("colour"),
    };
    input.vin = Some(text("vin")).filter(|v| !v.trim().is_empty());
    if let Some(year) = r.optional(obj, "year", "vehicle.year", Reader::integer) {
        input.year = r.fits(year, "vehicle.year", "must be a year").unwrap_or(0);
    }
    if let Some(body) = r.optional(obj, "bodyType", "vehicle.bodyType", Reader::string) {
        match BodyType::from_str(&body) {
            Ok(b) => input.body_type = Some(b),
            Err(_) => r.errors.add("vehicle.bodyType", choices(BodyType::ALL.iter().map(|b| b.as_str()))),
        }
    }
    input
}

fn choice(r: &mut Reader, top: &Object<'_>) -> AutomotiveChoice {
    let mut choice = AutomotiveChoice::default();
    for (i, raw) in r.optional(top, "items", "items", Reader::array).unwrap_or_default().into_iter().enumerate() {
        let path = |field: &str| format!("items[{i}].{field}");
        let Some(obj) = r.object(raw, &format!("items[{i}]")) else { continue };
        let sku = r.required(&obj, "sku", &path("sku"), Reader::string).unwrap_or_default();
        let Some(position) = r.required(&obj, "position", &path("position"), Reader::string) else { continue };
        match GlassPosition::from_str(&position) {
            Ok(position) => choice.items.push(PositionChoice { position, sku }),
            Err(_) => r.errors.add(path("position"), choices(GlassPosition::ALL.iter().map(|p| p.as_str()))),
        }
    }
    for (i, raw) in r.optional(top, "packages", "packages", Reader::array).unwrap_or_default().into_iter().enumerate() {
        let path = |field: &str| format!("packages[{i}].{field}");
        let Some(obj) = r.object(raw, &format!("packages[{i}]")) else { continue };
        let package_code = r.required(&obj, "package_code", &path("package_code"), Reader::string).unwrap_or_default();
        let sku = r.required(&obj, "sku", &path("sku"), Reader::string).unwrap_or_default();
        choice.packages.push(PackageChoice { package_code, sku });
    }
    choice
}

fn choices<'a>(names: impl Iterator<Item = &'a str>) -> String {
    format!("must be one of {}", names.collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_with_every_bad_field_named() {
        let b = parse_automotive(
            br#"{"language":"en","send":true,"contact":{"name":"Ana","phone":"+56 9 1234 5678"},
                "vehicle":{"make":"Toyota","model":"Corolla","year":2020,"bodyType":"sedan","plate":"ab12"},
                "items":[{"position":"windshield_strip","sku":"AUTO-70"}],
                "packages":[{"package_code":"front_two","sku":"AUTO-35"}]}"#,
        )
        .expect("json");
        assert!(b.errors.is_empty(), "{:?}", b.errors);
        assert!(b.send && b.has_contact);
        let v = b.request.vehicle.expect("vehicle");
        assert_eq!((v.make.as_str(), v.year, v.body_type), ("Toyota", 2020, Some(BodyType::Sedan)));
        assert_eq!(b.request.choice.items[0].position, GlassPosition::WindshieldStrip);
        assert_eq!(b.request.choice.packages[0].package_code, "front_two");

        let bad = parse_automotive(
            br#"{"language":"fr","vehicle":{"year":"soon","bodyType":"tank"},
                "items":[{"position":"hood"},{"position":"windshield","sku":5}],"packages":[{"sku":"X"}],"send":"yes"}"#,
        )
        .expect("json");
        for path in ["language", "vehicle.year", "vehicle.bodyType", "items[0].position", "items[0].sku", "items[1].sku", "packages[0].package_code", "send"] {
            assert!(bad.errors.get(path).is_some(), "{path}: {:?}", bad.errors);
        }
        assert!(parse_automotive(b"{not json").is_err());
    }
}
