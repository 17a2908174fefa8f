//! `GET /media/{key}`: stored files (product photos and thumbnails). Keys
//! carry a random part, so a file is only found by whoever was given its link.
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{*key}", get(file))
}

async fn file(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Ok(key) = blob::BlobKey::new(key) else { return StatusCode::NOT_FOUND.into_response() };
    match state.catalog.blobs().get(&key).await {
        Ok(Some(blob)) => (
            [
                (header::CONTENT_TYPE, blob.content_type),
                // A key never changes content: a new photo gets a new key.
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable".to_owned()),
            ],
            blob.bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, key = %key, "reading a stored file failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
