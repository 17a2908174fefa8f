use domain::{Currency, PriceDraft, ProductDraft, ProductType, Specs, Unit, Vertical, WasteClass};
use rust_decimal::Decimal;

use crate::category::insert_default_categories;
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::price::insert_price;
use crate::product::insert_product;

pub const DEMO_SLUG: &str = "demo";

/// One film of the demo catalog (and of the starter catalog, `starter_catalog.rs`).
pub(crate) struct DemoFilm {
    pub(crate) sku: &'static str,
    pub(crate) name_es: &'static str,
    pub(crate) name_en: &'static str,
    pub(crate) kind: ProductType,
    pub(crate) unit: Unit,
    pub(crate) waste: WasteClass,
    pub(crate) category: &'static str,
    pub(crate) material: &'static str,
    pub(crate) installation: &'static str,
    /// VLT %, UV rejection %, total solar energy rejected %, thickness (mil), warranty years.
    pub(crate) specs: (Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<u32>),
    pub(crate) finish: &'static str,
    pub(crate) verticals: &'static [Vertical],
}

pub(crate) const HOME_AND_WORK: &[Vertical] = &[Vertical::Residential, Vertical::Commercial, Vertical::Architectural];
const CARS: &[Vertical] = &[Vertical::Automotive];

/// The demo organisation's legal minimum VLT for front side windows, %.
pub const DEMO_MIN_FRONT_VLT: i64 = 35;

/// The demo catalog of the pricing contract (sku, unit, waste class, prices),
/// then window tint for cars (automotive only).
pub(crate) const DEMO_FILMS: &[DemoFilm] = &[
    DemoFilm { sku: "SEC-CLEAR-4MIL", name_es: "Laminado de seguridad transparente 4 mil", name_en: "Clear security laminate 4 mil", kind: ProductType::Security, unit: Unit::M2, waste: WasteClass::Laminate, category: "security", material: "45.00", installation: "15.00", specs: (Some(88), Some(99), None, Some(4), Some(10)), finish: "transparente", verticals: HOME_AND_WORK },
    DemoFilm { sku: "SEC-CLEAR-8MIL", name_es: "Laminado de seguridad transparente 8 mil", name_en: "Clear security laminate 8 mil", kind: ProductType::Security, unit: Unit::M2, waste: WasteClass::Laminate, category: "security", material: "65.00", installation: "18.00", specs: (Some(87), Some(99), None, Some(8), Some(10)), finish: "transparente", verticals: HOME_AND_WORK },
    DemoFilm { sku: "SOL-CERAMIC-70", name_es: "Control solar cerámico 70", name_en: "Ceramic solar control 70", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "85.00", installation: "20.00", specs: (Some(70), Some(99), Some(45), Some(2), Some(12)), finish: "neutro", verticals: HOME_AND_WORK },
    DemoFilm { sku: "SOL-CHARCOAL-05", name_es: "Control solar carbón 05", name_en: "Charcoal solar control 05", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "95.00", installation: "22.00", specs: (Some(5), Some(99), Some(63), Some(2), Some(10)), finish: "carbón", verticals: HOME_AND_WORK },
    DemoFilm { sku: "DEC-FROSTED-FULL", name_es: "Vinilo decorativo esmerilado completo", name_en: "Full frosted decorative vinyl", kind: ProductType::Decorative, unit: Unit::M2, waste: WasteClass::Vinyl, category: "decorative", material: "55.00", installation: "12.00", specs: (None, None, None, None, Some(5)), finish: "esmerilado", verticals: HOME_AND_WORK },
    DemoFilm { sku: "DEC-COLORED", name_es: "Vinilo decorativo de color", name_en: "Coloured decorative vinyl", kind: ProductType::Decorative, unit: Unit::M2, waste: WasteClass::Vinyl, category: "decorative", material: "48.00", installation: "12.00", specs: (None, None, None, None, Some(5)), finish: "color", verticals: HOME_AND_WORK },
    DemoFilm { sku: "DEC-STRIPES", name_es: "Franjas decorativas (metro lineal)", name_en: "Decorative stripes (linear metre)", kind: ProductType::Decorative, unit: Unit::M, waste: WasteClass::Vinyl, category: "decorative", material: "25.00", installation: "8.00", specs: (None, None, None, None, Some(5)), finish: "esmerilado", verticals: HOME_AND_WORK },
    DemoFilm { sku: "AUTO-CERAMIC-70", name_es: "Cerámica automotriz 70", name_en: "Automotive ceramic 70", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "60.00", installation: "25.00", specs: (Some(70), Some(99), Some(50), Some(2), Some(10)), finish: "neutro", verticals: CARS },
    DemoFilm { sku: "AUTO-CERAMIC-35", name_es: "Cerámica automotriz 35", name_en: "Automotive ceramic 35", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "55.00", installation: "25.00", specs: (Some(35), Some(99), Some(55), Some(2), Some(10)), finish: "neutro", verticals: CARS },
    DemoFilm { sku: "AUTO-CARBON-20", name_es: "Carbón automotriz 20", name_en: "Automotive carbon 20", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "40.00", installation: "22.00", specs: (Some(20), Some(99), Some(45), Some(2), Some(7)), finish: "carbón", verticals: CARS },
    DemoFilm { sku: "AUTO-CARBON-05", name_es: "Carbón automotriz 05 (limusina)", name_en: "Automotive carbon 05 (limo)", kind: ProductType::SolarControl, unit: Unit::M2, waste: WasteClass::SolarControl, category: "solar", material: "40.00", installation: "22.00", specs: (Some(5), Some(99), Some(48), Some(2), Some(7)), finish: "carbón", verticals: CARS },
];

/// Seeds the demo organisation (slug `demo`, USD, tax 0.19), its categories
/// and its catalog priced from `day` the first time; afterwards it does
/// nothing, even if the demo data was edited. Returns whether it seeded.
pub async fn seed_demo(db: &Db, day: &str) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let now = now_ms();
    let org_id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO organizations (id, slug, name, country, currency, tax_rate, default_language, phone, contact_email, created_at, updated_at,
             min_front_vlt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '+56223456789', 'hola@cotiza.example', $8, $8, $9) ON CONFLICT (slug) DO NOTHING",
    )
    .bind(&org_id)
    .bind(DEMO_SLUG)
    .bind("Cotiza Demo")
    .bind("CL")
    .bind(Currency::Usd.code())
    .bind("0.19")
    .bind("es")
    .bind(now)
    .bind(DEMO_MIN_FRONT_VLT)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    let org = OrgId::known(org_id);
    insert_demo_films(&mut tx, &org, day).await?;
    tx.commit().await?;
    tracing::info!(slug = DEMO_SLUG, products = DEMO_FILMS.len(), "seeded the demo organisation");
    Ok(true)
}

/// The demo catalog (categories and films priced from `day`) in an
/// organisation that has none yet: for tests of other crates.
#[cfg(feature = "testing")]
pub async fn seed_demo_catalog(db: &Db, org: &OrgId, day: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM categories WHERE organization_id = $1").bind(org.as_str()).execute(&mut *tx).await?;
    insert_demo_films(&mut tx, org, day).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_demo_films(tx: &mut sqlx::Transaction<'static, sqlx::Any>, org: &OrgId, day: &str) -> Result<(), StoreError> {
    let categories = insert_default_categories(tx, org).await?;
    let money = |text: &str| Decimal::from_str_exact(text).map_err(|e| StoreError::Corrupt(e.to_string()));
    insert_films(tx, org, &categories, day, DEMO_FILMS.iter(), &money).await
}

/// `films` as active products of `org` in `categories` (by code), priced
/// from `day` with `price` of each film's material and installation text.
pub(crate) async fn insert_films(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org: &OrgId,
    categories: &[domain::Category],
    day: &str,
    films: impl Iterator<Item = &DemoFilm>,
    price: &(dyn Fn(&str) -> Result<Decimal, StoreError> + Sync),
) -> Result<(), StoreError> {
    let money = price;
    for (order, film) in films.enumerate() {
        let (vlt, uv, tser, mil, warranty) = film.specs;
        let draft = ProductDraft {
            sku: film.sku.to_owned(),
            name_es: film.name_es.to_owned(),
            name_en: film.name_en.to_owned(),
            description_es: String::new(),
            description_en: String::new(),
            category_id: categories.iter().find(|c| c.code == film.category).map(|c| c.id.clone()),
            product_type: film.kind,
            waste_class: film.waste,
            unit: film.unit,
            verticals: film.verticals.to_vec(),
            specs: Specs {
                vlt_pct: vlt.map(Decimal::from),
                uv_rejection_pct: uv.map(Decimal::from),
                tser_pct: tser.map(Decimal::from),
                thickness_mil: mil.map(Decimal::from),
                warranty_years: warranty,
                finish: Some(film.finish.to_owned()),
            },
            active: true,
            sort_order: i32::try_from(order).unwrap_or(i32::MAX),
        };
        let id = uuid::Uuid::new_v4().to_string();
        insert_product(tx, org, &id, &draft).await?;
        let price = PriceDraft {
            material_price: money(film.material)?,
            installation_price: money(film.installation)?,
            valid_from: day.to_owned(),
            valid_until: None,
        };
        insert_price(tx, org, &id, &price, None).await?;
    }
    Ok(())
}
