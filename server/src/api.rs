//! The REST API under `/api/v1`, described by `/api/v1/openapi.json`.

mod actor;
mod api_keys;
mod calculate;
mod catalog_files;
mod error;
mod openapi;
mod prices;
mod products;
mod quote_json;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};

pub use error::ApiError;
pub(crate) use actor::bearer_token;
pub use quote_json::{ParsedQuote, parse_quote_request};

use crate::state::AppState;

/// Every route of the API, relative to `/api/v1`, as the OpenAPI document must list it.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/quotations/calculate"),
    ("get", "/orgs/{slug}/products"),
    ("get", "/products"),
    ("post", "/products"),
    ("get", "/products/categories"),
    ("get", "/products/by-vertical/{vertical}"),
    ("get", "/products/export"),
    ("post", "/products/import"),
    ("post", "/products/categories/{id}/price-change"),
    ("get", "/products/{id}"),
    ("put", "/products/{id}"),
    ("delete", "/products/{id}"),
    ("get", "/products/{id}/prices"),
    ("post", "/products/{id}/prices"),
    ("delete", "/products/{id}/prices/{price_id}"),
    ("put", "/products/{id}/photo"),
    ("post", "/products/{id}/photo"),
    ("delete", "/products/{id}/photo"),
    ("get", "/api-keys"),
    ("post", "/api-keys"),
    ("delete", "/api-keys/{id}"),
    ("get", "/openapi.json"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quotations/calculate", post(calculate::calculate))
        .route("/orgs/{slug}/products", get(products::list_public))
        .route("/products", get(products::list).post(products::create))
        .route("/products/categories", get(products::categories))
        .route("/products/by-vertical/{vertical}", get(products::by_vertical))
        .route("/products/export", get(catalog_files::export))
        .route("/products/import", post(catalog_files::import))
        .route("/products/categories/{id}/price-change", post(prices::change_category))
        .route("/products/{id}", get(products::get).put(products::update).delete(products::delete))
        .route("/products/{id}/prices", get(prices::history).post(prices::add))
        .route("/products/{id}/prices/{price_id}", delete(prices::withdraw))
        .route(
            "/products/{id}/photo",
            put(catalog_files::upload_photo)
                .post(catalog_files::upload_photo)
                .delete(catalog_files::delete_photo)
                // A multipart form carries the photo plus a little framing.
                .layer(DefaultBodyLimit::max(catalog::PHOTO_MAX_BYTES + 64 * 1024)),
        )
        .route("/api-keys", get(api_keys::list).post(api_keys::create))
        .route("/api-keys/{id}", delete(api_keys::revoke))
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { ApiError::NotFound })
}
