use domain::{Currency, ProductType, Unit, WasteClass};
use rust_decimal::Decimal;

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;

pub const DEMO_SLUG: &str = "demo";

/// (sku, name, type, unit, waste class, material, installation) — the demo
/// catalog of the pricing contract.
const DEMO_PRODUCTS: &[(&str, &str, ProductType, Unit, WasteClass, &str, &str)] = &[
    ("SEC-CLEAR-4MIL", "Laminado de seguridad transparente 4 mil", ProductType::Security, Unit::M2, WasteClass::Laminate, "45.00", "15.00"),
    ("SEC-CLEAR-8MIL", "Laminado de seguridad transparente 8 mil", ProductType::Security, Unit::M2, WasteClass::Laminate, "65.00", "18.00"),
    ("SOL-CERAMIC-70", "Control solar cerámico 70", ProductType::SolarControl, Unit::M2, WasteClass::SolarControl, "85.00", "20.00"),
    ("SOL-CHARCOAL-05", "Control solar carbón 05", ProductType::SolarControl, Unit::M2, WasteClass::SolarControl, "95.00", "22.00"),
    ("DEC-FROSTED-FULL", "Vinilo decorativo esmerilado completo", ProductType::Decorative, Unit::M2, WasteClass::Vinyl, "55.00", "12.00"),
    ("DEC-COLORED", "Vinilo decorativo de color", ProductType::Decorative, Unit::M2, WasteClass::Vinyl, "48.00", "12.00"),
    ("DEC-STRIPES", "Franjas decorativas (metro lineal)", ProductType::Decorative, Unit::M, WasteClass::Vinyl, "25.00", "8.00"),
];

/// Seeds the demo organisation (slug `demo`, USD, tax 0.19) and its catalog
/// the first time; afterwards it does nothing, even if the demo data was edited.
/// Returns whether it seeded.
pub async fn seed_demo(db: &Db) -> Result<bool, StoreError> {
    let mut tx = db.pool().begin().await?;
    let now = now_ms();
    let org_id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO organizations (id, slug, name, country, currency, tax_rate, default_language, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (slug) DO NOTHING",
    )
    .bind(&org_id)
    .bind(DEMO_SLUG)
    .bind("Cotiza Demo")
    .bind("CL")
    .bind(Currency::Usd.code())
    .bind("0.19")
    .bind("es")
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    for (order, (sku, name, kind, unit, waste, material, installation)) in DEMO_PRODUCTS.iter().enumerate() {
        let material = Decimal::from_str_exact(material).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let installation =
            Decimal::from_str_exact(installation).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO products (id, organization_id, sku, name, product_type, unit, waste_class,
                                   material_price, installation_price, active, sort_order, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10, $11, $11)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&org_id)
        .bind(*sku)
        .bind(*name)
        .bind(kind.as_str())
        .bind(unit.as_str())
        .bind(waste.as_str())
        .bind(material.to_string())
        .bind(installation.to_string())
        .bind(i32::try_from(order).unwrap_or(i32::MAX))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(slug = DEMO_SLUG, products = DEMO_PRODUCTS.len(), "seeded the demo organisation");
    Ok(true)
}
