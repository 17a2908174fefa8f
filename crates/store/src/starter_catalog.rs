//! The starter catalog a new organisation may ask for at sign-up: the
//! common films of each category — most of the demo catalog
//! (`seed.rs`, reused, not copied) plus two privacy films — with their
//! typical US-dollar prices per m² converted to the organisation's currency
//! at a fixed rate and rounded to a price step of that currency (CLP to the
//! nearest 500). They are examples for the admin to review: sign-up records
//! `catalog.starter_loaded` in the same transaction.
use domain::{Currency, ProductType, Unit, WasteClass, round_half_away};
use rust_decimal::Decimal;

use crate::error::StoreError;
use crate::org::OrgId;
use crate::seed::{DEMO_FILMS, DemoFilm, HOME_AND_WORK, insert_films};

/// The demo films a new business usually sells too (the limousine tint,
/// illegal on most front windows, is left out).
const FROM_DEMO: &[&str] = &[
    "SEC-CLEAR-4MIL",
    "SEC-CLEAR-8MIL",
    "SOL-CERAMIC-70",
    "SOL-CHARCOAL-05",
    "DEC-FROSTED-FULL",
    "DEC-COLORED",
    "DEC-STRIPES",
    "AUTO-CERAMIC-70",
    "AUTO-CERAMIC-35",
    "AUTO-CARBON-20",
];

/// Privacy films the demo does not have; prices in USD per m².
const PRIVACY: &[DemoFilm] = &[
    DemoFilm { sku: "PRIV-WHITE-MATTE", name_es: "Privacidad blanco mate", name_en: "Matte white privacy", kind: ProductType::Privacy, unit: Unit::M2, waste: WasteClass::Vinyl, category: "privacy", material: "35.00", installation: "12.00", specs: (Some(40), Some(95), None, Some(3), Some(5)), finish: "blanco mate", verticals: HOME_AND_WORK },
    DemoFilm { sku: "PRIV-MIRROR-15", name_es: "Espejo de privacidad diurna 15", name_en: "Daytime privacy mirror 15", kind: ProductType::Privacy, unit: Unit::M2, waste: WasteClass::SolarControl, category: "privacy", material: "50.00", installation: "18.00", specs: (Some(15), Some(99), Some(70), Some(2), Some(10)), finish: "espejo plata", verticals: HOME_AND_WORK },
];

/// The starter films, in the order they are listed.
pub(crate) fn starter_films() -> impl Iterator<Item = &'static DemoFilm> + Send {
    DEMO_FILMS.iter().filter(|f| FROM_DEMO.contains(&f.sku)).chain(PRIVACY.iter())
}

/// How many films the starter catalog has.
pub fn starter_film_count() -> usize {
    starter_films().count()
}

/// Units of `currency` one US dollar is taken as (fixed: example prices only).
fn per_usd(currency: Currency) -> Decimal {
    match currency {
        Currency::Usd => Decimal::ONE,
        Currency::Eur => Decimal::new(92, 2),
        Currency::Clp => Decimal::from(950),
        Currency::Mxn => Decimal::from(17),
        Currency::Cop => Decimal::from(4000),
    }
}

/// The step example prices are rounded to: whole hundreds of pesos and so on.
fn price_step(currency: Currency) -> Decimal {
    match currency {
        Currency::Usd | Currency::Eur => Decimal::new(50, 2),
        Currency::Clp => Decimal::from(500),
        Currency::Mxn => Decimal::from(10),
        Currency::Cop => Decimal::from(1000),
    }
}

/// A typical US-dollar price in `currency`: converted, rounded half away
/// from zero to the currency's step, never below one step, with exactly the
/// currency's minor digits. `45.00` USD → `43000` CLP, `41.50` EUR.
pub fn starter_price(usd: Decimal, currency: Currency) -> Decimal {
    let step = price_step(currency);
    let steps = round_half_away(usd * per_usd(currency) / step, 0).max(Decimal::ONE);
    let mut price = currency.round(steps * step);
    price.rescale(currency.minor_digits());
    price
}

/// Adds the starter films to a new organisation inside its sign-up
/// transaction, priced in `currency` from `day`; returns how many.
pub(crate) async fn insert_starter_catalog(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org: &OrgId,
    categories: &[domain::Category],
    currency: Currency,
    day: &str,
) -> Result<usize, StoreError> {
    let price = move |usd: &str| -> Result<Decimal, StoreError> {
        let usd = Decimal::from_str_exact(usd).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(starter_price(usd, currency))
    };
    insert_films(tx, org, categories, day, starter_films(), &price).await?;
    Ok(starter_film_count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn prices_are_converted_and_rounded_to_the_currencys_step() {
        assert_eq!(starter_price(dec!(45.00), Currency::Usd).to_string(), "45.00");
        assert_eq!(starter_price(dec!(45.00), Currency::Clp).to_string(), "43000", "42 750 is half way: up to 43 000");
        assert_eq!(starter_price(dec!(12.00), Currency::Clp).to_string(), "11500");
        assert_eq!(starter_price(dec!(45.00), Currency::Eur).to_string(), "41.50");
        assert_eq!(starter_price(dec!(45.00), Currency::Mxn).to_string(), "770.00");
        assert_eq!(starter_price(dec!(45.00), Currency::Cop).to_string(), "180000.00");
        assert_eq!(starter_price(dec!(0.10), Currency::Clp).to_string(), "500", "never free");
    }

    #[test]
    fn every_category_and_vertical_has_films() {
        let films: Vec<&DemoFilm> = starter_films().collect();
        assert_eq!(films.len(), FROM_DEMO.len() + PRIVACY.len(), "every listed demo sku exists");
        for category in ["security", "solar", "decorative", "privacy"] {
            assert!(films.iter().any(|f| f.category == category), "{category}");
        }
        for vertical in [domain::Vertical::Residential, domain::Vertical::Commercial, domain::Vertical::Automotive] {
            assert!(films.iter().any(|f| f.verticals.contains(&vertical)), "{vertical:?}");
        }
    }
}
