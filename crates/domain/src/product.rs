//! Catalog products as an admin edits them: verticals, specifications,
//! prices with validity windows, and the rules of their fields. Shared by
//! the server (REST, server functions, CSV import) and the browser (forms).
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::{PricedProduct, ProductType, Unit, WasteClass};
use crate::names::named_enum;
use crate::validation::FieldErrors;

/// The market a product is offered in; the wizard shows a vertical's films.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vertical {
    Residential,
    Commercial,
    Architectural,
    Automotive,
}
named_enum!(Vertical, "vertical", [
    Residential => "residential", Commercial => "commercial",
    Architectural => "architectural", Automotive => "automotive",
]);

/// Field messages of the catalog forms; the UI translates these exact texts.
pub mod product_messages {
    pub const SKU: &str = "use 1 to 40 letters, digits, dots, dashes or underscores";
    pub const NEGATIVE: &str = "must not be negative";
    pub const NUMBER: &str = "must be a number";
    pub const PERCENT: &str = "must be a percentage between 0 and 100";
    pub const TOO_LARGE: &str = "is too large";
    pub const DECIMALS: &str = "has too many decimals";
    pub const DATE: &str = "must be a date like 2026-12-31";
    pub const UNTIL_BEFORE_FROM: &str = "must not be before the start date";
    pub const VERTICALS: &str = "choose at least one vertical";
    pub const WHOLE: &str = "must be a whole number";
    pub const IN_EFFECT: &str = "a price already in effect is history and cannot be withdrawn";
    pub const QUOTED: &str = "a quote already uses this price: add a corrected price from today instead";
    pub const PAST: &str = "must not be before today: past prices are history";
    pub const CODE: &str = "use 2 to 30 lowercase letters, digits or dashes";
    pub const CHANGED: &str = "someone else changed this product meanwhile; reload it to see their changes";
}
use product_messages as pm;

pub const MAX_SKU_CHARS: usize = 40;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_FINISH_CHARS: usize = 60;
/// Largest price per unit an admin can enter (a typo guard, not a business rule).
pub const MAX_PRICE: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);
/// Prices per unit may be finer than the currency (e.g. 12.3456 per m²).
pub const MAX_PRICE_DECIMALS: u32 = 4;

/// Technical data shown to customers as plain badges. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specs {
    /// Visible light transmitted, %.
    pub vlt_pct: Option<Decimal>,
    /// Ultraviolet rejected, %.
    pub uv_rejection_pct: Option<Decimal>,
    /// Total solar energy rejected, %.
    pub tser_pct: Option<Decimal>,
    pub thickness_mil: Option<Decimal>,
    pub warranty_years: Option<u32>,
    /// Colour or finish, free text ("smoke", "frosted", "clear").
    pub finish: Option<String>,
}

/// A product's fields as typed in a form or sent by an integrator. Every
/// number is text here, read exactly by [`ProductInput::validate`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
    /// Id of one of the organisation's categories; empty for none.
    pub category_id: String,
    #[serde(rename = "type")]
    pub product_type: String,
    /// Empty takes the default of the type.
    pub waste_class: String,
    pub unit: String,
    pub verticals: Vec<String>,
    pub vlt_pct: String,
    pub uv_rejection_pct: String,
    pub tser_pct: String,
    pub thickness_mil: String,
    pub warranty_years: String,
    pub finish: String,
    pub active: bool,
    pub sort_order: String,
}

/// A product's fields once checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDraft {
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
    pub category_id: Option<String>,
    pub product_type: ProductType,
    pub waste_class: WasteClass,
    pub unit: Unit,
    pub verticals: Vec<Vertical>,
    pub specs: Specs,
    pub active: bool,
    pub sort_order: i32,
}

impl ProductInput {
    /// Checks every field; all broken rules are reported, by field name.
    pub fn validate(&self) -> Result<ProductDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let sku = check_sku(&self.sku, &mut e);
        let name_es = required_text("name_es", &self.name_es, crate::MAX_NAME_CHARS, &mut e);
        // An English name is optional: the Spanish one stands in.
        let name_en = optional_text("name_en", &self.name_en, crate::MAX_NAME_CHARS, &mut e);
        let description_es = optional_text("description_es", &self.description_es, MAX_DESCRIPTION_CHARS, &mut e);
        let description_en = optional_text("description_en", &self.description_en, MAX_DESCRIPTION_CHARS, &mut e);
        let product_type = choice::<ProductType>("type", &self.product_type, &mut e);
        let waste_class = match self.waste_class.trim() {
            "" => product_type.map(ProductType::default_waste_class),
            w => choice::<WasteClass>("waste_class", w, &mut e),
        };
        let unit = choice::<Unit>("unit", &self.unit, &mut e);
        let mut verticals = Vec::new();
        for v in &self.verticals {
            match v.trim().parse::<Vertical>() {
                Ok(v) if !verticals.contains(&v) => verticals.push(v),
                Ok(_) => {}
                Err(_) => e.add("verticals", crate::messages::CHOICE),
            }
        }
        verticals.sort();
        if verticals.is_empty() {
            e.add("verticals", pm::VERTICALS);
        }
        let specs = Specs {
            vlt_pct: percent("vlt_pct", &self.vlt_pct, &mut e),
            uv_rejection_pct: percent("uv_rejection_pct", &self.uv_rejection_pct, &mut e),
            tser_pct: percent("tser_pct", &self.tser_pct, &mut e),
            thickness_mil: bounded_decimal("thickness_mil", &self.thickness_mil, Decimal::from(1000), &mut e),
            warranty_years: whole("warranty_years", &self.warranty_years, 0, 100, &mut e).map(|y| y as u32),
            finish: Some(optional_text("finish", &self.finish, MAX_FINISH_CHARS, &mut e)).filter(|f| !f.is_empty()),
        };
        let sort_order = whole("sort_order", &self.sort_order, -1_000_000, 1_000_000, &mut e).unwrap_or(0) as i32;
        let category_id = Some(self.category_id.trim().to_owned()).filter(|c| !c.is_empty());
        match (product_type, waste_class, unit) {
            (Some(product_type), Some(waste_class), Some(unit)) if e.is_empty() => Ok(ProductDraft {
                sku,
                name_es,
                name_en,
                description_es,
                description_en,
                category_id,
                product_type,
                waste_class,
                unit,
                verticals,
                specs,
                active: self.active,
                sort_order,
            }),
            _ => Err(e),
        }
    }
}

impl ProductDraft {
    /// The form a draft was made from (for editing, export and round trips).
    pub fn to_input(&self) -> ProductInput {
        let text = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
        ProductInput {
            sku: self.sku.clone(),
            name_es: self.name_es.clone(),
            name_en: self.name_en.clone(),
            description_es: self.description_es.clone(),
            description_en: self.description_en.clone(),
            category_id: self.category_id.clone().unwrap_or_default(),
            product_type: self.product_type.as_str().to_owned(),
            waste_class: self.waste_class.as_str().to_owned(),
            unit: self.unit.as_str().to_owned(),
            verticals: self.verticals.iter().map(|v| v.as_str().to_owned()).collect(),
            vlt_pct: text(self.specs.vlt_pct),
            uv_rejection_pct: text(self.specs.uv_rejection_pct),
            tser_pct: text(self.specs.tser_pct),
            thickness_mil: text(self.specs.thickness_mil),
            warranty_years: self.specs.warranty_years.map(|y| y.to_string()).unwrap_or_default(),
            finish: self.specs.finish.clone().unwrap_or_default(),
            active: self.active,
            sort_order: self.sort_order.to_string(),
        }
    }
}

/// A film of an organisation's catalog, with its price on the day it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
    pub category_id: Option<String>,
    #[serde(rename = "type")]
    pub product_type: ProductType,
    pub unit: Unit,
    pub waste_class: WasteClass,
    pub verticals: Vec<Vertical>,
    pub specs: Specs,
    pub active: bool,
    pub sort_order: i32,
    pub photo_key: Option<String>,
    pub thumb_key: Option<String>,
    /// Bumped by every change; an edit names the version it started from.
    pub version: i64,
    pub updated_at: i64,
    /// The price in effect on the day read (`None`: no price that day).
    pub price: Option<PriceRecord>,
    /// The next change of price after that day, if one is scheduled.
    pub next_price: Option<NextPrice>,
}

/// A scheduled change: from `starts`, `price` (or no price at all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextPrice {
    pub starts: String,
    pub price: Option<PriceRecord>,
}

impl Product {
    /// What the pricing engine needs; `None` when the product has no price
    /// that day (it cannot be quoted then).
    pub fn priced(&self) -> Option<PricedProduct> {
        let price = self.price.as_ref()?;
        Some(PricedProduct {
            sku: self.sku.clone(),
            unit: self.unit,
            waste_class: self.waste_class,
            material_price: price.material_price,
            installation_price: price.installation_price,
            active: self.active,
        })
    }

    /// The editable fields, as checked input.
    pub fn draft(&self) -> ProductDraft {
        ProductDraft {
            sku: self.sku.clone(),
            name_es: self.name_es.clone(),
            name_en: self.name_en.clone(),
            description_es: self.description_es.clone(),
            description_en: self.description_en.clone(),
            category_id: self.category_id.clone(),
            product_type: self.product_type,
            waste_class: self.waste_class,
            unit: self.unit,
            verticals: self.verticals.clone(),
            specs: self.specs.clone(),
            active: self.active,
            sort_order: self.sort_order,
        }
    }

    /// The name in a language (`en` falls back to Spanish when empty).
    pub fn name(&self, lang: &str) -> &str {
        localized(&self.name_es, &self.name_en, lang)
    }
}

/// What [`Db::delete_product`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    Deleted,
    /// Quotes use it: it was retired instead, so they keep what they showed.
    Deactivated,
}

/// A group of products (security laminate, solar control, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    /// Short stable name used by CSV files and integrators: `security`, `solar`.
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub sort_order: i32,
}

/// The English text for `lang == "en"` when there is one; the Spanish otherwise.
pub fn localized<'a>(es: &'a str, en: &'a str, lang: &str) -> &'a str {
    if lang == "en" && !en.is_empty() { en } else { es }
}

/// A price as typed: per unit, from a day (inclusive) until a day (inclusive, optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PriceInput {
    pub material_price: String,
    pub installation_price: String,
    /// `YYYY-MM-DD`; empty means today.
    pub valid_from: String,
    /// `YYYY-MM-DD`, the last day the price applies; empty means open-ended.
    pub valid_until: String,
    /// How the amounts were typed (never read from JSON: the API's numbers are exact).
    #[serde(skip)]
    pub typed: crate::NumberSource,
}

/// A checked price. Days are ISO `YYYY-MM-DD`, so they compare as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceDraft {
    pub material_price: Decimal,
    pub installation_price: Decimal,
    pub valid_from: String,
    pub valid_until: Option<String>,
}

impl PriceInput {
    /// Checks the price of an organisation quoting in `currency`, its
    /// amounts read as [`PriceInput::typed`] says; an empty `valid_from`
    /// becomes `today`.
    pub fn validate(&self, today: &str, currency: crate::Currency) -> Result<PriceDraft, FieldErrors> {
        let mut e = FieldErrors::new();
        let material_price = price("material_price", &self.material_price, currency, self.typed, &mut e);
        let installation_price = price("installation_price", &self.installation_price, currency, self.typed, &mut e);
        let valid_from = match self.valid_from.trim() {
            "" => Some(today.to_owned()),
            d => check_day("valid_from", d, &mut e),
        };
        let valid_until = match self.valid_until.trim() {
            "" => None,
            d => check_day("valid_until", d, &mut e),
        };
        if let (Some(from), Some(until)) = (&valid_from, &valid_until) {
            if until < from {
                e.add("valid_until", pm::UNTIL_BEFORE_FROM);
            }
        }
        match (material_price, installation_price, valid_from) {
            (Some(material_price), Some(installation_price), Some(valid_from)) if e.is_empty() => {
                Ok(PriceDraft { material_price, installation_price, valid_from, valid_until })
            }
            _ => Err(e),
        }
    }
}

/// A stored price of a product's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRecord {
    pub id: String,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    pub valid_from: String,
    pub valid_until: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    pub created_by: Option<String>,
}

impl PriceRecord {
    pub fn applies_on(&self, day: &str) -> bool {
        self.valid_from.as_str() <= day && self.valid_until.as_deref().is_none_or(|u| day <= u)
    }

    /// Whether an admin may still withdraw it on `today`: a price that has
    /// not started, or one that starts today and was entered today (a
    /// mistake caught the same day; unless a quote used it, which the store checks).
    pub fn withdrawable(&self, today: &str) -> bool {
        price_withdrawable(&self.valid_from, self.created_at, today)
    }
}

/// The price of a history on `day`: of the prices that apply that day, the
/// one that starts latest (ties: the one entered last). A promotion from
/// December 1 to 24 thus wins over the base price, which applies again on
/// the 25th; a price scheduled from March 1 replaces it from then on.
pub fn price_on<'a>(history: &'a [PriceRecord], day: &str) -> Option<&'a PriceRecord> {
    history
        .iter()
        .filter(|p| p.applies_on(day))
        .max_by(|a, b| a.valid_from.cmp(&b.valid_from).then(a.created_at.cmp(&b.created_at)).then(a.id.cmp(&b.id)))
}

/// The next day after `day` on which the price of the history changes, and
/// the price from then (`None` inside: no price applies from that day).
pub fn next_price_change<'a>(history: &'a [PriceRecord], day: &str) -> Option<(String, Option<&'a PriceRecord>)> {
    let current = price_on(history, day).map(|p| &p.id);
    // A price can only change on a start day or the day after an end day.
    let mut days: Vec<String> = history
        .iter()
        .flat_map(|p| [Some(p.valid_from.clone()), p.valid_until.as_deref().and_then(next_day)])
        .flatten()
        .filter(|d| d.as_str() > day)
        .collect();
    days.sort();
    days.dedup();
    days.into_iter().find_map(|d| {
        let then = price_on(history, &d);
        (then.map(|p| &p.id) != current).then_some((d, then))
    })
}

/// A new price `percent` % away from `price`, kept to the price's own decimals
/// (at least the currency's), rounded half away from zero; never negative.
pub fn change_by_percent(price: Decimal, percent: Decimal, min_decimals: u32) -> Decimal {
    let decimals = price.normalize().scale().max(min_decimals);
    let changed = price * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
    crate::round_half_away(changed, decimals).max(Decimal::ZERO)
}

/// The rule of [`PriceRecord::withdrawable`], for a price starting
/// `valid_from` entered at `created_at` (Unix ms).
pub fn price_withdrawable(valid_from: &str, created_at: i64, today: &str) -> bool {
    valid_from > today || (valid_from == today && day_of_unix_ms(created_at) == today)
}

/// Reads a percentage change such as `5`, `-3,5` or `+10 %`: between -90 and
/// 1000 (`1.000` is refused: one or a thousand?).
pub fn parse_percent_change(value: &str) -> Result<Decimal, &'static str> {
    let cleaned = value.trim().trim_end_matches('%');
    let d = crate::read_decimal(cleaned, Decimal::from(1000)).map_err(|e| match e {
        crate::NumberError::AmbiguousPlain => crate::number_messages::AMBIGUOUS,
        _ => pm::NUMBER,
    })?;
    if d < Decimal::from(-90) || d > Decimal::from(1000) {
        return Err(pm::TOO_LARGE);
    }
    if d.scale() > 4 {
        return Err(pm::DECIMALS);
    }
    Ok(d)
}

/// `YYYY-MM-DD` of a real calendar day.
pub fn is_day(value: &str) -> bool {
    parse_day(value).is_some()
}

fn parse_day(value: &str) -> Option<(i32, u32, u32)> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        value.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
    };
    let (y, m, d) = (digits(0..4)? as i32, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d) && y >= 1970).then_some((y, m, d))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// The day after `day` (`None` if `day` is not a day).
pub fn next_day(day: &str) -> Option<String> {
    let (mut y, mut m, mut d) = parse_day(day)?;
    d += 1;
    if d > days_in_month(y, m) {
        d = 1;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The UTC calendar day of a unix time in milliseconds.
pub fn day_of_unix_ms(ms: i64) -> String {
    // Howard Hinnant's days-from-civil, inverted.
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix milliseconds at 00:00 UTC of `day` (`None` if it is not a day).
pub fn unix_ms_of_day(day: &str) -> Option<i64> {
    let (y, m, d) = parse_day(day)?;
    // Howard Hinnant's days-from-civil.
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400_000)
}

/// `day` plus `days` calendar days (`None` if `day` is not a day).
pub fn add_days(day: &str, days: i64) -> Option<String> {
    Some(day_of_unix_ms(unix_ms_of_day(day)? + days * 86_400_000))
}

fn check_day(field: &str, value: &str, e: &mut FieldErrors) -> Option<String> {
    if is_day(value) {
        Some(value.to_owned())
    } else {
        e.add(field, pm::DATE);
        None
    }
}

fn check_sku(value: &str, e: &mut FieldErrors) -> String {
    let sku = value.trim().to_uppercase();
    if sku.is_empty() {
        e.add("sku", crate::messages::REQUIRED);
    } else if sku.chars().count() > MAX_SKU_CHARS
        || !sku.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        e.add("sku", pm::SKU);
    }
    sku
}

fn required_text(field: &str, value: &str, max: usize, e: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.is_empty() {
        e.add(field, crate::messages::REQUIRED);
    }
    optional_text(field, value, max, e)
}

fn optional_text(field: &str, value: &str, max: usize, e: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        e.add(field, crate::messages::TOO_LONG);
    }
    value.to_owned()
}

fn choice<T: std::str::FromStr>(field: &str, value: &str, e: &mut FieldErrors) -> Option<T> {
    match value.trim() {
        "" => {
            e.add(field, crate::messages::REQUIRED);
            None
        }
        v => v.parse().map_err(|_| e.add(field, crate::messages::CHOICE)).ok(),
    }
}

/// A decimal as people type it: `12.5`, `12,5`, ` 12 `.
pub fn parse_decimal_text(value: &str) -> Option<Decimal> {
    let cleaned = value.trim().replace(',', ".");
    Decimal::from_str_exact(&cleaned).ok()
}

fn optional_decimal(field: &str, value: &str, e: &mut FieldErrors) -> Option<Decimal> {
    if value.trim().is_empty() {
        return None;
    }
    match parse_decimal_text(value) {
        Some(d) => Some(d),
        None => {
            e.add(field, pm::NUMBER);
            None
        }
    }
}

fn bounded_decimal(field: &str, value: &str, max: Decimal, e: &mut FieldErrors) -> Option<Decimal> {
    let d = optional_decimal(field, value, e)?;
    if d.is_sign_negative() && !d.is_zero() {
        e.add(field, pm::NEGATIVE);
    } else if d > max {
        e.add(field, pm::TOO_LARGE);
    }
    Some(d.normalize())
}

fn percent(field: &str, value: &str, e: &mut FieldErrors) -> Option<Decimal> {
    let d = optional_decimal(field, value, e)?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        e.add(field, pm::PERCENT);
    }
    Some(d.normalize())
}

fn whole(field: &str, value: &str, min: i64, max: i64, e: &mut FieldErrors) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(_) => {
            e.add(field, pm::TOO_LARGE);
            None
        }
        Err(_) => {
            e.add(field, pm::WHOLE);
            None
        }
    }
}

fn price(field: &str, value: &str, currency: crate::Currency, typed: crate::NumberSource, e: &mut FieldErrors) -> Option<Decimal> {
    let d = match crate::read_money(value, currency, typed) {
        Ok(d) => d,
        Err(err) => {
            e.add(field, err.message(value, currency, typed));
            return None;
        }
    };
    if d.is_sign_negative() && !d.is_zero() {
        e.add(field, pm::NEGATIVE);
    } else if d > MAX_PRICE {
        e.add(field, pm::TOO_LARGE);
    } else if d.normalize().scale() > MAX_PRICE_DECIMALS {
        e.add(field, pm::DECIMALS);
    } else {
        return Some(d.normalize().max(Decimal::ZERO));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            sku: " sol-neutral-50 ".into(),
            name_es: "Control solar neutro 50".into(),
            product_type: "solar_control".into(),
            unit: "m2".into(),
            verticals: vec!["commercial".into(), "residential".into(), "residential".into()],
            vlt_pct: "50".into(),
            uv_rejection_pct: "99,5".into(),
            warranty_years: "10".into(),
            active: true,
            ..ProductInput::default()
        }
    }

    #[test]
    fn a_valid_product_is_normalised() {
        let d = input().validate().expect("valid");
        assert_eq!(d.sku, "SOL-NEUTRAL-50");
        assert_eq!(d.waste_class, WasteClass::SolarControl, "defaulted from the type");
        assert_eq!(d.verticals, vec![Vertical::Residential, Vertical::Commercial], "sorted, no duplicates");
        assert_eq!(d.specs.uv_rejection_pct, Some(Decimal::new(995, 1)));
        assert_eq!(d.specs.warranty_years, Some(10));
        assert_eq!(d.sort_order, 0);
        assert_eq!(d.to_input().validate(), Ok(d), "round trip through the form");
    }

    #[test]
    fn every_broken_rule_is_reported_by_field() {
        let bad = ProductInput {
            sku: "no spaces".into(),
            name_es: " ".into(),
            product_type: "tint".into(),
            waste_class: "cardboard".into(),
            unit: "".into(),
            verticals: vec![],
            vlt_pct: "120".into(),
            thickness_mil: "-1".into(),
            warranty_years: "2.5".into(),
            ..ProductInput::default()
        };
        let e = bad.validate().expect_err("invalid");
        assert_eq!(e.get("sku"), Some(pm::SKU));
        assert_eq!(e.get("name_es"), Some(crate::messages::REQUIRED));
        assert_eq!(e.get("type"), Some(crate::messages::CHOICE));
        assert_eq!(e.get("waste_class"), Some(crate::messages::CHOICE));
        assert_eq!(e.get("unit"), Some(crate::messages::REQUIRED));
        assert_eq!(e.get("verticals"), Some(pm::VERTICALS));
        assert_eq!(e.get("vlt_pct"), Some(pm::PERCENT));
        assert_eq!(e.get("thickness_mil"), Some(pm::NEGATIVE));
        assert_eq!(e.get("warranty_years"), Some(pm::WHOLE));
    }

    #[test]
    fn prices_refuse_negatives_bad_dates_and_inverted_windows() {
        let ok = PriceInput { material_price: "45".into(), installation_price: "15,50".into(), ..Default::default() };
        let d = ok.validate("2026-11-23", crate::Currency::Usd).expect("valid");
        assert_eq!((d.material_price, d.installation_price), (Decimal::from(45), Decimal::new(155, 1)));
        assert_eq!(d.valid_from, "2026-11-23", "empty start = today");
        let bad = PriceInput {
            material_price: "-1".into(),
            installation_price: "abc".into(),
            valid_from: "2026-12-10".into(),
            valid_until: "2026-12-09".into(),
            ..Default::default()
        };
        let e = bad.validate("2026-11-23", crate::Currency::Usd).expect_err("invalid");
        assert_eq!(e.get("material_price"), Some(pm::NEGATIVE));
        assert_eq!(e.get("installation_price"), Some(pm::NUMBER));
        assert_eq!(e.get("valid_until"), Some(pm::UNTIL_BEFORE_FROM));
        let e = PriceInput { material_price: "1.23456".into(), installation_price: "1".into(), valid_from: "2026-02-30".into(), ..Default::default() }
            .validate("2026-11-23", crate::Currency::Usd)
            .expect_err("invalid");
        assert_eq!(e.get("material_price"), Some(pm::DECIMALS));
        assert_eq!(e.get("valid_from"), Some(pm::DATE));
    }

    fn rec(id: &str, material: i64, from: &str, until: Option<&str>, created_at: i64) -> PriceRecord {
        PriceRecord {
            id: id.into(),
            material_price: Decimal::from(material),
            installation_price: Decimal::from(10),
            valid_from: from.into(),
            valid_until: until.map(str::to_owned),
            created_at,
            created_by: None,
        }
    }

    #[test]
    fn the_latest_starting_price_that_applies_wins() {
        let history = [
            rec("base", 45, "2026-01-01", None, 1),
            rec("promo", 40, "2026-12-01", Some("2026-12-24"), 2),
            rec("march", 50, "2027-03-01", None, 3),
        ];
        let on = |d: &str| price_on(&history, d).map(|p| p.id.as_str());
        assert_eq!(on("2025-12-31"), None, "nothing before the first price");
        assert_eq!(on("2026-11-30"), Some("base"));
        assert_eq!(on("2026-12-01"), Some("promo"), "a window starts on its first day");
        assert_eq!(on("2026-12-24"), Some("promo"), "and includes its last day");
        assert_eq!(on("2026-12-25"), Some("base"), "the base price applies again after it");
        assert_eq!(on("2027-03-01"), Some("march"));
        let next = next_price_change(&history, "2026-11-23").expect("a change is scheduled");
        assert_eq!((next.0.as_str(), next.1.map(|p| p.id.as_str())), ("2026-12-01", Some("promo")));
        let next = next_price_change(&history, "2026-12-10").expect("the promotion ends");
        assert_eq!((next.0.as_str(), next.1.map(|p| p.id.as_str())), ("2026-12-25", Some("base")));
        assert_eq!(next_price_change(&history, "2027-03-01"), None);
        let same_day = [rec("old", 45, "2026-01-01", None, 1), rec("fix", 46, "2026-01-01", None, 2)];
        assert_eq!(price_on(&same_day, "2026-06-01").map(|p| p.id.as_str()), Some("fix"), "the one entered last");
    }

    #[test]
    fn percentage_changes_round_half_away_to_the_price_decimals() {
        assert_eq!(change_by_percent(Decimal::new(4500, 2), Decimal::from(10), 2), Decimal::new(4950, 2));
        assert_eq!(change_by_percent(Decimal::new(1, 2), Decimal::from(50), 2), Decimal::new(2, 2), "0.015 → 0.02");
        assert_eq!(change_by_percent(Decimal::from(12345), Decimal::new(-35, 1), 0), Decimal::from(11913), "CLP: 11912.9 → 11913");
        assert_eq!(change_by_percent(Decimal::new(12345, 4), Decimal::from(10), 2), Decimal::new(135795, 5).round_dp(4), "keeps finer prices' decimals");
        assert_eq!(parse_percent_change(" +10 % "), Ok(Decimal::from(10)));
        assert_eq!(parse_percent_change("-3,5"), Ok(Decimal::new(-35, 1)));
        assert_eq!(parse_percent_change("-95"), Err(pm::TOO_LARGE));
        assert_eq!(parse_percent_change("ten"), Err(pm::NUMBER));
    }

    #[test]
    fn typed_prices_follow_the_page_and_the_currency() {
        use crate::{Currency, NumberSource};
        let typed = |m: &str, spanish: bool| PriceInput {
            material_price: m.into(),
            installation_price: "0".into(),
            typed: NumberSource::Page { spanish },
            ..Default::default()
        };
        let clp = typed("18.000", true).validate("2026-11-23", Currency::Clp).expect("CLP 18.000");
        assert_eq!(clp.material_price, Decimal::from(18000), "not 18");
        let e = typed("18.000", true).validate("2026-11-23", Currency::Usd).expect_err("ambiguous in dollars");
        assert_eq!(e.get("material_price"), Some("«18.000» puede ser US$18.000,00 o US$18,00: escribe 18000 o 18,00"));
        let e = typed("1.234,5", false).validate("2026-11-23", Currency::Clp).expect_err("no decimals in CLP");
        assert_eq!(e.get("material_price"), Some("CLP has no decimals: “1.234,5” was read as 1234.5"));
        assert_eq!(typed("-1", true).validate("2026-11-23", Currency::Eur).expect_err("negative").get("material_price"), Some(pm::NEGATIVE));
        assert_eq!(typed("", true).validate("2026-11-23", Currency::Eur).expect_err("empty").get("material_price"), Some(crate::messages::REQUIRED));
        let exact = PriceInput { typed: NumberSource::Exact, ..typed("18.000", true) };
        assert_eq!(exact.validate("2026-11-23", Currency::Clp).map(|d| d.material_price), Ok(Decimal::from(18)), "the API's text is exact");
    }

    #[test]
    fn same_day_mistakes_can_be_withdrawn() {
        let today = "2026-11-23";
        let morning = unix_ms_of_day(today).unwrap_or_default() + 3_600_000;
        let yesterday = morning - 86_400_000;
        assert!(price_withdrawable("2026-11-24", yesterday, today), "scheduled");
        assert!(price_withdrawable(today, morning, today), "entered today, starting today");
        assert!(!price_withdrawable(today, yesterday, today), "scheduled earlier: in effect since midnight");
        assert!(!price_withdrawable("2026-11-22", yesterday, today), "history");
        assert!(!price_withdrawable("2026-11-22", morning, today), "a past start entered today is history too");
    }

    #[test]
    fn percentages_refuse_what_could_be_a_thousand() {
        assert_eq!(parse_percent_change("1.000"), Err(crate::number_messages::AMBIGUOUS));
        assert_eq!(parse_percent_change("1,5 %"), Ok(Decimal::new(15, 1)));
        assert_eq!(parse_percent_change("1.5"), Ok(Decimal::new(15, 1)));
        assert_eq!(parse_percent_change(""), Err(pm::NUMBER));
        assert_eq!(parse_percent_change("1.234,5"), Err(pm::NUMBER));
    }

    #[test]
    fn calendar_days() {
        assert!(is_day("2028-02-29") && !is_day("2027-02-29") && !is_day("2026-13-01") && !is_day("26-01-01"));
        assert_eq!(next_day("2026-12-31").as_deref(), Some("2027-01-01"));
        assert_eq!(next_day("2028-02-28").as_deref(), Some("2028-02-29"));
        assert_eq!(day_of_unix_ms(0), "1970-01-01");
        assert_eq!(day_of_unix_ms(1_795_392_000_000), "2026-11-23");
        assert_eq!(day_of_unix_ms(1_795_478_399_999), "2026-11-23");
        assert_eq!(day_of_unix_ms(951_782_400_000), "2000-02-29");
        assert_eq!(unix_ms_of_day("2026-11-23"), Some(1_795_392_000_000));
        assert_eq!(unix_ms_of_day("1970-01-01"), Some(0));
        assert_eq!(unix_ms_of_day("2026-02-30"), None);
        assert_eq!(add_days("2026-11-23", 15).as_deref(), Some("2026-12-08"));
        assert_eq!(add_days("2028-02-20", 10).as_deref(), Some("2028-03-01"));
        for ms in [0, 951_782_400_000, 1_795_392_000_000, 4_102_444_800_000] {
            assert_eq!(unix_ms_of_day(&day_of_unix_ms(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn verticals_round_trip_their_names() {
        for v in Vertical::ALL {
            assert_eq!(v.as_str().parse::<Vertical>(), Ok(v));
        }
    }
}
