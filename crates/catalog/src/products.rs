use domain::{PriceInput, Product, ProductInput, Removal, Vertical};
use serde::{Deserialize, Serialize};
use store::User;

use crate::{Catalog, CatalogError, require_admin, today};

/// What the catalog list shows: text search, a category, a vertical, retired ones or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductFilter {
    /// Matches sku and both names, case-insensitively.
    pub q: String,
    pub category_id: String,
    pub vertical: Option<Vertical>,
    pub include_inactive: bool,
}

impl ProductFilter {
    pub fn matches(&self, p: &Product) -> bool {
        let q = self.q.trim().to_lowercase();
        (q.is_empty()
            || p.sku.to_lowercase().contains(&q)
            || p.name_es.to_lowercase().contains(&q)
            || p.name_en.to_lowercase().contains(&q))
            && (self.category_id.is_empty() || p.category_id.as_deref() == Some(self.category_id.as_str()))
            && self.vertical.is_none_or(|v| p.verticals.contains(&v))
            && (self.include_inactive || p.active)
    }
}

impl Catalog {
    /// The organisation's products priced today, filtered (every role reads).
    pub async fn products(&self, actor: &User, filter: &ProductFilter) -> Result<Vec<Product>, CatalogError> {
        let all = self.db.products(&actor.organization_id, &today(), false).await?;
        Ok(all.into_iter().filter(|p| filter.matches(p)).collect())
    }

    pub async fn product(&self, actor: &User, id: &str) -> Result<Product, CatalogError> {
        Ok(self.db.product(&actor.organization_id, id, &today()).await?)
    }

    /// Creates a product and, when given, its first price (admins).
    pub async fn create_product(&self, actor: &User, input: &ProductInput, price: Option<&PriceInput>) -> Result<Product, CatalogError> {
        require_admin(actor)?;
        let day = today();
        let draft = input.validate();
        let currency = self.db.org(&actor.organization_id).await?.currency;
        let price = price.map(|p| p.validate(&day, currency)).transpose();
        let past = price.as_ref().ok().and_then(Option::as_ref).is_some_and(|p| p.valid_from < day);
        let (draft, price) = match (draft, price) {
            (Ok(d), Ok(p)) if !past => (d, p),
            (d, p) => {
                let mut errors = d.err().unwrap_or_default();
                errors.merge(p.err().unwrap_or_default());
                if past {
                    errors.add("valid_from", domain::product_messages::PAST);
                }
                return Err(CatalogError::Invalid(errors));
            }
        };
        Ok(self.db.create_product(actor, &draft, price.as_ref(), &day).await?)
    }

    /// Saves an edit started from `version`; if someone changed the product
    /// meanwhile, nothing is written and the answer is `Conflict`.
    pub async fn update_product(&self, actor: &User, id: &str, version: i64, input: &ProductInput) -> Result<Product, CatalogError> {
        require_admin(actor)?;
        let draft = input.validate().map_err(CatalogError::Invalid)?;
        Ok(self.db.update_product(actor, id, version, &draft, &today()).await?)
    }

    /// Deletes a product, or retires it when quotes use it (admins).
    pub async fn delete_product(&self, actor: &User, id: &str) -> Result<Removal, CatalogError> {
        require_admin(actor)?;
        let product = self.db.product(&actor.organization_id, id, &today()).await?;
        let removal = self.db.delete_product(actor, id).await?;
        if removal == Removal::Deleted {
            self.delete_files(&[product.photo_key, product.thumb_key]).await;
        }
        Ok(removal)
    }
}
