//! Products of an organisation's catalog. Prices live in their own history
//! (`price.rs`); a product read "on a day" carries the price of that day.
use std::str::FromStr;

use domain::{NextPrice, PriceDraft, PriceRecord, Product, ProductDraft, ProductType, Removal, Specs, Unit, Vertical, WasteClass};
use rust_decimal::Decimal;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};
use crate::price::{insert_price, price_histories};
use crate::user::User;

/// `active` is read as 0/1: sqlx's Any driver decodes no SQLite BOOLEAN column.
pub(crate) const COLUMNS: &str = "id, sku, name_es, name_en, description_es, description_en, category_id, \
    product_type, unit, waste_class, verticals, vlt_pct, uv_rejection_pct, tser_pct, thickness_mil, \
    warranty_years, finish, CASE WHEN active THEN 1 ELSE 0 END AS active, sort_order, photo_key, thumb_key, \
    version, updated_at";

/// Tables whose rows point at products; a product any of them uses is retired, not deleted.
const PRODUCT_USERS: &[&str] = &["quote_lines"];

impl Db {
    /// The organisation's catalog in display order, priced on `day`;
    /// `active_only` hides retired films.
    pub async fn products(&self, org: &OrgId, day: &str, active_only: bool) -> Result<Vec<Product>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM products WHERE organization_id = $1 {} ORDER BY sort_order, sku",
            if active_only { "AND active = TRUE" } else { "" }
        );
        let rows = sqlx::query(&sql).bind(org.as_str()).fetch_all(self.pool()).await?;
        let histories = price_histories(self.pool(), org, None).await?;
        rows.iter()
            .map(|row| {
                let mut product = product_from_row(row)?;
                let history = histories.get(&product.id).map(Vec::as_slice).unwrap_or_default();
                set_prices(&mut product, history, day);
                Ok(product)
            })
            .collect()
    }

    /// One product, priced on `day`.
    pub async fn product(&self, org: &OrgId, id: &str, day: &str) -> Result<Product, StoreError> {
        let mut conn = self.pool().acquire().await?;
        product_on(&mut conn, org, id, day).await
    }

    /// Adds a product and, if given, its first price, in one transaction (audited).
    pub async fn create_product(
        &self,
        actor: &User,
        draft: &ProductDraft,
        price: Option<&PriceDraft>,
        day: &str,
    ) -> Result<Product, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        check_category(&mut tx, org, draft.category_id.as_deref()).await?;
        let id = uuid::Uuid::new_v4().to_string();
        if let Err(e) = insert_product(&mut tx, org, &id, draft).await {
            return abort(tx, e).await;
        }
        if let Some(price) = price {
            insert_price(&mut tx, org, &id, price, Some(&actor.email)).await?;
        }
        record(&mut tx, &AuditEvent::by(actor, "product.created").subject(&draft.sku)).await?;
        let product = product_on(&mut tx, org, &id, day).await?;
        tx.commit().await?;
        Ok(product)
    }

    /// Saves an edit made from `expected_version`. If someone changed the
    /// product since, nothing is written: `VersionConflict` with theirs.
    pub async fn update_product(
        &self,
        actor: &User,
        id: &str,
        expected_version: i64,
        draft: &ProductDraft,
        day: &str,
    ) -> Result<Product, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let before = product_on(&mut tx, org, id, day).await?;
        check_category(&mut tx, org, draft.category_id.as_deref()).await?;
        let updated = match update_row(&mut tx, org, id, expected_version, draft).await {
            Ok(updated) => updated,
            Err(e) => return abort(tx, e).await,
        };
        if !updated {
            return abort(tx, StoreError::VersionConflict { current: before.version }).await;
        }
        let changed = changed_fields(&before.draft(), draft);
        record(
            &mut tx,
            &AuditEvent::by(actor, "product.updated").subject(&draft.sku).detail(changed.join(", ")),
        )
        .await?;
        let product = product_on(&mut tx, org, id, day).await?;
        tx.commit().await?;
        Ok(product)
    }

    /// Deletes a product, or retires it when quotes use it.
    pub async fn delete_product(&self, actor: &User, id: &str) -> Result<Removal, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let sku: String = sqlx::query_scalar("SELECT sku FROM products WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mut used = false;
        for table in PRODUCT_USERS {
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE organization_id = $1 AND product_id = $2"
            ))
            .bind(org.as_str())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            used |= n > 0;
        }
        let removal = if used {
            sqlx::query(
                "UPDATE products SET active = FALSE, version = version + 1, updated_at = $1
                 WHERE organization_id = $2 AND id = $3",
            )
            .bind(now_ms())
            .bind(org.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            Removal::Deactivated
        } else {
            sqlx::query("DELETE FROM products WHERE organization_id = $1 AND id = $2")
                .bind(org.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Removal::Deleted
        };
        let action = if used { "product.deactivated" } else { "product.deleted" };
        record(&mut tx, &AuditEvent::by(actor, action).subject(&sku)).await?;
        tx.commit().await?;
        Ok(removal)
    }

    /// Points the product at its new photo; returns the keys it had before
    /// (the caller deletes those files once this is saved).
    pub async fn set_product_photo(
        &self,
        actor: &User,
        id: &str,
        photo_key: Option<&str>,
        thumb_key: Option<&str>,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT sku, photo_key, thumb_key FROM products WHERE organization_id = $1 AND id = $2")
            .bind(org.as_str())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let sku: String = row.try_get("sku")?;
        let old = (row.try_get("photo_key")?, row.try_get("thumb_key")?);
        sqlx::query(
            "UPDATE products SET photo_key = $1, thumb_key = $2, version = version + 1, updated_at = $3
             WHERE organization_id = $4 AND id = $5",
        )
        .bind(photo_key)
        .bind(thumb_key)
        .bind(now_ms())
        .bind(org.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let action = if photo_key.is_some() { "product.photo_set" } else { "product.photo_removed" };
        record(&mut tx, &AuditEvent::by(actor, action).subject(&sku)).await?;
        tx.commit().await?;
        Ok(old)
    }
}

/// Ends a write transaction that failed, and returns `err`. The rollback is
/// awaited: a dropped transaction rolls back only later, and until then
/// SQLite's write lock stays taken, so the next transaction that reads then
/// writes fails at once with "database is locked" (SQLite does not wait on
/// `busy_timeout` to turn a read into a write).
pub(crate) async fn abort<T>(tx: Transaction<'_, Any>, err: StoreError) -> Result<T, StoreError> {
    if let Err(e) = tx.rollback().await {
        tracing::warn!(error = %e, "rolling back a failed transaction failed");
    }
    Err(err)
}

pub(crate) async fn product_on(conn: &mut AnyConnection, org: &OrgId, id: &str, day: &str) -> Result<Product, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM products WHERE organization_id = $1 AND id = $2"))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let mut product = product_from_row(&row)?;
    let histories = price_histories(&mut *conn, org, Some(id)).await?;
    set_prices(&mut product, histories.get(id).map(Vec::as_slice).unwrap_or_default(), day);
    Ok(product)
}

pub(crate) fn set_prices(product: &mut Product, history: &[PriceRecord], day: &str) {
    product.price = domain::price_on(history, day).cloned();
    product.next_price =
        domain::next_price_change(history, day).map(|(starts, price)| NextPrice { starts, price: price.cloned() });
}

pub(crate) async fn insert_product(
    conn: &mut AnyConnection,
    org: &OrgId,
    id: &str,
    d: &ProductDraft,
) -> Result<(), StoreError> {
    let now = now_ms();
    let query = sqlx::query(
        "INSERT INTO products (sku, name_es, name_en, description_es, description_en, category_id, product_type, unit,
                               waste_class, verticals, vlt_pct, uv_rejection_pct, tser_pct, thickness_mil, warranty_years,
                               finish, active, sort_order, id, organization_id, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $21)",
    );
    bind_draft(query, d).bind(id).bind(org.as_str()).bind(now).execute(conn).await?;
    Ok(())
}

/// Binds a draft's columns as `$1`…`$18` (sku … sort_order), in the order both statements name them.
fn bind_draft<'q>(query: Query<'q, Any, AnyArguments<'q>>, d: &'q ProductDraft) -> Query<'q, Any, AnyArguments<'q>> {
    let specs = SpecColumns::of(&d.specs);
    query
        .bind(&d.sku)
        .bind(&d.name_es)
        .bind(&d.name_en)
        .bind(&d.description_es)
        .bind(&d.description_en)
        .bind(d.category_id.as_deref())
        .bind(d.product_type.as_str())
        .bind(d.unit.as_str())
        .bind(d.waste_class.as_str())
        .bind(verticals_text(&d.verticals))
        .bind(specs.vlt_pct)
        .bind(specs.uv_rejection_pct)
        .bind(specs.tser_pct)
        .bind(specs.thickness_mil)
        .bind(specs.warranty_years)
        .bind(d.specs.finish.as_deref())
        .bind(d.active)
        .bind(d.sort_order)
}

/// Writes the draft if the stored version is still `expected_version`.
pub(crate) async fn update_row(
    conn: &mut AnyConnection,
    org: &OrgId,
    id: &str,
    expected_version: i64,
    d: &ProductDraft,
) -> Result<bool, StoreError> {
    let query = sqlx::query(
        "UPDATE products SET sku = $1, name_es = $2, name_en = $3, description_es = $4, description_en = $5,
                category_id = $6, product_type = $7, unit = $8, waste_class = $9, verticals = $10, vlt_pct = $11,
                uv_rejection_pct = $12, tser_pct = $13, thickness_mil = $14, warranty_years = $15, finish = $16,
                active = $17, sort_order = $18, version = version + 1, updated_at = $19
         WHERE organization_id = $20 AND id = $21 AND version = $22",
    );
    let done = bind_draft(query, d)
        .bind(now_ms())
        .bind(org.as_str())
        .bind(id)
        .bind(expected_version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A category id must be one of the organisation's (else it is a field error, never a leak).
pub(crate) async fn check_category(conn: &mut AnyConnection, org: &OrgId, id: Option<&str>) -> Result<(), StoreError> {
    let Some(id) = id else { return Ok(()) };
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM categories WHERE organization_id = $1 AND id = $2")
        .bind(org.as_str())
        .bind(id)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or(StoreError::UnknownReference { field: "category_id" })
}

/// The names of the fields that differ, for the audit log.
pub fn changed_fields(before: &ProductDraft, after: &ProductDraft) -> Vec<&'static str> {
    let (b, a) = (before.to_input(), after.to_input());
    let fields: [(&'static str, bool); 18] = [
        ("sku", b.sku != a.sku),
        ("name_es", b.name_es != a.name_es),
        ("name_en", b.name_en != a.name_en),
        ("description_es", b.description_es != a.description_es),
        ("description_en", b.description_en != a.description_en),
        ("category_id", b.category_id != a.category_id),
        ("type", b.product_type != a.product_type),
        ("waste_class", b.waste_class != a.waste_class),
        ("unit", b.unit != a.unit),
        ("verticals", b.verticals != a.verticals),
        ("vlt_pct", b.vlt_pct != a.vlt_pct),
        ("uv_rejection_pct", b.uv_rejection_pct != a.uv_rejection_pct),
        ("tser_pct", b.tser_pct != a.tser_pct),
        ("thickness_mil", b.thickness_mil != a.thickness_mil),
        ("warranty_years", b.warranty_years != a.warranty_years),
        ("finish", b.finish != a.finish),
        ("active", b.active != a.active),
        ("sort_order", b.sort_order != a.sort_order),
    ];
    fields.into_iter().filter(|(_, changed)| *changed).map(|(name, _)| name).collect()
}

struct SpecColumns {
    vlt_pct: Option<String>,
    uv_rejection_pct: Option<String>,
    tser_pct: Option<String>,
    thickness_mil: Option<String>,
    warranty_years: Option<i32>,
}

impl SpecColumns {
    fn of(s: &Specs) -> SpecColumns {
        let text = |d: Option<Decimal>| d.map(|d| d.normalize().to_string());
        SpecColumns {
            vlt_pct: text(s.vlt_pct),
            uv_rejection_pct: text(s.uv_rejection_pct),
            tser_pct: text(s.tser_pct),
            thickness_mil: text(s.thickness_mil),
            warranty_years: s.warranty_years.and_then(|y| i32::try_from(y).ok()),
        }
    }
}

fn verticals_text(verticals: &[Vertical]) -> String {
    verticals.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(",")
}

fn optional_decimal(row: &AnyRow, column: &str) -> Result<Option<Decimal>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| Decimal::from_str_exact(&t).map_err(|e| StoreError::Corrupt(format!("{column} = {t:?}: {e}"))))
        .transpose()
}

pub(crate) fn product_from_row(row: &AnyRow) -> Result<Product, StoreError> {
    let verticals: String = row.try_get("verticals")?;
    let verticals = verticals
        .split(',')
        .filter(|v| !v.is_empty())
        .map(|v| Vertical::from_str(v).map_err(|e| StoreError::Corrupt(format!("verticals: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let warranty: Option<i32> = row.try_get("warranty_years")?;
    Ok(Product {
        id: row.try_get("id")?,
        sku: row.try_get("sku")?,
        name_es: row.try_get("name_es")?,
        name_en: row.try_get("name_en")?,
        description_es: row.try_get("description_es")?,
        description_en: row.try_get("description_en")?,
        category_id: row.try_get("category_id")?,
        product_type: parse(row, "product_type", ProductType::from_str)?,
        unit: parse(row, "unit", Unit::from_str)?,
        waste_class: parse(row, "waste_class", WasteClass::from_str)?,
        verticals,
        specs: Specs {
            vlt_pct: optional_decimal(row, "vlt_pct")?,
            uv_rejection_pct: optional_decimal(row, "uv_rejection_pct")?,
            tser_pct: optional_decimal(row, "tser_pct")?,
            thickness_mil: optional_decimal(row, "thickness_mil")?,
            warranty_years: warranty.and_then(|y| u32::try_from(y).ok()),
            finish: row.try_get("finish")?,
        },
        active: row.try_get::<i32, _>("active")? != 0,
        sort_order: row.try_get("sort_order")?,
        photo_key: row.try_get("photo_key")?,
        thumb_key: row.try_get("thumb_key")?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        price: None,
        next_price: None,
    })
}
