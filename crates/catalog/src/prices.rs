use domain::{FieldErrors, PriceDraft, PriceInput, PriceRecord, change_by_percent, is_day, parse_percent_change, product_messages};
use store::User;

use crate::{Catalog, CatalogError, require_admin, today};

impl Catalog {
    /// A product's prices, latest start first (every role reads).
    pub async fn price_history(&self, actor: &User, product_id: &str) -> Result<Vec<PriceRecord>, CatalogError> {
        Ok(self.db.price_history(&actor.organization_id, product_id).await?)
    }

    /// Adds a price — from today, or scheduled for a later day (admins).
    pub async fn add_price(&self, actor: &User, product_id: &str, input: &PriceInput) -> Result<PriceRecord, CatalogError> {
        require_admin(actor)?;
        let day = today();
        let currency = self.db.org(&actor.organization_id).await?.currency;
        let price = input.validate(&day, currency).map_err(CatalogError::Invalid)?;
        if price.valid_from < day {
            return Err(CatalogError::field("valid_from", product_messages::PAST));
        }
        Ok(self.db.add_price(actor, product_id, &price).await?)
    }

    /// Withdraws a price that has not started yet, or one entered today to
    /// start today — a mistake caught the same day — unless a quote used it
    /// (admins; audited with what was withdrawn).
    pub async fn withdraw_price(&self, actor: &User, product_id: &str, price_id: &str) -> Result<(), CatalogError> {
        require_admin(actor)?;
        Ok(self.db.withdraw_price(actor, product_id, price_id, &today()).await?)
    }

    /// Raises (or lowers) by `percent` the prices of every active product of
    /// a category from `valid_from` (empty: today): each gets a new price,
    /// its price on that day changed and rounded to the currency. Products
    /// without a price that day are left alone. Returns how many changed.
    pub async fn change_prices_by_percent(
        &self,
        actor: &User,
        category_id: &str,
        percent: &str,
        valid_from: &str,
    ) -> Result<usize, CatalogError> {
        require_admin(actor)?;
        let org = &actor.organization_id;
        let mut e = FieldErrors::new();
        let percent = parse_percent_change(percent).map_err(|m| e.add("percent", m)).ok();
        let day = match valid_from.trim() {
            "" => today(),
            d if is_day(d) && d < today().as_str() => {
                e.add("valid_from", product_messages::PAST);
                String::new()
            }
            d if is_day(d) => d.to_owned(),
            _ => {
                e.add("valid_from", product_messages::DATE);
                String::new()
            }
        };
        let categories = self.db.categories(org).await?;
        let Some(category) = categories.iter().find(|c| c.id == category_id) else {
            return Err(CatalogError::NotFound);
        };
        let (Some(percent), true) = (percent, e.is_empty()) else { return Err(CatalogError::Invalid(e)) };
        let currency = self.db.org(org).await?.currency;
        let prices: Vec<(String, PriceDraft)> = self
            .db
            .products(org, &day, true)
            .await?
            .into_iter()
            .filter(|p| p.category_id.as_deref() == Some(category_id))
            .filter_map(|p| {
                let price = p.price?;
                let new = PriceDraft {
                    material_price: change_by_percent(price.material_price, percent, currency.minor_digits()),
                    installation_price: change_by_percent(price.installation_price, percent, currency.minor_digits()),
                    valid_from: day.clone(),
                    valid_until: None,
                };
                Some((p.id, new))
            })
            .collect();
        let detail = format!("{percent} % on category {} from {day}", category.code);
        Ok(self.db.add_prices(actor, &prices, &detail).await?)
    }
}
