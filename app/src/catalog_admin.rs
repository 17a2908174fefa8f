//! The catalog pages' server functions: products, prices, categories, bulk
//! changes and CSV import. Admins write; every signed-in user reads.
use domain::{Category, Currency, ImportPreview, PriceRecord, Product};
#[cfg(feature = "ssr")]
use domain::{NumberSource, PriceInput, ProductInput, Vertical};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{catalog, fail, require_session};

/// The catalog list page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub products: Vec<Product>,
    pub categories: Vec<Category>,
    pub currency: Currency,
    pub can_edit: bool,
    pub today: String,
}

/// One product's page: its fields, its price history, what it can be put in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub product: Product,
    pub history: Vec<PriceRecord>,
    pub categories: Vec<Category>,
    pub currency: Currency,
    pub can_edit: bool,
    pub today: String,
}

/// What the new-product form needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProductPage {
    pub categories: Vec<Category>,
    pub currency: Currency,
    pub today: String,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub prices: usize,
}

#[server(endpoint = "catalog")]
pub async fn get_catalog(
    q: Option<String>,
    category: Option<String>,
    vertical: Option<String>,
    inactive: Option<bool>,
) -> Result<CatalogPage, AppError> {
    let session = require_session()?;
    let catalog = catalog()?;
    let filter = catalog::ProductFilter {
        q: q.unwrap_or_default(),
        category_id: category.unwrap_or_default(),
        vertical: vertical.and_then(|v| v.parse::<Vertical>().ok()),
        include_inactive: inactive.unwrap_or(false),
    };
    let products = catalog.products(&session.user, &filter).await.map_err(fail)?;
    let categories = catalog.categories(&session.user).await.map_err(fail)?;
    Ok(CatalogPage {
        products,
        categories,
        currency: session.org.currency,
        can_edit: session.user.role.is_admin(),
        today: catalog::today(),
    })
}

#[server(endpoint = "catalog_product")]
pub async fn get_product_page(id: String) -> Result<ProductPage, AppError> {
    let session = require_session()?;
    let catalog = catalog()?;
    let product = catalog.product(&session.user, &id).await.map_err(fail)?;
    let history = catalog.price_history(&session.user, &id).await.map_err(fail)?;
    let categories = catalog.categories(&session.user).await.map_err(fail)?;
    Ok(ProductPage {
        product,
        history,
        categories,
        currency: session.org.currency,
        can_edit: session.user.role.is_admin(),
        today: catalog::today(),
    })
}

#[server(endpoint = "catalog_new_product")]
pub async fn get_new_product_page() -> Result<NewProductPage, AppError> {
    let session = require_session()?;
    if !session.user.role.is_admin() {
        return Err(fail(AppError::Forbidden));
    }
    let categories = catalog()?.categories(&session.user).await.map_err(fail)?;
    Ok(NewProductPage { categories, currency: session.org.currency, today: catalog::today() })
}

/// The product form's fields, flat so a plain HTML form posts them as is
/// (checkboxes send "on" or nothing).
#[allow(clippy::too_many_arguments)]
#[cfg(feature = "ssr")]
fn product_input(
    sku: String,
    name_es: String,
    name_en: Option<String>,
    description_es: Option<String>,
    description_en: Option<String>,
    category_id: Option<String>,
    product_type: String,
    waste_class: Option<String>,
    unit: String,
    verticals: [(Vertical, Option<String>); 4],
    specs: [Option<String>; 6],
    active: Option<String>,
    sort_order: Option<String>,
) -> ProductInput {
    let [vlt_pct, uv_rejection_pct, tser_pct, thickness_mil, warranty_years, finish] = specs.map(Option::unwrap_or_default);
    ProductInput {
        sku,
        name_es,
        name_en: name_en.unwrap_or_default(),
        description_es: description_es.unwrap_or_default(),
        description_en: description_en.unwrap_or_default(),
        category_id: category_id.unwrap_or_default(),
        product_type,
        waste_class: waste_class.unwrap_or_default(),
        unit,
        verticals: verticals.into_iter().filter(|(_, on)| on.is_some()).map(|(v, _)| v.as_str().to_owned()).collect(),
        vlt_pct,
        uv_rejection_pct,
        tser_pct,
        thickness_mil,
        warranty_years,
        finish,
        active: active.is_some(),
        sort_order: sort_order.unwrap_or_default(),
    }
}

/// How a form's amounts were typed: in the language the page posted in
/// `lang`, else the signed-in user's, else the browser's (as `use_lang`).
#[cfg(feature = "ssr")]
fn typed_in(lang: Option<String>) -> NumberSource {
    use crate::i18n::Lang;
    let lang = lang.as_deref().and_then(Lang::from_code).unwrap_or_else(crate::i18n::visitor_lang);
    NumberSource::Page { spanish: lang == Lang::Es }
}

/// The typed values a failed form keeps (so nothing typed is lost).
#[cfg(feature = "ssr")]
fn kept(input: &ProductInput, price: Option<&PriceInput>) -> Vec<(String, String)> {
    let mut out = vec![
        ("sku".to_owned(), input.sku.clone()),
        ("name_es".to_owned(), input.name_es.clone()),
        ("name_en".to_owned(), input.name_en.clone()),
        ("description_es".to_owned(), input.description_es.clone()),
        ("description_en".to_owned(), input.description_en.clone()),
        ("category_id".to_owned(), input.category_id.clone()),
        ("product_type".to_owned(), input.product_type.clone()),
        ("waste_class".to_owned(), input.waste_class.clone()),
        ("unit".to_owned(), input.unit.clone()),
        ("vlt_pct".to_owned(), input.vlt_pct.clone()),
        ("uv_rejection_pct".to_owned(), input.uv_rejection_pct.clone()),
        ("tser_pct".to_owned(), input.tser_pct.clone()),
        ("thickness_mil".to_owned(), input.thickness_mil.clone()),
        ("warranty_years".to_owned(), input.warranty_years.clone()),
        ("finish".to_owned(), input.finish.clone()),
        ("sort_order".to_owned(), input.sort_order.clone()),
    ];
    if let Some(p) = price {
        out.extend([
            ("material_price".to_owned(), p.material_price.clone()),
            ("installation_price".to_owned(), p.installation_price.clone()),
            ("valid_from".to_owned(), p.valid_from.clone()),
            ("valid_until".to_owned(), p.valid_until.clone()),
        ]);
    }
    out
}

/// The form calls the product type `product_type` (`type` in the API).
#[cfg(feature = "ssr")]
fn keep(mut err: AppError, values: Vec<(String, String)>) -> AppError {
    if let AppError::Invalid { fields, .. } = &mut err {
        if let Some(m) = fields.remove("type") {
            fields.insert("product_type".to_owned(), m);
        }
    }
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    err.keeping(&pairs)
}

/// Creates a product with its first price; then goes to its page.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "create_product")]
pub async fn create_product(
    sku: String,
    name_es: String,
    name_en: Option<String>,
    description_es: Option<String>,
    description_en: Option<String>,
    category_id: Option<String>,
    product_type: String,
    waste_class: Option<String>,
    unit: String,
    residential: Option<String>,
    commercial: Option<String>,
    architectural: Option<String>,
    automotive: Option<String>,
    vlt_pct: Option<String>,
    uv_rejection_pct: Option<String>,
    tser_pct: Option<String>,
    thickness_mil: Option<String>,
    warranty_years: Option<String>,
    finish: Option<String>,
    active: Option<String>,
    sort_order: Option<String>,
    material_price: String,
    installation_price: String,
    valid_from: Option<String>,
    valid_until: Option<String>,
    lang: Option<String>,
) -> Result<String, AppError> {
    let session = require_session()?;
    let input = product_input(
        sku, name_es, name_en, description_es, description_en, category_id, product_type, waste_class, unit,
        [(Vertical::Residential, residential), (Vertical::Commercial, commercial), (Vertical::Architectural, architectural), (Vertical::Automotive, automotive)],
        [vlt_pct, uv_rejection_pct, tser_pct, thickness_mil, warranty_years, finish],
        active,
        sort_order,
    );
    let price = PriceInput {
        material_price,
        installation_price,
        valid_from: valid_from.unwrap_or_default(),
        valid_until: valid_until.unwrap_or_default(),
        typed: typed_in(lang),
    };
    let product = catalog()?
        .create_product(&session.user, &input, Some(&price))
        .await
        .map_err(|e| fail(keep(AppError::from(e), kept(&input, Some(&price)))))?;
    leptos_axum::redirect(&format!("/app/catalog/{}?saved=1", product.id));
    Ok(product.id)
}

/// Saves an edit made from `version` (a stale version is a conflict, nothing is written).
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_product")]
pub async fn update_product(
    id: String,
    version: i64,
    sku: String,
    name_es: String,
    name_en: Option<String>,
    description_es: Option<String>,
    description_en: Option<String>,
    category_id: Option<String>,
    product_type: String,
    waste_class: Option<String>,
    unit: String,
    residential: Option<String>,
    commercial: Option<String>,
    architectural: Option<String>,
    automotive: Option<String>,
    vlt_pct: Option<String>,
    uv_rejection_pct: Option<String>,
    tser_pct: Option<String>,
    thickness_mil: Option<String>,
    warranty_years: Option<String>,
    finish: Option<String>,
    active: Option<String>,
    sort_order: Option<String>,
) -> Result<i64, AppError> {
    let session = require_session()?;
    let input = product_input(
        sku, name_es, name_en, description_es, description_en, category_id, product_type, waste_class, unit,
        [(Vertical::Residential, residential), (Vertical::Commercial, commercial), (Vertical::Architectural, architectural), (Vertical::Automotive, automotive)],
        [vlt_pct, uv_rejection_pct, tser_pct, thickness_mil, warranty_years, finish],
        active,
        sort_order,
    );
    let product = catalog()?
        .update_product(&session.user, &id, version, &input)
        .await
        .map_err(|e| fail(keep(AppError::from(e), kept(&input, None))))?;
    leptos_axum::redirect(&format!("/app/catalog/{}?saved=1", product.id));
    Ok(product.version)
}

#[server(endpoint = "delete_product")]
pub async fn delete_product(id: String) -> Result<domain::Removal, AppError> {
    let session = require_session()?;
    let removal = catalog()?.delete_product(&session.user, &id).await.map_err(fail)?;
    leptos_axum::redirect(match removal {
        domain::Removal::Deleted => "/app/catalog?removed=deleted",
        domain::Removal::Deactivated => "/app/catalog?removed=deactivated",
    });
    Ok(removal)
}

/// Adds a price from today or a later day; the amounts are read as typed
/// on a page in `lang` (`domain::read_money`).
#[server(endpoint = "add_price")]
pub async fn add_price(
    id: String,
    material_price: String,
    installation_price: String,
    valid_from: Option<String>,
    valid_until: Option<String>,
    lang: Option<String>,
) -> Result<PriceRecord, AppError> {
    let session = require_session()?;
    let input = PriceInput {
        material_price,
        installation_price,
        valid_from: valid_from.unwrap_or_default(),
        valid_until: valid_until.unwrap_or_default(),
        typed: typed_in(lang),
    };
    let record = catalog()?.add_price(&session.user, &id, &input).await.map_err(|e| {
        fail(AppError::from(e).keeping(&[
            ("material_price", &input.material_price),
            ("installation_price", &input.installation_price),
            ("valid_from", &input.valid_from),
            ("valid_until", &input.valid_until),
        ]))
    })?;
    leptos_axum::redirect(&format!("/app/catalog/{id}?price=1"));
    Ok(record)
}

/// Withdraws a scheduled price, or today's if it was entered today (a mistake caught the same day).
#[server(endpoint = "withdraw_price")]
pub async fn withdraw_price(id: String, price_id: String) -> Result<(), AppError> {
    let session = require_session()?;
    catalog()?.withdraw_price(&session.user, &id, &price_id).await.map_err(fail)?;
    leptos_axum::redirect(&format!("/app/catalog/{id}"));
    Ok(())
}

#[server(endpoint = "create_category")]
pub async fn create_category(code: String, name_es: String, name_en: Option<String>) -> Result<Category, AppError> {
    let session = require_session()?;
    let name_en = name_en.unwrap_or_default();
    let category = catalog()?.create_category(&session.user, &code, &name_es, &name_en).await.map_err(|e| {
        fail(AppError::from(e).keeping(&[("code", &code), ("name_es", &name_es), ("name_en", &name_en)]))
    })?;
    leptos_axum::redirect("/app/catalog/tools?category=1");
    Ok(category)
}

/// A percentage change of a category's prices from a day; returns how many products changed.
#[server(endpoint = "change_category_prices")]
pub async fn change_category_prices(category_id: String, percent: String, valid_from: Option<String>) -> Result<usize, AppError> {
    let session = require_session()?;
    let valid_from = valid_from.unwrap_or_default();
    let n = catalog()?
        .change_prices_by_percent(&session.user, &category_id, &percent, &valid_from)
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("percent", &percent), ("valid_from", &valid_from), ("category_id", &category_id)])))?;
    leptos_axum::redirect(&format!("/app/catalog/tools?changed={n}"));
    Ok(n)
}

/// What importing this CSV would do; writes nothing.
#[server(endpoint = "preview_catalog_import")]
pub async fn preview_catalog_import(csv: String) -> Result<ImportPreview, AppError> {
    let session = require_session()?;
    catalog()?
        .preview_import(&session.user, &csv)
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("csv", &csv)])))
}

/// Imports the CSV if it has no error at all (all or nothing).
#[server(endpoint = "apply_catalog_import")]
pub async fn apply_catalog_import(csv: String) -> Result<ImportSummary, AppError> {
    let session = require_session()?;
    let counts = catalog()?
        .apply_import(&session.user, &csv)
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("csv", &csv)])))?;
    let summary = ImportSummary { created: counts.created, updated: counts.updated, prices: counts.prices };
    leptos_axum::redirect(&format!(
        "/app/catalog/import?created={}&updated={}&prices={}",
        summary.created, summary.updated, summary.prices
    ));
    Ok(summary)
}
