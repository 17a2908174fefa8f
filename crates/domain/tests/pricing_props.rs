//! Invariants of the engine over random valid quotes, and an independent
//! integer model of the contract that every random quote must match.
//!
//! Decimals are generated from integers (`Decimal::new(n, 2)`), never floats.
use domain::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const SKUS: [&str; 4] = ["P0", "P1", "P2", "P3"];

/// A generated product: unit, waste class, prices in hundredths.
#[derive(Debug, Clone, Copy)]
struct Spec {
    unit: Unit,
    class: WasteClass,
    material: i64,
    installation: i64,
}

fn catalog(specs: &[Spec; 4]) -> Vec<PricedProduct> {
    SKUS.iter()
        .zip(specs)
        .map(|(sku, s)| PricedProduct {
            sku: (*sku).into(),
            unit: s.unit,
            waste_class: s.class,
            material_price: Decimal::new(s.material, 2),
            installation_price: Decimal::new(s.installation, 2),
            active: true,
        })
        .collect()
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(Unit::ALL.to_vec()),
        prop::sample::select(WasteClass::ALL.to_vec()),
        1i64..=20_000,
        0i64..=8_000,
    )
        .prop_map(|(unit, class, material, installation)| Spec {
            unit,
            class,
            material,
            installation,
        })
}

/// Four products; the first is always sold by the m², so every quote mixes units often.
fn specs() -> impl Strategy<Value = [Spec; 4]> {
    [spec(), spec(), spec(), spec()].prop_map(|mut s| {
        s[0].unit = Unit::M2;
        s
    })
}

fn opening() -> impl Strategy<Value = Opening> {
    opening_up_to(2000)
}

/// Openings with sides of 0.01 m up to `max_cm` centimetres.
fn opening_up_to(max_cm: i64) -> impl Strategy<Value = Opening> {
    (
        prop::sample::select(OpeningKind::ALL.to_vec()),
        1i64..=max_cm,
        1i64..=max_cm,
        1u32..=20,
        0usize..4,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(kind, w, h, quantity, sku, curved_glass, difficult_access)| Opening {
                kind,
                width_m: Decimal::new(w, 2),
                height_m: Decimal::new(h, 2),
                quantity,
                sku: SKUS[sku].into(),
                curved_glass,
                difficult_access,
            },
        )
}

fn room() -> impl Strategy<Value = Room> {
    (-5i32..=12, prop::collection::vec(opening(), 1..5)).prop_map(|(floor, openings)| Room {
        name: format!("Room on {floor}"),
        floor,
        openings,
    })
}

fn quote() -> impl Strategy<Value = QuoteInput> {
    (any::<bool>(), prop::collection::vec(room(), 1..=5)).prop_map(|(extreme_weather, rooms)| {
        QuoteInput {
            extreme_weather,
            rooms,
            ..Default::default()
        }
    })
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::ALL.to_vec())
}

/// 0 to 0.300 in thousandths (covers 0.19, 0.16, 0.075...).
fn tax_rate() -> impl Strategy<Value = Decimal> {
    (0i64..=300).prop_map(|n| Decimal::new(n, 3))
}

fn price(
    input: &QuoteInput,
    products: &[PricedProduct],
    currency: Currency,
    tax: Decimal,
) -> QuoteBreakdown {
    let ctx = PricingContext {
        currency,
        tax_rate: tax,
        products: &products,
    };
    price_quote(input, &ctx).unwrap_or_else(|e| panic!("valid input refused: {e}"))
}

// ------------------------------------------------------------ integer model

/// `num / den` rounded half away from zero, for `num >= 0`, `den > 0`.
fn div_round(num: i128, den: i128) -> i128 {
    (2 * num + den) / (2 * den)
}

/// The waste table again, in hundredths, written from the contract
/// independently of the engine.
fn waste_pct(kind: OpeningKind, curved: bool, class: WasteClass) -> i128 {
    let column = WasteClass::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or(0);
    let row = match (curved, kind) {
        (true, _) => [30, 25, 30],
        (false, OpeningKind::Window) => [15, 12, 15],
        (false, OpeningKind::Door) => [18, 15, 18],
        (false, OpeningKind::ShowerEnclosure) => [20, 18, 20],
        (false, _) => [15, 15, 15],
    };
    row[column]
}

/// The contract in integer minor units: widths and heights in cm, rates in
/// hundredths, complexity in 10⁻⁸, prices in hundredths. Returns each
/// line's (material, installation), the area in 10⁻⁶ m² and the quote's
/// [subtotal, discount, taxable, tax, total], all in minor units.
fn model(
    input: &QuoteInput,
    specs: &[Spec; 4],
    currency: Currency,
    tax_thousandths: i128,
) -> (Vec<(i128, i128)>, i128, [i128; 5]) {
    let minor = 10i128.pow(currency.minor_digits());
    let mut lines = Vec::new();
    let mut area_micro = 0i128; // m² × 10⁶
    for room in &input.rooms {
        for o in &room.openings {
            let s = specs[SKUS.iter().position(|k| *k == o.sku).unwrap_or(0)];
            let cm = |d: Decimal| {
                assert_eq!(d.scale(), 2, "generated in centimetres");
                d.mantissa()
            };
            let (w, h) = (cm(o.width_m), cm(o.height_m));
            let q = i128::from(o.quantity);
            let waste = 100 + waste_pct(o.kind, o.curved_glass, s.class);
            // qty in 10⁻⁶ units (m²: cm·cm·% ; m: cm·% scaled up by 100).
            let qty_micro = match s.unit {
                Unit::M2 => w * h * q * waste,
                Unit::M => w * q * waste * 100,
            };
            if s.unit == Unit::M2 {
                area_micro += qty_micro;
            }
            let mut complexity = 1i128; // × 10⁻⁸
            for (applies, factor) in [
                (room.floor > 3, 120),
                (o.difficult_access, 130),
                (o.curved_glass, 150),
                (input.extreme_weather, 115),
            ] {
                complexity *= if applies { factor } else { 100 };
            }
            let material = div_round(qty_micro * i128::from(s.material) * minor, 100_000_000);
            let installation = div_round(
                qty_micro * i128::from(s.installation) * complexity * minor,
                100_000_000 * 100_000_000,
            );
            lines.push((material, installation));
        }
    }
    let subtotal: i128 = lines.iter().map(|(m, i)| m + i).sum();
    let rate = match area_micro / 1_000_000 {
        a if a >= 500 => 20,
        a if a >= 200 => 15,
        a if a >= 100 => 10,
        a if a >= 50 => 5,
        _ => 0,
    };
    let discount = div_round(subtotal * rate, 100);
    let taxable = subtotal - discount;
    let tax = div_round(taxable * tax_thousandths, 1000);
    (
        lines,
        area_micro,
        [subtotal, discount, taxable, tax, taxable + tax],
    )
}

fn money(minor_units: i128, currency: Currency) -> Decimal {
    Decimal::from_i128_with_scale(minor_units, currency.minor_digits())
}

// ----------------------------------------------- price per m² (and its slack)

/// How far rounding can move a quote's `total` from the exact
/// `Σ(exact line amounts) × (1 − rate) × (1 + tax rate)`, with h half a
/// minor unit and n lines:
/// the subtotal carries up to 2n·h (material and installation per line),
/// the discount adds h, and that error (≤ (2n + 1)·h, since 1 − rate ≤ 1)
/// is multiplied by (1 + tax rate); the tax rounding adds a last h.
fn rounding_slack(b: &QuoteBreakdown) -> Decimal {
    let half = b.currency.minor_unit() / Decimal::TWO;
    let roundings_before_tax = Decimal::from(2 * b.lines.len() + 1);
    roundings_before_tax * half * (Decimal::ONE + b.tax_rate) + half
}

/// More area never raises the price per m², for two quotes of the same m²
/// opening (so the same prices and complexity) with `small.area_m2 <=
/// big.area_m2`. Exactly, price per m² is (material + installation ×
/// complexity) × (1 − rate(area)) × (1 + tax), which cannot rise with area
/// when the discount rate never falls. Rounded, each total is within its
/// [`rounding_slack`] of the exact one, so
/// `big.total / A_big <= small.total / A_small + slack_big / A_big + slack_small / A_small`
/// (the brief's `(sum of half-units) / A_small` bound, slightly tighter).
/// Checked multiplied through by `A_small × A_big`, with no division.
fn price_per_m2_does_not_rise(small: &QuoteBreakdown, big: &QuoteBreakdown) -> Result<(), String> {
    let excess = big.total * small.area_m2 - small.total * big.area_m2;
    let allowed = rounding_slack(big) * small.area_m2 + rounding_slack(small) * big.area_m2;
    if excess <= allowed {
        Ok(())
    } else {
        Err(format!(
            "{} for {} m² rises to {} for {} m² (excess {excess} > allowed {allowed})",
            small.total, small.area_m2, big.total, big.area_m2
        ))
    }
}

/// `b` with the per-quote figures recomputed from another discount table.
fn with_discount_table(b: &QuoteBreakdown, table: impl Fn(Decimal) -> Decimal) -> QuoteBreakdown {
    let mut b = b.clone();
    b.discount_rate = table(b.area_m2);
    b.discount = b.currency.round(b.subtotal * b.discount_rate);
    b.taxable = b.subtotal - b.discount;
    b.tax = b.currency.round(b.taxable * b.tax_rate);
    b.total = b.taxable + b.tax;
    b
}

fn single_opening(o: Opening, quantity: u32) -> QuoteInput {
    QuoteInput {
        extreme_weather: false,
        rooms: vec![Room {
            name: "A".into(),
            floor: 1,
            openings: vec![Opening { quantity, ..o }],
        }],
        ..Default::default()
    }
}

#[test]
fn the_price_per_m2_check_catches_wrong_discount_tables() {
    // 9 × 9.5 window of a 45 + 15 laminate: 98.325 m², then twice that: 196.65 m².
    let products = catalog(
        &[Spec {
            unit: Unit::M2,
            class: WasteClass::Laminate,
            material: 4500,
            installation: 1500,
        }; 4],
    );
    let o = Opening {
        kind: OpeningKind::Window,
        width_m: Decimal::new(9, 0),
        height_m: Decimal::new(95, 1),
        quantity: 1,
        sku: "P0".into(),
        curved_glass: false,
        difficult_access: false,
    };
    let tax = Decimal::new(19, 2);
    let small = price(&single_opening(o.clone(), 1), &products, Currency::Usd, tax);
    let big = price(&single_opening(o, 2), &products, Currency::Usd, tax);
    assert_eq!(
        (small.area_m2, big.area_m2),
        (Decimal::new(98325, 3), Decimal::new(19665, 2))
    );
    assert_eq!(
        price_per_m2_does_not_rise(&small, &big),
        Ok(()),
        "the contract's table passes"
    );

    let pct = |n| Decimal::new(n, 2);
    // Tiers upside down: the discount stops at 100 m².
    let falling = |a: Decimal| {
        if a >= Decimal::from(100) {
            pct(0)
        } else if a >= Decimal::from(50) {
            pct(5)
        } else {
            pct(0)
        }
    };
    // Rates of the 50 and 100 tiers swapped.
    let swapped = |a: Decimal| {
        if a >= Decimal::from(100) {
            pct(5)
        } else if a >= Decimal::from(50) {
            pct(10)
        } else {
            pct(0)
        }
    };
    for (name, table) in [
        ("falling", &falling as &dyn Fn(Decimal) -> Decimal),
        ("swapped", &swapped),
    ] {
        let (s, b) = (
            with_discount_table(&small, table),
            with_discount_table(&big, table),
        );
        assert!(
            price_per_m2_does_not_rise(&s, &b).is_err(),
            "{name} table not caught"
        );
    }
}

#[test]
fn the_slack_is_what_the_roundings_allow() {
    // One line, USD, tax 0.19: (2 + 1) × 0.005 × 1.19 + 0.005 = 0.02285.
    let products = catalog(
        &[Spec {
            unit: Unit::M2,
            class: WasteClass::Vinyl,
            material: 100,
            installation: 100,
        }; 4],
    );
    let input = single_opening(
        Opening {
            kind: OpeningKind::Door,
            width_m: Decimal::ONE,
            height_m: Decimal::ONE,
            quantity: 1,
            sku: "P1".into(),
            curved_glass: false,
            difficult_access: false,
        },
        1,
    );
    assert_eq!(
        rounding_slack(&price(
            &input,
            &products,
            Currency::Usd,
            Decimal::new(19, 2)
        )),
        Decimal::new(2285, 5)
    );
    assert_eq!(
        rounding_slack(&price(&input, &products, Currency::Clp, Decimal::ZERO)),
        Decimal::new(2, 0)
    );
}

// --------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn matches_the_integer_model(input in quote(), s in specs(), c in currency(), tax in 0i64..=300) {
        let b = price(&input, &catalog(&s), c, Decimal::new(tax, 3));
        let (lines, area_micro, figures) = model(&input, &s, c, i128::from(tax));
        prop_assert_eq!(b.lines.len(), lines.len());
        for (l, (material, installation)) in b.lines.iter().zip(lines) {
            prop_assert_eq!(l.material, money(material, c), "material of {:?}", l);
            prop_assert_eq!(l.installation, money(installation, c), "installation of {:?}", l);
        }
        prop_assert_eq!(b.area_m2, Decimal::from_i128_with_scale(area_micro, 6));
        let got = [b.subtotal, b.discount, b.taxable, b.tax, b.total];
        prop_assert_eq!(got, figures.map(|m| money(m, c)));
    }

    #[test]
    fn totals_add_up(input in quote(), s in specs(), c in currency(), tax in tax_rate()) {
        let b = price(&input, &catalog(&s), c, tax);
        prop_assert_eq!(b.total, b.taxable + b.tax);
        prop_assert_eq!(b.taxable, b.subtotal - b.discount);
        prop_assert_eq!(b.subtotal, b.lines.iter().map(|l| l.total).sum::<Decimal>());
        prop_assert_eq!(b.area_m2, b.lines.iter().filter(|l| l.unit == Unit::M2).map(|l| l.qty).sum::<Decimal>());
        prop_assert_eq!(b.discount_rate, volume_discount_rate(b.area_m2));
        for l in &b.lines {
            prop_assert_eq!(l.total, l.material + l.installation);
            prop_assert_eq!(l.qty, l.base_qty * (Decimal::ONE + l.waste_rate));
            prop_assert_eq!(l.material, c.round(l.material), "money is in minor units");
            prop_assert_eq!(l.installation, c.round(l.installation));
        }
        prop_assert_eq!(b.discount, c.round(b.discount));
        prop_assert_eq!(b.tax, c.round(b.tax));
        // The JSON shows the same figures.
        let calc = Calculation::from(&b);
        prop_assert_eq!(calc.total, c.format_plain(b.total));
        prop_assert_eq!(calc.lines.len(), b.lines.len());
    }

    #[test]
    fn discount_is_between_zero_and_the_subtotal(input in quote(), s in specs(), c in currency(), tax in tax_rate()) {
        let b = price(&input, &catalog(&s), c, tax);
        prop_assert!(b.discount >= Decimal::ZERO);
        prop_assert!(b.discount <= b.subtotal);
        prop_assert!(b.tax >= Decimal::ZERO);
        prop_assert!(b.total >= b.taxable);
    }

    #[test]
    fn room_order_does_not_matter(
        (input, shuffled) in quote().prop_flat_map(|q| { let rooms = q.rooms.clone(); (Just(q), Just(rooms).prop_shuffle()) }),
        s in specs(), c in currency(), tax in tax_rate(),
    ) {
        let products = catalog(&s);
        let a = price(&input, &products, c, tax);
        let mut reversed = input.clone();
        reversed.rooms.reverse();
        let permuted = QuoteInput { rooms: shuffled, ..input };
        let line_totals = |b: &QuoteBreakdown| {
            let mut t: Vec<Decimal> = b.lines.iter().map(|l| l.total).collect();
            t.sort();
            t
        };
        for other in [reversed, permuted] {
            let b = price(&other, &products, c, tax);
            prop_assert_eq!(
                (a.subtotal, a.discount, a.tax, a.total, a.area_m2),
                (b.subtotal, b.discount, b.tax, b.total, b.area_m2)
            );
            prop_assert_eq!(line_totals(&a), line_totals(&b));
        }
    }

    #[test]
    fn a_higher_tax_rate_never_lowers_the_total(input in quote(), s in specs(), c in currency(), t1 in tax_rate(), t2 in tax_rate()) {
        let products = catalog(&s);
        let (lo, hi) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
        let (low, high) = (price(&input, &products, c, lo), price(&input, &products, c, hi));
        prop_assert_eq!(low.taxable, high.taxable, "tax is on the discounted subtotal only");
        prop_assert!(low.total <= high.total);
    }

    /// Sides up to 6 m and modest quantities, so that the two areas often sit
    /// in different discount tiers (a falling table is caught within a few
    /// dozen cases).
    #[test]
    fn more_area_never_raises_the_price_per_m2(
        o in opening_up_to(600), n in 1u32..=60, k in 1u32..=200, s in specs(), c in currency(), tax in tax_rate()
    ) {
        let products = catalog(&s); // P0 is sold by the m²
        let o = Opening { sku: "P0".into(), ..o };
        let small = price(&single_opening(o.clone(), n), &products, c, tax);
        let big = price(&single_opening(o, n + k), &products, c, tax);
        prop_assert!(small.area_m2 > Decimal::ZERO && big.area_m2 > small.area_m2);
        let checked = price_per_m2_does_not_rise(&small, &big);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}
