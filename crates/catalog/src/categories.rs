use domain::{Category, FieldErrors, product_messages};
use store::User;

use crate::{Catalog, CatalogError, require_admin};

impl Catalog {
    pub async fn categories(&self, actor: &User) -> Result<Vec<Category>, CatalogError> {
        Ok(self.db.categories(&actor.organization_id).await?)
    }

    /// Adds a category (admins). `code` is its short stable name: `films-3m`.
    pub async fn create_category(&self, actor: &User, code: &str, name_es: &str, name_en: &str) -> Result<Category, CatalogError> {
        require_admin(actor)?;
        let mut e = FieldErrors::new();
        let code = code.trim().to_lowercase();
        let valid = (2..=30).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            e.add("code", product_messages::CODE);
        }
        let name_es = domain::check_name("name_es", name_es, &mut e);
        let name_en = name_en.trim();
        if name_en.chars().count() > domain::MAX_NAME_CHARS {
            e.add("name_en", domain::messages::TOO_LONG);
        }
        e.into_result(()).map_err(CatalogError::Invalid)?;
        let name_en = if name_en.is_empty() { name_es.as_str() } else { name_en };
        Ok(self.db.create_category(actor, &code, &name_es, name_en).await?)
    }
}
