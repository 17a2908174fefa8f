//! The pricing contract (`pricing.md`, "The quote") for the staff's extra
//! lines and manual discount, to the cent, through the public API. Figures
//! worked by hand and re-checked with Python `decimal` (ROUND_HALF_UP).
use domain::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

fn product(sku: &str, class: WasteClass, material: Decimal, installation: Decimal) -> PricedProduct {
    PricedProduct {
        sku: sku.into(),
        unit: Unit::M2,
        waste_class: class,
        material_price: material,
        installation_price: installation,
        active: true,
    }
}

fn window(w: Decimal, h: Decimal, quantity: u32, sku: &str) -> Opening {
    Opening {
        kind: OpeningKind::Window,
        width_m: w,
        height_m: h,
        quantity,
        sku: sku.into(),
        curved_glass: false,
        difficult_access: false,
    }
}

fn input(floor: i32, openings: Vec<Opening>, extras: &[(&str, Decimal)], manual_discount: Decimal) -> QuoteInput {
    QuoteInput {
        extreme_weather: false,
        rooms: vec![Room { name: "Living".into(), floor, openings }],
        extras: extras
            .iter()
            .map(|(d, a)| ExtraLine { description: (*d).into(), amount: *a })
            .collect(),
        manual_discount,
        ..QuoteInput::default()
    }
}

fn try_price(input: &QuoteInput, products: &[PricedProduct], currency: Currency) -> Result<QuoteBreakdown, FieldErrors> {
    price_quote(input, &PricingContext { currency, tax_rate: dec!(0.19), products: &products })
}

fn usd() -> Vec<PricedProduct> {
    vec![
        product("SOL-CERAMIC-70", WasteClass::SolarControl, dec!(85.00), dec!(20.00)),
        product("DEC-FROSTED-FULL", WasteClass::Vinyl, dec!(55.00), dec!(12.00)),
    ]
}

fn clp() -> Vec<PricedProduct> {
    vec![product("SOL-CL", WasteClass::SolarControl, dec!(18000), dec!(6000))]
}

/// The contract's worked example (line total 451.26).
fn example(extras: &[(&str, Decimal)], manual_discount: Decimal) -> QuoteInput {
    input(4, vec![window(dec!(1.20), dec!(1.50), 2, "SOL-CERAMIC-70")], extras, manual_discount)
}

fn price_usd(input: &QuoteInput) -> QuoteBreakdown {
    try_price(input, &usd(), Currency::Usd).unwrap_or_else(|e| panic!("expected a price, got {e}"))
}

fn errors(input: &QuoteInput, products: &[PricedProduct], currency: Currency) -> FieldErrors {
    match try_price(input, products, currency) {
        Ok(b) => panic!("expected errors, got a price of {}", b.total),
        Err(e) => e,
    }
}

fn totals(b: &QuoteBreakdown) -> [Decimal; 6] {
    [b.subtotal, b.discount, b.manual_discount, b.taxable, b.tax, b.total]
}

#[test]
fn an_extra_line_adds_to_the_subtotal_and_the_manual_discount_comes_off_before_tax() {
    // 451.26 + 25.50 = 476.76; no volume discount (4.14 m²); − 10.00 = 466.76;
    // tax 466.76 × 0.19 = 88.6844 → 88.68; total 555.44.
    let b = price_usd(&example(&[("Retiro de lámina antigua", dec!(25.50))], dec!(10.00)));
    assert_eq!(b.lines[0].total, dec!(451.26));
    assert_eq!(totals(&b), [dec!(476.76), dec!(0.00), dec!(10.00), dec!(466.76), dec!(88.68), dec!(555.44)]);
    assert_eq!(b.extras, vec![ExtraLine { description: "Retiro de lámina antigua".into(), amount: dec!(25.50) }]);
}

#[test]
fn extras_are_discounted_like_the_rest_and_ties_round_away_from_zero() {
    // 5 × 4 × 3 = 60 m² of vinyl windows: qty 67.2 m² (5 % tier), line 3696.00 + 806.40 = 4502.40.
    // With an extra of 99.90 the subtotal is 4602.30 and the volume discount
    // 4602.30 × 0.05 = 230.115 → 230.12 (alone the line's would be 225.12).
    let big = |extras: &[(&str, Decimal)], manual| input(1, vec![window(dec!(5), dec!(4), 3, "DEC-FROSTED-FULL")], extras, manual);
    assert_eq!(price_usd(&big(&[], dec!(0))).discount, dec!(225.12));
    let b = price_usd(&big(&[("Visita técnica", dec!(99.90))], dec!(100.05)));
    assert_eq!(b.discount_rate, dec!(0.05));
    // taxable 4602.30 − 230.12 − 100.05 = 4272.13; tax 811.7047 → 811.70; total 5083.83.
    assert_eq!(totals(&b), [dec!(4602.30), dec!(230.12), dec!(100.05), dec!(4272.13), dec!(811.70), dec!(5083.83)]);
    assert_eq!(b.area_m2, dec!(67.2), "extras are money, never area");
}

#[test]
fn clp_extras_and_manual_discount_in_whole_pesos() {
    // 1.20 × 1.50 = 1.8 m² × 1.15 = 2.07 m²: 37 260 + 12 420 = 49 680; + 25 000 = 74 680;
    // − 5 030 = 69 650; tax 13 233.5 → 13 234 (half away from zero); total 82 884.
    let q = input(1, vec![window(dec!(1.20), dec!(1.50), 1, "SOL-CL")], &[("Retiro de lámina antigua", dec!(25000))], dec!(5030));
    let b = try_price(&q, &clp(), Currency::Clp).expect("priced");
    assert_eq!(totals(&b), [dec!(74680), dec!(0), dec!(5030), dec!(69650), dec!(13234), dec!(82884)]);
    let json = serde_json::to_value(Calculation::from(&b)).expect("serialize");
    assert_eq!(json["extras"], json!([{"description": "Retiro de lámina antigua", "amount": "25000"}]));
    assert_eq!((json["manual_discount"].as_str(), json["total"].as_str()), (Some("5030"), Some("82884")));
    // "25000.00" is a whole amount; 25000.5 is not.
    let zeros = input(1, vec![window(dec!(1.20), dec!(1.50), 1, "SOL-CL")], &[("x", dec!(25000.00))], dec!(0));
    assert_eq!(try_price(&zeros, &clp(), Currency::Clp).expect("priced").subtotal, dec!(74680));
    let half = input(1, vec![window(dec!(1.20), dec!(1.50), 1, "SOL-CL")], &[("x", dec!(25000.5))], dec!(0.5));
    let e = errors(&half, &clp(), Currency::Clp);
    assert_eq!(e.get("extras[0].amount"), Some(WHOLE_AMOUNT));
    assert_eq!(e.get("manual_discount"), Some(WHOLE_AMOUNT));
}

#[test]
fn usd_amounts_have_at_most_cents() {
    let e = errors(&example(&[("a", dec!(1.005))], dec!(0.001)), &usd(), Currency::Usd);
    assert_eq!(e.get("extras[0].amount"), Some("must have at most 2 decimals"));
    assert_eq!(e.get("manual_discount"), Some("must have at most 2 decimals"));
    assert_eq!(price_usd(&example(&[("a", dec!(1.50000))], dec!(0))).subtotal, dec!(452.76));
}

#[test]
fn the_manual_discount_may_take_the_total_to_zero_but_not_below() {
    let all = price_usd(&example(&[("Retiro", dec!(25.50))], dec!(476.76)));
    assert_eq!(totals(&all), [dec!(476.76), dec!(0.00), dec!(476.76), dec!(0.00), dec!(0.00), dec!(0.00)]);
    let e = errors(&example(&[("Retiro", dec!(25.50))], dec!(476.77)), &usd(), Currency::Usd);
    assert_eq!(e.get("manual_discount"), Some("must be at most 476.76"));
    assert_eq!(e.len(), 1);
}

#[test]
fn bad_extras_are_named_by_their_path() {
    let long = "á".repeat(MAX_EXTRA_DESCRIPTION_CHARS + 1);
    let ok = "á".repeat(MAX_EXTRA_DESCRIPTION_CHARS);
    let q = example(&[(" ", dec!(1)), (long.as_str(), dec!(-1)), (ok.as_str(), dec!(0))], dec!(-5));
    let e = errors(&q, &usd(), Currency::Usd);
    assert_eq!(e.get("extras[0].description"), Some("is required"));
    assert_eq!(e.get("extras[1].description"), Some("must be at most 120 characters"));
    assert_eq!(e.get("extras[1].amount"), Some(NOT_NEGATIVE));
    assert_eq!(e.get("manual_discount"), Some(NOT_NEGATIVE));
    assert!(e.get("extras[2].description").is_none() && e.get("extras[2].amount").is_none(), "{e}");
    assert_eq!(e.len(), 4);
    let many: Vec<(&str, Decimal)> = vec![("x", dec!(1)); MAX_EXTRAS + 1];
    assert!(errors(&example(&many, dec!(0)), &usd(), Currency::Usd).get("extras").is_some());
}

#[test]
fn descriptions_are_kept_trimmed() {
    let b = price_usd(&example(&[("  Retiro  ", dec!(1))], dec!(0)));
    assert_eq!(b.extras[0].description, "Retiro");
}

#[test]
fn the_calculation_json_adds_extras_and_manual_discount_only_when_there() {
    let plain = serde_json::to_string(&Calculation::from(&price_usd(&example(&[], dec!(0))))).expect("json");
    assert!(!plain.contains("extras") && !plain.contains("manual_discount"), "{plain}");
    let b = price_usd(&example(&[("Retiro de lámina antigua", dec!(25.5))], dec!(10)));
    let text = serde_json::to_string(&Calculation::from(&b)).expect("json");
    let order = ["\"lines\":", "\"extras\":", "\"area_m2\":", "\"discount\":", "\"manual_discount\":", "\"taxable\":", "\"tax_rate\":"];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap_or(usize::MAX)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let v: Value = serde_json::from_str(&text).expect("parse");
    assert_eq!(v["extras"], json!([{"description": "Retiro de lámina antigua", "amount": "25.50"}]));
    assert_eq!((v["manual_discount"].as_str(), v["total"].as_str()), (Some("10.00"), Some("555.44")));
}

#[test]
fn the_input_reads_and_writes_extras_only_when_there() {
    let q: QuoteInput = serde_json::from_str(r#"{"rooms":[]}"#).expect("json");
    assert!(q.extras.is_empty() && q.manual_discount.is_zero() && !q.has_staff_fields());
    assert_eq!(serde_json::to_string(&q).expect("json"), r#"{"extreme_weather":false,"rooms":[]}"#);
    let q: QuoteInput = serde_json::from_str(
        r#"{"rooms":[],"extras":[{"description":"Retiro","amount":"25000"}],"manual_discount":"1000"}"#,
    )
    .expect("json");
    assert_eq!((q.extras[0].amount, q.manual_discount), (dec!(25000), dec!(1000)));
    assert!(q.has_staff_fields());
}

#[test]
fn a_quote_of_extras_only_is_priced_from_them() {
    let q = QuoteInput { extras: vec![ExtraLine { description: "Visita".into(), amount: dec!(30.00) }], ..QuoteInput::default() };
    let b = price_usd(&q);
    // 30.00, tax 5.70, total 35.70.
    assert_eq!(totals(&b), [dec!(30.00), dec!(0.00), dec!(0), dec!(30.00), dec!(5.70), dec!(35.70)]);
}

#[test]
fn terms_and_notes_never_change_the_price_and_have_a_length_limit() {
    let plain = price_usd(&example(&[], dec!(0)));
    let mut with_texts = example(&[], dec!(0));
    with_texts.terms = "Pago 50 % al aceptar".into();
    with_texts.internal_notes = "Cliente pide factura".into();
    assert!(with_texts.has_staff_fields());
    assert_eq!(totals(&price_usd(&with_texts)), totals(&plain));
    assert_eq!(with_texts.clone().for_customer().internal_notes, "", "the customer never reads staff notes");
    assert_eq!(with_texts.clone().for_customer().terms, "Pago 50 % al aceptar");
    with_texts.terms = "x".repeat(MAX_QUOTE_TEXT_CHARS + 1);
    with_texts.internal_notes = "x".repeat(MAX_QUOTE_TEXT_CHARS + 1);
    let e = errors(&with_texts, &usd(), Currency::Usd);
    assert!(e.get("terms").is_some() && e.get("internal_notes").is_some(), "{e}");
}
