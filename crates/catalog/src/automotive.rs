//! What an organisation sells for cars, as its admins keep it: the size of
//! each glass per body type (over the embedded defaults), the packages it
//! offers, and the legal minimum VLT of the front side windows. Every
//! signed-in user reads; admins write, validated by `domain`, audited by
//! `store`.
use domain::{
    AutomotiveCatalog, AutomotiveOverrides, BodyType, GlassPosition, GlassTemplate, Package, check_glass_template, check_package,
};
use store::User;

use crate::{Catalog, CatalogError, require_admin};

/// The automotive settings page: what is quoted (defaults with the
/// organisation's changes) and which of it is the organisation's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomotiveSettings {
    pub catalog: AutomotiveCatalog,
    pub overrides: AutomotiveOverrides,
}

impl Catalog {
    pub async fn automotive_settings(&self, actor: &User) -> Result<AutomotiveSettings, CatalogError> {
        let overrides = self.db.automotive_overrides(&actor.organization_id).await?;
        Ok(AutomotiveSettings { catalog: AutomotiveCatalog::with_overrides(&overrides), overrides })
    }

    /// Sets the organisation's size of one glass of one body type; the
    /// body type must have that glass (error at `position`).
    pub async fn set_glass_template(&self, actor: &User, template: &GlassTemplate) -> Result<(), CatalogError> {
        require_admin(actor)?;
        if !template.body.has(template.position) {
            return Err(CatalogError::field("position", domain::automotive_messages::NOT_ON_BODY));
        }
        check_glass_template(template).map_err(CatalogError::Invalid)?;
        self.db.set_glass_template(actor, template).await?;
        Ok(())
    }

    /// Back to the default size; `NotFound` when the organisation had not changed it.
    pub async fn reset_glass_template(&self, actor: &User, body: BodyType, position: GlassPosition) -> Result<(), CatalogError> {
        require_admin(actor)?;
        self.db.reset_glass_template(actor, body, position).await?;
        Ok(())
    }

    /// Adds a package, or replaces one of the same code (its own or a
    /// default). A package with no glass hides the default of its code.
    pub async fn save_package(&self, actor: &User, package: &Package) -> Result<(), CatalogError> {
        require_admin(actor)?;
        check_package(package).map_err(CatalogError::Invalid)?;
        self.db.save_package(actor, package).await?;
        Ok(())
    }

    /// Drops the organisation's own package (a default of that code comes back).
    pub async fn delete_package(&self, actor: &User, code: &str) -> Result<(), CatalogError> {
        require_admin(actor)?;
        self.db.delete_package(actor, code).await?;
        Ok(())
    }

    /// The legal minimum VLT (%) of the front side windows, as typed: an
    /// integer from 1 to 100, or empty for none (error at `min_front_vlt`).
    pub async fn set_min_front_vlt(&self, actor: &User, typed: &str) -> Result<Option<u8>, CatalogError> {
        require_admin(actor)?;
        let typed = typed.trim().trim_end_matches('%').trim();
        let minimum = if typed.is_empty() {
            None
        } else {
            match typed.parse::<u8>() {
                Ok(m) if (1..=100).contains(&m) => Some(m),
                _ => return Err(CatalogError::field("min_front_vlt", domain::automotive_messages::VLT_RANGE)),
            }
        };
        self.db.set_min_front_vlt(actor, minimum).await?;
        Ok(minimum)
    }
}
