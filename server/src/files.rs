//! `GET /files/{key}?exp=…&sig=…`: stored files (rendered videos, their
//! thumbnails…) behind signed, expiring links made by
//! [`blob::Blobs::download_url`], so a customer's phone can fetch one file
//! without logging in, and only until the link expires.
//!
//! - altered or incomplete link: 403; genuine but expired: 410; no such
//!   file: 404 (plain-text bodies);
//! - local disk: the file with its stored content type, `Content-Length`,
//!   `Accept-Ranges` and HTTP range support (206), which phones' video
//!   players need, through tower-http's `ServeFile`;
//! - S3: links normally point at the bucket directly; a `/files/` link that
//!   reaches us anyway is redirected (307) to a fresh presigned URL.
//!
//! Also here: [`open_storage`], which builds the server's [`blob::Blobs`]
//! from `STORAGE_URL` and the link signing key.

use std::path::Path as FsPath;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use blob::{BlobKey, Blobs, LinkError};
use serde::Deserialize;
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

use crate::config::Config;
use crate::state::AppState;

/// Name of the file under `DATA_DIR` keeping the generated link signing key.
pub const LINK_KEY_FILE: &str = "link-signing.key";

/// Shortest lifetime of the presigned URL a `/files/` link is redirected to
/// on S3 (the link itself may be about to expire).
const MIN_REDIRECT_TTL: Duration = Duration::from_secs(60);

pub fn router() -> Router<AppState> {
    Router::new().route("/files/{*key}", get(download))
}

#[derive(Deserialize)]
struct LinkQuery {
    exp: Option<String>,
    sig: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<LinkQuery>, QueryRejection>,
    request: Request,
) -> Response {
    let (exp, sig) = match query {
        Ok(Query(q)) => (q.exp.unwrap_or_default(), q.sig.unwrap_or_default()),
        // Unparseable query (e.g. a repeated parameter): not a link of ours.
        Err(_) => (String::new(), String::new()),
    };
    let now = blob::now_unix();
    let key = match state.blobs.verify_link(&key, &exp, &sig, now) {
        Ok(key) => key,
        Err(e @ LinkError::Tampered) => return refused(StatusCode::FORBIDDEN, e),
        Err(e @ LinkError::Expired) => return refused(StatusCode::GONE, e),
    };
    // Verified, so `exp` is a number; browsers may keep the file until then.
    let remaining = exp.parse::<i64>().map_or(0, |exp| exp.saturating_sub(now).max(0));
    let info = match state.blobs.head(&key).await {
        Ok(Some(info)) => info,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such file\n").into_response(),
        Err(e) => return storage_failed(&key, &e),
    };
    match state.blobs.local_path(&key) {
        Some(path) => serve_local(&path, &info.content_type, remaining, request).await,
        None => redirect_to_bucket(&state.blobs, &key, remaining, now).await,
    }
}

/// The file, with range support, its stored content type and a private
/// cache lifetime that ends with the link.
async fn serve_local(path: &FsPath, content_type: &str, remaining: i64, request: Request) -> Response {
    let Ok(response) = ServeFile::new(path).oneshot(request).await;
    let mut response = response.map(Body::new);
    let success = response.status().is_success();
    let headers = response.headers_mut();
    if success {
        // The type given when storing, not a guess from the extension.
        if let Ok(value) = HeaderValue::from_str(content_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&format!("private, max-age={remaining}")) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    response
}

async fn redirect_to_bucket(blobs: &Blobs, key: &BlobKey, remaining: i64, now: i64) -> Response {
    let ttl = Duration::from_secs(u64::try_from(remaining).unwrap_or(0)).max(MIN_REDIRECT_TTL);
    match blobs.download_url(key, ttl, now).await {
        Ok(url) => match HeaderValue::from_str(&url) {
            Ok(location) => (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            )
                .into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Err(e) => storage_failed(key, &e),
    }
}

fn refused(status: StatusCode, e: LinkError) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], format!("{e}\n")).into_response()
}

fn storage_failed(key: &BlobKey, e: &blob::BlobError) -> Response {
    tracing::error!(error = %e, key = %key, "serving a stored file failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "the file cannot be read right now\n").into_response()
}

/// The server's file storage: `STORAGE_URL` (empty: `DATA_DIR/files`),
/// signing links with `LINK_SIGNING_KEY`, else with the key kept in
/// `DATA_DIR/link-signing.key` (generated on first start, so links survive
/// restarts). The error says what to fix.
pub fn open_storage(config: &Config) -> Result<Blobs, String> {
    let blobs = Blobs::from_url(&config.storage_url, config.data_dir.join("files"))
        .map_err(|e| format!("STORAGE_URL: {e}"))?;
    let key = match &config.link_signing_key {
        Some(secret) => secret.0.clone(),
        None => blob::load_or_create_link_signing_key(&config.data_dir.join(LINK_KEY_FILE))
            .map_err(|e| format!("{e} (or set LINK_SIGNING_KEY)"))?,
    };
    let blobs = blobs.with_link_signing_key(key.as_bytes()).map_err(|e| format!("link signing key: {e}"))?;
    tracing::info!(storage = ?blobs, "file storage ready");
    Ok(blobs)
}
