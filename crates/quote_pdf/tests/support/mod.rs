//! What the PDF tests share: a window, a film and a priced one-room quote
//! they then dress (names, extras, terms, brand).
#![allow(dead_code)]

use domain::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A 1.20 × 1.50 m window in film `sku`.
pub fn window(sku: &str, quantity: u32) -> Opening {
    Opening {
        kind: OpeningKind::Window,
        width_m: dec!(1.20),
        height_m: dec!(1.50),
        quantity,
        sku: sku.into(),
        curved_glass: false,
        difficult_access: false,
    }
}

/// An active solar-control film sold by the m².
pub fn film(sku: &str, material_price: Decimal, installation_price: Decimal) -> PricedProduct {
    PricedProduct { sku: sku.into(), unit: Unit::M2, waste_class: WasteClass::SolarControl, material_price, installation_price, active: true }
}

/// `input` priced with `products` as a residential quote in `language`,
/// by "Láminas Sur" for "Ana" (tests change what they look at).
pub fn document(input: QuoteInput, products: Vec<PricedProduct>, currency: Currency, tax_rate: Decimal, language: &str) -> QuoteDocument {
    let ctx = PricingContext { currency, tax_rate, products: &products };
    QuoteDocument {
        number: "COT-2026-000001".into(),
        version: 1,
        vertical: Vertical::Residential,
        language: language.into(),
        currency,
        priced_on: "2026-11-23".into(),
        org: OrgCard { slug: "sur".into(), name: "Láminas Sur".into(), ..OrgCard::default() },
        contact: Contact { name: "Ana".into(), phone: "+56987654321".into(), ..Contact::default() },
        breakdown: price_quote(&input, &ctx).expect("priced"),
        input,
        films: vec![],
        automotive: None,
    }
}

/// One room, "Living" (or `name`), with `openings`.
pub fn room(name: &str, openings: Vec<Opening>) -> Vec<Room> {
    vec![Room { name: name.into(), floor: 1, openings }]
}
