use std::str::FromStr;

use domain::Currency;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_ms;
use crate::db::Db;
use crate::audit::{AuditEvent, record};
use crate::error::StoreError;
use crate::user::User;

/// The tenant key. It has no public constructor: it comes only out of this
/// crate's lookups (a public slug, later a session or an API key), so every
/// tenant-scoped query is handed one that really exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrgId(String);

impl OrgId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id this crate has just created or read.
    pub(crate) fn known(id: String) -> OrgId {
        OrgId(id)
    }

    pub(crate) fn from_row(row: &AnyRow, column: &str) -> Result<OrgId, StoreError> {
        Ok(OrgId(row.try_get(column)?))
    }
}

impl std::fmt::Display for OrgId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub id: OrgId,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub default_language: String,
    /// How customers reach the business (shown on quotes); may be empty.
    pub phone: String,
    pub contact_email: String,
    /// Days a sent quote stays valid.
    pub quote_validity_days: i64,
    /// `#rrggbb` on its videos; `None` uses Cotiza's colour.
    pub brand_color: Option<String>,
    /// Its logo as uploaded (served at `/media/{key}`) and a small JPEG of it
    /// for PDFs; both `None` without a logo.
    pub logo_key: Option<String>,
    pub logo_jpeg_key: Option<String>,
    pub created_at: i64,
}

/// What an admin may change of their organisation.
#[derive(Debug, Clone)]
pub struct OrgSettings {
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub default_language: String,
    pub phone: String,
    pub contact_email: String,
    pub quote_validity_days: i64,
    /// `#rrggbb` on its videos; `None` uses Cotiza's colour.
    pub brand_color: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub default_language: String,
}

const COLUMNS: &str = "id, slug, name, country, currency, tax_rate, default_language, phone, contact_email, quote_validity_days, brand_color, logo_key, logo_jpeg_key, created_at";

impl Db {
    /// Public lookup of an organisation by its slug (the wizard's and the calculate API's door in).
    pub async fn org_by_slug(&self, slug: &str) -> Result<Option<Organization>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM organizations WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(org_from_row).transpose()
    }

    pub async fn org(&self, id: &OrgId) -> Result<Organization, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM organizations WHERE id = $1"))
            .bind(id.as_str())
            .fetch_one(self.pool())
            .await?;
        org_from_row(&row)
    }

    /// Creates an organisation; a taken slug is `Conflict { field: "slug" }`.
    pub async fn create_org(&self, new: &NewOrganization) -> Result<Organization, StoreError> {
        let mut conn = self.pool().acquire().await?;
        insert_org(&mut conn, new).await
    }

    /// Changes the organisation's settings (not its slug), audited.
    pub async fn update_org_settings(
        &self,
        actor: &User,
        settings: &OrgSettings,
        ip: Option<&str>,
    ) -> Result<Organization, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE organizations SET name = $1, country = $2, currency = $3, tax_rate = $4, default_language = $5, updated_at = $6,
             phone = $8, contact_email = $9, quote_validity_days = $10, brand_color = $11
             WHERE id = $7 RETURNING {COLUMNS}"
        ))
        .bind(&settings.name)
        .bind(&settings.country)
        .bind(settings.currency.code())
        .bind(settings.tax_rate.normalize().to_string())
        .bind(&settings.default_language)
        .bind(now_ms())
        .bind(org.as_str())
        .bind(&settings.phone)
        .bind(&settings.contact_email)
        .bind(settings.quote_validity_days)
        .bind(settings.brand_color.as_deref())
        .fetch_one(&mut *tx)
        .await?;
        let updated = org_from_row(&row)?;
        record(
            &mut tx,
            &AuditEvent::by(actor, "org.settings_changed").detail(format!(
                "name={} country={} currency={} tax_rate={} language={} phone={} email={} validity_days={} brand_color={}",
                updated.name, updated.country, updated.currency.code(), updated.tax_rate, updated.default_language,
                updated.phone, updated.contact_email, updated.quote_validity_days, updated.brand_color.as_deref().unwrap_or("")
            )).ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Sets (or with `None`, removes) the organisation's logo, audited; the
    /// keys it replaces, for their files to be deleted.
    pub async fn set_org_logo(
        &self,
        actor: &User,
        keys: Option<(&str, &str)>,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT logo_key, logo_jpeg_key FROM organizations WHERE id = $1")
            .bind(org.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let old = (row.try_get("logo_key")?, row.try_get("logo_jpeg_key")?);
        sqlx::query("UPDATE organizations SET logo_key = $1, logo_jpeg_key = $2, updated_at = $3 WHERE id = $4")
            .bind(keys.map(|(logo, _)| logo))
            .bind(keys.map(|(_, jpeg)| jpeg))
            .bind(now_ms())
            .bind(org.as_str())
            .execute(&mut *tx)
            .await?;
        let action = if keys.is_some() { "org.logo_set" } else { "org.logo_removed" };
        record(&mut tx, &AuditEvent::by(actor, action)).await?;
        tx.commit().await?;
        Ok(old)
    }
}

pub(crate) async fn insert_org(conn: &mut AnyConnection, new: &NewOrganization) -> Result<Organization, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_ms();
    let row = sqlx::query(&format!(
        "INSERT INTO organizations (id, slug, name, country, currency, tax_rate, default_language, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    ))
    .bind(&id)
    .bind(&new.slug)
    .bind(&new.name)
    .bind(&new.country)
    .bind(new.currency.code())
    .bind(new.tax_rate.normalize().to_string())
    .bind(&new.default_language)
    .bind(now)
    .fetch_one(conn)
    .await?;
    org_from_row(&row)
}

fn org_from_row(row: &AnyRow) -> Result<Organization, StoreError> {
    Ok(Organization {
        id: OrgId(row.try_get("id")?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        country: row.try_get("country")?,
        currency: parse(row, "currency", Currency::from_str)?,
        tax_rate: parse(row, "tax_rate", Decimal::from_str_exact)?,
        default_language: row.try_get("default_language")?,
        phone: row.try_get("phone")?,
        contact_email: row.try_get("contact_email")?,
        quote_validity_days: row.try_get("quote_validity_days")?,
        brand_color: row.try_get("brand_color")?,
        logo_key: row.try_get("logo_key")?,
        logo_jpeg_key: row.try_get("logo_jpeg_key")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Reads a TEXT column and parses it, naming the column when the stored text is bad.
pub(crate) fn parse<T, E: std::fmt::Display>(
    row: &AnyRow,
    column: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    parse(&text).map_err(|e| StoreError::Corrupt(format!("{column} = {text:?}: {e}")))
}
