//! An organisation's public catalog: what the wizard and the estimate price with.
use domain::{Currency, PricedProduct, ProductType, Specs, Unit, Vertical, WasteClass};
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The active catalog of one organisation on one day, as the public sees it:
/// only films with a price that day. Decimals serialize as strings, so this
/// is also the REST shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicCatalog {
    pub org: String,
    pub name: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    /// The organisation's country (ISO code): it names the tax.
    #[serde(default)]
    pub country: String,
    /// The day the prices are for (`YYYY-MM-DD`).
    pub day: String,
    pub products: Vec<CatalogProduct>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogProduct {
    pub sku: String,
    pub name_es: String,
    pub name_en: String,
    #[serde(rename = "type")]
    pub product_type: ProductType,
    pub unit: Unit,
    pub waste_class: WasteClass,
    pub material_price: Decimal,
    pub installation_price: Decimal,
    pub verticals: Vec<Vertical>,
    pub specs: Specs,
    pub category: Option<String>,
    /// URL of the photo's thumbnail, if it has one.
    pub thumbnail_url: Option<String>,
    pub photo_url: Option<String>,
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

    /// The name in `lang` ("es"/"en"); English falls back to Spanish.
    pub fn name(&self, lang: &str) -> &str {
        domain::localized(&self.name_es, &self.name_en, lang)
    }
}

impl PublicCatalog {
    pub fn priced_products(&self) -> Vec<PricedProduct> {
        self.products.iter().map(CatalogProduct::priced).collect()
    }
}

/// Where stored files are served.
pub fn media_url(key: &str) -> String {
    format!("/media/{key}")
}

/// Loads the public catalog of `slug` priced on `day` (today when `None`),
/// only the films of `vertical` if given; `None` when there is no such organisation.
#[cfg(feature = "ssr")]
pub async fn load(
    db: &store::Db,
    slug: &str,
    day: Option<&str>,
    vertical: Option<Vertical>,
) -> Result<Option<PublicCatalog>, store::StoreError> {
    let Some(org) = db.org_by_slug(slug).await? else { return Ok(None) };
    let day = day.filter(|d| domain::is_day(d)).map(str::to_owned).unwrap_or_else(store::today);
    let categories = db.categories(&org.id).await?;
    let products = db.products(&org.id, &day, true).await?;
    Ok(Some(PublicCatalog {
        org: org.slug,
        name: org.name,
        currency: org.currency,
        tax_rate: org.tax_rate,
        country: org.country,
        day,
        products: products
            .into_iter()
            .filter(|p| vertical.is_none_or(|v| p.verticals.contains(&v)))
            .filter_map(|p| {
                let price = p.price?;
                let category = p.category_id.as_deref().and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.code.clone());
                Some(CatalogProduct {
                    sku: p.sku,
                    name_es: p.name_es,
                    name_en: p.name_en,
                    product_type: p.product_type,
                    unit: p.unit,
                    waste_class: p.waste_class,
                    material_price: price.material_price,
                    installation_price: price.installation_price,
                    verticals: p.verticals,
                    specs: p.specs,
                    category,
                    thumbnail_url: p.thumb_key.as_deref().map(media_url),
                    photo_url: p.photo_key.as_deref().map(media_url),
                })
            })
            .collect(),
    }))
}

/// Server function behind the public pages. `day` (`YYYY-MM-DD`) previews
/// the prices of another day; anything else means today.
#[server]
pub async fn get_public_catalog(slug: String, day: Option<String>) -> Result<Option<PublicCatalog>, ServerFnError> {
    let db = use_context::<store::Db>().ok_or_else(|| ServerFnError::new("no database in context"))?;
    load(&db, &slug, day.as_deref(), None).await.map_err(|e| {
        tracing::error!(error = %e, %slug, "loading the public catalog failed");
        ServerFnError::new("the catalog could not be loaded")
    })
}

/// Largest product photo, in MB (the server enforces it: 413 above).
pub const PHOTO_MAX_MB: usize = 5;
