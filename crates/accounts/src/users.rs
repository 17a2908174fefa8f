use domain::{FieldErrors, Role, check_country, check_name};
use serde::{Deserialize, Serialize};
use store::{AuditEntry, OrgSettings, Organization, User};

use crate::error::AccountsError;
use crate::signup::{check_currency, check_language, check_tax_rate};
use crate::{Accounts, require_admin};

/// The organisation settings form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub country: String,
    pub currency: String,
    pub tax_rate: String,
    pub language: String,
    /// Shown on quotes; empty, or international format (`+56 2 2345 6789`).
    pub phone: String,
    pub contact_email: String,
    /// Days a sent quote stays valid, 1 to 365; empty keeps 15.
    pub validity_days: String,
    /// The videos' colour, `#rrggbb`; empty uses Cotiza's.
    pub brand_color: String,
}

impl Accounts {
    /// Users of the actor's organisation (any role may see who is on the team).
    pub async fn users(&self, actor: &User) -> Result<Vec<User>, AccountsError> {
        Ok(self.db.users(&actor.organization_id).await?)
    }

    pub async fn set_role(&self, actor: &User, user_id: &str, role: &str, ip: Option<&str>) -> Result<User, AccountsError> {
        require_admin(actor)?;
        let role = role.parse::<Role>().map_err(|_| AccountsError::field("role", domain::messages::CHOICE))?;
        Ok(self.db.set_user_role(actor, user_id, role, ip).await?)
    }

    pub async fn set_disabled(&self, actor: &User, user_id: &str, disabled: bool, ip: Option<&str>) -> Result<User, AccountsError> {
        require_admin(actor)?;
        if disabled && actor.id == user_id {
            return Err(AccountsError::field("user", "you cannot disable yourself"));
        }
        Ok(self.db.set_user_disabled(actor, user_id, disabled, ip).await?)
    }

    /// A user's own language; empty follows the browser.
    pub async fn set_language(&self, actor: &User, language: &str) -> Result<(), AccountsError> {
        let language = match language.trim() {
            "" => None,
            l @ ("es" | "en") => Some(l),
            _ => return Err(AccountsError::field("language", domain::messages::CHOICE)),
        };
        Ok(self.db.set_user_language(actor, language).await?)
    }

    pub async fn update_settings(&self, actor: &User, form: &SettingsForm, ip: Option<&str>) -> Result<Organization, AccountsError> {
        require_admin(actor)?;
        let mut errors = FieldErrors::new();
        let settings = OrgSettings {
            name: check_name("name", &form.name, &mut errors),
            country: check_country(&form.country, &mut errors),
            currency: check_currency(&form.currency, &mut errors),
            tax_rate: check_tax_rate(&form.tax_rate, &mut errors),
            default_language: check_language("language", &form.language, &mut errors),
            phone: check_optional_phone(&form.phone, &mut errors),
            contact_email: check_optional_email(&form.contact_email, &mut errors),
            quote_validity_days: check_validity_days(&form.validity_days, &mut errors),
            brand_color: check_brand_color(&form.brand_color, &mut errors),
        };
        errors.into_result(()).map_err(AccountsError::Invalid)?;
        Ok(self.db.update_org_settings(actor, &settings, ip).await?)
    }

    /// The audit log, newest first (admins only).
    pub async fn audit_log(&self, actor: &User, limit: i64, before: Option<i64>) -> Result<Vec<AuditEntry>, AccountsError> {
        require_admin(actor)?;
        Ok(self.db.audit_events(&actor.organization_id, limit.clamp(1, 500), before).await?)
    }
}

fn check_optional_phone(value: &str, errors: &mut FieldErrors) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    domain::normalize_phone(value).unwrap_or_else(|| {
        errors.add("phone", domain::quote_messages::PHONE);
        String::new()
    })
}

fn check_optional_email(value: &str, errors: &mut FieldErrors) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    domain::normalize_email(value).unwrap_or_else(|message| {
        errors.add("contact_email", message);
        String::new()
    })
}

/// Whole days between 1 and 365; empty means the default (15).
fn check_validity_days(value: &str, errors: &mut FieldErrors) -> i64 {
    let value = value.trim();
    if value.is_empty() {
        return domain::DEFAULT_VALIDITY_DAYS;
    }
    match value.parse::<i64>() {
        Ok(days) if (1..=365).contains(&days) => days,
        _ => {
            errors.add("validity_days", "must be a whole number of days between 1 and 365");
            domain::DEFAULT_VALIDITY_DAYS
        }
    }
}

/// `#rrggbb` (written lowercase, with its `#`); empty means Cotiza's colour.
fn check_brand_color(value: &str, errors: &mut FieldErrors) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match domain::parse_hex_color(value) {
        Some([r, g, b]) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
        None => {
            errors.add("brand_color", domain::org_messages::COLOUR);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_colours_are_empty_or_six_hex_digits() {
        let mut errors = FieldErrors::new();
        assert_eq!(check_brand_color("", &mut errors), None);
        assert_eq!(check_brand_color(" #0F766E ", &mut errors), Some("#0f766e".to_owned()));
        assert_eq!(check_brand_color("ff8800", &mut errors), Some("#ff8800".to_owned()));
        assert!(errors.into_result(()).is_ok());
        let mut errors = FieldErrors::new();
        assert_eq!(check_brand_color("red", &mut errors), None);
        assert!(errors.into_result(()).is_err_and(|e| e.0.contains_key("brand_color")));
    }
}
