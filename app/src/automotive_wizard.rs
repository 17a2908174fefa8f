//! Server functions of the automotive wizard (`/q/{slug}/auto`): what it
//! prices with — the organisation's films offered for cars and its
//! automotive catalog (glass sizes, packages, legal minimum VLT) — and the
//! submit. No login.
use domain::{AutomotiveCatalog, AutomotiveQuoteRequest, film_vlt};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogProduct, PublicCatalog};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes};

/// Everything the wizard prices with, in the browser as on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutomotiveWizardCatalog {
    /// Only the films offered for automotive, with their price of the day.
    pub catalog: PublicCatalog,
    /// Default glass sizes and packages with the organisation's own, and
    /// its legal minimum VLT for front side windows.
    pub automotive: AutomotiveCatalog,
}

impl AutomotiveWizardCatalog {
    pub fn film(&self, sku: &str) -> Option<&CatalogProduct> {
        self.catalog.products.iter().find(|p| p.sku == sku)
    }

    /// A film's VLT as the tint warnings read it (whole %, rounded down).
    pub fn film_vlt(&self, sku: &str) -> Option<u8> {
        self.film(sku).and_then(|p| film_vlt(&p.specs))
    }

    /// The film a glass starts with: the one that lets most light through
    /// (legal on any glass), else the first.
    pub fn default_film(&self) -> &str {
        let products = &self.catalog.products;
        products
            .iter()
            .filter_map(|p| film_vlt(&p.specs).map(|vlt| (vlt, p)))
            .max_by_key(|(vlt, _)| *vlt)
            .map(|(_, p)| p)
            .or_else(|| products.first())
            .map_or("", |p| p.sku.as_str())
    }

    /// The year of the catalog's day (the server's today), for the model-year check.
    pub fn current_year(&self) -> i32 {
        self.catalog.day.get(..4).and_then(|y| y.parse().ok()).unwrap_or(i32::MAX - 1)
    }
}

/// The wizard's data for organisation `slug` on `day` (today when `None`
/// or not a day); `None` when there is no such organisation.
#[server(endpoint = "automotive_wizard_data")]
pub async fn automotive_wizard_data(slug: String, day: Option<String>) -> Result<Option<AutomotiveWizardCatalog>, AppError> {
    let db = use_context::<store::Db>().ok_or_else(|| {
        tracing::error!("no database in the server function's context");
        AppError::Internal
    })?;
    load(&db, &quotes()?, &slug, day.as_deref()).await
}

/// The wizard's data of organisation `slug` on `day` (today when `None`):
/// the public wizard's and the staff editor's.
#[cfg(feature = "ssr")]
pub async fn load(db: &store::Db, quotes: &quotes::Quotes, slug: &str, day: Option<&str>) -> Result<Option<AutomotiveWizardCatalog>, AppError> {
    let failed = |e: store::StoreError| {
        tracing::error!(error = %e, %slug, "loading the automotive wizard failed");
        AppError::Internal
    };
    let Some(org) = db.org_by_slug(slug).await.map_err(failed)? else { return Ok(None) };
    let Some(catalog) = crate::catalog::load(db, slug, day, Some(domain::Vertical::Automotive)).await.map_err(failed)? else {
        return Ok(None);
    };
    let automotive = quotes.automotive_catalog(&org.id).await.map_err(fail)?;
    Ok(Some(AutomotiveWizardCatalog { catalog, automotive }))
}

/// The automotive submit from the browser (JSON, no page reload): the new
/// quote's public token, or every problem by the request's path
/// (`vehicle.vin`, `items[0].sku`, `contact.phone`; the page puts them back
/// on its fields with [`crate::automotive_form::AutomotiveForm::form_errors`]).
#[server(endpoint = "submit_automotive_quote", input = leptos::server_fn::codec::Json)]
pub async fn submit_automotive_quote(slug: String, request: AutomotiveQuoteRequest) -> Result<String, AppError> {
    let ip = crate::session::visitor().ip;
    let view = quotes()?
        .submit_automotive(&slug, &request, ip.as_deref())
        .await
        .map_err(|e| fail(crate::quote_public::wizard_error(e)))?;
    Ok(view.token)
}
