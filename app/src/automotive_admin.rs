//! Server functions of `/app/settings/automotive`: what the organisation
//! sells for cars — the size of each glass per body type, its packages and
//! the legal minimum VLT of front side windows. Everyone signed in reads;
//! admins write (checked by `catalog::Catalog`). Plain forms: they work
//! without JavaScript.
use domain::{AutomotiveCatalog, BodyType, GlassPosition};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{catalog, fail, require_session};

/// The settings page: the catalog as quoted and which parts are the organisation's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutomotiveSettingsView {
    pub catalog: AutomotiveCatalog,
    /// Glass whose size the organisation changed.
    pub own_sizes: Vec<(BodyType, GlassPosition)>,
    /// Package codes the organisation defined or changed.
    pub own_packages: Vec<String>,
    /// Default package codes the organisation hid (an own package with no glass).
    pub hidden_packages: Vec<String>,
    pub can_edit: bool,
}

impl AutomotiveSettingsView {
    pub fn is_own_size(&self, body: BodyType, position: GlassPosition) -> bool {
        self.own_sizes.contains(&(body, position))
    }

    pub fn is_own_package(&self, code: &str) -> bool {
        self.own_packages.iter().any(|c| c == code)
    }

    /// Whether a package of this code ships with Cotiza (deleting the
    /// organisation's own brings the default back).
    pub fn is_default_package(code: &str) -> bool {
        domain::default_packages().iter().any(|p| p.code == code)
    }
}

#[server(endpoint = "automotive_settings")]
pub async fn get_automotive_settings() -> Result<AutomotiveSettingsView, AppError> {
    let session = require_session()?;
    let settings = catalog()?.automotive_settings(&session.user).await.map_err(fail)?;
    let own_packages = settings.overrides.packages.iter().filter(|p| !p.positions.is_empty()).map(|p| p.code.clone()).collect();
    let hidden_packages = settings.overrides.packages.iter().filter(|p| p.positions.is_empty()).map(|p| p.code.clone()).collect();
    Ok(AutomotiveSettingsView {
        catalog: settings.catalog,
        own_sizes: settings.overrides.templates.iter().map(|t| (t.body, t.position)).collect(),
        own_packages,
        hidden_packages,
        can_edit: session.user.role.is_admin(),
    })
}

#[server(endpoint = "set_min_front_vlt")]
pub async fn set_min_front_vlt(#[server(default)] min_front_vlt: String) -> Result<(), AppError> {
    let session = require_session()?;
    catalog()?
        .set_min_front_vlt(&session.user, &min_front_vlt)
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("min_front_vlt", &min_front_vlt)])))?;
    Ok(())
}

/// One glass's size as typed (decimal comma or point); errors at `width_m`, `height_m`.
#[server(endpoint = "set_glass_size")]
pub async fn set_glass_size(body: String, position: String, width_m: String, height_m: String) -> Result<(), AppError> {
    let session = require_session()?;
    // The position too: the page shows a failed save on its own row only.
    let kept = [("width_m", width_m.as_str()), ("height_m", height_m.as_str()), ("position", position.as_str())];
    let mut fields = std::collections::BTreeMap::new();
    let (body_type, glass) = (body.parse::<BodyType>(), position.parse::<GlassPosition>());
    if body_type.is_err() {
        fields.insert("body".to_owned(), domain::messages::CHOICE.to_owned());
    }
    if glass.is_err() {
        fields.insert("position".to_owned(), domain::messages::CHOICE.to_owned());
    }
    let [width, height] = [("width_m", &width_m), ("height_m", &height_m)].map(|(name, text)| {
        let parsed = crate::wizard_form::parse_decimal(text);
        if parsed.is_none() {
            fields.insert(name.to_owned(), domain::product_messages::NUMBER.to_owned());
        }
        parsed
    });
    let (Ok(body_type), Ok(glass), Some(width_m), Some(height_m), true) = (body_type, glass, width, height, fields.is_empty()) else {
        return Err(fail(AppError::Invalid { fields, kept: Default::default() }.keeping(&kept)));
    };
    let template = domain::GlassTemplate { body: body_type, position: glass, width_m, height_m };
    catalog()?.set_glass_template(&session.user, &template).await.map_err(|e| fail(AppError::from(e).keeping(&kept)))?;
    Ok(())
}

#[server(endpoint = "reset_glass_size")]
pub async fn reset_glass_size(body: String, position: String) -> Result<(), AppError> {
    let session = require_session()?;
    let (Ok(body), Ok(position)) = (body.parse::<BodyType>(), position.parse::<GlassPosition>()) else {
        return Err(fail(AppError::NotFound));
    };
    catalog()?.reset_glass_template(&session.user, body, position).await.map_err(fail)?;
    Ok(())
}

/// A package: `positions[i]` are the checked glass (any indices; a plain
/// form posts only the checked boxes).
#[server(endpoint = "save_package")]
pub async fn save_package(
    code: String,
    name_es: String,
    #[server(default)] name_en: String,
    #[server(default)] positions: Vec<String>,
) -> Result<(), AppError> {
    let session = require_session()?;
    // What was typed and ticked comes back with an error (`positions.{glass}`: ticked).
    let ticked: Vec<String> = positions.iter().map(|p| format!("positions.{p}")).collect();
    let mut kept = vec![("code", code.as_str()), ("name_es", name_es.as_str()), ("name_en", name_en.as_str())];
    kept.extend(ticked.iter().map(|key| (key.as_str(), "on")));
    let parsed: Result<Vec<GlassPosition>, _> = positions.iter().map(|p| p.parse::<GlassPosition>()).collect();
    let Ok(parsed) = parsed else {
        let fields = [("positions".to_owned(), domain::messages::CHOICE.to_owned())].into();
        return Err(fail(AppError::Invalid { fields, kept: Default::default() }.keeping(&kept)));
    };
    // Kept in the order glass is listed everywhere, whatever the form's order.
    let positions = GlassPosition::ALL.into_iter().filter(|p| parsed.contains(p)).collect();
    let package = domain::Package { code: code.trim().to_owned(), name_es: name_es.clone(), name_en: name_en.clone(), positions };
    catalog()?.save_package(&session.user, &package).await.map_err(|e| fail(AppError::from(e).keeping(&kept)))?;
    Ok(())
}

/// Deletes the organisation's own package of this code.
#[server(endpoint = "delete_package")]
pub async fn delete_package(code: String) -> Result<(), AppError> {
    let session = require_session()?;
    catalog()?.delete_package(&session.user, &code).await.map_err(fail)?;
    Ok(())
}

/// Hides a default package from the wizard and the API (an own package
/// of its code with no glass); deleting that brings it back.
#[server(endpoint = "hide_package")]
pub async fn hide_package(code: String) -> Result<(), AppError> {
    let session = require_session()?;
    let Some(default) = domain::default_packages().into_iter().find(|p| p.code == code) else {
        return Err(fail(AppError::NotFound));
    };
    let hidden = domain::Package { positions: Vec::new(), ..default };
    catalog()?.save_package(&session.user, &hidden).await.map_err(fail)?;
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::SavePackage;

    /// What a browser posts for the package form: only the checked boxes,
    /// brackets percent-encoded, read as the server function reads it.
    fn posted(body: &str) -> SavePackage {
        serde_qs::Config::new(5, false).deserialize_str(body).expect("the form parses")
    }

    #[test]
    fn a_plain_form_posts_the_checked_glass_in_order() {
        let form = posted("code=front_two&name_es=Delanteras&name_en=&positions%5B2%5D=front_left&positions%5B3%5D=front_right&positions%5B8%5D=rear_windshield");
        assert_eq!(form.code, "front_two");
        assert_eq!(form.positions, ["front_left", "front_right", "rear_windshield"]);
        let none = posted("code=hide_me&name_es=Oculto");
        assert!(none.positions.is_empty(), "no box checked: a package with no glass");
    }
}
