//! The REST API under `/api/v1`, described by `/api/v1/openapi.json`.

mod calculate;
mod error;
mod openapi;
mod products;
mod quote_json;

use axum::Router;
use axum::routing::{get, post};

pub use error::ApiError;
pub use quote_json::{ParsedQuote, parse_quote_request};

use crate::state::AppState;

/// Every route of the API, relative to `/api/v1`, as the OpenAPI document must list it.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/quotations/calculate"),
    ("get", "/orgs/{slug}/products"),
    ("get", "/openapi.json"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quotations/calculate", post(calculate::calculate))
        .route("/orgs/{slug}/products", get(products::list_public))
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { ApiError::NotFound })
}
