//! A car seen from above (front at the top) whose glass can be tapped: the
//! car wizard's glass step shows it above the list of windows.
//!
//! The picture is an inline SVG (presentation attributes only: the CSP
//! allows no inline styles); on top of it, a CSS grid whose cells match the
//! drawing holds one real `<button>` per glass of the body type, with the
//! glass's name and `aria-pressed`. Each cell is at least 50 × 50 px when
//! the diagram is 300 px wide (a 390 px phone), larger than the glass it
//! covers, so thin side windows are easy to tap. A button is a submit
//! button (`op=glass:front_left`): without JavaScript the server toggles
//! the glass and renders the page again, at the diagram (`#car-diagram`);
//! with it, the click toggles the same state as the glass's checkbox.
use domain::{BodyType, GlassPosition};
use leptos::prelude::*;

use crate::i18n::Lang;

/// Widths of the grid's three columns (left side, middle, right side) and
/// heights of its seven rows, in the drawing's units: the diagram is drawn
/// in a `300 × 360` box and shown at most 300 px wide, so a unit is a pixel.
#[cfg_attr(not(test), allow(dead_code))]
pub const COLUMNS: [i32; 3] = [76, 148, 76];
#[cfg_attr(not(test), allow(dead_code))]
pub const ROWS: [i32; 7] = [56, 54, 50, 52, 54, 50, 44];
const VIEW_W: i32 = 300;
const VIEW_H: i32 = 360;

/// Where a glass's button sits: column (1–3), first row (1–7), rows spanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub column: usize,
    pub row: usize,
    pub span: usize,
}

/// A box in the drawing's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Area {
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn contains(&self, other: &Area) -> bool {
        other.x >= self.x && other.y >= self.y && other.x + other.w <= self.x + self.w && other.y + other.h <= self.y + self.h
    }
}

/// Pickups draw their rear glass (the back of the cab) where their cab ends.
fn is_pickup(body: BodyType) -> bool {
    matches!(body, BodyType::PickupSingleCab | BodyType::PickupDoubleCab)
}

/// The button's place of a glass on a body type.
pub fn cell(body: BodyType, position: GlassPosition) -> Cell {
    use GlassPosition::*;
    let (column, row, span) = match position {
        Windshield => (2, 2, 1),
        WindshieldStrip => (2, 3, 1),
        Sunroof => (2, 4, 1),
        PanoramicRoof => (2, 5, 1),
        RearWindshield if body == BodyType::PickupSingleCab => (2, 5, 1),
        RearWindshield => (2, 6, 1),
        FrontLeft => (1, 3, 2),
        FrontRight => (3, 3, 2),
        RearLeft => (1, 5, 1),
        RearRight => (3, 5, 1),
        QuarterLeft => (1, 6, 1),
        QuarterRight => (3, 6, 1),
    };
    Cell { column, row, span }
}

/// The grid placement classes of a cell (written out whole so Tailwind sees them).
fn cell_class(cell: Cell) -> &'static str {
    match (cell.column, cell.row, cell.span) {
        (2, 2, 1) => "col-start-2 row-start-2",
        (2, 3, 1) => "col-start-2 row-start-3",
        (2, 4, 1) => "col-start-2 row-start-4",
        (2, 5, 1) => "col-start-2 row-start-5",
        (2, 6, 1) => "col-start-2 row-start-6",
        (1, 3, 2) => "col-start-1 row-start-3 row-span-2",
        (3, 3, 2) => "col-start-3 row-start-3 row-span-2",
        (1, 5, 1) => "col-start-1 row-start-5",
        (3, 5, 1) => "col-start-3 row-start-5",
        (1, 6, 1) => "col-start-1 row-start-6",
        (3, 6, 1) => "col-start-3 row-start-6",
        _ => "hidden",
    }
}

/// A cell's box in the drawing's units.
#[cfg_attr(not(test), allow(dead_code))]
pub fn cell_area(cell: Cell) -> Area {
    let x = COLUMNS[..cell.column - 1].iter().sum();
    let y = ROWS[..cell.row - 1].iter().sum();
    Area { x, y, w: COLUMNS[cell.column - 1], h: ROWS[cell.row - 1..cell.row - 1 + cell.span].iter().sum() }
}

/// How a glass is drawn: a rounded rectangle or a four-cornered outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Rect(Area),
    Quad([(i32, i32); 4]),
}

impl Shape {
    /// The smallest box around the shape.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn bounds(&self) -> Area {
        match self {
            Shape::Rect(a) => *a,
            Shape::Quad(points) => {
                let (x0, x1) = (points.iter().map(|p| p.0).min().unwrap_or(0), points.iter().map(|p| p.0).max().unwrap_or(0));
                let (y0, y1) = (points.iter().map(|p| p.1).min().unwrap_or(0), points.iter().map(|p| p.1).max().unwrap_or(0));
                Area { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
            }
        }
    }
}

/// `area` seen in a mirror down the car's middle (left ↔ right).
fn mirrored(area: Area) -> Area {
    Area { x: VIEW_W - area.x - area.w, ..area }
}

/// The drawing of a glass on a body type.
pub fn shape(body: BodyType, position: GlassPosition) -> Shape {
    use GlassPosition::*;
    let rect = |x, y, w, h| Shape::Rect(Area { x, y, w, h });
    let front = Area { x: 52, y: 116, w: 12, h: 92 };
    let rear = Area { x: 52, y: 218, w: 12, h: 44 };
    let quarter = Area { x: 54, y: 272, w: 10, h: 34 };
    match position {
        Windshield => Shape::Quad([(80, 62), (220, 62), (208, 104), (92, 104)]),
        WindshieldStrip => Shape::Quad([(92, 112), (208, 112), (205, 124), (95, 124)]),
        Sunroof => rect(112, 168, 76, 36),
        PanoramicRoof => rect(96, 220, 108, 40),
        // The back of a pickup's cab: upright glass, a thin band seen from above.
        RearWindshield if body == BodyType::PickupSingleCab => rect(92, 226, 116, 12),
        RearWindshield if body == BodyType::PickupDoubleCab => rect(92, 280, 116, 12),
        RearWindshield => Shape::Quad([(92, 272), (208, 272), (220, 310), (80, 310)]),
        FrontLeft => Shape::Rect(front),
        FrontRight => Shape::Rect(mirrored(front)),
        RearLeft => Shape::Rect(rear),
        RearRight => Shape::Rect(mirrored(rear)),
        QuarterLeft => Shape::Rect(quarter),
        QuarterRight => Shape::Rect(mirrored(quarter)),
    }
}

/// The body's outline, its roof and (pickups) its bed, in the drawing's units.
fn body_parts(body: BodyType) -> (Area, i32, Area, Option<Area>) {
    let long_tail = matches!(body, BodyType::Sedan | BodyType::Coupe) || is_pickup(body);
    let outline = Area { x: 48, y: 6, w: 204, h: if long_tail { 348 } else { 328 } };
    let radius = if body == BodyType::Van { 18 } else { 44 };
    let (roof, bed) = match body {
        BodyType::PickupSingleCab => (Area { x: 84, y: 122, w: 132, h: 104 }, Some(Area { x: 62, y: 248, w: 176, h: 96 })),
        BodyType::PickupDoubleCab => (Area { x: 84, y: 122, w: 132, h: 158 }, Some(Area { x: 62, y: 300, w: 176, h: 46 })),
        _ => (Area { x: 84, y: 122, w: 132, h: 150 }, None),
    };
    (outline, radius, roof, bed)
}

/// How one glass looks now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GlassLook {
    /// Chosen alone (its own checkbox).
    pub chosen: bool,
    /// The name of the chosen package that has it, if any.
    pub package: Option<String>,
    /// Its film is darker than the legal minimum.
    pub warned: bool,
}

fn fill_class(look: &GlassLook) -> &'static str {
    match look {
        GlassLook { warned: true, .. } => "fill-amber-400 stroke-amber-700",
        GlassLook { package: Some(_), .. } => "fill-teal-300 stroke-teal-700",
        GlassLook { chosen: true, .. } => "fill-teal-600 stroke-teal-800",
        _ => "fill-sky-100 stroke-slate-400",
    }
}

const BUTTON: &str = "min-h-11 min-w-11 rounded-lg outline-none hover:bg-teal-600/10 focus-visible:ring-4 focus-visible:ring-teal-600 disabled:cursor-not-allowed disabled:hover:bg-transparent";

/// The diagram of `body`. `look` tells how each glass is now (read in a
/// reactive scope: the picture follows the form); `toggle` is called when a
/// glass is tapped with JavaScript; `action` is the no-JS button's target.
#[component]
pub fn CarDiagram(
    body: BodyType,
    lang: Lang,
    look: Callback<GlassPosition, GlassLook>,
    toggle: Callback<GlassPosition>,
    action: String,
) -> impl IntoView {
    let positions = body.positions();
    let (outline, radius, roof, bed) = body_parts(body);
    let glass = positions
        .iter()
        .map(|&p| {
            let class = move || fill_class(&look.run(p));
            match shape(body, p) {
                Shape::Rect(a) => view! {
                    <rect x=a.x y=a.y width=a.w height=a.h rx="5" stroke-width="2" class=class data-glass=p.as_str()/>
                }
                .into_any(),
                Shape::Quad(points) => {
                    let points = points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
                    view! { <polygon points=points stroke-width="2" stroke-linejoin="round" class=class data-glass=p.as_str()/> }.into_any()
                }
            }
        })
        .collect_view();
    let buttons = positions
        .iter()
        .map(|&p| {
            let name = p.as_str();
            let label = p.label(lang.code());
            let now = move || look.run(p);
            let aria_label = move || match now().package {
                Some(package) => format!("{label} ({} «{package}»)", lang.t("incluido en el paquete", "included in the package")),
                None => label.to_owned(),
            };
            let click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                toggle.run(p);
            };
            view! {
                <button type="submit" name="op" value=format!("glass:{name}") formaction=action.clone()
                    class=format!("{} {BUTTON}", cell_class(cell(body, p)))
                    aria-label=aria_label aria-pressed=move || now().chosen.to_string()
                    disabled=move || now().package.is_some()
                    data-testid="diagram-glass" data-position=name on:click=click></button>
            }
        })
        .collect_view();
    let front = lang.t("Frente", "Front");
    view! {
        <figure id="car-diagram" class="mx-auto mb-2 mt-3 w-full max-w-[300px]" data-testid="car-diagram" data-body=body.as_str()>
            <div class="relative grid aspect-[5/6] w-full grid-cols-[76fr_148fr_76fr] grid-rows-[56fr_54fr_50fr_52fr_54fr_50fr_44fr]">
                <svg viewBox=format!("0 0 {VIEW_W} {VIEW_H}") class="pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true" focusable="false">
                    // Wheels, then the body over them.
                    {[(40, 56), (40, 262), (250, 56), (250, 262)].into_iter().map(|(x, y)| view! {
                        <rect x=x y=y width="10" height="44" rx="4" class="fill-slate-700"/>
                    }).collect_view()}
                    <rect x=outline.x y=outline.y width=outline.w height=outline.h rx=radius class="fill-white stroke-slate-400" stroke-width="3"/>
                    <rect x=roof.x y=roof.y width=roof.w height=roof.h rx="14" class="fill-slate-200"/>
                    {bed.map(|b| view! { <rect x=b.x y=b.y width=b.w height=b.h rx="6" class="fill-slate-100 stroke-slate-300" stroke-width="2"/> })}
                    <text x={VIEW_W / 2} y="36" text-anchor="middle" class="fill-slate-500 text-[13px] font-semibold uppercase tracking-wide">{format!("▲ {front}")}</text>
                    {glass}
                </svg>
                {buttons}
            </div>
            <figcaption class="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm text-slate-700">
                <span class="inline-flex items-center gap-1"><span class="inline-block h-3 w-3 rounded-sm bg-teal-600" aria-hidden="true"></span>{lang.t("Elegido", "Chosen")}</span>
                <span class="inline-flex items-center gap-1"><span class="inline-block h-3 w-3 rounded-sm bg-teal-300" aria-hidden="true"></span>{lang.t("En un paquete", "In a package")}</span>
                <span class="inline-flex items-center gap-1"><span class="inline-block h-3 w-3 rounded-sm bg-amber-400" aria-hidden="true"></span>{lang.t("Bajo el mínimo legal", "Below the legal minimum")}</span>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawing_fills_its_box_and_every_cell_is_a_finger_wide() {
        assert_eq!(COLUMNS.iter().sum::<i32>(), VIEW_W);
        assert_eq!(ROWS.iter().sum::<i32>(), VIEW_H);
        // Shown 300 px wide on a 390 px phone: a unit is a pixel; 44 px is the least tap target.
        // (The first and last rows, the bonnet and the boot, hold no glass.)
        assert!(COLUMNS.iter().chain(&ROWS[1..ROWS.len() - 1]).all(|&u| u >= 48), "{COLUMNS:?} {ROWS:?}");
    }

    #[test]
    fn every_glass_of_every_body_has_its_own_cell_around_its_drawing() {
        for body in BodyType::ALL {
            let mut taken: Vec<Area> = Vec::new();
            for &p in body.positions() {
                let c = cell(body, p);
                assert_ne!(cell_class(c), "hidden", "{body:?} {p:?}: {c:?} has no grid classes");
                let area = cell_area(c);
                assert!(area.w >= 48 && area.h >= 48, "{body:?} {p:?}: {area:?}");
                // Tapping the glass's drawing taps its button.
                let drawn = shape(body, p).bounds();
                assert!(area.contains(&drawn), "{body:?} {p:?}: drawn at {drawn:?}, button at {area:?}");
                // No two buttons of a body share any of the grid.
                for other in &taken {
                    let apart = area.x + area.w <= other.x || other.x + other.w <= area.x || area.y + area.h <= other.y || other.y + other.h <= area.y;
                    assert!(apart, "{body:?} {p:?}: {area:?} overlaps {other:?}");
                }
                taken.push(area);
            }
        }
    }

    #[test]
    fn left_is_on_the_left_and_the_front_at_the_top() {
        let b = BodyType::Sedan;
        let x = |p| shape(b, p).bounds().x;
        let y = |p| shape(b, p).bounds().y;
        assert!(x(GlassPosition::FrontLeft) < VIEW_W / 2 && x(GlassPosition::FrontRight) > VIEW_W / 2);
        assert!(y(GlassPosition::Windshield) < y(GlassPosition::FrontLeft));
        assert!(y(GlassPosition::FrontLeft) < y(GlassPosition::RearLeft) && y(GlassPosition::RearLeft) < y(GlassPosition::QuarterLeft));
        assert!(y(GlassPosition::QuarterLeft) < y(GlassPosition::RearWindshield) + 10);
    }

    #[test]
    fn a_warning_shows_over_the_package_and_the_choice() {
        let warned = GlassLook { chosen: true, package: Some("Frente".into()), warned: true };
        assert!(fill_class(&warned).contains("amber"));
        assert!(fill_class(&GlassLook { package: Some("x".into()), ..GlassLook::default() }).contains("teal-300"));
        assert!(fill_class(&GlassLook { chosen: true, ..GlassLook::default() }).contains("teal-600"));
        assert!(fill_class(&GlassLook::default()).contains("sky-100"));
    }
}
