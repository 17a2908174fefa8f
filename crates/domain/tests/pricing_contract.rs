//! The pricing contract (`pricing.md`), rule by rule, to the cent, through
//! the public API. Expected figures were worked by hand and re-checked with
//! an independent decimal calculation (Python `decimal`, ROUND_HALF_UP).
use std::collections::HashMap;

use domain::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

fn product(
    sku: &str,
    unit: Unit,
    class: WasteClass,
    material: Decimal,
    installation: Decimal,
) -> PricedProduct {
    PricedProduct {
        sku: sku.into(),
        unit,
        waste_class: class,
        material_price: material,
        installation_price: installation,
        active: true,
    }
}

/// The demo catalog of the contract.
fn demo() -> Vec<PricedProduct> {
    use WasteClass::*;
    vec![
        product(
            "SEC-CLEAR-4MIL",
            Unit::M2,
            Laminate,
            dec!(45.00),
            dec!(15.00),
        ),
        product(
            "SEC-CLEAR-8MIL",
            Unit::M2,
            Laminate,
            dec!(65.00),
            dec!(18.00),
        ),
        product(
            "SOL-CERAMIC-70",
            Unit::M2,
            SolarControl,
            dec!(85.00),
            dec!(20.00),
        ),
        product(
            "SOL-CHARCOAL-05",
            Unit::M2,
            SolarControl,
            dec!(95.00),
            dec!(22.00),
        ),
        product(
            "DEC-FROSTED-FULL",
            Unit::M2,
            Vinyl,
            dec!(55.00),
            dec!(12.00),
        ),
        product("DEC-COLORED", Unit::M2, Vinyl, dec!(48.00), dec!(12.00)),
        product("DEC-STRIPES", Unit::M, Vinyl, dec!(25.00), dec!(8.00)),
    ]
}

fn opening(kind: OpeningKind, w: Decimal, h: Decimal, quantity: u32, sku: &str) -> Opening {
    Opening {
        kind,
        width_m: w,
        height_m: h,
        quantity,
        sku: sku.into(),
        curved_glass: false,
        difficult_access: false,
    }
}

fn curved(mut o: Opening) -> Opening {
    o.curved_glass = true;
    o
}

fn difficult(mut o: Opening) -> Opening {
    o.difficult_access = true;
    o
}

fn room(name: &str, floor: i32, openings: Vec<Opening>) -> Room {
    Room {
        name: name.into(),
        floor,
        openings,
    }
}

fn one_room(floor: i32, openings: Vec<Opening>) -> QuoteInput {
    QuoteInput {
        extreme_weather: false,
        rooms: vec![room("Living", floor, openings)],
        ..Default::default()
    }
}

fn try_price(
    input: &QuoteInput,
    products: &[PricedProduct],
    currency: Currency,
    tax: Decimal,
) -> Result<QuoteBreakdown, FieldErrors> {
    price_quote(
        input,
        &PricingContext {
            currency,
            tax_rate: tax,
            products: &products,
        },
    )
}

fn price_with(
    input: &QuoteInput,
    products: &[PricedProduct],
    currency: Currency,
    tax: Decimal,
) -> QuoteBreakdown {
    try_price(input, products, currency, tax)
        .unwrap_or_else(|e| panic!("expected a price, got {e}"))
}

/// Demo organisation: USD, tax 0.19.
fn price(input: &QuoteInput) -> QuoteBreakdown {
    price_with(input, &demo(), Currency::Usd, dec!(0.19))
}

fn errors(input: &QuoteInput, products: &[PricedProduct]) -> FieldErrors {
    match try_price(input, products, Currency::Usd, dec!(0.19)) {
        Ok(b) => panic!("expected errors, got a price of {}", b.total),
        Err(e) => e,
    }
}

fn json_of(b: &QuoteBreakdown) -> Value {
    serde_json::to_value(Calculation::from(b)).expect("serialize")
}

/// The money figures of a quote, in contract order.
fn totals(b: &QuoteBreakdown) -> [Decimal; 5] {
    [b.subtotal, b.discount, b.taxable, b.tax, b.total]
}

// ---------------------------------------------------------------- the example

#[test]
fn the_contract_example_to_the_cent() {
    let input = one_room(
        4,
        vec![opening(
            OpeningKind::Window,
            dec!(1.20),
            dec!(1.50),
            2,
            "SOL-CERAMIC-70",
        )],
    );
    let b = price(&input);
    let l = &b.lines[0];
    assert_eq!(
        (l.base_qty, l.waste_rate, l.qty, l.complexity),
        (dec!(3.6), dec!(0.15), dec!(4.14), dec!(1.2))
    );
    assert_eq!(
        (l.material, l.installation, l.total),
        (dec!(351.90), dec!(99.36), dec!(451.26))
    );
    assert_eq!(b.area_m2, dec!(4.14));
    assert_eq!(b.discount_rate, dec!(0));
    assert_eq!(
        totals(&b),
        [
            dec!(451.26),
            dec!(0),
            dec!(451.26),
            dec!(85.74),
            dec!(537.00)
        ]
    );

    // The answer, exactly as the contract prints it.
    let expected: Value = serde_json::from_str(
        r#"{"currency": "USD",
 "lines": [{"room": "Living", "kind": "window", "sku": "SOL-CERAMIC-70",
   "unit": "m2", "base_qty": "3.6000", "waste_rate": "0.15", "qty": "4.1400",
   "complexity": "1.2", "material": "351.90", "installation": "99.36",
   "total": "451.26"}],
 "area_m2": "4.1400", "subtotal": "451.26", "discount_rate": "0",
 "discount": "0.00", "taxable": "451.26", "tax_rate": "0.19",
 "tax": "85.74", "total": "537.00"}"#,
    )
    .expect("contract JSON");
    assert_eq!(json_of(&b), expected);

    // Same key order as the contract, at both levels.
    let text = serde_json::to_string(&Calculation::from(&b)).expect("serialize");
    let (head, tail) = text.split_once("\"lines\"").expect("lines key");
    assert!(head.ends_with("{\"currency\":\"USD\","), "{text}");
    let line_keys = [
        "room",
        "kind",
        "sku",
        "unit",
        "base_qty",
        "waste_rate",
        "qty",
        "complexity",
        "material",
        "installation",
        "total",
    ];
    let top_keys = [
        "area_m2",
        "subtotal",
        "discount_rate",
        "discount",
        "taxable",
        "tax_rate",
        "tax",
        "total",
    ];
    let mut at = 0;
    for key in line_keys.iter().chain(top_keys.iter()) {
        let needle = format!("\"{key}\":");
        let found = tail[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{key} after byte {at} in {tail}"));
        at += found + needle.len();
    }

    // And it reads back.
    let back: Calculation = serde_json::from_value(expected).expect("deserialize");
    assert_eq!(back, Calculation::from(&b));
}

#[test]
fn a_worked_quote_with_every_rule() {
    // Extreme weather; a 5th-floor living room, a bathroom, a basement office.
    use OpeningKind::*;
    let input = QuoteInput {
        extreme_weather: true,
        rooms: vec![
            room(
                "Living",
                5,
                vec![
                    opening(Window, dec!(2.40), dec!(1.80), 4, "SOL-CHARCOAL-05"),
                    difficult(opening(
                        SlidingDoor,
                        dec!(3.00),
                        dec!(2.20),
                        2,
                        "SEC-CLEAR-8MIL",
                    )),
                ],
            ),
            room(
                "Bath",
                2,
                vec![
                    curved(opening(
                        ShowerEnclosure,
                        dec!(1.20),
                        dec!(2.00),
                        1,
                        "DEC-FROSTED-FULL",
                    )),
                    opening(Partition, dec!(0.90), dec!(2.00), 10, "DEC-STRIPES"),
                ],
            ),
            room(
                "Office",
                -1,
                vec![
                    opening(Door, dec!(0.90), dec!(2.10), 12, "SEC-CLEAR-4MIL"),
                    opening(Skylight, dec!(4), dec!(5), 3, "SOL-CERAMIC-70"),
                ],
            ),
        ],
        ..Default::default()
    };
    let b = price(&input);
    let expected_lines = [
        // base_qty, waste, qty, complexity, material, installation, total
        // 19.872 × 22 × 1.38 = 603.31392
        (
            dec!(17.28),
            dec!(0.15),
            dec!(19.872),
            dec!(1.38),
            dec!(1887.84),
            dec!(603.31),
            dec!(2491.15),
        ),
        // 15.18 × 18 × (1.2 × 1.3 × 1.15 = 1.794) = 490.19256
        (
            dec!(13.2),
            dec!(0.15),
            dec!(15.18),
            dec!(1.794),
            dec!(986.70),
            dec!(490.19),
            dec!(1476.89),
        ),
        // curved row: 0.25 for vinyl; complexity 1.5 × 1.15
        (
            dec!(2.4),
            dec!(0.25),
            dec!(3),
            dec!(1.725),
            dec!(165.00),
            dec!(62.10),
            dec!(227.10),
        ),
        // linear: 0.90 × 10 = 9 m, height ignored
        (
            dec!(9),
            dec!(0.15),
            dec!(10.35),
            dec!(1.15),
            dec!(258.75),
            dec!(95.22),
            dec!(353.97),
        ),
        // 26.7624 × 45 = 1204.308
        (
            dec!(22.68),
            dec!(0.18),
            dec!(26.7624),
            dec!(1.15),
            dec!(1204.31),
            dec!(461.65),
            dec!(1665.96),
        ),
        (
            dec!(60),
            dec!(0.15),
            dec!(69),
            dec!(1.15),
            dec!(5865.00),
            dec!(1587.00),
            dec!(7452.00),
        ),
    ];
    assert_eq!(b.lines.len(), expected_lines.len());
    for (l, e) in b.lines.iter().zip(expected_lines) {
        let got = (
            l.base_qty,
            l.waste_rate,
            l.qty,
            l.complexity,
            l.material,
            l.installation,
            l.total,
        );
        assert_eq!(got, e, "{} {}", l.room, l.kind);
    }
    let places: Vec<(usize, usize)> = b
        .lines
        .iter()
        .map(|l| (l.room_index, l.opening_index))
        .collect();
    assert_eq!(
        places,
        [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)],
        "input order"
    );
    // 19.872 + 15.18 + 3 + 26.7624 + 69; the 10.35 m of stripes do not count.
    assert_eq!(b.area_m2, dec!(133.8144));
    assert_eq!(b.discount_rate, dec!(0.10));
    // discount 1366.707 → 1366.71; tax 12300.36 × 0.19 = 2337.0684.
    assert_eq!(
        totals(&b),
        [
            dec!(13667.07),
            dec!(1366.71),
            dec!(12300.36),
            dec!(2337.07),
            dec!(14637.43)
        ]
    );

    let j = json_of(&b);
    assert_eq!(j["area_m2"], json!("133.8144"));
    assert_eq!(j["discount_rate"], json!("0.1"));
    assert_eq!(j["total"], json!("14637.43"));
    assert_eq!(j["lines"][1]["complexity"], json!("1.794"));
    assert_eq!(j["lines"][2]["waste_rate"], json!("0.25"));
    assert_eq!(j["lines"][2]["qty"], json!("3.0000"));
    assert_eq!(j["lines"][3]["unit"], json!("m"));
    assert_eq!(j["lines"][3]["base_qty"], json!("9.0000"));
    assert_eq!(j["lines"][4]["kind"], json!("door"));
    assert_eq!(j["lines"][4]["waste_rate"], json!("0.18"));
    assert_eq!(j["lines"][5]["complexity"], json!("1.15"));
}

// ------------------------------------------------------------- per opening

#[test]
fn waste_reaches_the_line_for_each_column() {
    // A 1 m² door: laminate 0.18, vinyl 0.15, solar control 0.18; curved: 0.30, 0.25, 0.30.
    for (sku, straight, bent) in [
        ("SEC-CLEAR-4MIL", dec!(1.18), dec!(1.30)),
        ("DEC-COLORED", dec!(1.15), dec!(1.25)),
        ("SOL-CERAMIC-70", dec!(1.18), dec!(1.30)),
    ] {
        let o = opening(OpeningKind::Door, dec!(1), dec!(1), 1, sku);
        assert_eq!(
            price(&one_room(1, vec![o.clone()])).lines[0].qty,
            straight,
            "{sku}"
        );
        assert_eq!(
            price(&one_room(1, vec![curved(o)])).lines[0].qty,
            bent,
            "curved {sku}"
        );
    }
}

#[test]
fn complexity_applies_to_installation_only() {
    // 1 m² curved window of SEC-CLEAR-4MIL → 1.30 m²: material 58.50 whatever the site;
    // installation 1.30 × 15 × 2.691 = 52.4745 → 52.47.
    let o = difficult(curved(opening(
        OpeningKind::Window,
        dec!(1),
        dec!(1),
        1,
        "SEC-CLEAR-4MIL",
    )));
    let mut input = one_room(5, vec![o]);
    input.extreme_weather = true;
    let l = &price(&input).lines[0];
    assert_eq!((l.qty, l.complexity), (dec!(1.30), dec!(2.691)));
    assert_eq!(
        (l.material, l.installation, l.total),
        (dec!(58.50), dec!(52.47), dec!(110.97))
    );

    let plain = &price(&one_room(
        1,
        vec![curved(opening(
            OpeningKind::Window,
            dec!(1),
            dec!(1),
            1,
            "SEC-CLEAR-4MIL",
        ))],
    ))
    .lines[0];
    assert_eq!(
        (plain.complexity, plain.material, plain.installation),
        (dec!(1.5), dec!(58.50), dec!(29.25))
    );
}

#[test]
fn floor_4_is_high_floor_3_and_basements_are_not() {
    // 1 m² window of SEC-CLEAR-4MIL: installation 1.15 × 15 = 17.25, × 1.2 = 20.70.
    for (floor, installation) in [
        (-5, dec!(17.25)),
        (-1, dec!(17.25)),
        (0, dec!(17.25)),
        (3, dec!(17.25)),
        (4, dec!(20.70)),
        (200, dec!(20.70)),
    ] {
        let b = price(&one_room(
            floor,
            vec![opening(
                OpeningKind::Window,
                dec!(1),
                dec!(1),
                1,
                "SEC-CLEAR-4MIL",
            )],
        ));
        assert_eq!(b.lines[0].installation, installation, "floor {floor}");
        assert_eq!(b.lines[0].material, dec!(51.75), "floor {floor}");
    }
    // The floor is the room's: the same opening in two rooms prices differently.
    let o = opening(OpeningKind::Window, dec!(1), dec!(1), 1, "SEC-CLEAR-4MIL");
    let input = QuoteInput {
        extreme_weather: false,
        rooms: vec![room("Low", 3, vec![o.clone()]), room("High", 4, vec![o])],
        ..Default::default()
    };
    let b = price(&input);
    assert_eq!(
        (b.lines[0].complexity, b.lines[1].complexity),
        (dec!(1), dec!(1.2))
    );
}

#[test]
fn linear_products_use_width_only_and_are_not_area() {
    let input = one_room(
        1,
        vec![
            opening(OpeningKind::Window, dec!(2), dec!(3), 2, "DEC-STRIPES"),
            opening(OpeningKind::Window, dec!(1), dec!(1), 1, "DEC-COLORED"),
        ],
    );
    let b = price(&input);
    assert_eq!(b.lines[0].unit, Unit::M);
    assert_eq!(
        b.lines[0].base_qty,
        dec!(4),
        "width × quantity, height ignored"
    );
    assert_eq!(b.lines[0].qty, dec!(4.48), "window × vinyl: 0.12");
    assert_eq!(
        (b.lines[0].material, b.lines[0].installation),
        (dec!(112.00), dec!(35.84))
    );
    assert_eq!(
        (b.lines[1].material, b.lines[1].installation),
        (dec!(53.76), dec!(13.44))
    );
    assert_eq!(b.area_m2, dec!(1.12), "only the m² line counts");
    assert_eq!(b.subtotal, dec!(215.04), "but both are paid");
}

#[test]
fn linear_metres_never_earn_a_volume_discount() {
    // 2240 m of stripes: far above 500, yet no m² at all.
    let b = price(&one_room(
        1,
        vec![opening(
            OpeningKind::Window,
            dec!(20),
            dec!(1),
            100,
            "DEC-STRIPES",
        )],
    ));
    assert_eq!(b.lines[0].qty, dec!(2240));
    assert_eq!((b.area_m2, b.discount_rate), (dec!(0), dec!(0)));
    assert_eq!(
        totals(&b),
        [
            dec!(73920.00),
            dec!(0),
            dec!(73920.00),
            dec!(14044.80),
            dec!(87964.80)
        ]
    );
}

// ---------------------------------------------------------------- rounding

#[test]
fn line_ties_round_away_from_zero() {
    // 0.30 m² window of SEC-CLEAR-4MIL: 0.345 m² × 45 = 15.525 → 15.53 (half to even: 15.52).
    let b = price(&one_room(
        1,
        vec![opening(
            OpeningKind::Window,
            dec!(0.30),
            dec!(1.00),
            1,
            "SEC-CLEAR-4MIL",
        )],
    ));
    assert_eq!(b.lines[0].qty * dec!(45), dec!(15.525), "a real tie");
    assert_eq!(
        (b.lines[0].material, b.lines[0].installation),
        (dec!(15.53), dec!(5.18))
    );
    assert_eq!(
        totals(&b),
        [dec!(20.71), dec!(0), dec!(20.71), dec!(3.93), dec!(24.64)]
    );

    // Installation tie: 0.375 m door of stripes, difficult access: 0.43125 × 8 × 1.3 = 4.485 → 4.49.
    let b = price(&one_room(
        1,
        vec![difficult(opening(
            OpeningKind::Door,
            dec!(0.375),
            dec!(2),
            1,
            "DEC-STRIPES",
        ))],
    ));
    assert_eq!(
        (b.lines[0].material, b.lines[0].installation),
        (dec!(10.78), dec!(4.49))
    );
    assert_eq!(b.total, dec!(18.17));
}

#[test]
fn tax_and_discount_ties_round_away_from_zero() {
    // Tax: 23 m of a 0.50 product = 11.50; × 0.19 = 2.185 → 2.19 (half to even: 2.18).
    let p = vec![product(
        "HALF",
        Unit::M,
        WasteClass::Vinyl,
        dec!(0.50),
        dec!(0),
    )];
    let b = price_with(
        &one_room(
            1,
            vec![opening(
                OpeningKind::Partition,
                dec!(20),
                dec!(1),
                1,
                "HALF",
            )],
        ),
        &p,
        Currency::Usd,
        dec!(0.19),
    );
    assert_eq!(
        totals(&b),
        [dec!(11.50), dec!(0), dec!(11.50), dec!(2.19), dec!(13.69)]
    );

    // Discount: 50 m² (curved vinyl 5 × 8 × 1.25) at 1.01 = 50.50; × 0.05 = 2.525 → 2.53.
    let p = vec![product(
        "CENT",
        Unit::M2,
        WasteClass::Vinyl,
        dec!(1.01),
        dec!(0),
    )];
    let b = price_with(
        &one_room(
            1,
            vec![curved(opening(
                OpeningKind::Window,
                dec!(5),
                dec!(8),
                1,
                "CENT",
            ))],
        ),
        &p,
        Currency::Usd,
        dec!(0.19),
    );
    assert_eq!((b.area_m2, b.discount_rate), (dec!(50), dec!(0.05)));
    assert_eq!(
        totals(&b),
        [
            dec!(50.50),
            dec!(2.53),
            dec!(47.97),
            dec!(9.11),
            dec!(57.08)
        ]
    );
}

#[test]
fn nothing_is_rounded_before_step_five() {
    // 0.333 × 0.333 × 3 = 0.332667 m²; × 1.15 = 0.38256705; × 45 = 17.21551725 → 17.22.
    let b = price(&one_room(
        1,
        vec![opening(
            OpeningKind::Window,
            dec!(0.333),
            dec!(0.333),
            3,
            "SEC-CLEAR-4MIL",
        )],
    ));
    assert_eq!(
        (b.lines[0].base_qty, b.lines[0].qty),
        (dec!(0.332667), dec!(0.38256705))
    );
    assert_eq!(
        b.area_m2,
        dec!(0.38256705),
        "the exact sum, not the displayed 0.3826"
    );
    assert_eq!(json_of(&b)["area_m2"], json!("0.3826"));
    assert_eq!(b.lines[0].material, dec!(17.22));

    // At 1000.00 per m², rounding qty first would move the cents:
    // 1.739 × 1.15 = 1.99985 m² → 1999.85; with qty at 4 decimals (1.9999) 1999.90, at 2 (2.00) 2000.00.
    let p = vec![product(
        "K",
        Unit::M2,
        WasteClass::Laminate,
        dec!(1000.00),
        dec!(0),
    )];
    let b = price_with(
        &one_room(
            1,
            vec![opening(
                OpeningKind::Partition,
                dec!(1.739),
                dec!(1),
                1,
                "K",
            )],
        ),
        &p,
        Currency::Usd,
        dec!(0.19),
    );
    assert_eq!(b.lines[0].qty, dec!(1.99985));
    assert_eq!(b.lines[0].material, dec!(1999.85));
    assert_eq!(
        json_of(&b)["lines"][0]["qty"],
        json!("1.9999"),
        "shown half away, but never fed back"
    );
    assert_eq!(
        totals(&b),
        [
            dec!(1999.85),
            dec!(0),
            dec!(1999.85),
            dec!(379.97),
            dec!(2379.82)
        ]
    );
}

#[test]
fn clp_has_no_minor_unit() {
    let p = vec![product(
        "SEG",
        Unit::M2,
        WasteClass::Laminate,
        dec!(32990),
        dec!(9990),
    )];
    // 1.33 × 0.77 × 1.15 = 1.177715 m²: 38852.81785 → 38853; 11765.37285 → 11765; tax 9617.42 → 9617.
    let b = price_with(
        &one_room(
            1,
            vec![opening(
                OpeningKind::Window,
                dec!(1.33),
                dec!(0.77),
                1,
                "SEG",
            )],
        ),
        &p,
        Currency::Clp,
        dec!(0.19),
    );
    assert_eq!(
        (b.lines[0].material, b.lines[0].installation),
        (dec!(38853), dec!(11765))
    );
    assert_eq!(
        totals(&b),
        [dec!(50618), dec!(0), dec!(50618), dec!(9617), dec!(60235)]
    );
    let j = json_of(&b);
    assert_eq!(j["currency"], json!("CLP"));
    assert_eq!(
        (&j["subtotal"], &j["discount"], &j["tax"], &j["total"]),
        (
            &json!("50618"),
            &json!("0"),
            &json!("9617"),
            &json!("60235")
        )
    );
    assert_eq!(
        (&j["lines"][0]["material"], &j["lines"][0]["qty"]),
        (&json!("38853"), &json!("1.1777"))
    );

    // Ties in whole pesos: 1.15 m² × 30 = 34.5 → 35 (half to even: 34); × 10 = 11.5 → 12.
    let p = vec![product(
        "T",
        Unit::M2,
        WasteClass::Laminate,
        dec!(30),
        dec!(10),
    )];
    let b = price_with(
        &one_room(
            1,
            vec![opening(OpeningKind::Window, dec!(1), dec!(1), 1, "T")],
        ),
        &p,
        Currency::Clp,
        dec!(0.19),
    );
    assert_eq!(
        (b.lines[0].material, b.lines[0].installation),
        (dec!(35), dec!(12))
    );
    assert_eq!(totals(&b), [dec!(47), dec!(0), dec!(47), dec!(9), dec!(56)]);
    // Tax tie: 150 × 0.19 = 28.5 → 29 (half to even: 28).
    let p = vec![product("L", Unit::M, WasteClass::Vinyl, dec!(6), dec!(0))];
    let b = price_with(
        &one_room(
            1,
            vec![curved(opening(
                OpeningKind::Window,
                dec!(20),
                dec!(1),
                1,
                "L",
            ))],
        ),
        &p,
        Currency::Clp,
        dec!(0.19),
    );
    assert_eq!(
        totals(&b),
        [dec!(150), dec!(0), dec!(150), dec!(29), dec!(179)]
    );
}

// ------------------------------------------------------------ per quote

#[test]
fn discount_tiers_through_the_engine() {
    // Curved vinyl windows (× 1.25) of DEC-COLORED: area = width × height × 1.25.
    for (w, h, area, rate) in [
        (dec!(4.99999), dec!(8), dec!(49.9999), dec!(0)),
        (dec!(5), dec!(8), dec!(50), dec!(0.05)),
        (dec!(9.99999), dec!(8), dec!(99.9999), dec!(0.05)),
        (dec!(10), dec!(8), dec!(100), dec!(0.10)),
        (dec!(19.99999), dec!(8), dec!(199.9999), dec!(0.10)),
        (dec!(10), dec!(16), dec!(200), dec!(0.15)),
        (dec!(20), dec!(19.999996), dec!(499.9999), dec!(0.15)),
        (dec!(20), dec!(20), dec!(500), dec!(0.20)),
    ] {
        let b = price(&one_room(
            1,
            vec![curved(opening(OpeningKind::Window, w, h, 1, "DEC-COLORED"))],
        ));
        assert_eq!(b.area_m2, area, "{w} × {h}");
        assert_eq!(b.discount_rate, rate, "area {area}");
        assert_eq!(
            b.discount,
            Currency::Usd.round(b.subtotal * rate),
            "area {area}"
        );
    }
    // 500 m²: material 24000, installation 500 × 12 × 1.5 = 9000; discount 6600; tax 5016.
    let b = price(&one_room(
        1,
        vec![curved(opening(
            OpeningKind::Window,
            dec!(20),
            dec!(20),
            1,
            "DEC-COLORED",
        ))],
    ));
    assert_eq!(
        totals(&b),
        [
            dec!(33000.00),
            dec!(6600.00),
            dec!(26400.00),
            dec!(5016.00),
            dec!(31416.00)
        ]
    );
}

#[test]
fn the_area_sums_openings_across_rooms() {
    // Two skylights of 10 × 4 → 46 m² each; apart neither earns a discount, together 92 m² do.
    let o = opening(
        OpeningKind::Skylight,
        dec!(10),
        dec!(4),
        1,
        "SEC-CLEAR-4MIL",
    );
    assert_eq!(price(&one_room(1, vec![o.clone()])).discount_rate, dec!(0));
    let input = QuoteInput {
        extreme_weather: false,
        rooms: vec![room("A", 1, vec![o.clone()]), room("B", 1, vec![o])],
        ..Default::default()
    };
    let b = price(&input);
    assert_eq!((b.area_m2, b.discount_rate), (dec!(92), dec!(0.05)));
    // 2 × (2070 + 690) = 5520; discount 276; tax 5244 × 0.19 = 996.36.
    assert_eq!(
        totals(&b),
        [
            dec!(5520.00),
            dec!(276.00),
            dec!(5244.00),
            dec!(996.36),
            dec!(6240.36)
        ]
    );
}

#[test]
fn tax_rate_is_the_organisation_s() {
    let input = one_room(
        4,
        vec![opening(
            OpeningKind::Window,
            dec!(1.20),
            dec!(1.50),
            2,
            "SOL-CERAMIC-70",
        )],
    );
    let zero = price_with(&input, &demo(), Currency::Usd, dec!(0));
    assert_eq!((zero.tax, zero.total), (dec!(0), dec!(451.26)));
    assert_eq!(json_of(&zero)["tax_rate"], json!("0"));
    let iva = price_with(&input, &demo(), Currency::Mxn, dec!(0.16));
    assert_eq!(
        (iva.tax, iva.total),
        (dec!(72.20), dec!(523.46)),
        "451.26 × 0.16 = 72.2016"
    );
    assert_eq!(json_of(&iva)["currency"], json!("MXN"));
}

#[test]
fn an_empty_quote_costs_nothing() {
    let b = price(&QuoteInput::default());
    assert!(b.lines.is_empty());
    assert_eq!(totals(&b), [dec!(0); 5]);
    let j = json_of(&b);
    assert_eq!(
        (&j["total"], &j["area_m2"], &j["discount_rate"]),
        (&json!("0.00"), &json!("0.0000"), &json!("0"))
    );
    let empty_room = one_room(1, vec![]);
    assert_eq!(price(&empty_room).total, dec!(0));
}

// -------------------------------------------------------------- bad input

#[test]
fn every_bad_field_is_named_at_once() {
    let mut input = one_room(
        1,
        vec![
            opening(
                OpeningKind::Window,
                dec!(0),
                dec!(20.01),
                0,
                "SEC-CLEAR-4MIL",
            ),
            opening(OpeningKind::Window, dec!(20), dec!(-1), 1001, ""),
            opening(OpeningKind::Window, dec!(1), dec!(1), 1, "NOPE"),
        ],
    );
    input.rooms[0].floor = 201;
    input.rooms[0].name = "x".repeat(121);
    input.rooms.push(room(
        "Ok",
        1,
        vec![opening(OpeningKind::Door, dec!(1), dec!(2), 1, "GONE")],
    ));
    let e = errors(&input, &demo());
    let expected = [
        ("rooms[0].floor", "must be between -5 and 200"),
        ("rooms[0].name", "must be at most 120 characters"),
        ("rooms[0].openings[0].height_m", "must be at most 20"),
        (
            "rooms[0].openings[0].quantity",
            "must be between 1 and 1000",
        ),
        ("rooms[0].openings[0].width_m", "must be greater than 0"),
        ("rooms[0].openings[1].height_m", "must be greater than 0"),
        (
            "rooms[0].openings[1].quantity",
            "must be between 1 and 1000",
        ),
        ("rooms[0].openings[1].sku", "is required"),
        ("rooms[0].openings[2].sku", "unknown or inactive product"),
        ("rooms[1].openings[0].sku", "unknown or inactive product"),
    ];
    let got: Vec<(&str, &str)> = e.0.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
    assert_eq!(
        got, expected,
        "20 is an allowed width, so openings[1].width_m is absent"
    );
}

#[test]
fn unknown_and_inactive_products_are_refused_on_their_sku() {
    let mut products = demo();
    products[0].active = false; // SEC-CLEAR-4MIL
    let input = QuoteInput {
        extreme_weather: false,
        rooms: vec![
            room(
                "A",
                1,
                vec![opening(
                    OpeningKind::Window,
                    dec!(1),
                    dec!(1),
                    1,
                    "SOL-CERAMIC-70",
                )],
            ),
            room(
                "B",
                1,
                vec![
                    opening(OpeningKind::Window, dec!(1), dec!(1), 1, "SOL-CERAMIC-70"),
                    opening(OpeningKind::Window, dec!(1), dec!(1), 1, "SEC-CLEAR-4MIL"),
                    opening(OpeningKind::Window, dec!(1), dec!(1), 1, "sol-ceramic-70"),
                ],
            ),
        ],
        ..Default::default()
    };
    let e = errors(&input, &products);
    assert_eq!(e.len(), 2, "{e}");
    assert_eq!(
        e.get("rooms[1].openings[1].sku"),
        Some(UNKNOWN_PRODUCT),
        "inactive"
    );
    assert_eq!(
        e.get("rooms[1].openings[2].sku"),
        Some("unknown or inactive product"),
        "skus are exact"
    );
    // An empty catalog refuses everything, never prices a part.
    assert_eq!(errors(&input, &[]).len(), 4);
}

#[test]
fn catalogs_of_every_shape() {
    let input = one_room(
        4,
        vec![opening(
            OpeningKind::Window,
            dec!(1.20),
            dec!(1.50),
            2,
            "SOL-CERAMIC-70",
        )],
    );
    let vec = demo();
    let map: HashMap<String, PricedProduct> =
        demo().into_iter().map(|p| (p.sku.clone(), p)).collect();
    let slice: &[PricedProduct] = &vec;
    let lookups: [&dyn ProductLookup; 3] = [&vec, &map, &slice];
    for products in lookups {
        let b = price_quote(
            &input,
            &PricingContext {
                currency: Currency::Usd,
                tax_rate: dec!(0.19),
                products,
            },
        )
        .expect("priced");
        assert_eq!(b.total, dec!(537.00));
    }
    assert!(map.product("NOPE").is_none());
    assert_eq!(slice.product("DEC-STRIPES").map(|p| p.unit), Some(Unit::M));
}

#[test]
fn absurd_numbers_are_errors_not_panics() {
    // Sizes out of range are reported before any arithmetic is tried.
    let o = opening(
        OpeningKind::Window,
        Decimal::MAX,
        Decimal::MAX,
        u32::MAX,
        "SEC-CLEAR-4MIL",
    );
    let e = errors(&one_room(1, vec![o]), &demo());
    assert_eq!(
        e.get("rooms[0].openings[0].width_m"),
        Some("must be at most 20")
    );
    // A catalog price beyond Decimal's range is refused on the sku.
    let p = vec![product(
        "HUGE",
        Unit::M2,
        WasteClass::Laminate,
        Decimal::MAX,
        dec!(1),
    )];
    let input = one_room(
        1,
        vec![opening(
            OpeningKind::Window,
            dec!(20),
            dec!(20),
            1000,
            "HUGE",
        )],
    );
    let e = errors(&input, &p);
    assert_eq!(e.get("rooms[0].openings[0].sku"), Some(TOO_LARGE));
    // Lines that fit but whose sum does not: refused on the quote.
    let big = Decimal::MAX / dec!(4);
    let p = vec![product(
        "BIG",
        Unit::M,
        WasteClass::Laminate,
        big / dec!(1.15),
        dec!(0),
    )];
    let o = opening(OpeningKind::Partition, dec!(1), dec!(1), 1, "BIG");
    let e = errors(&one_room(1, vec![o; 8]), &p);
    assert_eq!(e.get("rooms"), Some(TOO_LARGE), "{e}");
}
