//! Writes a sample quote PDF to look at:
//! `cargo run -p quote_pdf --example sample -- [path] [extra-lines] [es|en]`
//! (default `/tmp/quote-sample.pdf`, no extra lines, Spanish).
use domain::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/tmp/quote-sample.pdf".into());
    let extra: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let language = args.next().unwrap_or_else(|| "es".into());

    let products = vec![
        product("SOL-CERAMIC-70", Unit::M2, WasteClass::SolarControl, dec!(18500), dec!(6000)),
        product("SEG-8MIL", Unit::M2, WasteClass::Laminate, dec!(24990), dec!(8000)),
        product("DEC-BORDE", Unit::M, WasteClass::Vinyl, dec!(3500), dec!(1200)),
    ];
    let films = vec![
        film("SOL-CERAMIC-70", "Control solar cerámica 70 %", "Ceramic solar control 70%", Unit::M2),
        film("SEG-8MIL", "Lámina de seguridad 8 mil (antiimpacto)", "Safety film 8 mil (impact resistant)", Unit::M2),
        film("DEC-BORDE", "Borde decorativo esmerilado", "Frosted decorative border", Unit::M),
    ];
    let mut shower = opening(OpeningKind::ShowerEnclosure, dec!(0.90), dec!(1.90), 1, "SEG-8MIL");
    shower.curved_glass = true;
    let mut skylight = opening(OpeningKind::Skylight, dec!(1.00), dec!(1.00), 1, "SOL-CERAMIC-70");
    skylight.difficult_access = true;
    let mut rooms = vec![
        Room {
            name: "Living comedor".into(),
            floor: 5,
            openings: vec![
                opening(OpeningKind::Window, dec!(1.20), dec!(1.50), 2, "SOL-CERAMIC-70"),
                opening(OpeningKind::SlidingDoor, dec!(2.40), dec!(2.10), 1, "SOL-CERAMIC-70"),
                skylight,
            ],
        },
        Room {
            name: "Dormitorio principal".into(),
            floor: 5,
            openings: vec![
                opening(OpeningKind::Window, dec!(1.60), dec!(1.20), 1, "SOL-CERAMIC-70"),
                opening(OpeningKind::Door, dec!(0.90), dec!(2.00), 1, "SEG-8MIL"),
            ],
        },
        Room {
            name: "Baño".into(),
            floor: 5,
            openings: vec![shower, opening(OpeningKind::Partition, dec!(3.00), dec!(0.10), 1, "DEC-BORDE")],
        },
    ];
    if extra > 0 {
        let openings = (0..extra)
            .map(|i| opening(OpeningKind::ALL[i as usize % 6], Decimal::new(80 + i64::from(i) * 3, 2), dec!(1.45), 1 + i % 3, "SOL-CERAMIC-70"))
            .collect();
        rooms.push(Room { name: "Oficinas del segundo piso".into(), floor: 2, openings });
    }
    let input = QuoteInput { extreme_weather: false, rooms, ..Default::default() };
    let ctx = PricingContext { currency: Currency::Clp, tax_rate: dec!(0.19), products: &products };
    let breakdown = price_quote(&input, &ctx).map_err(|e| std::io::Error::other(format!("{e:?}")))?;
    let doc = QuoteDocument {
        number: quote_number(2026, 123),
        version: 2,
        vertical: Vertical::Residential,
        language,
        currency: Currency::Clp,
        priced_on: "2026-11-23".into(),
        org: OrgCard {
            slug: "laminas-del-sur".into(),
            name: "Láminas del Sur SpA".into(),
            phone: "+56 9 8765 4321".into(),
            email: "ventas@laminasdelsur.cl".into(),
            country: "CL".into(),
        },
        contact: Contact {
            name: "María José Núñez Peña".into(),
            phone: "+56912345678".into(),
            email: "mjose@example.cl".into(),
            address: "Av. Irarrázaval 1234, depto. 56".into(),
            commune: "Ñuñoa".into(),
            contact_time: ContactTime::Morning,
        },
        input,
        breakdown,
        films,
        automotive: None,
    };
    let pdf = quote_pdf::render(&doc, QuoteStatus::Pending, Some("2026-12-08"), "https://laminasdelsur.cotiza.app/p/k3J9xQ2mW8");
    std::fs::write(&path, &pdf)?;
    println!("{path}: {} bytes ({})", pdf.len(), quote_pdf::file_name(&doc));
    Ok(())
}

fn product(sku: &str, unit: Unit, waste_class: WasteClass, material_price: Decimal, installation_price: Decimal) -> PricedProduct {
    PricedProduct { sku: sku.into(), unit, waste_class, material_price, installation_price, active: true }
}

fn film(sku: &str, es: &str, en: &str, unit: Unit) -> PricedFilm {
    PricedFilm {
        product_id: format!("p-{sku}"),
        sku: sku.into(),
        name_es: es.into(),
        name_en: en.into(),
        unit,
        material_price: Decimal::ZERO,
        installation_price: Decimal::ZERO,
        price_id: format!("price-{sku}"),
        specs: Specs::default(),
    }
}

fn opening(kind: OpeningKind, width_m: Decimal, height_m: Decimal, quantity: u32, sku: &str) -> Opening {
    Opening { kind, width_m, height_m, quantity, sku: sku.into(), curved_glass: false, difficult_access: false }
}
