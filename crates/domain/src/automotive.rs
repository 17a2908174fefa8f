//! Automotive quoting: body types, glass positions, default glass sizes
//! (`data/glass_templates.csv`), packages, and the translation of a
//! vehicle's chosen glass into a [`QuoteInput`] priced by the one engine,
//! [`crate::price_quote`]. Also the legal-tint warnings for front side windows.
//!
//! A vehicle becomes one room (named after the vehicle, floor
//! [`DEFAULT_FLOOR`] so no height surcharge applies) with one opening per
//! glass position: quantity 1, sizes from the template of the body type,
//! `curved_glass` for windshields and roofs (so the contract's curved-glass
//! waste row and × 1.5 installation factor apply), never difficult access.
//! Roof glass is an [`OpeningKind::Skylight`], every other position an
//! [`OpeningKind::Window`]; with curved glass the kind does not change the
//! waste (the curved row wins), only how the line is labelled.
use std::sync::OnceLock;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::names::named_enum;
use crate::product::Specs;
use crate::quote::{DEFAULT_FLOOR, Opening, OpeningKind, QuoteInput, Room};
use crate::validation::{FieldErrors, MAX_ROOM_NAME_CHARS};

/// Default glass sizes, `body_type,position,width_m,height_m`.
const GLASS_TEMPLATES_CSV: &str = include_str!("../data/glass_templates.csv");

/// Field messages of an automotive selection; the UI translates these texts.
pub mod automotive_messages {
    /// A position picked twice (alone, or alone and in a package).
    pub const DUPLICATE: &str = "is chosen twice";
    /// A package that repeats glass an earlier package already has.
    pub const PACKAGE_OVERLAP: &str = "repeats glass already chosen";
    /// A position the body type does not have (a coupe's rear doors).
    pub const NOT_ON_BODY: &str = "this body type has no such glass";
    /// A package none of whose glass the body type has.
    pub const EMPTY_PACKAGE: &str = "has no glass on this body type";
    /// No template gives the size of this glass for this body type.
    pub const NO_TEMPLATE: &str = "has no glass size for this body type";
    /// Neither glass nor a package was chosen.
    pub const NOTHING_CHOSEN: &str = "choose at least one glass or package";
    /// A legal minimum VLT that is not a whole percentage from 1 to 100.
    pub const VLT_RANGE: &str = "must be a whole number from 1 to 100";
}
use automotive_messages as am;

/// The shape of a vehicle; decides which glass it has and its sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyType {
    Sedan,
    Hatchback,
    Suv,
    PickupSingleCab,
    PickupDoubleCab,
    Coupe,
    Van,
    Minivan,
    StationWagon,
}
named_enum!(BodyType, "body type", [
    Sedan => "sedan", Hatchback => "hatchback", Suv => "suv",
    PickupSingleCab => "pickup_single_cab", PickupDoubleCab => "pickup_double_cab",
    Coupe => "coupe", Van => "van", Minivan => "minivan", StationWagon => "station_wagon",
]);

/// A piece of glass of a vehicle, as tint shops quote them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GlassPosition {
    Windshield,
    /// The sun band across the top of the windshield.
    WindshieldStrip,
    FrontLeft,
    FrontRight,
    RearLeft,
    RearRight,
    /// Fixed side glass behind the doors (or the rear side panels of a van).
    QuarterLeft,
    QuarterRight,
    /// The back glass (rear window, back-door glass of a van).
    RearWindshield,
    Sunroof,
    PanoramicRoof,
}
named_enum!(GlassPosition, "glass position", [
    Windshield => "windshield", WindshieldStrip => "windshield_strip",
    FrontLeft => "front_left", FrontRight => "front_right",
    RearLeft => "rear_left", RearRight => "rear_right",
    QuarterLeft => "quarter_left", QuarterRight => "quarter_right",
    RearWindshield => "rear_windshield", Sunroof => "sunroof", PanoramicRoof => "panoramic_roof",
]);

fn pick(lang: &str, es: &'static str, en: &'static str) -> &'static str {
    if lang == "en" { en } else { es }
}

impl BodyType {
    /// Spanish, or English for `lang == "en"`.
    pub fn label(self, lang: &str) -> &'static str {
        use BodyType::*;
        match self {
            Sedan => pick(lang, "Sedán", "Sedan"),
            Hatchback => pick(lang, "Hatchback", "Hatchback"),
            Suv => pick(lang, "SUV", "SUV"),
            PickupSingleCab => pick(lang, "Camioneta cabina simple", "Pickup, single cab"),
            PickupDoubleCab => pick(lang, "Camioneta doble cabina", "Pickup, double cab"),
            Coupe => pick(lang, "Cupé", "Coupe"),
            Van => pick(lang, "Furgón", "Van"),
            Minivan => pick(lang, "Minivan", "Minivan"),
            StationWagon => pick(lang, "Familiar (station wagon)", "Station wagon"),
        }
    }

    /// The glass a body type can have, in [`GlassPosition::ALL`] order.
    /// Coupes have no rear doors; single-cab pickups no rear doors, quarters
    /// or roof glass; double cabs no quarters; vans no roof glass.
    pub fn positions(self) -> &'static [GlassPosition] {
        use GlassPosition::*;
        const ALL: &[GlassPosition] = &GlassPosition::ALL;
        match self {
            BodyType::Sedan
            | BodyType::Hatchback
            | BodyType::Suv
            | BodyType::Minivan
            | BodyType::StationWagon => ALL,
            BodyType::Coupe => &[
                Windshield,
                WindshieldStrip,
                FrontLeft,
                FrontRight,
                QuarterLeft,
                QuarterRight,
                RearWindshield,
                Sunroof,
                PanoramicRoof,
            ],
            BodyType::PickupSingleCab => &[
                Windshield,
                WindshieldStrip,
                FrontLeft,
                FrontRight,
                RearWindshield,
            ],
            BodyType::PickupDoubleCab => &[
                Windshield,
                WindshieldStrip,
                FrontLeft,
                FrontRight,
                RearLeft,
                RearRight,
                RearWindshield,
                Sunroof,
                PanoramicRoof,
            ],
            BodyType::Van => &[
                Windshield,
                WindshieldStrip,
                FrontLeft,
                FrontRight,
                RearLeft,
                RearRight,
                QuarterLeft,
                QuarterRight,
                RearWindshield,
            ],
        }
    }

    /// Whether the body type has that glass.
    pub fn has(self, position: GlassPosition) -> bool {
        self.positions().contains(&position)
    }
}

impl GlassPosition {
    /// Spanish, or English for `lang == "en"`.
    pub fn label(self, lang: &str) -> &'static str {
        use GlassPosition::*;
        match self {
            Windshield => pick(lang, "Parabrisas", "Windshield"),
            WindshieldStrip => pick(lang, "Franja del parabrisas", "Windshield strip"),
            FrontLeft => pick(lang, "Ventana delantera izquierda", "Front left window"),
            FrontRight => pick(lang, "Ventana delantera derecha", "Front right window"),
            RearLeft => pick(lang, "Ventana trasera izquierda", "Rear left window"),
            RearRight => pick(lang, "Ventana trasera derecha", "Rear right window"),
            QuarterLeft => pick(
                lang,
                "Ventanilla lateral fija izquierda",
                "Left quarter window",
            ),
            QuarterRight => pick(
                lang,
                "Ventanilla lateral fija derecha",
                "Right quarter window",
            ),
            RearWindshield => pick(lang, "Luneta (vidrio trasero)", "Rear windshield"),
            Sunroof => pick(lang, "Techo solar", "Sunroof"),
            PanoramicRoof => pick(lang, "Techo panorámico", "Panoramic roof"),
        }
    }

    /// Windshield, rear windshield, sunroof and panoramic roof are priced
    /// with the contract's curved-glass rule.
    pub fn is_curved(self) -> bool {
        matches!(
            self,
            GlassPosition::Windshield
                | GlassPosition::RearWindshield
                | GlassPosition::Sunroof
                | GlassPosition::PanoramicRoof
        )
    }

    /// The closest [`OpeningKind`]: roofs are skylights, the rest windows
    /// (car door glass is a window, not a glass door).
    pub fn opening_kind(self) -> OpeningKind {
        match self {
            GlassPosition::Sunroof | GlassPosition::PanoramicRoof => OpeningKind::Skylight,
            _ => OpeningKind::Window,
        }
    }

    /// The driver's and front passenger's side windows, which tint laws
    /// regulate most.
    pub fn is_front_side(self) -> bool {
        matches!(self, GlassPosition::FrontLeft | GlassPosition::FrontRight)
    }

    /// Glass the legal minimum applies to: the front side windows and the
    /// whole windshield (its top strip is the legal sun band).
    pub fn is_tint_regulated(self) -> bool {
        self.is_front_side() || self == GlassPosition::Windshield
    }
}

/// The size of one glass of one body type: the bounding box of the film
/// piece, in metres (area = width × height). Organisations may override
/// the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlassTemplate {
    pub body: BodyType,
    pub position: GlassPosition,
    pub width_m: Decimal,
    pub height_m: Decimal,
}

impl GlassTemplate {
    /// width × height, m².
    pub fn area_m2(&self) -> Decimal {
        self.width_m * self.height_m
    }
}

/// The embedded defaults (one per body type and position it has), parsed once.
pub fn default_glass_templates() -> Vec<GlassTemplate> {
    static TEMPLATES: OnceLock<Vec<GlassTemplate>> = OnceLock::new();
    TEMPLATES
        .get_or_init(|| parse_templates(GLASS_TEMPLATES_CSV))
        .clone()
}

/// Rows that do not parse are skipped (the data test counts them all).
fn parse_templates(text: &str) -> Vec<GlassTemplate> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("body_type,"))
        .filter_map(|line| {
            let mut f = line.split(',').map(str::trim);
            let body = f.next()?.parse().ok()?;
            let position = f.next()?.parse().ok()?;
            let width_m = Decimal::from_str_exact(f.next()?).ok()?;
            let height_m = Decimal::from_str_exact(f.next()?).ok()?;
            f.next().is_none().then_some(GlassTemplate {
                body,
                position,
                width_m,
                height_m,
            })
        })
        .collect()
}

/// The template of a body type's glass. The last match wins, so an
/// organisation's overrides can simply follow the defaults in the slice.
pub fn glass_template(
    templates: &[GlassTemplate],
    body: BodyType,
    position: GlassPosition,
) -> Option<&GlassTemplate> {
    templates
        .iter()
        .rev()
        .find(|t| t.body == body && t.position == position)
}

/// A named set of glass quoted together ("front two", "full car").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Stable name used by forms and integrators: `front_two`.
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub positions: Vec<GlassPosition>,
}

impl Package {
    /// The name in a language (`en` falls back to Spanish when empty).
    pub fn name(&self, lang: &str) -> &str {
        crate::product::localized(&self.name_es, &self.name_en, lang)
    }

    /// The package's glass that a body type has, in the package's order.
    pub fn positions_for(&self, body: BodyType) -> Vec<GlassPosition> {
        self.positions
            .iter()
            .copied()
            .filter(|p| body.has(*p))
            .collect()
    }
}

/// The default packages:
/// - `front_two`: the two front side windows;
/// - `sides_and_rear`: every side window (front, rear, quarters) and the
///   rear windshield;
/// - `full_car`: all of that plus the windshield (warned about like a
///   front side window when its film is under the legal minimum, see
///   [`tint_warnings`]). Not the windshield strip
///   (it is the same glass as the windshield: a strip is quoted instead of,
///   or besides, a full windshield by choosing it alone) nor the sunroof or
///   panoramic roof (optional extras, chosen alone).
///
/// Applied to a body type, a package keeps only the glass the body has.
pub fn default_packages() -> Vec<Package> {
    use GlassPosition::*;
    let sides_and_rear = vec![
        FrontLeft,
        FrontRight,
        RearLeft,
        RearRight,
        QuarterLeft,
        QuarterRight,
        RearWindshield,
    ];
    let mut full_car = vec![Windshield];
    full_car.extend(&sides_and_rear);
    let package = |code: &str, es: &str, en: &str, positions: Vec<GlassPosition>| Package {
        code: code.into(),
        name_es: es.into(),
        name_en: en.into(),
        positions,
    };
    vec![
        package(
            "front_two",
            "Dos delanteras",
            "Front two",
            vec![FrontLeft, FrontRight],
        ),
        package(
            "sides_and_rear",
            "Laterales y luneta",
            "Sides and rear",
            sides_and_rear,
        ),
        package("full_car", "Auto completo", "Full car", full_car),
    ]
}

/// One glass chosen alone, with its film.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionChoice {
    pub position: GlassPosition,
    pub sku: String,
}

/// A package chosen, with one film for all its glass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageChoice {
    pub package_code: String,
    pub sku: String,
}

/// What a customer picks for one vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomotiveSelection {
    pub body: BodyType,
    #[serde(default)]
    pub items: Vec<PositionChoice>,
    #[serde(default)]
    pub packages: Vec<PackageChoice>,
}

/// One glass of an expanded selection: becomes one opening (one quote line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectedGlass {
    pub position: GlassPosition,
    pub sku: String,
    /// Where it was chosen: `items[2].position` or `packages[0].package_code`.
    pub choice_path: String,
    /// Where its film was chosen: `items[2].sku` or `packages[0].sku`.
    pub sku_path: String,
}

/// The glass of a selection, one per position: packages first (in order,
/// each in its own order, keeping the glass the body has), then the glass
/// chosen alone. Reports every problem by the selection's field paths:
/// unknown package, package with no glass on the body, glass the body does
/// not have, glass chosen twice, missing film.
pub fn expand_selection(
    selection: &AutomotiveSelection,
    packages: &[Package],
) -> Result<Vec<SelectedGlass>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut chosen: Vec<SelectedGlass> = Vec::new();
    let body = selection.body;
    let taken = |chosen: &[SelectedGlass], p: GlassPosition| chosen.iter().any(|g| g.position == p);

    for (i, choice) in selection.packages.iter().enumerate() {
        let code_path = format!("packages[{i}].package_code");
        let sku_path = format!("packages[{i}].sku");
        if choice.sku.trim().is_empty() {
            errors.add(&sku_path, crate::messages::REQUIRED);
        }
        // The last package of a code wins, like templates: overrides follow defaults.
        let Some(package) = packages
            .iter()
            .rev()
            .find(|p| p.code == choice.package_code.trim())
        else {
            errors.add(code_path, crate::messages::CHOICE);
            continue;
        };
        let positions = package.positions_for(body);
        if positions.is_empty() {
            errors.add(code_path, am::EMPTY_PACKAGE);
            continue;
        }
        if positions.iter().any(|p| taken(&chosen, *p)) {
            errors.add(&code_path, am::PACKAGE_OVERLAP);
        }
        for position in positions {
            if !taken(&chosen, position) {
                chosen.push(SelectedGlass {
                    position,
                    sku: choice.sku.trim().to_owned(),
                    choice_path: code_path.clone(),
                    sku_path: sku_path.clone(),
                });
            }
        }
    }

    for (i, choice) in selection.items.iter().enumerate() {
        let position_path = format!("items[{i}].position");
        let sku_path = format!("items[{i}].sku");
        if choice.sku.trim().is_empty() {
            errors.add(&sku_path, crate::messages::REQUIRED);
        }
        if !body.has(choice.position) {
            errors.add(position_path, am::NOT_ON_BODY);
        } else if taken(&chosen, choice.position) {
            errors.add(position_path, am::DUPLICATE);
        } else {
            chosen.push(SelectedGlass {
                position: choice.position,
                sku: choice.sku.trim().to_owned(),
                choice_path: position_path,
                sku_path,
            });
        }
    }
    errors.into_result(chosen)
}

/// The quote of one vehicle, for [`crate::price_quote`]: one room named
/// `vehicle_label` on floor 1, one opening per chosen glass (see the module
/// documentation). A package is thus priced as the sum of its glass.
///
/// Errors use the selection's paths (`vehicle_label`, `items[2].position`,
/// `packages[0].sku`, …). Pricing errors (an unknown film) come back at
/// `rooms[0].openings[j].sku`; [`automotive_price_errors`] maps them back.
pub fn automotive_quote_input(
    vehicle_label: &str,
    selection: &AutomotiveSelection,
    templates: &[GlassTemplate],
    packages: &[Package],
) -> Result<QuoteInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = vehicle_label.trim();
    if name.is_empty() {
        errors.add("vehicle_label", crate::messages::REQUIRED);
    } else if name.chars().count() > MAX_ROOM_NAME_CHARS {
        errors.add("vehicle_label", crate::messages::TOO_LONG);
    }
    let chosen = match expand_selection(selection, packages) {
        Ok(chosen) => chosen,
        Err(e) => {
            errors.merge(e);
            Vec::new()
        }
    };
    let mut openings = Vec::with_capacity(chosen.len());
    for glass in &chosen {
        match glass_template(templates, selection.body, glass.position) {
            Some(t) => openings.push(Opening {
                kind: glass.position.opening_kind(),
                width_m: t.width_m,
                height_m: t.height_m,
                quantity: 1,
                sku: glass.sku.clone(),
                curved_glass: glass.position.is_curved(),
                difficult_access: false,
            }),
            None => errors.add(&glass.choice_path, am::NO_TEMPLATE),
        }
    }
    errors.into_result(QuoteInput {
        extreme_weather: false,
        rooms: vec![Room {
            name: name.to_owned(),
            floor: DEFAULT_FLOOR,
            openings,
        }],
        ..Default::default()
    })
}

/// Moves the errors of pricing an automotive quote
/// (`rooms[0].openings[j].sku`, `.width_m`, …) to the selection's fields:
/// a film error to where the film was chosen, a size error to where the
/// glass was chosen. `selected` is [`expand_selection`]'s answer for the
/// same selection (opening `j` is `selected[j]`). Other paths are kept.
pub fn automotive_price_errors(selected: &[SelectedGlass], errors: FieldErrors) -> FieldErrors {
    let mut mapped = FieldErrors::new();
    for (path, message) in errors.0 {
        let target = path
            .strip_prefix("rooms[0].openings[")
            .and_then(|rest| rest.split_once("]."))
            .and_then(|(j, field)| {
                let glass = selected.get(j.parse::<usize>().ok()?)?;
                Some(if field == "sku" {
                    glass.sku_path.clone()
                } else {
                    glass.choice_path.clone()
                })
            })
            .unwrap_or(path);
        mapped.add(target, message);
    }
    mapped
}

/// A front side window or a whole windshield darker than the law allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TintWarning {
    pub position: GlassPosition,
    /// The film's visible light transmission, %.
    pub vlt: u8,
    /// The legal minimum, %.
    pub minimum: u8,
}

/// Warnings for the front side windows (front left, front right) and the
/// whole windshield whose film lets through less light than
/// `min_front_vlt` (%). Glass whose VLT is unknown, other glass (the
/// windshield strip included), and a missing minimum give no warning. One
/// warning per listed glass, in input order.
pub fn tint_warnings(
    selection_positions_with_vlt: &[(GlassPosition, Option<u8>)],
    min_front_vlt: Option<u8>,
) -> Vec<TintWarning> {
    let Some(minimum) = min_front_vlt else {
        return Vec::new();
    };
    selection_positions_with_vlt
        .iter()
        .filter_map(|&(position, vlt)| {
            let vlt = vlt?;
            (position.is_tint_regulated() && vlt < minimum).then_some(TintWarning {
                position,
                vlt,
                minimum,
            })
        })
        .collect()
}

/// A film's VLT as a whole percentage, from its [`Specs`]: rounded down, so
/// a 69.5 % film is 69 and warned about under a 70 % minimum (a film is
/// legal only if it really lets through the minimum). `None` when unknown
/// or outside 0–100.
pub fn film_vlt(specs: &Specs) -> Option<u8> {
    let vlt = specs.vlt_pct?;
    if vlt < Decimal::ZERO || vlt > Decimal::ONE_HUNDRED {
        return None;
    }
    vlt.floor().to_u8()
}

#[cfg(test)]
mod tests {
    use super::*;
    use GlassPosition::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn selection(
        body: BodyType,
        items: &[(GlassPosition, &str)],
        packages: &[(&str, &str)],
    ) -> AutomotiveSelection {
        AutomotiveSelection {
            body,
            items: items
                .iter()
                .map(|(p, s)| PositionChoice {
                    position: *p,
                    sku: (*s).into(),
                })
                .collect(),
            packages: packages
                .iter()
                .map(|(c, s)| PackageChoice {
                    package_code: (*c).into(),
                    sku: (*s).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn names_labels_and_serde() {
        assert_eq!(
            BodyType::ALL.map(BodyType::as_str),
            [
                "sedan",
                "hatchback",
                "suv",
                "pickup_single_cab",
                "pickup_double_cab",
                "coupe",
                "van",
                "minivan",
                "station_wagon"
            ]
        );
        assert_eq!(
            GlassPosition::ALL.map(GlassPosition::as_str),
            [
                "windshield",
                "windshield_strip",
                "front_left",
                "front_right",
                "rear_left",
                "rear_right",
                "quarter_left",
                "quarter_right",
                "rear_windshield",
                "sunroof",
                "panoramic_roof"
            ]
        );
        for b in BodyType::ALL {
            assert_eq!(
                serde_json::to_value(b).ok(),
                Some(serde_json::Value::from(b.as_str()))
            );
            assert_eq!(b.as_str().parse::<BodyType>(), Ok(b));
            assert!(!b.label("es").is_empty() && !b.label("en").is_empty());
        }
        for p in GlassPosition::ALL {
            assert_eq!(
                serde_json::to_value(p).ok(),
                Some(serde_json::Value::from(p.as_str()))
            );
            assert_eq!(p.as_str().parse::<GlassPosition>(), Ok(p));
            assert_ne!(p.label("es"), p.label("en"), "{p}: both languages");
        }
        assert_eq!(Windshield.label("es"), "Parabrisas");
        assert_eq!(Windshield.label("en"), "Windshield");
        assert_eq!(Windshield.label("pt"), "Parabrisas", "Spanish by default");
        assert!("Sedan".parse::<BodyType>().is_err());
    }

    #[test]
    fn which_glass_each_body_has() {
        assert!(!BodyType::Coupe.has(RearLeft) && !BodyType::Coupe.has(RearRight));
        assert!(BodyType::Coupe.has(QuarterLeft));
        for p in [
            RearLeft,
            RearRight,
            QuarterLeft,
            QuarterRight,
            Sunroof,
            PanoramicRoof,
        ] {
            assert!(!BodyType::PickupSingleCab.has(p), "single cab {p}");
        }
        assert!(
            !BodyType::PickupDoubleCab.has(QuarterLeft) && BodyType::PickupDoubleCab.has(RearLeft)
        );
        assert!(!BodyType::Van.has(Sunroof));
        for b in BodyType::ALL {
            for p in [
                Windshield,
                WindshieldStrip,
                FrontLeft,
                FrontRight,
                RearWindshield,
            ] {
                assert!(b.has(p), "every body has {p}: {b}");
            }
            let ps = b.positions();
            assert!(
                ps.windows(2).all(|w| w[0] < w[1]),
                "{b}: in ALL order, no repeats"
            );
        }
    }

    #[test]
    fn curved_glass_and_kinds() {
        let curved: Vec<_> = GlassPosition::ALL
            .into_iter()
            .filter(|p| p.is_curved())
            .collect();
        assert_eq!(curved, [Windshield, RearWindshield, Sunroof, PanoramicRoof]);
        assert_eq!(Sunroof.opening_kind(), OpeningKind::Skylight);
        assert_eq!(PanoramicRoof.opening_kind(), OpeningKind::Skylight);
        assert_eq!(FrontLeft.opening_kind(), OpeningKind::Window);
        assert_eq!(Windshield.opening_kind(), OpeningKind::Window);
    }

    #[test]
    fn default_templates_cover_every_body_glass_once() {
        let templates = default_glass_templates();
        let rows = GLASS_TEMPLATES_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("body_type,"))
            .count();
        assert_eq!(templates.len(), rows, "every row parses");
        let expected: usize = BodyType::ALL.iter().map(|b| b.positions().len()).sum();
        assert_eq!(
            templates.len(),
            expected,
            "one per body type and glass it has"
        );
        for t in &templates {
            assert!(t.body.has(t.position), "{} {}", t.body, t.position);
            assert!(
                t.width_m > Decimal::ZERO && t.width_m <= dec("2.5"),
                "{t:?}"
            );
            assert!(
                t.height_m > Decimal::ZERO && t.height_m <= dec("1.5"),
                "{t:?}"
            );
            let same = templates
                .iter()
                .filter(|u| u.body == t.body && u.position == t.position)
                .count();
            assert_eq!(same, 1, "{t:?}");
        }
        let ws = glass_template(&templates, BodyType::Sedan, Windshield).expect("sedan windshield");
        assert_eq!(ws.area_m2(), dec("1.2000"));
    }

    #[test]
    fn the_last_template_wins() {
        let mut templates = default_glass_templates();
        templates.push(GlassTemplate {
            body: BodyType::Sedan,
            position: FrontLeft,
            width_m: dec("1.01"),
            height_m: dec("0.52"),
        });
        let t = glass_template(&templates, BodyType::Sedan, FrontLeft).expect("template");
        assert_eq!(t.width_m, dec("1.01"));
        assert_eq!(glass_template(&templates, BodyType::Coupe, RearLeft), None);
    }

    #[test]
    fn packages_keep_the_glass_the_body_has() {
        let packages = default_packages();
        let codes: Vec<&str> = packages.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["front_two", "sides_and_rear", "full_car"]);
        let full = &packages[2];
        assert_eq!(full.name("es"), "Auto completo");
        assert_eq!(full.name("en"), "Full car");
        assert_eq!(
            full.positions_for(BodyType::PickupSingleCab),
            [Windshield, FrontLeft, FrontRight, RearWindshield]
        );
        assert_eq!(
            full.positions_for(BodyType::Sedan),
            [
                Windshield,
                FrontLeft,
                FrontRight,
                RearLeft,
                RearRight,
                QuarterLeft,
                QuarterRight,
                RearWindshield
            ]
        );
        assert!(!full.positions.contains(&Sunroof) && !full.positions.contains(&WindshieldStrip));
        assert_eq!(
            packages[1].positions_for(BodyType::Coupe),
            [
                FrontLeft,
                FrontRight,
                QuarterLeft,
                QuarterRight,
                RearWindshield
            ]
        );
    }

    #[test]
    fn a_selection_becomes_one_room_on_the_first_floor() {
        let templates = default_glass_templates();
        let sel = selection(
            BodyType::Sedan,
            &[(Sunroof, "SOL-CERAMIC-70")],
            &[("front_two", "SOL-CHARCOAL-05")],
        );
        let q = automotive_quote_input(
            " Toyota Corolla 2020 ",
            &sel,
            &templates,
            &default_packages(),
        )
        .expect("valid");
        assert!(!q.extreme_weather);
        assert_eq!(q.rooms.len(), 1);
        let room = &q.rooms[0];
        assert_eq!((room.name.as_str(), room.floor), ("Toyota Corolla 2020", 1));
        let got: Vec<_> = room
            .openings
            .iter()
            .map(|o| (o.kind, o.sku.as_str(), o.curved_glass, o.quantity))
            .collect();
        assert_eq!(
            got,
            [
                (OpeningKind::Window, "SOL-CHARCOAL-05", false, 1),
                (OpeningKind::Window, "SOL-CHARCOAL-05", false, 1),
                (OpeningKind::Skylight, "SOL-CERAMIC-70", true, 1),
            ]
        );
        assert!(room.openings.iter().all(|o| !o.difficult_access));
        assert_eq!(
            (room.openings[0].width_m, room.openings[0].height_m),
            (dec("0.95"), dec("0.50"))
        );
    }

    #[test]
    fn every_selection_error_at_its_path() {
        let templates = default_glass_templates();
        let sel = selection(
            BodyType::Coupe,
            &[
                (Windshield, "X"),
                (RearLeft, "X"),
                (FrontLeft, "X"),
                (Windshield, ""),
                (Sunroof, " "),
            ],
            &[
                ("front_two", "X"),
                ("roof_only", "X"),
                ("sides_and_rear", ""),
            ],
        );
        let e = automotive_quote_input("  ", &sel, &templates, &default_packages())
            .expect_err("invalid");
        let got: Vec<(&str, &str)> = e.0.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
        assert_eq!(
            got,
            [
                ("items[1].position", am::NOT_ON_BODY),
                ("items[2].position", am::DUPLICATE),
                ("items[3].position", am::DUPLICATE),
                ("items[3].sku", crate::messages::REQUIRED),
                ("items[4].sku", crate::messages::REQUIRED),
                ("packages[1].package_code", crate::messages::CHOICE),
                ("packages[2].package_code", am::PACKAGE_OVERLAP),
                ("packages[2].sku", crate::messages::REQUIRED),
                ("vehicle_label", crate::messages::REQUIRED),
            ]
        );
    }

    #[test]
    fn packages_with_no_glass_on_the_body_and_missing_templates() {
        let roofs = Package {
            code: "roofs".into(),
            name_es: "Techos".into(),
            name_en: String::new(),
            positions: vec![Sunroof, PanoramicRoof],
        };
        let sel = selection(BodyType::PickupSingleCab, &[], &[("roofs", "X")]);
        let e = expand_selection(&sel, &[roofs]).expect_err("no roof on a single cab");
        assert_eq!(e.get("packages[0].package_code"), Some(am::EMPTY_PACKAGE));

        let no_sedan_strip: Vec<GlassTemplate> = default_glass_templates()
            .into_iter()
            .filter(|t| !(t.body == BodyType::Sedan && t.position == WindshieldStrip))
            .collect();
        let sel = selection(BodyType::Sedan, &[(WindshieldStrip, "X")], &[]);
        let e = automotive_quote_input("Car", &sel, &no_sedan_strip, &[]).expect_err("no template");
        assert_eq!(e.get("items[0].position"), Some(am::NO_TEMPLATE));
        let e = automotive_quote_input(
            &"x".repeat(121),
            &selection(BodyType::Sedan, &[], &[]),
            &no_sedan_strip,
            &[],
        )
        .expect_err("too long");
        assert_eq!(e.get("vehicle_label"), Some(crate::messages::TOO_LONG));
    }

    #[test]
    fn pricing_errors_map_back_to_the_selection() {
        let sel = selection(
            BodyType::Sedan,
            &[(Sunroof, "NOPE")],
            &[("front_two", "SOL-CERAMIC-70")],
        );
        let selected = expand_selection(&sel, &default_packages()).expect("valid");
        let mut e = FieldErrors::new();
        e.add("rooms[0].openings[2].sku", crate::UNKNOWN_PRODUCT);
        e.add("rooms[0].openings[0].width_m", "must be at most 20");
        e.add("rooms", crate::TOO_LARGE);
        let mapped = automotive_price_errors(&selected, e);
        assert_eq!(mapped.get("items[0].sku"), Some(crate::UNKNOWN_PRODUCT));
        assert_eq!(
            mapped.get("packages[0].package_code"),
            Some("must be at most 20")
        );
        assert_eq!(mapped.get("rooms"), Some(crate::TOO_LARGE));
        assert_eq!(mapped.len(), 3);
    }

    #[test]
    fn front_side_windows_darker_than_the_minimum_are_warned() {
        let glass = [
            (FrontLeft, Some(35)),
            (FrontRight, Some(70)),
            (RearLeft, Some(5)),
            (Windshield, Some(5)),
            (WindshieldStrip, Some(5)),
            (FrontRight, None),
            (FrontLeft, Some(69)),
        ];
        assert_eq!(
            tint_warnings(&glass, Some(70)),
            [
                TintWarning {
                    position: FrontLeft,
                    vlt: 35,
                    minimum: 70
                },
                TintWarning {
                    position: Windshield,
                    vlt: 5,
                    minimum: 70
                },
                TintWarning {
                    position: FrontLeft,
                    vlt: 69,
                    minimum: 70
                },
            ]
        );
        assert!(tint_warnings(&glass, None).is_empty(), "no law, no warning");
        assert!(tint_warnings(&glass, Some(0)).is_empty());
    }

    #[test]
    fn film_vlt_from_specs() {
        let specs = |v: Option<&str>| Specs {
            vlt_pct: v.map(dec),
            ..Specs::default()
        };
        assert_eq!(film_vlt(&specs(Some("70"))), Some(70));
        assert_eq!(
            film_vlt(&specs(Some("69.5"))),
            Some(69),
            "rounded down: darker than 70"
        );
        assert_eq!(film_vlt(&specs(Some("5"))), Some(5));
        assert_eq!(film_vlt(&specs(Some("100"))), Some(100));
        assert_eq!(film_vlt(&specs(None)), None);
        assert_eq!(film_vlt(&specs(Some("-1"))), None);
        assert_eq!(film_vlt(&specs(Some("100.5"))), None);
    }

    fn demo_film() -> Vec<crate::PricedProduct> {
        vec![crate::PricedProduct {
            sku: "SOL-CERAMIC-70".into(),
            unit: crate::Unit::M2,
            waste_class: crate::WasteClass::SolarControl,
            material_price: dec("85.00"),
            installation_price: dec("20.00"),
            active: true,
        }]
    }

    /// A package is the sum of its glass by construction: each line is
    /// priced alone (docs/pricing.md, per opening), the subtotal is the sum of
    /// the lines. A car is far below the first volume-discount tier (50 m²),
    /// so no discount applies either way; the tax is rounded once on the
    /// quote's taxable amount, so the package total can differ from the sum
    /// of separately taxed totals by rounding only (half a cent a quote).
    #[test]
    fn a_full_car_package_is_priced_as_the_sum_of_its_glass() {
        use crate::{Currency, PricingContext, QuoteBreakdown, price_quote, round_half_away};
        let catalog = demo_film();
        let templates = default_glass_templates();
        let packages = default_packages();
        let price = |sel: &AutomotiveSelection, tax_rate: &str| -> QuoteBreakdown {
            let input = automotive_quote_input("Sedan", sel, &templates, &packages)
                .expect("valid selection");
            let ctx = PricingContext {
                currency: Currency::Usd,
                tax_rate: dec(tax_rate),
                products: &catalog,
            };
            price_quote(&input, &ctx).expect("priced")
        };
        let full = selection(BodyType::Sedan, &[], &[("full_car", "SOL-CERAMIC-70")]);
        let positions = default_packages()[2].positions_for(BodyType::Sedan);
        for tax_rate in ["0.19", "0"] {
            let package = price(&full, tax_rate);
            assert_eq!(package.lines.len(), positions.len());
            let alone: Vec<QuoteBreakdown> = positions
                .iter()
                .map(|p| {
                    price(
                        &selection(BodyType::Sedan, &[(*p, "SOL-CERAMIC-70")], &[]),
                        tax_rate,
                    )
                })
                .collect();
            for (line, single) in package.lines.iter().zip(&alone) {
                let l = &single.lines[0];
                assert_eq!(
                    (
                        line.base_qty,
                        line.waste_rate,
                        line.qty,
                        line.complexity,
                        line.material,
                        line.installation,
                        line.total
                    ),
                    (
                        l.base_qty,
                        l.waste_rate,
                        l.qty,
                        l.complexity,
                        l.material,
                        l.installation,
                        l.total
                    )
                );
            }
            let sum = |f: fn(&QuoteBreakdown) -> Decimal| alone.iter().map(f).sum::<Decimal>();
            assert_eq!(package.subtotal, sum(|q| q.subtotal));
            assert_eq!(package.area_m2, sum(|q| q.area_m2));
            assert!(package.area_m2 < Decimal::from(50), "{}", package.area_m2);
            assert_eq!(
                (package.discount_rate, package.discount),
                (Decimal::ZERO, dec("0.00"))
            );
            assert_eq!(
                package.total,
                package.subtotal + round_half_away(package.subtotal * dec(tax_rate), 2)
            );
            let diff = (package.total - sum(|q| q.total)).abs();
            if tax_rate == "0" {
                assert_eq!(diff, Decimal::ZERO, "without tax the totals add up exactly");
            } else {
                assert!(
                    diff <= dec("0.005") * Decimal::from(alone.len()),
                    "tax rounding only: {diff}"
                );
            }
        }
        // The curved-glass rule on the windshield; flat side glass.
        let package = price(&full, "0.19");
        let ws = &package.lines[0];
        assert_eq!(
            (ws.kind, ws.waste_rate, ws.complexity),
            (OpeningKind::Window, dec("0.30"), dec("1.5"))
        );
        assert_eq!(
            (ws.base_qty, ws.material, ws.installation),
            (dec("1.2000"), dec("132.60"), dec("46.80"))
        );
        let front = &package.lines[1];
        assert_eq!(
            (front.waste_rate, front.complexity),
            (dec("0.15"), Decimal::ONE)
        );
    }

    #[test]
    fn selection_json_shape() {
        let sel: AutomotiveSelection = serde_json::from_str(
            r#"{"body":"pickup_double_cab","packages":[{"package_code":"full_car","sku":"SOL-CERAMIC-70"}]}"#,
        )
        .expect("json");
        assert_eq!(sel.body, BodyType::PickupDoubleCab);
        assert!(sel.items.is_empty());
        assert_eq!(sel.packages[0].package_code, "full_car");
    }
}
