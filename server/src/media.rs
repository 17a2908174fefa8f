//! `GET /media/{key}`: public catalog photos and their thumbnails, and
//! organisations' logos, unsigned and cacheable by anyone — and nothing else.
//!
//! Only keys of these two namespaces are served here:
//! `orgs/{org}/products/{product}/{name}.{jpg|png|webp}`, which
//! `catalog::Catalog::set_photo` writes and nothing else does, and
//! `orgs/{org}/logo/{name}.{jpg|png|webp}` (`Catalog::set_logo`). Every other
//! stored file (quote videos, thumbnails, 360° sources and frames) is private
//! and reachable only through a signed, expiring `/files/…` link
//! (`files.rs`): here it is 404, exactly like a missing file, so a key taken
//! from one link does not open its neighbours.
//!
//! On local disk the photo is streamed (never read whole into memory) with
//! `Range` support (206); from S3 it is read through the storage API.
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use blob::BlobKey;
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

use crate::state::AppState;

/// A key never changes content (a new photo gets a new key): any cache may
/// keep a public photo for a year.
const PUBLIC_IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{*key}", get(file))
}

/// Whether `key` names a public catalog photo (or its thumbnail),
/// `orgs/{org}/products/{product}/{name}.{jpg|png|webp}`, or an
/// organisation's logo, `orgs/{org}/logo/{name}.{jpg|png|webp}`.
pub fn is_public_photo_key(key: &str) -> bool {
    let parts: Vec<&str> = key.split('/').collect();
    let image = |name: &str| {
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        !stem.is_empty() && matches!(extension, "jpg" | "png" | "webp")
    };
    match parts.as_slice() {
        ["orgs", org, "products", product, name] => !org.is_empty() && !product.is_empty() && image(name),
        ["orgs", org, "logo", name] => !org.is_empty() && image(name),
        _ => false,
    }
}

async fn file(State(state): State<AppState>, Path(key): Path<String>, request: Request) -> Response {
    if !is_public_photo_key(&key) {
        return not_found();
    }
    let Ok(key) = BlobKey::new(key) else { return not_found() };
    let blobs = state.catalog.blobs();
    let info = match blobs.head(&key).await {
        Ok(Some(info)) => info,
        Ok(None) => return not_found(),
        Err(e) => return failed(&key, &e),
    };
    let mut response = match blobs.local_path(&key) {
        Some(path) => {
            let Ok(response) = ServeFile::new(path).oneshot(request).await;
            response.map(Body::new)
        }
        None => match blobs.get(&key).await {
            Ok(Some(blob)) => blob.bytes.into_response(),
            Ok(None) => return not_found(),
            Err(e) => return failed(&key, &e),
        },
    };
    if response.status().is_success() {
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&info.content_type) {
            headers.insert(header::CONTENT_TYPE, value);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_IMMUTABLE));
    }
    response
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], "no such file\n").into_response()
}

fn failed(key: &BlobKey, e: &blob::BlobError) -> Response {
    tracing::error!(error = %e, key = %key, "reading a stored photo failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "the file cannot be read right now\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::is_public_photo_key;

    #[test]
    fn only_catalog_photos_are_public() {
        for public in [
            "orgs/o1/products/p1/0f3c.jpg",
            "orgs/o1/products/p1/0f3c-thumb.jpg",
            "orgs/o/products/p/x.png",
            "orgs/o/products/p/x.webp",
            "orgs/o1/logo/0f3c.png",
            "orgs/o1/logo/0f3c-small.jpg",
        ] {
            assert!(is_public_photo_key(public), "{public}");
        }
        for private in [
            "orgs/o1/videos/j1/1-abc.mp4",
            "orgs/o1/videos/j1/1-abc.jpg",
            "orgs/o1/video360/j1/source.mp4",
            "orgs/o1/video360/j1/1-tok/frame-01.jpg",
            "orgs/o1/products/p1/sub/x.jpg",
            "orgs/o1/products/p1/x.mp4",
            "orgs/o1/products/p1/.jpg",
            "orgs//products/p1/x.jpg",
            "products/p1/x.jpg",
            "orgs/o1/products/p1",
            "orgs/o1/logo/x.mp4",
            "orgs/o1/logo/sub/x.jpg",
            "orgs//logo/x.jpg",
            "orgs/o1/logo/.jpg",
        ] {
            assert!(!is_public_photo_key(private), "{private}");
        }
    }
}
