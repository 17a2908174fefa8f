//! Categories group an organisation's products (security laminate, solar
//! control, decorative, privacy to start with; admins add their own).
use domain::Category;
use sqlx::{AnyConnection, Row};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::user::User;

/// (code, Spanish, English) of the categories every organisation starts with.
pub const DEFAULT_CATEGORIES: &[(&str, &str, &str)] = &[
    ("security", "Laminado de seguridad", "Security laminate"),
    ("solar", "Control solar", "Solar control"),
    ("decorative", "Decorativo", "Decorative"),
    ("privacy", "Privacidad", "Privacy"),
];

impl Db {
    pub async fn categories(&self, org: &OrgId) -> Result<Vec<Category>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, code, name_es, name_en, sort_order FROM categories
             WHERE organization_id = $1 ORDER BY sort_order, code",
        )
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Category {
                    id: r.try_get("id")?,
                    code: r.try_get("code")?,
                    name_es: r.try_get("name_es")?,
                    name_en: r.try_get("name_en")?,
                    sort_order: r.try_get("sort_order")?,
                })
            })
            .collect()
    }

    /// Adds a category after the others; a code the organisation has is `Conflict { field: "code" }`.
    pub async fn create_category(&self, actor: &User, code: &str, name_es: &str, name_en: &str) -> Result<Category, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let last: Option<i32> = sqlx::query_scalar("SELECT MAX(sort_order) FROM categories WHERE organization_id = $1")
            .bind(org.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let category = Category {
            id: uuid::Uuid::new_v4().to_string(),
            code: code.to_owned(),
            name_es: name_es.to_owned(),
            name_en: name_en.to_owned(),
            sort_order: last.unwrap_or(0) + 1,
        };
        if let Err(e) = insert_category(&mut tx, org, &category).await {
            return crate::product::abort(tx, e).await;
        }
        record(&mut tx, &AuditEvent::by(actor, "category.created").subject(code)).await?;
        tx.commit().await?;
        Ok(category)
    }
}

async fn insert_category(conn: &mut AnyConnection, org: &OrgId, c: &Category) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO categories (id, organization_id, code, name_es, name_en, sort_order, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&c.id)
    .bind(org.as_str())
    .bind(&c.code)
    .bind(&c.name_es)
    .bind(&c.name_en)
    .bind(c.sort_order)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives a new organisation the default categories; returns them (code → id).
pub(crate) async fn insert_default_categories(conn: &mut AnyConnection, org: &OrgId) -> Result<Vec<Category>, StoreError> {
    let mut out = Vec::new();
    for (i, (code, es, en)) in DEFAULT_CATEGORIES.iter().enumerate() {
        let c = Category {
            id: uuid::Uuid::new_v4().to_string(),
            code: (*code).to_owned(),
            name_es: (*es).to_owned(),
            name_en: (*en).to_owned(),
            sort_order: i32::try_from(i + 1).unwrap_or(i32::MAX),
        };
        insert_category(conn, org, &c).await?;
        out.push(c);
    }
    Ok(out)
}
