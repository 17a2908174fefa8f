//! Price histories: each row is a price per unit with a validity window.
//! A price already in effect is never changed or deleted, so what a quote
//! used stays what it was; new prices are added, future ones may be withdrawn.
use std::collections::HashMap;

use domain::{PriceDraft, PriceRecord};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Executor, Row};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::user::User;

const COLUMNS: &str = "id, product_id, material_price, installation_price, valid_from, valid_until, created_at, created_by";

impl Db {
    /// Every price a product has had or will have, latest start first.
    pub async fn price_history(&self, org: &OrgId, product_id: &str) -> Result<Vec<PriceRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        ensure_product(&mut conn, org, product_id).await?;
        let mut history = price_histories(&mut *conn, org, Some(product_id)).await?.remove(product_id).unwrap_or_default();
        history.sort_by(|a, b| b.valid_from.cmp(&a.valid_from).then(b.created_at.cmp(&a.created_at)));
        Ok(history)
    }

    /// Adds a price to a product's history (audited).
    pub async fn add_price(&self, actor: &User, product_id: &str, price: &PriceDraft) -> Result<PriceRecord, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let sku = ensure_product(&mut tx, org, product_id).await?;
        let record_ = insert_price(&mut tx, org, product_id, price, Some(&actor.email)).await?;
        record(&mut tx, &AuditEvent::by(actor, "price.added").subject(&sku).detail(describe(price))).await?;
        tx.commit().await?;
        Ok(record_)
    }

    /// Withdraws a price that has not started yet, or one that starts
    /// `today` and was entered today (a mistake caught the same day:
    /// [`domain::price_withdrawable`]). A price in effect or past is history:
    /// `PriceInEffect`; one a quote already used stays: `PriceQuoted`. The
    /// audit event keeps what was withdrawn.
    pub async fn withdraw_price(&self, actor: &User, product_id: &str, price_id: &str, today: &str) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let sku = ensure_product(&mut tx, org, product_id).await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM product_prices WHERE organization_id = $1 AND product_id = $2 AND id = $3"
        ))
        .bind(org.as_str())
        .bind(product_id)
        .bind(price_id)
        .fetch_one(&mut *tx)
        .await?;
        let price = price_from_row(&row)?;
        if !price.withdrawable(today) {
            return Err(StoreError::PriceInEffect);
        }
        let quoted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quote_lines WHERE organization_id = $1 AND price_id = $2")
            .bind(org.as_str())
            .bind(price_id)
            .fetch_one(&mut *tx)
            .await?;
        if quoted > 0 {
            return Err(StoreError::PriceQuoted);
        }
        sqlx::query("DELETE FROM product_prices WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(price_id)
            .execute(&mut *tx)
            .await?;
        let draft = PriceDraft {
            material_price: price.material_price,
            installation_price: price.installation_price,
            valid_from: price.valid_from.clone(),
            valid_until: price.valid_until.clone(),
        };
        let same_day = if price.valid_from.as_str() == today { ", entered and withdrawn the same day" } else { "" };
        let detail = format!("{}{same_day}", describe(&draft));
        record(&mut tx, &AuditEvent::by(actor, "price.withdrawn").subject(&sku).detail(detail)).await?;
        tx.commit().await?;
        tracing::info!(org = %org, sku = %sku, price = %price_id, "price withdrawn");
        Ok(())
    }

    /// Adds many prices in one transaction, all or nothing (a bulk change), audited once.
    pub async fn add_prices(
        &self,
        actor: &User,
        prices: &[(String, PriceDraft)],
        detail: &str,
    ) -> Result<usize, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        for (product_id, price) in prices {
            ensure_product(&mut tx, org, product_id).await?;
            insert_price(&mut tx, org, product_id, price, Some(&actor.email)).await?;
        }
        record(&mut tx, &AuditEvent::by(actor, "price.bulk_change").detail(detail.to_owned())).await?;
        tx.commit().await?;
        Ok(prices.len())
    }
}

/// "45.00 + 15.00 from 2026-12-01 until 2026-12-24"
pub(crate) fn describe(p: &PriceDraft) -> String {
    let until = p.valid_until.as_deref().map(|u| format!(" until {u}")).unwrap_or_default();
    format!("{} + {} from {}{until}", p.material_price, p.installation_price, p.valid_from)
}

/// The product's sku, or `NotFound` when the organisation has no such product.
async fn ensure_product(conn: &mut AnyConnection, org: &OrgId, product_id: &str) -> Result<String, StoreError> {
    Ok(sqlx::query_scalar("SELECT sku FROM products WHERE organization_id = $1 AND id = $2")
        .bind(org.as_str())
        .bind(product_id)
        .fetch_one(conn)
        .await?)
}

pub(crate) async fn insert_price(
    conn: &mut AnyConnection,
    org: &OrgId,
    product_id: &str,
    p: &PriceDraft,
    by: Option<&str>,
) -> Result<PriceRecord, StoreError> {
    let row = sqlx::query(&format!(
        "INSERT INTO product_prices (id, organization_id, product_id, material_price, installation_price,
                                     valid_from, valid_until, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
    ))
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org.as_str())
    .bind(product_id)
    .bind(p.material_price.to_string())
    .bind(p.installation_price.to_string())
    .bind(&p.valid_from)
    .bind(p.valid_until.as_deref())
    .bind(now_ms())
    .bind(by)
    .fetch_one(conn)
    .await?;
    price_from_row(&row)
}

/// The price histories of the organisation's products (or of one), by product id.
pub(crate) async fn price_histories<'c, E>(
    exec: E,
    org: &OrgId,
    product_id: Option<&str>,
) -> Result<HashMap<String, Vec<PriceRecord>>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM product_prices WHERE organization_id = $1 {}",
        if product_id.is_some() { "AND product_id = $2" } else { "" }
    );
    let mut query = sqlx::query(&sql).bind(org.as_str());
    if let Some(id) = product_id {
        query = query.bind(id);
    }
    let rows = query.fetch_all(exec).await?;
    let mut histories: HashMap<String, Vec<PriceRecord>> = HashMap::new();
    for row in &rows {
        let product: String = row.try_get("product_id")?;
        histories.entry(product).or_default().push(price_from_row(row)?);
    }
    Ok(histories)
}

fn price_from_row(row: &AnyRow) -> Result<PriceRecord, StoreError> {
    let money = |column: &str| -> Result<Decimal, StoreError> {
        let text: String = row.try_get(column)?;
        Decimal::from_str_exact(&text).map_err(|e| StoreError::Corrupt(format!("{column} = {text:?}: {e}")))
    };
    Ok(PriceRecord {
        id: row.try_get("id")?,
        material_price: money("material_price")?,
        installation_price: money("installation_price")?,
        valid_from: row.try_get("valid_from")?,
        valid_until: row.try_get("valid_until")?,
        created_at: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
    })
}
