//! `/media/{key}` serves public catalog photos only: every other stored file
//! (quote videos, 360° sources and frames) is 404 there, whatever its key,
//! and reachable only through a valid, unexpired `/files/…` signature, never
//! with a `public` cache lifetime.
use std::time::Duration;

use blob::{BlobKey, Blobs};
use reqwest::StatusCode;
use serde_json::Value;

use crate::app_test;
use crate::catalog::{create, film, png};
use crate::test_app::TestApp;

/// The test server's storage (`DATA_DIR` is the temp folder) with its link key.
fn storage() -> Blobs {
    let dir = std::env::temp_dir();
    let key = blob::load_or_create_link_signing_key(&dir.join(server::files::LINK_KEY_FILE)).expect("the server's link key");
    Blobs::local(dir.join("files")).with_link_signing_key(key.as_bytes()).expect("signer")
}

async fn get(app: &TestApp, path: &str, range: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(range) = range {
        request = request.header("range", range);
    }
    request.send().await.expect("request")
}

fn cache_control(response: &reqwest::Response) -> String {
    response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

app_test! {
    async fn private_files_need_a_signed_link_and_photos_stay_public(app) {
        // A catalog photo: public, cacheable, streamed with ranges.
        let admin = app.sign_up("media-public").await;
        let product = create(&app, &admin, film("MEDIA-1")).await;
        let id = product["id"].as_str().expect("id");
        let stored: Value = app.client.put(app.url(&format!("/api/v1/products/{id}/photo")))
            .header("cookie", format!("cotiza_session={admin}")).header("content-type", "image/png").body(png(800, 400))
            .send().await.expect("upload").json().await.expect("json");
        for key in [stored["thumb_key"].as_str().expect("thumb"), stored["photo_key"].as_str().expect("photo")] {
            let whole = get(&app, &format!("/media/{key}"), None).await;
            assert_eq!(whole.status(), StatusCode::OK, "{key}");
            assert_eq!(cache_control(&whole), "public, max-age=31536000, immutable");
            let length = whole.bytes().await.expect("bytes").len();
            let part = get(&app, &format!("/media/{key}"), Some("bytes=0-9")).await;
            assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "{key}");
            assert_eq!(part.headers().get("content-range").and_then(|v| v.to_str().ok()), Some(format!("bytes 0-9/{length}").as_str()));
            assert_eq!(part.bytes().await.expect("bytes").len(), 10);
        }

        // Private files of the same organisation, stored where the product puts them.
        let org = app.db.org_by_slug("media-public").await.expect("lookup").expect("org");
        let job = uuid::Uuid::new_v4();
        let blobs = storage();
        let private = [
            format!("orgs/{}/video360/{job}/source.mp4", org.id.as_str()),
            format!("orgs/{}/video360/{job}/1-tok/frame-01.jpg", org.id.as_str()),
            format!("orgs/{}/videos/{job}/1-tok.mp4", org.id.as_str()),
            format!("orgs/{}/videos/{job}/1-tok.jpg", org.id.as_str()),
        ];
        for key in &private {
            let blob_key = BlobKey::new(key.clone()).expect("key");
            blobs.put(&blob_key, b"private bytes of a customer", "video/mp4").await.expect("store");
            let unsigned = get(&app, &format!("/media/{key}"), None).await;
            assert_eq!(unsigned.status(), StatusCode::NOT_FOUND, "/media/{key} must not serve a private file");
            assert!(!cache_control(&unsigned).contains("public"), "{key}");
            let missing = get(&app, &format!("/media/orgs/{}/videos/{}/1-tok.mp4", org.id.as_str(), uuid::Uuid::new_v4()), None).await;
            assert_eq!(missing.status(), StatusCode::NOT_FOUND, "a private file answers like a missing one");

            // A valid link serves it, privately; an expired one is 410.
            let link = blobs.download_url(&blob_key, Duration::from_secs(600), blob::now_unix()).await.expect("link");
            let signed = get(&app, &link, None).await;
            assert_eq!(signed.status(), StatusCode::OK, "{link}");
            let cache = cache_control(&signed);
            assert!(cache.starts_with("private") && !cache.contains("public"), "{cache}");
            assert_eq!(signed.bytes().await.expect("bytes").as_ref(), b"private bytes of a customer");
            let expired = blobs.download_url(&blob_key, Duration::from_secs(60), blob::now_unix() - 3600).await.expect("old link");
            assert_eq!(get(&app, &expired, None).await.status(), StatusCode::GONE);
            blobs.delete(&blob_key).await.expect("clean up");
        }
    }
}
