use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI 3.1 document of `/api/v1`, kept beside the code it describes;
/// a test checks that it lists every route of [`super::ROUTES`].
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
