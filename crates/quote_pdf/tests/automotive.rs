//! The PDF of a car's quote: the vehicle (make, model, year, VIN, body
//! type, colour, plate), the legal-tint warnings, and no floor beside the
//! car; and names outside Latin-1 printed as written.
use domain::*;
use lopdf::Document;
use quote_pdf::render;
use rust_decimal_macros::dec;

mod support;

fn vlt(sku: &str) -> Option<u8> {
    (sku == "AUTO-20").then_some(20)
}

/// A red 2003 Honda Accord sedan, "Auto completo" in a VLT 20 film, under a 35 % minimum.
fn car_quote(language: &str) -> QuoteDocument {
    let vehicle = QuotedVehicle {
        id: Some("v-1".into()),
        vin: Some("1HGCM82633A004352".into()),
        make: "Honda".into(),
        model: "Accord".into(),
        year: 2003,
        body_type: BodyType::Sedan,
        plate: "AB CD 12".into(),
        colour: "Rojo".into(),
    };
    let choice = AutomotiveChoice { items: vec![], packages: vec![PackageChoice { package_code: "full_car".into(), sku: "AUTO-20".into() }] };
    let catalog = AutomotiveCatalog::with_overrides(&AutomotiveOverrides { min_front_vlt: Some(35), ..AutomotiveOverrides::default() });
    let plan = plan_automotive(&vehicle, &choice, &catalog, vlt).expect("plan");
    let products = vec![support::film("AUTO-20", dec!(40), dec!(12))];
    let ctx = PricingContext { currency: Currency::Usd, tax_rate: dec!(0.19), products: &products };
    let breakdown = price_quote(&plan.input, &ctx).expect("priced");
    QuoteDocument {
        number: "COT-2026-000777".into(),
        version: 1,
        vertical: Vertical::Automotive,
        language: language.into(),
        currency: Currency::Usd,
        priced_on: "2026-11-23".into(),
        org: OrgCard { slug: "polarizados".into(), name: "Polarizados Ñuble".into(), phone: "+56 9 1111 2222".into(), email: String::new(), country: "CL".into() },
        contact: Contact { name: "Camila Soto".into(), phone: "+56987654321".into(), ..Contact::default() },
        input: plan.input,
        breakdown,
        films: vec![],
        automotive: Some(plan.details),
    }
}

fn text_of(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("lopdf parses the PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

#[test]
fn a_car_quote_prints_the_vehicle_and_its_warnings_and_no_floor() {
    let text = text_of(&render(&car_quote("es"), QuoteStatus::Pending, Some("2026-12-08"), ""));
    for expected in [
        "Vehículo",
        "Honda Accord 2003",
        "1HGCM82633A004352",
        "Carrocería",
        "Sedán",
        "Rojo",
        "AB CD 12",
        "Auto completo",
        "Advertencia de tinte legal",
        "Parabrisas: la lámina deja pasar 20 % de luz; el mínimo legal es 35 %.",
        "Parabrisas",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("Piso"), "a car is not on a floor:\n{text}");
    let english = text_of(&render(&car_quote("en"), QuoteStatus::Pending, None, ""));
    for expected in ["Vehicle", "Body type", "Sedan", "Legal tint warning", "Windshield: the film lets through 20% of light; the legal minimum is 35%."] {
        assert!(english.contains(expected), "lacks {expected:?}:\n{english}");
    }
    assert!(!english.contains("Floor"), "{english}");
}
