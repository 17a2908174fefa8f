//! An organisation's public catalog: what the wizard and the estimate price with.
use domain::{Currency, PricedProduct, ProductType, Unit, WasteClass};
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The active catalog of one organisation, as the public sees it.
/// Decimals serialize as strings, so this is also the REST shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicCatalog {
    pub org: String,
    pub name: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub products: Vec<CatalogProduct>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogProduct {
    pub sku: String,
    pub name: String,
    #[serde(rename = "type")]
    pub product_type: ProductType,
    pub unit: Unit,
    pub waste_class: WasteClass,
    pub material_price: Decimal,
    pub installation_price: Decimal,
}

impl CatalogProduct {
    pub fn priced(&self) -> PricedProduct {
        PricedProduct {
            sku: self.sku.clone(),
            unit: self.unit,
            waste_class: self.waste_class,
            material_price: self.material_price,
            installation_price: self.installation_price,
            active: true,
        }
    }
}

impl PublicCatalog {
    pub fn priced_products(&self) -> Vec<PricedProduct> {
        self.products.iter().map(CatalogProduct::priced).collect()
    }
}

/// Loads the public catalog of `slug`; `None` when there is no such organisation.
#[cfg(feature = "ssr")]
pub async fn load(db: &store::Db, slug: &str) -> Result<Option<PublicCatalog>, store::StoreError> {
    let Some(org) = db.org_by_slug(slug).await? else { return Ok(None) };
    let products = db.products(&org.id, true).await?;
    Ok(Some(PublicCatalog {
        org: org.slug,
        name: org.name,
        currency: org.currency,
        tax_rate: org.tax_rate,
        products: products
            .into_iter()
            .map(|p| CatalogProduct {
                sku: p.sku,
                name: p.name,
                product_type: p.product_type,
                unit: p.unit,
                waste_class: p.waste_class,
                material_price: p.material_price,
                installation_price: p.installation_price,
            })
            .collect(),
    }))
}

/// Server function behind the public pages.
#[server]
pub async fn get_public_catalog(slug: String) -> Result<Option<PublicCatalog>, ServerFnError> {
    let db = use_context::<store::Db>().ok_or_else(|| ServerFnError::new("no database in context"))?;
    load(&db, &slug).await.map_err(|e| {
        tracing::error!(error = %e, %slug, "loading the public catalog failed");
        ServerFnError::new("the catalog could not be loaded")
    })
}
