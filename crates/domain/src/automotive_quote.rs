//! An automotive quote end to end, as pure functions the server and the
//! browser share: what an organisation sells for cars
//! ([`AutomotiveCatalog`]: glass sizes, packages, the legal minimum VLT of
//! front side windows, the defaults with its own changes on top), what a
//! customer or sales person asks ([`AutomotiveChoice`]), and what the
//! quote keeps ([`AutomotiveDetails`]: the vehicle, the glass of each line,
//! the packages chosen and the tint warnings).
//!
//! [`plan_automotive`] turns a choice into the [`QuoteInput`] priced by the
//! one engine, so the wizard's live price and the saved quote agree to the
//! cent.
use serde::{Deserialize, Serialize};

use crate::automotive::{
    AutomotiveSelection, BodyType, GlassPosition, GlassTemplate, Package, PackageChoice,
    PositionChoice, SelectedGlass, TintWarning, automotive_price_errors, automotive_quote_input,
    default_glass_templates, default_packages, expand_selection, glass_template, tint_warnings,
};
use crate::quote::QuoteInput;
use crate::validation::FieldErrors;
use crate::vehicle::{CheckedVehicle, Vehicle};

/// The lowest and highest legal minimum an admin may set, %.
pub const MIN_FRONT_VLT_RANGE: (u8, u8) = (1, 100);

/// An organisation's changes to the automotive defaults, as admins keep
/// them: glass sizes that replace a default (same body and position),
/// packages that replace a default of the same code or add one (a package
/// with no glass hides the default of its code), the legal minimum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomotiveOverrides {
    #[serde(default)]
    pub templates: Vec<GlassTemplate>,
    #[serde(default)]
    pub packages: Vec<Package>,
    #[serde(default)]
    pub min_front_vlt: Option<u8>,
}

/// What an organisation sells for cars, ready to price with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomotiveCatalog {
    /// Defaults first, the organisation's after (the last match wins).
    pub templates: Vec<GlassTemplate>,
    /// The packages offered, one per code, defaults first.
    pub packages: Vec<Package>,
    pub min_front_vlt: Option<u8>,
}

impl Default for AutomotiveCatalog {
    fn default() -> Self {
        AutomotiveCatalog::with_overrides(&AutomotiveOverrides::default())
    }
}

impl AutomotiveCatalog {
    /// The defaults with an organisation's changes on top.
    pub fn with_overrides(overrides: &AutomotiveOverrides) -> AutomotiveCatalog {
        let mut templates = default_glass_templates();
        templates.extend(overrides.templates.iter().cloned());
        let mut packages: Vec<Package> = default_packages();
        for own in &overrides.packages {
            match packages.iter_mut().find(|p| p.code == own.code) {
                Some(existing) => *existing = own.clone(),
                None => packages.push(own.clone()),
            }
        }
        packages.retain(|p| !p.positions.is_empty());
        AutomotiveCatalog {
            templates,
            packages,
            min_front_vlt: overrides.min_front_vlt,
        }
    }

    /// The size of a body type's glass (the organisation's when it has one).
    pub fn template(&self, body: BodyType, position: GlassPosition) -> Option<&GlassTemplate> {
        glass_template(&self.templates, body, position)
    }

    /// The packages that have glass on a body type.
    pub fn packages_for(&self, body: BodyType) -> Vec<&Package> {
        self.packages
            .iter()
            .filter(|p| !p.positions_for(body).is_empty())
            .collect()
    }

    pub fn package(&self, code: &str) -> Option<&Package> {
        self.packages.iter().find(|p| p.code == code)
    }
}

/// The vehicle as a quote keeps it (a snapshot: later edits of the vehicle
/// do not change an issued quote). `id` is the vehicle's record, once saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotedVehicle {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub vin: Option<String>,
    pub make: String,
    pub model: String,
    pub year: i32,
    pub body_type: BodyType,
    #[serde(default)]
    pub plate: String,
    #[serde(default)]
    pub colour: String,
}

impl QuotedVehicle {
    /// "Toyota Corolla 2020 · AB CD 12": the name of the quote's one room.
    pub fn label(&self) -> String {
        crate::vehicle::vehicle_label(&self.make, &self.model, self.year, &self.plate)
    }
}

impl From<&Vehicle> for QuotedVehicle {
    fn from(v: &Vehicle) -> Self {
        QuotedVehicle {
            id: Some(v.id.clone()),
            vin: v.vin.clone(),
            make: v.make.clone(),
            model: v.model.clone(),
            year: v.year,
            body_type: v.body_type,
            plate: v.plate.clone(),
            colour: v.colour.clone(),
        }
    }
}

impl From<&CheckedVehicle> for QuotedVehicle {
    fn from(v: &CheckedVehicle) -> Self {
        QuotedVehicle {
            id: None,
            vin: v.vin.clone(),
            make: v.make.clone(),
            model: v.model.clone(),
            year: v.year,
            body_type: v.body_type,
            plate: v.plate.clone(),
            colour: v.colour.clone(),
        }
    }
}

/// The glass asked for: positions alone and packages, each with its film.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomotiveChoice {
    #[serde(default)]
    pub items: Vec<PositionChoice>,
    #[serde(default)]
    pub packages: Vec<PackageChoice>,
}

/// An automotive quote asked for: who, which vehicle (a saved one by id,
/// staff only, or its details), which glass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomotiveQuoteRequest {
    /// `es` or `en`.
    pub language: String,
    pub contact: crate::Contact,
    #[serde(default)]
    pub vehicle_id: Option<String>,
    #[serde(default)]
    pub vehicle: Option<crate::VehicleInput>,
    #[serde(flatten)]
    pub choice: AutomotiveChoice,
}

/// What an automotive quote keeps beside its lines: `positions[j]` is the
/// glass of opening `j` of the quote's one room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomotiveDetails {
    pub vehicle: QuotedVehicle,
    pub positions: Vec<GlassPosition>,
    /// The codes and names of the packages chosen, in order.
    #[serde(default)]
    pub packages: Vec<ChosenPackage>,
    /// Front side windows and a whole windshield darker than the
    /// organisation's legal minimum.
    #[serde(default)]
    pub warnings: Vec<TintWarning>,
    /// What was asked, to make the quote again (duplicate, revise).
    #[serde(default)]
    pub choice: AutomotiveChoice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenPackage {
    pub code: String,
    pub name_es: String,
    pub name_en: String,
}

impl ChosenPackage {
    pub fn name(&self, lang: &str) -> &str {
        crate::product::localized(&self.name_es, &self.name_en, lang)
    }
}

impl AutomotiveDetails {
    /// The glass of line `j` (`None` for a line added by hand later).
    pub fn position(&self, j: usize) -> Option<GlassPosition> {
        self.positions.get(j).copied()
    }
}

/// A choice made ready to price: the input for the engine and what the
/// quote keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct AutomotivePlan {
    pub input: QuoteInput,
    pub details: AutomotiveDetails,
    /// Opening `j` is `selected[j]`: maps pricing errors back with
    /// [`AutomotivePlan::price_errors`].
    pub selected: Vec<SelectedGlass>,
}

impl AutomotivePlan {
    /// Pricing errors (`rooms[0].openings[j].sku`) at the choice's fields
    /// (`items[i].sku`, `packages[i].package_code`).
    pub fn price_errors(&self, errors: FieldErrors) -> FieldErrors {
        automotive_price_errors(&self.selected, errors)
    }
}

/// Plans the quote of `vehicle` for `choice` with the organisation's
/// `catalog`; `film_vlt` gives a film's VLT % by sku (for the tint
/// warnings; `None` when unknown). Errors are at the choice's paths
/// (`items[1].position`, `packages[0].sku`, …); at least one glass is
/// required (`items`).
pub fn plan_automotive(
    vehicle: &QuotedVehicle,
    choice: &AutomotiveChoice,
    catalog: &AutomotiveCatalog,
    film_vlt: impl Fn(&str) -> Option<u8>,
) -> Result<AutomotivePlan, FieldErrors> {
    let selection = AutomotiveSelection {
        body: vehicle.body_type,
        items: choice.items.clone(),
        packages: choice.packages.clone(),
    };
    let mut errors = FieldErrors::new();
    if choice.items.is_empty() && choice.packages.is_empty() {
        errors.add("items", crate::automotive_messages::NOTHING_CHOSEN);
    }
    let selected = match expand_selection(&selection, &catalog.packages) {
        Ok(selected) => selected,
        Err(e) => {
            errors.merge(e);
            Vec::new()
        }
    };
    let input = match automotive_quote_input(&vehicle.label(), &selection, &catalog.templates, &catalog.packages) {
        Ok(input) => Some(input),
        Err(e) => {
            // `expand_selection`'s errors again: keep each message once.
            for (path, message) in e.0 {
                if errors.get(&path).is_none() {
                    errors.add(path, message);
                }
            }
            None
        }
    };
    let (Some(input), true) = (input, errors.is_empty()) else {
        return Err(errors);
    };
    let with_vlt: Vec<(GlassPosition, Option<u8>)> = selected.iter().map(|g| (g.position, film_vlt(&g.sku))).collect();
    let mut packages = Vec::new();
    for chosen in &choice.packages {
        if let Some(p) = catalog.package(chosen.package_code.trim())
            && !packages.iter().any(|c: &ChosenPackage| c.code == p.code)
        {
            packages.push(ChosenPackage { code: p.code.clone(), name_es: p.name_es.clone(), name_en: p.name_en.clone() });
        }
    }
    let details = AutomotiveDetails {
        vehicle: vehicle.clone(),
        positions: selected.iter().map(|g| g.position).collect(),
        packages,
        warnings: tint_warnings(&with_vlt, catalog.min_front_vlt),
        choice: choice.clone(),
    };
    Ok(AutomotivePlan { input, details, selected })
}

/// The largest side of one glass an admin may set, metres.
pub const MAX_GLASS_SIDE_M: u32 = 4;
/// A package code: 1 to 40 of `a-z`, `0-9`, `_`.
pub const MAX_PACKAGE_CODE_CHARS: usize = 40;
pub const MAX_PACKAGE_NAME_CHARS: usize = 60;

/// Checks an admin's glass size: each side above 0 and at most
/// [`MAX_GLASS_SIDE_M`] m, at most 3 decimals (errors at `width_m`, `height_m`).
pub fn check_glass_template(template: &GlassTemplate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (field, value) in [("width_m", template.width_m), ("height_m", template.height_m)] {
        if value <= rust_decimal::Decimal::ZERO || value > rust_decimal::Decimal::from(MAX_GLASS_SIDE_M) {
            errors.add(field, format!("must be above 0 and at most {MAX_GLASS_SIDE_M} m"));
        } else if value.normalize().scale() > 3 {
            errors.add(field, "has more than 3 decimals (millimetres)");
        }
    }
    errors.into_result(())
}

/// Checks an admin's package: its code, its Spanish name, that every glass
/// is named once (errors at `code`, `name_es`, `name_en`, `positions`). No
/// glass is allowed: it hides the default package of that code.
pub fn check_package(package: &Package) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = package.code.as_str();
    if code.is_empty() {
        errors.add("code", crate::messages::REQUIRED);
    } else if code.len() > MAX_PACKAGE_CODE_CHARS
        || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        errors.add("code", format!("use 1 to {MAX_PACKAGE_CODE_CHARS} of a-z, 0-9 and _"));
    }
    if package.name_es.trim().is_empty() {
        errors.add("name_es", crate::messages::REQUIRED);
    }
    for (field, name) in [("name_es", &package.name_es), ("name_en", &package.name_en)] {
        if name.chars().count() > MAX_PACKAGE_NAME_CHARS {
            errors.add(field, crate::messages::TOO_LONG);
        }
    }
    for (i, p) in package.positions.iter().enumerate() {
        if package.positions[..i].contains(p) {
            errors.add("positions", crate::automotive_messages::DUPLICATE);
        }
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, PricedProduct, PricingContext, Unit, WasteClass, price_quote};
    use GlassPosition::*;
    use rust_decimal::Decimal;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn sedan() -> QuotedVehicle {
        QuotedVehicle {
            id: None,
            vin: None,
            make: "Toyota".into(),
            model: "Corolla".into(),
            year: 2020,
            body_type: BodyType::Sedan,
            plate: "AB CD 12".into(),
            colour: String::new(),
        }
    }

    fn films() -> Vec<PricedProduct> {
        ["AUTO-20", "AUTO-70"]
            .into_iter()
            .map(|sku| PricedProduct {
                sku: sku.into(),
                unit: Unit::M2,
                waste_class: WasteClass::SolarControl,
                material_price: dec("40.00"),
                installation_price: dec("10.00"),
                active: true,
            })
            .collect()
    }

    fn vlt(sku: &str) -> Option<u8> {
        match sku {
            "AUTO-20" => Some(20),
            "AUTO-70" => Some(70),
            _ => None,
        }
    }

    fn package(code: &str, sku: &str) -> PackageChoice {
        PackageChoice { package_code: code.into(), sku: sku.into() }
    }

    #[test]
    fn a_package_becomes_one_line_per_glass_with_the_vehicle_as_room() {
        let choice = AutomotiveChoice { items: vec![], packages: vec![package("front_two", "AUTO-70")] };
        let plan = plan_automotive(&sedan(), &choice, &AutomotiveCatalog::default(), vlt).expect("plan");
        assert_eq!(plan.details.positions, vec![FrontLeft, FrontRight]);
        assert_eq!(plan.input.rooms.len(), 1);
        assert_eq!(plan.input.rooms[0].name, "Toyota Corolla 2020 · AB CD 12");
        assert_eq!(plan.input.rooms[0].openings.len(), 2);
        assert_eq!(plan.details.packages[0].code, "front_two");
        assert!(plan.details.warnings.is_empty(), "no minimum set");
    }

    #[test]
    fn an_organisation_size_replaces_the_default_and_changes_the_price() {
        let choice = AutomotiveChoice { items: vec![PositionChoice { position: FrontLeft, sku: "AUTO-20".into() }], packages: vec![] };
        let products = films();
        let ctx = PricingContext { currency: Currency::Usd, tax_rate: dec("0.19"), products: &products };
        let default = plan_automotive(&sedan(), &choice, &AutomotiveCatalog::default(), vlt).expect("plan");
        let own = AutomotiveOverrides {
            templates: vec![GlassTemplate { body: BodyType::Sedan, position: FrontLeft, width_m: dec("2.00"), height_m: dec("1.00") }],
            ..AutomotiveOverrides::default()
        };
        let changed = plan_automotive(&sedan(), &choice, &AutomotiveCatalog::with_overrides(&own), vlt).expect("plan");
        assert_eq!(changed.input.rooms[0].openings[0].width_m, dec("2.00"));
        let (a, b) = (price_quote(&default.input, &ctx).expect("price"), price_quote(&changed.input, &ctx).expect("price"));
        assert!(b.total > a.total, "{} > {}", b.total, a.total);
    }

    #[test]
    fn a_dark_film_on_a_front_window_is_warned_when_a_minimum_is_set() {
        let own = AutomotiveOverrides { min_front_vlt: Some(35), ..AutomotiveOverrides::default() };
        let choice = AutomotiveChoice {
            items: vec![PositionChoice { position: RearWindshield, sku: "AUTO-20".into() }],
            packages: vec![package("front_two", "AUTO-20")],
        };
        let plan = plan_automotive(&sedan(), &choice, &AutomotiveCatalog::with_overrides(&own), vlt).expect("plan");
        let warned: Vec<GlassPosition> = plan.details.warnings.iter().map(|w| w.position).collect();
        assert_eq!(warned, vec![FrontLeft, FrontRight], "the rear windshield may be dark");
        assert_eq!((plan.details.warnings[0].vlt, plan.details.warnings[0].minimum), (20, 35));
    }

    #[test]
    fn a_full_car_warns_about_its_whole_windshield_not_about_the_strip() {
        let own = AutomotiveOverrides { min_front_vlt: Some(35), ..AutomotiveOverrides::default() };
        let catalog = AutomotiveCatalog::with_overrides(&own);
        let full = AutomotiveChoice { items: vec![], packages: vec![package("full_car", "AUTO-20")] };
        let plan = plan_automotive(&sedan(), &full, &catalog, vlt).expect("plan");
        assert!(plan.details.positions.contains(&Windshield));
        let warned: Vec<GlassPosition> = plan.details.warnings.iter().map(|w| w.position).collect();
        assert_eq!(warned, vec![Windshield, FrontLeft, FrontRight], "the whole windshield is warned like a front window");
        let strip = AutomotiveChoice { items: vec![PositionChoice { position: WindshieldStrip, sku: "AUTO-20".into() }], packages: vec![] };
        let plan = plan_automotive(&sedan(), &strip, &catalog, vlt).expect("plan");
        assert!(plan.details.warnings.is_empty(), "the top strip is the legal sun band");
        let clear = AutomotiveChoice { items: vec![], packages: vec![package("full_car", "AUTO-70")] };
        assert!(plan_automotive(&sedan(), &clear, &catalog, vlt).expect("plan").details.warnings.is_empty(), "a clear film is legal");
    }

    #[test]
    fn packages_can_be_replaced_added_and_hidden() {
        let own = AutomotiveOverrides {
            packages: vec![
                Package { code: "front_two".into(), name_es: "Delanteras".into(), name_en: String::new(), positions: vec![] },
                Package { code: "rear".into(), name_es: "Luneta".into(), name_en: "Rear".into(), positions: vec![RearWindshield] },
            ],
            ..AutomotiveOverrides::default()
        };
        let catalog = AutomotiveCatalog::with_overrides(&own);
        let codes: Vec<&str> = catalog.packages.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, vec!["sides_and_rear", "full_car", "rear"]);
        let hidden = AutomotiveChoice { items: vec![], packages: vec![package("front_two", "AUTO-20")] };
        let errors = plan_automotive(&sedan(), &hidden, &catalog, vlt).expect_err("hidden package");
        assert!(errors.get("packages[0].package_code").is_some(), "{errors:?}");
    }

    #[test]
    fn admin_sizes_and_packages_are_checked() {
        let size = |w: &str, h: &str| GlassTemplate { body: BodyType::Sedan, position: FrontLeft, width_m: dec(w), height_m: dec(h) };
        assert!(check_glass_template(&size("1.05", "0.45")).is_ok());
        let errors = check_glass_template(&size("0", "4.5")).expect_err("bad");
        assert!(errors.get("width_m").is_some() && errors.get("height_m").is_some(), "{errors:?}");
        assert!(check_glass_template(&size("1.0001", "0.5")).expect_err("too precise").get("width_m").is_some());
        let package = |code: &str, name: &str, positions: Vec<GlassPosition>| Package { code: code.into(), name_es: name.into(), name_en: String::new(), positions };
        assert!(check_package(&package("rear_only", "Solo luneta", vec![RearWindshield])).is_ok());
        assert!(check_package(&package("front_two", "Oculto", vec![])).is_ok(), "no glass hides a default");
        let errors = check_package(&package("Bad Code", " ", vec![FrontLeft, FrontLeft])).expect_err("bad");
        for field in ["code", "name_es", "positions"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn nothing_chosen_and_every_bad_choice_are_named() {
        let none = plan_automotive(&sedan(), &AutomotiveChoice::default(), &AutomotiveCatalog::default(), vlt).expect_err("empty");
        assert!(none.get("items").is_some());
        let bad = AutomotiveChoice {
            items: vec![PositionChoice { position: FrontLeft, sku: String::new() }, PositionChoice { position: FrontLeft, sku: "AUTO-20".into() }],
            packages: vec![package("nope", "AUTO-20")],
        };
        let errors = plan_automotive(&sedan(), &bad, &AutomotiveCatalog::default(), vlt).expect_err("bad");
        for path in ["items[0].sku", "items[1].position", "packages[0].package_code"] {
            assert!(errors.get(path).is_some(), "{path}: {errors:?}");
        }
    }

    #[test]
    fn an_unknown_film_is_reported_where_it_was_chosen() {
        let choice = AutomotiveChoice { items: vec![], packages: vec![package("front_two", "NOPE")] };
        let plan = plan_automotive(&sedan(), &choice, &AutomotiveCatalog::default(), vlt).expect("plan");
        let products = films();
        let ctx = PricingContext { currency: Currency::Usd, tax_rate: dec("0.19"), products: &products };
        let errors = plan.price_errors(price_quote(&plan.input, &ctx).expect_err("unknown film"));
        assert!(errors.get("packages[0].sku").is_some(), "{errors:?}");
    }
}
