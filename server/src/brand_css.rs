//! `GET /brand/{rrggbb}.css`: the colours of an organisation's public frame
//! ([`app::brand::brand_stylesheet`]). A file rather than a `<style>`: the
//! page CSP refuses inline styles, and a `<style>` added by a client-side
//! navigation carries no nonce. It names a colour, not an organisation, so
//! it reveals nothing and is cached for a year.
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/brand/{file}", get(stylesheet))
}

async fn stylesheet(Path(file): Path<String>) -> Response {
    match app::brand::brand_stylesheet(&file) {
        Some(css) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            css,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
