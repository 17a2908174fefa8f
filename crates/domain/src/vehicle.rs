//! A customer's vehicle (automotive vertical): what sales and the wizard
//! type, checked here so the browser and the server say the same.
use serde::{Deserialize, Serialize};

use crate::automotive::BodyType;
use crate::validation::FieldErrors;
use crate::vin::decode_vin;

/// Longest make, model, plate or colour, in characters.
pub const MAX_VEHICLE_TEXT_CHARS: usize = 60;
/// Oldest model year accepted.
pub const MIN_VEHICLE_YEAR: i32 = 1950;

/// A vehicle as kept and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    pub id: String,
    pub customer_id: Option<String>,
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub year: i32,
    pub body_type: BodyType,
    pub plate: String,
    pub colour: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Vehicle {
    /// `Toyota Corolla 2020 · ABCD12`: how lists and job pages name it.
    pub fn label(&self) -> String {
        vehicle_label(&self.make, &self.model, self.year, &self.plate)
    }
}

/// `Toyota Corolla 2020 · ABCD12`; without a plate, `Toyota Corolla 2020`.
pub(crate) fn vehicle_label(make: &str, model: &str, year: i32, plate: &str) -> String {
    let mut label = format!("{make} {model} {year}");
    if !plate.is_empty() {
        label.push_str(" · ");
        label.push_str(plate);
    }
    label
}

/// What a form or the API sends to create or change a vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VehicleInput {
    pub customer_id: Option<String>,
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub year: i32,
    pub body_type: Option<BodyType>,
    pub plate: String,
    pub colour: String,
}

/// A vehicle input once checked: trimmed, VIN normalised, make filled from
/// the VIN when left empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedVehicle {
    pub customer_id: Option<String>,
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub year: i32,
    pub body_type: BodyType,
    pub plate: String,
    pub colour: String,
}

impl VehicleInput {
    /// Checks every field (`current_year` bounds the model year: next
    /// year's models are sold from mid-year). Errors by field: `vin` says
    /// which VIN rule failed, `year` when it contradicts the VIN.
    pub fn check(&self, current_year: i32) -> Result<CheckedVehicle, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = |value: &str, field: &str, required: bool, errors: &mut FieldErrors| {
            let value = value.trim().to_owned();
            if required && value.is_empty() {
                errors.add(field, "is required");
            } else if value.chars().count() > MAX_VEHICLE_TEXT_CHARS {
                errors.add(field, format!("is longer than {MAX_VEHICLE_TEXT_CHARS} characters"));
            }
            value
        };
        let vin = self.vin.as_deref().map(str::trim).filter(|v| !v.is_empty());
        let decoded = match vin.map(decode_vin) {
            Some(Ok(decoded)) => Some(decoded),
            Some(Err(e)) => {
                errors.add("vin", format!("{e} ({})", e.code()));
                None
            }
            None => None,
        };
        let mut make = self.make.trim().to_owned();
        if make.is_empty()
            && let Some(from_vin) = decoded.as_ref().and_then(|d| d.make.clone())
        {
            make = from_vin;
        }
        let make = text(&make, "make", true, &mut errors);
        let model = text(&self.model, "model", true, &mut errors);
        let plate = text(&self.plate, "plate", false, &mut errors).to_uppercase();
        let colour = text(&self.colour, "colour", false, &mut errors);
        let max_year = current_year + 1;
        if !(MIN_VEHICLE_YEAR..=max_year).contains(&self.year) {
            errors.add("year", format!("must be from {MIN_VEHICLE_YEAR} to {max_year}"));
        } else if let Some(vin_year) = decoded.as_ref().and_then(|d| d.model_year)
            && i32::from(vin_year) != self.year
        {
            errors.add("year", format!("the VIN says model year {vin_year}"));
        }
        if self.body_type.is_none() {
            errors.add("bodyType", "is required");
        }
        let customer_id = self.customer_id.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        match (errors.is_empty(), self.body_type) {
            (true, Some(body_type)) => Ok(CheckedVehicle {
                customer_id,
                vin: decoded.map(|d| d.vin),
                make,
                model,
                year: self.year,
                body_type,
                plate,
                colour,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> VehicleInput {
        VehicleInput {
            make: "Toyota".into(),
            model: "Corolla".into(),
            year: 2020,
            body_type: Some(BodyType::Sedan),
            plate: " ab cd 12 ".into(),
            ..VehicleInput::default()
        }
    }

    #[test]
    fn a_plain_vehicle_is_trimmed_and_kept() {
        let v = input().check(2026).expect("valid");
        assert_eq!((v.make.as_str(), v.model.as_str(), v.plate.as_str(), v.vin), ("Toyota", "Corolla", "AB CD 12", None));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = VehicleInput { make: " ".into(), model: "x".repeat(61), year: 2031, body_type: None, ..input() };
        let errors = bad.check(2026).expect_err("invalid");
        for field in ["make", "model", "year", "bodyType"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn the_vin_names_the_rule_it_breaks_and_fills_the_make() {
        let mistyped = VehicleInput { vin: Some("1HGCM82633A004353".into()), year: 2003, ..input() };
        let errors = mistyped.check(2026).expect_err("bad check digit");
        assert!(errors.get("vin").is_some_and(|m| m.contains("vin.check_digit")), "{errors:?}");
        let short = VehicleInput { vin: Some("1HGCM8263".into()), ..input() };
        assert!(short.check(2026).expect_err("short").get("vin").is_some_and(|m| m.contains("vin.length")));
        let honda = VehicleInput { vin: Some("1hgcm82633a004352".into()), make: String::new(), year: 2003, ..input() };
        let v = honda.check(2026).expect("valid VIN");
        assert_eq!((v.vin.as_deref(), v.make.as_str()), (Some("1HGCM82633A004352"), "Honda"));
        let wrong_year = VehicleInput { year: 2004, ..honda };
        assert_eq!(wrong_year.check(2026).expect_err("year").get("year"), Some("the VIN says model year 2003"));
    }
}
