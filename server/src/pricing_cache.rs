//! What the public calculate API prices with (an organisation's currency,
//! tax rate and today's priced catalog), kept for a moment: a burst of
//! estimates reads the database once per organisation per `ttl` instead of
//! three times per request. A catalog change shows after at most `ttl`
//! (`PRICING_CACHE_MS`, 0 turns the cache off); saving a quote always reads
//! fresh prices.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::{Currency, PricedProduct};
use rust_decimal::Decimal;
use store::{Db, StoreError};

/// Organisations kept at most (a flood of distinct slugs cannot grow it further).
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug)]
pub struct Pricing {
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub products: Vec<PricedProduct>,
    day: String,
    fetched: Instant,
}

#[derive(Debug)]
pub struct PricingCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Arc<Pricing>>>,
}

impl PricingCache {
    pub fn new(ttl: Duration) -> PricingCache {
        PricingCache { ttl, entries: Mutex::new(HashMap::new()) }
    }

    /// The pricing of organisation `slug` today; `None` if there is no such organisation.
    pub async fn get(&self, db: &Db, slug: &str) -> Result<Option<Arc<Pricing>>, StoreError> {
        let today = store::today();
        if let Some(hit) = self.fresh(slug, &today) {
            return Ok(Some(hit));
        }
        let Some(org) = db.org_by_slug(slug).await? else { return Ok(None) };
        let products = db.products(&org.id, &today, false).await?.iter().filter_map(domain::Product::priced).collect();
        let pricing = Arc::new(Pricing { currency: org.currency, tax_rate: org.tax_rate, products, day: today, fetched: Instant::now() });
        if !self.ttl.is_zero() {
            if let Ok(mut entries) = self.entries.lock() {
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
                entries.insert(slug.to_owned(), pricing.clone());
            }
        }
        Ok(Some(pricing))
    }

    fn fresh(&self, slug: &str, today: &str) -> Option<Arc<Pricing>> {
        let entries = self.entries.lock().ok()?;
        entries.get(slug).filter(|p| p.fetched.elapsed() < self.ttl && p.day == today).cloned()
    }
}
