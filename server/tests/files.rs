//! `GET /files/{key}`: signed, expiring download links served by the real
//! router on a random port (local-disk storage in a fresh folder, SQLite).
//! Like tests/api's TestApp, but keeping the server's state so the test can
//! store files and make links through the very `Blobs` the server uses.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use blob::{BlobKey, Blobs};
use reqwest::StatusCode;
use server::{AppState, Config};
use tokio::sync::oneshot;

const LINK_KEY: &str = "files-test-signing-key-0123456789abcdef";

struct FilesApp {
    addr: std::net::SocketAddr,
    state: AppState,
    client: reqwest::Client,
    data_dir: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
}

impl FilesApp {
    async fn spawn(link_key: Option<&str>) -> FilesApp {
        let data_dir = std::env::temp_dir().join(format!("cotiza-files-test-{}", uuid_like()));
        std::fs::create_dir_all(&data_dir).expect("data dir");
        let mut vars = HashMap::from([
            ("DATA_DIR".to_owned(), data_dir.display().to_string()),
            ("LEPTOS_SITE_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
            ("SEED_DEMO".to_owned(), "false".to_owned()),
        ]);
        if let Some(key) = link_key {
            vars.insert("LINK_SIGNING_KEY".to_owned(), key.to_owned());
        }
        let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("config");
        let running = server::start(config).await.expect("server starts");
        let addr = running.local_addr();
        let state = running.state.clone();
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(running.serve_until(async {
            let _ = rx.await;
        }));
        FilesApp { addr, state, client: reqwest::Client::new(), data_dir, shutdown: Some(tx) }
    }

    fn blobs(&self) -> &Blobs {
        &self.state.blobs
    }

    async fn get(&self, path_and_query: &str, range: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("http://{}{path_and_query}", self.addr));
        if let Some(range) = range {
            request = request.header("range", range);
        }
        request.send().await.expect("request")
    }
}

impl Drop for FilesApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// A unique enough name part without a uuid dependency.
fn uuid_like() -> String {
    blob::new_link_signing_key().replace(['-', '_'], "x")
}

fn video_bytes() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 253) as u8).collect()
}

#[tokio::test]
async fn signed_links_serve_files_with_ranges_and_refuse_the_rest() {
    let app = FilesApp::spawn(Some(LINK_KEY)).await;
    let key = BlobKey::new("orgs/1/videos/v1.mp4").expect("key");
    let bytes = video_bytes();
    app.blobs().put(&key, &bytes, "video/mp4").await.expect("store the video");
    let now = blob::now_unix();
    let link = app.blobs().download_url(&key, Duration::from_secs(3600), now).await.expect("link");
    assert!(link.starts_with("/files/orgs/1/videos/v1.mp4?exp="), "{link}");

    // The whole file, with its type, length and a private cache lifetime.
    let response = app.get(&link, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "video/mp4");
    assert_eq!(headers["content-length"], bytes.len().to_string().as_str());
    assert_eq!(headers["accept-ranges"], "bytes");
    let cache = headers["cache-control"].to_str().expect("ascii");
    let max_age: i64 = cache.strip_prefix("private, max-age=").expect(cache).parse().expect("seconds");
    assert!((3590..=3600).contains(&max_age), "{cache}");
    assert!(response.bytes().await.expect("body") == bytes);

    // A range, as a phone's video player asks: 206 with just that slice.
    let response = app.get(&link, Some("bytes=1000-1999")).await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(response.headers()["content-range"], format!("bytes 1000-1999/{}", bytes.len()).as_str());
    assert_eq!(response.headers()["content-length"], "1000");
    assert_eq!(response.headers()["content-type"], "video/mp4");
    assert!(response.bytes().await.expect("body") == bytes[1000..2000]);
    let response = app.get(&link, Some("bytes=-500")).await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert!(response.bytes().await.expect("body") == bytes[bytes.len() - 500..]);

    // A browser offering gzip still gets the video as it is: compressing it
    // would waste CPU and break its ranges.
    let response = app.client.get(format!("http://{}{link}", app.addr)).header("accept-encoding", "gzip, br").send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("content-encoding"), None);
    assert_eq!(response.headers()["content-length"], bytes.len().to_string().as_str());

    // Tampered: another file, another expiry, another signature, parts missing.
    let other_file = link.replace("/v1.mp4?", "/v2.mp4?");
    let (path, query) = link.split_once('?').expect("query");
    let exp = query.split('&').find_map(|p| p.strip_prefix("exp=")).expect("exp");
    let sig = query.split('&').find_map(|p| p.strip_prefix("sig=")).expect("sig");
    let later = (exp.parse::<i64>().expect("exp") + 86_400).to_string();
    let forged = [
        other_file,
        link.replace(&format!("exp={exp}"), &format!("exp={later}")),
        link.replace(sig, &sig.chars().rev().collect::<String>()),
        path.to_owned(),
        format!("{path}?exp={exp}"),
        format!("{path}?sig={sig}"),
        // Not a valid key once decoded (a space).
        format!("/files/orgs/1/videos/v1%20.mp4?exp={exp}&sig={sig}"),
    ];
    for forged in forged {
        let response = app.get(&forged, None).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{forged}");
        assert_eq!(response.text().await.expect("body"), "this link is not valid\n");
    }

    // Expired: genuine, but its time is over.
    let expired = app.blobs().download_url(&key, Duration::from_secs(60), now - 3600).await.expect("link");
    let response = app.get(&expired, None).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(response.text().await.expect("body"), "this link has expired\n");

    // Missing: a genuine link to nothing (deleted since, or never stored).
    let gone = BlobKey::new("orgs/1/videos/deleted.mp4").expect("key");
    let response = app.get(&app.blobs().download_url(&gone, Duration::from_secs(60), now).await.expect("link"), None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    app.blobs().delete(&key).await.expect("delete");
    assert_eq!(app.get(&link, None).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_generated_signing_key_outlives_a_restart() {
    // No LINK_SIGNING_KEY: the first start writes DATA_DIR/link-signing.key.
    let first = FilesApp::spawn(None).await;
    let key_file = first.data_dir.join("link-signing.key");
    let saved = std::fs::read_to_string(&key_file).expect("the key file was created");
    assert!(saved.trim().len() >= 32, "{saved:?}");
    let key = BlobKey::new("thumbs/t.jpg").expect("key");
    first.blobs().put(&key, b"jpeg", "image/jpeg").await.expect("put");
    let link = first.blobs().download_url(&key, Duration::from_secs(600), blob::now_unix()).await.expect("link");

    // A second server on the same data folder accepts the first one's link.
    let vars = HashMap::from([
        ("DATA_DIR".to_owned(), first.data_dir.display().to_string()),
        ("LEPTOS_SITE_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("SEED_DEMO".to_owned(), "false".to_owned()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("config");
    let second = server::start(config).await.expect("second server starts");
    let path = link.trim_start_matches("/files/");
    let (key_part, query) = path.split_once('?').expect("query");
    let exp = query.split('&').find_map(|p| p.strip_prefix("exp=")).expect("exp");
    let sig = query.split('&').find_map(|p| p.strip_prefix("sig=")).expect("sig");
    assert_eq!(second.state.blobs.verify_link(key_part, exp, sig, blob::now_unix()), Ok(key));
    assert_eq!(std::fs::read_to_string(&key_file).expect("key file"), saved, "the key was kept, not replaced");
    let response = first.get(&link, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
}
