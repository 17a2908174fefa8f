//! The demo organisation's sample quote, built in code (no server, no
//! database): for `worker render-demo`, benchmarks and tests of the video.
//! The organisation, its currency, tax rate and films mirror the demo seed
//! of the `store` crate (`crates/store/src/seed.rs`).
use domain::{
    Contact, ContactTime, Currency, DEFAULT_BRAND_COLOR, Opening, OpeningKind, OrgCard, PricedFilm, PricedProduct,
    PricingContext, QuoteDocument, QuoteInput, QuoteVideoInput, Room, Specs, Unit, Vertical, WasteClass, price_quote,
};
use rust_decimal::Decimal;

/// Lines of the demo quote when nobody asks for another number.
pub const DEFAULT_DEMO_LINES: usize = 7;
/// Most lines [`demo_quote_video_input`] makes (it spreads them over 3 rooms).
pub const MAX_DEMO_LINES: usize = 300;

/// A film of the demo catalog: sku, names, unit, waste class, material and
/// installation price per unit (USD), as the demo seed has them.
struct DemoFilm {
    sku: &'static str,
    name_es: &'static str,
    name_en: &'static str,
    unit: Unit,
    waste: WasteClass,
    material: i64,
    installation: i64,
}

const FILMS: &[DemoFilm] = &[
    DemoFilm { sku: "SEC-CLEAR-4MIL", name_es: "Laminado de seguridad transparente 4 mil", name_en: "Clear security laminate 4 mil", unit: Unit::M2, waste: WasteClass::Laminate, material: 4500, installation: 1500 },
    DemoFilm { sku: "SEC-CLEAR-8MIL", name_es: "Laminado de seguridad transparente 8 mil", name_en: "Clear security laminate 8 mil", unit: Unit::M2, waste: WasteClass::Laminate, material: 6500, installation: 1800 },
    DemoFilm { sku: "SOL-CERAMIC-70", name_es: "Control solar cerámico 70", name_en: "Ceramic solar control 70", unit: Unit::M2, waste: WasteClass::SolarControl, material: 8500, installation: 2000 },
    DemoFilm { sku: "SOL-CHARCOAL-05", name_es: "Control solar carbón 05", name_en: "Charcoal solar control 05", unit: Unit::M2, waste: WasteClass::SolarControl, material: 9500, installation: 2200 },
    DemoFilm { sku: "DEC-FROSTED-FULL", name_es: "Vinilo decorativo esmerilado completo", name_en: "Full frosted decorative vinyl", unit: Unit::M2, waste: WasteClass::Vinyl, material: 5500, installation: 1200 },
    DemoFilm { sku: "DEC-COLORED", name_es: "Vinilo decorativo de color", name_en: "Coloured decorative vinyl", unit: Unit::M2, waste: WasteClass::Vinyl, material: 4800, installation: 1200 },
    DemoFilm { sku: "DEC-STRIPES", name_es: "Franjas decorativas (metro lineal)", name_en: "Decorative stripes (linear metre)", unit: Unit::M, waste: WasteClass::Vinyl, material: 2500, installation: 800 },
];

/// The demo organisation (seed: slug `demo`, USD, 19 % tax).
const ORG_NAME: &str = "Cotiza Demo";
const ORG_PHONE: &str = "+56223456789";
const ORG_EMAIL: &str = "hola@cotiza.example";
const TAX_RATE: Decimal = Decimal::from_parts(19, 0, 0, false, 2);

/// The openings the demo quote cycles through: kind, width and height in
/// centimetres, quantity, sku, difficult access.
const OPENINGS: &[(OpeningKind, i64, i64, u32, &str, bool)] = &[
    (OpeningKind::Window, 150, 120, 6, "SOL-CERAMIC-70", false),
    (OpeningKind::SlidingDoor, 240, 210, 2, "SEC-CLEAR-8MIL", false),
    (OpeningKind::Window, 120, 140, 4, "SOL-CHARCOAL-05", false),
    (OpeningKind::ShowerEnclosure, 120, 190, 1, "DEC-FROSTED-FULL", false),
    (OpeningKind::Door, 90, 200, 2, "SEC-CLEAR-4MIL", false),
    (OpeningKind::Partition, 320, 100, 1, "DEC-STRIPES", false),
    (OpeningKind::Window, 200, 150, 4, "SOL-CERAMIC-70", false),
    (OpeningKind::Skylight, 100, 100, 2, "DEC-COLORED", true),
];

/// The three rooms: Spanish and English names, floor.
const ROOMS: [(&str, &str, i32); 3] = [
    ("Living comedor", "Living and dining room", 1),
    ("Dormitorio principal", "Master bedroom", 2),
    ("Oficina", "Office", 5),
];

/// The demo organisation's sample quote as a render job would snapshot it:
/// Cotiza Demo (USD, 19 % tax, its catalog's films) quoting a customer in
/// Providencia, `lines` openings (1 to [`MAX_DEMO_LINES`]) over 3 rooms,
/// priced with [`domain::price_quote`] so every amount is real. Texts are in
/// `language` (`en`, or Spanish for anything else).
pub fn demo_quote_video_input(language: &str, lines: usize) -> QuoteVideoInput {
    let lang = if language == "en" { "en" } else { "es" };
    let lines = lines.clamp(1, MAX_DEMO_LINES);
    let mut rooms = Vec::new();
    let mut made = 0;
    for (r, (name_es, name_en, floor)) in ROOMS.iter().enumerate() {
        // Split as evenly as possible, the first rooms taking the remainder.
        let count = lines / ROOMS.len() + usize::from(r < lines % ROOMS.len());
        if count == 0 {
            continue;
        }
        let openings = (made..made + count).map(demo_opening).collect();
        made += count;
        rooms.push(Room { name: if lang == "en" { name_en } else { name_es }.to_string(), floor: *floor, openings });
    }
    let input = QuoteInput { extreme_weather: false, rooms, ..Default::default() };
    let catalog: Vec<PricedProduct> = FILMS
        .iter()
        .map(|f| PricedProduct {
            sku: f.sku.into(),
            unit: f.unit,
            waste_class: f.waste,
            material_price: Decimal::new(f.material, 2),
            installation_price: Decimal::new(f.installation, 2),
            active: true,
        })
        .collect();
    let ctx = PricingContext { currency: Currency::Usd, tax_rate: TAX_RATE, products: &catalog };
    // Sizes, quantities and skus are fixed above and always valid.
    let breakdown = price_quote(&input, &ctx).expect("the demo quote prices");
    let films = FILMS
        .iter()
        .filter(|f| breakdown.lines.iter().any(|l| l.sku == f.sku))
        .map(|f| PricedFilm {
            product_id: format!("demo-{}", f.sku.to_lowercase()),
            sku: f.sku.into(),
            name_es: f.name_es.into(),
            name_en: f.name_en.into(),
            unit: f.unit,
            material_price: Decimal::new(f.material, 2),
            installation_price: Decimal::new(f.installation, 2),
            price_id: format!("demo-price-{}", f.sku.to_lowercase()),
            specs: Specs::default(),
        })
        .collect();
    let document = QuoteDocument {
        number: "COT-2026-000042".into(),
        version: 1,
        vertical: Vertical::Residential,
        language: lang.into(),
        currency: Currency::Usd,
        priced_on: "2026-11-23".into(),
        org: OrgCard { slug: "demo".into(), name: ORG_NAME.into(), phone: ORG_PHONE.into(), email: ORG_EMAIL.into(), country: "CL".into() },
        contact: Contact {
            name: "María José Fuentes".into(),
            phone: "+56912345678".into(),
            email: "mj.fuentes@example.com".into(),
            address: "Av. Nueva Providencia 1881, depto. 1204".into(),
            commune: "Providencia".into(),
            contact_time: ContactTime::Morning,
        },
        input,
        breakdown,
        films,
        automotive: None,
    };
    QuoteVideoInput {
        document,
        valid_until: Some("2026-12-08".into()),
        quote_url: "https://cotiza.example/p/8f3a9c2e71d04b5fa6e2c9d18b7a4f60c1e5d2b9a7f34e6c".into(),
        brand_color: DEFAULT_BRAND_COLOR.into(),
        logo_key: None,
    }
}

/// The `i`-th opening: the templates in turn, a little wider each round.
fn demo_opening(i: usize) -> Opening {
    let (kind, width_cm, height_cm, quantity, sku, difficult_access) = OPENINGS[i % OPENINGS.len()];
    let round = (i / OPENINGS.len()) as i64;
    Opening {
        kind,
        width_m: Decimal::new(width_cm + 10 * round.min(50), 2),
        height_m: Decimal::new(height_cm, 2),
        quantity,
        sku: sku.into(),
        curved_glass: false,
        difficult_access,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_demo_quote_is_priced_with_a_volume_discount() {
        let input = demo_quote_video_input("es", DEFAULT_DEMO_LINES);
        let doc = &input.document;
        assert_eq!(doc.breakdown.lines.len(), 7);
        assert_eq!(doc.input.rooms.len(), 3);
        assert_eq!((doc.org.name.as_str(), doc.currency, doc.breakdown.tax_rate), ("Cotiza Demo", Currency::Usd, TAX_RATE));
        assert!(doc.breakdown.discount > Decimal::ZERO, "over 50 m²: 5 % off");
        assert_eq!(doc.breakdown.total, doc.breakdown.taxable + doc.breakdown.tax);
        assert!(doc.breakdown.lines.iter().all(|l| doc.film(&l.sku).is_some()), "every line's film is in the snapshot");
        assert_eq!(domain::parse_hex_color(&input.brand_color), Some([0x0f, 0x76, 0x6e]));
    }

    #[test]
    fn lines_and_language_are_chosen() {
        assert_eq!(demo_quote_video_input("en", 40).document.breakdown.lines.len(), 40);
        assert_eq!(demo_quote_video_input("es", 1).document.input.rooms.len(), 1);
        assert_eq!(demo_quote_video_input("es", 0).document.breakdown.lines.len(), 1, "at least one line");
        assert_eq!(demo_quote_video_input("en", 3).document.language, "en");
        assert_eq!(demo_quote_video_input("fr", 3).document.language, "es");
        assert_eq!(demo_quote_video_input("en", 3).document.input.rooms[0].name, "Living and dining room");
    }
}
