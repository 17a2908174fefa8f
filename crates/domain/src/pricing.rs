//! The pricing rules, step by step as the contract numbers them.
use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{PricedProduct, Unit, WasteClass};
use crate::money::Currency;
use crate::quote::{ExtraLine, Opening, OpeningKind, QuoteInput, Room};
use crate::validation::{FieldErrors, extra_path, opening_path, validate_quote};

/// Message at `rooms[i].openings[j].sku` when the catalog has no such active product.
pub const UNKNOWN_PRODUCT: &str = "unknown or inactive product";
/// Message when a catalog price is so large that the amounts leave `Decimal`'s range.
pub const TOO_LARGE: &str = "amount too large to price";
/// Message at `extras[i].amount` or `manual_discount` with more decimals than a CLP (or COP) amount may have.
pub const WHOLE_AMOUNT: &str = "must be a whole amount";

/// Message of an amount with more decimals than the currency's minor unit.
pub fn too_many_decimals(currency: Currency) -> String {
    match currency.minor_digits() {
        0 => WHOLE_AMOUNT.to_owned(),
        n => format!("must have at most {n} decimals"),
    }
}

/// Message at `manual_discount` when it is larger than subtotal − volume discount.
pub fn discount_too_large(currency: Currency, max: Decimal) -> String {
    format!("must be at most {}", currency.format_plain(max))
}

/// `n / 100`, exact.
const fn pct(n: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, 2)
}

/// Step 2: the waste rate, from the opening's row (curved glass overrides the
/// kind) and the product's waste-class column.
pub fn waste_rate(kind: OpeningKind, curved_glass: bool, class: WasteClass) -> Decimal {
    // Columns: laminate, vinyl, solar_control.
    let row: [u32; 3] = if curved_glass {
        [30, 25, 30]
    } else {
        match kind {
            OpeningKind::Window => [15, 12, 15],
            OpeningKind::Door => [18, 15, 18],
            OpeningKind::ShowerEnclosure => [20, 18, 20],
            OpeningKind::SlidingDoor | OpeningKind::Partition | OpeningKind::Skylight => {
                [15, 15, 15]
            }
        }
    };
    let column = match class {
        WasteClass::Laminate => row[0],
        WasteClass::Vinyl => row[1],
        WasteClass::SolarControl => row[2],
    };
    pct(column)
}

/// Step 4: the installation complexity factor, starting at 1: × 1.2 above the
/// third floor, × 1.3 difficult access, × 1.5 curved glass, × 1.15 extreme
/// weather. Exact (at most 2.691), without trailing zeros.
pub fn complexity_factor(
    floor: i32,
    difficult_access: bool,
    curved_glass: bool,
    extreme_weather: bool,
) -> Decimal {
    [
        (floor > 3, 120),
        (difficult_access, 130),
        (curved_glass, 150),
        (extreme_weather, 115),
    ]
    .into_iter()
    .filter(|(applies, _)| *applies)
    .fold(Decimal::ONE, |factor, (_, p)| factor * pct(p))
    .normalize()
}

/// The volume discount rate of a quote's area (m², waste included):
/// ≥ 500 → 0.20; ≥ 200 → 0.15; ≥ 100 → 0.10; ≥ 50 → 0.05; else 0.
pub fn volume_discount_rate(area_m2: Decimal) -> Decimal {
    [(500, 20), (200, 15), (100, 10), (50, 5)]
        .into_iter()
        .find(|(min, _)| area_m2 >= Decimal::from(*min))
        .map_or(Decimal::ZERO, |(_, rate)| pct(rate))
}

/// One priced opening. Quantities keep full precision; money is rounded to
/// the currency's minor unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// Where the opening is in the input: `rooms[room_index].openings[opening_index]`.
    pub room_index: usize,
    pub opening_index: usize,
    /// The room's name.
    pub room: String,
    pub kind: OpeningKind,
    pub sku: String,
    pub unit: Unit,
    /// Step 1: m² (or m for linear products), exact.
    pub base_qty: Decimal,
    pub waste_rate: Decimal,
    /// Step 3: `base_qty × (1 + waste_rate)`, exact.
    pub qty: Decimal,
    pub complexity: Decimal,
    pub material: Decimal,
    pub installation: Decimal,
    pub total: Decimal,
}

/// A priced quote. `total = taxable + tax`,
/// `taxable = subtotal - discount - manual_discount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteBreakdown {
    pub currency: Currency,
    /// One line per opening, in input order.
    pub lines: Vec<QuoteLine>,
    /// The staff's extra lines as given (their amounts are part of the subtotal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<ExtraLine>,
    /// Σ qty of the m² lines, exact (linear lines excluded).
    pub area_m2: Decimal,
    /// Σ line totals + Σ extra amounts.
    pub subtotal: Decimal,
    pub discount_rate: Decimal,
    /// The volume discount: subtotal × discount_rate, rounded.
    pub discount: Decimal,
    /// The staff's discount in money, after the volume discount.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub manual_discount: Decimal,
    pub taxable: Decimal,
    pub tax_rate: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// Finds a catalog product by its exact sku.
pub trait ProductLookup {
    fn product(&self, sku: &str) -> Option<&PricedProduct>;
}

impl ProductLookup for HashMap<String, PricedProduct> {
    fn product(&self, sku: &str) -> Option<&PricedProduct> {
        self.get(sku)
    }
}

impl ProductLookup for [PricedProduct] {
    fn product(&self, sku: &str) -> Option<&PricedProduct> {
        self.iter().find(|p| p.sku == sku)
    }
}

impl ProductLookup for &[PricedProduct] {
    fn product(&self, sku: &str) -> Option<&PricedProduct> {
        (**self).product(sku)
    }
}

impl ProductLookup for Vec<PricedProduct> {
    fn product(&self, sku: &str) -> Option<&PricedProduct> {
        self.as_slice().product(sku)
    }
}

/// The organisation's side of a price: currency, tax rate and catalog.
pub struct PricingContext<'a> {
    pub currency: Currency,
    /// E.g. 0.19 for 19 %.
    pub tax_rate: Decimal,
    pub products: &'a dyn ProductLookup,
}

/// Prices a quote, or names every bad field at once (never a partial price):
/// the structural rules of [`validate_quote`], then each opening's sku must
/// be an active product of the catalog, and extra amounts and the manual
/// discount have at most the currency's minor digits; the manual discount
/// may not exceed subtotal − volume discount.
pub fn price_quote(
    input: &QuoteInput,
    ctx: &PricingContext,
) -> Result<QuoteBreakdown, FieldErrors> {
    let mut errors = validate_quote(input);
    let has_too_many_decimals = |d: Decimal| d.normalize().scale() > ctx.currency.minor_digits();
    for (i, extra) in input.extras.iter().enumerate() {
        if has_too_many_decimals(extra.amount) {
            errors.add(extra_path(i, "amount"), too_many_decimals(ctx.currency));
        }
    }
    if has_too_many_decimals(input.manual_discount) {
        errors.add("manual_discount", too_many_decimals(ctx.currency));
    }
    let mut found = Vec::new();
    for (i, room) in input.rooms.iter().enumerate() {
        for (j, opening) in room.openings.iter().enumerate() {
            if opening.sku.trim().is_empty() {
                continue; // "is required" already
            }
            match ctx.products.product(&opening.sku) {
                Some(product) if product.active => found.push((i, j, room, opening, product)),
                _ => errors.add(opening_path(i, j, "sku"), UNKNOWN_PRODUCT),
            }
        }
    }
    errors.into_result(())?;

    // Sizes are now bounded, so only extreme catalog prices can overflow.
    let mut errors = FieldErrors::new();
    let mut lines = Vec::with_capacity(found.len());
    for (i, j, room, opening, product) in found {
        match price_line(
            i,
            j,
            room,
            opening,
            product,
            input.extreme_weather,
            ctx.currency,
        ) {
            Some(line) => lines.push(line),
            None => errors.add(opening_path(i, j, "sku"), TOO_LARGE),
        }
    }
    errors.into_result(())?;
    let breakdown = totals(lines, input, ctx).ok_or_else(|| {
        let mut e = FieldErrors::new();
        e.add("rooms", TOO_LARGE);
        e
    })?;
    if breakdown.taxable < Decimal::ZERO {
        let mut e = FieldErrors::new();
        let max = breakdown.subtotal - breakdown.discount;
        e.add("manual_discount", discount_too_large(ctx.currency, max));
        return Err(e);
    }
    Ok(breakdown)
}

/// Steps 1–5 for one opening; `None` on overflow.
fn price_line(
    room_index: usize,
    opening_index: usize,
    room: &Room,
    o: &Opening,
    product: &PricedProduct,
    extreme_weather: bool,
    currency: Currency,
) -> Option<QuoteLine> {
    let quantity = Decimal::from(o.quantity);
    let base_qty = match product.unit {
        Unit::M2 => o.width_m.checked_mul(o.height_m)?.checked_mul(quantity)?,
        Unit::M => o.width_m.checked_mul(quantity)?,
    };
    let waste = waste_rate(o.kind, o.curved_glass, product.waste_class);
    let qty = base_qty.checked_mul(Decimal::ONE + waste)?;
    let complexity = complexity_factor(
        room.floor,
        o.difficult_access,
        o.curved_glass,
        extreme_weather,
    );
    let material = currency.round(qty.checked_mul(product.material_price)?);
    let installation = currency.round(
        qty.checked_mul(product.installation_price)?
            .checked_mul(complexity)?,
    );
    Some(QuoteLine {
        room_index,
        opening_index,
        room: room.name.clone(),
        kind: o.kind,
        sku: o.sku.clone(),
        unit: product.unit,
        base_qty,
        waste_rate: waste,
        qty,
        complexity,
        material,
        installation,
        total: material.checked_add(installation)?,
    })
}

/// The per-quote rules; `None` on overflow. A manual discount larger than
/// subtotal − discount leaves `taxable` negative (the caller refuses it).
fn totals(lines: Vec<QuoteLine>, input: &QuoteInput, ctx: &PricingContext) -> Option<QuoteBreakdown> {
    let mut subtotal = Decimal::ZERO;
    let mut area_m2 = Decimal::ZERO;
    for line in &lines {
        subtotal = subtotal.checked_add(line.total)?;
        if line.unit == Unit::M2 {
            area_m2 = area_m2.checked_add(line.qty)?;
        }
    }
    for extra in &input.extras {
        subtotal = subtotal.checked_add(extra.amount)?;
    }
    let discount_rate = volume_discount_rate(area_m2);
    let discount = ctx.currency.round(subtotal.checked_mul(discount_rate)?);
    let manual_discount = input.manual_discount;
    let taxable = subtotal.checked_sub(discount)?.checked_sub(manual_discount)?;
    let tax = ctx.currency.round(taxable.checked_mul(ctx.tax_rate)?);
    Some(QuoteBreakdown {
        currency: ctx.currency,
        lines,
        extras: input
            .extras
            .iter()
            .map(|e| ExtraLine {
                description: e.description.trim().to_owned(),
                amount: e.amount,
            })
            .collect(),
        area_m2,
        subtotal,
        discount_rate,
        discount,
        manual_discount,
        taxable,
        tax_rate: ctx.tax_rate,
        tax,
        total: taxable.checked_add(tax)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    #[test]
    fn every_waste_cell() {
        use OpeningKind::*;
        // Rows of the contract; columns laminate, vinyl, solar_control.
        let table = [
            (Window, ["0.15", "0.12", "0.15"]),
            (Door, ["0.18", "0.15", "0.18"]),
            (ShowerEnclosure, ["0.20", "0.18", "0.20"]),
            (SlidingDoor, ["0.15", "0.15", "0.15"]),
            (Partition, ["0.15", "0.15", "0.15"]),
            (Skylight, ["0.15", "0.15", "0.15"]),
        ];
        assert_eq!(table.len(), OpeningKind::ALL.len());
        let curved = ["0.30", "0.25", "0.30"];
        for (kind, row) in table {
            for (k, class) in WasteClass::ALL.into_iter().enumerate() {
                assert_eq!(
                    waste_rate(kind, false, class),
                    dec(row[k]),
                    "{kind} × {class}"
                );
                assert_eq!(
                    waste_rate(kind, true, class),
                    dec(curved[k]),
                    "curved {kind} × {class}"
                );
            }
        }
    }

    #[test]
    fn each_complexity_factor_alone_and_combined() {
        let f = complexity_factor;
        assert_eq!(f(1, false, false, false), Decimal::ONE);
        assert_eq!(f(4, false, false, false), dec("1.2"));
        assert_eq!(f(1, true, false, false), dec("1.3"));
        assert_eq!(f(1, false, true, false), dec("1.5"));
        assert_eq!(f(1, false, false, true), dec("1.15"));
        assert_eq!(f(4, true, false, false), dec("1.56"));
        assert_eq!(f(1, true, true, false), dec("1.95"));
        assert_eq!(f(4, false, false, true), dec("1.38"));
        assert_eq!(f(1, true, true, true), dec("2.2425"));
        assert_eq!(
            f(4, true, true, true),
            dec("2.691"),
            "1.2 × 1.3 × 1.5 × 1.15"
        );
        assert_eq!(
            f(4, true, true, true).to_string(),
            "2.691",
            "no trailing zeros"
        );
    }

    #[test]
    fn only_floors_above_the_third_are_high() {
        for (floor, factor) in [
            (-5, "1"),
            (-1, "1"),
            (0, "1"),
            (1, "1"),
            (3, "1"),
            (4, "1.2"),
            (200, "1.2"),
        ] {
            assert_eq!(
                complexity_factor(floor, false, false, false),
                dec(factor),
                "floor {floor}"
            );
        }
    }

    #[test]
    fn discount_tiers_at_and_just_below_each_boundary() {
        for (area, rate) in [
            ("0", "0"),
            ("49.9999", "0"),
            ("49.99999999", "0"),
            ("50", "0.05"),
            ("50.0000", "0.05"),
            ("99.9999", "0.05"),
            ("100", "0.10"),
            ("199.9999", "0.10"),
            ("200", "0.15"),
            ("499.9999", "0.15"),
            ("500", "0.20"),
            ("100000", "0.20"),
        ] {
            assert_eq!(volume_discount_rate(dec(area)), dec(rate), "area {area}");
        }
    }
}
