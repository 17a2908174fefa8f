//! A catalog import: many products created or changed, and their new
//! prices, in one transaction — all or nothing.
use domain::{PriceDraft, ProductDraft};

use crate::audit::{AuditEvent, record};
use crate::db::Db;
use crate::error::StoreError;
use crate::price::insert_price;
use crate::product::{check_category, insert_product, update_row};
use crate::user::User;

/// One row of an import, already checked and compared with the catalog.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// The product it changes (id, version it was compared with); `None` creates one.
    pub existing: Option<(String, i64)>,
    /// The new fields; `None` leaves the product's fields as they are.
    pub draft: Option<ProductDraft>,
    pub price: Option<PriceDraft>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub prices: usize,
}

impl Db {
    /// Applies every item or none. A product changed since the preview was
    /// made fails the whole import with `VersionConflict`.
    pub async fn apply_import(&self, actor: &User, items: &[ImportItem]) -> Result<ImportCounts, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let mut counts = ImportCounts::default();
        for item in items {
            let product_id = match (&item.existing, &item.draft) {
                (None, Some(draft)) => {
                    check_category(&mut tx, org, draft.category_id.as_deref()).await?;
                    let id = uuid::Uuid::new_v4().to_string();
                    insert_product(&mut tx, org, &id, draft).await?;
                    counts.created += 1;
                    id
                }
                (Some((id, version)), Some(draft)) => {
                    check_category(&mut tx, org, draft.category_id.as_deref()).await?;
                    if !update_row(&mut tx, org, id, *version, draft).await? {
                        return crate::product::abort(tx, StoreError::VersionConflict { current: *version }).await;
                    }
                    counts.updated += 1;
                    id.clone()
                }
                (Some((id, _)), None) => id.clone(),
                (None, None) => continue,
            };
            if let Some(price) = &item.price {
                insert_price(&mut tx, org, &product_id, price, Some(&actor.email)).await?;
                counts.prices += 1;
            }
        }
        let detail = format!("{} created, {} updated, {} prices", counts.created, counts.updated, counts.prices);
        record(&mut tx, &AuditEvent::by(actor, "catalog.imported").detail(detail)).await?;
        tx.commit().await?;
        Ok(counts)
    }
}
