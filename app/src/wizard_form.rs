//! The quote wizard's state as the customer typed it (text, maybe half
//! typed), shared by the page in the browser, the page rendered on the
//! server, and the server's no-JavaScript form handler.
//!
//! Field names are the paths errors use: `rooms[0].name`,
//! `rooms[0].openings[1].width`, `contact.phone`. The same text form travels
//! as a query string (no-JS steps), as a POST body (no-JS submit), as JSON
//! (the server function) and in the browser's local storage (the draft).
use std::collections::BTreeMap;

use domain::{
    Contact, ContactTime, FieldErrors, Opening, OpeningKind, PricedProduct, PricingContext, QuoteBreakdown, QuoteInput, QuoteRequest,
    Room, Vertical, price_quote,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::PublicCatalog;

/// Most rooms and openings per room the wizard offers (the API allows more).
pub const MAX_WIZARD_ROOMS: usize = 30;
pub const MAX_WIZARD_OPENINGS: usize = 40;

/// Query keys of errors the no-JS submit sends back: `error.contact.phone=…`.
pub const ERROR_PREFIX: &str = "error.";

/// Message of a field that does not read as a number.
pub const NOT_A_NUMBER: &str = "must be a number";
pub const NOT_WHOLE: &str = "must be a whole number";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    M,
    Cm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningForm {
    pub kind: String,
    pub width: String,
    pub height: String,
    pub quantity: String,
    pub sku: String,
    #[serde(default)]
    pub curved: bool,
    #[serde(default)]
    pub difficult: bool,
}

impl OpeningForm {
    pub fn new(sku: &str) -> OpeningForm {
        OpeningForm {
            kind: "window".into(),
            width: String::new(),
            height: String::new(),
            quantity: "1".into(),
            sku: sku.to_owned(),
            curved: false,
            difficult: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomForm {
    pub name: String,
    pub floor: String,
    pub openings: Vec<OpeningForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContactForm {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub commune: String,
    pub contact_time: String,
    /// The customer's language (`es`/`en`); empty: the page's.
    #[serde(default)]
    pub language: String,
}

impl ContactForm {
    /// Sets field `contact.{name}` of a form's pairs; another name is ignored.
    pub fn set(&mut self, key: &str, value: String) {
        let field = match key.strip_prefix("contact.") {
            Some("name") => &mut self.name,
            Some("phone") => &mut self.phone,
            Some("email") => &mut self.email,
            Some("address") => &mut self.address,
            Some("commune") => &mut self.commune,
            Some("contact_time") => &mut self.contact_time,
            Some("language") => &mut self.language,
            _ => return,
        };
        *field = value;
    }

    /// The fields as `contact.{name}` pairs, the inverse of [`ContactForm::set`].
    pub fn pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        [
            ("name", &self.name),
            ("phone", &self.phone),
            ("email", &self.email),
            ("address", &self.address),
            ("commune", &self.commune),
            ("contact_time", &self.contact_time),
            ("language", &self.language),
        ]
        .into_iter()
        .map(|(k, v)| (format!("contact.{k}"), v.clone()))
    }
}

/// The wizard's three steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    #[default]
    Vertical,
    Rooms,
    Contact,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Vertical => "vertical",
            Step::Rooms => "rooms",
            Step::Contact => "contact",
        }
    }

    fn parse(text: &str) -> Step {
        match text {
            "rooms" => Step::Rooms,
            "contact" => Step::Contact,
            _ => Step::Vertical,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WizardForm {
    pub step: Step,
    /// `residential`, `commercial`, `architectural`; empty until chosen.
    pub vertical: String,
    pub units: Units,
    pub extreme_weather: bool,
    pub rooms: Vec<RoomForm>,
    pub contact: ContactForm,
}

/// What the live price shows: the priced openings that are complete, and
/// the problems of the others, by field.
#[derive(Debug, Clone, PartialEq)]
pub struct WizardPrice {
    pub breakdown: Option<QuoteBreakdown>,
    /// `(room, opening)` of each line of `breakdown`, in the form's numbering.
    pub line_origins: Vec<(usize, usize)>,
    pub errors: FieldErrors,
}

impl WizardForm {
    /// A new wizard: one room ready for its first opening.
    pub fn start(room_name: &str) -> WizardForm {
        WizardForm { rooms: vec![RoomForm { name: room_name.to_owned(), floor: "1".into(), openings: vec![] }], ..WizardForm::default() }
    }

    /// How room `i` is called on screen: its name, or "Ambiente 2" / "Room 2" while it has none.
    pub fn room_label(&self, i: usize, lang: crate::i18n::Lang) -> String {
        match self.rooms.get(i).map(|r| r.name.trim()).filter(|n| !n.is_empty()) {
            Some(name) => name.to_owned(),
            None => format!("{} {}", lang.t("Ambiente", "Room"), i + 1),
        }
    }

    pub fn vertical(&self) -> Option<Vertical> {
        self.vertical.parse::<Vertical>().ok().filter(|v| *v != Vertical::Automotive)
    }

    /// Whether the text pairs carry a wizard at all (a bare `/q/{slug}` does not).
    pub fn present_in<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
        pairs.into_iter().any(|(k, _)| k == "vertical" || k == "step")
    }

    /// Reads the form from `name=value` pairs (query string or POST body).
    /// Unknown names are ignored; indexes beyond the wizard's limits too.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> WizardForm {
        let mut form = WizardForm::default();
        for (key, value) in pairs {
            form.set(key, value);
        }
        form
    }

    fn set(&mut self, key: &str, value: &str) {
        let value = value.to_owned();
        match key {
            "step" => self.step = Step::parse(&value),
            "vertical" => self.vertical = value,
            "units" => self.units = if value == "cm" { Units::Cm } else { Units::M },
            "extreme_weather" => self.extreme_weather = value == "true",
            _ if key.starts_with("contact.") => self.contact.set(key, value),
            _ => {
                let Some((i, rest)) = index_after(key, "rooms[") else { return };
                if i >= MAX_WIZARD_ROOMS {
                    return;
                }
                while self.rooms.len() <= i {
                    self.rooms.push(RoomForm { name: String::new(), floor: "1".into(), openings: vec![] });
                }
                let room = &mut self.rooms[i];
                match rest {
                    ".name" => room.name = value,
                    ".floor" => room.floor = value,
                    _ => {
                        let Some((j, field)) = index_after(rest, ".openings[") else { return };
                        if j >= MAX_WIZARD_OPENINGS {
                            return;
                        }
                        while room.openings.len() <= j {
                            room.openings.push(OpeningForm::new(""));
                        }
                        let o = &mut room.openings[j];
                        match field {
                            ".kind" => o.kind = value,
                            ".width" => o.width = value,
                            ".height" => o.height = value,
                            ".quantity" => o.quantity = value,
                            ".sku" => o.sku = value,
                            ".curved" => o.curved = value == "true",
                            ".difficult" => o.difficult = value == "true",
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    /// The form as `name=value` pairs, the inverse of [`WizardForm::from_pairs`].
    pub fn to_pairs(&self, with_contact: bool) -> Vec<(String, String)> {
        let mut out = vec![
            ("step".to_owned(), self.step.as_str().to_owned()),
            ("vertical".to_owned(), self.vertical.clone()),
            ("units".to_owned(), if self.units == Units::Cm { "cm" } else { "m" }.to_owned()),
        ];
        if self.extreme_weather {
            out.push(("extreme_weather".into(), "true".into()));
        }
        for (i, r) in self.rooms.iter().enumerate() {
            out.push((format!("rooms[{i}].name"), r.name.clone()));
            out.push((format!("rooms[{i}].floor"), r.floor.clone()));
            for (j, o) in r.openings.iter().enumerate() {
                let p = |f: &str| format!("rooms[{i}].openings[{j}].{f}");
                out.push((p("kind"), o.kind.clone()));
                out.push((p("width"), o.width.clone()));
                out.push((p("height"), o.height.clone()));
                out.push((p("quantity"), o.quantity.clone()));
                out.push((p("sku"), o.sku.clone()));
                if o.curved {
                    out.push((p("curved"), "true".into()));
                }
                if o.difficult {
                    out.push((p("difficult"), "true".into()));
                }
            }
        }
        if with_contact {
            out.extend(self.contact.pairs());
        }
        out
    }

    /// Applies a no-JS button (`op=add_room`, `remove_opening:0:1`…) and
    /// returns the step to show. The browser calls the same operations.
    pub fn apply(&mut self, op: &str, new_room_name: &str, first_sku: &str) {
        if let Some((at, room)) = parse_restore_op(op) {
            self.restore_room(at, room);
            return;
        }
        let mut parts = op.split(':');
        let name = parts.next().unwrap_or_default();
        let a: Option<usize> = parts.next().and_then(|p| p.parse().ok());
        let b: Option<usize> = parts.next().and_then(|p| p.parse().ok());
        match (name, a, b) {
            ("vertical", _, _) => {}
            ("add_room", _, _) => self.add_room(new_room_name),
            ("remove_room", Some(i), _) => self.remove_room(i),
            ("room_up", Some(i), _) => self.move_room_up(i),
            ("add_opening", Some(i), _) => self.add_opening(i, first_sku),
            ("remove_opening", Some(i), Some(j)) => self.remove_opening(i, j),
            ("units", _, _) => {}
            ("to_rooms", _, _) => self.step = Step::Rooms,
            ("to_contact", _, _) => self.step = Step::Contact,
            ("to_vertical", _, _) => self.step = Step::Vertical,
            _ => {}
        }
    }

    pub fn add_room(&mut self, name: &str) {
        if self.rooms.len() < MAX_WIZARD_ROOMS {
            let floor = self.rooms.last().map_or_else(|| "1".to_owned(), |r| r.floor.clone());
            self.rooms.push(RoomForm { name: name.to_owned(), floor, openings: vec![] });
        }
    }

    pub fn remove_room(&mut self, i: usize) {
        if i < self.rooms.len() {
            self.rooms.remove(i);
        }
    }

    /// Puts a removed room back at `at` (or last, if fewer rooms remain), as it was typed.
    pub fn restore_room(&mut self, at: usize, room: RoomForm) {
        if self.rooms.len() < MAX_WIZARD_ROOMS {
            let at = at.min(self.rooms.len());
            self.rooms.insert(at, room);
        }
    }

    pub fn move_room_up(&mut self, i: usize) {
        if i > 0 && i < self.rooms.len() {
            self.rooms.swap(i - 1, i);
        }
    }

    /// A new opening copies the film of the room's last one (or `sku`).
    pub fn add_opening(&mut self, i: usize, sku: &str) {
        if let Some(room) = self.rooms.get_mut(i) {
            if room.openings.len() < MAX_WIZARD_OPENINGS {
                let sku = room.openings.last().map_or(sku, |o| o.sku.as_str()).to_owned();
                room.openings.push(OpeningForm::new(&sku));
            }
        }
    }

    pub fn remove_opening(&mut self, i: usize, j: usize) {
        if let Some(room) = self.rooms.get_mut(i) {
            if j < room.openings.len() {
                room.openings.remove(j);
            }
        }
    }

    /// Switches units, converting every size typed so far (1,2 m ↔ 120 cm).
    pub fn set_units(&mut self, units: Units) {
        if units == self.units {
            return;
        }
        let factor = Decimal::ONE_HUNDRED;
        for o in self.rooms.iter_mut().flat_map(|r| r.openings.iter_mut()) {
            for side in [&mut o.width, &mut o.height] {
                if let Some(v) = parse_decimal(side) {
                    let converted = if units == Units::Cm { v * factor } else { v / factor };
                    *side = converted.normalize().to_string();
                }
            }
        }
        self.units = units;
    }

    /// A side in metres, from the text typed in the form's units; `1.200` in
    /// centimetres (1200 cm or 1,2 cm?) is refused as ambiguous.
    fn metres(&self, text: &str) -> Result<Decimal, &'static str> {
        let cm = self.units == Units::Cm;
        let max = if cm { domain::MAX_SIDE_M * Decimal::ONE_HUNDRED } else { domain::MAX_SIDE_M };
        let v = read_size(text, max)?;
        Ok(if cm { v / Decimal::ONE_HUNDRED } else { v })
    }

    /// The openings that read completely, as a pricing input, with where
    /// each came from; every unreadable field is reported by its path.
    fn readable_input(&self) -> (QuoteInput, Vec<(usize, usize)>, Vec<Vec<usize>>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut origins = Vec::new();
        let mut kept = Vec::new();
        let mut rooms = Vec::new();
        for (i, r) in self.rooms.iter().enumerate() {
            let floor = match r.floor.trim() {
                "" => domain::DEFAULT_FLOOR,
                text => text.parse::<i32>().unwrap_or_else(|_| {
                    errors.add(format!("rooms[{i}].floor"), NOT_WHOLE);
                    domain::DEFAULT_FLOOR
                }),
            };
            let mut openings = Vec::new();
            let mut kept_here = Vec::new();
            for (j, o) in r.openings.iter().enumerate() {
                let path = |f: &str| format!("rooms[{i}].openings[{j}].{f}");
                let width = self.metres(&o.width);
                let height = self.metres(&o.height);
                if let Err(message) = width {
                    errors.add(path("width"), message);
                }
                if let Err(message) = height {
                    errors.add(path("height"), message);
                }
                let (width, height) = (width.ok(), height.ok());
                let quantity = o.quantity.trim().parse::<u32>().ok();
                let kind = o.kind.parse::<OpeningKind>().ok();
                if quantity.is_none() {
                    errors.add(path("quantity"), NOT_WHOLE);
                }
                if kind.is_none() {
                    errors.add(path("kind"), domain::messages::CHOICE);
                }
                if let (Some(width_m), Some(height_m), Some(quantity), Some(kind)) = (width, height, quantity, kind) {
                    kept_here.push(j);
                    origins.push((i, j));
                    openings.push(Opening {
                        kind,
                        width_m,
                        height_m,
                        quantity,
                        sku: o.sku.clone(),
                        curved_glass: o.curved,
                        difficult_access: o.difficult,
                    });
                }
            }
            kept.push(kept_here);
            rooms.push(Room { name: r.name.trim().to_owned(), floor, openings });
        }
        (QuoteInput { extreme_weather: self.extreme_weather, rooms, ..Default::default() }, origins, kept, errors)
    }

    /// The live price of what is complete so far, with the catalog's prices.
    pub fn price(&self, catalog: &PublicCatalog) -> WizardPrice {
        self.price_with(catalog, |_| FieldErrors::new())
    }

    /// [`WizardForm::price`] with what `adjust` adds to the input (the staff
    /// editor's extra lines and manual discount) and the errors it reports.
    pub fn price_with(&self, catalog: &PublicCatalog, adjust: impl FnOnce(&mut QuoteInput) -> FieldErrors) -> WizardPrice {
        let (input, origins, kept, mut errors) = self.readable_input();
        let vertical = self.vertical();
        let products: Vec<PricedProduct> = catalog
            .products
            .iter()
            .filter(|p| vertical.is_none_or(|v| p.verticals.contains(&v)))
            .map(|p| p.priced())
            .collect();
        let ctx = PricingContext { currency: catalog.currency, tax_rate: catalog.tax_rate, products: &products };
        // Price only the openings the engine accepts; report the others.
        let rule_errors = domain::validate_quote(&input);
        let mut clean = input.clone();
        let mut clean_origins = Vec::new();
        let mut at = 0;
        for (i, room) in clean.rooms.iter_mut().enumerate() {
            let mut j = 0;
            room.openings.retain(|o| {
                let form_j = kept[i][j];
                let engine_path = |f: &str| domain::opening_path(i, j, f);
                let mut ok = true;
                for (engine, form) in [("width_m", "width"), ("height_m", "height"), ("quantity", "quantity"), ("sku", "sku")] {
                    if let Some(message) = rule_errors.get(&engine_path(engine)) {
                        errors.add(format!("rooms[{i}].openings[{form_j}].{form}"), message);
                        ok = false;
                    }
                }
                if !products.iter().any(|p| p.sku == o.sku) {
                    errors.add(format!("rooms[{i}].openings[{form_j}].sku"), domain::UNKNOWN_PRODUCT);
                    ok = false;
                }
                if ok {
                    clean_origins.push(origins[at]);
                }
                at += 1;
                j += 1;
                ok
            });
        }
        for (path, message) in rule_errors.0 {
            if !path.contains(".openings[") {
                errors.add(path, message);
            }
        }
        errors.merge(adjust(&mut clean));
        let has_lines = clean.rooms.iter().any(|r| !r.openings.is_empty());
        let breakdown = if has_lines {
            price_quote(&clean, &ctx)
                .map_err(|e| {
                    // Only the staff's fields can fail here (openings were checked above).
                    for (path, message) in e.0 {
                        if path.starts_with("extras") || path == "manual_discount" {
                            errors.add(path, message);
                        }
                    }
                })
                .ok()
        } else {
            None
        };
        WizardPrice { breakdown, line_origins: clean_origins, errors }
    }

    /// The request to submit; every problem by its form path.
    pub fn to_request(&self, lang: &str) -> Result<QuoteRequest, FieldErrors> {
        let (input, _, kept, mut errors) = self.readable_input();
        let Some(vertical) = self.vertical() else {
            errors.add("vertical", domain::quote_messages::VERTICAL);
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let contact_time = self.contact.contact_time.parse::<ContactTime>().unwrap_or_default();
        let c = &self.contact;
        let request = QuoteRequest {
            vertical,
            language: match (self.contact.language.as_str(), lang) {
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
                contact_time,
            },
            input,
        };
        // Every opening was readable, so form and engine numbering agree.
        debug_assert!(kept.iter().zip(&self.rooms).all(|(k, r)| k.len() == r.openings.len()));
        Ok(request)
    }
}

impl WizardForm {
    /// The editor's form for a quote's current content (sizes in metres).
    pub fn from_document(doc: &domain::QuoteDocument) -> WizardForm {
        WizardForm {
            step: Step::Rooms,
            vertical: doc.vertical.as_str().to_owned(),
            units: Units::M,
            extreme_weather: doc.input.extreme_weather,
            rooms: doc
                .input
                .rooms
                .iter()
                .map(|r| RoomForm {
                    name: r.name.clone(),
                    floor: r.floor.to_string(),
                    openings: r
                        .openings
                        .iter()
                        .map(|o| OpeningForm {
                            kind: o.kind.as_str().to_owned(),
                            width: o.width_m.normalize().to_string(),
                            height: o.height_m.normalize().to_string(),
                            quantity: o.quantity.to_string(),
                            sku: o.sku.clone(),
                            curved: o.curved_glass,
                            difficult: o.difficult_access,
                        })
                        .collect(),
                })
                .collect(),
            contact: ContactForm::from_document(doc),
        }
    }
}

impl ContactForm {
    /// The contact of a quote's current content, in the quote's language.
    pub fn from_document(doc: &domain::QuoteDocument) -> ContactForm {
        let c = &doc.contact;
        ContactForm {
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            commune: c.commune.clone(),
            contact_time: c.contact_time.as_str().to_owned(),
            language: doc.language.clone(),
        }
    }
}

/// The no-JS "Deshacer" button's `op` after removing room `at`: the room
/// travels in the button itself (`restore_room:1:{json}`), so the page needs
/// no other state to put it back.
pub fn restore_op(at: usize, room: &RoomForm) -> String {
    format!("restore_room:{at}:{}", serde_json::to_string(room).unwrap_or_default())
}

/// The room and place of a [`restore_op`]; anything malformed or over the
/// wizard's limits is `None` (the button is ignored).
fn parse_restore_op(op: &str) -> Option<(usize, RoomForm)> {
    let (at, json) = op.strip_prefix("restore_room:")?.split_once(':')?;
    let at = at.parse::<usize>().ok().filter(|at| *at < MAX_WIZARD_ROOMS)?;
    let room: RoomForm = serde_json::from_str(json).ok()?;
    (room.openings.len() <= MAX_WIZARD_OPENINGS).then_some((at, room))
}

/// Maps the engine's field paths (`…width_m`) to the form's (`…width`).
pub fn form_paths(errors: &FieldErrors) -> BTreeMap<String, String> {
    errors
        .0
        .iter()
        .map(|(path, message)| {
            let path = path.replace(".width_m", ".width").replace(".height_m", ".height");
            (path, message.clone())
        })
        .collect()
}

/// `1,20` and `1.20` both read as 1.20; anything else is `None`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    read_size(text, domain::MAX_SIDE_M).ok()
}

/// A size as typed (`domain::read_decimal`: `,` or `.` is the decimal mark,
/// no thousands separator, no `+`), or the field message: required, not a
/// number, or could be thousands (when that would not be over `max`).
pub fn read_size(text: &str, max: Decimal) -> Result<Decimal, &'static str> {
    if text.trim().starts_with('+') {
        return Err(NOT_A_NUMBER);
    }
    domain::read_decimal(text, max).map_err(|e| match e {
        domain::NumberError::Empty => domain::messages::REQUIRED,
        domain::NumberError::AmbiguousPlain => domain::number_messages::AMBIGUOUS,
        _ => NOT_A_NUMBER,
    })
}

/// `rooms[12].name` with prefix `rooms[` → `(12, ".name")`.
fn index_after<'a>(key: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(prefix)?;
    let (index, rest) = rest.split_once(']')?;
    if index.is_empty() || index.len() > 3 || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((index.parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogProduct;
    use domain::{ProductType, Specs, Unit, WasteClass};

    fn catalog() -> PublicCatalog {
        let film = |sku: &str, m: i64, i: i64| CatalogProduct {
            sku: sku.into(),
            name_es: sku.into(),
            name_en: sku.into(),
            product_type: ProductType::SolarControl,
            unit: Unit::M2,
            waste_class: WasteClass::SolarControl,
            material_price: Decimal::new(m, 0),
            installation_price: Decimal::new(i, 0),
            verticals: vec![Vertical::Residential],
            specs: Specs::default(),
            category: None,
            thumbnail_url: None,
            photo_url: None,
        };
        PublicCatalog {
            org: "demo".into(),
            name: "Demo".into(),
            currency: domain::Currency::Usd,
            tax_rate: Decimal::new(19, 2),
            country: "CL".into(),
            day: "2026-11-23".into(),
            products: vec![film("SOL-CERAMIC-70", 85, 20), film("SEC", 45, 15)],
        }
    }

    fn filled() -> WizardForm {
        let mut form = WizardForm::start("Living");
        form.vertical = "residential".into();
        form.rooms[0].floor = "4".into();
        form.add_opening(0, "SOL-CERAMIC-70");
        let o = &mut form.rooms[0].openings[0];
        o.width = "1,20".into();
        o.height = "1.50".into();
        o.quantity = "2".into();
        form.contact = ContactForm {
            name: "Ana".into(),
            phone: "+56 9 1234 5678".into(),
            email: String::new(),
            address: "Calle 1".into(),
            commune: "Ñuñoa".into(),
            contact_time: "morning".into(),
            language: String::new(),
        };
        form
    }

    #[test]
    fn pairs_round_trip() {
        let mut form = filled();
        form.add_room("Baño");
        form.add_opening(1, "SEC");
        form.rooms[1].openings[0].curved = true;
        form.extreme_weather = true;
        let pairs = form.to_pairs(true);
        let back = WizardForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, form);
        let without_contact = WizardForm::from_pairs(form.to_pairs(false).iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(without_contact.contact, ContactForm::default());
    }

    #[test]
    fn hostile_indexes_are_ignored() {
        let form = WizardForm::from_pairs([("rooms[999999999].name", "x"), ("rooms[31].name", "y"), ("rooms[x].name", "z"), ("rooms[0].openings[41].width", "1")]);
        assert_eq!(form.rooms.len(), 1, "only rooms[0] is created by the opening's key");
        assert!(form.rooms[0].openings.is_empty());
    }

    #[test]
    fn live_price_matches_the_contract_example() {
        let form = filled();
        let price = form.price(&catalog());
        let b = price.breakdown.expect("priced");
        assert_eq!(b.lines[0].total, Decimal::new(45126, 2), "451.26 as in pricing.md");
        assert_eq!(b.total, Decimal::new(53700, 2));
        assert_eq!(price.line_origins, vec![(0, 0)]);
        assert!(price.errors.is_empty(), "{:?}", price.errors);
    }

    #[test]
    fn centimetres_are_converted_exactly() {
        let mut form = filled();
        form.set_units(Units::Cm);
        assert_eq!((form.rooms[0].openings[0].width.as_str(), form.rooms[0].openings[0].height.as_str()), ("120", "150"));
        assert_eq!(form.price(&catalog()).breakdown.map(|b| b.total), Some(Decimal::new(53700, 2)));
        form.set_units(Units::M);
        assert_eq!(form.rooms[0].openings[0].width, "1.2");
    }

    #[test]
    fn sizes_take_either_decimal_mark_and_refuse_what_could_be_thousands() {
        let total = |w: &str, h: &str, units: Units| {
            let mut form = filled();
            form.units = units;
            form.rooms[0].openings[0].width = w.into();
            form.rooms[0].openings[0].height = h.into();
            let price = form.price(&catalog());
            (price.breakdown.map(|b| b.total), price.errors)
        };
        let expected = Some(Decimal::new(53700, 2));
        assert_eq!(total("1,2", "1,5", Units::M).0, expected, "comma");
        assert_eq!(total("1.2", "1.5", Units::M).0, expected, "dot");
        assert_eq!(total("1,20", "1.500", Units::M).0, expected, "1.500 m is 1,5 m: no window is 1500 m");
        assert_eq!(total("120", "150", Units::Cm).0, expected, "centimetres");
        assert_eq!(total("120,0", "150.0", Units::Cm).0, expected);
        let (breakdown, errors) = total("1.200", "150", Units::Cm);
        assert_ne!(breakdown, expected, "1.200 cm is left out of the price");
        assert_eq!(errors.get("rooms[0].openings[0].width"), Some(domain::number_messages::AMBIGUOUS), "1200 cm or 1,2 cm?");
        assert_eq!(total("+1", "1", Units::M).1.get("rooms[0].openings[0].width"), Some(NOT_A_NUMBER));
        assert_eq!(total("1.234,5", "1", Units::M).1.get("rooms[0].openings[0].width"), Some(NOT_A_NUMBER));
    }

    #[test]
    fn half_typed_openings_are_left_out_and_named() {
        let mut form = filled();
        form.add_opening(0, "SOL-CERAMIC-70");
        form.rooms[0].openings[1].width = "abc".into();
        form.add_opening(0, "SOL-CERAMIC-70");
        form.rooms[0].openings[2].width = "25".into();
        form.rooms[0].openings[2].height = "1".into();
        let price = form.price(&catalog());
        assert_eq!(price.breakdown.map(|b| b.lines.len()), Some(1));
        assert_eq!(price.errors.get("rooms[0].openings[1].width"), Some(NOT_A_NUMBER));
        assert_eq!(price.errors.get("rooms[0].openings[1].height"), Some(domain::messages::REQUIRED));
        assert_eq!(price.errors.get("rooms[0].openings[2].width"), Some("must be at most 20"));
        assert!(form.to_request("es").is_err());
    }

    #[test]
    fn requests_carry_everything_typed() {
        let request = filled().to_request("en").expect("request");
        assert_eq!(request.vertical, Vertical::Residential);
        assert_eq!(request.language, "en");
        assert_eq!(request.input.rooms[0].floor, 4);
        assert_eq!(request.input.rooms[0].openings[0].width_m, Decimal::new(120, 2));
        assert_eq!(request.contact.contact_time, ContactTime::Morning);
        let mut no_vertical = filled();
        no_vertical.vertical = "automotive".into();
        assert_eq!(no_vertical.to_request("es").expect_err("vertical").get("vertical"), Some(domain::quote_messages::VERTICAL));
    }

    #[test]
    fn a_document_comes_back_as_the_same_request() {
        let request = filled().to_request("es").expect("request");
        let catalog = catalog();
        let priced = form_priced(&request, &catalog);
        let form = WizardForm::from_document(&priced);
        assert_eq!(form.to_request("en").expect("again"), QuoteRequest { language: "es".into(), ..request });
    }

    fn form_priced(request: &QuoteRequest, catalog: &PublicCatalog) -> domain::QuoteDocument {
        let products = catalog.priced_products();
        let ctx = PricingContext { currency: catalog.currency, tax_rate: catalog.tax_rate, products: &products };
        domain::QuoteDocument {
            number: "COT-2026-000001".into(),
            version: 1,
            vertical: request.vertical,
            language: request.language.clone(),
            currency: catalog.currency,
            priced_on: catalog.day.clone(),
            org: domain::OrgCard::default(),
            contact: request.contact.clone(),
            input: request.input.clone(),
            breakdown: price_quote(&request.input, &ctx).expect("priced"),
            films: vec![],
            automotive: None,
        }
    }

    #[test]
    fn room_operations() {
        let mut form = filled();
        form.apply("add_room", "Cocina", "SEC");
        assert_eq!((form.rooms.len(), form.rooms[1].floor.as_str()), (2, "4"), "a new room starts on the last floor");
        form.apply("add_opening:1", "", "SEC");
        assert_eq!(form.rooms[1].openings[0].sku, "SEC");
        form.apply("room_up:1", "", "");
        assert_eq!(form.rooms[0].name, "Cocina");
        form.apply("remove_opening:0:0", "", "");
        assert!(form.rooms[0].openings.is_empty());
        form.apply("remove_room:0", "", "");
        form.apply("remove_room:7", "", "");
        assert_eq!(form.rooms.len(), 1);
        form.apply("to_contact", "", "");
        assert_eq!(form.step, Step::Contact);
    }

    #[test]
    fn a_removed_room_comes_back_at_its_place_with_everything_typed() {
        let mut form = filled();
        form.add_room("Cocina");
        form.add_opening(1, "SEC");
        form.rooms[1].openings[0].width = "0,8".into();
        form.rooms[1].openings[0].curved = true;
        form.add_room("Baño");
        let before = form.clone();
        let undo = restore_op(1, &form.rooms[1]);
        form.apply("remove_room:1", "", "");
        assert_eq!(form.rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Living", "Baño"]);
        form.apply(&undo, "Ambiente", "SEC");
        assert_eq!(form, before, "back between Living and Baño, sizes and all");
        // A restore past the end lands last; malformed or oversized ones do nothing.
        form.apply(&restore_op(9, &before.rooms[0]), "", "");
        assert_eq!(form.rooms.last(), before.rooms.first());
        let rooms = form.rooms.len();
        for bad in ["restore_room:1:{", "restore_room:x:{}", "restore_room:99:{\"name\":\"a\",\"floor\":\"1\",\"openings\":[]}"] {
            form.apply(bad, "", "");
        }
        let mut huge = before.rooms[0].clone();
        huge.openings = vec![OpeningForm::new("SEC"); MAX_WIZARD_OPENINGS + 1];
        form.apply(&restore_op(0, &huge), "", "");
        assert_eq!(form.rooms.len(), rooms);
    }
}
