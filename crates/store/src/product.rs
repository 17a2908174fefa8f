use domain::{PricedProduct, ProductType, Unit, WasteClass};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::str::FromStr;

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};

/// A film of an organisation's catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub product_type: ProductType,
    pub unit: Unit,
    pub waste_class: WasteClass,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    pub active: bool,
    pub sort_order: i32,
}

impl Product {
    /// What the pricing engine needs of this product.
    pub fn priced(&self) -> PricedProduct {
        PricedProduct {
            sku: self.sku.clone(),
            unit: self.unit,
            waste_class: self.waste_class,
            material_price: self.material_price,
            installation_price: self.installation_price,
            active: self.active,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub product_type: ProductType,
    pub unit: Unit,
    /// `None` takes the default of the product type.
    pub waste_class: Option<WasteClass>,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    pub active: bool,
    pub sort_order: i32,
}

/// `active` is read as 0/1: sqlx's Any driver decodes no SQLite BOOLEAN column.
const COLUMNS: &str = "id, sku, name, product_type, unit, waste_class, material_price, installation_price, \
                       CASE WHEN active THEN 1 ELSE 0 END AS active, sort_order";

impl Db {
    /// The organisation's catalog, in display order; `active_only` hides retired films.
    pub async fn products(&self, org: &OrgId, active_only: bool) -> Result<Vec<Product>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM products WHERE organization_id = $1 {} ORDER BY sort_order, sku",
            if active_only { "AND active = TRUE" } else { "" }
        );
        let rows = sqlx::query(&sql).bind(org.as_str()).fetch_all(self.pool()).await?;
        rows.iter().map(product_from_row).collect()
    }

    pub async fn product(&self, org: &OrgId, id: &str) -> Result<Product, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM products WHERE organization_id = $1 AND id = $2"
        ))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        product_from_row(&row)
    }

    /// Adds a product; a sku the organisation already has is `Conflict { field: "sku" }`.
    pub async fn create_product(&self, org: &OrgId, new: &NewProduct) -> Result<Product, StoreError> {
        let now = now_ms();
        let waste_class = new.waste_class.unwrap_or(new.product_type.default_waste_class());
        let row = sqlx::query(&format!(
            "INSERT INTO products (id, organization_id, sku, name, product_type, unit, waste_class,
                                   material_price, installation_price, active, sort_order, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING {COLUMNS}"
        ))
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.as_str())
        .bind(&new.sku)
        .bind(&new.name)
        .bind(new.product_type.as_str())
        .bind(new.unit.as_str())
        .bind(waste_class.as_str())
        .bind(new.material_price.to_string())
        .bind(new.installation_price.to_string())
        .bind(new.active)
        .bind(new.sort_order)
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        product_from_row(&row)
    }

    pub async fn set_product_active(&self, org: &OrgId, id: &str, active: bool) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE products SET active = $1, updated_at = $2 WHERE organization_id = $3 AND id = $4",
        )
        .bind(active)
        .bind(now_ms())
        .bind(org.as_str())
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

fn product_from_row(row: &AnyRow) -> Result<Product, StoreError> {
    Ok(Product {
        id: row.try_get("id")?,
        sku: row.try_get("sku")?,
        name: row.try_get("name")?,
        product_type: parse(row, "product_type", ProductType::from_str)?,
        unit: parse(row, "unit", Unit::from_str)?,
        waste_class: parse(row, "waste_class", WasteClass::from_str)?,
        material_price: parse(row, "material_price", Decimal::from_str_exact)?,
        installation_price: parse(row, "installation_price", Decimal::from_str_exact)?,
        active: row.try_get::<i32, _>("active")? != 0,
        sort_order: row.try_get("sort_order")?,
    })
}
