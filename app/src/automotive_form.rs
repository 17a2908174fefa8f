//! The automotive wizard's state as the customer typed it (`/q/{slug}/auto`):
//! the vehicle (a VIN, or make, model, year and body type; plate, colour),
//! the glass chosen alone and the packages, each with a film, and the
//! contact. Shared by the page in the browser, the page rendered on the
//! server and the server's no-JavaScript submit, like [`crate::wizard_form`].
//!
//! Field names (and the paths of the errors shown next to them):
//! `vehicle.vin` … `vehicle.body_type`; `glass` (a checkbox per position,
//! value `front_left`) and `film.front_left`; `package` (a checkbox per
//! package, value `front_two`) and `package_film.front_two`; `contact.*`.
//! The request's paths (`items[1].sku`, `packages[0].package_code`,
//! `vehicle.bodyType`) come back to these with [`AutomotiveForm::form_errors`].
use std::collections::BTreeMap;

use domain::{
    AutomotiveChoice, AutomotiveQuoteRequest, BodyType, Contact, ContactTime, FieldErrors, GlassPosition, PackageChoice,
    PositionChoice, PricedProduct, PricingContext, QuoteBreakdown, QuotedVehicle, TintWarning, VehicleInput, decode_vin,
    plan_automotive, price_quote,
};
use serde::{Deserialize, Serialize};

use crate::automotive_wizard::AutomotiveWizardCatalog;
use crate::wizard_form::{ContactForm, NOT_WHOLE};

/// Most packages a form carries (an organisation offers a handful).
pub const MAX_FORM_PACKAGES: usize = 20;
/// Longest package code read from a form (the domain allows 40).
const MAX_CODE_CHARS: usize = 40;

/// The wizard's three steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoStep {
    #[default]
    Vehicle,
    Glass,
    Contact,
}

impl AutoStep {
    pub fn as_str(self) -> &'static str {
        match self {
            AutoStep::Vehicle => "vehicle",
            AutoStep::Glass => "glass",
            AutoStep::Contact => "contact",
        }
    }

    fn parse(text: &str) -> AutoStep {
        match text {
            "glass" => AutoStep::Glass,
            "contact" => AutoStep::Contact,
            _ => AutoStep::Vehicle,
        }
    }

    /// The step that shows a field (`vehicle.year` → vehicle).
    pub fn of_field(path: &str) -> AutoStep {
        if path.starts_with("vehicle") {
            AutoStep::Vehicle
        } else if ["glass", "film.", "package"].iter().any(|p| path.starts_with(p)) {
            AutoStep::Glass
        } else {
            AutoStep::Contact
        }
    }
}

/// The vehicle as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VehicleForm {
    pub vin: String,
    pub make: String,
    pub model: String,
    pub year: String,
    /// `sedan`, `suv`…; empty until chosen.
    pub body_type: String,
    pub plate: String,
    pub colour: String,
    /// The VIN (normalised) whose decoding last filled the make and year;
    /// empty when none did. Carried as `vehicle.vin_read` so a corrected
    /// VIN clears what the old one filled.
    #[serde(default)]
    pub vin_read: String,
}

impl VehicleForm {
    /// A saved vehicle as the form shows it, its VIN counted as read (so
    /// the saved make and year are not filled again from it).
    fn saved(vin: Option<&str>, make: &str, model: &str, year: i32, body: BodyType, plate: &str, colour: &str) -> VehicleForm {
        VehicleForm {
            vin: vin.unwrap_or_default().to_owned(),
            make: make.to_owned(),
            model: model.to_owned(),
            year: year.to_string(),
            body_type: body.as_str().to_owned(),
            plate: plate.to_owned(),
            colour: colour.to_owned(),
            vin_read: vin.and_then(|vin| decode_vin(vin).ok()).map(|d| d.vin).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AutomotiveForm {
    pub step: AutoStep,
    pub vehicle: VehicleForm,
    /// Glass chosen alone, in [`GlassPosition::ALL`] order.
    pub glass: Vec<GlassPosition>,
    /// The film picked for each glass, by position name (kept when the
    /// glass is unchecked, so checking it again brings the film back).
    pub films: BTreeMap<String, String>,
    /// Package codes chosen, in the order chosen.
    pub packages: Vec<String>,
    /// The film picked for each package, by code.
    pub package_films: BTreeMap<String, String>,
    pub contact: ContactForm,
}

/// What the live price shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AutoPrice {
    /// The glass that could be priced; `None` while nothing can be.
    pub breakdown: Option<QuoteBreakdown>,
    /// The glass of each line of `breakdown`.
    pub positions: Vec<GlassPosition>,
    /// Front side windows darker than the organisation's minimum.
    pub warnings: Vec<TintWarning>,
    /// Problems of the glass chosen, by form field (`film.front_left`).
    pub errors: BTreeMap<String, String>,
}

impl AutoPrice {
    /// The warning of one glass, if its film is too dark.
    pub fn warning(&self, position: GlassPosition) -> Option<&TintWarning> {
        self.warnings.iter().find(|w| w.position == position)
    }
}

/// A choice's item or package, as the form names it.
#[derive(Debug, Clone, PartialEq)]
enum Origin {
    Glass(GlassPosition),
    Package(String),
}

impl Origin {
    /// The form field of the request's `field` (`position`/`package_code` or `sku`).
    fn field(&self, field: &str) -> String {
        match (self, field) {
            (Origin::Glass(p), "sku") => format!("film.{}", p.as_str()),
            (Origin::Glass(p), _) => format!("glass.{}", p.as_str()),
            (Origin::Package(code), "sku") => format!("package_film.{code}"),
            (Origin::Package(code), _) => format!("package.{code}"),
        }
    }
}

impl AutomotiveForm {
    /// Whether the pairs carry a wizard at all (a bare `/q/{slug}/auto` does not).
    pub fn present_in<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
        pairs.into_iter().any(|(k, _)| k == "step")
    }

    /// Reads the form from `name=value` pairs (query string or POST body).
    /// Unknown names and values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> AutomotiveForm {
        let mut form = AutomotiveForm::default();
        for (key, value) in pairs {
            form.set(key, value);
        }
        form
    }

    fn set(&mut self, key: &str, value: &str) {
        let text = value.to_owned();
        let v = &mut self.vehicle;
        let c = &mut self.contact;
        match key {
            "step" => self.step = AutoStep::parse(value),
            "vehicle.vin" => v.vin = text,
            "vehicle.make" => v.make = text,
            "vehicle.model" => v.model = text,
            "vehicle.year" => v.year = text,
            "vehicle.body_type" => v.body_type = text,
            "vehicle.plate" => v.plate = text,
            "vehicle.colour" => v.colour = text,
            "vehicle.vin_read" => v.vin_read = text,
            _ if key.starts_with("contact.") => c.set(key, text),
            "glass" => {
                if let Ok(position) = value.parse::<GlassPosition>() {
                    self.set_glass(position, true);
                }
            }
            "package" => {
                if is_code(value) && !self.packages.iter().any(|p| p == value) && self.packages.len() < MAX_FORM_PACKAGES {
                    self.packages.push(text);
                }
            }
            _ => {
                if let Some(position) = key.strip_prefix("film.").and_then(|p| p.parse::<GlassPosition>().ok()) {
                    self.films.insert(position.as_str().to_owned(), text);
                } else if let Some(code) = key.strip_prefix("package_film.").filter(|c| is_code(c))
                    && (self.package_films.contains_key(code) || self.package_films.len() < MAX_FORM_PACKAGES)
                {
                    self.package_films.insert(code.to_owned(), text);
                }
            }
        }
    }

    /// The form as `name=value` pairs, the inverse of [`AutomotiveForm::from_pairs`].
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let v = &self.vehicle;
        let mut out = vec![("step".to_owned(), self.step.as_str().to_owned())];
        for (k, value) in [
            ("vin", &v.vin),
            ("make", &v.make),
            ("model", &v.model),
            ("year", &v.year),
            ("body_type", &v.body_type),
            ("plate", &v.plate),
            ("colour", &v.colour),
            ("vin_read", &v.vin_read),
        ] {
            out.push((format!("vehicle.{k}"), value.clone()));
        }
        out.extend(self.glass.iter().map(|p| ("glass".to_owned(), p.as_str().to_owned())));
        out.extend(self.films.iter().map(|(p, sku)| (format!("film.{p}"), sku.clone())));
        out.extend(self.packages.iter().map(|code| ("package".to_owned(), code.clone())));
        out.extend(self.package_films.iter().map(|(code, sku)| (format!("package_film.{code}"), sku.clone())));
        out.extend(self.contact.pairs());
        out
    }

    pub fn body(&self) -> Option<BodyType> {
        self.vehicle.body_type.parse().ok()
    }

    /// Checks or unchecks one glass (kept in [`GlassPosition::ALL`] order).
    pub fn set_glass(&mut self, position: GlassPosition, on: bool) {
        self.glass.retain(|p| *p != position);
        if on {
            self.glass.push(position);
            self.glass.sort();
        }
    }

    /// Chooses or drops a package.
    pub fn set_package(&mut self, code: &str, on: bool) {
        self.packages.retain(|p| p != code);
        if on && is_code(code) && self.packages.len() < MAX_FORM_PACKAGES {
            self.packages.push(code.to_owned());
        }
    }

    /// The film of a glass (empty when none was picked).
    pub fn film(&self, position: GlassPosition) -> &str {
        self.films.get(position.as_str()).map_or("", String::as_str)
    }

    pub fn package_film(&self, code: &str) -> &str {
        self.package_films.get(code).map_or("", String::as_str)
    }

    /// The chosen package that already has this glass on the form's body.
    pub fn covering_package<'a>(&self, data: &'a AutomotiveWizardCatalog, position: GlassPosition) -> Option<&'a domain::Package> {
        let body = self.body()?;
        self.packages
            .iter()
            .filter_map(|code| data.automotive.package(code))
            .find(|p| p.positions_for(body).contains(&position))
    }

    /// Makes the choice consistent with the body type: glass the body does
    /// not have, or that a chosen package has already, is no longer chosen
    /// alone; every chosen glass and package has a film (the lightest
    /// offered when none was picked). The buttons and the browser call it.
    pub fn tidy(&mut self, data: &AutomotiveWizardCatalog) {
        let Some(body) = self.body() else { return };
        let covered: Vec<GlassPosition> = self
            .packages
            .iter()
            .filter_map(|code| data.automotive.package(code))
            .flat_map(|p| p.positions_for(body))
            .collect();
        self.glass.retain(|p| body.has(*p) && !covered.contains(p));
        let lightest = data.default_film().to_owned();
        for p in &self.glass {
            self.films.entry(p.as_str().to_owned()).or_insert_with(|| lightest.clone());
        }
        for code in &self.packages {
            self.package_films.entry(code.clone()).or_insert_with(|| lightest.clone());
        }
    }

    /// The vehicle of a vehicle on file (staff quoting it again), its VIN
    /// counted as read: make, model and year stay as saved.
    pub fn fill_vehicle(&mut self, saved: &domain::Vehicle) {
        self.vehicle = VehicleForm::saved(saved.vin.as_deref(), &saved.make, &saved.model, saved.year, saved.body_type, &saved.plate, &saved.colour);
    }

    /// The editor's form for a car quote's current content (at its glass);
    /// `None` for a quote of rooms.
    pub fn from_document(doc: &domain::QuoteDocument) -> Option<AutomotiveForm> {
        let details = doc.automotive.as_ref()?;
        let v = &details.vehicle;
        let mut form = AutomotiveForm {
            step: AutoStep::Glass,
            vehicle: VehicleForm::saved(v.vin.as_deref(), &v.make, &v.model, v.year, v.body_type, &v.plate, &v.colour),
            contact: ContactForm::from_document(doc),
            ..AutomotiveForm::default()
        };
        for item in &details.choice.items {
            form.set_glass(item.position, true);
            form.films.insert(item.position.as_str().to_owned(), item.sku.clone());
        }
        for package in &details.choice.packages {
            form.set_package(&package.package_code, true);
            form.package_films.insert(package.package_code.clone(), package.sku.clone());
        }
        Some(form)
    }

    /// Fills an empty make and year from a VIN that decodes. A VIN changed
    /// from the one read before (to another that decodes, or to none)
    /// first clears the make and year that one filled, if still as filled,
    /// and the model when the make is no longer the same. A VIN that does
    /// not decode yet (being typed) changes nothing.
    pub fn fill_from_vin(&mut self) {
        let typed = self.vehicle.vin.trim();
        let decoded = if typed.is_empty() {
            None
        } else {
            match decode_vin(typed) {
                Ok(d) => Some(d),
                Err(_) => return,
            }
        };
        let now_read = decoded.as_ref().map(|d| d.vin.clone()).unwrap_or_default();
        let v = &mut self.vehicle;
        if !v.vin_read.is_empty() && v.vin_read != now_read {
            let make_before = v.make.trim().to_lowercase();
            if let Ok(old) = decode_vin(&v.vin_read) {
                if old.make.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(v.make.trim())) {
                    v.make.clear();
                }
                if old.model_year.is_some_and(|y| y.to_string() == v.year.trim()) {
                    v.year.clear();
                }
            }
            let make_after = decoded.as_ref().and_then(|d| d.make.clone()).filter(|_| v.make.trim().is_empty());
            let make_now = make_after.unwrap_or_else(|| v.make.clone()).trim().to_lowercase();
            if make_now != make_before {
                v.model.clear();
            }
        }
        v.vin_read = now_read;
        let Some(decoded) = decoded else { return };
        if v.make.trim().is_empty()
            && let Some(make) = decoded.make
        {
            v.make = make;
        }
        if v.year.trim().is_empty()
            && let Some(year) = decoded.model_year
        {
            v.year = year.to_string();
        }
    }

    /// The vehicle as the service reads it, and what could not be read
    /// (year, body type, VIN rule) by form field.
    fn vehicle_input(&self) -> (VehicleInput, BTreeMap<String, String>) {
        let v = &self.vehicle;
        let mut errors = BTreeMap::new();
        let year = match v.year.trim() {
            "" => {
                errors.insert("vehicle.year".to_owned(), domain::messages::REQUIRED.to_owned());
                0
            }
            y => y.parse::<i32>().unwrap_or_else(|_| {
                errors.insert("vehicle.year".to_owned(), NOT_WHOLE.to_owned());
                0
            }),
        };
        let body_type = match v.body_type.trim() {
            "" => {
                errors.insert("vehicle.body_type".to_owned(), domain::messages::REQUIRED.to_owned());
                None
            }
            b => b.parse::<BodyType>().ok().or_else(|| {
                errors.insert("vehicle.body_type".to_owned(), domain::messages::CHOICE.to_owned());
                None
            }),
        };
        let vin = Some(v.vin.trim().to_owned()).filter(|vin| !vin.is_empty());
        if let Some(Err(e)) = vin.as_deref().map(decode_vin) {
            // The same words as the service's check: the rule and its code.
            errors.insert("vehicle.vin".to_owned(), format!("{e} ({})", e.code()));
        }
        let input = VehicleInput {
            customer_id: None,
            vin,
            make: v.make.clone(),
            model: v.model.clone(),
            year,
            body_type,
            plate: v.plate.clone(),
            colour: v.colour.clone(),
        };
        (input, errors)
    }

    /// Every problem of the vehicle, as the server will say it, by form field.
    pub fn check_vehicle(&self, current_year: i32) -> BTreeMap<String, String> {
        let (input, mut errors) = self.vehicle_input();
        if let Err(e) = input.check(current_year) {
            for (path, message) in e.0 {
                let field = vehicle_field(&path);
                errors.entry(field).or_insert(message);
            }
        }
        errors
    }

    /// The glass asked for, and where each item and package is on the form.
    fn choice(&self) -> (AutomotiveChoice, Vec<Origin>, Vec<Origin>) {
        let items = self
            .glass
            .iter()
            .map(|p| PositionChoice { position: *p, sku: self.film(*p).to_owned() })
            .collect();
        let packages = self
            .packages
            .iter()
            .map(|code| PackageChoice { package_code: code.clone(), sku: self.package_film(code).to_owned() })
            .collect();
        let item_origins = self.glass.iter().map(|p| Origin::Glass(*p)).collect();
        let package_origins = self.packages.iter().map(|c| Origin::Package(c.clone())).collect();
        (AutomotiveChoice { items, packages }, item_origins, package_origins)
    }

    /// The live price of the glass that can be priced, with the problems of
    /// the rest — the same plan and engine as the server's
    /// `Quotes::submit_automotive`, so a complete form shows the saved total
    /// to the cent.
    pub fn price(&self, data: &AutomotiveWizardCatalog) -> AutoPrice {
        self.price_with(data, |_| FieldErrors::new())
    }

    /// [`AutomotiveForm::price`] with `adjust` applied to the priced input
    /// (the staff's extra lines and discount); what it cannot read is
    /// reported with the rest.
    pub fn price_with(&self, data: &AutomotiveWizardCatalog, adjust: impl Fn(&mut domain::QuoteInput) -> FieldErrors) -> AutoPrice {
        let Some(body) = self.body() else { return AutoPrice::default() };
        let vehicle = self.quoted_vehicle(body, data.current_year());
        let products: Vec<PricedProduct> = data.catalog.priced_products();
        let ctx = PricingContext { currency: data.catalog.currency, tax_rate: data.catalog.tax_rate, products: &products };
        let vlt = |sku: &str| data.film_vlt(sku);
        let (mut choice, mut items, mut packages) = self.choice();
        let mut errors = BTreeMap::new();
        // Each round leaves out the glass the plan or the engine refuses.
        for _ in 0..=(choice.items.len() + choice.packages.len()) {
            if choice.items.is_empty() && choice.packages.is_empty() {
                break;
            }
            let refused = match plan_automotive(&vehicle, &choice, &data.automotive, vlt) {
                Ok(plan) => match price_quote(&adjusted(&plan.input, &adjust, &mut errors), &ctx) {
                    Ok(breakdown) => {
                        return AutoPrice {
                            breakdown: Some(breakdown),
                            positions: plan.details.positions,
                            warnings: plan.details.warnings,
                            errors,
                        };
                    }
                    Err(e) => plan.price_errors(e),
                },
                Err(e) => e,
            };
            let (mut drop_items, mut drop_packages) = (Vec::new(), Vec::new());
            for (path, message) in refused.0 {
                match choice_path(&path) {
                    Some(("items", i, field)) if i < items.len() => {
                        errors.entry(items[i].field(field)).or_insert(message);
                        drop_items.push(i);
                    }
                    Some(("packages", i, field)) if i < packages.len() => {
                        errors.entry(packages[i].field(field)).or_insert(message);
                        drop_packages.push(i);
                    }
                    _ => {
                        errors.entry(request_field(&path)).or_insert(message);
                    }
                }
            }
            if drop_items.is_empty() && drop_packages.is_empty() {
                break;
            }
            retain_except(&mut choice.items, &mut items, &drop_items);
            retain_except(&mut choice.packages, &mut packages, &drop_packages);
        }
        AutoPrice { errors, ..AutoPrice::default() }
    }

    /// The vehicle the plan names its room after: as the server will keep
    /// it when it is valid, else a stand-in of the same body type.
    fn quoted_vehicle(&self, body: BodyType, current_year: i32) -> QuotedVehicle {
        let (input, _) = self.vehicle_input();
        match input.check(current_year) {
            Ok(checked) => QuotedVehicle::from(&checked),
            Err(_) => QuotedVehicle {
                id: None,
                vin: None,
                make: "-".into(),
                model: "-".into(),
                year: current_year,
                body_type: body,
                plate: String::new(),
                colour: String::new(),
            },
        }
    }

    /// Applies a button (`to_glass`, `to_contact`, `to_vehicle`, `read_vin`,
    /// `update`, `glass:{position}` from the car's diagram) as the browser and the no-JavaScript server render both
    /// do; returns the problems that keep the customer on the step.
    pub fn apply(&mut self, op: &str, data: &AutomotiveWizardCatalog) -> BTreeMap<String, String> {
        let mut errors = BTreeMap::new();
        match op {
            "read_vin" => self.fill_from_vin(),
            "to_vehicle" => self.step = AutoStep::Vehicle,
            "to_glass" => {
                self.fill_from_vin();
                errors = self.check_vehicle(data.current_year());
                if errors.is_empty() {
                    self.tidy(data);
                    self.step = AutoStep::Glass;
                } else {
                    self.step = AutoStep::Vehicle;
                }
            }
            "to_contact" => {
                self.fill_from_vin();
                self.tidy(data);
                let vehicle = self.check_vehicle(data.current_year());
                if !vehicle.is_empty() {
                    self.step = AutoStep::Vehicle;
                    return vehicle;
                }
                let price = self.price(data);
                errors = price.errors;
                if price.breakdown.is_none() && errors.is_empty() {
                    errors.insert("glass".into(), domain::automotive_messages::NOTHING_CHOSEN.into());
                }
                self.step = if errors.is_empty() { AutoStep::Contact } else { AutoStep::Glass };
            }
            // A glass tapped on the car's diagram (`glass:front_left`).
            other => match other.strip_prefix("glass:").and_then(|p| p.parse::<GlassPosition>().ok()) {
                Some(position) => self.toggle_glass(position, data),
                None => self.tidy(data),
            },
        }
        errors
    }

    /// Chooses a glass alone, or drops it when it was chosen, then
    /// [`AutomotiveForm::tidy`] (its film, and glass a package has already).
    pub fn toggle_glass(&mut self, position: GlassPosition, data: &AutomotiveWizardCatalog) {
        let on = !self.glass.contains(&position);
        self.set_glass(position, on);
        self.tidy(data);
    }

    /// The request to submit, or what cannot be read (by form field).
    pub fn to_request(&self, lang: &str) -> Result<AutomotiveQuoteRequest, FieldErrors> {
        let (vehicle, unreadable) = self.vehicle_input();
        if !unreadable.is_empty() {
            return Err(FieldErrors(unreadable));
        }
        let (choice, _, _) = self.choice();
        let c = &self.contact;
        Ok(AutomotiveQuoteRequest {
            language: match (c.language.as_str(), lang) {
                ("en", _) | ("", "en") => "en",
                _ => "es",
            }
            .to_owned(),
            contact: Contact {
                name: c.name.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                address: c.address.clone(),
                commune: c.commune.clone(),
                contact_time: c.contact_time.parse::<ContactTime>().unwrap_or_default(),
            },
            vehicle_id: None,
            vehicle: Some(vehicle),
            choice,
        })
    }

    /// The errors of a request made by [`AutomotiveForm::to_request`]
    /// (`items[0].sku`, `vehicle.bodyType`…) at this form's fields.
    pub fn form_errors<'a>(&self, errors: impl IntoIterator<Item = (&'a String, &'a String)>) -> BTreeMap<String, String> {
        let (_, items, packages) = self.choice();
        let mut out = BTreeMap::new();
        for (path, message) in errors {
            let field = match choice_path(path) {
                Some(("items", i, field)) if i < items.len() => items[i].field(field),
                Some(("packages", i, field)) if i < packages.len() => packages[i].field(field),
                _ => request_field(path),
            };
            out.entry(field).or_insert_with(|| message.clone());
        }
        out
    }
}

/// `items[2].sku` → `("items", 2, "sku")`.
fn choice_path(path: &str) -> Option<(&'static str, usize, &str)> {
    for list in ["items", "packages"] {
        if let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) {
            let (index, field) = rest.split_once("].")?;
            return Some((list, index.parse().ok()?, field));
        }
    }
    None
}

/// A request path that is not one item or package, at the form's field.
fn request_field(path: &str) -> String {
    match path {
        "items" | "packages" | "rooms" => "glass".to_owned(),
        "vehicle_label" => "vehicle.model".to_owned(),
        other => match other.strip_prefix("vehicle.") {
            Some(field) => vehicle_field(field),
            None => other.to_owned(),
        },
    }
}

/// `input` with `adjust` applied; what `adjust` could not read joins `errors`.
fn adjusted(input: &domain::QuoteInput, adjust: &impl Fn(&mut domain::QuoteInput) -> FieldErrors, errors: &mut BTreeMap<String, String>) -> domain::QuoteInput {
    let mut input = input.clone();
    for (path, message) in adjust(&mut input).0 {
        errors.entry(path).or_insert(message);
    }
    input
}

/// The form field of a vehicle check's path (`bodyType` → `vehicle.body_type`).
fn vehicle_field(path: &str) -> String {
    match path {
        "bodyType" => "vehicle.body_type".to_owned(),
        other => format!("vehicle.{other}"),
    }
}

fn retain_except<T>(list: &mut Vec<T>, origins: &mut Vec<Origin>, drop: &[usize]) {
    let mut i = 0;
    list.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
    let mut j = 0;
    origins.retain(|_| {
        j += 1;
        !drop.contains(&(j - 1))
    });
}

fn is_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= MAX_CODE_CHARS && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogProduct, PublicCatalog};
    use domain::{AutomotiveCatalog, AutomotiveOverrides, ProductType, Specs, Unit, Vertical, WasteClass, film_vlt};
    use rust_decimal::Decimal;
    use GlassPosition::*;

    fn film(sku: &str, vlt: i64, material: i64, installation: i64) -> CatalogProduct {
        CatalogProduct {
            sku: sku.into(),
            name_es: sku.into(),
            name_en: sku.into(),
            product_type: ProductType::SolarControl,
            unit: Unit::M2,
            waste_class: WasteClass::SolarControl,
            material_price: Decimal::new(material, 0),
            installation_price: Decimal::new(installation, 0),
            verticals: vec![Vertical::Automotive],
            specs: Specs { vlt_pct: Some(Decimal::new(vlt, 0)), ..Specs::default() },
            category: None,
            thumbnail_url: None,
            photo_url: None,
        }
    }

    /// The demo organisation's car films and legal minimum.
    fn data() -> AutomotiveWizardCatalog {
        AutomotiveWizardCatalog {
            catalog: PublicCatalog {
                org: "demo".into(),
                name: "Demo".into(),
                currency: domain::Currency::Usd,
                tax_rate: Decimal::new(19, 2),
                country: "CL".into(),
                day: "2026-11-23".into(),
                products: vec![
                    film("AUTO-CARBON-05", 5, 40, 22),
                    film("AUTO-CARBON-20", 20, 40, 22),
                    film("AUTO-CERAMIC-35", 35, 55, 25),
                    film("AUTO-CERAMIC-70", 70, 60, 25),
                ],
            },
            automotive: AutomotiveCatalog::with_overrides(&AutomotiveOverrides { min_front_vlt: Some(35), ..AutomotiveOverrides::default() }),
        }
    }

    /// The end-to-end test's customer: a 2003 Honda by its VIN, both front
    /// door windows in carbon 05, the rear windshield in ceramic 70.
    fn honda() -> AutomotiveForm {
        let mut form = AutomotiveForm::default();
        form.vehicle.vin = "1HGCM82633A004352".into();
        form.vehicle.model = "Accord".into();
        form.vehicle.body_type = "sedan".into();
        form.fill_from_vin();
        for p in [FrontLeft, FrontRight] {
            form.set_glass(p, true);
            form.films.insert(p.as_str().into(), "AUTO-CARBON-05".into());
        }
        form.set_glass(RearWindshield, true);
        form.films.insert("rear_windshield".into(), "AUTO-CERAMIC-70".into());
        form.contact = ContactForm {
            name: "Camila Soto".into(),
            phone: "+56 9 8765 4321".into(),
            address: "Av. Grecia 1200".into(),
            contact_time: "morning".into(),
            ..ContactForm::default()
        };
        form
    }

    #[test]
    fn a_vehicle_on_file_fills_the_form_as_saved() {
        let saved = domain::Vehicle {
            id: "v1".into(),
            customer_id: Some("c1".into()),
            vin: Some("1HGCM82633A004352".into()),
            make: "Honda".into(),
            model: "Accord EX".into(),
            year: 2003,
            body_type: domain::BodyType::Sedan,
            plate: "ABCD12".into(),
            colour: "gris".into(),
            created_at: 0,
            updated_at: 0,
        };
        let mut form = AutomotiveForm::default();
        form.fill_vehicle(&saved);
        let filled = form.vehicle.clone();
        form.fill_from_vin();
        assert_eq!(form.vehicle, filled, "the saved make, model and year are not re-read from the VIN");
        assert_eq!((filled.year.as_str(), filled.body_type.as_str(), filled.plate.as_str()), ("2003", "sedan", "ABCD12"));
        let request = form.to_request("es").expect("readable");
        let vehicle = request.vehicle.expect("described");
        assert_eq!((vehicle.vin.as_deref(), vehicle.make.as_str(), vehicle.model.as_str(), vehicle.year), (Some("1HGCM82633A004352"), "Honda", "Accord EX", 2003));
    }

    #[test]
    fn staff_additions_join_the_live_price() {
        let data = data();
        let form = honda();
        let plain = form.price(&data).breakdown.expect("priced");
        let extra = Decimal::new(25, 0);
        let with = form.price_with(&data, |input| {
            input.extras = vec![domain::ExtraLine { description: "Retiro de lámina antigua".into(), amount: extra }];
            FieldErrors::new()
        });
        assert_eq!(with.breakdown.expect("priced").subtotal, plain.subtotal + extra);
        let unreadable = form.price_with(&data, |_| {
            let mut e = FieldErrors::new();
            e.add("extras[0].amount", "not a number");
            e
        });
        assert_eq!(unreadable.errors.get("extras[0].amount").map(String::as_str), Some("not a number"), "named by its field");
    }

    #[test]
    fn the_state_round_trips_through_pairs() {
        let mut form = honda();
        form.step = AutoStep::Glass;
        form.vehicle.plate = "ab cd 12".into();
        form.set_package("full_car", true);
        form.package_films.insert("full_car".into(), "AUTO-CERAMIC-35".into());
        form.films.insert("sunroof".into(), "AUTO-CARBON-20".into());
        let pairs = form.to_pairs();
        let back = AutomotiveForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, form);
        assert_eq!(back.glass, vec![FrontLeft, FrontRight, RearWindshield], "ALL order");
    }

    #[test]
    fn hostile_pairs_are_ignored() {
        let long = "a".repeat(41);
        let form = AutomotiveForm::from_pairs([
            ("glass", "moonroof"),
            ("film.moonroof", "X"),
            ("package", "Bad Code"),
            ("package", long.as_str()),
            ("package_film.<script>", "X"),
            ("glass", "front_left"),
            ("glass", "front_left"),
        ]);
        assert_eq!(form.glass, vec![FrontLeft], "once, and only a real glass");
        assert!(form.films.is_empty() && form.packages.is_empty() && form.package_films.is_empty(), "{form:?}");
    }

    #[test]
    fn the_live_price_is_the_plan_priced_by_the_engine() {
        let data = data();
        let form = honda();
        let price = form.price(&data);
        let shown = price.breakdown.clone().expect("priced");
        assert!(price.errors.is_empty(), "{:?}", price.errors);

        // What the server does with the same request.
        let request = form.to_request("es").expect("readable");
        let checked = request.vehicle.as_ref().expect("vehicle").check(2026).expect("valid vehicle");
        let vlt = |sku: &str| data.catalog.products.iter().find(|p| p.sku == sku).and_then(|p| film_vlt(&p.specs));
        let plan = plan_automotive(&QuotedVehicle::from(&checked), &request.choice, &data.automotive, vlt).expect("plan");
        let products = data.catalog.priced_products();
        let ctx = PricingContext { currency: domain::Currency::Usd, tax_rate: Decimal::new(19, 2), products: &products };
        let saved = price_quote(&plan.input, &ctx).expect("priced");
        assert_eq!(shown, saved);
        assert_eq!(price.positions, vec![FrontLeft, FrontRight, RearWindshield]);
        assert_eq!(plan.input.rooms[0].name, "Honda Accord 2003");
        // Front windows 0.95 x 0.50 (+15 % waste) at 40 + 22: 21.85 + 12.02 each; rear
        // windshield 1.25 x 0.60 curved (+30 %, installation x 1.5) at 60 + 25: 58.50 + 36.56.
        // Subtotal 162.80, no volume discount, tax 30.93 (see end2end/tests/automotive.spec.ts).
        assert_eq!((shown.subtotal, shown.tax, shown.total), (Decimal::new(16280, 2), Decimal::new(3093, 2), Decimal::new(19373, 2)));

        // Carbon 05 lets 5 % through; the demo's minimum is 35 %.
        let warned: Vec<_> = price.warnings.iter().map(|w| (w.position, w.vlt, w.minimum)).collect();
        assert_eq!(warned, vec![(FrontLeft, 5, 35), (FrontRight, 5, 35)]);
        assert!(price.warning(RearWindshield).is_none());
    }

    #[test]
    fn a_package_replaces_the_glass_it_has_and_prices_the_same() {
        let data = data();
        let mut by_glass = honda();
        by_glass.films.insert("front_left".into(), "AUTO-CERAMIC-35".into());
        by_glass.films.insert("front_right".into(), "AUTO-CERAMIC-35".into());
        let mut by_package = by_glass.clone();
        by_package.set_package("front_two", true);
        by_package.package_films.insert("front_two".into(), "AUTO-CERAMIC-35".into());
        by_package.tidy(&data);
        assert_eq!(by_package.glass, vec![RearWindshield], "the package has the front windows now");
        assert_eq!(by_package.covering_package(&data, FrontLeft).map(|p| p.code.as_str()), Some("front_two"));
        let (a, b) = (by_glass.price(&data), by_package.price(&data));
        assert_eq!(a.breakdown.map(|b| b.total), b.breakdown.map(|b| b.total));
        assert!(b.warnings.is_empty(), "35 % is legal");
    }

    #[test]
    fn refused_glass_is_named_and_the_rest_still_priced() {
        let data = data();
        let mut form = honda();
        form.films.insert("front_right".into(), "NOPE".into());
        form.vehicle.body_type = "pickup_single_cab".into();
        form.set_glass(RearLeft, true);
        form.films.insert("rear_left".into(), "AUTO-CARBON-20".into());
        let price = form.price(&data);
        assert_eq!(price.errors.get("glass.rear_left").map(String::as_str), Some(domain::automotive_messages::NOT_ON_BODY));
        assert_eq!(price.errors.get("film.front_right").map(String::as_str), Some(domain::UNKNOWN_PRODUCT));
        assert_eq!(price.positions, vec![FrontLeft, RearWindshield], "{:?}", price.errors);
    }

    #[test]
    fn a_bad_vin_names_the_rule_it_breaks() {
        let mut form = honda();
        form.vehicle.vin = "1HGCM82633A004353".into();
        let errors = form.to_request("es").expect_err("bad check digit");
        assert!(errors.get("vehicle.vin").is_some_and(|m| m.contains("vin.check_digit")), "{errors:?}");
        let mut short = honda();
        short.vehicle.vin = "1HGCM8".into();
        let checked = short.check_vehicle(2026);
        assert!(checked.get("vehicle.vin").is_some_and(|m| m.contains("vin.length")), "{checked:?}");
        let mut op = short.clone();
        assert_eq!(op.apply("to_glass", &data()).get("vehicle.vin"), checked.get("vehicle.vin"));
        assert_eq!(op.step, AutoStep::Vehicle, "stays to correct it");
    }

    #[test]
    fn a_corrected_vin_clears_what_the_old_one_filled() {
        let data = data();
        let mut form = honda();
        assert_eq!((form.vehicle.make.as_str(), form.vehicle.year.as_str(), form.vehicle.vin_read.as_str()), ("Honda", "2003", "1HGCM82633A004352"));
        // Being corrected: a VIN that does not decode yet changes nothing.
        form.vehicle.vin = "4T1BB3EK5AU11808".into();
        form.fill_from_vin();
        assert_eq!((form.vehicle.make.as_str(), form.vehicle.model.as_str()), ("Honda", "Accord"));
        // Corrected to a Toyota's VIN (no JS: the hidden `vehicle.vin_read` carries the old one).
        form.vehicle.vin = "4t1bb3ek5au118081".into();
        let mut no_js = AutomotiveForm::from_pairs(form.to_pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())));
        no_js.apply("read_vin", &data);
        form.fill_from_vin();
        for f in [&form, &no_js] {
            let v = &f.vehicle;
            assert_eq!((v.make.as_str(), v.model.as_str(), v.year.as_str()), ("Toyota", "", "2010"), "the Honda's make, model and year are gone");
            assert_eq!(v.vin_read, "4T1BB3EK5AU118081");
        }
        // The VIN removed: what it filled goes with it; a body type typed by hand stays.
        form.vehicle.model = "Prius".into();
        form.vehicle.vin.clear();
        form.fill_from_vin();
        let v = &form.vehicle;
        assert_eq!((v.make.as_str(), v.model.as_str(), v.year.as_str(), v.body_type.as_str()), ("", "", "", "sedan"));
        // A make typed by hand (no VIN read) is never cleared, nor the model of the same make.
        let mut typed = AutomotiveForm::default();
        typed.vehicle.make = "Honda".into();
        typed.vehicle.model = "Civic".into();
        typed.vehicle.vin = "1HGCM82633A004352".into();
        typed.fill_from_vin();
        typed.vehicle.vin = "1HGCM82633A004353".into(); // a wrong check digit: not read
        typed.fill_from_vin();
        assert_eq!((typed.vehicle.make.as_str(), typed.vehicle.model.as_str()), ("Honda", "Civic"));
    }

    #[test]
    fn the_vin_fills_make_and_year_and_the_steps_check_what_they_need() {
        let data = data();
        let mut form = AutomotiveForm::default();
        form.vehicle.vin = "1hgcm82633a004352".into();
        let errors = form.apply("to_glass", &data);
        assert_eq!((form.vehicle.make.as_str(), form.vehicle.year.as_str()), ("Honda", "2003"));
        assert!(errors.contains_key("vehicle.model") && errors.contains_key("vehicle.body_type"), "{errors:?}");
        form.vehicle.model = "Accord".into();
        form.vehicle.body_type = "sedan".into();
        assert!(form.apply("to_glass", &data).is_empty());
        assert_eq!(form.step, AutoStep::Glass);
        assert_eq!(form.apply("to_contact", &data).get("glass").map(String::as_str), Some(domain::automotive_messages::NOTHING_CHOSEN));
        form.set_glass(Windshield, true);
        form.tidy(&data);
        assert_eq!(form.film(Windshield), "AUTO-CERAMIC-70", "the lightest film by default");
        assert!(form.apply("to_contact", &data).is_empty());
        assert_eq!(form.step, AutoStep::Contact);
    }

    #[test]
    fn a_glass_tapped_on_the_diagram_toggles_like_its_checkbox() {
        let data = data();
        let mut form = honda();
        form.step = AutoStep::Glass;
        assert!(form.apply("glass:windshield", &data).is_empty());
        assert!(form.glass.contains(&Windshield) && form.film(Windshield) == "AUTO-CERAMIC-70", "chosen with the lightest film");
        assert_eq!(form.step, AutoStep::Glass, "stays on the step");
        form.apply("glass:front_left", &data);
        assert!(!form.glass.contains(&FrontLeft), "a second tap drops it");
        assert_eq!(form.film(FrontLeft), "AUTO-CARBON-05", "its film is kept for next time");
        let before = form.clone();
        form.apply("glass:moonroof", &data);
        assert_eq!(form, before, "an unknown glass changes nothing");
    }

    #[test]
    fn server_errors_come_back_to_the_form_fields() {
        let mut form = honda();
        form.set_package("front_two", true);
        let errors: BTreeMap<String, String> = [
            ("items[2].sku", "x"),
            ("items[0].position", "y"),
            ("packages[0].package_code", "z"),
            ("vehicle.bodyType", "b"),
            ("contact.phone", "p"),
            ("items", "n"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let fields = form.form_errors(&errors);
        for field in ["film.rear_windshield", "glass.front_left", "package.front_two", "vehicle.body_type", "contact.phone", "glass"] {
            assert!(fields.contains_key(field), "{field}: {fields:?}");
        }
        assert_eq!(AutoStep::of_field("package_film.front_two"), AutoStep::Glass);
        assert_eq!(AutoStep::of_field("vehicle.vin"), AutoStep::Vehicle);
    }

    #[test]
    fn requests_carry_everything_typed() {
        let request = honda().to_request("en").expect("request");
        assert_eq!(request.language, "en");
        assert_eq!(request.vehicle_id, None, "customers describe the vehicle");
        let vehicle = request.vehicle.expect("vehicle");
        assert_eq!((vehicle.make.as_str(), vehicle.year, vehicle.body_type), ("Honda", 2003, Some(BodyType::Sedan)));
        assert_eq!(request.choice.items.len(), 3);
        assert_eq!(request.choice.items[2], PositionChoice { position: RearWindshield, sku: "AUTO-CERAMIC-70".into() });
        assert_eq!(request.contact.contact_time, ContactTime::Morning);
        let mut no_year = honda();
        no_year.vehicle.year = "dos mil".into();
        assert_eq!(no_year.to_request("es").expect_err("year").get("vehicle.year"), Some(NOT_WHOLE));
    }
}
