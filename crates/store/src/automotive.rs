//! What an organisation changes of the automotive defaults: glass sizes
//! (`org_glass_templates`), packages (`org_packages`) and the legal minimum
//! VLT of front side windows (`organizations.min_front_vlt`). The defaults
//! themselves are data of `domain`; [`domain::AutomotiveCatalog`] merges.
use std::str::FromStr;

use domain::{AutomotiveOverrides, BodyType, GlassPosition, GlassTemplate, Package};
use rust_decimal::Decimal;
use sqlx::Row;

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::user::User;

impl Db {
    /// The organisation's changes, sizes by body and glass, packages by code.
    pub async fn automotive_overrides(&self, org: &OrgId) -> Result<AutomotiveOverrides, StoreError> {
        let rows = sqlx::query(
            "SELECT body_type, position, width_m, height_m FROM org_glass_templates
             WHERE organization_id = $1 ORDER BY body_type, position",
        )
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        let mut templates = Vec::with_capacity(rows.len());
        for row in rows {
            let corrupt = |what: &str| StoreError::Corrupt(format!("org_glass_templates.{what}"));
            templates.push(GlassTemplate {
                body: BodyType::from_str(&row.try_get::<String, _>("body_type")?).map_err(|_| corrupt("body_type"))?,
                position: GlassPosition::from_str(&row.try_get::<String, _>("position")?).map_err(|_| corrupt("position"))?,
                width_m: Decimal::from_str(&row.try_get::<String, _>("width_m")?).map_err(|_| corrupt("width_m"))?,
                height_m: Decimal::from_str(&row.try_get::<String, _>("height_m")?).map_err(|_| corrupt("height_m"))?,
            });
        }
        let rows = sqlx::query("SELECT code, name_es, name_en, positions FROM org_packages WHERE organization_id = $1 ORDER BY code")
            .bind(org.as_str())
            .fetch_all(self.pool())
            .await?;
        let mut packages = Vec::with_capacity(rows.len());
        for row in rows {
            let positions: String = row.try_get("positions")?;
            let positions = positions
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| GlassPosition::from_str(p).map_err(|_| StoreError::Corrupt("org_packages.positions".into())))
                .collect::<Result<Vec<_>, _>>()?;
            packages.push(Package { code: row.try_get("code")?, name_es: row.try_get("name_es")?, name_en: row.try_get("name_en")?, positions });
        }
        let min: Option<i64> = sqlx::query("SELECT min_front_vlt FROM organizations WHERE id = $1")
            .bind(org.as_str())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?
            .try_get("min_front_vlt")?;
        Ok(AutomotiveOverrides { templates, packages, min_front_vlt: min.and_then(|m| u8::try_from(m).ok()) })
    }

    /// Sets the organisation's size of one glass (checked by the caller), audited.
    pub async fn set_glass_template(&self, actor: &User, template: &GlassTemplate) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO org_glass_templates (organization_id, body_type, position, width_m, height_m, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (organization_id, body_type, position) DO UPDATE SET width_m = $4, height_m = $5, updated_at = $6",
        )
        .bind(org.as_str())
        .bind(template.body.as_str())
        .bind(template.position.as_str())
        .bind(template.width_m.normalize().to_string())
        .bind(template.height_m.normalize().to_string())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let subject = format!("{}/{}", template.body, template.position);
        let detail = format!("{} x {} m", template.width_m.normalize(), template.height_m.normalize());
        record(&mut tx, &AuditEvent::by(actor, "automotive.glass_size_set").subject(&subject).detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Back to the default size of one glass; `NotFound` when it had none of its own.
    pub async fn reset_glass_template(&self, actor: &User, body: BodyType, position: GlassPosition) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM org_glass_templates WHERE organization_id = $1 AND body_type = $2 AND position = $3")
            .bind(org.as_str())
            .bind(body.as_str())
            .bind(position.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        record(&mut tx, &AuditEvent::by(actor, "automotive.glass_size_reset").subject(&format!("{body}/{position}"))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves a package of the organisation (new, or replacing its own or a
    /// default of the same code), audited.
    pub async fn save_package(&self, actor: &User, package: &Package) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let positions: Vec<&str> = package.positions.iter().map(|p| p.as_str()).collect();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO org_packages (organization_id, code, name_es, name_en, positions, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (organization_id, code) DO UPDATE SET name_es = $3, name_en = $4, positions = $5, updated_at = $6",
        )
        .bind(org.as_str())
        .bind(&package.code)
        .bind(package.name_es.trim())
        .bind(package.name_en.trim())
        .bind(positions.join(","))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        record(&mut tx, &AuditEvent::by(actor, "automotive.package_saved").subject(&package.code).detail(positions.join(","))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Drops the organisation's own package (a default of that code comes
    /// back); `NotFound` when it had none.
    pub async fn delete_package(&self, actor: &User, code: &str) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM org_packages WHERE organization_id = $1 AND code = $2")
            .bind(org.as_str())
            .bind(code)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        record(&mut tx, &AuditEvent::by(actor, "automotive.package_deleted").subject(code)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets (1–100, checked by the caller) or clears the legal minimum VLT of front side windows.
    pub async fn set_min_front_vlt(&self, actor: &User, minimum: Option<u8>) -> Result<(), StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE organizations SET min_front_vlt = $1 WHERE id = $2")
            .bind(minimum.map(i64::from))
            .bind(org.as_str())
            .execute(&mut *tx)
            .await?;
        let detail = minimum.map_or_else(|| "none".to_owned(), |m| format!("{m}%"));
        record(&mut tx, &AuditEvent::by(actor, "automotive.min_front_vlt_set").detail(detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
