//! Organisation settings, the user's own language and the audit log.
use domain::Currency;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{accounts, fail, require_session, visitor};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgSettingsView {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub currency: Currency,
    pub tax_rate: Decimal,
    pub language: String,
    pub phone: String,
    pub contact_email: String,
    pub validity_days: i64,
    /// The videos' colour, `#rrggbb`; empty: Cotiza's ([`domain::DEFAULT_BRAND_COLOR`]).
    pub brand_color: String,
    /// Where the organisation's logo is served, if it has one.
    pub logo_url: Option<String>,
    /// The public wizard's address, to see the brand as customers do.
    pub public_path: String,
    /// The signed-in user's own language (`None`: the browser's).
    pub my_language: Option<String>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub actor_email: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub created_at: i64,
}

#[server(endpoint = "settings")]
pub async fn get_settings() -> Result<OrgSettingsView, AppError> {
    let session = require_session()?;
    let org = &session.org;
    Ok(OrgSettingsView {
        slug: org.slug.clone(),
        name: org.name.clone(),
        country: org.country.clone(),
        currency: org.currency,
        tax_rate: org.tax_rate,
        language: org.default_language.clone(),
        phone: org.phone.clone(),
        contact_email: org.contact_email.clone(),
        validity_days: org.quote_validity_days,
        brand_color: org.brand_color.clone().unwrap_or_default(),
        logo_url: org.logo_key.as_deref().map(crate::catalog::media_url),
        public_path: format!("/q/{}", org.slug),
        my_language: session.user.language.clone(),
        can_edit: session.user.role.is_admin(),
    })
}

#[server(endpoint = "update_settings")]
pub async fn update_settings(
    name: String,
    country: String,
    currency: String,
    tax_rate: String,
    language: String,
    #[server(default)] phone: String,
    #[server(default)] contact_email: String,
    #[server(default)] validity_days: String,
    #[server(default)] brand_color: String,
) -> Result<(), AppError> {
    let session = require_session()?;
    let form = accounts::SettingsForm { name, country, currency, tax_rate, language, phone, contact_email, validity_days, brand_color };
    accounts()?
        .update_settings(&session.user, &form, visitor().ip.as_deref())
        .await
        .map_err(|e| {
            fail(AppError::from(e).keeping(&[
                ("name", &form.name),
                ("country", &form.country),
                ("currency", &form.currency),
                ("tax_rate", &form.tax_rate),
                ("language", &form.language),
                ("phone", &form.phone),
                ("contact_email", &form.contact_email),
                ("validity_days", &form.validity_days),
                ("brand_color", &form.brand_color),
            ]))
        })?;
    Ok(())
}

/// Removes the organisation's logo (admins; uploading is the multipart
/// form at `/app/settings/logo`, `server/src/logo_upload.rs`).
#[server(endpoint = "remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    let session = require_session()?;
    crate::session::catalog()?.remove_logo(&session.user).await.map_err(fail)?;
    Ok(())
}

/// The signed-in user's language: `es`, `en`, or empty for the browser's.
#[server(endpoint = "set_my_language")]
pub async fn set_my_language(language: String) -> Result<(), AppError> {
    let session = require_session()?;
    accounts()?.set_language(&session.user, &language).await.map_err(fail)
}

#[server(endpoint = "audit_log")]
pub async fn get_audit_log() -> Result<Vec<AuditRow>, AppError> {
    let session = require_session()?;
    let entries = accounts()?.audit_log(&session.user, 200, None).await.map_err(fail)?;
    Ok(entries
        .into_iter()
        .map(|e| AuditRow {
            actor_email: e.actor_email,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
            ip: e.ip,
            created_at: e.created_at,
        })
        .collect())
}
