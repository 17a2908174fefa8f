//! The REST API under `/api/v1`, described by `/api/v1/openapi.json`.

mod actor;
mod api_keys;
mod automotive_json;
mod calculate;
mod catalog_files;
mod error;
mod openapi;
mod prices;
mod products;
mod properties;
mod quotation_json;
mod quotation_view;
mod quotations;
mod quote_json;
mod vehicles;
mod video360;
mod video_renders;

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
    ("get", "/quotations"),
    ("post", "/quotations"),
    ("post", "/quotations/residential"),
    ("post", "/quotations/commercial"),
    ("post", "/quotations/automotive"),
    ("get", "/quotations/{id}"),
    ("put", "/quotations/{id}"),
    ("delete", "/quotations/{id}"),
    ("post", "/quotations/{id}/send"),
    ("post", "/quotations/{id}/confirm"),
    ("post", "/quotations/{id}/reject"),
    ("get", "/quotations/{id}/pdf"),
    ("get", "/properties"),
    ("get", "/properties/{id}/rooms"),
    ("post", "/properties/{id}/rooms"),
    ("get", "/rooms/{id}"),
    ("put", "/rooms/{id}"),
    ("delete", "/rooms/{id}"),
    ("get", "/rooms/{id}/openings"),
    ("post", "/rooms/{id}/openings"),
    ("get", "/openings/{id}"),
    ("put", "/openings/{id}"),
    ("delete", "/openings/{id}"),
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
    ("get", "/automotive/catalog"),
    ("get", "/vehicles"),
    ("post", "/vehicles"),
    ("get", "/vehicles/decode-vin/{vin}"),
    ("get", "/vehicles/{id}"),
    ("put", "/vehicles/{id}"),
    ("delete", "/vehicles/{id}"),
    ("get", "/api-keys"),
    ("post", "/api-keys"),
    ("delete", "/api-keys/{id}"),
    ("get", "/openapi.json"),
];

/// The video routes, relative to `/api` (outside `/api/v1`, as the product
/// has always named them); in the same OpenAPI document with their own server.
pub const VIDEO_ROUTES: &[(&str, &str)] = &[
    ("get", "/video-renders"),
    ("post", "/video-renders/quotes/{quoteId}"),
    ("get", "/video-renders/{jobId}"),
    ("post", "/video-renders/{jobId}/retry"),
    ("get", "/video-renders/{jobId}/download"),
    ("get", "/videos"),
    ("get", "/videos/{id}"),
    ("get", "/video360/jobs"),
    ("post", "/video360/jobs"),
    ("post", "/video360/jobs/upload"),
    ("get", "/video360/jobs/{id}"),
    ("post", "/video360/jobs/{id}/cancel"),
    ("post", "/video360/jobs/{id}/retry"),
    ("get", "/video360/vehicles/{vehicleId}/view"),
    ("get", "/providers"),
];

/// The upload route: exempt from the 30 s request timeout (a phone sends
/// 500 MB slowly) and from the default body limit (the handler streams and
/// counts).
pub const VIDEO360_UPLOAD_PATH: &str = "/api/video360/jobs/upload";

/// [`VIDEO_ROUTES`] at their full paths (`/api/…`), merged beside `/api/v1`.
pub fn video_router() -> Router<AppState> {
    Router::new()
        .route("/api/video-renders", get(video_renders::jobs))
        .route("/api/video-renders/quotes/{quote_id}", post(video_renders::request))
        .route("/api/video-renders/{job_id}", get(video_renders::get))
        .route("/api/video-renders/{job_id}/retry", post(video_renders::retry))
        .route("/api/video-renders/{job_id}/download", get(video_renders::download))
        .route("/api/videos", get(video_renders::list))
        .route("/api/videos/{id}", get(video_renders::one))
        .route("/api/video360/jobs", get(video360::list).post(video360::from_url))
        .route(VIDEO360_UPLOAD_PATH, post(video360::upload).layer(DefaultBodyLimit::disable()))
        .route("/api/video360/jobs/{id}", get(video360::get))
        .route("/api/video360/jobs/{id}/cancel", post(video360::cancel))
        .route("/api/video360/jobs/{id}/retry", post(video360::retry))
        .route("/api/video360/vehicles/{vehicle_id}/view", get(video360::view))
        .route("/api/providers", get(video360::providers))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quotations/calculate", post(calculate::calculate))
        .route("/quotations", get(quotations::list).post(quotations::create))
        .route("/quotations/residential", post(quotations::create_residential))
        .route("/quotations/commercial", post(quotations::create_commercial))
        .route("/quotations/automotive", post(quotations::create_automotive))
        .route("/quotations/{id}", get(quotations::get).put(quotations::update).delete(quotations::delete))
        .route("/quotations/{id}/send", post(quotations::send))
        .route("/quotations/{id}/confirm", post(quotations::confirm))
        .route("/quotations/{id}/reject", post(quotations::reject))
        .route("/quotations/{id}/pdf", get(quotations::pdf))
        .route("/properties", get(properties::list))
        .route("/properties/{id}/rooms", get(properties::rooms).post(properties::add_room))
        .route("/rooms/{id}", get(properties::room).put(properties::update_room).delete(properties::delete_room))
        .route("/rooms/{id}/openings", get(properties::openings).post(properties::add_opening))
        .route("/openings/{id}", get(properties::opening).put(properties::update_opening).delete(properties::delete_opening))
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
        .route("/automotive/catalog", get(quotations::automotive_catalog))
        .route("/vehicles", get(vehicles::list).post(vehicles::create))
        .route("/vehicles/decode-vin/{vin}", get(vehicles::decode_vin))
        .route("/vehicles/{id}", get(vehicles::get).put(vehicles::update).delete(vehicles::delete))
        .route("/api-keys", get(api_keys::list).post(api_keys::create))
        .route("/api-keys/{id}", delete(api_keys::revoke))
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { ApiError::NotFound })
}
